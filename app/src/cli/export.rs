//! `tenure export KIND FILE [--where F=V]…`: the accounts list, the monthly
//! metrics or the stored records of one kind, to CSV or XLSX by the file's
//! extension. The GUI's export button runs the same library code.

use super::{Cli, CliError, parse_where};
use crate::accounts::{AccountTable, TableQuery};
use crate::domain::RecordKind;
use crate::export::{self, Format, sheets};
use crate::metrics::Dataset;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// `accounts` (with MRR and health), `metrics` (one row per month), or a
    /// record kind: account, csm, mrr, subscription, survey_response, ticket,
    /// usage, activity, opportunity, acquisition_spend, purchase, fx_rate,
    /// contact, task (or `tasks`); `renewals` (the renewal calendar). Tasks
    /// and renewals also export to .ics (iCalendar).
    pub kind: String,
    /// The file to write: .csv or .xlsx (.ics for tasks and renewals).
    pub file: PathBuf,
    /// Only accounts whose FIELD equals VALUE (`accounts` and `metrics`; repeatable).
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
}

pub fn run(cli: &Cli, args: &ExportArgs) -> Result<ExitCode, CliError> {
    // playbooks (issue 21): tasks and renewals as a calendar.
    if super::export_ics::is_ics(&args.file) {
        return super::export_ics::run(cli, args.kind.trim(), &args.file);
    }
    if Format::of(&args.file).is_none() {
        return Err(CliError::new(
            export::ExportError::UnknownFormat(args.file.display().to_string()).to_string(),
        ));
    }
    let filters = parse_where(&args.filters)?;
    let store = cli.open_store()?;
    let sheet = match args.kind.trim() {
        "accounts" => {
            // The primary ICP profile's tiers make `--where icp_tier=A` work here too.
            let (data, _, scores) = crate::icp::load_scored(&store)?;
            let segments = crate::icp::segments(scores.as_ref());
            data.check_filters(&filters, &segments)?;
            let table = AccountTable::build(&data, &segments);
            // Any account field may be a filter here, not only the table's.
            let keep: Vec<u32> = table
                .select(&TableQuery::default())
                .into_iter()
                .filter(|&i| data.matches(i as usize, &filters, &segments))
                .collect();
            sheets::accounts(&table, Some(&keep))
        }
        "metrics" => {
            let data = Dataset::load_cached(&store)?;
            sheets::metrics(&data, &filters)?
        }
        // playbooks (issue 21): the renewal calendar as a sheet.
        "renewals" => super::export_ics::renewals_sheet(&store)?,
        other => {
            // `tasks` is the task kind's plural.
            let other = if other == "tasks" { "task" } else { other };
            let Some(kind) = RecordKind::parse(other) else {
                return Err(CliError::new(format!(
                    "`{other}` is not something to export; use accounts, metrics or a record kind (account, csm, mrr, subscription, survey_response, ticket, usage, activity, opportunity, acquisition_spend, purchase, fx_rate, task; or renewals)"
                )));
            };
            if !filters.is_empty() {
                return Err(CliError::new(
                    "--where applies to `accounts` and `metrics` only; export the records and filter them in the spreadsheet",
                ));
            }
            sheets::records(&store, kind)?
        }
    };
    export::write(&args.file, &sheet).map_err(|e| CliError::new(e.to_string()))?;
    eprintln!(
        "{} rows written to {}",
        sheet.rows.len(),
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}
