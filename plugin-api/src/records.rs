//! Typed records: one struct per record kind of the schema
//! ([`tenure_schema::KINDS`]), with the schema's canonical field names.
//!
//! ```
//! use tenure_plugin_api::{Account, Money, Mrr, SurveyResponse};
//!
//! let account = Account::new("A1", "Acme").plan("Pro").employees(12);
//! let mrr = Mrr::new("A1", "2025-01", "1234.56");
//! let same = Mrr::new("A1", "2025-01", Money::from_cents(123_456));
//! assert_eq!(mrr, same);
//! let nps = SurveyResponse::new("2025-01-10", "nps", 9).account("A1").comment("great");
//! # let _ = (account, nps);
//! ```
//!
//! `new` takes the required fields in the schema's order, a method named
//! after each optional field sets it, and
//! [`sink.emit(record)`](crate::RecordSink#method.emit) sends it (in the binary
//! payload when the host reads it, without building JSON). Values are
//! plain and exact:
//!
//! - text, and references to an account (its `external_id` or exact name):
//!   `String`;
//! - integers `i64`; plain numbers with decimals (a CSM's hours) `f64`;
//! - money: [`Money`], a decimal text (`"1234.56"`) or whole cents, never
//!   a float;
//! - dates `YYYY-MM-DD`, months `YYYY-MM`, instants
//!   `YYYY-MM-DDTHH:MM[:SS][±HH:MM]`: ISO text in a `String`;
//! - fields with a fixed set of values (`status`, a survey's `kind`, …):
//!   the value's name as text (`"churned"`, `"nps"`).
//!
//! The host checks every value as it checks any record, and rejects a row
//! whose text is not a date, a number or an allowed value with a row
//! problem. The structs are `#[non_exhaustive]`: a field the schema gains
//! later is optional, so plugins that build records with `new` keep
//! compiling. Readers that learn the kind and the fields from the file (the
//! CSV plugin) use the untyped [`RecordSink::record_fields`] instead.

use crate::{FieldRecord, Flow, RecordSink};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;
use tenure_schema::Type;

/// An exact amount of money: a decimal text in the database's currency
/// (`"1234.56"`, `"-3.5"`), or whole cents with [`Money::from_cents`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money(String);

impl Money {
    /// `123_456` → `1234.56`.
    pub fn from_cents(cents: i64) -> Money {
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        Money(format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }

    /// The decimal text as it is sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Money {
    fn from(text: &str) -> Money {
        Money(text.to_string())
    }
}

impl From<String> for Money {
    fn from(text: String) -> Money {
        Money(text)
    }
}

impl From<&String> for Money {
    fn from(text: &String) -> Money {
        Money(text.clone())
    }
}

/// One field of a typed record, as the struct declares it (a test checks
/// these against the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TypedField {
    /// The canonical name (the schema's).
    pub name: &'static str,
    pub ty: Type,
    /// Taken by `new`; the others have a builder method.
    pub required: bool,
}

mod sealed {
    pub trait Sealed {}
}

