//! `tenure import FILE… [--plugin ID] [--kind KIND] [--map FIELD=COLUMN]…
//! [--dry-run] [--skip-invalid] [--json]`.
//!
//! Exit codes (cli.md): 0 nothing rejected, 1 rows rejected (nothing written
//! unless `--skip-invalid`), 2 a file could not be read at all. With several
//! files, the highest code of any file.

use super::{Cli, CliError};
use crate::importing::pipeline::{FileReport, ImportSettings, Progress, locate};
use crate::importing::service::{self, Control, FileJob};
use crate::importing::{PluginHost, Severity};
use crate::store::Store;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ImportArgs {
    /// The files to import (several are imported in dependency order, each in its own transaction).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The plugin to read the files with (default: the one that recognises each file best).
    #[arg(long, value_name = "ID")]
    pub plugin: Option<String>,
    /// The record kind of every row (account, mrr, …), when the plugin cannot tell.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Reads FIELD from COLUMN (repeatable; a column may feed several fields). Saved for files with the same headers.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// Maps a value of a field, e.g. --map-value status:Sim=churned (repeatable). Saved with --map.
    #[arg(long = "map-value", value_name = "FIELD:VALUE=CANONICAL")]
    pub map_value: Vec<String>,
    /// Shows the report and writes nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Imports the valid rows and skips the rejected ones (recorded in the history).
    #[arg(long)]
    pub skip_invalid: bool,
    /// The system the records come from; external ids are unique within it (default: import).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// `en` or `pt-BR`: how ambiguous dates like 03/04/2025 are read.
    #[arg(long, value_name = "LOCALE")]
    pub locale: Option<String>,
    /// Prints one JSON object per file (cli.md) instead of text.
    #[arg(long)]
    pub json: bool,
    /// The date of records whose file gives none (a survey export without dates); a date column still wins.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

fn parse_settings(args: &ImportArgs) -> Result<ImportSettings, CliError> {
    let mut map = Vec::new();
    for m in &args.map {
        match m.split_once('=') {
            Some((field, column)) if !field.trim().is_empty() && !column.trim().is_empty() => {
                map.push((field.trim().to_string(), column.trim().to_string()));
            }
            _ => {
                return Err(CliError::new(format!(
                    "`--map {m}` is not of the form FIELD=COLUMN (for example --map mrr=\"Receita mensal\")"
                )));
            }
        }
    }
    let mut value_map: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for m in &args.map_value {
        let parsed = m
            .split_once(':')
            .and_then(|(field, rest)| rest.split_once('=').map(|(from, to)| (field, from, to)))
            .filter(|(field, _, to)| !field.trim().is_empty() && !to.trim().is_empty());
        match parsed {
            Some((field, from, to)) => {
                value_map
                    .entry(field.trim().to_string())
                    .or_default()
                    .insert(from.to_string(), to.trim().to_string());
            }
            None => {
                return Err(CliError::new(format!(
                    "`--map-value {m}` is not of the form FIELD:VALUE=CANONICAL (for example --map-value status:Sim=churned)"
                )));
            }
        }
    }
    if let Some(date) = &args.date {
        let Some(day) = crate::domain::Date::parse_iso(date.trim()).ok() else {
            return Err(CliError::new(format!(
                "`--date {date}` is not a date; write it as YYYY-MM-DD (for example --date 2025-03-31)"
            )));
        };
        crate::importing::undated::give_date(&mut value_map, day);
    }
    let mut settings = ImportSettings {
        plugin: args.plugin.clone(),
        kind: args.kind.clone(),
        map,
        value_map,
        locale: args.locale.clone(),
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        source: args.source.clone(),
        ..ImportSettings::default()
    };
    // How long a plugin may go without a sign of life (issue 20; docs/plugins.md).
    settings.stall_timeout = std::env::var("TENURE_PLUGIN_STALL_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .filter(|d| !d.is_zero());
    Ok(settings)
}

pub fn run(cli: &Cli, args: &ImportArgs) -> Result<ExitCode, CliError> {
    let mut store = cli.open_store()?;
    let host = PluginHost::discover();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Progress on a terminal only (scripts and --json get clean output).
    let show = !args.json && std::io::IsTerminal::is_terminal(&stderr);
    let started = std::time::Instant::now();
    let mut last = std::time::Instant::now();
    let mut shown = false;
    let mut progress = |p: Progress| {
        if !show
            || started.elapsed() < std::time::Duration::from_secs(1)
            || last.elapsed() < std::time::Duration::from_millis(200)
        {
            return;
        }
        last = std::time::Instant::now();
        shown = true;
        let percent = p
            .done
            .saturating_mul(100)
            .checked_div(p.total)
            .map(|pc| format!("{:>3}% ", pc.min(100)))
            .unwrap_or_default();
        eprint!(
            "\rfile {}/{}: {percent}{} records read   ",
            p.file + 1,
            p.files,
            p.records
        );
    };
    let cancel = cancel_on_ctrl_c();
    let code = run_inner(
        &mut store,
        &host,
        args,
        &mut stdout.lock(),
        &mut std::io::stderr(),
        &mut progress,
        Some(cancel),
    );
    if shown {
        eprint!("\r{:60}\r", "");
    }
    Ok(ExitCode::from(code?))
}

/// Ctrl-C cancels the import: the plugin is told to stop at its next batch
/// and the file's transaction is rolled back, so nothing is written. A
/// second Ctrl-C quits at once (SQLite rolls back the open transaction).
fn cancel_on_ctrl_c() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let installed = ctrlc::set_handler(move || {
        if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!(
            "\nCancelling the import; nothing will be written. Press Ctrl-C again to quit at once."
        );
    });
    // Without a handler Ctrl-C still ends the process, and SQLite rolls
    // back the open transaction: nothing is written either way.
    let _ = installed;
    cancel
}

/// The command with its store, plugins and outputs given (tests use this).
pub fn run_with(
    store: &mut Store,
    host: &PluginHost,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CliError> {
    run_inner(store, host, args, out, err, &mut |_| {}, None)
}

fn run_inner(
    store: &mut Store,
    host: &PluginHost,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: &mut dyn FnMut(Progress),
    cancel: Option<Arc<AtomicBool>>,
) -> Result<u8, CliError> {
    let settings = parse_settings(args)?;
    let cancel = cancel.unwrap_or_else(|| Arc::new(AtomicBool::new(false)));
    let jobs: Vec<FileJob> = args
        .files
        .iter()
        .map(|path| FileJob::new(path.clone(), settings.clone()))
        .collect();
    let reports = service::import(store, host, &jobs, &mut Control::new(cancel, progress));
    let code = reports.iter().map(|r| r.exit_code).max().unwrap_or(0);
    let io = |e: std::io::Error| CliError::new(format!("cannot write the report: {e}"));
    if args.json {
        for report in &reports {
            let mut value = serde_json::to_value(report).unwrap_or_default();
            // cli.md names the key `kind`(s): give both for one-kind files.
            if let Some(obj) = value.as_object_mut()
                && report.kinds.len() == 1
            {
                obj.insert("kind".into(), serde_json::json!(report.kinds[0]));
            }
            writeln!(out, "{value}").map_err(io)?;
        }
        for report in reports.iter().filter(|r| r.exit_code == 2) {
            for p in report
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Fatal)
            {
                writeln!(err, "{}", p.message).map_err(io)?;
            }
        }
        return Ok(code);
    }
    for report in &reports {
        write_report(report, out, err).map_err(io)?;
    }
    // One line for the run, whichever files' money decided it.
    if let Some(decision) = reports.iter().find_map(|r| r.reporting_currency.as_ref()) {
        writeln!(out, "{}", decision.sentence()).map_err(io)?;
    }
    if reports
        .iter()
        .any(|r| r.exit_code == 1 && !r.dry_run && r.import_id.is_none())
    {
        writeln!(
            out,
            "Correct the rows above and import again, or run the import with --skip-invalid to import the other rows."
        )
        .map_err(io)?;
    }
    Ok(code)
}

/// Prints one file's report (also `plugins check`'s dry run).
pub(crate) fn write_report(
    report: &FileReport,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if report.exit_code == 2 {
        for p in report
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Fatal)
        {
            writeln!(err, "{}", p.message)?;
        }
        if report.status == "ambiguous" || report.plugin.is_none() {
            return Ok(());
        }
    }
    let plugin = report.plugin.as_deref().unwrap_or("?");
    let kinds = if report.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", report.kinds.join(", "))
    };
    let counts = format!(
        "{} inserted, {} updated, {} unchanged, {} rejected",
        report.inserted, report.updated, report.unchanged, report.rejected
    );
    let outcome = match report.status.as_str() {
        "committed" | "committed_skipping_invalid" => match report.import_id {
            Some(id) => format!("import {id}; `tenure undo {id}` reverts it"),
            None => "written".to_string(),
        },
        "dry_run" => "dry run, nothing written".to_string(),
        "rejected" => "rows were rejected, so nothing was written".to_string(),
        "cancelled" => "cancelled, nothing written".to_string(),
        _ => "nothing written".to_string(),
    };
    writeln!(
        out,
        "{} — {plugin}{kinds}: {counts}; {outcome}.",
        report.file
    )?;
    if let Some(line) = crate::importing::undated::matching_line(&report.matching) {
        writeln!(out, "  {line}")?;
    }
    if let Some(signature) = &report.mapping_reused {
        writeln!(
            out,
            "  Used the column mapping saved for these headers ({signature})."
        )?;
    }
    for p in report
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Fatal)
    {
        let label = if p.severity == Severity::Warning {
            "warning: "
        } else {
            ""
        };
        // Plugin messages may not say where; the host's already do.
        let file = p.file.clone().unwrap_or_else(|| report.file.clone());
        let prefix = locate(&file, p.sheet.as_deref(), p.row, p.column.as_deref());
        let hint = flag_hint(p);
        if p.message.starts_with(&file) {
            writeln!(out, "  {label}{}{hint}", p.message)?;
        } else {
            writeln!(out, "  {label}{prefix}: {}{hint}", p.message)?;
        }
    }
    let skipped = report
        .problems
        .iter()
        .filter(|p| p.code == codes::SKIPPED)
        .count();
    if skipped > 0 {
        writeln!(
            out,
            "  {skipped} rows left out on purpose (neither customers nor prospects)."
        )?;
    }
    if report.more_problems > 0 {
        writeln!(out, "  … and {} more problems.", report.more_problems)?;
    }
    Ok(())
}

/// The row-problem codes this face adds a flag to (the plugins' messages
/// name no flag: the window shows them too).
mod codes {
    pub const UNKNOWN_STATUS: &str = "unknown_status";
    pub const SKIPPED: &str = "row_skipped";
}

/// How to say it on the command line: `--map-value status:RAW=…`.
fn flag_hint(p: &crate::importing::RowProblem) -> String {
    if p.code != codes::UNKNOWN_STATUS {
        return String::new();
    }
    match p.message.split('`').nth(1) {
        Some(raw) => format!(" (--map-value status:{raw}=active, =churned, =prospect or =skip)"),
        None => String::new(),
    }
}
