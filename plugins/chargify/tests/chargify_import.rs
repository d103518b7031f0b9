//! The Chargify importer on fixtures built to Chargify's Invoices CSV and
//! Customers export (README: where the columns come from). Expected
//! records are worked by hand from the rows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use tenure_plugin_api::ImportOptions;
use tenure_plugin_chargify::ChargifyImporter;
use tenure_tabular::testing::{self, errors, of_kind};

/// The Invoices CSV's columns, in the order Chargify documents them
/// (docs.chargify.com "Exporting Data", Invoices CSV).
pub const INVOICES: &str = "transaction_id,created_at,invoice_id,invoice_number,type,memo,amount_in_cents,starting_balance_in_cents,ending_balance_in_cents,subscription_id,customer_id,customer_name,product_id,product_name,kind,invoice_status,invoice_settled_at,customer_organization,coupon_name";

/// One line item: (transaction id, created_at, invoice number, type,
/// amount in cents, customer id, customer name, organization, kind).
type Item<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

pub fn item(i: Item) -> String {
    let (id, at, number, ty, cents, customer, name, org, kind) = i;
    format!(
        "{id},{at},5{number},{number},{ty},memo {id},{cents},0,0,71,{customer},{name},3,Pro plan,{kind},paid,{at},{org},"
    )
}

#[test]
fn payments_are_purchases_in_cents_and_other_line_items_are_left_out_with_their_reason() {
    let rows = [
        // Row 2: the renewal's charge: a balance, not money collected.
        item((
            "9001",
            "2025-03-01 10:00:00 -0500",
            "1001",
            "charge",
            "4990",
            "11",
            "Ana Lima",
            "Acme Ltd",
            "baseline",
        )),
        // Row 3: its payment (generic kind: a signup or renewal).
        item((
            "9002",
            "2025-03-01 10:00:05 -0500",
            "1001",
            "payment",
            "4990",
            "11",
            "Ana Lima",
            "Acme Ltd",
            "",
        )),
        // Row 4: a one-time payment from a person without organization.
        item((
            "9003",
            "2025-03-09 23:30:00 -0300",
            "1002",
            "Payment",
            "1500",
            "12",
            "Bo Chen",
            "",
            "one_time",
        )),
        // Row 5: a refund of part of it: not tied to a payment.
        item((
            "9004",
            "2025-03-12",
            "1002",
            "refund",
            "500",
            "12",
            "Bo Chen",
            "",
            "",
        )),
        // Row 6: a zero payment.
        item((
            "9005",
            "2025-03-13",
            "1003",
            "payment",
            "0",
            "12",
            "Bo Chen",
            "",
            "",
        )),
        // Row 7: a coupon adjustment (negative).
        item((
            "9006",
            "2025-03-14",
            "1003",
            "adjustment",
            "-1000",
            "12",
            "Bo Chen",
            "",
            "coupon",
        )),
        // Row 8: a payment without a customer.
        item((
            "9007",
            "2025-03-15",
            "1004",
            "payment",
            "2500",
            "",
            "",
            "",
            "",
        )),
        // Row 9: a charge's customer that never paid is not created.
        item((
            "9008",
            "2025-03-16",
            "1005",
            "charge",
            "700",
            "13",
            "Cy Dee",
            "",
            "one_time",
        )),
    ];
    let csv = format!("{INVOICES}\n{}\n", rows.join("\n"));
    let path = testing::fixture("chargify", "invoices.csv", csv.as_bytes());
    assert!(testing::detect(&ChargifyImporter, &path) >= 95);
    let (r, sink) = testing::run(&ChargifyImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(sink.records[0].record["kind"], "account");
    assert_eq!(
        of_kind(&sink, "account"),
        vec![
            &json!({"kind": "account", "external_id": "11", "name": "Acme Ltd"}),
            &json!({"kind": "account", "external_id": "12", "name": "Bo Chen"}),
        ]
    );
    let purchases = of_kind(&sink, "purchase");
    assert_eq!(purchases.len(), 2, "{purchases:?}");
    // 4990 cents = 49.90; the local date of 10:00 -05:00 is March 1.
    assert_eq!(
        purchases[0],
        &json!({"kind": "purchase", "external_id": "9002", "date": "2025-03-01",
            "product": "Pro plan", "account": "11", "amount": "49.9", "status": "paid",
            "purchase_kind": "recurring"})
    );
    // 23:30 at -03:00 is still March 9 where it was paid.
    assert_eq!(
        purchases[1],
        &json!({"kind": "purchase", "external_id": "9003", "date": "2025-03-09",
            "product": "Pro plan", "account": "12", "amount": "15", "status": "paid",
            "purchase_kind": "one_time"})
    );
    let warned: Vec<(Option<u64>, &str)> = sink
        .problems
        .iter()
        .filter(|p| p.row.is_some())
        .map(|p| (p.row, p.message.as_str()))
        .collect();
    let rows: Vec<Option<u64>> = warned.iter().map(|w| w.0).collect();
    // Row 1 is the header's "columns not read" note.
    assert_eq!(
        rows,
        vec![
            Some(1),
            Some(2),
            Some(5),
            Some(6),
            Some(7),
            Some(8),
            Some(9)
        ],
        "{warned:?}"
    );
    let says = |row: u64, text: &str| {
        warned
            .iter()
            .any(|(r, m)| *r == Some(row) && m.contains(text))
    };
    assert!(says(2, "`charge`"), "{warned:?}");
    assert!(says(5, "invoice 1002"), "{warned:?}");
    assert!(says(5, "payment_id"), "{warned:?}");
    assert!(says(6, "zero"), "{warned:?}");
    assert!(says(7, "`adjustment`"), "{warned:?}");
    assert!(says(8, "customer_id"), "{warned:?}");
}

#[test]
fn an_amount_with_a_decimal_point_is_rejected_not_read_as_units() {
    let row = item((
        "9100",
        "2025-03-01",
        "1100",
        "payment",
        "49.90",
        "11",
        "Ana Lima",
        "",
        "",
    ));
    let csv = format!("{INVOICES}\n{row}\n");
    let path = testing::fixture("chargify", "units.csv", csv.as_bytes());
    let (_, sink) = testing::run(&ChargifyImporter, &path, &ImportOptions::default());
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].row, Some(2));
    assert_eq!(
        errs[0].column.as_deref(),
        Some("Amount (from amount_in_cents)")
    );
    assert!(errs[0].message.contains("49.90"), "{}", errs[0].message);
}

