//! Tenure's importer for Zoho Desk ticket exports: the Tickets module's
//! export (its columns are the standard ticket fields' labels) and a
//! tickets report exported from Reports (its columns carry the module in
//! brackets: `Created Time (Ticket)`). Each row a `ticket`. The ticket's
//! account is its `Account Name` (matched to an account by external id or
//! exact name); failing that the host matches the requester's `Email` to a
//! contact or its domain to an account's, else the ticket counts in the
//! company's support figures only (docs/surveys.md). Where each column name
//! comes from, and what is not confirmed, is in the README.

use tenure_tabular::vendor::{Column, Spec, Table};

static TABLES: &[Table] = &[Table {
    kind: "ticket",
    group: false,
    label: "Zoho Desk tickets export",
    // Standard ticket fields no other helpdesk or CRM importer names, and
    // the report export's bracketed columns.
    markers: &[
        "Ticket Owner",
        "Contact Name",
        "Account Name",
        "Sub Category",
        "Classification",
        "Department",
        "Product Name",
        "Ticket Closed Time",
        "Created Time (Ticket)",
        "Status (Ticket)",
        "Priority (Ticket)",
        "Category (Ticket)",
    ],
    min_markers: 3,
    columns: &[
        Column {
            field: "external_id",
            headers: &["Ticket Id", "Request Id", "Ticket Id (Ticket)"],
        },
        Column {
            field: "opened_at",
            headers: &["Created Time", "Created Time (Ticket)"],
        },
        Column {
            field: "resolved_at",
            headers: &["Ticket Closed Time", "Closed Time"],
        },
        Column {
            field: "requester",
            headers: &["Email", "Email (Ticket)"],
        },
        Column {
            field: "account",
            headers: &["Account Name", "Account Name (Ticket)"],
        },
        Column {
            field: "priority",
            headers: &["Priority", "Priority (Ticket)"],
        },
        Column {
            field: "channel",
            headers: &["Channel", "Channel (Ticket)"],
        },
        Column {
            field: "category",
            headers: &["Category", "Category (Ticket)", "Classification"],
        },
    ],
    derived: &[],
}];

/// The Zoho Desk importer's tables.
pub static SPEC: Spec = Spec {
    id: "zoho-desk",
    name: "Zoho Desk",
    description: "Zoho Desk ticket exports (CSV or XLSX, module or report export): tickets with their contact's e-mail, account, times and channel.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(ZohoDeskImporter, SPEC);
