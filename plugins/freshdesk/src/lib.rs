//! Tenure's importer for Freshdesk ticket exports (Tickets → Export, CSV or
//! Excel): each row a `ticket`. The ticket's account is the requester's
//! `Company Name` (matched to an account by external id or exact name);
//! failing that the host matches the requester's `Email` to a contact or
//! its domain to an account's, else the ticket counts in the company's
//! support figures only (docs/surveys.md). Where each column name comes
//! from, and what is not confirmed, is in the README.

use tenure_tabular::vendor::{Column, Spec, Table};

static TABLES: &[Table] = &[Table {
    kind: "ticket",
    group: false,
    label: "Freshdesk tickets export",
    // Columns of the ticket export that no other helpdesk or CRM importer
    // uses (the generic "Ticket ID", "Status", "Priority" are not proof).
    markers: &[
        "Initial response time",
        "First response time (in hrs)",
        "Resolution time (in hrs)",
        "Agent interactions",
        "Customer interactions",
        "Resolution status",
        "First response status",
        "Survey results",
        "Due by Time",
        "Last update time",
        "Time tracked",
    ],
    min_markers: 3,
    columns: &[
        Column {
            field: "external_id",
            headers: &["Ticket ID"],
        },
        Column {
            field: "opened_at",
            headers: &["Created time"],
        },
        Column {
            field: "resolved_at",
            headers: &["Resolved time"],
        },
        // The instant of the first agent response (the "(in hrs)" column
        // is the same span in business hours: not read).
        Column {
            field: "first_response_at",
            headers: &["Initial response time"],
        },
        Column {
            field: "requester",
            headers: &["Email"],
        },
        Column {
            field: "account",
            headers: &["Company Name"],
        },
        Column {
            field: "priority",
            headers: &["Priority"],
        },
        Column {
            field: "channel",
            headers: &["Source"],
        },
        Column {
            field: "category",
            headers: &["Type"],
        },
    ],
    derived: &[],
}];

/// The Freshdesk importer's tables.
pub static SPEC: Spec = Spec {
    id: "freshdesk",
    name: "Freshdesk",
    description: "Freshdesk ticket exports (CSV or XLSX): tickets with their requester, company, times and first response.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(FreshdeskImporter, SPEC);
