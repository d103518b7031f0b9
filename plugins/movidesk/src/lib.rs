//! Tenure's importer for Movidesk tickets saved as a table (CSV or XLSX)
//! with the columns of Movidesk's ticket API (`id`, `createdDate`,
//! `resolvedIn`, `slaRealResponseDate`, `urgency`, `origin`, the client's
//! `clients.email` and organization …): the shape the API's exports and
//! Power BI connections write. Each row a `ticket`. The ticket's account is
//! the client's organization (matched to an account by external id or
//! exact name); failing that the host matches the client's e-mail to a
//! contact or its domain to an account's, else the ticket counts in the
//! company's support figures only (docs/surveys.md). Where each column
//! name comes from, and what is not confirmed, is in the README.

use tenure_tabular::vendor::{Column, Derived, Lookup, Spec, Table};

/// `origin`, the opening channel, is a code in the API (documented in
/// "API do Movidesk - Tickets"); a table that already holds words keeps them.
fn channel(look: &Lookup) -> Option<String> {
    let origin = look.text(&["origin"])?;
    let name = match origin.as_str() {
        "1" => "web (client)",
        "2" => "web (agent)",
        "3" => "email",
        "4" => "system trigger",
        "5" => "chat",
        "7" => "email (sent by the system)",
        "8" => "contact form",
        "9" => "web API",
        "10" => "scheduled",
        _ => return Some(origin),
    };
    Some(name.to_string())
}

static TABLES: &[Table] = &[Table {
    kind: "ticket",
    group: false,
    label: "Movidesk tickets (API columns)",
    // Property names of the ticket API that no other importer uses.
    markers: &[
        "protocol",
        "urgency",
        "baseStatus",
        "justification",
        "ownerTeam",
        "createdDate",
        "resolvedIn",
        "closedIn",
        "slaResponseDate",
        "slaRealResponseDate",
        "slaSolutionDate",
        "serviceFirstLevel",
        "lifetimeWorkingTime",
        "actionCount",
        "lastActionDate",
    ],
    min_markers: 3,
    columns: &[
        Column {
            field: "external_id",
            headers: &["id"],
        },
        Column {
            field: "opened_at",
            headers: &["createdDate"],
        },
        Column {
            field: "resolved_at",
            headers: &["resolvedIn"],
        },
        // The instant the first response was really given (the SLA's
        // record of it; `slaResponseDate` is the deadline, not read).
        Column {
            field: "first_response_at",
            headers: &["slaRealResponseDate"],
        },
        Column {
            field: "requester",
            headers: &["clients.email", "email"],
        },
        Column {
            field: "account",
            headers: &[
                "clients.organization.businessName",
                "organization.businessName",
                "organization",
            ],
        },
        Column {
            field: "priority",
            headers: &["urgency"],
        },
        Column {
            field: "category",
            headers: &["category"],
        },
    ],
    derived: &[Derived {
        field: "channel",
        header: "Channel (from origin)",
        sources: &["origin"],
        compute: channel,
    }],
}];

/// The Movidesk importer's tables.
pub static SPEC: Spec = Spec {
    id: "movidesk",
    name: "Movidesk",
    description: "Movidesk tickets (CSV or XLSX with the ticket API's columns): tickets with their client's e-mail, organization, times and first response.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(MovideskImporter, SPEC);
