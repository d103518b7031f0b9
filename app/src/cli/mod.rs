//! The headless face of Tenure (cli.md). Each subcommand is one module; all
//! of them call the library and print, nothing more.

mod accounts;
mod bench;
mod bench_workload;
mod demo;
// Export of accounts, metrics and records (accounts area).
mod export;
// tasks and renewals as iCalendar files (issue 21)
mod export_ics;
// ICP (issue 7)
pub mod icp;
pub mod import;
pub mod imports;
pub mod metrics;
pub mod output;
pub mod plugins;
pub mod undo;
// workload area (issue 8)
mod csm;
mod workload;
// packaging (issue 19)
pub mod package_files;
// playbooks, tasks, renewals (issue 21)
mod playbooks;
mod renewals;
mod tasks;
// churn risk and forecasts (issue 18)
pub mod risk;
// customer value without a contract (issue #22)
pub mod ltv;

use crate::store::{Store, StoreError};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "tenure",
    version,
    about = "Tenure: an offline customer-success desk. Without a command, opens the window; `tenure FILE…` opens it on the Import view with those files.",
    // `tenure FILE…` (the desktop entry's "open with"): a first word that is
    // no command arrives as `Command::Files`, so commands always win.
    allow_external_subcommands = true,
    override_usage = "tenure [--db PATH] [COMMAND | FILE…]"
)]
pub struct Cli {
    /// The database file (default: $TENURE_DB, else the platform data folder).
    #[arg(long, global = true, env = "TENURE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The day every date-dependent figure is computed for (tasks, renewals,
    /// workload, the default month); default: $TENURE_TODAY, else the clock.
    #[arg(long, global = true, env = "TENURE_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<crate::domain::Date>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fills the database with a realistic, deterministic demo data set.
    Demo(demo::DemoArgs),
    /// Lists accounts with their health, band and ICP fit.
    Accounts(accounts::AccountsArgs),
    /// The metrics of metrics.md for a period, a segment, or one row per value of a field.
    Metrics(metrics::MetricsArgs),
    /// ICP discovery and fit; `icp profile …` manages the profiles.
    Icp(icp::IcpArgs),
    /// Times an engine on the current database (developer tool).
    #[command(hide = true)]
    Bench(bench::BenchArgs),
    /// Imports files through the importer plugins.
    Import(import::ImportArgs),
    /// Lists past imports.
    Imports(imports::ImportsArgs),
    /// Undoes one import, restoring the previous state of every record it touched.
    Undo(undo::UndoArgs),
    /// Lists the importer plugins (and those that failed to load); `check LIB` tests one.
    Plugins(plugins::PluginsArgs),
    /// Writes accounts, monthly metrics or the records of one kind to CSV or XLSX (by the file's extension).
    Export(export::ExportArgs),
    // workload area (issue 8)
    /// CSM books of business, team sizing and the rebalancing proposal.
    Workload(workload::WorkloadArgs),
    /// Adds, edits or deactivates a CSM.
    Csm(csm::CsmArgs),
    // playbooks (issue 21)
    /// Evaluates the playbook rules, then lists tasks; `add`, `done`, `dismiss` work them.
    Tasks(tasks::TasksArgs),
    /// The playbook rules with their switch and parameters; `set RULE.PARAM=VALUE…` changes them.
    Playbooks(playbooks::PlaybooksArgs),
    /// Renewals within the next N days (default 90), overdue ones first.
    Renewals(renewals::RenewalsArgs),
    /// Churn risk learned from the data: the model's report and every scored account.
    Risk(risk::RiskArgs),
    /// MRR forecast with its back-test, and renewals by month.
    Forecast(risk::ForecastArgs),
    /// Customer lifetime value from purchases (BG/NBD + Gamma-Gamma): each customer's chance of still buying, expected purchases and value.
    Ltv(ltv::LtvArgs),
    /// Writes the man pages and shell completions into a folder (package builds).
    #[command(hide = true)]
    PackageFiles(package_files::PackageFilesArgs),
    /// One plugin library in a child process of its own (issue 20): what
    /// the plugin host starts; it speaks a binary protocol on stdin/stdout.
    #[command(hide = true)]
    PluginChild { lib: PathBuf },
    /// `tenure FILE…`: files to choose in the window's Import view.
    #[command(external_subcommand)]
    Files(Vec<OsString>),
}

