//! `tenure plugins [--json]` and `tenure plugins check LIB`.

use super::{Cli, CliError, output};
use crate::importing::check::{CheckOptions, ProbeEvent, check_in_process, check_plugin};
use crate::importing::{PluginHost, STALL_TIMEOUT, search_dirs};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub action: Option<PluginsAction>,
    /// Prints JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum PluginsAction {
    /// Checks one plugin library in a separate process: ABI and info, detect timing, and a dry-run import of FILE.
    Check {
        /// The library file (`.so`, `.dylib` or `.dll`).
        #[arg(value_name = "LIB")]
        lib: PathBuf,
        /// A file the plugin should read (dry run: nothing is written).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Trusts a library listed as "not trusted yet" (new, or changed since it was trusted): records its SHA-256 so that it loads from now on.
    Trust {
        /// The name `tenure plugins` shows for it (its file name without `lib` and extension, or the id it had), or the library's path.
        #[arg(value_name = "NAME|LIB")]
        name: String,
    },
    /// The check itself, run by `check` in a child process (streams JSON lines).
    #[command(hide = true)]
    Probe {
        lib: PathBuf,
        file: Option<PathBuf>,
        /// Seconds `describe`, or `import` between signs of life, may take.
        #[arg(long, default_value_t = STALL_TIMEOUT.as_secs_f64())]
        stall_secs: f64,
    },
}

pub fn run(cli: &Cli, args: &PluginsArgs) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match &args.action {
        Some(PluginsAction::Check { lib, file }) => {
            let options = CheckOptions {
                runner: std::env::current_exe().ok(),
                db: Some(cli.db_path()),
                ..CheckOptions::default()
            };
            check(lib, file.as_deref(), &options, args.json, &mut out)?
        }
        Some(PluginsAction::Probe {
            lib,
            file,
            stall_secs,
        }) => probe(cli, lib, file.as_deref(), *stall_secs, &mut out)?,
        Some(PluginsAction::Trust { name }) => trust(name, args.json, &mut out)?,
        None => list(&PluginHost::discover(), args.json, &mut out)?,
    };
    Ok(ExitCode::from(code))
}

fn io(e: std::io::Error) -> CliError {
    CliError::new(format!("cannot print: {e}"))
}

/// `tenure plugins`: loaded plugins, then the libraries that failed and why.
pub fn list(host: &PluginHost, json: bool, out: &mut dyn Write) -> Result<u8, CliError> {
    if json {
        let value = serde_json::json!({
            "plugins": host.plugins.iter().map(|p| serde_json::json!({
                "id": p.info.id,
                "name": p.info.name,
                "version": p.info.version,
                "description": p.info.description,
                "abi_version": p.abi_major,
                "payload_version": p.payload_version,
                "extensions": p.info.extensions,
                "kinds": p.info.kinds,
                "path": p.path,
            })).collect::<Vec<_>>(),
            "failed": host.failures,
            "untrusted": host.untrusted,
        });
        writeln!(out, "{value}").map_err(io)?;
        return Ok(0);
    }
    if host.plugins.is_empty() {
        writeln!(out, "No importer plugins are loaded.").map_err(io)?;
    } else {
        let rows: Vec<Vec<String>> = host
            .plugins
            .iter()
            .map(|p| {
                vec![
                    p.info.id.clone(),
                    p.info.version.clone(),
                    p.abi_major.to_string(),
                    p.info.extensions.join(","),
                    p.info.kinds.join(","),
                    p.path.display().to_string(),
                ]
            })
            .collect();
        write!(
            out,
            "{}",
            output::table(
                &["id", "version", "abi", "files", "kinds", "library"],
                &rows,
                &[false, false, true, false, false, false]
            )
        )
        .map_err(io)?;
    }
    if !host.failures.is_empty() {
        writeln!(out, "\nFailed to load:").map_err(io)?;
        for f in &host.failures {
            writeln!(out, "  {}: {}", f.path.display(), f.reason).map_err(io)?;
        }
    }
    if !host.untrusted.is_empty() {
        writeln!(
            out,
            "\nNot trusted yet (none of their code ran; `tenure plugins trust NAME` trusts one):"
        )
        .map_err(io)?;
        for u in &host.untrusted {
            writeln!(
                out,
                "  {}: {}\n    library {}\n    SHA-256 {}",
                u.name,
                u.reason,
                u.path.display(),
                u.sha256
            )
            .map_err(io)?;
        }
    }
    let dirs: Vec<String> = search_dirs()
        .iter()
        .map(|d| d.path.display().to_string())
        .collect();
    writeln!(out, "\nSearched: {}", dirs.join(", ")).map_err(io)?;
    Ok(0)
}