/// The Customers export's first columns (A–H) and the one after, as
/// Chargify documents them; the rest of that export is not confirmed.
pub const CUSTOMERS: &str =
    "id,first_name,last_name,organization,email,created_at,reference,address,address_2";

#[test]
fn customers_are_accounts_with_their_email_as_a_contact() {
    let csv = format!(
        "{CUSTOMERS}\n\
         11,Ana,Lima,Acme Ltd,ana@acme.com,2016-06-03 12:43:50 -0400,acme-1,1 Main St,Suite 2\n\
         12,Bo,Chen,,bo@chen.io,2016-06-04 09:00:00 -0400,,,\n\
         13,,,,,2016-06-05 09:00:00 -0400,ref-13,,\n"
    );
    let path = testing::fixture("chargify", "customers.csv", csv.as_bytes());
    assert!(testing::detect(&ChargifyImporter, &path) >= 95);
    let (r, sink) = testing::run(&ChargifyImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let accounts = of_kind(&sink, "account");
    assert_eq!(accounts.len(), 3, "{accounts:?}");
    // Organization, else first + last name, else the id.
    assert_eq!(accounts[0]["external_id"], "11");
    assert_eq!(accounts[0]["name"], "Acme Ltd");
    assert_eq!(accounts[1]["name"], "Bo Chen");
    assert_eq!(accounts[2]["name"], "13");
    // Columns Tenure has no field for are kept on the account.
    assert_eq!(
        accounts[0]["custom"]["reference"], "acme-1",
        "{}",
        accounts[0]
    );
    assert_eq!(
        of_kind(&sink, "contact"),
        vec![
            &json!({"kind": "contact", "account": "11", "email": "ana@acme.com", "name": "Ana Lima"}),
            &json!({"kind": "contact", "account": "12", "email": "bo@chen.io", "name": "Bo Chen"}),
        ]
    );
}

#[test]
fn a_generic_contacts_list_is_not_a_chargify_customers_export() {
    // Five of the nine names: below the seven the export needs.
    let csv =
        "id,first_name,last_name,email,created_at,phone\n1,Ana,Lima,ana@acme.com,2024-01-01,555\n";
    let path = testing::fixture("chargify", "contacts.csv", csv.as_bytes());
    assert_eq!(testing::detect(&ChargifyImporter, &path), 0);
}
