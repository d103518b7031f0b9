//! The one validation, used by every write path (imports and forms alike).
//! Its rules are the schema's (`tenure-schema`): required fields, minimums,
//! allowed values, the order between two dates, a score's scale. Each
//! violation is data (a stable [`Code`], the field, the value, the limit);
//! the sentence comes from it in the reader's language.

use super::records::*;
use super::{Date, Instant, Money, Month};
use serde::Serialize;
use std::fmt;
use tenure_schema::{Code, Order, Values, Violation};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Stable: reports, `--json` and the UI match on it, never on text.
    #[serde(serialize_with = "code_name")]
    pub code: Code,
    pub field: String,
    pub value: String,
    /// The bound or the other field's value (see [`Violation`]).
    pub limit: String,
    /// The other field, or the chosen value whose scale applies.
    pub other: String,
    /// In English; [`FieldError::message_in`] gives other languages.
    pub message: String,
}

fn code_name<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.name())
}

/// A field's label by its name, from the first kind that declares it
/// (empty for a name outside the schema: the message then uses the name).
fn label(name: &str) -> tenure_schema::Label {
    tenure_schema::KINDS
        .iter()
        .find_map(|k| k.field(name))
        .map_or(tenure_schema::Label::new("", ""), |f| f.label)
}

impl FieldError {
    /// A problem the schema does not describe (a database error, a CSM
    /// capacity), with its own English sentence.
    pub fn new(field: &str, value: impl fmt::Display, message: impl Into<String>) -> Self {
        FieldError {
            code: Code::Invalid,
            field: field.to_string(),
            value: value.to_string(),
            limit: String::new(),
            other: String::new(),
            message: message.into(),
        }
    }

    pub fn violation(v: Violation) -> Self {
        let message = v.message("en", &label);
        FieldError {
            code: v.code,
            field: v.field,
            value: v.value,
            limit: v.limit,
            other: v.other,
            message,
        }
    }

    /// The sentence's predicate in `lang` (`en`, `pt-BR`); problems the
    /// schema does not describe keep their English.
    pub fn message_in(&self, lang: &str) -> String {
        if self.code == Code::Invalid {
            return self.message.clone();
        }
        Violation {
            code: self.code,
            field: self.field.clone(),
            value: self.value.clone(),
            limit: self.limit.clone(),
            other: self.other.clone(),
        }
        .message(lang, &label)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "field `{}`: {}", self.field, self.message)
        } else {
            write!(
                f,
                "field `{}`: `{}` {}",
                self.field, self.value, self.message
            )
        }
    }
}

/// A field's value as the rules see it.
#[derive(Debug, Clone, Copy)]
enum Val<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Number(f64),
    Money(Money),
    Date(Date),
    Instant(Instant),
    Month(Month),
    Bool(bool),
}

impl Val<'_> {
    fn is_empty(self) -> bool {
        match self {
            Val::Empty => true,
            Val::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// For the order rules: same-typed values only.
    fn precedes(self, other: Val<'_>) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Val::Date(a), Val::Date(b)) => Some(a.cmp(&b)),
            (Val::Instant(a), Val::Instant(b)) => Some(a.epoch_seconds().cmp(&b.epoch_seconds())),
            (Val::Month(a), Val::Month(b)) => Some(a.cmp(&b)),
            _ => None,
        }
    }

    fn text(self) -> String {
        match self {
            Val::Empty => String::new(),
            Val::Text(t) => t.to_string(),
            Val::Int(i) => i.to_string(),
            Val::Number(n) => n.to_string(),
            Val::Money(m) => m.to_string(),
            Val::Date(d) => d.to_string(),
            Val::Instant(i) => i.to_string(),
            Val::Month(m) => m.to_string(),
            Val::Bool(b) => b.to_string(),
        }
    }
}

fn text(v: &Option<String>) -> Val<'_> {
    v.as_deref().map_or(Val::Empty, Val::Text)
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> Val<'static>) -> Val<'static> {
    v.map_or(Val::Empty, f)
}

