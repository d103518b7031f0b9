//! `tenure ltv` end to end: purchases imported from CSV, the JSON of
//! revenue.md, and the sentence when there are too few repeat customers.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::tenure;
use std::fmt::Write;
use std::path::Path;

fn import(db: &Path, file: &Path) {
    let out = tenure(db, &["import", file.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `n` customers whose purchases the models' own processes draw
/// (`tenure::ltv::simulate`, CDNOW-like parameters, observed to day 400
/// from 2025-01-06), and two fixed for checks by hand: C0 buys twice on
/// day 0 only; C1 on day 0, then 20.00 every 21 days four times. Day 400
/// (2026-02-10) is the last purchase (C0's second visit that day would be
/// a repeat, so C0 buys on day 400 only in `latest`).
fn book(dir: &Path, n: usize) -> std::path::PathBuf {
    use tenure::ltv::{bgnbd::BgNbd, gamma_gamma::GammaGamma, simulate};
    let db = dir.join("t.db");
    let mut accounts = String::from("external_id,name\n");
    let mut purchases = String::from("account,date,amount,external_id\n");
    let day = |d: i32| {
        let base = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        (base + chrono::Duration::days(i64::from(d)))
            .format("%Y-%m-%d")
            .to_string()
    };
    let bg = BgNbd {
        r: 0.8,
        alpha: 20.0,
        a: 0.8,
        b: 2.4,
    };
    let gg = GammaGamma {
        p: 6.0,
        q: 4.0,
        gamma: 15.0,
    };
    let mut drawn = simulate::purchases(n.saturating_sub(2), &bg, &gg, 400, 9);
    drawn.insert(0, vec![(0, 1_000), (0, 500)]);
    drawn.insert(1, (0..5).map(|k| (21 * k, 2_000)).collect());
    for (i, list) in drawn.iter().enumerate() {
        writeln!(accounts, "C{i},Customer {i}").unwrap();
        for (k, (d, cents)) in list.iter().enumerate() {
            writeln!(
                purchases,
                "C{i},{},{}.{:02},P{i}-{k}",
                day(*d),
                cents / 100,
                cents % 100
            )
            .unwrap();
        }
    }
    // The latest purchase, which ends the calibration period by default.
    writeln!(purchases, "C2,{},20.00,P2-last", day(400)).unwrap();
    let (a, p) = (dir.join("accounts.csv"), dir.join("purchases.csv"));
    std::fs::write(&a, accounts).unwrap();
    std::fs::write(&p, purchases).unwrap();
    import(&db, &a);
    import(&db, &p);
    db
}

#[test]
fn ltv_json_has_the_spec_keys_and_the_summaries_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path(), 300);
    let out = tenure(&db, &["ltv", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let model = v["model"].as_object().unwrap();
    let mut keys: Vec<&str> = model.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "a",
            "alpha",
            "b",
            "customers",
            "gamma",
            "log_likelihood",
            "p",
            "q",
            "r",
            "repeaters",
            "time_unit"
        ]
    );
    assert_eq!(v["model"]["time_unit"], "week");
    assert_eq!(v["model"]["customers"], 300);
    let repeaters = v["model"]["repeaters"].as_u64().unwrap();
    assert!((20..300).contains(&repeaters), "{repeaters}");
    let customers = v["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 300);
    let by_id = |id: &str| customers.iter().find(|c| c["external_id"] == id).unwrap();
    let mut ck: Vec<&str> = by_id("C0")
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    ck.sort_unstable();
    assert_eq!(
        ck,
        [
            "age",
            "clv",
            "expected_purchases",
            "expected_value",
            "external_id",
            "frequency",
            "monetary",
            "p_alive",
            "recency"
        ]
    );
    // C0: day 0 twice (one transaction), no repeat: x = 0, t_x = 0,
    // T = 400 days / 7 weeks (day 400 ends the period); p_alive is 1.
    let c0 = by_id("C0");
    assert_eq!(
        (c0["frequency"].as_u64(), c0["recency"].as_f64()),
        (Some(0), Some(0.0))
    );
    assert_eq!(c0["age"].as_f64(), Some(400.0 / 7.0));
    assert_eq!(c0["p_alive"].as_f64(), Some(1.0));
    // C1: 4 repeats every 21 days: x = 4, t_x = 84 / 7 = 12 weeks, mean
    // repeat value 20.00.
    let c7 = by_id("C1");
    assert_eq!(c7["frequency"].as_u64(), Some(4));
    assert_eq!(c7["recency"].as_f64(), Some(12.0));
    assert_eq!(c7["monetary"].as_f64(), Some(20.0));
    for c in customers {
        let p = c["p_alive"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        let (e, val, clv) = (
            c["expected_purchases"].as_f64().unwrap(),
            c["expected_value"].as_f64().unwrap(),
            c["clv"].as_f64().unwrap(),
        );
        assert!((clv - e * val).abs() < 1e-9 * clv.max(1.0));
    }
    // A calibration end on day 63 (2025-03-10): C1 has bought on days 0,
    // 21, 42, 63: x = 3, t_x = 9 weeks, T = 9 weeks.
    let out = tenure(&db, &["ltv", "--json", "--calibration-end", "2025-03-10"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c7 = v["customers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["external_id"] == "C1")
        .unwrap()
        .clone();
    assert_eq!(c7["frequency"].as_u64(), Some(3));
    assert_eq!(c7["recency"].as_f64(), Some(9.0));
    assert_eq!(c7["age"].as_f64(), Some(9.0));
}

#[test]
fn too_few_repeat_customers_is_one_sentence_and_no_model() {
    let dir = tempfile::tempdir().unwrap();
    // 12 customers: C0 buys once, C1..C11 twice (days 1 and 10 of March).
    let db = dir.path().join("t.db");
    let mut accounts = String::from("external_id,name\n");
    let mut purchases = String::from("account,date,amount\n");
    for i in 0..12 {
        writeln!(accounts, "C{i},Customer {i}").unwrap();
        writeln!(purchases, "C{i},2025-03-01,10.00").unwrap();
        if i > 0 {
            writeln!(purchases, "C{i},2025-03-10,12.00").unwrap();
        }
    }
    let (a, p) = (
        dir.path().join("accounts.csv"),
        dir.path().join("purchases.csv"),
    );
    std::fs::write(&a, accounts).unwrap();
    std::fs::write(&p, purchases).unwrap();
    import(&db, &a);
    import(&db, &p);
    let out = tenure(&db, &["ltv", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["model"].is_null());
    // 12 customers, all but C0 repeat: 11.
    assert_eq!(
        v["reason"],
        "No model: 11 customers bought more than once (on different days); BG/NBD and Gamma-Gamma need at least 20."
    );
    assert_eq!(v["customers"].as_array().unwrap().len(), 12);
    assert!(v["customers"][0]["p_alive"].is_null());
    let table = tenure(&db, &["ltv"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("No model: 11 customers"), "{text}");
    let bad = tenure(&db, &["ltv", "--horizon-weeks", "0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 to 520 weeks"));
}
