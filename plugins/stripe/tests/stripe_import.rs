//! The Stripe importer on fixtures built to the Dashboard exports' headers
//! (see the README for where each comes from). Expected records are worked
//! by hand from the rows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, RowProblem, Severity};
use tenure_plugin_stripe::StripeImporter;
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, errors, of_kind};

fn fixture(name: &str, text: &str) -> PathBuf {
    testing::fixture("stripe", name, text.as_bytes())
}

fn run(path: &Path) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&StripeImporter, path, &ImportOptions::default())
}

/// The "Default (23)" column set of today's payments export (header
/// `Created date (UTC)`).
pub const PAYMENTS_NEW: &str = "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Converted Amount Refunded,Converted Currency,Decline Reason,Description,Fee,Refunded date (UTC),Statement Descriptor,Status,Seller Message,Taxes On Fee,Card ID,Customer ID,Customer Description,Customer Email,Invoice ID,Transfer";

/// The older export: `Created (UTC)` and another column order.
pub const PAYMENTS_OLD: &str = "id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured,Card ID";

#[test]
fn payments_are_purchases_net_of_refunds_and_unsettled_ones_are_left_out() {
    let csv = format!(
        "{PAYMENTS_NEW}\n\
ch_1,2025-03-03 14:05:12,100.00,0.00,usd,true,550.00,0.00,brl,,Subscription creation,3.20,,ACME,Paid,Payment complete.,0.00,card_1,cus_A,Acme Ltd,ana@acme.com,in_1,\n\
ch_2,2025-03-10 09:00:00,50.00,20.00,usd,true,275.00,110.00,brl,,Order 17,1.75,2025-03-12 10:00:00,ACME,Paid,Payment complete.,0.00,card_1,cus_A,Acme Ltd,ana@acme.com,,\n\
ch_3,2025-03-11 09:00:00,30.00,30.00,usd,true,165.00,165.00,brl,,Order 18,1.17,2025-03-13 10:00:00,ACME,Refunded,Payment complete.,0.00,card_2,cus_B,,joe@beta.io,,\n\
ch_4,2025-03-12 09:00:00,30.00,0.00,usd,false,165.00,0.00,brl,card_declined,Order 19,0.00,,ACME,Failed,The bank declined.,0.00,card_2,cus_B,,joe@beta.io,,\n\
ch_5,2025-03-13 09:00:00,12.00,0.00,usd,true,66.00,0.00,brl,,Walk-in,0.65,,ACME,Paid,Payment complete.,0.00,card_3,,,,,\n\
ch_6,2025-03-14 09:00:00,12.00,0.00,usd,false,66.00,0.00,brl,,Order 20,0.00,,ACME,Pending,,0.00,card_3,cus_C,Cia Gama,gama@gama.com.br,,\n"
    );
    let path = fixture("unified_payments.csv", &csv);
    assert!(testing::detect(&StripeImporter, &path) >= 95);
    let (r, sink) = run(&path);
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    // The accounts first (one per customer with a payment, in the order
    // met), then the purchases.
    assert_eq!(sink.records[0].record["kind"], "account");
    assert_eq!(
        of_kind(&sink, "account"),
        vec![
            &json!({"kind": "account", "external_id": "cus_A", "name": "Acme Ltd"}),
            &json!({"kind": "account", "external_id": "cus_B", "name": "joe@beta.io"}),
            &json!({"kind": "account", "external_id": "cus_C", "name": "Cia Gama"}),
        ]
    );
    let purchases = of_kind(&sink, "purchase");
    assert_eq!(purchases.len(), 4);
    assert_eq!(
        purchases[0],
        &json!({"kind": "purchase", "external_id": "ch_1", "date": "2025-03-03",
            "amount": "100", "refunded": "0", "currency": "usd",
            "product": "Subscription creation", "account": "cus_A", "status": "paid",
            "purchase_kind": "recurring"})
    );
    // Partly refunded: still paid, 20 of 50 back.
    assert_eq!(purchases[1]["refunded"], "20");
    assert_eq!(purchases[1]["status"], "paid");
    assert_eq!(purchases[1]["purchase_kind"], "one_time");
    assert_eq!(purchases[2]["status"], "refunded");
    assert_eq!(purchases[3]["status"], "failed");
    // No customer, and not settled: warnings naming line and column.
    let skipped: Vec<&RowProblem> = sink
        .problems
        .iter()
        .filter(|p| p.code == "row_skipped")
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped.iter().all(|p| p.severity == Severity::Warning));
    assert_eq!(skipped[0].row, Some(6));
    assert_eq!(
        skipped[0].column.as_deref(),
        Some("Account (from Customer ID)")
    );
    assert!(skipped[0].message.contains("has no customer"));
    assert_eq!(skipped[1].row, Some(7));
    assert!(skipped[1].message.contains("`Pending`"));
}

