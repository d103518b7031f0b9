//! The Recurly importer on fixtures built to Recurly's subscriptions and
//! invoices summary exports (README: where the columns come from). Expected
//! records are worked by hand from the rows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use tenure_plugin_api::ImportOptions;
use tenure_plugin_recurly::RecurlyImporter;
use tenure_tabular::testing::{self, errors, of_kind};

/// The subscriptions export's columns, in the order Recurly documents them
/// (version 6, without custom fields).
pub const SUBSCRIPTIONS: &str = "uuid,account_code,email,plan_code,state,auto_renew,currency,quantity,unit_amount,add_on_amount,total_recurring_amount,current_period_started_at,current_period_ends_at,trial_started_at,trial_ends_at,total_billing_cycles,remaining_billing_cycles,activated_at,modified_at,canceled_at,expires_at,maintenance_url,net_terms,po_number,collection_method,plan_name,started_with_gift,no_billing_info_reason,converted_at,paused_at,remaining_pause_cycles,current_term_started_at,current_term_ends_at,renewal_billing_cycles,shipping_amount_in_cents,shipping_method_code,pricing_model,current_ramp_id,tax_inclusive,subscription_api_id,gateway_code";

/// One subscription row: the columns Tenure reads, the rest empty.
#[allow(clippy::too_many_arguments)]
pub fn sub_row(
    uuid: &str,
    account: &str,
    email: &str,
    state: &str,
    qty: &str,
    unit: &str,
    add_on: &str,
    total: &str,
    period: (&str, &str),
    trial_ends: &str,
    activated: &str,
    canceled: &str,
    expires: &str,
    plan_name: &str,
) -> String {
    format!(
        "{uuid},{account},{email},basic,{state},TRUE,USD,{qty},{unit},{add_on},{total},{},{},,{trial_ends},1,0,{activated},{activated},{canceled},{expires},,0,,automatic,{plan_name},FALSE,,,,,,,1,,,fixed,,false,e28zov4fw0v2,",
        period.0, period.1
    )
}

#[test]
fn subscriptions_in_units_with_trials_cancellations_and_their_accounts_first() {
    let rows = [
        // 99 × 1 + 15 add-ons = 114 a month (the export's own example).
        sub_row(
            "b964b5439c2548a489",
            "acct_1",
            "jane@example.com",
            "active",
            "1",
            "99",
            "15",
            "114",
            ("2024-03-04 00:46:59 PST", "2024-04-04 00:46:59 PDT"),
            "2024-01-04 00:46:59 PST",
            "2023-12-05 00:46:59 PST",
            "",
            "",
            "Gold",
        ),
        // Canceled: live, will not renew; expires_at is when it churns.
        sub_row(
            "c0000000000000000001",
            "acct_2",
            "",
            "canceled",
            "3",
            "29.90",
            "",
            "",
            ("2024-01-31 08:00:00 UTC", "2024-04-30 08:00:00 UTC"),
            "",
            "2023-10-31 08:00:00 UTC",
            "2024-03-02 10:00:00 UTC",
            "2024-04-30 08:00:00 UTC",
            "",
        ),
        // Expired: ended at expires_at; a year's period.
        sub_row(
            "e0000000000000000001",
            "acct_1",
            "jane@example.com",
            "expired",
            "1",
            "1200",
            "0",
            "1200",
            ("2023-02-01 00:00:00 PST", "2024-02-01 00:00:00 PST"),
            "",
            "2022-02-01 00:00:00 PST",
            "2024-01-10 00:00:00 PST",
            "2024-02-01 00:00:00 PST",
            "Annual",
        ),
        // Failed: never created; left out with its reason.
        sub_row(
            "f0000000000000000001",
            "acct_3",
            "",
            "failed",
            "1",
            "10",
            "",
            "10",
            ("", ""),
            "",
            "",
            "",
            "",
            "",
        ),
    ];
    let csv = format!("{SUBSCRIPTIONS}\n{}\n", rows.join("\n"));
    let path = testing::fixture("recurly", "subscriptions.csv", csv.as_bytes());
    assert!(testing::detect(&RecurlyImporter, &path) >= 95);
    let (r, sink) = testing::run(&RecurlyImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(sink.records[0].record["kind"], "account");
    // The failed row's account is created too (its row names it); the
    // account's name is its e-mail, else its code.
    assert_eq!(
        of_kind(&sink, "account"),
        vec![
            &json!({"kind": "account", "external_id": "acct_1", "name": "jane@example.com"}),
            &json!({"kind": "account", "external_id": "acct_2", "name": "acct_2"}),
            &json!({"kind": "account", "external_id": "acct_3", "name": "acct_3"}),
        ]
    );
    let subs = of_kind(&sink, "subscription");
    assert_eq!(subs.len(), 3, "{subs:?}");
    assert_eq!(
        subs[0],
        &json!({"kind": "subscription", "external_id": "b964b5439c2548a489", "product": "Gold",
            "account": "acct_1", "start": "2023-12-05",
            "trial_end": "2024-01-04", "amount": "114", "billing_period": "monthly",
            "currency": "USD"})
    );
    // 29.90 × 3 = 89.70 (no total column value); Jan 31 → Apr 30 is three
    // months; cancels on 2024-04-30; product falls back to plan_code.
    assert_eq!(
        subs[1],
        &json!({"kind": "subscription", "external_id": "c0000000000000000001", "product": "basic",
            "account": "acct_2", "start": "2023-10-31",
            "cancel_at": "2024-04-30", "amount": "89.7", "billing_period": "quarterly",
            "currency": "USD"})
    );
    assert_eq!(subs[2]["end"], "2024-02-01");
    assert_eq!(subs[2]["billing_period"], "annual");
    assert!(subs[2].get("cancel_at").is_none(), "{}", subs[2]);
    let skipped: Vec<_> = sink
        .problems
        .iter()
        .filter(|p| p.message.contains("failed"))
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", sink.problems);
    assert_eq!(skipped[0].row, Some(5));
}

#[test]
fn a_period_with_no_tenure_interval_names_its_line_and_column() {
    let row = sub_row(
        "b1",
        "acct_1",
        "",
        "active",
        "1",
        "10",
        "",
        "10",
        ("2024-03-01 00:00:00 PST", "2024-05-01 00:00:00 PDT"),
        "",
        "2024-01-01 00:00:00 PST",
        "",
        "",
        "Bimonthly",
    );
    let csv = format!("{SUBSCRIPTIONS}\n{row}\n");
    let path = testing::fixture("recurly", "bimonthly.csv", csv.as_bytes());
    let (_, sink) = testing::run(&RecurlyImporter, &path, &ImportOptions::default());
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].row, Some(2));
    assert_eq!(
        errs[0].column.as_deref(),
        Some("Billing period (from the current period's dates)")
    );
    assert!(
        errs[0].message.contains("2024-03-01"),
        "{}",
        errs[0].message
    );
}

