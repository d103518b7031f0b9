//! Tenure's importer for Stripe Dashboard exports: customers → accounts
//! (and their e-mail as a contact), payments and invoices → purchases,
//! subscriptions → subscriptions, from CSV (or the same table saved as
//! XLSX). Amounts are in currency units, read exactly. A payments,
//! invoices or subscriptions file creates the accounts it names that the
//! database lacks (from the customer's id, description or name, and
//! e-mail) before its own records, and leaves stored accounts alone. Where
//! each column name comes from, and what is not confirmed, is in the README.

use tenure_tabular::billing;
use tenure_tabular::vendor::{Column, Companion, Derived, Lookup, Spec, Table};

const PAYMENT_CUSTOMER: &[&str] = &["Customer ID", "Customer Id"];
const INVOICE_CUSTOMER: &[&str] = &["Customer", "Customer ID"];
const SUBSCRIPTION_CUSTOMER: &[&str] = &["Customer ID", "Customer"];

fn no_customer(what: &str) -> String {
    format!(
        "skip:no_customer={what}|The {what} has no customer (its customer column is empty), so it cannot be tied to an account"
    )
}

/// The account a row belongs to, or the reason it is left out.
fn customer_of(look: &Lookup, columns: &[&str], what: &str) -> String {
    look.text(columns).unwrap_or_else(|| no_customer(what))
}

fn payment_account(look: &Lookup) -> Option<String> {
    Some(customer_of(look, PAYMENT_CUSTOMER, "payment"))
}

fn invoice_account(look: &Lookup) -> Option<String> {
    Some(customer_of(look, INVOICE_CUSTOMER, "invoice"))
}

fn subscription_account(look: &Lookup) -> Option<String> {
    Some(customer_of(look, SUBSCRIPTION_CUSTOMER, "subscription"))
}

/// A payment's status as a purchase's: only succeeded payments are revenue
/// (`Paid`, or `Refunded` for one refunded in full, net of `Amount
/// Refunded`); `Failed` payments are kept as failed, `Canceled` ones as
/// void. A payment not yet settled (`Pending`, or not captured) is left out
/// until it is: importing the next export brings it in.
fn payment_status(look: &Lookup) -> Option<String> {
    let status = look.text(&["Status"])?;
    let n = tenure_tabular::aliases::normalize(&status).replace(' ', "");
    let captured = look
        .text(&["Captured"])
        .and_then(|c| tenure_tabular::values::parse_bool(&c));
    Some(
        match n.as_str() {
            "paid" | "succeeded" | "partiallyrefunded" if captured == Some(false) => {
                return Some(
                    "skip:not_captured|The payment was authorised but not captured: it is not revenue yet"
                        .into(),
                );
            }
            "paid" | "succeeded" | "partiallyrefunded" => "paid",
            "refunded" => "refunded",
            "failed" | "blocked" => "failed",
            "canceled" | "cancelled" => "void",
            _ => {
                return Some(format!(
                    "skip:not_settled={status}|The payment's status is `{status}`, not settled: it is not revenue yet"
                ));
            }
        }
        .to_string(),
    )
}

/// A payment that pays a subscription (Stripe describes those
/// "Subscription creation" / "Subscription update") is recurring.
fn payment_kind(look: &Lookup) -> Option<String> {
    let d = look.text(&["Description"]).unwrap_or_default();
    let recurring = tenure_tabular::aliases::normalize(&d).starts_with("subscription");
    Some(if recurring { "recurring" } else { "one_time" }.to_string())
}

/// An invoice's status: `paid` is revenue, `void` and `uncollectible`
/// are kept (void, failed); `draft` and `open` invoices are not paid yet
/// and left out, as is a paid invoice of nothing (a free or trial period).
fn invoice_status(look: &Lookup) -> Option<String> {
    let status = look.text(&["Status"])?;
    let n = tenure_tabular::aliases::normalize(&status).replace(' ', "");
    let paid = look.text(&["Amount Paid"]).unwrap_or_default();
    Some(
        match n.as_str() {
            "paid" if billing::is_zero(&paid) => {
                return Some(
                    "skip:paid_nothing|The invoice was paid nothing (a free or trial period): it is no purchase"
                        .into(),
                );
            }
            "paid" => "paid",
            "void" => "void",
            "uncollectible" => "failed",
            _ => {
                return Some(format!(
                    "skip:not_paid={status}|The invoice's status is `{status}`: it is not paid yet"
                ));
            }
        }
        .to_string(),
    )
}

fn invoice_kind(look: &Lookup) -> Option<String> {
    Some(
        if look.text(&["Subscription"]).is_some() {
            "recurring"
        } else {
            "one_time"
        }
        .to_string(),
    )
}

