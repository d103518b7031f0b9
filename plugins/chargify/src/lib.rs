//! Tenure's importer for Chargify's (now Maxio's) exports: the Invoices CSV
//! (one row per invoice line item, that is per transaction) → purchases,
//! from its `payment` rows, and the Customers export → accounts with their
//! e-mail as a contact; CSV, or the same table saved as XLSX. Amounts are
//! integer cents (`amount_in_cents`), read exactly. An Invoices CSV creates
//! the accounts its rows name (`customer_id`) that the database lacks
//! before its purchases, and leaves stored accounts alone. Where each column
//! comes from, and what is not confirmed, is in the README.

use tenure_tabular::aliases::normalize;
use tenure_tabular::billing;
use tenure_tabular::vendor::{Column, Companion, Derived, Lookup, Spec, Table};

const CUSTOMER: &[&str] = &["customer_id"];

/// Chargify's transaction types: `payment`, `refund`, `charge`, `credit`,
/// `adjustment`, `info_transaction`, `payment_authorization`. The API
/// writes them `Payment`, `InfoTransaction`: compared without case, spaces
/// or underscores.
fn transaction_type(look: &Lookup) -> String {
    normalize(&look.text(&["type"]).unwrap_or_default()).replace([' ', '_'], "")
}

fn is_payment(look: &Lookup) -> bool {
    transaction_type(look) == "payment"
}

fn purchase_account(look: &Lookup) -> Option<String> {
    Some(look.text(CUSTOMER).unwrap_or_else(|| {
        "skip:no_customer=payment|The payment has no customer_id, so it cannot be tied to an account"
            .into()
    }))
}

/// `amount_in_cents` (`1000` = 10.00). Text with a decimal point is not
/// guessed to be units: the reader rejects it, naming line and column.
fn purchase_amount(look: &Lookup) -> Option<String> {
    let cents = look.text(&["amount_in_cents"])?;
    Some(billing::from_cents(&cents, None).unwrap_or_else(|| format!("{cents} (not whole cents)")))
}

/// Only a `payment` is money collected ("Increases revenue", Chargify's
/// transaction types); every other row is left out with its reason, and
/// the whole row goes whatever else it holds.
fn purchase_status(look: &Lookup) -> Option<String> {
    let raw = look.text(&["type"]).unwrap_or_default();
    let id = look.text(&["transaction_id"]).unwrap_or_else(|| "?".into());
    Some(match transaction_type(look).as_str() {
        "payment" => {
            let cents = look.text(&["amount_in_cents"]).unwrap_or_default();
            if billing::is_zero(&cents) {
                "skip:zero_payment|The payment's amount_in_cents is zero: no money was collected, so it is no purchase".to_string()
            } else {
                "paid".to_string()
            }
        }
        "refund" => {
            let invoice = look
                .text(&["invoice_number", "invoice_id"])
                .unwrap_or_else(|| "?".into());
            format!(
                "skip:unlinked_refund={invoice}|A refund (transaction {id}, invoice {invoice}): the Invoices CSV does not say which payment it refunds (it has no payment_id column), so it is not deducted and the purchases keep their full amounts"
            )
        }
        "charge" | "credit" | "adjustment" | "infotransaction" | "paymentauthorization" => {
            format!(
                "skip:no_revenue={raw}|A `{raw}` line item changes the subscriber's balance or only informs, it is no money collected (only payments are revenue): it is no purchase"
            )
        }
        "" => {
            "skip:no_type|The line item has no type, so it is not known to be a payment".to_string()
        }
        _ => format!(
            "skip:unknown_type={raw}|The line item's type `{raw}` is none of Chargify's transaction types, so it is not known to be a payment"
        ),
    })
}

/// A payment of kind `one_time` pays a one-time charge and
/// `component_proration` a mid-period allocation change; `manual` says
/// only how it was recorded. A generic payment (empty kind) is "usually an
/// automatically captured payment for a normal signup or renewal": it pays
/// a subscription period.
fn purchase_kind(look: &Lookup) -> Option<String> {
    let kind = normalize(&look.text(&["kind"]).unwrap_or_default());
    Some(
        if kind.is_empty() {
            "recurring"
        } else {
            "one_time"
        }
        .to_string(),
    )
}

fn purchase_customer_id(look: &Lookup) -> Option<String> {
    look.text(CUSTOMER)
}

/// The customer's organization, else their name, else the id.
fn purchase_customer_name(look: &Lookup) -> Option<String> {
    look.text(&["customer_organization"])
        .or_else(|| look.text(&["customer_name"]))
        .or_else(|| look.text(CUSTOMER))
}

/// Only payments create accounts: a charge row's customer has paid nothing
/// in this file.
fn has_paying_customer(look: &Lookup) -> bool {
    look.text(CUSTOMER).is_some() && is_payment(look)
}

