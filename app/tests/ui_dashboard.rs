#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The window, headless (egui_kittest): welcome → demo data → dashboard,
//! language, period and segment, each checked against the metrics engine
//! (and `tenure metrics --json`) computed independently.

mod common;

use common::ui::{mrr_card, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tenure::domain::{Money, Month};
use tenure::format::{self, Locale};
use tenure::metrics::{Dataset, Query};
use tenure::store::Store;
use tenure::ui::model::Kpi;
use tenure::ui::{Prefs, TenureApp};

fn harness(db: PathBuf, locale: Locale) -> Harness<'static, TenureApp> {
    common::ui::demo_harness(db, locale, 80, 18, 7)
}

fn settled(app: &TenureApp) -> bool {
    app.cards.is_some() && !app.cards_busy()
}

/// The engine's report for a month and segment, computed on its own.
fn engine_mrr(db: &Path, month: Month, filters: &[(&str, &str)]) -> (Money, String) {
    let conn = Store::open_reader(db).expect("reader");
    let data = Dataset::load(&conn).expect("dataset");
    let mut q = Query::month(month);
    for (k, v) in filters {
        q = q.with_filter(k, v);
    }
    let r = data.report(&q).expect("report");
    (r.mrr, r.currency.clone())
}

fn default_month(db: &Path) -> Month {
    let conn = Store::open_reader(db).expect("reader");
    Dataset::load(&conn).expect("dataset").default_month()
}

/// Welcome → "Explore with demo data" → the dashboard on the demo database.
fn open_demo(dir: &Path, locale: Locale) -> (Harness<'static, TenureApp>, PathBuf) {
    let real = dir.join("tenure.db");
    let mut h = harness(real.clone(), locale);
    wait_for(&mut h, "the welcome screen", |a| a.info().is_some());
    h.get_by_label_contains("Explore with demo data").click();
    wait_for(&mut h, "the demo dashboard", |a| a.is_demo() && settled(a));
    let demo = tenure::paths::demo_db_path_for(&real);
    assert_eq!(h.state().current_db, demo);
    (h, demo)
}

#[test]
fn ui_welcome_demo_dashboard_shows_engine_mrr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (h, demo) = open_demo(dir.path(), Locale::En);
    let month = default_month(&demo);
    let (mrr, currency) = engine_mrr(&demo, month, &[]);
    assert!(mrr.cents() > 0);
    let text = format::money(mrr, &currency, Locale::En);
    // The card shows exactly the engine's figure, and the demo is labelled.
    h.get_by_label(&text);
    h.get_by_label_contains("DEMO DATA");
    h.get_by_label("Back to my database");
    assert_eq!(mrr_card(h.state()), Some(mrr.as_units_f64()));
    // Hovering the card explains the figure: formula and the counts behind it.
    let mut h = h;
    h.get_by_label(&text).hover();
    // Tooltips wait for the pointer to rest (about half a second).
    for _ in 0..60 {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.get_by_label_contains("Sum of every active account's monthly recurring revenue");
    let active = h
        .state()
        .cards
        .as_ref()
        .and_then(|c| c.get(Kpi::ActiveAccounts))
        .and_then(|v| v.value.clone().ok())
        .expect("active accounts");
    h.get_by_label(&format!("Based on: {} active accounts", active as i64));
}

#[test]
fn ui_language_switch_changes_labels_and_number_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, demo) = open_demo(dir.path(), Locale::En);
    let (mrr, currency) = engine_mrr(&demo, default_month(&demo), &[]);
    assert!(h.query_all_by_label_contains("Dashboard").count() > 0);
    h.get_by_label(&format::money(mrr, &currency, Locale::En));
    // Settings → Português.
    h.get_by_label_contains("Settings").click();
    h.run_steps(3);
    h.get_by_label("Português (Brasil)").click();
    h.run_steps(3);
    h.get_by_label("📊  Painel").click();
    h.run_steps(5);
    assert!(h.query_by_label_contains("Dashboard").is_none());
    assert!(h.query_all_by_label_contains("Configurações").count() > 0);
    let pt = format::money(mrr, &currency, Locale::PtBr);
    assert!(pt.starts_with("R$ ") && pt.contains(','), "{pt}");
    h.get_by_label(&pt);
    assert!(
        h.query_by_label(&format::money(mrr, &currency, Locale::En))
            .is_none()
    );
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Churn de clientes");
}

#[test]
fn ui_period_change_changes_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, demo) = open_demo(dir.path(), Locale::En);
    let month = default_month(&demo);
    let before = mrr_card(h.state());
    h.get_by_label("◀").click();
    wait_for(&mut h, "the previous month", |a| {
        settled(a) && a.cards.as_ref().and_then(|c| c.to) == Some(month.plus(-1))
    });
    let (mrr, currency) = engine_mrr(&demo, month.plus(-1), &[]);
    assert_eq!(mrr_card(h.state()), Some(mrr.as_units_f64()));
    assert_ne!(
        mrr_card(h.state()),
        before,
        "the demo's MRR moves month to month"
    );
    h.get_by_label(&format::money(mrr, &currency, Locale::En));
    assert!(
        h.query_all_by_label(&format::month(month.plus(-1), Locale::En))
            .count()
            > 0
    );
}