/// Each kind's fields by their schema names: the one place that ties the
/// typed records to the declarations (a test asks it for every field).
fn get<'a>(record: &'a Record, field: &str) -> Option<Val<'a>> {
    Some(match (record, field) {
        (Record::Account(a), f) => match f {
            "external_id" => Val::Text(&a.external_id),
            "name" => Val::Text(&a.name),
            "domain" => text(&a.domain),
            "industry" => text(&a.industry),
            "country" => text(&a.country),
            "region" => text(&a.region),
            "city" => text(&a.city),
            "employees" => opt(a.employees, Val::Int),
            "plan" => text(&a.plan),
            "tier" => text(&a.tier),
            "csm" => text(&a.csm),
            "status" => opt(a.status, |s| Val::Text(s.name())),
            "customer_since" => opt(a.customer_since, Val::Date),
            "churned_on" => opt(a.churned_on, Val::Date),
            "churn_reason" => text(&a.churn_reason),
            "renewal_on" => opt(a.renewal_on, Val::Date),
            "onboarding_completed_on" => opt(a.onboarding_completed_on, Val::Date),
            "first_value_on" => opt(a.first_value_on, Val::Date),
            "licenses" => opt(a.licenses, Val::Int),
            "acquisition_cost" => opt(a.acquisition_cost, Val::Money),
            "mrr" => opt(a.mrr, Val::Money),
            "custom" => Val::Empty,
            _ => return None,
        },
        (Record::Mrr(r), f) => match f {
            "account" => Val::Text(&r.account),
            "month" => Val::Month(r.month),
            "mrr" => Val::Money(r.mrr),
            _ => return None,
        },
        (Record::Subscription(s), f) => match f {
            "account" => Val::Text(&s.account),
            "external_id" => text(&s.external_id),
            "start" => Val::Date(s.start),
            "end" => opt(s.end, Val::Date),
            "amount" => Val::Money(s.amount),
            "billing_period" => opt(s.billing_period, |p| Val::Text(p.name())),
            "product" => text(&s.product),
            "trial_end" => opt(s.trial_end, Val::Date),
            "discount" => opt(s.discount, Val::Money),
            "discount_percent" => opt(s.discount_percent, Val::Number),
            "cancel_at" => opt(s.cancel_at, Val::Date),
            "currency" => text(&s.currency),
            _ => return None,
        },
        (Record::SurveyResponse(r), f) => match f {
            "account" => Val::Text(&r.account),
            "date" => Val::Date(r.date),
            "kind" => Val::Text(r.kind.name()),
            "score" => Val::Int(r.score),
            "respondent" => text(&r.respondent),
            "comment" => text(&r.comment),
            _ => return None,
        },
        (Record::Ticket(t), f) => match f {
            "account" => Val::Text(&t.account),
            "requester" => text(&t.requester),
            "external_id" => text(&t.external_id),
            "opened_at" => Val::Instant(t.opened_at),
            "first_response_at" => opt(t.first_response_at, Val::Instant),
            "resolved_at" => opt(t.resolved_at, Val::Instant),
            "category" => text(&t.category),
            "priority" => text(&t.priority),
            "channel" => text(&t.channel),
            _ => return None,
        },
        (Record::Usage(u), f) => match f {
            "account" => Val::Text(&u.account),
            "month" => Val::Month(u.month),
            "active_users" => opt(u.active_users, Val::Int),
            "total_users" => opt(u.total_users, Val::Int),
            "adopters" => opt(u.adopters, Val::Int),
            "licenses" => opt(u.licenses, Val::Int),
            "events" => opt(u.events, Val::Int),
            _ => return None,
        },
        (Record::Activity(a), f) => match f {
            "account" => Val::Text(&a.account),
            "external_id" => text(&a.external_id),
            "date" => Val::Date(a.date),
            "kind" => Val::Text(&a.kind),
            "csm" => text(&a.csm),
            "minutes" => opt(a.minutes, Val::Int),
            "notes" => text(&a.notes),
            _ => return None,
        },
        (Record::Opportunity(o), f) => match f {
            "account" => Val::Text(&o.account),
            "external_id" => text(&o.external_id),
            "kind" => Val::Text(o.kind.name()),
            "status" => Val::Text(o.status.name()),
            "amount" => opt(o.amount, Val::Money),
            "created_on" => opt(o.created_on, Val::Date),
            "closed_on" => opt(o.closed_on, Val::Date),
            _ => return None,
        },
        (Record::AcquisitionSpend(s), f) => match f {
            "month" => Val::Month(s.month),
            "amount" => Val::Money(s.amount),
            "channel" => text(&s.channel),
            _ => return None,
        },
        (Record::FxRate(x), f) => match f {
            "month" => Val::Month(x.month),
            "currency" => Val::Text(&x.currency),
            "rate" => Val::Text(&x.rate),
            _ => return None,
        },
        (Record::Purchase(p), f) => match f {
            "account" => Val::Text(&p.account),
            "date" => Val::Date(p.date),
            "amount" => Val::Money(p.amount),
            "currency" => text(&p.currency),
            "refunded" => opt(p.refunded, Val::Money),
            "external_id" => text(&p.external_id),
            "kind" => text(&p.kind),
            "product" => text(&p.product),
            "status" => text(&p.status),
            _ => return None,
        },
        (Record::Csm(c), f) => match f {
            "name" => Val::Text(&c.name),
            "email" => text(&c.email),
            "capacity_hours" => opt(c.capacity_hours, Val::Number),
            "active" => opt(c.active, Val::Bool),
            _ => return None,
        },
        (Record::Contact(c), f) => match f {
            "account" => Val::Text(&c.account),
            "name" => Val::Text(&c.name),
            "email" => text(&c.email),
            "phone" => text(&c.phone),
            "role" => text(&c.role),
            "is_primary" => opt(c.is_primary, Val::Bool),
            _ => return None,
        },
        (Record::Task(t), f) => match f {
            "account" => Val::Text(&t.account),
            "title" => Val::Text(&t.title),
            "due_on" => Val::Date(t.due_on),
            "csm" => text(&t.csm),
            "status" => opt(t.status.map(|s| s.name()), Val::Text),
            "rule" => text(&t.rule),
            "trigger" => text(&t.trigger),
            "created_on" => opt(t.created_on, Val::Date),
            "done_on" => opt(t.done_on, Val::Date),
            "notes" => text(&t.notes),
            _ => return None,
        },
    })
}

