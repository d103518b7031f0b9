//! The first import into an empty database whose money is all in one
//! currency sets the reporting currency (revenue.md "Currencies"), end to
//! end through `tenure import`: the line it prints, `reporting_currency` in
//! `--json`, and the setting `metrics --json` reports afterwards.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::{ok, tenure};
use std::path::Path;

/// The database's reporting currency, as `metrics --json` says it.
fn currency(db: &Path) -> String {
    let out = tenure(db, &["metrics", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(ok(&out).as_bytes()).unwrap();
    v["currency"].as_str().unwrap().to_string()
}

/// A fresh database with two accounts (no money yet) and a purchases file
/// with the spec's field names in `currencies`, one row each.
fn setup(dir: &tempfile::TempDir, currencies: &[&str]) -> (std::path::PathBuf, String) {
    let db = dir.path().join("t.db");
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, "external_id,name\nA,Alpha\nB,Beta\n").unwrap();
    let text = ok(&tenure(&db, &["import", accounts.to_str().unwrap()]));
    // Accounts bring no money: nothing to say about the currency.
    assert!(!text.contains("currency"), "{text}");
    let mut csv = String::from("account,date,amount,currency,external_id\n");
    for (i, c) in currencies.iter().enumerate() {
        csv.push_str(&format!("A,2026-0{}-10,120.00,{c},P{i}\n", i + 1));
    }
    let purchases = dir.path().join("purchases.csv");
    std::fs::write(&purchases, csv).unwrap();
    (db, purchases.display().to_string())
}

#[test]
fn a_first_import_all_in_usd_sets_usd_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (db, purchases) = setup(&dir, &["USD", "usd"]);
    assert_eq!(currency(&db), "BRL");
    // A dry run says what it would do and changes nothing.
    let text = ok(&tenure(&db, &["import", &purchases, "--dry-run"]));
    assert!(
        text.contains("would set the reporting currency to USD"),
        "{text}"
    );
    assert_eq!(currency(&db), "BRL");
    let text = ok(&tenure(&db, &["import", &purchases]));
    assert!(
        text.contains("Reporting currency set to USD: the first import's money is all in USD."),
        "{text}"
    );
    assert_eq!(currency(&db), "USD");
    // The purchases are now in the reporting currency: 2 × 120.00 of
    // revenue in January–February, no rate needed.
    let out = tenure(
        &db,
        &["metrics", "--json", "--from", "2026-01", "--to", "2026-02"],
    );
    let v: serde_json::Value = serde_json::from_slice(ok(&out).as_bytes()).unwrap();
    assert_eq!(v["revenue"], 240.0);
}

#[test]
fn the_json_report_carries_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (db, purchases) = setup(&dir, &["USD"]);
    let text = ok(&tenure(&db, &["import", &purchases, "--json"]));
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(
        v["reporting_currency"],
        serde_json::json!({
            "currency": "USD",
            "previous": "BRL",
            "found": ["USD"],
            "outcome": "set",
        })
    );
    assert_eq!(currency(&db), "USD");
}

#[test]
fn a_first_import_in_two_currencies_keeps_the_setting_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (db, purchases) = setup(&dir, &["USD", "EUR"]);
    let text = ok(&tenure(&db, &["import", &purchases]));
    assert!(
        text.contains(
            "Reporting currency kept at BRL: the first import's money is in more than one currency (EUR, USD)."
        ),
        "{text}"
    );
    assert_eq!(currency(&db), "BRL");
}

#[test]
fn a_second_import_never_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, purchases) = setup(&dir, &["USD"]);
    ok(&tenure(&db, &["import", &purchases]));
    assert_eq!(currency(&db), "USD");
    let eur = dir.path().join("eur.csv");
    std::fs::write(
        &eur,
        "account,date,amount,currency,external_id\nB,2026-03-10,50.00,EUR,E1\n",
    )
    .unwrap();
    let text = ok(&tenure(&db, &["import", eur.to_str().unwrap(), "--json"]));
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["inserted"], 1);
    assert!(v.get("reporting_currency").is_none(), "{v}");
    assert_eq!(currency(&db), "USD");
}
