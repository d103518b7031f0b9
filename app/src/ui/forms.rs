//! The record forms: which fields each kind has, reading what a person typed
//! (in their locale) into a domain record, and writing a stored record back
//! into form text for editing. Validation proper happens on the write path
//! (`domain::validate` through the store's change set), exactly as for
//! imports; here only what cannot become a record (a bad date) is caught.

use super::i18n::AccountsTr;
use super::values;
use crate::domain::*;
use crate::format::{self, Locale};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FormKind {
    #[default]
    Account,
    Csm,
    Mrr,
    Subscription,
    Survey,
    Ticket,
    Activity,
    Opportunity,
    Spend,
    Purchase,
    Contact,
    Task,
}

impl FormKind {
    pub const ALL: [FormKind; 12] = [
        FormKind::Account,
        FormKind::Csm,
        FormKind::Mrr,
        FormKind::Subscription,
        FormKind::Survey,
        FormKind::Ticket,
        FormKind::Activity,
        FormKind::Opportunity,
        FormKind::Spend,
        FormKind::Purchase,
        FormKind::Contact,
        FormKind::Task,
    ];

    pub fn index(self) -> usize {
        FormKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    pub fn record_kind(self) -> RecordKind {
        match self {
            FormKind::Account => RecordKind::Account,
            FormKind::Csm => RecordKind::Csm,
            FormKind::Mrr => RecordKind::Mrr,
            FormKind::Subscription => RecordKind::Subscription,
            FormKind::Survey => RecordKind::SurveyResponse,
            FormKind::Ticket => RecordKind::Ticket,
            FormKind::Activity => RecordKind::Activity,
            FormKind::Opportunity => RecordKind::Opportunity,
            FormKind::Spend => RecordKind::AcquisitionSpend,
            FormKind::Purchase => RecordKind::Purchase,
            FormKind::Contact => RecordKind::Contact,
            FormKind::Task => RecordKind::Task,
        }
    }

    /// Whether the record belongs to an account (forms on the account page).
    pub fn of_account(self) -> bool {
        self.record_kind().refers_to_account()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Date,
    Month,
    Instant,
    Money,
    Int,
    Real,
    /// One of these canonical values (`""` = empty).
    Choice(&'static [&'static str]),
    /// `field = value` lines.
    Custom,
}

#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub key: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

const fn f(key: &'static str, ty: FieldType, required: bool) -> FieldDef {
    FieldDef { key, ty, required }
}

use FieldType as T;

const STATUS: FieldType = T::Choice(&["active", "churned", "prospect"]);
const YES_NO: FieldType = T::Choice(&["yes", "no"]);

pub fn fields(kind: FormKind) -> &'static [FieldDef] {
    match kind {
        FormKind::Account => {
            const F: &[FieldDef] = &[
                f("name", T::Text, true),
                f("external_id", T::Text, false),
                f("domain", T::Text, false),
                f("plan", T::Text, false),
                // The monthly fee: opens the account's subscription.
                f("mrr", T::Money, false),
                f("tier", T::Text, false),
                f("csm", T::Text, false),
                f("status", STATUS, false),
                f("industry", T::Text, false),
                f("country", T::Text, false),
                f("region", T::Text, false),
                f("city", T::Text, false),
                f("employees", T::Int, false),
                f("licenses", T::Int, false),
                f("customer_since", T::Date, false),
                f("renewal_on", T::Date, false),
                f("onboarding_completed_on", T::Date, false),
                f("first_value_on", T::Date, false),
                f("churned_on", T::Date, false),
                f("churn_reason", T::Text, false),
                f("acquisition_cost", T::Money, false),
                f("custom", T::Custom, false),
            ];
            F
        }
        FormKind::Csm => {
            const F: &[FieldDef] = &[
                f("name", T::Text, true),
                f("email", T::Text, false),
                f("capacity_hours", T::Real, false),
                f("active", YES_NO, false),
            ];
            F
        }
        FormKind::Mrr => {
            const F: &[FieldDef] = &[f("month", T::Month, true), f("mrr", T::Money, true)];
            F
        }
        FormKind::Subscription => {
            const F: &[FieldDef] = &[
                f("start", T::Date, true),
                f("end", T::Date, false),
                f("amount", T::Money, true),
                f(
                    "billing_period",
                    T::Choice(&["monthly", "quarterly", "semiannual", "annual"]),
                    false,
                ),
                f("product", T::Text, false),
                f("external_id", T::Text, false),
                f("trial_end", T::Date, false),
                f("discount", T::Money, false),
                f("discount_percent", T::Real, false),
                f("cancel_at", T::Date, false),
                f("currency", T::Text, false),
            ];
            F
        }
        FormKind::Survey => {
            const F: &[FieldDef] = &[
                f("date", T::Date, true),
                f("kind", T::Choice(&["nps", "csat", "ces"]), true),
                f("score", T::Int, true),
                f("respondent", T::Text, false),
                f("comment", T::Text, false),
            ];
            F
        }
        FormKind::Ticket => {
            const F: &[FieldDef] = &[
                f("opened_at", T::Instant, true),
                f("first_response_at", T::Instant, false),
                f("resolved_at", T::Instant, false),
                f("category", T::Text, false),
                f("priority", T::Text, false),
                f("channel", T::Text, false),
                f("requester", T::Text, false),
                f("external_id", T::Text, false),
            ];
            F
        }
        FormKind::Activity => {
            const F: &[FieldDef] = &[
                f("date", T::Date, true),
                f("kind", T::Text, true),
                f("csm", T::Text, false),
                f("minutes", T::Int, false),
                f("notes", T::Text, false),
                f("external_id", T::Text, false),
            ];
            F
        }
        FormKind::Opportunity => {
            const F: &[FieldDef] = &[
                f(
                    "kind",
                    T::Choice(&["new", "upsell", "cross_sell", "renewal"]),
                    true,
                ),
                f("status", T::Choice(&["open", "won", "lost"]), true),
                f("amount", T::Money, false),
                f("created_on", T::Date, false),
                f("closed_on", T::Date, false),
                f("external_id", T::Text, false),
            ];
            F
        }
        FormKind::Contact => {
            const F: &[FieldDef] = &[
                f("name", T::Text, true),
                f("email", T::Text, false),
                f("phone", T::Text, false),
                f("role", T::Text, false),
                f("is_primary", YES_NO, false),
            ];
            F
        }
        FormKind::Task => {
            const F: &[FieldDef] = &[
                f("title", T::Text, true),
                f("due_on", T::Date, true),
                f("csm", T::Text, false),
                f("status", T::Choice(&["open", "done", "dismissed"]), false),
                f("notes", T::Text, false),
                f("done_on", T::Date, false),
                f("created_on", T::Date, false),
                f("rule", T::Text, false),
                f("trigger", T::Text, false),
            ];
            F
        }
        FormKind::Purchase => {
            const F: &[FieldDef] = &[
                f("date", T::Date, true),
                f("amount", T::Money, true),
                f("currency", T::Text, false),
                f("refunded", T::Money, false),
                f("product", T::Text, false),
                f("kind", T::Choice(&["one_time", "recurring"]), false),
                f(
                    "status",
                    T::Choice(&["paid", "refunded", "failed", "void"]),
                    false,
                ),
                f("external_id", T::Text, false),
            ];
            F
        }
        FormKind::Spend => {
            const F: &[FieldDef] = &[
                f("month", T::Month, true),
                f("amount", T::Money, true),
                f("channel", T::Text, false),
            ];
            F
        }
    }
}

