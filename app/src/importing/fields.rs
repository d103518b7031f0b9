//! The canonical fields of each record kind, as `--map FIELD=COLUMN` and
//! `ImportOptions::map` name them (payload names: `survey_kind`,
//! `activity_kind`, `opportunity_kind`). The import view's mapping editor
//! offers these.

use crate::domain::RecordKind;

/// The fields a column can be mapped to, for `kind`, in the order of
/// data-model.md.
pub fn fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Csm => &["name", "email", "capacity_hours", "active"],
        RecordKind::Account => crate::store::queries::ACCOUNT_RECORD_FIELDS,
        RecordKind::Mrr => &["account", "month", "mrr"],
        RecordKind::Subscription => &[
            "account",
            "external_id",
            "start",
            "end",
            "amount",
            "billing_period",
            "product",
        ],
        RecordKind::SurveyResponse => &[
            "account",
            "date",
            "survey_kind",
            "score",
            "respondent",
            "comment",
        ],
        RecordKind::Ticket => &[
            "account",
            "external_id",
            "opened_at",
            "first_response_at",
            "resolved_at",
            "category",
            "priority",
            "channel",
        ],
        RecordKind::Usage => &[
            "account",
            "month",
            "active_users",
            "total_users",
            "adopters",
            "licenses",
            "events",
        ],
        RecordKind::Activity => &[
            "account",
            "external_id",
            "date",
            "activity_kind",
            "csm",
            "minutes",
            "notes",
        ],
        RecordKind::Opportunity => &[
            "account",
            "external_id",
            "opportunity_kind",
            "status",
            "amount",
            "created_on",
            "closed_on",
        ],
        RecordKind::AcquisitionSpend => &["month", "amount", "channel"],
    }
}

/// Fields whose values a person may map onto canonical ones (`status`:
/// "Sim" → `churned`), with the canonical values.
pub fn value_choices(kind: RecordKind, field: &str) -> Option<&'static [&'static str]> {
    match (kind, field) {
        (RecordKind::Account, "status") => Some(&["active", "churned"]),
        (RecordKind::Opportunity, "status") => Some(&["open", "won", "lost"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_fields_and_status_values_are_the_domain_ones() {
        for kind in RecordKind::ALL {
            assert!(!fields(kind).is_empty(), "{kind:?}");
        }
        for v in value_choices(RecordKind::Account, "status").unwrap_or(&[]) {
            assert!(crate::domain::AccountStatus::parse(v).is_some(), "{v}");
        }
        assert!(value_choices(RecordKind::Mrr, "mrr").is_none());
    }

    #[test]
    fn account_fields_are_the_record_kinds_without_the_derived_cohort() {
        let account = fields(RecordKind::Account);
        assert_eq!(account.len(), 20);
        assert_eq!(account.first(), Some(&"external_id"));
        assert_eq!(account.last(), Some(&"acquisition_cost"));
        assert!(!account.contains(&"cohort"));
    }
}
