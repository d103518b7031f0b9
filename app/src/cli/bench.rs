//! `tenure bench metrics [--month M] [--runs N]` (hidden): times the metrics
//! engine on the current database, step by step, and prints peak memory.

use super::{Cli, CliError};
use crate::domain::Month;
use crate::metrics::{Dataset, Query};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// What to measure: `metrics`, `workload` (issue 8), `playbooks`
    /// (issue 21: evaluating every rule) or `risk` (issue 18).
    /// `ltv` (issue #22): fitting BG/NBD + Gamma-Gamma on `--customers`
    /// simulated customers, then `tenure ltv`'s whole run on this database.
    #[arg(value_parser = ["metrics", "workload", "playbooks", "risk", "ltv"])]
    pub what: String,
    /// workload: spread the accounts over this many CSMs in memory (the
    /// demo makes at most 12), with capacities near the team's load.
    #[arg(long)]
    pub csms: Option<u32>,
    /// The month to report on (default: the dataset's default month).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// ltv: how many simulated customers to fit (default 100,000).
    #[arg(long, default_value_t = 100_000)]
    pub customers: usize,
    /// Repetitions of each in-memory step (the best time is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
}

fn runs_of(args: &BenchArgs) -> u32 {
    args.runs.max(1)
}

pub(super) fn best<T>(runs: u32, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = f();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        out = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, out)
}

/// Peak resident memory (VmHWM) in MB, where the OS tells it.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(cli: &Cli, args: &BenchArgs) -> Result<ExitCode, CliError> {
    if args.what == "workload" {
        return super::bench_workload::run(cli, args);
    }
    if args.what == "risk" {
        return risk_bench(cli, args);
    }
    if args.what == "playbooks" {
        return bench_playbooks(cli, args);
    }
    if args.what == "ltv" {
        return bench_ltv(cli, args);
    }
    let store = cli.open_store()?;
    let t = Instant::now();
    let data = Dataset::load(&store)?;
    let load = t.elapsed().as_secs_f64();
    println!("load: {:.3} s ({} accounts)", load, data.account_count());
    let mut previous = 0.0;
    for (step, at) in data.load_timings() {
        println!("  {step:<14} {:>7.3} s", at - previous);
        previous = *at;
    }
    // The cold start's other path: the snapshot beside the database.
    if Dataset::cached(&store).is_none() {
        let _ = Dataset::load_cached(&store)?;
    }
    let t = Instant::now();
    let tag = crate::metrics::snapshot_tag(&store);
    let tag_secs = t.elapsed().as_secs_f64();
    let (read_secs, cached) = best(runs_of(args), || Dataset::cached(&store));
    match (tag, cached) {
        (Some(_), Some(_)) => println!(
            "snapshot: content tag {:.1} ms, read {:.1} ms (best of {})",
            tag_secs * 1000.0,
            read_secs * 1000.0,
            runs_of(args)
        ),
        _ => println!(
            "snapshot: none (in-memory database, TENURE_NO_SNAPSHOT or a folder that cannot be written)"
        ),
    }
    let month = match &args.month {
        Some(m) => Month::parse(m).map_err(|e| CliError::new(e.to_string()))?,
        None => data.default_month(),
    };
    let q = Query::month(month);
    let year = Query::range(month.plus(-11), month);
    let seg = Query::month(month).with_filter("plan", "Pro");
    let span = data.span().map_or(year.clone(), |(lo, _)| {
        Query::range(lo.max(month.plus(-35)), month)
    });
    let runs = args.runs;
    let mut total_change = 0.0;
    let mut line = |name: &str, secs: f64, dashboard: bool| {
        if dashboard {
            total_change += secs;
        }
        println!("{name:<44} {:>8.1} ms", secs * 1000.0);
    };
    let t = Instant::now();
    let _ = data.report(&q);
    line(
        "report, one month, first (cold)",
        t.elapsed().as_secs_f64(),
        false,
    );
    let t = Instant::now();
    let _ = data.series(&span);
    line(
        "series, first (fills the health cache)",
        t.elapsed().as_secs_f64(),
        false,
    );
    let (s, _) = best(runs, || data.report(&q));
    line("report, one month", s, false);
    let (s, _) = best(runs, || data.report(&seg));
    line("report, one month, segment plan=Pro", s, true);
    let (s, _) = best(runs, || data.report(&year));
    line("report, twelve months", s, false);
    let (s, _) = best(runs, || {
        data.series(&span.clone().with_filter("plan", "Pro"))
    });
    line("series with health, span, segment", s, true);
    let (s, _) = best(runs, || data.series(&span));
    line("series with health, span, whole base", s, false);
    let (s, _) = best(runs, || data.series_without_health(&span));
    line("series without health, span, whole base", s, false);
    let (s, _) = best(runs, || data.report_by(&q, "plan"));
    line("report by plan", s, false);
    let (s, _) = best(runs, || data.cohorts(&span));
    line("cohort tables, span", s, false);
    let (s, _) = best(runs, || data.account_health(&q));
    line("health of every account", s, false);
    let (s, _) = best(runs, || data.back_test(&q));
    line("back-test", s, false);
    println!(
        "segment change (report + series, segment):  {:>8.1} ms",
        total_change * 1000.0
    );
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory: {mb:.0} MB");
    }
    Ok(ExitCode::SUCCESS)
}

