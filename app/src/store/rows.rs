//! How each record kind maps onto its table: key columns, value columns and
//! the values of one record. Kept table-driven so that the write path, undo
//! and history handle every kind with one piece of code.

use crate::domain::*;
use rusqlite::types::Value;

pub(super) struct TableSpec {
    pub table: &'static str,
    /// Columns that identify a row (with `source`); the upsert key.
    pub key_cols: &'static [&'static str],
    /// Every other column a record sets.
    pub value_cols: &'static [&'static str],
    /// Values used at insert where a record leaves a NOT NULL column empty.
    pub insert_defaults: &'static [(&'static str, DefaultValue)],
}

#[derive(Clone, Copy)]
pub(super) enum DefaultValue {
    Text(&'static str),
    Int(i64),
    Real(f64),
}

impl DefaultValue {
    pub fn value(self) -> Value {
        match self {
            DefaultValue::Text(t) => Value::Text(t.to_string()),
            DefaultValue::Int(i) => Value::Integer(i),
            DefaultValue::Real(r) => Value::Real(r),
        }
    }
}

const NKEY: &[&str] = &["source", "nkey"];

pub(super) fn spec(kind: RecordKind) -> &'static TableSpec {
    match kind {
        RecordKind::Csm => &TableSpec {
            table: "csm",
            key_cols: &["name"],
            value_cols: &["source", "email", "capacity_hours", "active"],
            insert_defaults: &[
                (
                    "capacity_hours",
                    DefaultValue::Real(Csm::DEFAULT_CAPACITY_HOURS),
                ),
                ("active", DefaultValue::Int(1)),
            ],
        },
        RecordKind::Account => &TableSpec {
            table: "account",
            key_cols: &["source", "external_id"],
            value_cols: &[
                "name",
                "domain",
                "industry",
                "country",
                "region",
                "city",
                "employees",
                "plan",
                "tier",
                "csm_id",
                "status",
                "customer_since",
                "churned_on",
                "churn_reason",
                "renewal_on",
                "onboarding_completed_on",
                "first_value_on",
                "licenses",
                "acquisition_cost_cents",
                "custom",
                "mrr_cents",
            ],
            insert_defaults: &[
                ("status", DefaultValue::Text("active")),
                ("custom", DefaultValue::Text("{}")),
            ],
        },
        RecordKind::Mrr => &TableSpec {
            table: "mrr",
            key_cols: &["account_id", "month", "source"],
            value_cols: &["mrr_cents"],
            insert_defaults: &[],
        },
        RecordKind::Subscription => &TableSpec {
            table: "subscription",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "external_id",
                "start",
                "end",
                "amount_cents",
                "billing_period",
                "product",
                "trial_end",
                "discount_cents",
                "discount_percent",
                "cancel_at",
                "currency",
            ],
            insert_defaults: &[("billing_period", DefaultValue::Text("monthly"))],
        },
        RecordKind::SurveyResponse => &TableSpec {
            table: "survey_response",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "date",
                "kind",
                "score",
                "respondent",
                "comment",
            ],
            insert_defaults: &[],
        },
        RecordKind::Ticket => &TableSpec {
            table: "ticket",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "requester",
                "external_id",
                "opened_at",
                "first_response_at",
                "resolved_at",
                "category",
                "priority",
                "channel",
            ],
            insert_defaults: &[],
        },
        RecordKind::Usage => &TableSpec {
            table: "usage",
            key_cols: &["account_id", "month", "source"],
            value_cols: &[
                "active_users",
                "total_users",
                "adopters",
                "licenses",
                "events",
            ],
            insert_defaults: &[],
        },
        RecordKind::Activity => &TableSpec {
            table: "activity",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "external_id",
                "date",
                "kind",
                "csm",
                "minutes",
                "notes",
            ],
            insert_defaults: &[],
        },
        RecordKind::Opportunity => &TableSpec {
            table: "opportunity",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "external_id",
                "kind",
                "status",
                "amount_cents",
                "created_on",
                "closed_on",
            ],
            insert_defaults: &[],
        },
        RecordKind::Contact => &TableSpec {
            table: "contact",
            key_cols: NKEY,
            value_cols: &["account_id", "name", "email", "phone", "role", "is_primary"],
            insert_defaults: &[("is_primary", DefaultValue::Int(0))],
        },
        RecordKind::Task => &TableSpec {
            table: "task",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "title",
                "due_on",
                "csm",
                "status",
                "rule",
                "trigger",
                "created_on",
                "done_on",
                "notes",
            ],
            insert_defaults: &[("status", DefaultValue::Text("open"))],
        },
        RecordKind::FxRate => &TableSpec {
            table: "fx_rate",
            key_cols: &["month", "currency"],
            value_cols: &["source", "rate"],
            insert_defaults: &[],
        },
        RecordKind::Purchase => &TableSpec {
            table: "purchase",
            key_cols: NKEY,
            value_cols: &[
                "account_id",
                "date",
                "amount_cents",
                "currency",
                "refunded_cents",
                "external_id",
                "kind",
                "product",
                "status",
            ],
            insert_defaults: &[
                ("kind", DefaultValue::Text("one_time")),
                ("status", DefaultValue::Text("paid")),
            ],
        },
        RecordKind::AcquisitionSpend => &TableSpec {
            table: "acquisition_spend",
            key_cols: NKEY,
            value_cols: &["month", "amount_cents", "channel"],
            insert_defaults: &[],
        },
    }
}

