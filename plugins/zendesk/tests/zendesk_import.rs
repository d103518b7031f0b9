//! The Zendesk importer on a fixture built to the ticket CSV export's
//! documented header (see the README for where it comes from).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, RowProblem};
use tenure_plugin_zendesk::ZendeskImporter;
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, errors};

fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    testing::fixture("zendesk", name, bytes)
}

fn run(path: &Path) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&ZendeskImporter, path, &ImportOptions::default())
}

const HEADER: &str = "Id,Requester,Requester id,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,First reply time in minutes within business hours,First resolution time in minutes,First resolution time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Agent wait time in minutes,Agent wait time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours,On hold time in minutes,On hold time in minutes within business hours";

#[test]
fn a_ticket_export_is_tickets_with_requester_organization_and_first_reply() {
    let csv = format!(
        "{HEADER}\n\
101,Ana Souza,9001,,ana@acme.com,acme.com,Ana Souza,Bruno,Support,Export broken,bug,Solved,High,Email,Problem,2025-03-03 09:00:00,2025-03-04 10:00:00,2025-03-03 09:10:00,Acme,,2025-03-03 09:10:00,2025-03-03 17:30:00,0,Good,1,1,0,2,45,45,510,510,510,510,10,10,500,500,0,0\n\
102,Joe,9002,,joe@beta.io,beta.io,Joe,,Support,Question,,Open,Low,Web,Question,2025-03-04 10:00:00,2025-03-04 10:00:00,,,,,,,Unoffered,0,0,0,0,,,,,,,,,,,,\n"
    );
    let path = fixture("tickets-2025-03.csv", csv.as_bytes());
    assert!(testing::detect(&ZendeskImporter, &path) >= 95);
    let (r, sink) = run(&path);
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let recs: Vec<&serde_json::Value> = sink.records.iter().map(|r| &r.record).collect();
    assert_eq!(recs.len(), 2);
    // 09:00 + 45 minutes to the first reply.
    assert_eq!(
        recs[0],
        &json!({"kind": "ticket", "external_id": "101", "opened_at": "2025-03-03T09:00:00",
            "resolved_at": "2025-03-03T17:30:00", "first_response_at": "2025-03-03T09:45:00",
            "requester": "ana@acme.com", "account": "Acme", "priority": "High",
            "channel": "Email", "category": "Problem"})
    );
    // No organization, no reply yet: matched later by e-mail, or anonymous.
    assert_eq!(
        recs[1],
        &json!({"kind": "ticket", "external_id": "102", "opened_at": "2025-03-04T10:00:00",
            "requester": "joe@beta.io", "priority": "Low", "channel": "Web", "category": "Question"})
    );
}

#[test]
fn a_generic_ticket_file_is_not_zendesks() {
    let path = fixture(
        "helpdesk.csv",
        b"ticket_id,created_time,resolved_time,user_id\n1,2025-03-03 09:00,,a@b.com\n",
    );
    assert!(testing::detect(&ZendeskImporter, &path) < 50);
}
