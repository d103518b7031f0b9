//! `tenure export tasks|renewals FILE.ics` (playbooks.md), and the renewal
//! calendar as a sheet for `.csv` and `.xlsx`.

use super::{Cli, CliError};
use crate::domain::Date;
use crate::export::{Cell, Sheet};
use crate::playbooks::{self, TaskFilter, ics};
use crate::store::Store;
use std::path::Path;
use std::process::ExitCode;

/// The renewals window of an export, as `tenure renewals`' default.
const RENEWAL_DAYS: i32 = 90;

pub(super) fn is_ics(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ics"))
}

pub(super) fn run(cli: &Cli, kind: &str, file: &Path) -> Result<ExitCode, CliError> {
    let today = Date::today();
    let mut store = cli.open_store()?;
    let data = super::tasks::evaluated(&mut store, today)?;
    let locale = playbooks::load_config(&store.settings())?.language;
    let (text, n) = match kind {
        "task" | "tasks" => {
            let list = playbooks::tasks(&store, &TaskFilter::open(), today)?;
            (ics::tasks_calendar(&list, today, locale), list.len())
        }
        "renewals" => {
            let list = playbooks::renewals(&store, &data, today, RENEWAL_DAYS)?;
            (
                ics::renewals_calendar(&list, today, locale, data.currency()),
                list.len(),
            )
        }
        other => {
            return Err(CliError::new(format!(
                "`{other}` cannot be written as a calendar; .ics is for tasks and renewals (use .csv or .xlsx for the rest)"
            )));
        }
    };
    std::fs::write(file, text)
        .map_err(|e| CliError::new(format!("{} could not be written: {e}", file.display())))?;
    eprintln!("{n} events written to {}", file.display());
    Ok(ExitCode::SUCCESS)
}

/// The renewal calendar of the next 90 days as a sheet.
pub(super) fn renewals_sheet(store: &Store) -> Result<Sheet, CliError> {
    let today = Date::today();
    let data = crate::metrics::Dataset::load(store)?;
    let list = playbooks::renewals(store, &data, today, RENEWAL_DAYS)?;
    let headers = [
        "account",
        "account_name",
        "renewal_on",
        "days_left",
        "arr",
        "health",
        "band",
        "csm",
        "open_tasks",
    ];
    let rows = list
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.account),
                Cell::text(&r.account_name),
                Cell::Date(r.renewal_on),
                Cell::Int(i64::from(r.days_left)),
                Cell::Money(r.arr),
                Cell::opt(r.health, |h| Cell::Int(i64::from(h))),
                Cell::opt(r.band, Cell::text),
                Cell::text(&r.csm),
                Cell::Int(i64::from(r.open_tasks)),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "renewals".into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    })
}