/// The invoices summary export's columns, in Recurly's order (version 7).
pub const INVOICES: &str = "id,invoice_number,billed_date,due_on,closed_at,status,net_terms,collection_method,account_code,account_name,account_company,account_line1,account_line2,account_city,account_state,account_zip,account_country,vat_number,po_number,coupon_code,currency,invoice_total,invoice_subtotal,tax_amount,tax_type,tax_region,tax_rate,credit_to_account,recovery_reason,invoice_country,evidence_matched,modified_at,invoice_type,original_invoice_number,ship_address_name,ship_address_line1,ship_address_line2,ship_address_city,ship_address_state,ship_address_zip,ship_address_country,ship_address_phone,invoice_doc_type,invoice_balance,invoice_balance_modified_at,invoice_discount,invoice_subtotal_before_discounts,invoice_refundable_amount,shipping_address_count,dunning_campaign_code,dunning_campaign_id,dunning_campaign_version,used_tax_service,business_entity_code,parent_account_code,invoice_api_id";

/// One invoice row: the columns Tenure reads, the rest empty.
#[allow(clippy::too_many_arguments)]
pub fn inv_row(
    id: &str,
    number: &str,
    billed: &str,
    status: &str,
    account: (&str, &str, &str),
    total: &str,
    kind: &str,
    original: &str,
) -> String {
    format!(
        "{id},{number},{billed},{billed},{billed},{status},on-receipt,automatic,{},{},\"{}\",,,,,,US,,,,USD,{total},{total},0,,,,0,,,,{billed},{kind},{original},,,,,,,,,legacy,,,0,{total},,1,,,,FALSE,,,",
        account.0, account.1, account.2
    )
}