#[test]
fn the_older_payments_export_reads_the_same() {
    let csv = format!(
        "{PAYMENTS_OLD}\n\
ch_1,Subscription creation,2025-03-03 14:05:12,100.00,0.00,usd,550.00,0.00,3.20,0.00,brl,Live,Paid,ACME,cus_A,Acme Ltd,ana@acme.com,true,card_1\n"
    );
    let path = fixture("unified_payments_old.csv", &csv);
    assert!(testing::detect(&StripeImporter, &path) >= 95);
    let (r, sink) = run(&path);
    assert!(
        r.is_ok() && errors(&sink).is_empty(),
        "{r:?} {:?}",
        sink.problems
    );
    let p = of_kind(&sink, "purchase");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["date"], "2025-03-03");
    assert_eq!(p[0]["amount"], "100");
    assert_eq!(p[0]["account"], "cus_A");
}

#[test]
fn customers_in_either_column_order_are_accounts_with_their_email_as_contact() {
    for (name, csv) in [
        (
            "unified_customers.csv",
            "id,Description,Email,Name,Created (UTC),Delinquent,Business Vat ID\n\
cus_A,Key account,ana@acme.com,Acme Ltd,2024-01-05 10:00,false,\n\
cus_B,,joe@beta.io,,2024-02-01 11:00,false,\n",
        ),
        (
            "unified_customers_2.csv",
            "id,Name,Email,Description,Created (UTC),Account Balance,Delinquent\n\
cus_A,Acme Ltd,ana@acme.com,Key account,2024-01-05 10:00,0,false\n\
cus_B,,joe@beta.io,,2024-02-01 11:00,0,false\n",
        ),
    ] {
        let path = fixture(name, csv);
        assert!(testing::detect(&StripeImporter, &path) >= 95, "{name}");
        let (r, sink) = run(&path);
        assert!(
            r.is_ok() && errors(&sink).is_empty(),
            "{r:?} {:?}",
            sink.problems
        );
        let accounts = of_kind(&sink, "account");
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0]["external_id"], "cus_A");
        assert_eq!(accounts[0]["name"], "Acme Ltd");
        // No name: the e-mail names it.
        assert_eq!(accounts[1]["name"], "joe@beta.io");
        let contacts = of_kind(&sink, "contact");
        assert_eq!(
            contacts[0],
            &json!({"kind": "contact", "account": "cus_A", "email": "ana@acme.com", "name": "Acme Ltd"})
        );
        assert_eq!(contacts.len(), 2);
    }
}