/// `tenure plugins check LIB [FILE]`: the steps, the dry-run report, then
/// a one-line verdict. 0 when every step passes, 1 when one fails, 2 when
/// the library does not load.
pub fn check(
    lib: &Path,
    file: Option<&Path>,
    options: &CheckOptions,
    json: bool,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let report = check_plugin(lib, file, options);
    // 2 only when the library does not load: a plugin that loaded and then
    // crashed its check process failed a step (1), as cli.md says.
    let loaded = report
        .steps
        .iter()
        .find(|s| s.name == "load")
        .is_some_and(|s| s.passed);
    let code = if report.passed {
        0
    } else if !loaded {
        2
    } else {
        1
    };
    if json {
        let value = serde_json::to_value(&report).unwrap_or_default();
        writeln!(out, "{value}").map_err(io)?;
        return Ok(code);
    }
    match &report.plugin {
        Some(p) => writeln!(
            out,
            "{}: plugin `{}` {} (ABI {}, payload {}){}",
            lib.display(),
            p.id,
            p.version,
            p.abi_version,
            p.payload_version,
            if report.isolated {
                ", checked in a separate process"
            } else {
                ""
            }
        ),
        None => writeln!(out, "{}:", lib.display()),
    }
    .map_err(io)?;
    for s in &report.steps {
        let mark = if s.passed { "ok  " } else { "FAIL" };
        writeln!(out, "  {mark} {}: {}", s.name, s.detail).map_err(io)?;
    }
    if let Some(r) = &report.import {
        writeln!(out, "Dry-run report:").map_err(io)?;
        // Fatal problems of the dry run are in the verdict: not repeated.
        super::import::write_report(r, out, &mut std::io::sink()).map_err(io)?;
    }
    writeln!(out, "{}", report.verdict).map_err(io)?;
    Ok(code)
}

/// `tenure plugins trust NAME|LIB`: the one library waiting for trust that
/// NAME names, trusted and loaded; 0 when it loads, 1 when it was trusted
/// but does not load, 2 when nothing was trusted.
fn trust(name: &str, json: bool, out: &mut dyn Write) -> Result<u8, CliError> {
    let host = PluginHost::discover();
    let as_path = std::path::absolute(name).ok();
    let file_name = |p: &Path| p.file_name().is_some_and(|f| f == name);
    let matches: Vec<_> = host
        .untrusted
        .iter()
        .filter(|u| u.name == name || file_name(&u.path) || as_path.as_deref() == Some(&u.path))
        .collect();
    let chosen = match matches.as_slice() {
        [one] => (*one).clone(),
        [] => {
            if let Some(p) = host
                .plugins
                .iter()
                .find(|p| p.info.id == name || as_path.as_deref() == Some(p.path.as_path()))
            {
                writeln!(
                    out,
                    "`{}` ({}) is already trusted and loaded; nothing to do.",
                    p.info.id,
                    p.path.display()
                )
                .map_err(io)?;
                return Ok(0);
            }
            let waiting: Vec<String> = host.untrusted.iter().map(|u| u.name.clone()).collect();
            return Err(CliError::new(format!(
                "No library waiting for trust is called `{name}`; {}.",
                if waiting.is_empty() {
                    "no library is waiting for trust (`tenure plugins` lists them)".to_string()
                } else {
                    format!("those waiting are: {}", waiting.join(", "))
                }
            )));
        }
        several => {
            let paths: Vec<String> = several
                .iter()
                .map(|u| u.path.display().to_string())
                .collect();
            return Err(CliError::new(format!(
                "Several libraries waiting for trust are called `{name}` ({}); give the path of the one to trust.",
                paths.join(", ")
            )));
        }
    };
    let mut store = crate::importing::trust_store::TrustStore::open_default();
    // The hash shown by the listing is the one trusted: a library that
    // changes in between is refused.
    let outcome = crate::importing::trust_library(&mut store, &chosen.path, Some(&chosen.sha256))
        .map_err(CliError::new)?;
    if json {
        let value = serde_json::json!({
            "path": outcome.trusted.path,
            "sha256": outcome.trusted.sha256,
            "id": outcome.loaded.as_ref().ok(),
            "error": outcome.loaded.as_ref().err(),
        });
        writeln!(out, "{value}").map_err(io)?;
    } else {
        match &outcome.loaded {
            Ok(id) => writeln!(
                out,
                "Trusted {} (SHA-256 {}): plugin `{id}` loads from now on.",
                outcome.trusted.path.display(),
                outcome.trusted.sha256
            ),
            Err(reason) => writeln!(
                out,
                "Trusted {} (SHA-256 {}), but it does not load: {reason}",
                outcome.trusted.path.display(),
                outcome.trusted.sha256
            ),
        }
        .map_err(io)?;
    }
    Ok(if outcome.loaded.is_ok() { 0 } else { 1 })
}

/// The hidden `plugins probe`: the check in this process, each step as a
/// JSON line as it starts and ends, then the report (the parent reads them).
fn probe(
    cli: &Cli,
    lib: &Path,
    file: Option<&Path>,
    stall_secs: f64,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let options = CheckOptions {
        runner: None,
        db: Some(cli.db_path()),
        stall_timeout: Duration::try_from_secs_f64(stall_secs).unwrap_or(STALL_TIMEOUT),
    };
    let mut emit = |event: ProbeEvent| {
        if let Ok(line) = serde_json::to_string(&event) {
            // Flushed per line: a crash right after must not lose it.
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    };
    let report = check_in_process(lib, file, &options, &mut emit);
    let passed = report.passed;
    emit(ProbeEvent::Report {
        report: Box::new(report),
    });
    Ok(u8::from(!passed))
}
