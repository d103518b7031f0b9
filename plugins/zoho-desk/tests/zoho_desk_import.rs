//! The Zoho Desk importer on fixtures built to the Tickets module's
//! standard field labels and to a report export's bracketed columns (see
//! the README for where they come from).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::ImportOptions;
use tenure_plugin_zoho_desk::ZohoDeskImporter;
use tenure_tabular::testing::{self, errors};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn records(path: &Path) -> Vec<serde_json::Value> {
    let (r, sink) = testing::run(&ZohoDeskImporter, path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    sink.records.into_iter().map(|r| r.record).collect()
}

#[test]
fn a_latin1_module_export_is_tickets_with_account_and_contact_email() {
    let path = fixture("zoho_desk_tickets_latin1.csv");
    // Ticket Owner, Contact Name, Account Name, Sub Category, Classification,
    // Department, Product Name, Ticket Closed Time: 8 markers, 3 needed.
    assert_eq!(testing::detect(&ZohoDeskImporter, &path), 99);
    let recs = records(&path);
    assert_eq!(recs.len(), 3);
    // Dates day first: 13/03 proves the order.
    assert_eq!(
        recs[0],
        json!({"kind": "ticket", "external_id": "2001", "opened_at": "2025-03-13T09:00:00",
            "resolved_at": "2025-03-13T17:30:00", "requester": "ana@alpha.com.br",
            "account": "Alpha Ltda", "priority": "High", "channel": "Email", "category": "Bug"})
    );
    // Latin-1 decoded: the account's name keeps its accents.
    assert_eq!(recs[2]["account"], "Açaí & Cia");
    assert_eq!(recs[1]["category"], "Dúvida");
    assert!(recs[1].get("account").is_none());
}

#[test]
fn a_report_export_with_bracketed_columns_is_read_too() {
    let path = fixture("zoho_desk_report.csv");
    // Created Time (Ticket), Status (Ticket), Priority (Ticket), Category
    // (Ticket), Ticket Closed Time: 5 markers → 95 + 2.
    assert_eq!(testing::detect(&ZohoDeskImporter, &path), 97);
    let recs = records(&path);
    assert_eq!(
        recs[0],
        json!({"kind": "ticket", "external_id": "3001", "opened_at": "2025-03-10T09:00:00",
            "resolved_at": "2025-03-10T11:00:00", "requester": "ana@alpha.com.br",
            "account": "Alpha Ltda", "priority": "P2-High", "category": "Bug"})
    );
    assert_eq!(
        recs[1],
        json!({"kind": "ticket", "external_id": "3002", "opened_at": "2025-03-11T14:00:00",
            "requester": "nobody@else.org", "priority": "P4-Low", "category": "Access Request"})
    );
}

#[test]
fn a_crm_accounts_file_is_not_zoho_desks() {
    let path = testing::fixture(
        "zoho-desk",
        "accounts.csv",
        b"Account Name,Account Owner,Industry\nAcme,Ana,Retail\n",
    );
    assert_eq!(testing::detect(&ZohoDeskImporter, &path), 0);
}