#[test]
fn subscriptions_bill_quantity_times_amount_with_trials_and_scheduled_cancellations() {
    let csv = "id,Customer ID,Customer Name,Customer Email,Plan,Quantity,Currency,Interval,Amount,Status,Created (UTC),Start (UTC),Current Period Start (UTC),Current Period End (UTC),Trial Start (UTC),Trial End (UTC),Canceled At (UTC),Ended At (UTC),Cancellation Reason\n\
sub_1,cus_A,Acme Ltd,ana@acme.com,pro_monthly,3,usd,month,29.90,active,2025-01-01 10:00,2025-01-01 10:00,2025-03-01 10:00,2025-04-01 10:00,,,,,\n\
sub_2,cus_B,,joe@beta.io,pro_yearly,1,usd,year,299.00,trialing,2025-03-01 10:00,2025-03-01 10:00,2025-03-01 10:00,2025-03-15 10:00,2025-03-01 10:00,2025-03-15 10:00,,,\n\
sub_3,cus_C,Cia Gama,,pro_monthly,1,usd,month,29.90,canceled,2025-02-01 10:00,2025-02-01 10:00,2025-02-01 10:00,2025-03-01 10:00,2025-02-01 10:00,2025-02-15 10:00,2025-02-10 10:00,2025-02-10 10:00,cancellation_requested\n\
sub_4,cus_A,Acme Ltd,ana@acme.com,seats,2,usd,month,10.00,canceled,2024-06-01 10:00,2024-06-01 10:00,2024-11-01 10:00,2024-12-01 10:00,,,2024-11-20 10:00,,cancellation_requested\n\
sub_5,cus_A,Acme Ltd,ana@acme.com,seats,1,usd,week,5.00,active,2025-01-01 10:00,2025-01-01 10:00,,,,,,,\n\
sub_6,cus_B,,joe@beta.io,pro_monthly,1,usd,month,29.90,active,2025-01-01 10:00,2025-01-01 10:00,2025-03-01 10:00,2025-04-01 10:00,,,2025-03-05 10:00,,cancellation_requested\n\
sub_7,cus_B,,joe@beta.io,pro_monthly,1,usd,month,29.90,incomplete_expired,2025-01-01 10:00,2025-01-01 10:00,,,,,,,\n";
    let path = fixture("subscriptions.csv", csv);
    assert!(testing::detect(&StripeImporter, &path) >= 95);
    let (r, sink) = run(&path);
    assert!(r.is_ok(), "{r:?}");
    let subs = of_kind(&sink, "subscription");
    // 29.90 × 3 = 89.70, month → monthly, in the subscription's own
    // currency (data-model.md's subscription `currency`).
    assert_eq!(
        subs[0],
        &json!({"kind": "subscription", "external_id": "sub_1", "product": "pro_monthly",
            "account": "cus_A", "start": "2025-01-01", "amount": "89.7",
            "billing_period": "monthly", "currency": "usd"})
    );
    // A trial: its end is the subscription's trial_end (no MRR before it).
    assert_eq!(subs[1]["start"], "2025-03-01");
    assert_eq!(subs[1]["trial_end"], "2025-03-15");
    assert_eq!(subs[1]["billing_period"], "annual");
    // Ended during its trial: kept (a trial that did not convert).
    assert_eq!(
        subs[2],
        &json!({"kind": "subscription", "external_id": "sub_3", "product": "pro_monthly",
            "trial_end": "2025-02-15", "account": "cus_C",
            "start": "2025-02-01", "end": "2025-02-10", "amount": "29.9",
            "billing_period": "monthly", "currency": "usd"})
    );
    // Canceled without an end: it ended when canceled.
    assert_eq!(subs[3]["external_id"], "sub_4");
    assert_eq!(subs[3]["end"], "2024-11-20");
    assert_eq!(subs[3]["amount"], "20");
    // Active with a cancellation asked for: cancels at its period's end.
    assert_eq!(subs[4]["external_id"], "sub_6");
    assert_eq!(subs[4]["cancel_at"], "2025-04-01");
    assert!(subs[4].get("end").is_none());
    assert_eq!(subs.len(), 5);
    // sub_5's weekly interval has no billing period: an error naming the
    // line and column; sub_7 never started: a warning.
    let skipped: Vec<_> = sink
        .problems
        .iter()
        .filter(|p| p.code == "row_skipped")
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].row, Some(8));
    assert!(skipped[0].message.contains("`incomplete_expired`"));
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].row, Some(6));
    assert_eq!(
        errs[0].column.as_deref(),
        Some("Billing period (from Interval)")
    );
}

#[test]
fn invoices_are_purchases_of_what_was_paid() {
    let csv = "id,Number,Customer,Customer Name,Customer Email,Date (UTC),Subscription,Currency,Total,Amount Due,Amount Paid,Amount Remaining,Status,Charge,Closed,Attempted\n\
in_1,A-0001,cus_A,Acme Ltd,ana@acme.com,2025-03-01 10:00,sub_1,usd,89.70,89.70,89.70,0.00,paid,ch_1,true,true\n\
in_2,A-0002,cus_B,,joe@beta.io,2025-03-01 10:00,sub_2,usd,0.00,0.00,0.00,0.00,paid,,true,false\n\
in_3,A-0003,cus_C,Cia Gama,,2025-03-05 10:00,,usd,400.00,400.00,0.00,400.00,open,,false,true\n\
in_4,A-0004,cus_C,Cia Gama,,2025-03-06 10:00,,usd,150.00,150.00,150.00,0.00,paid,ch_9,true,true\n";
    let path = fixture("invoices.csv", csv);
    assert!(testing::detect(&StripeImporter, &path) >= 95);
    let (r, sink) = run(&path);
    assert!(
        r.is_ok() && errors(&sink).is_empty(),
        "{r:?} {:?}",
        sink.problems
    );
    let p = of_kind(&sink, "purchase");
    assert_eq!(p.len(), 2);
    assert_eq!(
        p[0],
        &json!({"kind": "purchase", "external_id": "in_1", "date": "2025-03-01",
            "amount": "89.7", "currency": "usd", "account": "cus_A", "status": "paid",
            "purchase_kind": "recurring"})
    );
    assert_eq!(p[1]["external_id"], "in_4");
    assert_eq!(p[1]["purchase_kind"], "one_time");
    assert_eq!(
        sink.problems
            .iter()
            .filter(|p| p.code == "row_skipped")
            .count(),
        2
    );
    // The accounts the file names, before its purchases.
    assert_eq!(of_kind(&sink, "account").len(), 3);
}

#[test]
fn a_generic_payments_file_is_not_stripes() {
    let path = fixture(
        "payments.csv",
        "payment id,customer,date,amount,currency\np1,Acme,2025-03-03,10.00,USD\n",
    );
    assert_eq!(testing::detect(&StripeImporter, &path), 0);
    let path = fixture(
        "clientes.csv",
        "id,name,email,description,created\n1,Acme,a@acme.com,x,2025-01-01\n",
    );
    assert_eq!(testing::detect(&StripeImporter, &path), 0);
}

