//! The Baremetrics importer on fixtures built to the manual subscription
//! import template (README: where its columns come from). Expected records
//! are worked by hand from the rows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use tenure_plugin_api::ImportOptions;
use tenure_plugin_baremetrics::BaremetricsImporter;
use tenure_tabular::testing::{self, errors, of_kind};

/// The template's header, in its order.
pub const HEADER: &str = "plan_oid,plan_name,plan_currency,plan_amount,plan_interval,plan_interval_count,customer_oid,customer_name,customer_email,subscription_oid,subscription_started_at,subscription_canceled_at,subscription_quantity";

#[test]
fn template_rows_are_subscriptions_in_units_with_their_customers_first() {
    let csv = format!(
        "{HEADER}\n\
plan_1,SEO,USD,5000,month,1,customer_1,Allison Barkley,allison@baremetrics.com,subscription_1,2020-03-31,2020-05-04,1\n\
plan_2,SEM,USD,1999,month,3,customer_1,Allison Barkley,allison@baremetrics.com,subscription_2,2020-03-31,,2\n\
plan_3,Annual,USD,120000,year,1,customer_2,,bo@example.com,subscription_3,2021-01-15,,\n\
plan_4,Every two months,USD,1000,month,2,customer_2,,bo@example.com,subscription_4,2021-01-15,,\n"
    );
    let path = testing::fixture("baremetrics", "subscriptions.csv", csv.as_bytes());
    assert!(testing::detect(&BaremetricsImporter, &path) >= 95);
    let (r, sink) = testing::run(&BaremetricsImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(sink.records[0].record["kind"], "account");
    assert_eq!(
        of_kind(&sink, "account"),
        vec![
            &json!({"kind": "account", "external_id": "customer_1", "name": "Allison Barkley"}),
            &json!({"kind": "account", "external_id": "customer_2", "name": "bo@example.com"}),
        ]
    );
    let subs = of_kind(&sink, "subscription");
    // 5000 cents = 50.00 a month, cancelled on 2020-05-04.
    assert_eq!(
        subs[0],
        &json!({"kind": "subscription", "external_id": "subscription_1", "start": "2020-03-31",
            "end": "2020-05-04", "product": "SEO", "account": "customer_1", "amount": "50",
            "billing_period": "monthly", "currency": "USD"})
    );
    // 19.99 × 2 seats = 39.98 a quarter (month × 3).
    assert_eq!(subs[1]["amount"], "39.98");
    assert_eq!(subs[1]["billing_period"], "quarterly");
    // 1200.00 a year; quantity empty means one.
    assert_eq!(subs[2]["amount"], "1200");
    assert_eq!(subs[2]["billing_period"], "annual");
    assert_eq!(subs.len(), 3);
    // Every two months has no billing period in Tenure: rejected, naming
    // its line and the computed column.
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].row, Some(5));
    assert_eq!(
        errs[0].column.as_deref(),
        Some("Billing period (plan_interval × plan_interval_count)")
    );
}

#[test]
fn a_bad_amount_names_its_line_and_a_generic_file_is_not_baremetrics() {
    let csv = format!(
        "{HEADER}\nplan_1,SEO,USD,$50.00,month,1,customer_1,Allison,a@b.com,subscription_1,2020-03-31,,1\n"
    );
    let path = testing::fixture("baremetrics", "bad.csv", csv.as_bytes());
    let (_, sink) = testing::run(&BaremetricsImporter, &path, &ImportOptions::default());
    // The template wants integer cents: `$50.00` could be 50 dollars or 50
    // cents, so it is refused rather than guessed.
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].row, Some(2));
    assert_eq!(
        errs[0].column.as_deref(),
        Some("Amount (plan_amount cents × subscription_quantity)")
    );
    assert!(
        errs[0].message.contains("not whole cents"),
        "{}",
        errs[0].message
    );
    let plain = testing::fixture(
        "baremetrics",
        "plain.csv",
        b"subscription id,customer,start,amount\ns1,Acme,2024-01-01,10\n",
    );
    assert_eq!(testing::detect(&BaremetricsImporter, &plain), 0);
}