const SUB_START: &[&str] = &["Start Date (UTC)", "Start (UTC)", "Created (UTC)"];
const TRIAL_END: &[&str] = &["Trial End (UTC)"];
const ENDED: &[&str] = &["Ended At (UTC)"];
const CANCELED: &[&str] = &["Canceled At (UTC)"];

/// Subscriptions Stripe never started (`incomplete`,
/// `incomplete_expired`: the first payment never went through) are left
/// out. A trial's months bring no MRR by the subscription's `trial_end`,
/// not by moving its start: a trial that ended unpaid still counts as a
/// trial that did not convert.
fn subscription_start(look: &Lookup) -> Option<String> {
    let status = look.text(&["Status"]).unwrap_or_default();
    if tenure_tabular::aliases::normalize(&status).starts_with("incomplete") {
        return Some(format!(
            "skip:never_started={status}|The subscription's status is `{status}`: its first payment never went through"
        ));
    }
    look.text(SUB_START)
}

/// A cancellation scheduled but not yet effective: Stripe sets `Canceled
/// At` when it is asked to cancel at the period's end while the
/// subscription stays `active` (or `trialing`, `past_due`) until `Current
/// Period End`; an explicit `Cancel At (UTC)` column wins.
fn subscription_cancel_at(look: &Lookup) -> Option<String> {
    if let Some(at) = look.text(&["Cancel At (UTC)"]) {
        return Some(at);
    }
    if subscription_end(look).is_some() {
        return None;
    }
    let status = look.text(&["Status"]).unwrap_or_default();
    let live = matches!(
        tenure_tabular::aliases::normalize(&status)
            .replace(' ', "")
            .as_str(),
        "active" | "trialing" | "pastdue"
    );
    look.text(CANCELED)?;
    live.then(|| look.text(&["Current Period End (UTC)"]))
        .flatten()
}

/// A subscription ends when Stripe ended it; a canceled one without an
/// end date ended when it was canceled.
fn subscription_end(look: &Lookup) -> Option<String> {
    look.text(ENDED).or_else(|| {
        let status = look.text(&["Status"]).unwrap_or_default();
        matches!(
            tenure_tabular::aliases::normalize(&status).as_str(),
            "canceled" | "cancelled"
        )
        .then(|| look.text(CANCELED))
        .flatten()
    })
}

/// The amount billed each period: the plan's price times the quantity.
fn subscription_amount(look: &Lookup) -> Option<String> {
    let amount = look.text(&["Amount"])?;
    let quantity = look.text(&["Quantity"]);
    Some(billing::times(&amount, quantity.as_deref()).unwrap_or(amount))
}