/// The fields of a kind that carry a rule, once: the write path validates
/// every record, and most fields (free text) have nothing to check.
fn ruled_fields(kind: RecordKind) -> &'static [&'static tenure_schema::Field] {
    static RULED: std::sync::LazyLock<Vec<Vec<&'static tenure_schema::Field>>> =
        std::sync::LazyLock::new(|| {
            RecordKind::ALL
                .iter()
                .map(|k| {
                    k.schema()
                        .fields
                        .iter()
                        .filter(|f| {
                            f.required
                                || f.min.is_some()
                                || matches!(f.values, Values::OneOf(_))
                                || f.order.is_some()
                                || f.scale_of.is_some()
                        })
                        .collect()
                })
                .collect()
        });
    let i = RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    RULED.get(i).map_or(&[], Vec::as_slice)
}

/// Validates any record against its kind's declaration; one error per
/// violation, in declaration order.
pub fn validate(record: &Record) -> Vec<FieldError> {
    let kind = record.kind().schema();
    let mut errors = Vec::new();
    let value = |name: &str| get(record, name).unwrap_or(Val::Empty);
    for f in ruled_fields(record.kind()) {
        let v = value(f.name);
        if f.required && v.is_empty() {
            errors.push(Violation::new(Code::Required, f.name, ""));
            continue;
        }
        if let Some(min) = f.min {
            let below = match v {
                Val::Int(n) => n < min,
                Val::Money(m) => m.cents() < min.saturating_mul(100),
                Val::Number(n) => n < min as f64,
                _ => false,
            };
            if below {
                errors
                    .push(Violation::new(Code::Negative, f.name, v.text()).limit(min.to_string()));
            }
        }
        if let (Values::OneOf(choices), Val::Text(t)) = (f.values, v)
            && !choices.iter().any(|c| c.name == t.trim())
        {
            let names: Vec<&str> = choices.iter().map(|c| c.name).collect();
            errors.push(Violation::new(Code::NotAllowed, f.name, t).limit(names.join(", ")));
        }
        if let Some(order) = f.order {
            let (other, code, wrong): (_, _, fn(std::cmp::Ordering) -> bool) = match order {
                Order::NotBefore(o) => (o, Code::BeforeOther, |c| c.is_lt()),
                Order::After(o) => (o, Code::NotAfterOther, |c| c.is_le()),
            };
            let then = value(other);
            if v.precedes(then).is_some_and(wrong) {
                errors.push(
                    Violation::new(code, f.name, v.text())
                        .limit(then.text())
                        .other(other),
                );
            }
        }
        if let (Some(by), Val::Int(score)) = (f.scale_of, v)
            && let Val::Text(chosen) = value(by)
            && let Some((low, high)) = kind
                .field(by)
                .and_then(|b| b.choice(chosen))
                .and_then(|c| c.scale)
            && !(low..=high).contains(&score)
        {
            errors.push(
                Violation::new(Code::OutOfScale, f.name, score.to_string())
                    .limit(format!("{low}–{high}"))
                    .other(chosen),
            );
        }
    }
    let mut errors: Vec<FieldError> = errors.into_iter().map(FieldError::violation).collect();
    if let Record::Csm(c) = record
        && let Some(h) = c.capacity_hours
        && (!h.is_finite() || h <= 0.0 || h > 744.0)
    {
        // Not a schema rule: a month has at most 744 hours.
        errors.push(FieldError::new(
            "capacity_hours",
            h,
            "must be a number of hours a month above 0 and at most 744",
        ));
    }
    if let Record::Purchase(p) = record {
        purchase_rules(p, &mut errors);
    }
    if let Record::Subscription(s) = record {
        discount_rules(s, &mut errors);
        currency_rule(s.currency.as_deref(), &mut errors);
    }
    if let Record::FxRate(x) = record {
        currency_rule(Some(&x.currency), &mut errors);
        if !x.rate.trim().is_empty() && super::parse_rate(&x.rate).is_none() {
            errors.push(FieldError::new(
                "rate",
                &x.rate,
                "is not a rate above 0 with at most ten decimals (such as 5.4321)",
            ));
        }
    }
    errors
}