/// Field → text as typed.
pub type Values = BTreeMap<&'static str, String>;

/// Field → message (beside the field).
pub type Errors = Vec<(String, String)>;

/// A blank form: choices start on their first value where one is required.
pub fn blank(kind: FormKind) -> Values {
    fields(kind)
        .iter()
        .map(|d| {
            let v = match d.ty {
                T::Choice(options) if d.required => options.first().copied().unwrap_or(""),
                _ => "",
            };
            (d.key, v.to_string())
        })
        .collect()
}

/// `MM/YYYY` or `YYYY-MM`.
pub fn parse_month(text: &str) -> Option<Month> {
    let t = text.trim();
    if let Ok(m) = Month::parse(t) {
        return Some(m);
    }
    let (m, y) = t.split_once('/')?;
    let (m, y): (u32, i32) = (m.trim().parse().ok()?, y.trim().parse().ok()?);
    ((1..=12).contains(&m) && y >= 1000).then(|| Month::from_ym(y, m))
}

/// A date as the locale writes it, then ` HH:MM` (ISO also accepted).
pub fn parse_instant(text: &str, locale: Locale) -> Option<Instant> {
    let t = text.trim();
    if let Ok(i) = Instant::parse(t) {
        return Some(i);
    }
    let (d, time) = t.split_once(' ')?;
    let date = values::parse_date(d, locale)?;
    Instant::parse(&format!("{date}T{}", time.trim())).ok()
}

