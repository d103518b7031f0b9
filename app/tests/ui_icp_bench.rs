#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! ICP budgets, headless: fit scores for every account, discovery over
//! every attribute, and the CPU time of a frame of the Fit tab (the fit ×
//! health scatter of every account, the tier curves and the account list).
//! Ignored by default (slow to set up); run with
//! `TENURE_BENCH_ACCOUNTS=100000 cargo test --release -p tenure --test ui_icp_bench -- --ignored --nocapture`
//! (`TENURE_BENCH_DB=FILE` keeps the generated database for the next run).

use egui_kittest::Harness;
use std::time::{Duration, Instant};
use tenure::demo::{DemoParams, generate};
use tenure::domain::Month;
use tenure::format::Locale;
use tenure::icp;
use tenure::metrics::Dataset;
use tenure::store::Store;
use tenure::ui::icp_model::{IcpCmd, IcpTab};
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};

fn best<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        best = best.min(t.elapsed());
    }
    (best, out)
}

/// CPU time this thread has run (Linux: /proc/thread-self/schedstat, in
/// nanoseconds), so that frames are not charged for time the scheduler gave
/// other processes on a loaded machine.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn wait(h: &mut Harness<'static, TenureApp>, done: impl Fn(&TenureApp) -> bool) -> Duration {
    let start = Instant::now();
    while !done(h.state()) {
        h.step();
        assert!(start.elapsed() < Duration::from_secs(900), "timed out");
        std::thread::sleep(Duration::from_millis(1));
    }
    start.elapsed()
}

#[test]
#[ignore]
fn icp_benchmark() {
    let accounts: u32 = std::env::var("TENURE_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().unwrap();
    // TENURE_BENCH_DB keeps the generated database for the next run.
    let db = std::env::var("TENURE_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("bench.db"));
    let t = Instant::now();
    if !db.exists() {
        let mut store = Store::open(&db).unwrap();
        let params = DemoParams {
            accounts,
            months: 36,
            seed: 1,
            end: tenure::domain::Date::today().month(),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
    }
    println!(
        "generated {accounts} accounts × 36 months in {:.1?}",
        t.elapsed()
    );

    // Engine.
    let store = Store::open(&db).unwrap();
    let data = Dataset::load(&store).unwrap();
    let month: Month = data.default_month();
    let (facts_t, facts) = best(3, || data.account_facts(month));
    println!("facts at the default month (MRR, lifetime revenue, health…): {facts_t:.1?}");
    let (disc_t, found) = best(3, || icp::discover(&data, &facts));
    println!(
        "discovery over every attribute ({} values): {disc_t:.1?}",
        found.rows.len()
    );
    let profile = icp::profile_from_suggestions("bench", &found);
    let refs: Vec<&tenure::domain::Account> = data.accounts().iter().map(|s| &s.account).collect();
    let (fit_t, _) = best(5, || icp::fit_scores(&profile, &refs, &facts));
    println!(
        "fit scores for all accounts ({} criteria from the suggestions): {fit_t:.1?}",
        profile.criteria.len()
    );
    let wide = {
        let mut p = icp::Profile::new("wide");
        for c in [
            "industry in Software,Healthcare,Financial Services:8",
            "employees between 50..999:5",
            "health between 70..:4",
            "mrr between 1000..:3",
            "lifetime_revenue between 10000..:3",
            "lead_source in partner,inbound:2",
            "name contains a:1",
            "country in Brasil,Brazil:2",
        ] {
            p.criteria.push(icp::Criterion::parse(c).unwrap());
        }
        p
    };
    let (wide_t, _) = best(5, || icp::fit_scores(&wide, &refs, &facts));
    println!("fit scores for all accounts (8 criteria, every field kind): {wide_t:.1?}");
    let (score_t, scores) = best(3, || {
        icp::score(&profile, icp::TierThresholds::default(), &data, &facts)
    });
    println!(
        "score + tiers (what the GUI and CLI call): {score_t:.1?} {:?}",
        scores.tier_counts()
    );
    drop(store);

    // GUI: the Fit tab with the scatter of every account.
    let prefs = Prefs {
        locale: Locale::En,
        view: View::Icp,
        ..Prefs::default()
    };
    let app = TenureApp::new(db.clone(), prefs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    let open = wait(&mut h, |a| a.icp.snapshot.is_some() && !a.icp.busy);
    println!("open → ICP discovery shown: {open:.1?}");
    h.state_mut()
        .send_icp(IcpCmd::FromSuggestions("bench".into()));
    let made = wait(&mut h, |a| {
        !a.icp.busy
            && a.icp
                .snapshot
                .as_ref()
                .is_some_and(|s| !s.accounts.is_empty())
    });
    let snap_secs = h.state().icp.snapshot.as_ref().map_or(0.0, |s| s.seconds);
    println!(
        "profile from suggestions → fit tab data: {made:.1?} (worker snapshot {snap_secs:.2} s)"
    );
    h.state_mut().icp.tab = IcpTab::Fit;
    h.run_steps(5);
    let points: usize = h
        .state()
        .icp
        .snapshot
        .as_ref()
        .map_or(0, |s| s.scatter.points.iter().map(Vec::len).sum());
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..60 {
        let (t, c) = (Instant::now(), thread_cpu());
        h.step();
        times.push(t.elapsed());
        if let (Some(a), Some(b)) = (c, thread_cpu()) {
            cpu.push(b.saturating_sub(a));
        }
    }
    cpu.sort();
    if !cpu.is_empty() {
        let mean = cpu.iter().sum::<Duration>() / cpu.len() as u32;
        println!(
            "Fit tab frame, CPU time of the UI thread: mean {mean:.2?}, median {:.2?}, max {:.2?}",
            cpu[cpu.len() / 2],
            cpu[cpu.len() - 1]
        );
    }
    let order: Vec<String> = times
        .iter()
        .map(|t| format!("{:.1}", t.as_secs_f64() * 1000.0))
        .collect();
    println!("Fit tab frames in order (ms): {}", order.join(" "));
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "Fit tab frame ({accounts} accounts, {points} distinct scatter points): mean {mean:.2?}, median {:.2?}, max {:.2?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    // Hovering the scatter (nearest-point search and the label).
    h.hover_at(egui::pos2(420.0, 400.0));
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "Fit tab frame while hovering the scatter: median {:.2?}, max {:.2?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