fn person(look: &Lookup) -> Option<String> {
    let first = look.text(&["first_name"]).unwrap_or_default();
    let last = look.text(&["last_name"]).unwrap_or_default();
    let full = format!("{first} {last}").trim().to_string();
    (!full.is_empty()).then_some(full)
}

/// The organization, else the person's name, else e-mail, else id.
fn account_name(look: &Lookup) -> Option<String> {
    look.text(&["organization"])
        .or_else(|| person(look))
        .or_else(|| look.text(&["email"]))
        .or_else(|| look.text(&["id"]))
}

/// The contact is the person (first and last name), else named as the
/// account is.
fn contact_name(look: &Lookup) -> Option<String> {
    person(look).or_else(|| account_name(look))
}

fn has_email(look: &Lookup) -> bool {
    look.text(&["email"]).is_some_and(|e| e.contains('@'))
}

const INVOICES: &str = "Invoices CSV (line items)";
const CUSTOMERS: &str = "Customers export";

static TABLES: &[Table] = &[
    Table {
        kind: "purchase",
        group: false,
        label: INVOICES,
        markers: &[
            "transaction_id",
            "invoice_id",
            "invoice_number",
            "memo",
            "amount_in_cents",
            "starting_balance_in_cents",
            "ending_balance_in_cents",
            "subscription_id",
            "customer_id",
            "customer_name",
            "product_id",
            "product_name",
            "invoice_status",
            "invoice_settled_at",
            "customer_organization",
            "coupon_name",
        ],
        min_markers: 6,
        columns: &[
            Column {
                field: "external_id",
                headers: &["transaction_id"],
            },
            Column {
                field: "date",
                headers: &["created_at"],
            },
            Column {
                field: "product",
                headers: &["product_name"],
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from customer_id)",
                sources: &["customer_id"],
                compute: purchase_account,
            },
            Derived {
                field: "amount",
                header: "Amount (from amount_in_cents)",
                sources: &["amount_in_cents"],
                compute: purchase_amount,
            },
            Derived {
                field: "status",
                header: "Status (from type, amount_in_cents)",
                sources: &["type"],
                compute: purchase_status,
            },
            Derived {
                field: "kind",
                header: "Kind (from kind)",
                sources: &["type"],
                compute: purchase_kind,
            },
        ],
    },
    Table {
        kind: "account",
        group: false,
        label: CUSTOMERS,
        markers: &[
            "id",
            "first_name",
            "last_name",
            "organization",
            "email",
            "created_at",
            "reference",
            "address",
            "address_2",
        ],
        // Most of these names are common; only all but two together are
        // this export.
        min_markers: 7,
        columns: &[Column {
            field: "external_id",
            headers: &["id"],
        }],
        derived: &[Derived {
            field: "name",
            header: "Name (from organization, first_name, last_name, email)",
            sources: &["organization", "first_name", "last_name", "email"],
            compute: account_name,
        }],
    },
];

static COMPANIONS: &[Companion] = &[
    Companion {
        of: INVOICES,
        first: true,
        keep: has_paying_customer,
        table: Table {
            kind: "account",
            group: true,
            label: "the payment's customer (customer_id, customer_organization, customer_name)",
            markers: &[],
            min_markers: 0,
            columns: &[],
            derived: &[
                Derived {
                    field: "external_id",
                    header: "External id (from customer_id)",
                    sources: &[],
                    compute: purchase_customer_id,
                },
                Derived {
                    field: "name",
                    header: "Name (from customer_organization, customer_name)",
                    sources: &[],
                    compute: purchase_customer_name,
                },
            ],
        },
    },
    // A customer's e-mail as its contact, so tickets and survey answers
    // from that address find the account.
    Companion {
        of: CUSTOMERS,
        first: false,
        keep: has_email,
        table: Table {
            kind: "contact",
            group: false,
            label: "the customer's contact (email)",
            markers: &[],
            min_markers: 0,
            columns: &[
                Column {
                    field: "account",
                    headers: &["id"],
                },
                Column {
                    field: "email",
                    headers: &["email"],
                },
            ],
            derived: &[Derived {
                field: "name",
                header: "Contact name (from first_name, last_name)",
                sources: &[],
                compute: contact_name,
            }],
        },
    },
];

/// The Chargify importer's tables.
pub static SPEC: Spec = Spec {
    id: "chargify",
    name: "Chargify / Maxio",
    description: "Chargify (Maxio) Invoices CSV line items and Customers export (CSV or XLSX): payments as purchases in exact cents, accounts from customer_id; refunds, charges and credits left out with a warning.",
    tables: TABLES,
    refuse: None,
    companions: COMPANIONS,
};

tenure_tabular::vendor_importer!(ChargifyImporter, SPEC);
