//! Tenure's importer for Recurly's exports: the subscriptions export →
//! subscriptions, the invoices summary export → purchases, from CSV (or the
//! same table saved as XLSX). Amounts are in currency units (`unit_amount`
//! 99, `invoice_total` 100), read exactly. Each file creates the accounts
//! its rows name (`account_code`) that the database lacks before its own
//! records, and leaves stored accounts alone. Where each column name comes
//! from, and what is not confirmed, is in the README.

mod dates;
mod refunds;

use dates::{local, period_between};
use tenure_tabular::aliases::normalize;
use tenure_tabular::billing;
use tenure_tabular::vendor::{Column, Companion, Derived, Lookup, Spec, Table};

const ACCOUNT: &[&str] = &["account_code"];

fn account(look: &Lookup, what: &str) -> String {
    look.text(ACCOUNT).unwrap_or_else(|| {
        format!(
            "skip:no_customer={what}|The {what} has no account_code, so it cannot be tied to an account"
        )
    })
}

fn state(look: &Lookup) -> String {
    normalize(&look.text(&["state"]).unwrap_or_default())
}

fn subscription_account(look: &Lookup) -> Option<String> {
    Some(account(look, "subscription"))
}

/// `activated_at`: when the subscription became active. A `failed`
/// subscription was never created (its card was declined); a `future` or
/// `pending` one without `activated_at` has not started: both left out.
fn subscription_start(look: &Lookup) -> Option<String> {
    let s = state(look);
    if s == "failed" {
        return Some(
            "skip:never_started=failed|The subscription's state is `failed`: Recurly never created it (its billing information was declined)"
                .into(),
        );
    }
    match look.text(&["activated_at"]) {
        Some(at) => Some(local(&at)),
        None => Some(format!(
            "skip:not_started={s}|The subscription has no activated_at: it has not started yet"
        )),
    }
}

/// An `expired` subscription ended at `expires_at` (the export: "Date and
/// time the subscription was/ will churn").
fn subscription_end(look: &Lookup) -> Option<String> {
    (state(look) == "expired")
        .then(|| look.text(&["expires_at"]))
        .flatten()
        .map(|at| local(&at))
}

/// A live subscription with `expires_at` will not renew (state `canceled`:
/// "will not renew after the present term"): a scheduled cancellation.
fn subscription_cancel_at(look: &Lookup) -> Option<String> {
    (state(look) != "expired")
        .then(|| look.text(&["expires_at"]))
        .flatten()
        .map(|at| local(&at))
}

fn subscription_trial_end(look: &Lookup) -> Option<String> {
    look.text(&["trial_ends_at"]).map(|at| local(&at))
}

/// `total_recurring_amount` (= unit_amount × quantity + add_on_amount, the
/// export says); without it, `unit_amount` × `quantity` + `add_on_amount`.
fn subscription_amount(look: &Lookup) -> Option<String> {
    if let Some(total) = look.text(&["total_recurring_amount"]) {
        return Some(total);
    }
    let unit = look.text(&["unit_amount"])?;
    let quantity = look.text(&["quantity"]);
    let Some(base) = billing::times(&unit, quantity.as_deref()) else {
        // Passed on as written, for the reader to reject with its line.
        return Some(unit);
    };
    Some(match look.text(&["add_on_amount"]) {
        Some(add) => billing::sum(&base, &add).unwrap_or(add),
        None => base,
    })
}

/// The export has no interval column: the current billing period
/// (`current_period_started_at` → `current_period_ends_at`) is one
/// interval long, so 1, 3, 6 or 12 calendar months give the period.
fn subscription_period(look: &Lookup) -> Option<String> {
    let (Some(from), Some(to)) = (
        look.text(&["current_period_started_at"]),
        look.text(&["current_period_ends_at"]),
    ) else {
        return Some(
            "skip:no_period=subscription|The subscription has no current billing period (current_period_started_at, current_period_ends_at), so its billing interval is unknown"
                .into(),
        );
    };
    Some(match period_between(&from, &to) {
        Some(p) => p.to_string(),
        // Rejected by the reader with this text, naming line and column.
        None => format!("{} → {}", local(&from), local(&to)),
    })
}

/// The plan's current name, else its code.
fn subscription_product(look: &Lookup) -> Option<String> {
    look.text(&["plan_name", "plan_code"])
}

fn subscription_customer_name(look: &Lookup) -> Option<String> {
    look.text(&["email"]).or_else(|| look.text(ACCOUNT))
}

fn invoice_account(look: &Lookup) -> Option<String> {
    Some(account(look, "invoice"))
}

fn invoice_date(look: &Lookup) -> Option<String> {
    look.text(&["billed_date"]).map(|at| local(&at))
}