/// Issue 21: every rule evaluated on the loaded dataset (as the window
/// does after each write), then the first run that writes their tasks,
/// then a run that finds nothing new.
fn bench_playbooks(cli: &Cli, args: &BenchArgs) -> Result<ExitCode, CliError> {
    let mut store = cli.open_store()?;
    let today = crate::domain::Date::today();
    let t = Instant::now();
    let data = Dataset::load(&store)?;
    println!(
        "load: {:.3} s ({} accounts)",
        t.elapsed().as_secs_f64(),
        data.account_count()
    );
    let config = crate::playbooks::load_config(&store.settings())?;
    let (secs, preview) = best(args.runs, || {
        crate::playbooks::preview_counts(&store, &data, today, &config)
    });
    let preview = preview?;
    let matching: usize = preview.matching.iter().sum();
    println!(
        "evaluate all rules (book, nine rules, fired check)  {:>8.1} ms  ({matching} matches)",
        secs * 1000.0
    );
    let t = Instant::now();
    let report = crate::playbooks::run(&mut store, &data, today)?;
    println!(
        "first run, writing the tasks                       {:>8.1} ms  ({} tasks opened)",
        t.elapsed().as_secs_f64() * 1000.0,
        report.opened.len()
    );
    let (secs, again) = best(args.runs, || {
        crate::playbooks::run(&mut store, &data, today)
    });
    println!(
        "run again (nothing new)                            {:>8.1} ms  ({} opened)",
        secs * 1000.0,
        again?.opened.len()
    );
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory: {mb:.0} MB");
    }
    Ok(ExitCode::SUCCESS)
}

/// `bench risk`: loads, trains (no cache) `runs` times and reports the
/// best training time, then the forecast's.
fn risk_bench(cli: &Cli, args: &BenchArgs) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let t = Instant::now();
    let data = Dataset::load_cached(&store)?;
    println!(
        "load: {:.3} s ({} accounts)",
        t.elapsed().as_secs_f64(),
        data.account_count()
    );
    let t = Instant::now();
    data.precompute_health();
    println!("health scores: {:.3} s", t.elapsed().as_secs_f64());
    let options = crate::risk::RiskOptions::default();
    let (secs, run) = best(args.runs.saturating_sub(1), || {
        crate::risk::train(&data, &options)
    });
    println!("train (best of {}): {secs:.3} s", args.runs.max(1));
    if let Some(m) = &run.model {
        println!(
            "mode {}, rows {}, churned {}, sampled {}, alpha {}, AUC {:?}, health AUC {:?}, scored {}",
            m.mode.name(),
            m.rows,
            m.churned,
            m.sampled,
            m.alpha,
            m.auc,
            m.health_auc,
            run.accounts.len()
        );
    } else {
        println!("{}", run.no_model.clone().unwrap_or_default());
    }
    let t = Instant::now();
    let f = crate::risk::forecast::forecast(&data, None, 12, Some(&run))?;
    println!(
        "forecast: {:.3} s (MAPE 6m {:?}, 12m {:?})",
        t.elapsed().as_secs_f64(),
        f.backtest.mape_6m,
        f.backtest.mape_12m
    );
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory: {mb:.0} MB");
    }
    Ok(ExitCode::SUCCESS)
}

/// `bench ltv`: the fit on simulated customers (the ≤ 2 s budget of
/// revenue.md), then the whole `tenure ltv` on the database.
fn bench_ltv(cli: &Cli, args: &BenchArgs) -> Result<ExitCode, CliError> {
    use crate::ltv::{self, bgnbd::BgNbd, gamma_gamma::GammaGamma};
    let bg = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    let gg = GammaGamma {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
    };
    let t = Instant::now();
    let data = ltv::simulate::customers(args.customers, &bg, &gg, 42);
    let simulate = t.elapsed().as_secs_f64();
    let (fit, fitted) = best(runs_of(args), || ltv::fit_models(&data));
    let fitted = fitted.map_err(CliError::new)?;
    let (predict, _) = best(runs_of(args), || {
        data.iter()
            .map(|c| {
                let e = fitted.bg.expected_purchases(c, 52.0).unwrap_or(0.0);
                let v = fitted.gg.and_then(|g| g.expected_value(c)).unwrap_or(0.0);
                fitted.bg.p_alive(c) + e * v
            })
            .sum::<f64>()
    });
    let m = &fitted.summary;
    println!(
        "ltv: {} simulated customers ({} repeat), simulated in {simulate:.3} s",
        m.customers, m.repeaters
    );
    println!(
        "fit (BG/NBD + Gamma-Gamma): {fit:.3} s; r = {:.4}, alpha = {:.4}, a = {:.4}, b = {:.4}, p = {:?}, q = {:?}, gamma = {:?}",
        m.r, m.alpha, m.a, m.b, m.p, m.q, m.gamma
    );
    println!("predictions (p_alive, expected purchases, value, CLV): {predict:.3} s");
    let store = cli.open_store()?;
    let (whole, report) = best(runs_of(args), || {
        ltv::compute(&store, &ltv::LtvOptions::default())
    });
    let report = report.map_err(|e| CliError::new(e.to_string()))?;
    println!(
        "tenure ltv on this database ({} customers): {whole:.3} s",
        report.customers.len()
    );
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory: {mb:.0} MB");
    }
    Ok(ExitCode::SUCCESS)
}
