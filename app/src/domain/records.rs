//! The record kinds of data-model.md, by their canonical field names.
//!
//! These types are both the store's input and the importer plugins' payload
//! (JSON, one object per record, tagged by `kind`, or binary batches with
//! the kind beside the fields).

use super::{Date, Instant, Money, Month};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds, in the order an import must write them (what a record refers
/// to is written before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Csm,
    Account,
    Mrr,
    Subscription,
    SurveyResponse,
    Ticket,
    Usage,
    Activity,
    Opportunity,
    AcquisitionSpend,
    FxRate,
    Purchase,
    Contact,
    // playbooks (issue 21)
    Task,
}

impl RecordKind {
    pub const ALL: [RecordKind; 14] = [
        RecordKind::Csm,
        RecordKind::Account,
        RecordKind::Mrr,
        RecordKind::Subscription,
        RecordKind::SurveyResponse,
        RecordKind::Ticket,
        RecordKind::Usage,
        RecordKind::Activity,
        RecordKind::Opportunity,
        RecordKind::AcquisitionSpend,
        RecordKind::FxRate,
        RecordKind::Purchase,
        RecordKind::Contact,
        RecordKind::Task,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Csm => "csm",
            RecordKind::Account => "account",
            RecordKind::Mrr => "mrr",
            RecordKind::Subscription => "subscription",
            RecordKind::SurveyResponse => "survey_response",
            RecordKind::Ticket => "ticket",
            RecordKind::Usage => "usage",
            RecordKind::Activity => "activity",
            RecordKind::Opportunity => "opportunity",
            RecordKind::AcquisitionSpend => "acquisition_spend",
            RecordKind::FxRate => "fx_rate",
            RecordKind::Purchase => "purchase",
            RecordKind::Contact => "contact",
            RecordKind::Task => "task",
        }
    }

    /// The kind whose [`RecordKind::name`] is `text`, surrounding blanks
    /// allowed (what people type).
    pub fn parse(text: &str) -> Option<RecordKind> {
        RecordKind::from_name(text.trim())
    }

    /// The kind whose [`RecordKind::name`] is exactly `name` (payload tags).
    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether records of this kind name an account.
    pub fn refers_to_account(self) -> bool {
        self.schema().refers_to_account()
    }

    /// The kind's one declaration (fields, rules, key, labels, aliases).
    pub fn schema(self) -> &'static tenure_schema::Kind {
        use tenure_schema as s;
        // A match, not a search by name: the write path asks once a record.
        match self {
            RecordKind::Csm => &s::CSM,
            RecordKind::Account => &s::ACCOUNT,
            RecordKind::Mrr => &s::MRR,
            RecordKind::Subscription => &s::SUBSCRIPTION,
            RecordKind::SurveyResponse => &s::SURVEY_RESPONSE,
            RecordKind::Ticket => &s::TICKET,
            RecordKind::Usage => &s::USAGE,
            RecordKind::Activity => &s::ACTIVITY,
            RecordKind::Opportunity => &s::OPPORTUNITY,
            RecordKind::AcquisitionSpend => &s::ACQUISITION_SPEND,
            RecordKind::FxRate => &s::FX_RATE,
            RecordKind::Purchase => &s::PURCHASE,
            RecordKind::Contact => &s::CONTACT,
            RecordKind::Task => &s::TASK,
        }
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    #[default]
    Active,
    Churned,
    /// Not yet a customer (data-model.md): kept, scored by the ICP, left
    /// out of every customer metric.
    Prospect,
}

