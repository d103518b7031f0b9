#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Accounts table budgets, headless: CPU per frame while scrolling, and the
//! time from a search or sort change to the rows shown. Ignored by default;
//! run with `TENURE_BENCH_ACCOUNTS=100000 cargo test --release -p tenure
//! --test ui_accounts_bench -- --ignored --nocapture`.

use egui_kittest::Harness;
use std::time::{Duration, Instant};
use tenure::accounts::{AccountTable, Column, TableQuery};
use tenure::demo::{DemoParams, generate};
use tenure::domain::Month;
use tenure::format::Locale;
use tenure::metrics::Dataset;
use tenure::store::Store;
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};

fn wait(h: &mut Harness<'static, TenureApp>, done: impl Fn(&TenureApp) -> bool) -> Duration {
    let start = Instant::now();
    while !done(h.state()) {
        h.step();
        assert!(start.elapsed() < Duration::from_secs(600), "timed out");
        std::thread::sleep(Duration::from_millis(1));
    }
    start.elapsed()
}

fn stats(mut times: Vec<Duration>) -> String {
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    format!(
        "mean {mean:.2?}, median {:.2?}, p95 {:.2?}, max {:.2?}",
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1]
    )
}

fn ready(a: &TenureApp) -> bool {
    a.accounts.table.is_some() && !a.accounts.busy()
}

#[test]
#[ignore]
fn accounts_table_benchmark() {
    let accounts: u32 = std::env::var("TENURE_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    {
        let mut store = Store::open(&db).unwrap();
        let params = DemoParams {
            accounts,
            months: 36,
            seed: 1,
            end: Month::from_ym(2025, 12),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
    }
    // The library alone: building the snapshot, then queries on it.
    let data = Dataset::load(&Store::open_reader(&db).unwrap()).unwrap();
    let t = Instant::now();
    let table = AccountTable::build(&data, &tenure::metrics::Segments::none());
    println!(
        "{accounts} accounts: table snapshot built in {:.1?}",
        t.elapsed()
    );
    for (what, q) in [
        (
            "search \"ab\"",
            TableQuery {
                search: "ab".into(),
                ..TableQuery::default()
            },
        ),
        (
            "sort by MRR",
            TableQuery {
                sort: Column::Mrr,
                descending: true,
                ..TableQuery::default()
            },
        ),
        (
            "sort by health",
            TableQuery {
                sort: Column::Health,
                ..TableQuery::default()
            },
        ),
        (
            "sort by CSM",
            TableQuery {
                sort: Column::Csm,
                ..TableQuery::default()
            },
        ),
    ] {
        let t = Instant::now();
        let n = table.select(&q).len();
        println!("select, {what}: {:.1?} ({n} rows)", t.elapsed());
    }
    drop(data);

    let prefs = Prefs {
        locale: Locale::En,
        view: View::Accounts,
        ..Prefs::default()
    };
    let app = TenureApp::new(db, prefs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    let first = wait(&mut h, ready);
    println!("open → accounts table shown: {first:.1?}");
    // Let the dashboard figures the worker computes meanwhile finish.
    wait(&mut h, |a| {
        a.cards.is_some()
            && !a.cards_busy()
            && a.series
                .as_ref()
                .is_some_and(|s| s.get(tenure::ui::model::SeriesKey::Adoption).is_some())
    });
    h.run_steps(5);
    // Scrolling: a wheel event over the table every frame.
    let mut times = Vec::new();
    h.hover_at(egui::pos2(700.0, 500.0));
    for i in 0..200 {
        let dy = if i < 150 { -120.0 } else { 400.0 };
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    println!(
        "table frame while scrolling (egui + kittest accesskit): {}",
        stats(times)
    );
    // Search and sort, as a person changes them: until the rows are shown.
    for (what, change) in [
        (
            "search \"ab\"",
            Box::new(|a: &mut TenureApp| a.accounts.query.search = "ab".into())
                as Box<dyn Fn(&mut TenureApp)>,
        ),
        (
            "search cleared",
            Box::new(|a: &mut TenureApp| a.accounts.query.search.clear()),
        ),
        (
            "sort by MRR",
            Box::new(|a: &mut TenureApp| {
                a.accounts.query.sort = Column::Mrr;
                a.accounts.query.descending = true;
            }),
        ),
        (
            "sort by health",
            Box::new(|a: &mut TenureApp| a.accounts.query.sort = Column::Health),
        ),
        (
            "sort by name",
            Box::new(|a: &mut TenureApp| a.accounts.query.sort = Column::Name),
        ),
    ] {
        change(h.state_mut());
        let t = Instant::now();
        h.step();
        let took = t.elapsed() + wait(&mut h, ready);
        h.step();
        println!(
            "{what}: shown after {took:.1?} (query thread {:.1?})",
            h.state().accounts.last_query_time.unwrap_or_default()
        );
    }
}