/// `paid`, `voided`, `failed` are kept (only paid counts); `pending`,
/// `processing`, `past_due` are not paid yet. Refund and credit invoices
/// (negative or zero totals) are no purchases: a refund invoice is
/// deducted from the invoice it names when that invoice is in the file
/// (`refunds.rs`), and left out with its reason either way.
fn invoice_status(look: &Lookup) -> Option<String> {
    let status = look.text(&["status"])?;
    let total = look.text(&["invoice_total"]).unwrap_or_default();
    let kind = look.text(&["invoice_type"]).unwrap_or_default();
    if refunds::is_refund(&kind, &total) {
        let original = look.text(&["original_invoice_number"]);
        return Some(match original {
            Some(o) if refunds::in_file(&o) => format!(
                "skip:refund_invoice={o}|A refund invoice of invoice {o}: deducted from that invoice's purchase (its refunded amount)"
            ),
            Some(o) => format!(
                "skip:refund_unmatched={o}|A refund invoice of invoice {o}, which is not in this file: not deducted (import the export that holds invoice {o}, or enter the refund on its purchase)"
            ),
            None => "skip:refund_unmatched=?|A refund invoice naming no original_invoice_number: it cannot be tied to the purchase it refunds, so it is not deducted".to_string(),
        });
    }
    if billing::is_zero(&total) {
        return Some(
            "skip:paid_nothing|The invoice's total is zero (a free or trial period): it is no purchase"
                .into(),
        );
    }
    Some(
        match normalize(&status).replace(' ', "_").as_str() {
            "paid" => "paid",
            "voided" | "void" => "void",
            "failed" => "failed",
            _ => {
                return Some(format!(
                    "skip:not_paid={status}|The invoice's status is `{status}`: it is not paid yet"
                ));
            }
        }
        .to_string(),
    )
}

/// The refund invoices of this invoice in the same file, summed
/// (`refunds.rs`); none: nothing refunded.
fn invoice_refunded(look: &Lookup) -> Option<String> {
    refunds::of(&look.text(&["invoice_number"])?)
}

/// A `renewal` invoice pays a subscription's next period; the others
/// (purchase, immediate_change, termination …) are one-time.
fn invoice_kind(look: &Lookup) -> Option<String> {
    let kind = normalize(&look.text(&["invoice_type"]).unwrap_or_default());
    Some(
        if kind == "renewal" {
            "recurring"
        } else {
            "one_time"
        }
        .to_string(),
    )
}

fn invoice_customer_name(look: &Lookup) -> Option<String> {
    look.text(&["account_company"])
        .or_else(|| look.text(&["account_name"]))
        .or_else(|| look.text(ACCOUNT))
}

fn customer_id(look: &Lookup) -> Option<String> {
    look.text(ACCOUNT)
}

fn has_customer(look: &Lookup) -> bool {
    look.text(ACCOUNT).is_some()
}

const SUBSCRIPTIONS: &str = "subscriptions export";
const INVOICES: &str = "invoices summary export";

static TABLES: &[Table] = &[
    Table {
        kind: "subscription",
        group: false,
        label: SUBSCRIPTIONS,
        markers: &[
            "uuid",
            "plan_code",
            "auto_renew",
            "unit_amount",
            "add_on_amount",
            "total_recurring_amount",
            "current_period_started_at",
            "current_period_ends_at",
            "trial_started_at",
            "trial_ends_at",
            "total_billing_cycles",
            "remaining_billing_cycles",
            "activated_at",
            "expires_at",
            "maintenance_url",
            "no_billing_info_reason",
        ],
        min_markers: 5,
        columns: &[
            Column {
                field: "external_id",
                headers: &["uuid"],
            },
            Column {
                field: "currency",
                headers: &["currency"],
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from account_code)",
                sources: &["account_code", "email"],
                compute: subscription_account,
            },
            Derived {
                field: "product",
                header: "Product (from plan_name, plan_code)",
                sources: &["plan_name", "plan_code"],
                compute: subscription_product,
            },
            Derived {
                field: "start",
                header: "Start (from activated_at)",
                sources: &["activated_at", "state"],
                compute: subscription_start,
            },
            Derived {
                field: "trial_end",
                header: "Trial end (from trial_ends_at)",
                sources: &["trial_ends_at"],
                compute: subscription_trial_end,
            },
            Derived {
                field: "cancel_at",
                header: "Cancels on (from expires_at, not expired)",
                sources: &["expires_at"],
                compute: subscription_cancel_at,
            },
            Derived {
                field: "end",
                header: "End (from expires_at, expired)",
                sources: &["expires_at"],
                compute: subscription_end,
            },
            Derived {
                field: "amount",
                header: "Amount (total_recurring_amount)",
                sources: &[
                    "total_recurring_amount",
                    "unit_amount",
                    "quantity",
                    "add_on_amount",
                ],
                compute: subscription_amount,
            },
            Derived {
                field: "billing_period",
                header: "Billing period (from the current period's dates)",
                sources: &["current_period_started_at", "current_period_ends_at"],
                compute: subscription_period,
            },
        ],
    },
    Table {
        kind: "purchase",
        group: false,
        label: INVOICES,
        markers: &[
            "invoice_number",
            "billed_date",
            "due_on",
            "closed_at",
            "net_terms",
            "account_name",
            "account_company",
            "invoice_total",
            "invoice_subtotal",
            "tax_amount",
            "invoice_type",
            "original_invoice_number",
            "invoice_doc_type",
            "invoice_balance",
        ],
        min_markers: 4,
        columns: &[
            Column {
                field: "external_id",
                headers: &["id", "invoice_number"],
            },
            Column {
                field: "amount",
                headers: &["invoice_total"],
            },
            Column {
                field: "currency",
                headers: &["currency"],
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from account_code)",
                sources: &["account_code", "account_company", "account_name"],
                compute: invoice_account,
            },
            Derived {
                field: "date",
                header: "Date (from billed_date)",
                sources: &["billed_date"],
                compute: invoice_date,
            },
            Derived {
                field: "status",
                header: "Status (from status, invoice_total, invoice_type)",
                sources: &[
                    "status",
                    "invoice_total",
                    "invoice_type",
                    "original_invoice_number",
                ],
                compute: invoice_status,
            },
            Derived {
                field: "kind",
                header: "Kind (from invoice_type)",
                sources: &["invoice_type"],
                compute: invoice_kind,
            },
            Derived {
                field: "refunded",
                header: "Refunded (from the refund invoices naming it)",
                sources: &["invoice_number", "original_invoice_number"],
                compute: invoice_refunded,
            },
        ],
    },
];