fn text(v: &Option<String>) -> Value {
    match v.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Value::Text(t.to_string()),
        _ => Value::Null,
    }
}

/// A field with a default is written with it, so that re-importing a row
/// that leaves it empty resets it as a fresh import would.
fn text_or(v: &Option<String>, default: &'static str) -> Value {
    match text(v) {
        Value::Null => Value::Text(default.to_string()),
        t => t,
    }
}

/// Currency codes are kept upper-case (`usd` and `USD` are one currency).
fn upper(v: &Option<String>) -> Value {
    match text(v) {
        Value::Text(t) => Value::Text(t.to_ascii_uppercase()),
        other => other,
    }
}

fn int(v: Option<i64>) -> Value {
    v.map_or(Value::Null, Value::Integer)
}

fn date(v: Option<Date>) -> Value {
    v.map_or(Value::Null, |d| Value::Text(sized_text(d, 10)))
}

fn instant(v: Option<Instant>) -> Value {
    v.map_or(Value::Null, |d| Value::Text(sized_text(d, 25)))
}

/// `value` as text in one allocation of `capacity` bytes (its usual
/// length): `to_string` grows from nothing, a date and time in three
/// pieces reallocated twice — a few percent of an import of tickets.
fn sized_text(value: impl std::fmt::Display, capacity: usize) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(capacity);
    // Writing into a String cannot fail.
    let _ = write!(text, "{value}");
    text
}

fn money(v: Option<Money>) -> Value {
    v.map_or(Value::Null, |m| Value::Integer(m.cents()))
}

/// A record resolved into column values.
pub(super) struct RowValues {
    /// Values of `key_cols` except `source`/`nkey` parts filled by the caller.
    pub key: Vec<Value>,
    pub values: Vec<Value>,
    /// For `nkey` tables: the identity before the occurrence number is added,
    /// and whether it came from an external id (then duplicates are errors).
    pub identity: Option<(String, bool)>,
}

/// How the `nkey` of a record with an external id begins. The keys of
/// records without one begin with a number (an account or a month), `|`
/// (no account) or `r:` (a rule's task), so the two never meet in one
/// table's keys.
const EXTERNAL_ID_KEY: &str = "x:";

/// Whether an `nkey` is an external id: the only keys one change set can
/// write twice (the others carry their occurrence number).
pub(super) fn is_external_id_key(nkey: &str) -> bool {
    nkey.starts_with(EXTERNAL_ID_KEY)
}