#[test]
fn stripes_own_conversion_gives_the_months_rates_in_the_reporting_currency() {
    let csv = format!(
        "{PAYMENTS_NEW}\n\
ch_1,2025-03-03 14:05:12,100.00,0.00,usd,true,550.00,0.00,brl,,Order 1,3.20,,ACME,Paid,,0.00,card_1,cus_A,Acme,,,\n\
ch_2,2025-03-20 09:00:00,80.00,80.00,usd,true,441.00,441.00,brl,,Order 2,1.75,,ACME,Refunded,,0.00,card_1,cus_A,Acme,,,\n\
ch_3,2025-03-21 09:00:00,1000.00,0.00,usd,true,9999.00,0.00,brl,card_declined,Order 3,0.00,,ACME,Failed,,0.00,card_1,cus_A,Acme,,,\n\
ch_4,2025-04-02 09:00:00,10.00,0.00,eur,true,61.23,0.00,brl,,Order 4,0.50,,ACME,Paid,,0.00,card_1,cus_A,Acme,,,\n\
ch_5,2025-04-03 09:00:00,25.00,0.00,brl,true,25.00,0.00,brl,,Order 5,0.50,,ACME,Paid,,0.00,card_1,cus_A,Acme,,,\n"
    );
    let path = fixture("unified_payments_fx.csv", &csv);
    let (r, sink) = testing::run(&StripeImporter, &path, &testing::brl());
    assert!(
        r.is_ok() && errors(&sink).is_empty(),
        "{r:?} {:?}",
        sink.problems
    );
    // March USD: (550 + 441) / (100 + 80) = 991 / 180 = 5.50555… → 5.5055555556
    // (10 places, half-even); the failed payment is no revenue and gives no
    // rate. April EUR: 61.23 / 10 = 6.123. BRL is the reporting currency.
    assert_eq!(
        of_kind(&sink, "fx_rate"),
        vec![
            &json!({"kind": "fx_rate", "month": "2025-03", "currency": "USD", "rate": "5.5055555556"}),
            &json!({"kind": "fx_rate", "month": "2025-04", "currency": "EUR", "rate": "6.123"}),
        ]
    );
    // A database in another currency than Stripe's converted one: no rates.
    let usd = ImportOptions {
        currency: Some("USD".into()),
        ..ImportOptions::default()
    };
    let (_, sink) = testing::run(&StripeImporter, &path, &usd);
    assert!(of_kind(&sink, "fx_rate").is_empty());
}

/// The "columns not read" list of each step (describe, then import).
fn not_read(path: &Path, options: &ImportOptions) -> (Vec<String>, Vec<String>) {
    let list = |problems: &[RowProblem]| -> Vec<String> {
        problems
            .iter()
            .filter(|p| p.code == "unmapped_columns")
            .flat_map(|p| p.args["columns"].split(", ").map(str::to_string))
            .collect()
    };
    let d = tenure_plugin_api::Importer::describe(&StripeImporter, path, options).unwrap();
    let described = d.sheets.iter().flat_map(|s| list(&s.problems)).collect();
    let (r, sink) = testing::run(&StripeImporter, path, options);
    assert!(r.is_ok(), "{r:?}");
    (described, list(&sink.problems))
}

#[test]
fn the_converted_columns_the_rates_read_are_not_listed_as_not_read() {
    let csv = format!(
        "{PAYMENTS_NEW}\n\
ch_1,2025-03-03 14:05:12,100.00,0.00,usd,true,550.00,0.00,brl,,Order 1,3.20,,ACME,Paid,,0.00,card_1,cus_A,Acme,,,\n"
    );
    let path = fixture("unified_payments_read.csv", &csv);
    // Without the database's currency the rates pass does not run: both
    // columns are not read, and listed.
    let (described, imported) = not_read(&path, &ImportOptions::default());
    for c in [
        "Converted Amount",
        "Converted Currency",
        "Converted Amount Refunded",
    ] {
        assert!(described.iter().any(|x| x == c), "{c}: {described:?}");
    }
    assert_eq!(imported, described);
    // With it, the same list less the two the rates read (Converted Amount
    // Refunded stays: nothing reads it).
    let expected: Vec<String> = described
        .iter()
        .filter(|c| *c != "Converted Amount" && *c != "Converted Currency")
        .cloned()
        .collect();
    assert_eq!(expected.len(), described.len() - 2);
    let (described, imported) = not_read(&path, &testing::brl());
    assert_eq!(described, expected);
    assert_eq!(imported, expected);
}