/// What the schema's rules cannot say of a purchase (revenue.md): an
/// amount above zero, a refund no larger than it, an ISO currency code.
fn purchase_rules(p: &Purchase, errors: &mut Vec<FieldError>) {
    if p.amount.cents() == 0 {
        errors.push(FieldError::new(
            "amount",
            p.amount,
            "must be above 0 (a purchase of nothing is not a purchase)",
        ));
    }
    if let Some(r) = p.refunded
        && r > p.amount
        && p.amount.cents() >= 0
    {
        errors.push(FieldError::new(
            "refunded",
            r,
            format!("is more than the amount paid, {}", p.amount),
        ));
    }
    currency_rule(p.currency.as_deref(), errors);
}

/// What the schema's rules cannot say of a subscription's discount
/// (revenue.md): one of the two ways, a percent of at most 100, an amount no
/// larger than the price it is taken from.
fn discount_rules(s: &Subscription, errors: &mut Vec<FieldError>) {
    if s.discount.is_some() && s.discount_percent.is_some() {
        errors.push(FieldError::new(
            "discount_percent",
            s.discount_percent.unwrap_or_default(),
            "is given with `discount`; keep one of the two (an amount or a percent off)",
        ));
    }
    if let Some(pct) = s.discount_percent
        && (!pct.is_finite() || pct > 100.0)
    {
        errors.push(FieldError::new(
            "discount_percent",
            pct,
            "must be a percent from 0 to 100 (such as 20 for 20 % off)",
        ));
    }
    if let Some(d) = s.discount
        && d > s.amount
        && s.amount.cents() >= 0
    {
        errors.push(FieldError::new(
            "discount",
            d,
            format!("is more than the amount per period, {}", s.amount),
        ));
    }
}