/// `account_id` and `csm_id` are the resolved references (when the kind has them).
pub(super) fn row_values(
    record: &Record,
    source: &str,
    account_id: Option<i64>,
    csm_id: Option<i64>,
) -> RowValues {
    let src = || Value::Text(source.to_string());
    let acc = Value::from(account_id);
    let ext_identity = |ext: &Option<String>, fallback: String| match text(ext) {
        Value::Text(t) => Some((format!("{EXTERNAL_ID_KEY}{t}"), true)),
        _ => Some((fallback, false)),
    };
    let aid = account_id.unwrap_or(0);
    // A survey or ticket that names no account is keyed without the one
    // matched by e-mail, so that re-matching never changes its key.
    let named = if record.account_ref().is_some() {
        aid.to_string()
    } else {
        "-".to_string()
    };
    match record {
        Record::Csm(c) => RowValues {
            key: vec![Value::Text(c.name.trim().to_string())],
            values: vec![
                src(),
                text(&c.email),
                c.capacity_hours.map_or(Value::Null, Value::Real),
                c.active
                    .map_or(Value::Null, |a| Value::Integer(i64::from(a))),
            ],
            identity: None,
        },
        Record::Account(a) => {
            let status = match (a.status, a.churned_on) {
                (_, Some(_)) => Value::Text("churned".into()),
                (Some(s), None) => Value::Text(s.name().into()),
                (None, None) => Value::Null,
            };
            let custom = if a.custom.is_empty() {
                Value::Null
            } else {
                Value::Text(serde_json::to_string(&a.custom).unwrap_or_else(|_| "{}".into()))
            };
            RowValues {
                key: vec![src(), Value::Text(a.external_id.trim().to_string())],
                values: vec![
                    Value::Text(a.name.trim().to_string()),
                    text(&a.domain),
                    text(&a.industry),
                    text(&a.country),
                    text(&a.region),
                    text(&a.city),
                    int(a.employees),
                    text(&a.plan),
                    text(&a.tier),
                    Value::from(csm_id),
                    status,
                    date(a.customer_since),
                    date(a.churned_on),
                    text(&a.churn_reason),
                    date(a.renewal_on),
                    date(a.onboarding_completed_on),
                    date(a.first_value_on),
                    int(a.licenses),
                    money(a.acquisition_cost),
                    custom,
                    money(a.mrr),
                ],
                identity: None,
            }
        }
        Record::Mrr(r) => RowValues {
            key: vec![acc, Value::Integer(r.month.to_yyyymm()), src()],
            values: vec![Value::Integer(r.mrr.cents())],
            identity: None,
        },
        Record::Subscription(s) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                text(&s.external_id),
                date(Some(s.start)),
                date(s.end),
                Value::Integer(s.amount.cents()),
                s.billing_period
                    .map_or(Value::Null, |p| Value::Text(p.name().into())),
                text(&s.product),
                date(s.trial_end),
                money(s.discount),
                s.discount_percent.map_or(Value::Null, Value::Real),
                date(s.cancel_at),
                upper(&s.currency),
            ],
            identity: ext_identity(
                &s.external_id,
                format!("{aid}|{}|{}", s.start, s.product.as_deref().unwrap_or("")),
            ),
        },
        Record::SurveyResponse(r) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                date(Some(r.date)),
                Value::Text(r.kind.name().into()),
                Value::Integer(r.score),
                text(&r.respondent),
                text(&r.comment),
            ],
            identity: Some((
                format!(
                    "{named}|{}|{}|{}",
                    r.date,
                    r.kind.name(),
                    r.respondent.as_deref().unwrap_or("")
                ),
                false,
            )),
        },
        Record::Ticket(t) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                text(&t.requester),
                text(&t.external_id),
                instant(Some(t.opened_at)),
                instant(t.first_response_at),
                instant(t.resolved_at),
                text(&t.category),
                text(&t.priority),
                text(&t.channel),
            ],
            identity: ext_identity(&t.external_id, format!("{named}|{}", t.opened_at)),
        },
        Record::Usage(u) => RowValues {
            key: vec![acc, Value::Integer(u.month.to_yyyymm()), src()],
            values: vec![
                int(u.active_users),
                int(u.total_users),
                int(u.adopters),
                int(u.licenses),
                int(u.events),
            ],
            identity: None,
        },
        Record::Activity(a) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                text(&a.external_id),
                date(Some(a.date)),
                Value::Text(a.kind.trim().to_string()),
                text(&a.csm),
                int(a.minutes),
                text(&a.notes),
            ],
            identity: ext_identity(
                &a.external_id,
                format!("{aid}|{}|{}", a.date, a.kind.trim()),
            ),
        },
        Record::Opportunity(o) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                text(&o.external_id),
                Value::Text(o.kind.name().into()),
                Value::Text(o.status.name().into()),
                money(o.amount),
                date(o.created_on),
                date(o.closed_on),
            ],
            identity: ext_identity(
                &o.external_id,
                format!(
                    "{aid}|{}|{}",
                    o.kind.name(),
                    o.created_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            ),
        },
        Record::Contact(c) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                Value::Text(c.name.trim().to_string()),
                text(&c.email),
                text(&c.phone),
                text(&c.role),
                c.is_primary
                    .map_or(Value::Null, |p| Value::Integer(i64::from(p))),
            ],
            // The schema's key: account and name (case and blanks aside), so
            // a new e-mail or phone updates the person instead of adding one.
            identity: Some((format!("{aid}|{}", c.name.trim().to_lowercase()), false)),
        },
        Record::Task(t) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                Value::Text(t.title.trim().to_string()),
                date(Some(t.due_on)),
                text(&t.csm),
                t.status
                    .map_or(Value::Null, |s| Value::Text(s.name().into())),
                text(&t.rule),
                text(&t.trigger),
                date(t.created_on),
                date(t.done_on),
                text(&t.notes),
            ],
            // A rule's task is the one of its (rule, account, trigger), so a
            // re-import of an export updates it; a hand-made one is its
            // account, title and due date.
            identity: Some((
                match (text(&t.rule), text(&t.trigger)) {
                    (Value::Text(rule), Value::Text(trigger)) => {
                        format!("r:{rule}|{aid}|{trigger}")
                    }
                    _ => format!("{aid}|{}|{}", t.title.trim(), t.due_on),
                },
                false,
            )),
        },
        Record::FxRate(x) => RowValues {
            key: vec![
                Value::Integer(x.month.to_yyyymm()),
                Value::Text(x.currency.trim().to_ascii_uppercase()),
            ],
            values: vec![src(), Value::Text(x.rate.trim().to_string())],
            identity: None,
        },
        Record::Purchase(p) => RowValues {
            key: vec![src()],
            values: vec![
                acc,
                date(Some(p.date)),
                Value::Integer(p.amount.cents()),
                upper(&p.currency),
                money(p.refunded),
                text(&p.external_id),
                text_or(&p.kind, "one_time"),
                text(&p.product),
                text_or(&p.status, "paid"),
            ],
            identity: ext_identity(
                &p.external_id,
                format!(
                    "{aid}|{}|{}|{}",
                    p.date,
                    p.amount.cents(),
                    p.product.as_deref().map(str::trim).unwrap_or("")
                ),
            ),
        },
        Record::AcquisitionSpend(s) => RowValues {
            key: vec![src()],
            values: vec![
                Value::Integer(s.month.to_yyyymm()),
                Value::Integer(s.amount.cents()),
                text(&s.channel),
            ],
            identity: Some((
                format!("{}|{}", s.month, s.channel.as_deref().unwrap_or("")),
                false,
            )),
        },
    }
}

/// A column value as JSON (for the undo log).
pub(super) fn value_to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Real(r) => serde_json::Value::from(*r),
        Value::Text(t) => serde_json::Value::from(t.as_str()),
        Value::Blob(b) => serde_json::Value::from(b.clone()),
    }
}

pub(super) fn json_to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}