/// `month` / `year` (with `Interval Count`, where the export has one).
fn subscription_period(look: &Lookup) -> Option<String> {
    let interval = look.text(&["Interval"])?;
    let count = look.text(&["Interval Count"]);
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

/// The name an account created from another file's row gets: what Stripe
/// shows for the customer (name, else description), else its e-mail, else
/// its id.
fn customer_name(look: &Lookup, name: &[&str], email: &[&str], id: &[&str]) -> Option<String> {
    look.text(name)
        .or_else(|| look.text(email))
        .or_else(|| look.text(id))
}

fn payment_customer_name(look: &Lookup) -> Option<String> {
    customer_name(
        look,
        &["Customer Description"],
        &["Customer Email"],
        PAYMENT_CUSTOMER,
    )
}

fn invoice_customer_name(look: &Lookup) -> Option<String> {
    customer_name(
        look,
        &["Customer Name"],
        &["Customer Email"],
        INVOICE_CUSTOMER,
    )
}

fn subscription_customer_name(look: &Lookup) -> Option<String> {
    customer_name(
        look,
        &["Customer Name", "Customer Description"],
        &["Customer Email"],
        SUBSCRIPTION_CUSTOMER,
    )
}

/// A customer's account name: its name, else its description, else its
/// e-mail, else its id (the two column orders of `unified_customers.csv`
/// are read by header, so either works).
fn account_name(look: &Lookup) -> Option<String> {
    customer_name(look, &["Name", "Description"], &["Email"], &["id"])
}

/// The customer's e-mail as its contact, named as its account is.
fn contact_name(look: &Lookup) -> Option<String> {
    account_name(look)
}

fn has_email(look: &Lookup) -> bool {
    look.text(&["Email"]).is_some_and(|e| e.contains('@'))
}

fn has_payment_customer(look: &Lookup) -> bool {
    look.text(PAYMENT_CUSTOMER).is_some()
}

fn has_invoice_customer(look: &Lookup) -> bool {
    look.text(INVOICE_CUSTOMER).is_some()
}

fn has_subscription_customer(look: &Lookup) -> bool {
    look.text(SUBSCRIPTION_CUSTOMER).is_some()
}

const PAYMENT_DATE: &[&str] = &["Created date (UTC)", "Created (UTC)"];

static TABLES: &[Table] = &[
    Table {
        kind: "account",
        group: false,
        label: "customers export (unified_customers.csv)",
        markers: &[
            "Created (UTC)",
            "Description",
            "Email",
            "Business Vat ID",
            "Delinquent",
            "Account Balance",
            "Card ID",
        ],
        min_markers: 3,
        columns: &[Column {
            field: "external_id",
            headers: &["id"],
        }],
        derived: &[Derived {
            field: "name",
            header: "Name (from Name, Description, Email)",
            sources: &["Name", "Description", "Email"],
            compute: account_name,
        }],
    },
    Table {
        kind: "purchase",
        group: false,
        label: "payments export (unified_payments.csv)",
        markers: &[
            "Amount Refunded",
            "Converted Amount",
            "Converted Amount Refunded",
            "Converted Currency",
            "Customer Description",
            "Customer Email",
            "Captured",
            "Seller Message",
            "Statement Descriptor",
            "Decline Reason",
            "Taxes On Fee",
            "Created date (UTC)",
            "Refunded date (UTC)",
            "PaymentIntent ID",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["id"],
            },
            Column {
                field: "date",
                headers: PAYMENT_DATE,
            },
            Column {
                field: "amount",
                headers: &["Amount"],
            },
            Column {
                field: "refunded",
                headers: &["Amount Refunded"],
            },
            Column {
                field: "currency",
                headers: &["Currency"],
            },
            Column {
                field: "product",
                headers: &["Description"],
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from Customer ID)",
                sources: &[
                    "Customer ID",
                    "Customer Id",
                    "Customer Description",
                    "Customer Email",
                ],
                compute: payment_account,
            },
            Derived {
                field: "status",
                header: "Status (from Status, Captured)",
                sources: &["Status", "Captured"],
                compute: payment_status,
            },
            Derived {
                field: "kind",
                header: "Kind (from Description)",
                sources: &[],
                compute: payment_kind,
            },
        ],
    },
    Table {
        kind: "purchase",
        group: false,
        label: "invoices export",
        markers: &[
            "Amount Paid",
            "Amount Due",
            "Amount Remaining",
            "Date (UTC)",
            "Subscription",
            "Number",
            "Charge",
            "Closed",
            "Customer Name",
            "Attempted",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["id"],
            },
            Column {
                field: "date",
                headers: &["Date (UTC)"],
            },
            Column {
                field: "amount",
                headers: &["Amount Paid"],
            },
            Column {
                field: "currency",
                headers: &["Currency"],
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from Customer)",
                sources: &["Customer", "Customer ID", "Customer Name", "Customer Email"],
                compute: invoice_account,
            },
            Derived {
                field: "status",
                header: "Status (from Status, Amount Paid)",
                sources: &["Status"],
                compute: invoice_status,
            },
            Derived {
                field: "kind",
                header: "Kind (from Subscription)",
                sources: &[],
                compute: invoice_kind,
            },
        ],
    },
    Table {
        kind: "subscription",
        group: false,
        label: "subscriptions export",
        markers: &[
            "Plan",
            "Quantity",
            "Interval",
            "Current Period Start (UTC)",
            "Current Period End (UTC)",
            "Trial Start (UTC)",
            "Trial End (UTC)",
            "Canceled At (UTC)",
            "Ended At (UTC)",
            "Start (UTC)",
            "Start Date (UTC)",
            "Cancellation Reason",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["id"],
            },
            Column {
                field: "product",
                headers: &["Plan"],
            },
            Column {
                field: "currency",
                headers: &["Currency"],
            },
            Column {
                field: "trial_end",
                headers: TRIAL_END,
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from Customer ID)",
                sources: &["Customer ID", "Customer", "Customer Name", "Customer Email"],
                compute: subscription_account,
            },
            Derived {
                field: "start",
                header: "Start (from Start Date, Start, Created)",
                sources: SUB_START,
                compute: subscription_start,
            },
            Derived {
                field: "cancel_at",
                header: "Cancels on (from Canceled At, Current Period End)",
                sources: &["Canceled At (UTC)", "Cancel At (UTC)"],
                compute: subscription_cancel_at,
            },
            Derived {
                field: "end",
                header: "End (from Ended At, Canceled At)",
                sources: &["Ended At (UTC)", "Canceled At (UTC)"],
                compute: subscription_end,
            },
            Derived {
                field: "amount",
                header: "Amount (Amount × Quantity)",
                sources: &["Amount"],
                compute: subscription_amount,
            },
            Derived {
                field: "billing_period",
                header: "Billing period (from Interval)",
                sources: &["Interval"],
                compute: subscription_period,
            },
        ],
    },
];

