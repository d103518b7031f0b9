//! One validation function per record kind, used by every write path
//! (imports and forms alike). Errors name the field and the value.

use super::records::*;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub value: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, value: impl fmt::Display, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_string(),
            value: value.to_string(),
            message: message.into(),
        }
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

fn required(errors: &mut Vec<FieldError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, "", "is required and is empty"));
    }
}

fn non_negative(errors: &mut Vec<FieldError>, field: &str, value: Option<i64>) {
    if let Some(v) = value.filter(|v| *v < 0) {
        errors.push(FieldError::new(field, v, "must not be negative"));
    }
}

pub fn validate_account(a: &Account) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "external_id", &a.external_id);
    required(&mut e, "name", &a.name);
    non_negative(&mut e, "employees", a.employees);
    non_negative(&mut e, "licenses", a.licenses);
    if let Some(cost) = a.acquisition_cost.filter(|c| c.cents() < 0) {
        e.push(FieldError::new(
            "acquisition_cost",
            cost,
            "must not be negative",
        ));
    }
    if let (Some(since), Some(churned)) = (a.customer_since, a.churned_on)
        && churned < since
    {
        e.push(FieldError::new(
            "churned_on",
            churned,
            format!("is before customer_since ({since})"),
        ));
    }
    for (field, date) in [
        ("onboarding_completed_on", a.onboarding_completed_on),
        ("first_value_on", a.first_value_on),
    ] {
        if let (Some(since), Some(d)) = (a.customer_since, date)
            && d < since
        {
            e.push(FieldError::new(
                field,
                d,
                format!("is before customer_since ({since})"),
            ));
        }
    }
    e
}

pub fn validate_mrr(r: &MrrRecord) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &r.account);
    if r.mrr.cents() < 0 {
        e.push(FieldError::new(
            "mrr",
            r.mrr,
            "must not be negative (MRR ≥ 0)",
        ));
    }
    e
}

pub fn validate_subscription(s: &Subscription) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &s.account);
    if s.amount.cents() < 0 {
        e.push(FieldError::new("amount", s.amount, "must not be negative"));
    }
    if let Some(end) = s.end.filter(|end| *end <= s.start) {
        e.push(FieldError::new(
            "end",
            end,
            format!("must be after start ({})", s.start),
        ));
    }
    e
}

pub fn validate_survey_response(r: &SurveyResponse) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &r.account);
    let (lo, hi) = r.kind.scale();
    if !(lo..=hi).contains(&r.score) {
        e.push(FieldError::new(
            "score",
            r.score,
            format!(
                "is outside the {} scale {lo}–{hi}",
                r.kind.name().to_uppercase()
            ),
        ));
    }
    e
}

pub fn validate_ticket(t: &Ticket) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &t.account);
    let opened = t.opened_at.epoch_seconds();
    for (field, value) in [
        ("first_response_at", t.first_response_at),
        ("resolved_at", t.resolved_at),
    ] {
        if let Some(v) = value.filter(|v| v.epoch_seconds() < opened) {
            e.push(FieldError::new(
                field,
                v,
                format!("is before opened_at ({})", t.opened_at),
            ));
        }
    }
    e
}

pub fn validate_usage(u: &Usage) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &u.account);
    for (field, value) in [
        ("active_users", u.active_users),
        ("total_users", u.total_users),
        ("adopters", u.adopters),
        ("licenses", u.licenses),
        ("events", u.events),
    ] {
        non_negative(&mut e, field, value);
    }
    e
}

pub fn validate_activity(a: &Activity) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &a.account);
    required(&mut e, "kind", &a.kind);
    non_negative(&mut e, "minutes", a.minutes);
    e
}

