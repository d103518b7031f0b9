//! `tenure demo [--accounts N] [--months N] [--seed S]`.

use super::{Cli, CliError};
use crate::demo::{DemoParams, generate};
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
}

pub fn run(cli: &Cli, args: &DemoArgs) -> Result<ExitCode, CliError> {
    if args.accounts == 0 || args.months == 0 || args.months > 240 {
        return Err(CliError::new(
            "--accounts must be at least 1 and --months between 1 and 240",
        ));
    }
    let mut store = cli.open_store()?;
    let started = std::time::Instant::now();
    let params = DemoParams {
        accounts: args.accounts,
        months: args.months,
        seed: args.seed,
        end: crate::domain::Date::today().month(),
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
