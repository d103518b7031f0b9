//! Tenure's importer for ChartMogul's CSV import template of customers
//! (Data Platform → a custom source → Customers), so a business leaving
//! ChartMogul brings its customer list along: each row an `account`, and
//! its name and e-mail as the account's contact. Where each column name
//! comes from, and which ChartMogul templates are not read, is in the README.

use tenure_tabular::vendor::{Column, Companion, Derived, Lookup, Spec, Table};

/// ChartMogul's `Name` is the customer's primary contact for an
/// organisation (`Company` then names it), else the person who is the
/// customer.
fn account_name(look: &Lookup) -> Option<String> {
    look.text(&["Company"]).or_else(|| look.text(&["Name"]))
}

fn has_email(look: &Lookup) -> bool {
    look.text(&["Email"]).is_some_and(|e| e.contains('@'))
}

fn contact_name(look: &Lookup) -> Option<String> {
    look.text(&["Name"]).or_else(|| look.text(&["Email"]))
}

const LABEL: &str = "customers import template";

static TABLES: &[Table] = &[Table {
    kind: "account",
    group: false,
    label: LABEL,
    markers: &[
        "External ID",
        "Lead created at",
        "Free trial started at",
        "Company",
        "Zip",
    ],
    min_markers: 3,
    columns: &[
        Column {
            field: "external_id",
            headers: &["External ID"],
        },
        Column {
            field: "country",
            headers: &["Country"],
        },
        Column {
            field: "region",
            headers: &["State"],
        },
        Column {
            field: "city",
            headers: &["City"],
        },
    ],
    derived: &[Derived {
        field: "name",
        header: "Name (from Company, Name)",
        sources: &["Company", "Name"],
        compute: account_name,
    }],
}];

static COMPANIONS: &[Companion] = &[Companion {
    of: "account",
    first: false,
    keep: has_email,
    table: Table {
        kind: "contact",
        group: false,
        label: "the customer's contact (Name, Email)",
        markers: &[],
        min_markers: 0,
        columns: &[
            Column {
                field: "account",
                headers: &["External ID"],
            },
            Column {
                field: "email",
                headers: &["Email"],
            },
        ],
        derived: &[Derived {
            field: "name",
            header: "Contact name (from Name, Email)",
            sources: &[],
            compute: contact_name,
        }],
    },
}];

/// The ChartMogul importer's tables.
pub static SPEC: Spec = Spec {
    id: "chartmogul",
    name: "ChartMogul",
    description: "ChartMogul's CSV import template of customers (CSV or XLSX): accounts with their country, state, city and contact.",
    tables: TABLES,
    refuse: None,
    companions: COMPANIONS,
};

tenure_tabular::vendor_importer!(ChartMogulImporter, SPEC);