#[test]
fn ui_segment_filter_matches_cli_metrics_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, demo) = open_demo(dir.path(), Locale::En);
    let month = default_month(&demo);
    let plan = h
        .state()
        .info()
        .and_then(|i| i.options.get("plan"))
        .and_then(|v| v.first().cloned())
        .expect("the demo has plans");
    let all = mrr_card(h.state());
    h.get_by(|n| n.value().as_deref() == Some("Plan: All"))
        .click();
    h.run_steps(3);
    h.get_by_label(&plan).click();
    wait_for(&mut h, "the segment's figures", |a| {
        settled(a) && a.prefs.filters.get("plan") == Some(&plan)
    });
    // What `tenure metrics --where plan=… --json` says for the same month.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(&demo)
        .args(["metrics", "--json", "--month", &month.to_string()])
        .arg("--where")
        .arg(format!("plan={plan}"))
        .output()
        .expect("tenure metrics");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let cli_mrr = json["mrr"].as_f64().expect("mrr");
    let shown = mrr_card(h.state()).expect("mrr card");
    assert!((shown - cli_mrr).abs() < 0.005, "{shown} vs {cli_mrr}");
    assert_ne!(Some(shown), all);
    let currency = json["currency"].as_str().unwrap_or("BRL").to_string();
    h.get_by_label(&format::money(
        Money::from_cents((cli_mrr * 100.0).round() as i64),
        &currency,
        Locale::En,
    ));
}

#[test]
fn ui_chart_csv_export_writes_the_engine_series() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, demo) = open_demo(dir.path(), Locale::En);
    wait_for(&mut h, "the charts", |a| a.series.is_some());
    // The demo's purchase section sits above the charts: bring them into
    // view as the window does when opened on a chart (a click outside the
    // scrolled view reaches nothing).
    h.state_mut().scroll_to_chart = true;
    h.run_steps(3);
    h.get_by_label("MRR and ARR").click();
    h.run_steps(3);
    h.get_by_label_contains("Export CSV").click();
    h.run_steps(3);
    let month = default_month(&demo);
    let path = dir
        .path()
        .join("exports")
        .join(format!("mrrarr-{month}-{month}.csv"));
    let csv = std::fs::read_to_string(&path).expect("the CSV file");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("month,MRR,ARR"));
    let last = csv.lines().last().expect("a row");
    let (mrr, _) = engine_mrr(&demo, month, &[]);
    assert_eq!(
        last,
        format!(
            "{month},{},{}",
            mrr.as_units_f64(),
            Money::from_cents(mrr.cents() * 12).as_units_f64()
        )
    );
}

#[test]
fn ui_prefs_round_trip_for_persistence() {
    use tenure::ui::model::{ChartKind, PeriodKind, View};
    let mut prefs = Prefs {
        locale: Locale::PtBr,
        dark: true,
        view: View::Settings,
        chart: ChartKind::Cohorts,
        ..Prefs::default()
    };
    prefs.period.kind = PeriodKind::Quarter;
    prefs.period.anchor = Some(Month::from_ym(2025, 5).index());
    prefs.filters.insert("plan".into(), "Pro".into());
    let text = serde_json::to_string(&prefs).expect("serialize");
    let back: Prefs = serde_json::from_str(&text).expect("deserialize");
    assert_eq!(back, prefs);
    // Older saved state without some keys still loads.
    let partial: Prefs = serde_json::from_str(r#"{"dark": true}"#).expect("partial");
    assert!(partial.dark);
}

/// The custom range, chosen from the period menu: the cards show the
/// engine's figures for the whole range.
#[test]
fn ui_custom_range_shows_the_engine_figures_for_the_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, demo) = open_demo(dir.path(), Locale::En);
    let month = default_month(&demo);
    // Combo boxes show their choice as their value.
    h.get_by(|n| n.value().as_deref() == Some("Month")).click();
    h.run_steps(2);
    h.get_by_label("Custom range").click();
    h.run_steps(2);
    assert!(h.query_by_label("From").is_some());
    // Three months ending at the default month (the month menus hold every
    // month with data; the range is set as they set it).
    let from = month.plus(-2);
    assert!(h.state().available_months().contains(&from));
    h.state_mut().prefs.period.custom_from = Some(from.index());
    wait_for(&mut h, "the custom range", |a| {
        settled(a)
            && a.cards
                .as_ref()
                .is_some_and(|c| c.from == Some(from) && c.to == Some(month))
    });
    let conn = Store::open_reader(&demo).expect("reader");
    let data = Dataset::load(&conn).expect("dataset");
    let report = data.report(&Query::range(from, month)).expect("report");
    let churn = h
        .state()
        .cards
        .as_ref()
        .and_then(|c| c.get(Kpi::LogoChurn))
        .and_then(|v| v.value.clone().ok());
    assert_eq!(churn, report.logo_churn_rate);
    assert_eq!(mrr_card(h.state()), Some(report.mrr.as_units_f64()));
}