/// A failure to report: one plain sentence, and the exit code.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: u8,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            code: 2,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::new(e.to_string())
    }
}

/// `--today`: a date as `YYYY-MM-DD`, said plainly when it is not one.
fn parse_today(text: &str) -> Result<crate::domain::Date, String> {
    crate::domain::Date::parse_iso(text).map_err(|_| {
        format!("`{text}` is not a date; write it as YYYY-MM-DD (for example 2026-06-10)")
    })
}

impl Cli {
    /// Applies the global options that change the whole process (`--today`).
    pub fn apply_globals(&self) {
        if let Some(day) = self.today {
            crate::domain::Date::set_today(day);
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(crate::paths::default_db_path)
    }

    /// The files of `tenure FILE…` (none without a command), each checked to
    /// exist, so that a mistyped command (`tenure acounts`) gets a plain
    /// answer instead of a window with a missing file.
    pub fn files_to_import(&self) -> Result<Vec<PathBuf>, CliError> {
        let files: Vec<PathBuf> = match &self.command {
            Some(Command::Files(words)) => words.iter().map(PathBuf::from).collect(),
            _ => Vec::new(),
        };
        for file in &files {
            if !file.is_file() {
                return Err(CliError::new(format!(
                    "{} is neither a file nor a command of Tenure; run `tenure --help` for the commands",
                    file.display()
                )));
            }
        }
        Ok(files
            .iter()
            .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
            .collect())
    }

    pub fn open_store(&self) -> Result<Store, CliError> {
        let path = self.db_path();
        // A mistyped `--db /no/such/dir/x.db` must not create folders; only
        // the default data folder is made on first use.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
            && crate::paths::data_dir().as_deref() != Some(parent)
        {
            return Err(CliError::new(format!(
                "The folder {} does not exist, so the database {} cannot be opened there; check the path or create the folder first.",
                parent.display(),
                path.display()
            )));
        }
        Ok(Store::open(&path)?)
    }
}

/// Runs a subcommand; `Ok` carries the exit code (0, or 1 when rows were rejected).
pub fn run(cli: &Cli, command: &Command) -> Result<ExitCode, CliError> {
    cli.apply_globals();
    match command {
        Command::Demo(args) => demo::run(cli, args),
        Command::Accounts(args) => accounts::run(cli, args),
        Command::Metrics(args) => metrics::run(cli, args),
        Command::Icp(args) => icp::run(cli, args),
        Command::Bench(args) => bench::run(cli, args),
        Command::Import(args) => import::run(cli, args),
        Command::Imports(args) => imports::run(cli, args),
        Command::Undo(args) => undo::run(cli, args),
        Command::Plugins(args) => plugins::run(cli, args),
        Command::Export(args) => export::run(cli, args),
        Command::Workload(args) => workload::run(cli, args),
        Command::Csm(args) => csm::run(cli, args),
        Command::PackageFiles(args) => package_files::run(cli, args),
        Command::PluginChild { lib } => Ok(ExitCode::from(crate::importing::isolation::serve(lib))),
        Command::Tasks(args) => tasks::run(cli, args),
        Command::Playbooks(args) => playbooks::run(cli, args),
        Command::Renewals(args) => renewals::run(cli, args),
        Command::Risk(args) => risk::run(cli, args),
        Command::Forecast(args) => risk::forecast(cli, args),
        Command::Ltv(args) => ltv::run(cli, args),
        // main.rs opens the window for these; a library caller gets the check.
        Command::Files(_) => cli.files_to_import().map(|_| {
            eprintln!("Files open in the window: run `tenure FILE…` from the binary.");
            ExitCode::from(2)
        }),
    }
}

/// Parses `FIELD=VALUE` filters.
pub fn parse_where(filters: &[String]) -> Result<Vec<(String, String)>, CliError> {
    filters
        .iter()
        .map(|f| {
            f.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| {
                    CliError::new(format!(
                        "`--where {f}` is not of the form FIELD=VALUE (for example --where plan=Pro)"
                    ))
                })
        })
        .collect()
}
