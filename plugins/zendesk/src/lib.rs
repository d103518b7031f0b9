//! Tenure's importer for Zendesk Support ticket exports (Admin Center →
//! Account → Tools → Reports → Export, CSV; or the same table saved as
//! XLSX): each row a `ticket`. The ticket's account is its `Organization`
//! (a company name, matched to an account by exact name); failing that the
//! host matches `Requester email` to a contact or its domain to an
//! account's, else the ticket is anonymous (docs/surveys.md). Where each
//! column name comes from, and what is not confirmed, is in the README.

use tenure_tabular::vendor::{Column, Spec, Table};

static TABLES: &[Table] = &[Table {
    kind: "ticket",
    group: false,
    label: "Zendesk tickets export",
    // Columns of the ticket CSV export that no other helpdesk or CRM
    // importer uses.
    markers: &[
        "Requester email",
        "Requester domain",
        "Requester external id",
        "Submitter",
        "Initially assigned at",
        "Solved at",
        "Group stations",
        "Assignee stations",
        "Reopens",
        "First reply time in minutes",
        "Full resolution time in minutes",
        "Requester wait time in minutes",
    ],
    min_markers: 3,
    columns: &[
        Column {
            field: "external_id",
            headers: &["Id", "Ticket ID"],
        },
        Column {
            field: "opened_at",
            headers: &["Created at"],
        },
        Column {
            field: "resolved_at",
            headers: &["Solved at"],
        },
        // Minutes after the opening: the reader turns them into the
        // first response's instant.
        Column {
            field: "first_response_minutes",
            headers: &["First reply time in minutes"],
        },
        Column {
            field: "requester",
            headers: &["Requester email"],
        },
        Column {
            field: "account",
            headers: &["Organization"],
        },
        Column {
            field: "priority",
            headers: &["Priority"],
        },
        Column {
            field: "channel",
            headers: &["Via"],
        },
        Column {
            field: "category",
            headers: &["Ticket type"],
        },
    ],
    derived: &[],
}];

/// The Zendesk importer's tables.
pub static SPEC: Spec = Spec {
    id: "zendesk",
    name: "Zendesk",
    description: "Zendesk Support ticket exports (CSV or XLSX): tickets with their requester, organization, times and first reply.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(ZendeskImporter, SPEC);
