//! The ChartMogul importer on a fixture built to the customers CSV import
//! template (README: where its columns come from).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use tenure_plugin_api::ImportOptions;
use tenure_plugin_chartmogul::ChartMogulImporter;
use tenure_tabular::testing::{self, errors, of_kind};

pub const HEADER: &str =
    "Name,Email,Company,Country,State,City,Zip,External ID,Lead created at,Free trial started at";

#[test]
fn customers_are_accounts_named_by_company_with_their_contact() {
    let csv = format!(
        "{HEADER}\n\
Ana Lima,ana@acme.com,Acme Ltd,US,CA,San Jose,95112,cus_0001,2024-01-02,2024-01-10\n\
Joe Bloggs,joe@example.com,,GB,,London,,cus_0002,,\n"
    );
    let path = testing::fixture("chartmogul", "customers.csv", csv.as_bytes());
    assert!(testing::detect(&ChartMogulImporter, &path) >= 95);
    let (r, sink) = testing::run(&ChartMogulImporter, &path, &ImportOptions::default());
    assert!(
        r.is_ok() && errors(&sink).is_empty(),
        "{r:?} {:?}",
        sink.problems
    );
    let accounts = of_kind(&sink, "account");
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0]["external_id"], "cus_0001");
    assert_eq!(accounts[0]["name"], "Acme Ltd");
    assert_eq!(accounts[0]["country"], "US");
    assert_eq!(accounts[0]["region"], "CA");
    assert_eq!(accounts[0]["city"], "San Jose");
    // An individual: the person's name.
    assert_eq!(accounts[1]["name"], "Joe Bloggs");
    assert_eq!(
        of_kind(&sink, "contact")[0],
        &json!({"kind": "contact", "account": "cus_0001", "email": "ana@acme.com", "name": "Ana Lima"})
    );
}

#[test]
fn a_generic_customer_list_is_not_chartmoguls() {
    let path = testing::fixture(
        "chartmogul",
        "plain.csv",
        b"name,email,company,country\nAna,a@b.com,Acme,US\n",
    );
    assert_eq!(testing::detect(&ChartMogulImporter, &path), 0);
}