/// A record of one kind of the schema. Implemented by the structs of this
/// module only (sealed), so that methods can be added to it.
pub trait TypedRecord: sealed::Sealed {
    /// The record kind (`mrr`).
    const KIND: &'static str;
    /// Every field the struct has.
    const FIELDS: &'static [TypedField];
    /// Moves the fields that are set into `out`, canonical name → value.
    fn into_fields(self, out: &mut Vec<(&'static str, Value)>);
}

thread_local! {
    /// The fields of the record being emitted, kept between records so
    /// that emitting one allocates nothing beyond its own values.
    static FIELDS: RefCell<Vec<(&'static str, Value)>> = const { RefCell::new(Vec::new()) };
}

impl dyn RecordSink + '_ {
    /// Sends a typed record that has no place in a file to point to (use
    /// `emit_at` for the row a person sees).
    pub fn emit<R: TypedRecord>(&mut self, record: R) -> Flow {
        self.emit_at(None, None, record)
    }

    /// Sends a typed record read from `row` (1-based, as the person sees it)
    /// of `sheet` (`None` for text files), through
    /// [`RecordSink::record_fields`].
    pub fn emit_at<R: TypedRecord>(
        &mut self,
        sheet: Option<&str>,
        row: Option<u64>,
        record: R,
    ) -> Flow {
        let send = |fields: &mut Vec<(&'static str, Value)>| {
            fields.clear();
            record.into_fields(fields);
            let flow = self.record_fields(FieldRecord::new(sheet, row, R::KIND, fields));
            fields.clear();
            flow
        };
        FIELDS.with(|buffer| match buffer.try_borrow_mut() {
            Ok(mut fields) => send(&mut fields),
            // A sink that emits typed records itself while it takes one.
            Err(_) => send(&mut Vec::with_capacity(R::FIELDS.len())),
        })
    }
}

/// What a field's value becomes in the payload.
trait IntoValue {
    fn into_value(self) -> Value;
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::String(self)
    }
}

impl IntoValue for Money {
    fn into_value(self) -> Value {
        Value::String(self.0)
    }
}

impl IntoValue for i64 {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl IntoValue for f64 {
    /// NaN and infinities, which no field takes, become null (left empty).
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

fn text_map(map: BTreeMap<String, String>) -> Value {
    Value::Object(
        map.into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}

/// The Rust type of a schema type.
macro_rules! value_type {
    (Text) => {
        String
    };
    (Reference) => {
        String
    };
    (Date) => {
        String
    };
    (Instant) => {
        String
    };
    (Month) => {
        String
    };
    (Integer) => {
        i64
    };
    (Number) => {
        f64
    };
    (Bool) => {
        bool
    };
    (Money) => {
        Money
    };
}

/// One kind's struct, its constructor, builder methods and field list.
macro_rules! typed_record {
    (
        $(#[$doc:meta])*
        $name:ident = $kind:literal {
            required { $($req:ident: $rty:ident),* $(,)? }
            optional { $($opt:ident: $oty:ident),* $(,)? }
            $(text_map { $map:ident })?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(pub $req: value_type!($rty),)*
            $(pub $opt: Option<value_type!($oty)>,)*
            $(pub $map: BTreeMap<String, String>,)?
        }

        impl $name {
            /// A record with its required fields; the builder methods set
            /// the others.
            pub fn new($($req: impl Into<value_type!($rty)>),*) -> Self {
                $name {
                    $($req: $req.into(),)*
                    $($opt: None,)*
                    $($map: BTreeMap::new(),)?
                }
            }

            $(
                #[doc = concat!("Sets `", stringify!($opt), "`.")]
                pub fn $opt(mut self, value: impl Into<value_type!($oty)>) -> Self {
                    self.$opt = Some(value.into());
                    self
                }
            )*

            $(
                /// Adds a custom field: a column no other field reads, by
                /// its header text.
                pub fn $map(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                    self.$map.insert(name.into(), value.into());
                    self
                }
            )?
        }

        impl sealed::Sealed for $name {}

        impl TypedRecord for $name {
            const KIND: &'static str = $kind;
            const FIELDS: &'static [TypedField] = &[
                $(TypedField { name: stringify!($req), ty: Type::$rty, required: true },)*
                $(TypedField { name: stringify!($opt), ty: Type::$oty, required: false },)*
                $(TypedField { name: stringify!($map), ty: Type::TextMap, required: false },)?
            ];

            fn into_fields(self, out: &mut Vec<(&'static str, Value)>) {
                $(out.push((stringify!($req), self.$req.into_value()));)*
                $(
                    if let Some(value) = self.$opt {
                        out.push((stringify!($opt), value.into_value()));
                    }
                )*
                $(
                    if !self.$map.is_empty() {
                        out.push((stringify!($map), text_map(self.$map)));
                    }
                )?
            }
        }
    };
}

typed_record! {
    /// A customer account (`account`). `status` is `active` (the default)
    /// or `churned`; a `churned_on` date implies churned.
    Account = "account" {
        required { external_id: Text, name: Text }
        optional {
            domain: Text, industry: Text, country: Text, region: Text, city: Text,
            employees: Integer, plan: Text, tier: Text, csm: Text, status: Text,
            customer_since: Date, churned_on: Date, churn_reason: Text, renewal_on: Date,
            onboarding_completed_on: Date, first_value_on: Date, licenses: Integer,
            acquisition_cost: Money, mrr: Money,
        }
        text_map { custom }
    }
}

typed_record! {
    /// An account's MRR in one month (`mrr`).
    Mrr = "mrr" {
        required { account: Reference, month: Month, mrr: Money }
        optional {}
    }
}

typed_record! {
    /// A subscription (`subscription`): `amount` per `billing_period`
    /// (`monthly`, the default, `quarterly`, `semiannual`, `annual`); `end`
    /// is exclusive. `trial_end`: months before it bring no MRR; `discount`
    /// (per billing period) or `discount_percent` (0–100) off `amount`;
    /// `cancel_at`: a scheduled cancellation (revenue.md).
    Subscription = "subscription" {
        required { account: Reference, start: Date, amount: Money }
        optional {
            external_id: Text, end: Date, billing_period: Text, product: Text,
            trial_end: Date, discount: Money, discount_percent: Number, cancel_at: Date,
            currency: Text,
        }
    }
}

typed_record! {
    /// A survey answer (`survey_response`): `kind` is `nps` (score 0–10),
    /// `csat` (1–5) or `ces` (1–7).
    SurveyResponse = "survey_response" {
        required { date: Date, kind: Text, score: Integer }
        optional { account: Reference, respondent: Text, comment: Text }
    }
}

typed_record! {
    /// A support ticket (`ticket`).
    Ticket = "ticket" {
        required { opened_at: Instant }
        optional {
            account: Reference, requester: Text, external_id: Text, first_response_at: Instant, resolved_at: Instant,
            category: Text, priority: Text, channel: Text,
        }
    }
}

typed_record! {
    /// An account's product usage in one month (`usage`).
    Usage = "usage" {
        required { account: Reference, month: Month }
        optional {
            active_users: Integer, total_users: Integer, adopters: Integer,
            licenses: Integer, events: Integer,
        }
    }
}

typed_record! {
    /// A CSM's touch with an account (`activity`): `kind` is `call`,
    /// `meeting`, `email`, `qbr`, … (other text is kept as written).
    Activity = "activity" {
        required { account: Reference, date: Date, kind: Text }
        optional { external_id: Text, csm: Text, minutes: Integer, notes: Text }
    }
}

typed_record! {
    /// A sales opportunity (`opportunity`): `kind` is `new`, `upsell`,
    /// `cross_sell` or `renewal`; `status` `open`, `won` or `lost`.
    Opportunity = "opportunity" {
        required { account: Reference, kind: Text, status: Text }
        optional { external_id: Text, amount: Money, created_on: Date, closed_on: Date }
    }
}

typed_record! {
    /// What a month's customer acquisition cost (`acquisition_spend`).
    AcquisitionSpend = "acquisition_spend" {
        required { month: Month, amount: Money }
        optional { channel: Text }
    }
}

typed_record! {
    /// Reporting-currency units one unit of `currency` was worth in `month`
    /// (`fx_rate`): `rate` is a decimal text, such as `"5.4321"`.
    FxRate = "fx_rate" {
        required { month: Month, currency: Text, rate: Text }
        optional {}
    }
}

typed_record! {
    /// A payment, invoice or order (`purchase`, revenue.md): `amount` paid,
    /// in `currency` (empty: the database's); `kind` is `one_time` or
    /// `recurring`; `status` `paid`, `refunded`, `failed` or `void`.
    Purchase = "purchase" {
        required { account: Reference, date: Date, amount: Money }
        optional {
            currency: Text, refunded: Money, external_id: Text, kind: Text,
            product: Text, status: Text,
        }
    }
}

typed_record! {
    /// A customer success manager (`csm`), known by name across sources.
    Csm = "csm" {
        required { name: Text }
        optional { email: Text, capacity_hours: Number, active: Bool }
    }
}

typed_record! {
    /// A person at an account (`contact`).
    Contact = "contact" {
        required { account: Reference, name: Text }
        optional { email: Text, phone: Text, role: Text, is_primary: Bool }
    }
}

typed_record! {
    /// Something to do for an account (`task`, playbooks.md): `status` is
    /// `open`, `done` or `dismissed`.
    Task = "task" {
        required { account: Reference, title: Text, due_on: Date }
        optional {
            csm: Text, status: Text, rule: Text, trigger: Text, created_on: Date,
            done_on: Date, notes: Text
        }
    }
}

/// Every typed record: its kind and fields.
pub const ALL: &[(&str, &[TypedField])] = &[
    (Account::KIND, Account::FIELDS),
    (Mrr::KIND, Mrr::FIELDS),
    (Subscription::KIND, Subscription::FIELDS),
    (SurveyResponse::KIND, SurveyResponse::FIELDS),
    (Ticket::KIND, Ticket::FIELDS),
    (Usage::KIND, Usage::FIELDS),
    (Activity::KIND, Activity::FIELDS),
    (Opportunity::KIND, Opportunity::FIELDS),
    (AcquisitionSpend::KIND, AcquisitionSpend::FIELDS),
    (FxRate::KIND, FxRate::FIELDS),
    (Purchase::KIND, Purchase::FIELDS),
    (Csm::KIND, Csm::FIELDS),
    (Contact::KIND, Contact::FIELDS),
    (Task::KIND, Task::FIELDS),
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic in a test is a failed test
    use super::*;
    use crate::{EmittedRecord, RowProblem};
    use serde_json::json;

    /// Every kind of the schema has its struct, with exactly the schema's
    /// fields, types and required ones.
    #[test]
    fn the_structs_are_the_schemas_kinds() {
        let mut kinds: Vec<&str> = ALL.iter().map(|(k, _)| *k).collect();
        let mut declared: Vec<&str> = tenure_schema::KINDS.iter().map(|k| k.name).collect();
        kinds.sort_unstable();
        declared.sort_unstable();
        assert_eq!(kinds, declared);
        for (kind, fields) in ALL {
            let schema = tenure_schema::kind(kind).unwrap();
            let mut ours: Vec<(&str, Type, bool)> =
                fields.iter().map(|f| (f.name, f.ty, f.required)).collect();
            let mut theirs: Vec<(&str, Type, bool)> = schema
                .fields
                .iter()
                .map(|f| (f.name, f.ty, f.required))
                .collect();
            ours.sort_by_key(|f| f.0);
            theirs.sort_by_key(|f| f.0);
            assert_eq!(ours, theirs, "{kind}");
            // `new` takes the required fields in the schema's order.
            let ours: Vec<&str> = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            let theirs: Vec<&str> = schema
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            assert_eq!(ours, theirs, "{kind}");
        }
    }

    /// The kinds whose own `kind` field has a JSON name of its own are the
    /// schema's kinds with a `kind` field.
    #[test]
    fn own_kind_fields_are_the_schemas_kind_fields() {
        for kind in tenure_schema::KINDS {
            assert_eq!(
                crate::own_kind_field(kind.name).is_some(),
                kind.field("kind").is_some(),
                "{}",
                kind.name
            );
        }
    }

    #[derive(Default)]
    struct Collect(Vec<EmittedRecord>);

    impl RecordSink for Collect {
        fn record(&mut self, record: EmittedRecord) -> Flow {
            self.0.push(record);
            Flow::Continue
        }
        fn problem(&mut self, _: RowProblem) -> Flow {
            Flow::Continue
        }
        fn progress(&mut self, _: u64, _: u64) -> Flow {
            Flow::Continue
        }
    }

    /// Records go out with the fields that are set, exact values, and the
    /// own `kind` of a survey response under its JSON name in a JSON record.
    #[test]
    fn typed_records_are_emitted_with_their_fields() {
        let mut collect = Collect::default();
        let sink: &mut dyn RecordSink = &mut collect;
        let account = Account::new("A1", "Acme")
            .plan("Pro")
            .employees(12)
            .acquisition_cost(Money::from_cents(-5))
            .custom("Setor", "Varejo");
        assert_eq!(sink.emit_at(None, Some(3), account), Flow::Continue);
        sink.emit(Mrr::new("A1", "2025-01", "1234.56"));
        sink.emit_at(
            Some("NPS"),
            Some(2),
            SurveyResponse::new("2025-01-10", "nps", 9).account("A1"),
        );
        sink.emit(Csm::new("Ana").capacity_hours(100.5).active(true));
        let got: Vec<(Option<&str>, Option<u64>, &Value)> = collect
            .0
            .iter()
            .map(|r| (r.sheet.as_deref(), r.row, &r.record))
            .collect();
        assert_eq!(
            got,
            [
                (
                    None,
                    Some(3),
                    &json!({"kind": "account", "external_id": "A1", "name": "Acme", "plan": "Pro", "employees": 12, "acquisition_cost": "-0.05", "custom": {"Setor": "Varejo"}})
                ),
                (
                    None,
                    None,
                    &json!({"kind": "mrr", "account": "A1", "month": "2025-01", "mrr": "1234.56"})
                ),
                (
                    Some("NPS"),
                    Some(2),
                    &json!({"kind": "survey_response", "account": "A1", "date": "2025-01-10", "survey_kind": "nps", "score": 9})
                ),
                (
                    None,
                    None,
                    &json!({"kind": "csm", "name": "Ana", "capacity_hours": 100.5, "active": true})
                ),
            ]
        );
    }

    #[test]
    fn money_from_cents_is_exact() {
        let cases = [
            (0, "0.00"),
            (5, "0.05"),
            (-5, "-0.05"),
            (123_456, "1234.56"),
            (-100, "-1.00"),
            (i64::MIN, "-92233720368547758.08"),
        ];
        for (cents, text) in cases {
            assert_eq!(Money::from_cents(cents).as_str(), text);
        }
    }

    /// A sink that emits typed records while it takes one still works (the
    /// shared buffer is busy then).
    #[test]
    fn a_sink_may_emit_while_it_takes_a_record() {
        struct Nested(Collect);
        impl RecordSink for Nested {
            fn record(&mut self, record: EmittedRecord) -> Flow {
                if record.record["kind"] == "account" {
                    let inner: &mut dyn RecordSink = &mut self.0;
                    inner.emit(Mrr::new("A1", "2025-01", "1"));
                }
                self.0.record(record)
            }
            fn record_fields(&mut self, record: FieldRecord<'_>) -> Flow {
                if record.kind == "account" {
                    let inner: &mut dyn RecordSink = &mut self.0;
                    inner.emit(Mrr::new("A1", "2025-02", "2"));
                }
                self.0.record(record.to_emitted())
            }
            fn problem(&mut self, _: RowProblem) -> Flow {
                Flow::Continue
            }
            fn progress(&mut self, _: u64, _: u64) -> Flow {
                Flow::Continue
            }
        }
        let mut nested = Nested(Collect::default());
        let sink: &mut dyn RecordSink = &mut nested;
        sink.emit(Account::new("A1", "Acme"));
        let months: Vec<&Value> = nested
            .0
            .0
            .iter()
            .map(|r| r.record.get("month").unwrap_or(&r.record["name"]))
            .collect();
        assert_eq!(months, [&json!("2025-02"), &json!("Acme")]);
    }
}
