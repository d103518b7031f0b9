//! The Freshdesk importer on a fixture built to the ticket export's field
//! labels (see the README for where they come from).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::ImportOptions;
use tenure_plugin_freshdesk::FreshdeskImporter;
use tenure_tabular::testing::{self, errors};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_ticket_export_is_tickets_with_requester_company_and_first_response() {
    let path = fixture("freshdesk_tickets.csv");
    // 11 markers, 3 needed: 95 + 4 (the most beyond the minimum).
    assert_eq!(testing::detect(&FreshdeskImporter, &path), 99);
    let (r, sink) = testing::run(&FreshdeskImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let recs: Vec<&serde_json::Value> = sink.records.iter().map(|r| &r.record).collect();
    assert_eq!(recs.len(), 4);
    assert_eq!(
        recs[0],
        &json!({"kind": "ticket", "external_id": "1001", "opened_at": "2025-03-03T09:00:00",
            "resolved_at": "2025-03-03T17:30:00", "first_response_at": "2025-03-03T09:45:00",
            "requester": "ana@alpha.com.br", "account": "Alpha Ltda", "priority": "High",
            "channel": "Email", "category": "Problem"})
    );
    // 1002's first response (09:00) is before its opening (10:00): the
    // time is dropped with a warning on its line (a multi-line quoted
    // description makes it line 3 to 5), the ticket kept.
    assert_eq!(
        recs[1],
        &json!({"kind": "ticket", "external_id": "1002", "opened_at": "2025-03-04T10:00:00",
            "requester": "carla@beta.com.br", "priority": "Medium",
            "channel": "Portal", "category": "Question"})
    );
    let warned: Vec<_> = sink
        .problems
        .iter()
        .filter(|p| p.code == "response_before_opening")
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", sink.problems);
    assert_eq!(warned[0].row, Some(3));
    // No company: matched later by e-mail, or counted in the company only.
    assert_eq!(recs[3]["requester"], "ze@unknown.org");
    assert!(recs[3].get("account").is_none());
    assert!(recs[3].get("first_response_at").is_none());
}

#[test]
fn a_generic_helpdesk_file_is_not_freshdesks() {
    // The snake-cased file of issue #24 shares two columns, not three.
    let path = testing::fixture(
        "freshdesk",
        "helpdesk.csv",
        b"ticket_id,status,created_time,initial_time,agent_interactions,customer_interactions\n1,Open,2025-03-03 09:00,,1,1\n",
    );
    assert_eq!(testing::detect(&FreshdeskImporter, &path), 0);
}
