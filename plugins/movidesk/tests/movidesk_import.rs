//! The Movidesk importer on a fixture built to the ticket API's property
//! names (see the README for where they come from).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::ImportOptions;
use tenure_plugin_movidesk::MovideskImporter;
use tenure_tabular::testing::{self, errors};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn api_columns_are_tickets_with_client_organization_and_real_first_response() {
    let path = fixture("movidesk_tickets.csv");
    // protocol, urgency, baseStatus, justification, ownerTeam, createdDate,
    // resolvedIn, closedIn, slaResponseDate, slaRealResponseDate: 10 of them.
    assert_eq!(testing::detect(&MovideskImporter, &path), 99);
    let (r, sink) = testing::run(&MovideskImporter, &path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let recs: Vec<&serde_json::Value> = sink.records.iter().map(|r| &r.record).collect();
    assert_eq!(recs.len(), 3);
    // origin 3 is "Recebido via email" in the API's documentation.
    assert_eq!(
        recs[0],
        &json!({"kind": "ticket", "external_id": "4001", "opened_at": "2025-03-03T09:00:00",
            "resolved_at": "2025-03-03T17:30:00", "first_response_at": "2025-03-03T09:45:00",
            "requester": "ana@alpha.com.br", "account": "Alpha Ltda", "priority": "Alta",
            "category": "Financeiro", "channel": "email"})
    );
    // 4002 answered at 09:00, opened at 10:00: the time dropped, a warning.
    assert!(recs[1].get("first_response_at").is_none());
    assert_eq!(recs[1]["channel"], "web (client)");
    assert!(
        sink.problems
            .iter()
            .any(|p| p.code == "response_before_opening" && p.row == Some(3))
    );
    assert_eq!(recs[2]["channel"], "chat");
    assert!(recs[2].get("account").is_none());
}

#[test]
fn a_file_without_the_api_columns_is_not_movidesks() {
    let path = testing::fixture(
        "movidesk",
        "tickets.csv",
        b"Ticket ID,Created at,Status\n1,2025-03-03 09:00,Open\n",
    );
    assert_eq!(testing::detect(&MovideskImporter, &path), 0);
}