const fn customers_of(
    of: &'static str,
    label: &'static str,
    derived: &'static [Derived],
) -> Companion {
    Companion {
        of,
        first: true,
        keep: has_customer,
        table: Table {
            kind: "account",
            group: true,
            label,
            markers: &[],
            min_markers: 0,
            columns: &[],
            derived,
        },
    }
}

const CUSTOMER_ID: Derived = Derived {
    field: "external_id",
    header: "External id (from account_code)",
    sources: &[],
    compute: customer_id,
};

static SUBSCRIPTION_CUSTOMER: [Derived; 2] = [
    CUSTOMER_ID,
    Derived {
        field: "name",
        header: "Name (from email, account_code)",
        sources: &[],
        compute: subscription_customer_name,
    },
];

static INVOICE_CUSTOMER: [Derived; 2] = [
    CUSTOMER_ID,
    Derived {
        field: "name",
        header: "Name (from account_company, account_name, account_code)",
        sources: &[],
        compute: invoice_customer_name,
    },
];

static COMPANIONS: &[Companion] = &[
    customers_of(
        SUBSCRIPTIONS,
        "the subscription's account (account_code, email)",
        &SUBSCRIPTION_CUSTOMER,
    ),
    customers_of(
        INVOICES,
        "the invoice's account (account_code, account_company, account_name)",
        &INVOICE_CUSTOMER,
    ),
];

/// The Recurly importer's tables.
pub static SPEC: Spec = Spec {
    id: "recurly",
    name: "Recurly",
    description: "Recurly's subscriptions export and invoices summary export (CSV or XLSX): amounts in currency units, trials, non-renewing subscriptions, accounts from account_code.",
    tables: TABLES,
    refuse: None,
    companions: COMPANIONS,
};

/// The importer: the vendor tables, with the file's refund invoices summed
/// first so each refunded invoice carries its refunds ([`refunds`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct RecurlyImporter;

impl tenure_plugin_api::Importer for RecurlyImporter {
    fn info(&self) -> tenure_plugin_api::PluginInfo {
        tenure_tabular::vendor::info(&SPEC)
    }

    fn detect(&self, path: &std::path::Path, head: &[u8]) -> u8 {
        tenure_tabular::vendor::detect(&SPEC, path, head)
    }

    fn describe(
        &self,
        path: &std::path::Path,
        options: &tenure_plugin_api::ImportOptions,
    ) -> Result<tenure_plugin_api::FileDescription, tenure_plugin_api::RowProblem> {
        let _refunds = refunds::Scope::enter(refunds::collect(path));
        tenure_tabular::vendor::describe(&SPEC, path, options)
    }

    fn import(
        &self,
        path: &std::path::Path,
        options: &tenure_plugin_api::ImportOptions,
        sink: &mut dyn tenure_plugin_api::RecordSink,
    ) -> Result<(), tenure_plugin_api::RowProblem> {
        let _refunds = refunds::Scope::enter(refunds::collect(path));
        tenure_tabular::vendor::import(&SPEC, path, options, sink)
    }
}

tenure_plugin_api::export_importer!(RecurlyImporter);