/// A currency, when given, is an ISO 4217 code.
fn currency_rule(currency: Option<&str>, errors: &mut Vec<FieldError>) {
    if let Some(c) = currency.map(str::trim)
        && !c.is_empty()
        && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        errors.push(FieldError::new(
            "currency",
            c,
            "is not an ISO 4217 currency code (three letters, such as BRL or USD)",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey(kind: SurveyKind, score: i64) -> Record {
        Record::SurveyResponse(SurveyResponse {
            account: "A1".into(),
            date: Date::from_days(0),
            kind,
            score,
            respondent: None,
            comment: None,
        })
    }

    #[test]
    fn nps_out_of_scale_names_field_and_value() {
        let errors = validate(&survey(SurveyKind::Nps, 11));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::OutOfScale);
        assert_eq!(
            errors[0].to_string(),
            "field `score`: `11` is outside the NPS scale 0–10"
        );
        assert_eq!(
            errors[0].message_in("pt-BR"),
            "está fora da escala do NPS, 0–10"
        );
        assert!(validate(&survey(SurveyKind::Nps, 10)).is_empty());
        assert_eq!(validate(&survey(SurveyKind::Csat, 0))[0].field, "score");
        assert!(validate(&survey(SurveyKind::Ces, 7)).is_empty());
        assert_eq!(validate(&survey(SurveyKind::Ces, 8)).len(), 1);
    }

    #[test]
    fn negative_mrr_rejected() {
        let r = Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: Month::from_ym(2025, 1),
            mrr: Money(-100),
        });
        let e = validate(&r);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].code, e[0].field.as_str()), (Code::Negative, "mrr"));
        assert_eq!(e[0].value, "-1.00");
        assert_eq!(
            e[0].to_string(),
            "field `mrr`: `-1.00` must not be negative"
        );
    }

    #[test]
    fn ticket_response_before_open_rejected() {
        let opened = Instant::parse("2025-01-02T10:00").unwrap_or_else(|_| unreachable!());
        let early = Instant::parse("2025-01-02T09:00").unwrap_or_else(|_| unreachable!());
        let t = Record::Ticket(Ticket {
            requester: None,
            account: "A1".into(),
            external_id: None,
            opened_at: opened,
            first_response_at: Some(early),
            resolved_at: Some(opened),
            category: None,
            priority: None,
            channel: None,
        });
        let e = validate(&t);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].field, "first_response_at");
        assert_eq!(e[0].code, Code::BeforeOther);
        assert_eq!(e[0].other, "opened_at");
        assert_eq!(
            e[0].to_string(),
            "field `first_response_at`: `2025-01-02T09:00:00` is before Opened at (2025-01-02T10:00:00)"
        );
        assert!(e[0].message_in("pt").starts_with("é anterior a Aberto em"));
    }

    #[test]
    fn account_requires_id_and_name() {
        let a = Record::Account(Account::default());
        let e = validate(&a);
        let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["external_id", "name"]);
        assert!(e.iter().all(|e| e.code == Code::Required));
    }

    #[test]
    fn a_subscription_must_end_after_it_starts() {
        let start = Date::from_ymd(2025, 3, 1).unwrap_or_else(|| unreachable!());
        let s = Record::Subscription(Subscription {
            account: "A1".into(),
            external_id: None,
            start,
            end: Some(start),
            amount: Money(1000),
            billing_period: None,
            product: None,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: None,
        });
        let e = validate(&s);
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].code, e[0].other.as_str()),
            (Code::NotAfterOther, "start")
        );
    }

    /// Every declared field of every kind is answered by the accessor, so
    /// a field added to the schema without its place here fails here.
    #[test]
    fn every_declared_field_has_its_place_in_the_typed_records() {
        let day = Date::from_days(0);
        let month = Month::from_ym(2025, 1);
        let at = Instant::parse("2025-01-02T10:00").unwrap_or_else(|_| unreachable!());
        let records = [
            Record::Account(Account::default()),
            Record::Mrr(MrrRecord {
                account: "A".into(),
                month,
                mrr: Money(0),
            }),
            Record::Subscription(Subscription {
                account: "A".into(),
                external_id: None,
                start: day,
                end: None,
                amount: Money(0),
                billing_period: None,
                product: None,
                trial_end: None,
                discount: None,
                discount_percent: None,
                cancel_at: None,
                currency: None,
            }),
            survey(SurveyKind::Nps, 1),
            Record::Ticket(Ticket {
                requester: None,
                account: "A".into(),
                external_id: None,
                opened_at: at,
                first_response_at: None,
                resolved_at: None,
                category: None,
                priority: None,
                channel: None,
            }),
            Record::Usage(Usage {
                account: "A".into(),
                month,
                active_users: None,
                total_users: None,
                adopters: None,
                licenses: None,
                events: None,
            }),
            Record::Activity(Activity {
                account: "A".into(),
                external_id: None,
                date: day,
                kind: "call".into(),
                csm: None,
                minutes: None,
                notes: None,
            }),
            Record::Opportunity(Opportunity {
                account: "A".into(),
                external_id: None,
                kind: OpportunityKind::New,
                status: OpportunityStatus::Open,
                amount: None,
                created_on: None,
                closed_on: None,
            }),
            Record::AcquisitionSpend(AcquisitionSpend {
                month,
                amount: Money(0),
                channel: None,
            }),
            Record::Csm(Csm {
                name: "C".into(),
                email: None,
                capacity_hours: None,
                active: None,
            }),
            Record::FxRate(FxRate {
                month,
                currency: "USD".into(),
                rate: "5.5".into(),
            }),
            Record::Purchase(Purchase {
                account: "A".into(),
                date: Date::from_days(0),
                amount: Money(100),
                currency: None,
                refunded: None,
                external_id: None,
                kind: None,
                product: None,
                status: None,
            }),
            Record::Contact(Contact {
                account: "A".into(),
                name: "P".into(),
                email: None,
                phone: None,
                role: None,
                is_primary: None,
            }),
            Record::Task(Task {
                account: "A".into(),
                title: "T".into(),
                due_on: day,
                csm: None,
                status: None,
                rule: None,
                trigger: None,
                created_on: None,
                done_on: None,
                notes: None,
            }),
        ];
        assert_eq!(records.len(), RecordKind::ALL.len());
        for r in &records {
            for f in r.kind().schema().fields {
                assert!(get(r, f.name).is_some(), "{}.{}", r.kind(), f.name);
            }
            assert!(get(r, "no_such_field").is_none());
        }
    }
}
