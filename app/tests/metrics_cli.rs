//! `tenure metrics` and `tenure accounts` end to end, on demo data.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::tenure;

fn demo_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("t.db");
    let out = tenure(
        &db,
        &["demo", "--accounts", "80", "--months", "14", "--seed", "3"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

const KEYS: &[&str] = &[
    "period",
    "currency",
    "mrr",
    "arr",
    "arpa",
    "arpu",
    "active_accounts",
    // Issue 23: counted apart from every customer figure.
    "prospects",
    "prospect_conversions",
    "new_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churned_mrr",
    "reactivation_mrr",
    "quick_ratio",
    "logo_churn_rate",
    "logo_retention_rate",
    "nrr",
    "grr",
    "nrr_ttm",
    "grr_ttm",
    "ltv",
    "cac",
    "ltv_cac",
    "cac_payback_months",
    "nps",
    "nps_responses",
    "csat",
    "csat_mean",
    "ces",
    "ces_low_effort",
    "time_to_onboard_days_median",
    "time_to_onboard_days_mean",
    "activation_rate",
    "time_to_value_days_median",
    "adoption_rate",
    "license_utilization",
    "tickets_per_customer",
    "first_response_hours_median",
    "first_response_hours_mean",
    "resolution_hours_median",
    "resolution_hours_mean",
    "open_tickets",
    "touch_coverage",
    "upsell_rate",
    "offer_acceptance",
    "health",
    // Purchases (revenue.md).
    "revenue",
    "purchasing_customers",
    "orders",
    "average_order_value",
    "repeat_customer_rate",
    "returning_revenue",
    "purchase_frequency",
    "lapsed_customers",
    // revenue.md: subscriptions' trials and scheduled cancellations.
    "trial_conversion_rate",
    "committed_mrr",
];

#[test]
fn metrics_json_has_exactly_the_cli_md_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let out = tenure(&db, &["metrics", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = KEYS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want);
    let health: Vec<&str> = v["health"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(health.len(), 4);
    for k in ["healthy", "at_risk", "critical", "no_score"] {
        assert!(health.contains(&k));
    }
    assert!(v["period"]["from"].is_string() && v["period"]["to"].is_string());
    assert!(v["mrr"].is_number());
    // The same month asked for explicitly gives the same figures.
    let month = v["period"]["to"].as_str().unwrap().to_string();
    let again = tenure(&db, &["metrics", "--json", "--month", &month]);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn metrics_by_plan_returns_one_object_per_plan_with_segment() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let total: serde_json::Value =
        serde_json::from_slice(&tenure(&db, &["metrics", "--json"]).stdout).unwrap();
    let out = tenure(&db, &["metrics", "--json", "--by", "plan"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() >= 2);
    let mut cents = 0i64;
    for item in list {
        assert!(item["segment"].is_string());
        assert!(item.get("nrr").is_some());
        cents += (item["mrr"].as_f64().unwrap() * 100.0).round() as i64;
    }
    assert_eq!(
        cents,
        (total["mrr"].as_f64().unwrap() * 100.0).round() as i64
    );
    let names: Vec<&str> = list
        .iter()
        .map(|i| i["segment"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
}

#[test]
fn metrics_table_and_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let out = tenure(&db, &["metrics"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("MRR") && text.contains("NRR (12 months)"));
    let v: serde_json::Value = serde_json::from_slice(
        &tenure(
            &db,
            &[
                "metrics", "--json", "--from", "2020-01", "--to", "2020-03", "--where", "plan=Pro",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(v["period"]["from"], "2020-01");
    assert_eq!(v["mrr"], serde_json::json!(0.0));
    assert!(v["nrr"].is_null());
}

#[test]
fn bad_input_is_one_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    for args in [
        vec!["metrics", "--month", "2025-13"],
        vec!["metrics", "--where", "colour=red"],
        vec!["metrics", "--by", "colour"],
        vec!["metrics", "--from", "2025-05", "--to", "2025-01"],
    ] {
        let out = tenure(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn accounts_json_has_health_and_band() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let out = tenure(&db, &["accounts", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 80);
    let mut scored = 0;
    for a in list {
        match a["health"].as_u64() {
            Some(h) => {
                scored += 1;
                assert!(h <= 100);
                let band = a["band"].as_str().unwrap();
                let want = if h >= 70 {
                    "healthy"
                } else if h >= 40 {
                    "at_risk"
                } else {
                    "critical"
                };
                assert_eq!(band, want);
            }
            None => assert!(a["health"].is_null() && a["band"].is_null()),
        }
    }
    assert!(scored > 0);
}

/// A subscription's trial, discount and scheduled cancellation, imported
/// from CSV under the spec's names (and Stripe's `Trial End (UTC)`), change
/// MRR month by month as revenue.md says. Hand-worked:
/// - A: 100.00 a month from 10 Jan, trial to 15 Mar: Jan 0, Feb 0, Mar on 100.00;
/// - B: 300.00 a quarter less 30.00 a quarter: 270.00 / 3 = 90.00 a month;
/// - C: 99.99 a month at 15 % off = 84.9915 → 84.99, cancels on 1 May:
///   Jan–Apr 84.99 (30 Apr is before 1 May), none from May.
#[test]
fn trial_discount_and_cancel_at_shape_mrr_month_by_month() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, "external_id,name\nA,Alpha\nB,Beta\nC,Gamma\n").unwrap();
    let subs = dir.path().join("subscriptions.csv");
    std::fs::write(
        &subs,
        "account,start,amount,billing_period,Trial End (UTC),discount,discount_percent,cancel_at\n\
         A,2025-01-10,100.00,monthly,2025-03-15,,,\n\
         B,2025-01-01,300.00,quarterly,,30.00,,\n\
         C,2025-01-01,99.99,monthly,,,15,2025-05-01\n",
    )
    .unwrap();
    for file in [&accounts, &subs] {
        let out = tenure(&db, &["import", file.to_str().unwrap(), "--json"]);
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let metrics = |month: &str| -> serde_json::Value {
        let out = tenure(
            &db,
            &[
                "--today",
                "2025-07-15",
                "metrics",
                "--json",
                "--month",
                month,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let mrr: Vec<f64> = [
        "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
    ]
    .iter()
    .map(|m| metrics(m)["mrr"].as_f64().unwrap())
    .collect();
    assert_eq!(mrr, [174.99, 174.99, 274.99, 274.99, 190.0, 190.0]);
    // committed_mrr: C's cancellation on 1 May falls within the three
    // months after February (Mar–May) and March (Apr–Jun), not after
    // January (Feb–Apr ends 30 Apr): 174.99; 174.99 − 84.99; 274.99 − 84.99.
    let committed: Vec<f64> = ["2025-01", "2025-02", "2025-03"]
        .iter()
        .map(|m| metrics(m)["committed_mrr"].as_f64().unwrap())
        .collect();
    assert_eq!(committed, [174.99, 90.0, 190.0]);
    // A's trial ended in March and March was paid: 1 of 1; February had
    // no trial ending, so the rate is undefined.
    assert_eq!(metrics("2025-03")["trial_conversion_rate"], 1.0);
    assert!(metrics("2025-02")["trial_conversion_rate"].is_null());
}
