//! `tenure renewals [--days N] [--json]`: the renewal calendar
//! (playbooks.md), overdue renewals first.

use super::{Cli, CliError, output};
use crate::domain::Date;
use crate::format::{self, Locale};
use crate::playbooks::{self, Renewal};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RenewalsArgs {
    /// The window, in days from today.
    #[arg(long, default_value_t = 90, value_name = "N")]
    pub days: i32,
    /// Print JSON (playbooks.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct RenewalsJson<'a> {
    today: Date,
    days: i32,
    renewals: &'a [Renewal],
}

pub fn run(cli: &Cli, args: &RenewalsArgs) -> Result<ExitCode, CliError> {
    if args.days < 0 {
        return Err(CliError::new("--days must be 0 or more"));
    }
    let today = Date::today();
    let mut store = cli.open_store()?;
    let data = super::tasks::evaluated(&mut store, today)?;
    let list = playbooks::renewals(&store, &data, today, args.days)?;
    if args.json {
        let out = RenewalsJson {
            today,
            days: args.days,
            renewals: &list,
        };
        let text = serde_json::to_string_pretty(&out).map_err(|e| CliError::new(e.to_string()))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let locale = Locale::from_env();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|r| {
            vec![
                format::date(r.renewal_on, locale),
                r.days_left.to_string(),
                r.account_name.clone(),
                format::money(r.arr, data.currency(), locale),
                r.health.map_or("—".into(), |h| h.to_string()),
                r.band.unwrap_or("—").to_string(),
                r.csm.clone(),
                r.open_tasks.to_string(),
            ]
        })
        .collect();
    println!("Today: {}", format::date(today, locale));
    print!(
        "{}",
        output::table(
            &[
                "renewal",
                "days left",
                "account",
                "ARR",
                "health",
                "band",
                "csm",
                "open tasks"
            ],
            &rows,
            &[false, true, false, true, true, false, false, true],
        )
    );
    let overdue = list.iter().filter(|r| r.overdue).count();
    println!(
        "{} renewals within {} days, {overdue} overdue.",
        list.len(),
        args.days
    );
    Ok(ExitCode::SUCCESS)
}