pub fn validate_opportunity(o: &Opportunity) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &o.account);
    if let Some(amount) = o.amount.filter(|a| a.cents() < 0) {
        e.push(FieldError::new("amount", amount, "must not be negative"));
    }
    if let (Some(created), Some(closed)) = (o.created_on, o.closed_on)
        && closed < created
    {
        e.push(FieldError::new(
            "closed_on",
            closed,
            format!("is before created_on ({created})"),
        ));
    }
    e
}

pub fn validate_acquisition_spend(s: &AcquisitionSpend) -> Vec<FieldError> {
    let mut e = Vec::new();
    if s.amount.cents() < 0 {
        e.push(FieldError::new("amount", s.amount, "must not be negative"));
    }
    e
}

pub fn validate_csm(c: &Csm) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "name", &c.name);
    if let Some(h) = c.capacity_hours
        && (!h.is_finite() || h <= 0.0 || h > 744.0)
    {
        e.push(FieldError::new(
            "capacity_hours",
            h,
            "must be a number of hours a month above 0 and at most 744",
        ));
    }
    e
}

pub fn validate_contact(c: &Contact) -> Vec<FieldError> {
    let mut e = Vec::new();
    required(&mut e, "account", &c.account);
    required(&mut e, "name", &c.name);
    e
}

/// Validates any record.
pub fn validate(record: &Record) -> Vec<FieldError> {
    match record {
        Record::Csm(r) => validate_csm(r),
        Record::Account(r) => validate_account(r),
        Record::Mrr(r) => validate_mrr(r),
        Record::Subscription(r) => validate_subscription(r),
        Record::SurveyResponse(r) => validate_survey_response(r),
        Record::Ticket(r) => validate_ticket(r),
        Record::Usage(r) => validate_usage(r),
        Record::Activity(r) => validate_activity(r),
        Record::Opportunity(r) => validate_opportunity(r),
        Record::AcquisitionSpend(r) => validate_acquisition_spend(r),
        Record::Contact(r) => validate_contact(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Date, Instant, Money, Month};

    #[test]
    fn nps_out_of_scale_names_field_and_value() {
        let r = SurveyResponse {
            account: "A1".into(),
            date: Date::from_days(0),
            kind: SurveyKind::Nps,
            score: 11,
            respondent: None,
            comment: None,
        };
        let errors = validate_survey_response(&r);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "field `score`: `11` is outside the NPS scale 0–10"
        );
        let ok = SurveyResponse {
            score: 10,
            ..r.clone()
        };
        assert!(validate_survey_response(&ok).is_empty());
        let csat = SurveyResponse {
            kind: SurveyKind::Csat,
            score: 0,
            ..r.clone()
        };
        assert_eq!(validate_survey_response(&csat)[0].field, "score");
        let ces = SurveyResponse {
            kind: SurveyKind::Ces,
            score: 7,
            ..r
        };
        assert!(validate_survey_response(&ces).is_empty());
    }

    #[test]
    fn negative_mrr_rejected() {
        let r = MrrRecord {
            account: "A1".into(),
            month: Month::from_ym(2025, 1),
            mrr: Money(-100),
        };
        let e = validate_mrr(&r);
        assert_eq!(e[0].field, "mrr");
        assert_eq!(e[0].value, "-1.00");
    }

    #[test]
    fn ticket_response_before_open_rejected() {
        let opened = Instant::parse("2025-01-02T10:00").unwrap_or_else(|_| unreachable!());
        let early = Instant::parse("2025-01-02T09:00").unwrap_or_else(|_| unreachable!());
        let t = Ticket {
            account: "A1".into(),
            external_id: None,
            opened_at: opened,
            first_response_at: Some(early),
            resolved_at: None,
            category: None,
            priority: None,
            channel: None,
        };
        let e = validate_ticket(&t);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "first_response_at");
        assert!(e[0].to_string().contains("2025-01-02T09:00:00"));
    }

    #[test]
    fn account_requires_id_and_name() {
        let a = Account::default();
        let fields: Vec<_> = validate_account(&a).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["external_id", "name"]);
    }
}
