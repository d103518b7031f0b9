#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! One health truth on the demo: the dashboard's "At risk" and "Critical"
//! cards, the accounts table the window builds, `tenure metrics --json`
//! and `tenure accounts --json` count the same bands for the same month,
//! and no churned account has a score.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use serde_json::Value;
use std::process::Command;
use tenure::demo::DemoParams;
use tenure::format::Locale;
use tenure::store::Store;
use tenure::ui::model::{Kpi, View};
use tenure::ui::{Prefs, TenureApp};

fn cli(db: &std::path::Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn card(app: &TenureApp, kpi: Kpi) -> u64 {
    app.cards
        .as_ref()
        .and_then(|c| c.get(kpi))
        .and_then(|v| v.value.clone().ok())
        .expect("card value") as u64
}

#[test]
fn dashboard_table_and_cli_count_the_same_bands_and_churned_accounts_have_no_score() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    {
        let mut store = Store::open(&db).unwrap();
        let params = DemoParams {
            accounts: 300,
            months: 24,
            seed: 16,
            end: tenure::domain::Date::today().month(),
        };
        tenure::demo::generate(&mut store, &params, &mut |_| true).unwrap();
    }
    let prefs = Prefs {
        locale: Locale::En,
        view: View::Dashboard,
        ..Prefs::default()
    };
    let app = TenureApp::new(db.clone(), prefs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    wait_for(&mut h, "the dashboard", |a| {
        a.cards.is_some() && !a.cards_busy()
    });
    let (at_risk, critical) = (card(h.state(), Kpi::AtRisk), card(h.state(), Kpi::Critical));
    let month = h.state().cards.as_ref().and_then(|c| c.to).unwrap();

    // The accounts table the window shows.
    h.state_mut().prefs.view = View::Accounts;
    wait_for(&mut h, "the accounts table", |a| a.accounts.table.is_some());
    let table = h.state().accounts.table.clone().unwrap();
    assert_eq!(table.month, Some(month));
    let counts = table.band_counts();
    assert_eq!((counts.at_risk, counts.critical), (at_risk, critical));
    for r in &table.rows {
        if r.churned || !r.active {
            assert_eq!(r.health, None, "{} is churned or inactive", r.external_id);
        }
    }

    // The command line, at its default month (the same month).
    let metrics = cli(&db, &["metrics", "--json"]);
    assert_eq!(metrics["period"]["to"], Value::String(month.to_string()));
    let health = &metrics["health"];
    assert_eq!(health["at_risk"], at_risk);
    assert_eq!(health["critical"], critical);
    assert_eq!(health["healthy"], counts.healthy);
    assert_eq!(health["no_score"], counts.no_score);
    let accounts = cli(&db, &["accounts", "--json"]);
    let list = accounts.as_array().unwrap();
    assert_eq!(list.len(), table.rows.len());
    let count = |band: &str| list.iter().filter(|a| a["band"] == band).count() as u64;
    assert_eq!(count("healthy"), counts.healthy);
    assert_eq!(count("at_risk"), at_risk);
    assert_eq!(count("critical"), critical);
    let churned: Vec<&Value> = list.iter().filter(|a| a["status"] == "churned").collect();
    assert!(!churned.is_empty(), "the demo has churned accounts");
    for a in &churned {
        assert_eq!(a["health"], Value::Null, "{}", a["external_id"]);
        assert_eq!(a["band"], Value::Null);
        assert_eq!(a["health_status"], "not_a_customer");
    }
    // The demo has scored accounts in every band it claims, and the three
    // views agree on a figure that is not trivially zero.
    assert!(counts.healthy + at_risk + critical > 100);
    // "Not enough data" accounts name what they lack.
    for a in list
        .iter()
        .filter(|a| a["health_status"] == "not_enough_data")
    {
        assert!(a["health_missing"].as_array().is_some_and(|m| m.len() >= 4));
    }
}
