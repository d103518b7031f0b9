//! Tenure's importer for the Baremetrics manual subscription import
//! template (one row per subscription, with its plan and customer), so a
//! business leaving Baremetrics brings its subscriptions along: each row a
//! `subscription`, and the customers it names created as accounts first
//! when the database lacks them. Amounts are integer cents in the
//! template. Where each column name comes from is in the README.

use tenure_tabular::billing;
use tenure_tabular::vendor::{Column, Companion, Derived, Lookup, Spec, Table};

const CUSTOMER: &[&str] = &["customer_oid"];

fn account(look: &Lookup) -> Option<String> {
    Some(look.text(CUSTOMER).unwrap_or_else(|| {
        "skip:no_customer=subscription|The subscription has no customer_oid, so it cannot be tied to an account".into()
    }))
}

/// `plan_amount` is cents (`5000` = 50.00), times `subscription_quantity`
/// (default 1).
fn amount(look: &Lookup) -> Option<String> {
    let cents = look.text(&["plan_amount"])?;
    let quantity = look.text(&["subscription_quantity"]);
    // Not whole cents: the reader rejects the text, naming line and column.
    Some(
        billing::from_cents(&cents, quantity.as_deref())
            .unwrap_or_else(|| format!("{cents} (not whole cents)")),
    )
}

/// `plan_interval` (month, year) × `plan_interval_count`: a quarterly plan
/// is `month` × 3.
fn period(look: &Lookup) -> Option<String> {
    let interval = look.text(&["plan_interval"])?;
    let count = look.text(&["plan_interval_count"]);
    Some(
        billing::billing_period(&interval, count.as_deref())
            .map(str::to_string)
            // Passed on as written, count included, for the reader to reject
            // (`month` × 2 must not read as monthly).
            .unwrap_or_else(|| match count {
                Some(c) => format!("{interval} × {c}"),
                None => interval,
            }),
    )
}

fn customer_id(look: &Lookup) -> Option<String> {
    look.text(CUSTOMER)
}

fn customer_name(look: &Lookup) -> Option<String> {
    look.text(&["customer_name"])
        .or_else(|| look.text(&["customer_email"]))
        .or_else(|| look.text(CUSTOMER))
}

fn has_customer(look: &Lookup) -> bool {
    look.text(CUSTOMER).is_some()
}

const LABEL: &str = "manual subscription import template";

static TABLES: &[Table] = &[Table {
    kind: "subscription",
    group: false,
    label: LABEL,
    markers: &[
        "plan_oid",
        "plan_name",
        "plan_currency",
        "plan_amount",
        "plan_interval",
        "plan_interval_count",
        "customer_oid",
        "customer_name",
        "customer_email",
        "subscription_oid",
        "subscription_started_at",
        "subscription_canceled_at",
        "subscription_quantity",
    ],
    min_markers: 4,
    columns: &[
        Column {
            field: "external_id",
            headers: &["subscription_oid"],
        },
        Column {
            field: "start",
            headers: &["subscription_started_at"],
        },
        // The cancellation date, not the period's end (the template's note).
        Column {
            field: "end",
            headers: &["subscription_canceled_at"],
        },
        Column {
            field: "product",
            headers: &["plan_name", "plan_oid"],
        },
        Column {
            field: "currency",
            headers: &["plan_currency"],
        },
    ],
    derived: &[
        Derived {
            field: "account",
            header: "Account (from customer_oid)",
            sources: &[],
            compute: account,
        },
        Derived {
            field: "amount",
            header: "Amount (plan_amount cents × subscription_quantity)",
            sources: &["plan_amount"],
            compute: amount,
        },
        Derived {
            field: "billing_period",
            header: "Billing period (plan_interval × plan_interval_count)",
            sources: &["plan_interval"],
            compute: period,
        },
    ],
}];

static COMPANIONS: &[Companion] = &[Companion {
    of: LABEL,
    first: true,
    keep: has_customer,
    table: Table {
        kind: "account",
        group: true,
        label: "the subscription's customer (customer_oid, customer_name, customer_email)",
        markers: &[],
        min_markers: 0,
        columns: &[],
        derived: &[
            Derived {
                field: "external_id",
                header: "External id (from customer_oid)",
                sources: &[],
                compute: customer_id,
            },
            Derived {
                field: "name",
                header: "Name (from customer_name, customer_email)",
                sources: &[],
                compute: customer_name,
            },
        ],
    },
}];

/// The Baremetrics importer's tables.
pub static SPEC: Spec = Spec {
    id: "baremetrics",
    name: "Baremetrics",
    description: "The Baremetrics manual subscription import template (CSV or XLSX): subscriptions with their plan (cents), interval and customer.",
    tables: TABLES,
    refuse: None,
    companions: COMPANIONS,
};

tenure_tabular::vendor_importer!(BaremetricsImporter, SPEC);