pub fn show_instant(i: Instant, locale: Locale) -> String {
    // The date part in the locale, the time (and any offset) as stored;
    // `:00` seconds are left out.
    let text = i.to_string();
    let rest = text.get(11..).unwrap_or("");
    let rest = if rest.len() == 8 && rest.ends_with(":00") {
        &rest[..5]
    } else {
        rest
    };
    format!("{} {rest}", format::date(i.date, locale))
}

pub fn show_money(m: Money, locale: Locale) -> String {
    // Exact, without the currency symbol, as the person would type it.
    format::money(m, "", locale).trim().to_string()
}

pub fn show_month(m: Month) -> String {
    format!("{:02}/{}", m.month(), m.year())
}

/// Reads a form into a record; `account` is the owning account's external
/// id (forms of account records).
pub fn to_record(
    kind: FormKind,
    values: &Values,
    account: &str,
    locale: Locale,
    tr: &AccountsTr,
) -> Result<Record, Errors> {
    let mut errors: Errors = Vec::new();
    let mut r = Reader {
        values,
        locale,
        tr,
        errors: &mut errors,
    };
    for d in fields(kind) {
        if d.required && r.raw(d.key).is_empty() {
            r.err(d.key, tr.required);
        }
    }
    let acc = || account.to_string();
    let record = match kind {
        FormKind::Account => {
            let name = r.text("name").unwrap_or_default();
            let external_id = r.text("external_id").unwrap_or_else(|| slug(&name));
            Record::Account(Account {
                external_id,
                name,
                domain: r.text("domain"),
                industry: r.text("industry"),
                country: r.text("country"),
                region: r.text("region"),
                city: r.text("city"),
                employees: r.int("employees"),
                plan: r.text("plan"),
                tier: r.text("tier"),
                csm: r.text("csm"),
                status: r.text("status").and_then(|s| AccountStatus::parse(&s)),
                customer_since: r.date("customer_since"),
                churned_on: r.date("churned_on"),
                churn_reason: r.text("churn_reason"),
                renewal_on: r.date("renewal_on"),
                onboarding_completed_on: r.date("onboarding_completed_on"),
                first_value_on: r.date("first_value_on"),
                licenses: r.int("licenses"),
                acquisition_cost: r.money("acquisition_cost"),
                mrr: r.money("mrr"),
                custom: r.custom("custom"),
            })
        }
        FormKind::Csm => Record::Csm(Csm {
            name: r.text("name").unwrap_or_default(),
            email: r.text("email"),
            capacity_hours: r.real("capacity_hours"),
            active: r.text("active").map(|v| v != "no"),
        }),
        FormKind::Mrr => Record::Mrr(MrrRecord {
            account: acc(),
            month: r.month("month").unwrap_or(Month::from_ym(2000, 1)),
            mrr: r.money("mrr").unwrap_or_default(),
        }),
        FormKind::Subscription => Record::Subscription(Subscription {
            account: acc(),
            external_id: r.text("external_id"),
            start: r.date("start").unwrap_or(Date::from_days(0)),
            end: r.date("end"),
            amount: r.money("amount").unwrap_or_default(),
            billing_period: r
                .text("billing_period")
                .and_then(|p| BillingPeriod::parse(&p)),
            product: r.text("product"),
            trial_end: r.date("trial_end"),
            discount: r.money("discount"),
            discount_percent: r.real("discount_percent"),
            cancel_at: r.date("cancel_at"),
            currency: r.text("currency").map(|c| c.to_ascii_uppercase()),
        }),
        FormKind::Survey => Record::SurveyResponse(SurveyResponse {
            account: acc(),
            date: r.date("date").unwrap_or(Date::from_days(0)),
            kind: r
                .text("kind")
                .and_then(|k| SurveyKind::parse(&k))
                .unwrap_or(SurveyKind::Nps),
            score: r.int("score").unwrap_or_default(),
            respondent: r.text("respondent"),
            comment: r.text("comment"),
        }),
        FormKind::Ticket => Record::Ticket(Ticket {
            requester: r.text("requester"),
            account: acc(),
            external_id: r.text("external_id"),
            opened_at: r.instant("opened_at").unwrap_or(Instant {
                date: Date::from_days(0),
                seconds: 0,
                offset_minutes: None,
            }),
            first_response_at: r.instant("first_response_at"),
            resolved_at: r.instant("resolved_at"),
            category: r.text("category"),
            priority: r.text("priority"),
            channel: r.text("channel"),
        }),
        FormKind::Activity => Record::Activity(Activity {
            account: acc(),
            external_id: r.text("external_id"),
            date: r.date("date").unwrap_or(Date::from_days(0)),
            kind: r.text("kind").unwrap_or_default(),
            csm: r.text("csm"),
            minutes: r.int("minutes"),
            notes: r.text("notes"),
        }),
        FormKind::Opportunity => Record::Opportunity(Opportunity {
            account: acc(),
            external_id: r.text("external_id"),
            kind: r
                .text("kind")
                .and_then(|k| OpportunityKind::parse(&k))
                .unwrap_or(OpportunityKind::New),
            status: r
                .text("status")
                .and_then(|k| OpportunityStatus::parse(&k))
                .unwrap_or(OpportunityStatus::Open),
            amount: r.money("amount"),
            created_on: r.date("created_on"),
            closed_on: r.date("closed_on"),
        }),
        FormKind::Contact => Record::Contact(Contact {
            account: acc(),
            name: r.text("name").unwrap_or_default(),
            email: r.text("email"),
            phone: r.text("phone"),
            role: r.text("role"),
            is_primary: r.text("is_primary").map(|v| v == "yes"),
        }),
        FormKind::Task => Record::Task(Task {
            account: acc(),
            title: r.text("title").unwrap_or_default(),
            due_on: r.date("due_on").unwrap_or(Date::from_days(0)),
            csm: r.text("csm"),
            status: r.text("status").and_then(|s| TaskStatus::parse(&s)),
            rule: r.text("rule"),
            trigger: r.text("trigger"),
            created_on: r.date("created_on"),
            done_on: r.date("done_on"),
            notes: r.text("notes"),
        }),
        FormKind::Purchase => Record::Purchase(Purchase {
            account: acc(),
            date: r.date("date").unwrap_or(Date::from_days(0)),
            amount: r.money("amount").unwrap_or_default(),
            currency: r.text("currency").map(|c| c.to_ascii_uppercase()),
            refunded: r.money("refunded"),
            external_id: r.text("external_id"),
            kind: r.text("kind"),
            product: r.text("product"),
            status: r.text("status"),
        }),
        FormKind::Spend => Record::AcquisitionSpend(AcquisitionSpend {
            month: r.month("month").unwrap_or(Month::from_ym(2000, 1)),
            amount: r.money("amount").unwrap_or_default(),
            channel: r.text("channel"),
        }),
    };
    if errors.is_empty() {
        Ok(record)
    } else {
        Err(errors)
    }
}

