//! `tenure demo [--accounts N] [--months N] [--seed S]`.

use super::{Cli, CliError};
use crate::demo::{DemoParams, generate};
use crate::domain::{Date, Month};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How many accounts to create.
    #[arg(long, default_value_t = 300)]
    pub accounts: u32,
    /// How many months of history, ending with the current month.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Random seed: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The last month of the history, YYYY-MM (default: the current month).
    #[arg(long, value_name = "YYYY-MM")]
    pub end: Option<String>,
}

pub fn run(cli: &Cli, args: &DemoArgs) -> Result<ExitCode, CliError> {
    if args.accounts == 0 || args.months == 0 || args.months > 240 {
        return Err(CliError::new(
            "--accounts must be at least 1 and --months between 1 and 240",
        ));
    }
    let end = match &args.end {
        Some(text) => Month::parse(text).map_err(|e| CliError::new(format!("--end: {e}")))?,
        None => Date::today().month(),
    };
    let mut store = cli.open_store()?;
    let started = std::time::Instant::now();
    let params = DemoParams {
        accounts: args.accounts,
        months: args.months,
        seed: args.seed,
        end,
    };
    let report =
        generate(&mut store, &params, &mut |_| true).map_err(|e| CliError::new(e.to_string()))?;
    println!(
        "Demo data written to {} in {:.1} s: {} records ({} accounts, {} CSMs, {} months ending {}).",
        store.path().display(),
        started.elapsed().as_secs_f64(),
        report.records,
        args.accounts,
        report.csms,
        args.months,
        params.end
    );
    Ok(ExitCode::SUCCESS)
}
