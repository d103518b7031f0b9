//! `tenure workload` end to end on demo data: the JSON carries books,
//! sizing and the proposal; settings change the figures; accepted moves
//! are written and undone.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::tenure;
use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo_db(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("w.db");
    ok(&tenure(
        &db,
        &["demo", "--accounts", "300", "--months", "14", "--seed", "5"],
    ));
    db
}

fn workload_json(db: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(&tenure(db, &["workload", "--json"]))).unwrap()
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap()
}

#[test]
fn workload_json_carries_books_sizing_and_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let w = workload_json(&db);
    let csms = w["csms"].as_array().unwrap();
    assert!(!csms.is_empty());
    for key in [
        "name",
        "accounts",
        "accounts_by_tier",
        "arr",
        "load_hours",
        "capacity_hours",
        "utilization",
        "at_risk",
        "critical",
        "open_tickets",
        "renewals_90d",
        "median_days_since_touch",
    ] {
        assert!(csms[0].get(key).is_some(), "missing csms[].{key}");
    }
    // Every active account is in exactly one book (metrics computed apart).
    let metrics: serde_json::Value =
        serde_json::from_str(&ok(&tenure(&db, &["metrics", "--json"]))).unwrap();
    let in_books: u64 = csms.iter().map(|c| c["accounts"].as_u64().unwrap()).sum();
    assert_eq!(in_books, metrics["active_accounts"].as_u64().unwrap());
    let s = &w["sizing"];
    for key in [
        "hours_per_csm",
        "required_now",
        "required_now_rounded",
        "current",
        "target_utilization",
        "passes_target_in",
        "projection",
    ] {
        assert!(s.get(key).is_some(), "missing sizing.{key}");
    }
    let load: f64 = csms.iter().map(|c| f(&c["load_hours"])).sum();
    assert!((f(&s["required_now"]) - load / 120.0).abs() < 1e-6);
    assert_eq!(
        s["required_now_rounded"].as_u64().unwrap(),
        (load / 120.0 - 1e-9).ceil() as u64
    );
    assert_eq!(s["projection"].as_array().unwrap().len(), 24);
    let p0 = &s["projection"][0];
    assert!(p0["month"].is_string() && p0["accounts"].is_number() && p0["required"].is_number());
    assert!(w["rebalance"].is_array());
    // Unassigned accounts (3 % in the demo) are a row with a null name.
    assert!(csms.iter().any(|c| c["name"].is_null()));

    // product_complexity=high (× 1.3) raises every base-hours part.
    ok(&tenure(
        &db,
        &[
            "workload",
            "set",
            "product_complexity=high",
            "monthly_churn=0",
            "new_accounts_per_month=0",
        ],
    ));
    let w2 = workload_json(&db);
    assert!(f(&w2["sizing"]["required_now"]) > f(&s["required_now"]));
    let proj = w2["sizing"]["projection"].as_array().unwrap();
    // No growth, no churn: never above today's requirement.
    let now = f(&w2["sizing"]["required_now"]);
    assert!(proj.iter().all(|p| f(&p["required"]) <= now + 1e-9));
    let bad = tenure(&db, &["workload", "set", "product_complexity=extreme"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("product_complexity"));
}

#[test]
fn accepting_the_proposal_writes_moves_that_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    // A tight team: a low target so that some CSM is above it.
    ok(&tenure(&db, &["workload", "set", "target_utilization=0.2"]));
    let before = workload_json(&db);
    let moves = before["rebalance"].as_array().unwrap().clone();
    if moves.is_empty() {
        // Nothing movable in this data: the proposal is rightly empty.
        return;
    }
    let out = ok(&tenure(&db, &["workload", "rebalance", "--accept", "all"]));
    let id: String = out
        .split("change ")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .unwrap()
        .to_string();
    let after = workload_json(&db);
    let names = |w: &serde_json::Value| -> Vec<(Option<String>, u64)> {
        w["csms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().map(String::from),
                    c["accounts"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_ne!(names(&before), names(&after));
    ok(&tenure(&db, &["undo", &id]));
    assert_eq!(names(&before), names(&workload_json(&db)));
}

#[test]
fn csm_management_and_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let current = |db: &Path| workload_json(db)["sizing"]["current"].as_u64().unwrap();
    let n = current(&db);
    ok(&tenure(
        &db,
        &["csm", "add", "Zoe Newhire", "--capacity", "100"],
    ));
    assert_eq!(current(&db), n + 1);
    let w = workload_json(&db);
    let zoe = w["csms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Zoe Newhire")
        .unwrap()
        .clone();
    assert_eq!(f(&zoe["capacity_hours"]), 100.0);
    ok(&tenure(&db, &["csm", "deactivate", "Zoe Newhire"]));
    assert_eq!(current(&db), n);
    assert!(!tenure(&db, &["csm", "add", "zoe newhire"]).status.success());
    ok(&tenure(&db, &["workload", "scenarios", "save", "Base"]));
    ok(&tenure(&db, &["workload", "set", "hours_per_csm=100"]));
    ok(&tenure(&db, &["workload", "scenarios", "save", "Lean"]));
    let list: serde_json::Value =
        serde_json::from_str(&ok(&tenure(&db, &["workload", "scenarios", "--json"]))).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let base = f(&list[1]["sizing"]["required_now"]);
    let lean = f(&list[2]["sizing"]["required_now"]);
    // Same hours over 100 h instead of 120 h per CSM.
    assert!((lean - base * 1.2).abs() < 1e-6, "{base} {lean}");
}
