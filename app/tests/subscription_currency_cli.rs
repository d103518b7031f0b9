//! A subscription priced in US$ in a database reporting in R$ (revenue.md
//! "Currencies"), end to end: its MRR at each month's rate, exact and
//! rounded half-even once per subscription-month, and `null` with the
//! missing rate named where a month has none — never 1:1.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::ok;
use std::path::Path;
use std::process::Output;

/// `tenure` on the book's "today" (2026-06-15).
fn tenure(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--today", "2026-06-15"];
    all.extend_from_slice(args);
    common::cli::tenure(db, &all)
}

/// Hand-worked book, BRL database:
/// - A: US$ 100.00 a month, 2026-01-01 to 2026-05-01 (exclusive: Jan–Apr).
/// - B: R$ 1,000.00 a month from 2026-01-01, still running.
/// - USD rates: Jan 5.10, Feb 5.12345, Apr 5; March has none.
///
/// A's MRR in reais: Jan 100 × 5.10 = 510.00; Feb 100 × 5.12345 = 512.345
/// → 512.34 (half-even: 4 is even; half-up would give 512.35); Mar none;
/// Apr 500.00. With B: 1,510.00, 1,512.34, null, 1,500.00; May 1,000.00.
fn book(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("t.db");
    let files = [
        ("accounts.csv", "external_id,name\nA,Alpha\nB,Beta\n"),
        (
            "subscriptions.csv",
            "account,start,end,amount,currency\n\
             A,2026-01-01,2026-05-01,100.00,USD\n\
             B,2026-01-01,,1000.00,\n",
        ),
        (
            "rates.csv",
            "month,currency,rate\n2026-01,USD,5.10\n2026-02,USD,5.12345\n2026-04,USD,5\n",
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = ok(&tenure(&db, &["import", path.to_str().unwrap()]));
        // Money in USD and in the database's currency: the setting stays.
        assert!(!out.contains("set to USD"), "{out}");
    }
    db
}

fn metrics(db: &Path, month: &str) -> serde_json::Value {
    let out = tenure(db, &["metrics", "--json", "--month", month]);
    serde_json::from_slice(ok(&out).as_bytes()).unwrap()
}

#[test]
fn usd_subscription_mrr_at_each_months_rate_and_null_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(&dir);
    let mrr: Vec<serde_json::Value> = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
        .iter()
        .map(|m| metrics(&db, m)["mrr"].clone())
        .collect();
    assert_eq!(
        mrr,
        [
            serde_json::json!(1510.0),
            serde_json::json!(1512.34),
            serde_json::Value::Null,
            serde_json::json!(1500.0),
            serde_json::json!(1000.0),
        ]
    );
    // February: ARR is 12 × MRR; its movements read January (rated).
    let feb = metrics(&db, "2026-02");
    assert_eq!(feb["arr"], 18148.08);
    assert_eq!(feb["expansion_mrr"], 2.34);
    // April's own MRR has its rate, but its movements read March: null.
    let apr = metrics(&db, "2026-04");
    assert!(apr["new_mrr"].is_null(), "{apr}");
    assert!(apr["contraction_mrr"].is_null(), "{apr}");
    // Counts never need a rate.
    assert_eq!(apr["active_accounts"], 2);
    // May: A ended; the 12 months behind May include March.
    let may = metrics(&db, "2026-05");
    assert_eq!(may["churned_mrr"], 500.0);
    assert!(may["nrr_ttm"].is_null(), "{may}");
    // The table names the missing rate.
    let table = ok(&tenure(&db, &["metrics", "--month", "2026-03"]));
    let line = table.lines().find(|l| l.starts_with("MRR")).unwrap();
    assert!(line.contains("(no USD rate for 2026-03)"), "{line}");
}

/// Committed MRR takes a cancelling US$ subscription off at its converted
/// MRR: A (US$ 100.00, cancel_at 2026-03-15, so January and February)
/// and B (R$ 1,000.00); January 1,510.00 − 510.00 = 1,000.00, February
/// 1,512.34 − 512.34 = 1,000.00, by hand.
#[test]
fn committed_mrr_takes_off_the_converted_mrr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let files = [
        ("accounts.csv", "external_id,name\nA,Alpha\nB,Beta\n"),
        (
            "subscriptions.csv",
            "account,start,amount,currency,cancel_at\n\
             A,2026-01-01,100.00,USD,2026-03-15\n\
             B,2026-01-01,1000.00,,\n",
        ),
        (
            "rates.csv",
            "month,currency,rate\n2026-01,USD,5.10\n2026-02,USD,5.12345\n",
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        ok(&tenure(&db, &["import", path.to_str().unwrap()]));
    }
    for (month, mrr) in [("2026-01", 1510.0), ("2026-02", 1512.34)] {
        let v = metrics(&db, month);
        assert_eq!(v["mrr"], mrr, "{month}");
        assert_eq!(v["committed_mrr"], 1000.0, "{month}");
    }
}
