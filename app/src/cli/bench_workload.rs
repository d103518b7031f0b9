//! `tenure bench workload [--csms N] [--runs N]` (hidden): times the
//! workload engine (issue 8) on the current database.

use super::bench::{BenchArgs, best, peak_memory_mb};
use super::{Cli, CliError};
use crate::domain::Date;
use crate::metrics::Dataset;
use crate::workload::{self, CsmInfo, Facts, Scenario, load_csms};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(cli: &Cli, args: &BenchArgs) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let t = Instant::now();
    let data = Dataset::load(&store)?;
    println!(
        "dataset load: {:.3} s ({} accounts)",
        t.elapsed().as_secs_f64(),
        data.account_count()
    );
    let csms = load_csms(&store)?;
    let m = data.default_month();
    let t = Instant::now();
    let scored = data
        .account_health(&crate::metrics::Query::month(m))
        .map(|v| v.len())
        .unwrap_or(0);
    println!(
        "health of all {scored} accounts at the month (engine, cold): {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let _ = data.series_without_health(&crate::metrics::Query::range(m.plus(-11), m));
    println!(
        "growth defaults' 12-month series (part of the facts below): {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let mut facts = Facts::build(&data, csms, Date::today());
    let build = t.elapsed().as_secs_f64();
    let scenario = Scenario::default();
    // Once the engine's health cache is filled (the dashboard's charts do it).
    data.precompute_health();
    let t = Instant::now();
    let warm = Facts::build(&data, facts.csms.clone(), Date::today());
    println!(
        "facts with the engine's health cache filled:  {:>8.1} ms ({} accounts)",
        t.elapsed().as_secs_f64() * 1000.0,
        warm.accounts.len()
    );
    if let Some(n) = args.csms.filter(|n| *n > 0) {
        // A larger team in memory: accounts spread by a multiplicative hash,
        // capacities 80–120 % of an even share of the load at 75 %, so that
        // some CSMs are above the 85 % target, some below, and the team as a
        // whole has room to bring everyone within it.
        let hours = workload::all_hours(&facts, &scenario.params);
        let total: f64 = hours.iter().sum();
        let share = total / f64::from(n) / 0.75;
        facts.csms = (0..n)
            .map(|i| CsmInfo {
                id: -i64::from(i) - 1,
                name: format!("Bench CSM {i:03}"),
                capacity_hours: share * (0.8 + 0.4 * f64::from(i % 5) / 4.0),
                active: true,
            })
            .collect();
        facts.static_books = Default::default();
        for (i, a) in facts.accounts.iter_mut().enumerate() {
            let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33;
            a.csm = Some((h % u64::from(n)) as u32);
        }
    }
    println!(
        "facts (health, tickets, touches, growth defaults): {:>8.1} ms ({} active accounts, {} CSMs)",
        build * 1000.0,
        facts.accounts.len(),
        facts.csms.len()
    );
    let runs = args.runs;
    let (s, fig) = best(runs, || workload::figures(&facts, &scenario));
    println!(
        "books and sizing (from facts):              {:>8.1} ms",
        s * 1000.0
    );
    println!(
        "books and sizing end to end (facts + above): {:>8.1} ms",
        (build + s) * 1000.0
    );
    let mut edited = scenario.clone();
    edited.assumptions.horizon_months = 36;
    let mut level = 0usize;
    let (s, _) = best(runs, || {
        // A different edit each run: product complexity cycles its levels.
        level = (level + 1) % 3;
        edited.params.levels[0] = level;
        workload::figures(&facts, &edited)
    });
    println!(
        "36-month projection after an edit (books+sizing): {:>8.1} ms",
        s * 1000.0
    );
    let (s, _) = best(runs, || {
        workload::sizing(&facts, &edited.params, &edited.assumptions, &fig.hours)
    });
    println!(
        "36-month projection alone:                  {:>8.1} ms",
        s * 1000.0
    );
    let (s, p) = best(runs, || {
        workload::propose(&facts, &scenario.params, &fig.hours)
    });
    println!(
        "rebalancing proposal:                       {:>8.1} ms ({} moves)",
        s * 1000.0,
        p.moves.len()
    );
    let over_after = p
        .loads
        .iter()
        .filter(|l| {
            l.after
                .is_some_and(|u| u > scenario.params.target_utilization + 1e-9)
        })
        .count();
    println!("CSMs above target after the proposal: {over_after}");
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory: {mb:.0} MB");
    }
    Ok(ExitCode::SUCCESS)
}