impl AccountStatus {
    pub fn name(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Churned => "churned",
            AccountStatus::Prospect => "prospect",
        }
    }

    pub fn parse(text: &str) -> Option<AccountStatus> {
        match text.trim() {
            "active" => Some(AccountStatus::Active),
            "churned" => Some(AccountStatus::Churned),
            "prospect" => Some(AccountStatus::Prospect),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub external_id: String,
    pub name: String,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub employees: Option<i64>,
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub csm: Option<String>,
    #[serde(default)]
    pub status: Option<AccountStatus>,
    #[serde(default)]
    pub customer_since: Option<Date>,
    #[serde(default)]
    pub churned_on: Option<Date>,
    #[serde(default)]
    pub churn_reason: Option<String>,
    #[serde(default)]
    pub renewal_on: Option<Date>,
    #[serde(default)]
    pub onboarding_completed_on: Option<Date>,
    #[serde(default)]
    pub first_value_on: Option<Date>,
    #[serde(default)]
    pub licenses: Option<i64>,
    #[serde(default)]
    pub acquisition_cost: Option<Money>,
    /// The current monthly fee; the store turns it into a subscription.
    #[serde(default)]
    pub mrr: Option<Money>,
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

impl Account {
    /// `churned_on` implies `churned` (data-model.md).
    pub fn effective_status(&self) -> AccountStatus {
        if self.churned_on.is_some() {
            AccountStatus::Churned
        } else {
            self.status.unwrap_or_default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MrrRecord {
    pub account: String,
    pub month: Month,
    pub mrr: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BillingPeriod {
    #[default]
    Monthly,
    Quarterly,
    Semiannual,
    Annual,
}

impl BillingPeriod {
    pub fn months(self) -> i64 {
        match self {
            BillingPeriod::Monthly => 1,
            BillingPeriod::Quarterly => 3,
            BillingPeriod::Semiannual => 6,
            BillingPeriod::Annual => 12,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            BillingPeriod::Monthly => "monthly",
            BillingPeriod::Quarterly => "quarterly",
            BillingPeriod::Semiannual => "semiannual",
            BillingPeriod::Annual => "annual",
        }
    }

    pub fn parse(text: &str) -> Option<BillingPeriod> {
        [
            BillingPeriod::Monthly,
            BillingPeriod::Quarterly,
            BillingPeriod::Semiannual,
            BillingPeriod::Annual,
        ]
        .into_iter()
        .find(|p| p.name() == text.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    pub account: String,
    #[serde(default)]
    pub external_id: Option<String>,
    pub start: Date,
    #[serde(default)]
    pub end: Option<Date>,
    pub amount: Money,
    #[serde(default)]
    pub billing_period: Option<BillingPeriod>,
    #[serde(default)]
    pub product: Option<String>,
    /// Months whose last day is before it bring no MRR (revenue.md).
    #[serde(default)]
    pub trial_end: Option<Date>,
    /// Off `amount`, per billing period.
    #[serde(default)]
    pub discount: Option<Money>,
    /// Percent off `amount` (0–100), the other way to give a discount.
    #[serde(default)]
    pub discount_percent: Option<f64>,
    /// A scheduled cancellation: no MRR from this day on.
    #[serde(default)]
    pub cancel_at: Option<Date>,
    /// ISO 4217; empty: the database's currency (revenue.md). Its MRR is
    /// converted at each month's rate.
    #[serde(default)]
    pub currency: Option<String>,
}

/// How a score reads on its kind's scale (metrics.md): NPS promoters are
/// positive and detractors negative, CSAT 4–5 and CES "low effort" (1–2)
/// positive. CES is stored with low = easy (the import flips a "high is
/// easy" scale). The one bucketing of survey scores: the metrics, the
/// account facts and the responses list all read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SurveyBand {
    /// NPS 0–6, CSAT 1–2, CES 6–7.
    Negative,
    /// NPS 7–8, CSAT 3, CES 3–5.
    Neutral,
    /// NPS 9–10, CSAT 4–5, CES 1–2.
    Positive,
}

impl SurveyBand {
    pub const ALL: [SurveyBand; 3] = [
        SurveyBand::Negative,
        SurveyBand::Neutral,
        SurveyBand::Positive,
    ];

    pub fn of(kind: SurveyKind, score: i64) -> SurveyBand {
        match kind {
            SurveyKind::Nps if score <= 6 => SurveyBand::Negative,
            SurveyKind::Nps if score <= 8 => SurveyBand::Neutral,
            SurveyKind::Csat if score <= 2 => SurveyBand::Negative,
            SurveyKind::Csat if score == 3 => SurveyBand::Neutral,
            SurveyKind::Ces if score >= 6 => SurveyBand::Negative,
            SurveyKind::Ces if score >= 3 => SurveyBand::Neutral,
            _ => SurveyBand::Positive,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SurveyBand::Negative => "negative",
            SurveyBand::Neutral => "neutral",
            SurveyBand::Positive => "positive",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    Nps,
    Csat,
    Ces,
}

impl SurveyKind {
    pub fn name(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Csat => "csat",
            SurveyKind::Ces => "ces",
        }
    }

    pub fn parse(text: &str) -> Option<SurveyKind> {
        match text.trim() {
            "nps" => Some(SurveyKind::Nps),
            "csat" => Some(SurveyKind::Csat),
            "ces" => Some(SurveyKind::Ces),
            _ => None,
        }
    }

    /// The inclusive score scale.
    pub fn scale(self) -> (i64, i64) {
        match self {
            SurveyKind::Nps => (0, 10),
            SurveyKind::Csat => (1, 5),
            SurveyKind::Ces => (1, 7),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyResponse {
    /// Empty when the file names no account: the response is matched by
    /// its respondent's e-mail or domain at import, else anonymous.
    #[serde(default)]
    pub account: String,
    pub date: Date,
    /// `kind` in binary batches, where the record kind travels beside the
    /// fields; `survey_kind` in JSON, where `kind` is the record's tag.
    #[serde(rename = "survey_kind", alias = "kind")]
    pub kind: SurveyKind,
    pub score: i64,
    #[serde(default)]
    pub respondent: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    /// Empty when the file names no account (matched like a survey's).
    #[serde(default)]
    pub account: String,
    /// Who opened it (an e-mail is matched to a contact, or its domain).
    #[serde(default)]
    pub requester: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    pub opened_at: Instant,
    #[serde(default)]
    pub first_response_at: Option<Instant>,
    #[serde(default)]
    pub resolved_at: Option<Instant>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    pub account: String,
    pub month: Month,
    #[serde(default)]
    pub active_users: Option<i64>,
    #[serde(default)]
    pub total_users: Option<i64>,
    #[serde(default)]
    pub adopters: Option<i64>,
    #[serde(default)]
    pub licenses: Option<i64>,
    #[serde(default)]
    pub events: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub account: String,
    #[serde(default)]
    pub external_id: Option<String>,
    pub date: Date,
    /// `kind` in binary batches, where the record kind travels beside the
    /// fields; `activity_kind` in JSON, where `kind` is the record's tag.
    #[serde(rename = "activity_kind", alias = "kind")]
    pub kind: String,
    #[serde(default)]
    pub csm: Option<String>,
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    New,
    Upsell,
    CrossSell,
    Renewal,
}

impl OpportunityKind {
    pub fn name(self) -> &'static str {
        match self {
            OpportunityKind::New => "new",
            OpportunityKind::Upsell => "upsell",
            OpportunityKind::CrossSell => "cross_sell",
            OpportunityKind::Renewal => "renewal",
        }
    }

    pub fn parse(text: &str) -> Option<OpportunityKind> {
        [
            OpportunityKind::New,
            OpportunityKind::Upsell,
            OpportunityKind::CrossSell,
            OpportunityKind::Renewal,
        ]
        .into_iter()
        .find(|k| k.name() == text.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityStatus {
    Open,
    Won,
    Lost,
}

impl OpportunityStatus {
    pub fn name(self) -> &'static str {
        match self {
            OpportunityStatus::Open => "open",
            OpportunityStatus::Won => "won",
            OpportunityStatus::Lost => "lost",
        }
    }

    pub fn parse(text: &str) -> Option<OpportunityStatus> {
        match text.trim() {
            "open" => Some(OpportunityStatus::Open),
            "won" => Some(OpportunityStatus::Won),
            "lost" => Some(OpportunityStatus::Lost),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    pub account: String,
    #[serde(default)]
    pub external_id: Option<String>,
    /// `kind` in binary batches, where the record kind travels beside the
    /// fields; `opportunity_kind` in JSON, where `kind` is the record's tag.
    #[serde(rename = "opportunity_kind", alias = "kind")]
    pub kind: OpportunityKind,
    pub status: OpportunityStatus,
    #[serde(default)]
    pub amount: Option<Money>,
    #[serde(default)]
    pub created_on: Option<Date>,
    #[serde(default)]
    pub closed_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcquisitionSpend {
    pub month: Month,
    pub amount: Money,
    #[serde(default)]
    pub channel: Option<String>,
}

/// Reporting-currency units one unit of `currency` was worth in `month`
/// (revenue.md). `rate` is an exact decimal, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    pub month: Month,
    pub currency: String,
    pub rate: String,
}

/// One payment, invoice or order (revenue.md). Counts once, on its date,
/// net of `refunded`, when its status is `paid` or `refunded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    pub account: String,
    pub date: Date,
    pub amount: Money,
    /// ISO 4217; empty: the database's currency.
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub refunded: Option<Money>,
    #[serde(default)]
    pub external_id: Option<String>,
    /// `kind` in binary batches, where the record kind travels beside the
    /// fields; `purchase_kind` in JSON, where `kind` is the record's tag.
    /// Text, not an enum, so that a value outside the list is the schema's
    /// `not_allowed` with the list, not a decoding error.
    #[serde(default, rename = "purchase_kind", alias = "kind")]
    pub kind: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

impl Purchase {
    /// Paid, possibly refunded later (`paid` or `refunded`; empty is `paid`).
    pub fn is_paid(&self) -> bool {
        match self.status.as_deref().map(str::trim) {
            None | Some("") => true,
            Some(t) => PurchaseStatus::parse(t).is_some_and(PurchaseStatus::counts),
        }
    }

    /// What the purchase brings in: net of refunds, and nothing unless it
    /// was paid (a later refund leaves the status `refunded`).
    pub fn net(&self) -> Money {
        if self.is_paid() {
            Money(self.amount.0 - self.refunded.map_or(0, |r| r.0))
        } else {
            Money::ZERO
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseKind {
    #[default]
    OneTime,
    Recurring,
}

impl PurchaseKind {
    pub fn name(self) -> &'static str {
        match self {
            PurchaseKind::OneTime => "one_time",
            PurchaseKind::Recurring => "recurring",
        }
    }

    pub fn parse(text: &str) -> Option<PurchaseKind> {
        [PurchaseKind::OneTime, PurchaseKind::Recurring]
            .into_iter()
            .find(|k| k.name() == text.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseStatus {
    #[default]
    Paid,
    Refunded,
    Failed,
    Void,
}

impl PurchaseStatus {
    /// Only paid purchases (refunded ones included, net) bring revenue.
    pub fn counts(self) -> bool {
        matches!(self, PurchaseStatus::Paid | PurchaseStatus::Refunded)
    }

    pub fn name(self) -> &'static str {
        match self {
            PurchaseStatus::Paid => "paid",
            PurchaseStatus::Refunded => "refunded",
            PurchaseStatus::Failed => "failed",
            PurchaseStatus::Void => "void",
        }
    }

    pub fn parse(text: &str) -> Option<PurchaseStatus> {
        [
            PurchaseStatus::Paid,
            PurchaseStatus::Refunded,
            PurchaseStatus::Failed,
            PurchaseStatus::Void,
        ]
        .into_iter()
        .find(|k| k.name() == text.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Csm {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub capacity_hours: Option<f64>,
    #[serde(default)]
    pub active: Option<bool>,
}

impl Csm {
    pub const DEFAULT_CAPACITY_HOURS: f64 = 120.0;
}

/// A person at an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub account: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub is_primary: Option<bool>,
}

/// A task's state (playbooks.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Open,
    Done,
    Dismissed,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 3] = [TaskStatus::Open, TaskStatus::Done, TaskStatus::Dismissed];

    pub fn name(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(text: &str) -> Option<TaskStatus> {
        TaskStatus::ALL
            .into_iter()
            .find(|s| s.name() == text.trim())
    }
}

/// Something to do for an account (playbooks.md), by hand or by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub account: String,
    pub title: String,
    pub due_on: Date,
    #[serde(default)]
    pub csm: Option<String>,
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// The playbook rule that opened it; empty for a task a person added.
    #[serde(default)]
    pub rule: Option<String>,
    /// What fired the rule (`survey:123`), stable across evaluations.
    #[serde(default)]
    pub trigger: Option<String>,
    #[serde(default)]
    pub created_on: Option<Date>,
    #[serde(default)]
    pub done_on: Option<Date>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::RecordKind;

    #[test]
    fn the_kinds_are_the_schemas() {
        let mut ours: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
        let mut declared: Vec<&str> = tenure_schema::KINDS.iter().map(|k| k.name).collect();
        ours.sort_unstable();
        declared.sort_unstable();
        assert_eq!(ours, declared);
        for k in RecordKind::ALL {
            assert_eq!(k.schema().name, k.name());
        }
        assert!(RecordKind::Contact.refers_to_account());
        assert!(!RecordKind::AcquisitionSpend.refers_to_account());
        assert!(!RecordKind::Csm.refers_to_account());
    }
}

/// Any record, tagged by its kind: `{"kind": "mrr", "account": "A1", …}`.
// Records stream through one at a time; boxing accounts would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Csm(Csm),
    Account(Account),
    Mrr(MrrRecord),
    Subscription(Subscription),
    SurveyResponse(SurveyResponse),
    Ticket(Ticket),
    Usage(Usage),
    Activity(Activity),
    Opportunity(Opportunity),
    AcquisitionSpend(AcquisitionSpend),
    FxRate(FxRate),
    Purchase(Purchase),
    Contact(Contact),
    Task(Task),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Csm(_) => RecordKind::Csm,
            Record::Account(_) => RecordKind::Account,
            Record::Mrr(_) => RecordKind::Mrr,
            Record::Subscription(_) => RecordKind::Subscription,
            Record::SurveyResponse(_) => RecordKind::SurveyResponse,
            Record::Ticket(_) => RecordKind::Ticket,
            Record::Usage(_) => RecordKind::Usage,
            Record::Activity(_) => RecordKind::Activity,
            Record::Opportunity(_) => RecordKind::Opportunity,
            Record::AcquisitionSpend(_) => RecordKind::AcquisitionSpend,
            Record::FxRate(_) => RecordKind::FxRate,
            Record::Purchase(_) => RecordKind::Purchase,
            Record::Contact(_) => RecordKind::Contact,
            Record::Task(_) => RecordKind::Task,
        }
    }

    /// The account reference, for kinds that have one.
    pub fn account_ref(&self) -> Option<&str> {
        match self {
            Record::Mrr(r) => Some(&r.account),
            Record::Subscription(r) => Some(&r.account),
            // Optional there: an empty one is matched by e-mail instead.
            Record::SurveyResponse(r) => Some(r.account.as_str()).filter(|a| !a.trim().is_empty()),
            Record::Ticket(r) => Some(r.account.as_str()).filter(|a| !a.trim().is_empty()),
            Record::Usage(r) => Some(&r.account),
            Record::Activity(r) => Some(&r.account),
            Record::Opportunity(r) => Some(&r.account),
            Record::Purchase(r) => Some(&r.account),
            Record::Contact(r) => Some(&r.account),
            Record::Task(r) => Some(&r.account),
            Record::Csm(_)
            | Record::Account(_)
            | Record::AcquisitionSpend(_)
            | Record::FxRate(_) => None,
        }
    }
}