/// An external id from a name: `Acme Ltda` → `acme-ltda`.
pub fn slug(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

struct Reader<'a> {
    values: &'a Values,
    locale: Locale,
    tr: &'a AccountsTr,
    errors: &'a mut Errors,
}

impl Reader<'_> {
    fn raw(&self, key: &str) -> &str {
        self.values.get(key).map_or("", |v| v.trim())
    }

    fn err(&mut self, key: &str, message: &str) {
        if !self.errors.iter().any(|(k, _)| k == key) {
            self.errors.push((key.to_string(), message.to_string()));
        }
    }

    fn text(&self, key: &str) -> Option<String> {
        Some(self.raw(key).to_string()).filter(|t| !t.is_empty())
    }

    fn parsed<T>(&mut self, key: &str, msg: &str, f: impl Fn(&str) -> Option<T>) -> Option<T> {
        let raw = self.raw(key).to_string();
        if raw.is_empty() {
            return None;
        }
        let v = f(&raw);
        if v.is_none() {
            self.err(key, msg);
        }
        v
    }

    fn date(&mut self, key: &str) -> Option<Date> {
        let (locale, msg) = (self.locale, self.tr.bad_date);
        self.parsed(key, msg, |t| values::parse_date(t, locale))
    }

    fn month(&mut self, key: &str) -> Option<Month> {
        let msg = self.tr.bad_month;
        self.parsed(key, msg, parse_month)
    }

    fn instant(&mut self, key: &str) -> Option<Instant> {
        let (locale, msg) = (self.locale, self.tr.bad_instant);
        self.parsed(key, msg, |t| parse_instant(t, locale))
    }

    fn money(&mut self, key: &str) -> Option<Money> {
        let (locale, msg) = (self.locale, self.tr.bad_money);
        self.parsed(key, msg, |t| values::parse_money(t, locale))
    }

    fn int(&mut self, key: &str) -> Option<i64> {
        let (locale, msg) = (self.locale, self.tr.bad_integer);
        self.parsed(key, msg, |t| {
            let (thousands, _) = locale.separators();
            t.replace(thousands, "").trim().parse().ok()
        })
    }

    fn real(&mut self, key: &str) -> Option<f64> {
        let (locale, msg) = (self.locale, self.tr.bad_number);
        self.parsed(key, msg, |t| values::parse_number(t, locale))
    }

    fn custom(&mut self, key: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let raw = self.values.get(key).cloned().unwrap_or_default();
        for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    out.insert(k.trim().to_string(), v.trim().to_string());
                }
                _ => {
                    let msg = self.tr.bad_custom;
                    self.err(key, msg);
                }
            }
        }
        out
    }
}