#[test]
fn paid_invoices_are_purchases_and_refunds_pending_and_free_ones_are_left_out() {
    let rows = [
        inv_row(
            "i1",
            "1291",
            "2024-02-19 12:01:33 PST",
            "paid",
            ("123122E", "JJ Smith", "Company, Inc."),
            "100",
            "purchase",
            "",
        ),
        inv_row(
            "i2",
            "1292",
            "2024-03-19 12:01:33 PDT",
            "paid",
            ("123122E", "JJ Smith", "Company, Inc."),
            "49.95",
            "renewal",
            "",
        ),
        inv_row(
            "i3",
            "1293",
            "2024-03-20 09:00:00 PDT",
            "voided",
            ("acct_9", "Ann Lee", ""),
            "20",
            "purchase",
            "",
        ),
        inv_row(
            "i4",
            "1294",
            "2024-03-21 09:00:00 PDT",
            "paid",
            ("123122E", "JJ Smith", "Company, Inc."),
            "-49.95",
            "refund",
            "1292",
        ),
        inv_row(
            "i5",
            "1295",
            "2024-03-22 09:00:00 PDT",
            "past_due",
            ("acct_9", "Ann Lee", ""),
            "10",
            "renewal",
            "",
        ),
        inv_row(
            "i6",
            "1296",
            "2024-03-23 09:00:00 PDT",
            "paid",
            ("acct_9", "Ann Lee", ""),
            "0",
            "renewal",
            "",
        ),
    ];
    let csv = format!("{INVOICES}\n{}\n", rows.join("\n"));
    let path = testing::fixture("recurly", "invoices.csv", csv.as_bytes());
    assert!(testing::detect(&RecurlyImporter, &path) >= 95);
    let (r, sink) = testing::run(&RecurlyImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(
        of_kind(&sink, "account"),
        vec![
            &json!({"kind": "account", "external_id": "123122E", "name": "Company, Inc."}),
            &json!({"kind": "account", "external_id": "acct_9", "name": "Ann Lee"}),
        ]
    );
    let purchases = of_kind(&sink, "purchase");
    assert_eq!(purchases.len(), 3, "{purchases:?}");
    assert_eq!(
        purchases[0],
        &json!({"kind": "purchase", "external_id": "i1", "amount": "100", "currency": "USD",
            "account": "123122E", "date": "2024-02-19", "status": "paid",
            "purchase_kind": "one_time"})
    );
    // A renewal pays a subscription's period; invoice 1294 refunds it in
    // full (-49.95, original_invoice_number 1292).
    assert_eq!(purchases[1]["purchase_kind"], "recurring");
    assert_eq!(purchases[1]["amount"], "49.95");
    assert_eq!(purchases[1]["refunded"], "49.95");
    assert!(purchases[0].get("refunded").is_none());
    assert_eq!(purchases[1]["date"], "2024-03-19");
    assert_eq!(purchases[2]["status"], "void");
    let reasons: Vec<&str> = sink.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        sink.problems
            .iter()
            .filter(|p| p.row.is_some())
            .map(|p| p.row)
            .collect::<Vec<_>>(),
        vec![Some(1), Some(5), Some(6), Some(7)],
        "{reasons:?}"
    );
}

/// Refund invoices of one file folded into the invoices they name, worked
/// by hand: invoice 2001 (120.00) refunded twice, 20.00 and 15.50 → 35.50;
/// 2002 (80) refunded by a voided refund invoice → nothing; 2004 refunds
/// invoice 1999, which is not in the file → a warning, nothing deducted;
/// 2005 has a negative total but no original → a warning.
#[test]
fn refund_invoices_are_deducted_from_the_invoice_they_name() {
    let who = ("acct_1", "Ann Lee", "Lee Co");
    let rows = [
        inv_row(
            "i1",
            "2001",
            "2024-04-01 10:00:00 PDT",
            "paid",
            who,
            "120.00",
            "purchase",
            "",
        ),
        inv_row(
            "i2",
            "2002",
            "2024-04-02 10:00:00 PDT",
            "paid",
            who,
            "80",
            "renewal",
            "",
        ),
        inv_row(
            "i3",
            "2003",
            "2024-04-05 10:00:00 PDT",
            "paid",
            who,
            "-20.00",
            "refund",
            "2001",
        ),
        inv_row(
            "i4",
            "2006",
            "2024-04-09 10:00:00 PDT",
            "paid",
            who,
            "-15.50",
            "refund",
            "2001",
        ),
        inv_row(
            "i5",
            "2007",
            "2024-04-10 10:00:00 PDT",
            "voided",
            who,
            "-80",
            "refund",
            "2002",
        ),
        inv_row(
            "i6",
            "2004",
            "2024-04-11 10:00:00 PDT",
            "paid",
            who,
            "-30",
            "refund",
            "1999",
        ),
        inv_row(
            "i7",
            "2005",
            "2024-04-12 10:00:00 PDT",
            "paid",
            who,
            "-5",
            "purchase",
            "",
        ),
    ];
    let csv = format!("{INVOICES}\n{}\n", rows.join("\n"));
    let path = testing::fixture("recurly", "refunds.csv", csv.as_bytes());
    let (r, sink) = testing::run(&RecurlyImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let purchases = of_kind(&sink, "purchase");
    assert_eq!(purchases.len(), 2, "{purchases:?}");
    assert_eq!(purchases[0]["external_id"], "i1");
    assert_eq!(purchases[0]["amount"], "120");
    assert_eq!(purchases[0]["refunded"], "35.5"); // 35.50, written without its trailing zero
    assert_eq!(purchases[1]["external_id"], "i2");
    assert!(purchases[1].get("refunded").is_none(), "{:?}", purchases[1]);
    let warning = |line: u64| {
        sink.problems
            .iter()
            .find(|p| p.row == Some(line))
            .map(|p| p.message.clone())
            .unwrap_or_default()
    };
    assert!(
        warning(4).contains("deducted from that invoice"),
        "{}",
        warning(4)
    );
    assert!(warning(7).contains("not in this file"), "{}", warning(7));
    assert!(
        warning(8).contains("naming no original_invoice_number"),
        "{}",
        warning(8)
    );
    // The same file gives the same records again (a re-import changes nothing).
    let (_, again) = testing::run(&RecurlyImporter, &path, &ImportOptions::default());
    assert_eq!(of_kind(&again, "purchase"), purchases);
}