/// The accounts a file of payments, invoices or subscriptions names,
/// created before its rows when the database lacks them.
const fn customers_of(
    of: &'static str,
    label: &'static str,
    derived: &'static [Derived],
    keep: fn(&Lookup) -> bool,
) -> Companion {
    Companion {
        of,
        first: true,
        keep,
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

fn payment_customer_id(look: &Lookup) -> Option<String> {
    look.text(PAYMENT_CUSTOMER)
}

fn invoice_customer_id(look: &Lookup) -> Option<String> {
    look.text(INVOICE_CUSTOMER)
}

fn subscription_customer_id(look: &Lookup) -> Option<String> {
    look.text(SUBSCRIPTION_CUSTOMER)
}

static COMPANIONS: &[Companion] = &[
    customers_of(
        "payments export (unified_payments.csv)",
        "the payment's customer (Customer ID, Customer Description, Customer Email)",
        &[
            Derived {
                field: "external_id",
                header: "External id (from Customer ID)",
                sources: &[],
                compute: payment_customer_id,
            },
            Derived {
                field: "name",
                header: "Name (from Customer Description, Customer Email)",
                sources: &[],
                compute: payment_customer_name,
            },
        ],
        has_payment_customer,
    ),
    customers_of(
        "invoices export",
        "the invoice's customer (Customer, Customer Name, Customer Email)",
        &[
            Derived {
                field: "external_id",
                header: "External id (from Customer)",
                sources: &[],
                compute: invoice_customer_id,
            },
            Derived {
                field: "name",
                header: "Name (from Customer Name, Customer Email)",
                sources: &[],
                compute: invoice_customer_name,
            },
        ],
        has_invoice_customer,
    ),
    customers_of(
        "subscriptions export",
        "the subscription's customer (Customer ID, Customer Name, Customer Email)",
        &[
            Derived {
                field: "external_id",
                header: "External id (from Customer ID)",
                sources: &[],
                compute: subscription_customer_id,
            },
            Derived {
                field: "name",
                header: "Name (from Customer Name, Customer Email)",
                sources: &[],
                compute: subscription_customer_name,
            },
        ],
        has_subscription_customer,
    ),
    // A customer's e-mail as its contact, so tickets and survey answers
    // from that address find the account.
    Companion {
        of: "account",
        first: false,
        keep: has_email,
        table: Table {
            kind: "contact",
            group: false,
            label: "the customer's contact (Email)",
            markers: &[],
            min_markers: 0,
            columns: &[
                Column {
                    field: "account",
                    headers: &["id"],
                },
                Column {
                    field: "email",
                    headers: &["Email"],
                },
            ],
            derived: &[Derived {
                field: "name",
                header: "Contact name (from Name, Description, Email)",
                sources: &[],
                compute: contact_name,
            }],
        },
    },
];

/// The Stripe importer's tables.
pub static SPEC: Spec = Spec {
    id: "stripe",
    name: "Stripe",
    description: "Stripe Dashboard exports (customers, payments, invoices, subscriptions) as CSV or XLSX: amounts in currency units, refunds, payments without a customer left out with a warning.",
    tables: TABLES,
    refuse: None,
    companions: COMPANIONS,
};

mod rates;
mod read_columns;

/// The importer: the vendor tables, then the payments file's monthly
/// rates from Stripe's own conversion ([`rates`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct StripeImporter;

impl tenure_plugin_api::Importer for StripeImporter {
    fn info(&self) -> tenure_plugin_api::PluginInfo {
        let mut info = tenure_tabular::vendor::info(&SPEC);
        info.kinds.push("fx_rate".to_string());
        info
    }

    fn detect(&self, path: &std::path::Path, head: &[u8]) -> u8 {
        tenure_tabular::vendor::detect(&SPEC, path, head)
    }

    fn describe(
        &self,
        path: &std::path::Path,
        options: &tenure_plugin_api::ImportOptions,
    ) -> Result<tenure_plugin_api::FileDescription, tenure_plugin_api::RowProblem> {
        let description = tenure_tabular::vendor::describe(&SPEC, path, options)?;
        Ok(if read_columns::rates_run(path, options) {
            read_columns::describe(description)
        } else {
            description
        })
    }

    fn import(
        &self,
        path: &std::path::Path,
        options: &tenure_plugin_api::ImportOptions,
        sink: &mut dyn tenure_plugin_api::RecordSink,
    ) -> Result<(), tenure_plugin_api::RowProblem> {
        if read_columns::rates_run(path, options) {
            tenure_tabular::vendor::import(&SPEC, path, options, &mut read_columns::Sink(sink))?;
        } else {
            tenure_tabular::vendor::import(&SPEC, path, options, sink)?;
        }
        rates::emit(path, options, sink);
        Ok(())
    }
}

tenure_plugin_api::export_importer!(StripeImporter);