/// A stored record as form text, for editing.
pub fn from_record(record: &Record, locale: Locale) -> (FormKind, Values) {
    let t = |v: &Option<String>| v.clone().unwrap_or_default();
    let d = |v: Option<Date>| v.map_or(String::new(), |d| format::date(d, locale));
    let i = |v: Option<i64>| v.map_or(String::new(), |n| n.to_string());
    let m = |v: Option<Money>| v.map_or(String::new(), |x| show_money(x, locale));
    let ins = |v: Option<Instant>| v.map_or(String::new(), |x| show_instant(x, locale));
    let (kind, pairs): (FormKind, Vec<(&'static str, String)>) = match record {
        Record::Account(a) => (
            FormKind::Account,
            vec![
                ("name", a.name.clone()),
                ("external_id", a.external_id.clone()),
                ("domain", t(&a.domain)),
                ("plan", t(&a.plan)),
                ("mrr", m(a.mrr)),
                ("tier", t(&a.tier)),
                ("csm", t(&a.csm)),
                ("status", a.effective_status().name().to_string()),
                ("industry", t(&a.industry)),
                ("country", t(&a.country)),
                ("region", t(&a.region)),
                ("city", t(&a.city)),
                ("employees", i(a.employees)),
                ("licenses", i(a.licenses)),
                ("customer_since", d(a.customer_since)),
                ("renewal_on", d(a.renewal_on)),
                ("onboarding_completed_on", d(a.onboarding_completed_on)),
                ("first_value_on", d(a.first_value_on)),
                ("churned_on", d(a.churned_on)),
                ("churn_reason", t(&a.churn_reason)),
                ("acquisition_cost", m(a.acquisition_cost)),
                (
                    "custom",
                    a.custom
                        .iter()
                        .map(|(k, v)| format!("{k} = {v}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ],
        ),
        Record::Csm(c) => (
            FormKind::Csm,
            vec![
                ("name", c.name.clone()),
                ("email", t(&c.email)),
                (
                    "capacity_hours",
                    c.capacity_hours
                        .map_or(String::new(), |h| format::number(h, 0, locale)),
                ),
                (
                    "active",
                    if c.active == Some(false) { "no" } else { "yes" }.into(),
                ),
            ],
        ),
        Record::Mrr(r) => (
            FormKind::Mrr,
            vec![("month", show_month(r.month)), ("mrr", m(Some(r.mrr)))],
        ),
        Record::Subscription(s) => (
            FormKind::Subscription,
            vec![
                ("start", d(Some(s.start))),
                ("end", d(s.end)),
                ("amount", m(Some(s.amount))),
                (
                    "billing_period",
                    s.billing_period.unwrap_or_default().name().into(),
                ),
                ("product", t(&s.product)),
                ("external_id", t(&s.external_id)),
                ("trial_end", d(s.trial_end)),
                ("discount", m(s.discount)),
                (
                    "discount_percent",
                    s.discount_percent
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                ),
                ("cancel_at", d(s.cancel_at)),
                ("currency", t(&s.currency)),
            ],
        ),
        Record::SurveyResponse(s) => (
            FormKind::Survey,
            vec![
                ("date", d(Some(s.date))),
                ("kind", s.kind.name().into()),
                ("score", s.score.to_string()),
                ("respondent", t(&s.respondent)),
                ("comment", t(&s.comment)),
            ],
        ),
        Record::Ticket(x) => (
            FormKind::Ticket,
            vec![
                ("opened_at", ins(Some(x.opened_at))),
                ("first_response_at", ins(x.first_response_at)),
                ("resolved_at", ins(x.resolved_at)),
                ("category", t(&x.category)),
                ("priority", t(&x.priority)),
                ("channel", t(&x.channel)),
                ("requester", t(&x.requester)),
                ("external_id", t(&x.external_id)),
            ],
        ),
        Record::Activity(a) => (
            FormKind::Activity,
            vec![
                ("date", d(Some(a.date))),
                ("kind", a.kind.clone()),
                ("csm", t(&a.csm)),
                ("minutes", i(a.minutes)),
                ("notes", t(&a.notes)),
                ("external_id", t(&a.external_id)),
            ],
        ),
        Record::Opportunity(o) => (
            FormKind::Opportunity,
            vec![
                ("kind", o.kind.name().into()),
                ("status", o.status.name().into()),
                ("amount", m(o.amount)),
                ("created_on", d(o.created_on)),
                ("closed_on", d(o.closed_on)),
                ("external_id", t(&o.external_id)),
            ],
        ),
        Record::AcquisitionSpend(s) => (
            FormKind::Spend,
            vec![
                ("month", show_month(s.month)),
                ("amount", m(Some(s.amount))),
                ("channel", t(&s.channel)),
            ],
        ),
        Record::Contact(c) => (
            FormKind::Contact,
            vec![
                ("name", c.name.clone()),
                ("email", t(&c.email)),
                ("phone", t(&c.phone)),
                ("role", t(&c.role)),
                (
                    "is_primary",
                    if c.is_primary == Some(true) {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                ),
            ],
        ),
        Record::Task(x) => (
            FormKind::Task,
            vec![
                ("title", x.title.clone()),
                ("due_on", d(Some(x.due_on))),
                ("csm", t(&x.csm)),
                ("status", x.status.unwrap_or_default().name().into()),
                ("notes", t(&x.notes)),
                ("done_on", d(x.done_on)),
                ("created_on", d(x.created_on)),
                ("rule", t(&x.rule)),
                ("trigger", t(&x.trigger)),
            ],
        ),
        Record::Purchase(p) => (
            FormKind::Purchase,
            vec![
                ("date", d(Some(p.date))),
                ("amount", m(Some(p.amount))),
                ("currency", t(&p.currency)),
                ("refunded", m(p.refunded)),
                ("product", t(&p.product)),
                ("kind", t(&p.kind)),
                ("status", t(&p.status)),
                ("external_id", t(&p.external_id)),
            ],
        ),
        Record::Usage(_) | Record::FxRate(_) => (FormKind::Account, Vec::new()),
    };
    (kind, pairs.into_iter().collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ui::i18n::Tr;

    #[test]
    fn reads_forms_by_locale_and_reports_bad_fields() {
        let tr = &Tr::get(Locale::PtBr).acc;
        let mut v = blank(FormKind::Mrr);
        v.insert("month", "03/2025".into());
        v.insert("mrr", "1.234,56".into());
        let r = to_record(FormKind::Mrr, &v, "A1", Locale::PtBr, tr).unwrap();
        assert_eq!(
            r,
            Record::Mrr(MrrRecord {
                account: "A1".into(),
                month: Month::from_ym(2025, 3),
                mrr: Money::from_cents(123_456)
            })
        );
        v.insert("mrr", "12x".into());
        v.insert("month", "".into());
        let e = to_record(FormKind::Mrr, &v, "A1", Locale::PtBr, tr).unwrap_err();
        assert_eq!(
            e,
            vec![
                ("month".to_string(), tr.required.to_string()),
                ("mrr".to_string(), tr.bad_money.to_string())
            ]
        );
        let mut t = blank(FormKind::Ticket);
        t.insert("opened_at", "31/01/2025 09:30".into());
        let Record::Ticket(ticket) =
            to_record(FormKind::Ticket, &t, "A1", Locale::PtBr, tr).unwrap()
        else {
            panic!("not a ticket")
        };
        assert_eq!(
            ticket.opened_at,
            Instant::parse("2025-01-31T09:30").unwrap()
        );
        // Round trip: stored record → form → the same record.
        let (kind, values) = from_record(&Record::Ticket(ticket.clone()), Locale::PtBr);
        assert_eq!(values["opened_at"], "31/01/2025 09:30");
        assert_eq!(
            to_record(kind, &values, "A1", Locale::PtBr, tr).unwrap(),
            Record::Ticket(ticket)
        );
    }

    /// Each form has exactly its kind's declared fields (the account it
    /// belongs to aside: the page gives it), with the schema's types,
    /// allowed values and required ones; only the order is the form's own.
    #[test]
    fn every_form_is_its_kinds_declaration() {
        use tenure_schema::{Type, Values as Allowed};
        for kind in FormKind::ALL {
            let declared = kind.record_kind().schema();
            let mut names: Vec<&str> = fields(kind).iter().map(|d| d.key).collect();
            let mut expected: Vec<&str> = declared
                .fields
                .iter()
                .filter(|f| f.ty != Type::Reference)
                .map(|f| f.name)
                .collect();
            names.sort_unstable();
            expected.sort_unstable();
            assert_eq!(names, expected, "{kind:?}");
            for d in fields(kind) {
                let f = declared.field(d.key).unwrap();
                let fits = match (f.ty, d.ty) {
                    (Type::Text, FieldType::Text) => !matches!(f.values, Allowed::OneOf(_)),
                    (Type::Text, FieldType::Choice(options)) => match f.values {
                        Allowed::OneOf(choices) => {
                            choices.iter().map(|c| c.name).eq(options.iter().copied())
                        }
                        _ => false,
                    },
                    (Type::Bool, FieldType::Choice(options)) => options == ["yes", "no"],
                    (Type::Date, FieldType::Date)
                    | (Type::Month, FieldType::Month)
                    | (Type::Instant, FieldType::Instant)
                    | (Type::Money, FieldType::Money)
                    | (Type::Integer, FieldType::Int)
                    | (Type::Number, FieldType::Real)
                    | (Type::TextMap, FieldType::Custom) => true,
                    _ => false,
                };
                assert!(fits, "{kind:?}.{}: {:?} vs {:?}", d.key, d.ty, f.ty);
                // An account's own id may be left empty: it is made from the name.
                let own_id = (declared.name, d.key) == ("account", "external_id");
                assert_eq!(d.required, f.required && !own_id, "{kind:?}.{}", d.key);
            }
        }
    }

    #[test]
    fn store_messages_in_portuguese() {
        let tr = &Tr::get(Locale::PtBr).acc;
        let survey = Record::SurveyResponse(SurveyResponse {
            account: "A1".into(),
            date: Date::from_days(0),
            kind: SurveyKind::Nps,
            score: 11,
            respondent: None,
            comment: None,
        });
        let e = &validate(&survey)[0];
        assert_eq!(e.message_in(tr.lang), "está fora da escala do NPS, 0–10");
        assert_eq!(
            e.message_in(Tr::get(Locale::En).acc.lang),
            "is outside the NPS scale 0–10"
        );
        // The store's own sentences go through the table.
        assert_eq!(
            tr.store_message("is already used by another account"),
            "já é usado por outra conta"
        );
    }

    #[test]
    fn account_form_round_trip_with_custom_fields() {
        let tr = &Tr::get(Locale::En).acc;
        let mut v = blank(FormKind::Account);
        v.insert("name", "Acme Ltda".into());
        v.insert("customer_since", "01/31/2025".into());
        v.insert("acquisition_cost", "1,500.00".into());
        v.insert("custom", "CNPJ = 00.1\nsegment=retail".into());
        v.insert("status", "active".into());
        let r = to_record(FormKind::Account, &v, "", Locale::En, tr).unwrap();
        let Record::Account(a) = &r else {
            panic!("not an account")
        };
        assert_eq!(a.external_id, "acme-ltda");
        assert_eq!(a.customer_since, Date::from_ymd(2025, 1, 31));
        assert_eq!(a.acquisition_cost, Some(Money::from_cents(150_000)));
        assert_eq!(a.custom.get("segment").map(String::as_str), Some("retail"));
        let (_, back) = from_record(&r, Locale::En);
        assert_eq!(
            to_record(FormKind::Account, &back, "", Locale::En, tr).unwrap(),
            r
        );
        v.insert("custom", "no equals sign".into());
        let e = to_record(FormKind::Account, &v, "", Locale::En, tr).unwrap_err();
        assert_eq!(e[0].0, "custom");
    }
}
