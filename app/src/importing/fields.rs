//! The canonical fields of each record kind, as `--map FIELD=COLUMN` and
//! `ImportOptions::map` name them, read from the one schema
//! (`tenure-schema`). The import view's mapping editor offers these.

use crate::domain::RecordKind;
use std::sync::LazyLock;

/// Field names per kind, in [`RecordKind::ALL`] order (the schema's
/// declarations without the account's `custom` map, which no one column
/// feeds).
static FIELDS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    RecordKind::ALL
        .iter()
        .map(|k| {
            let mut names: Vec<&'static str> = k
                .schema()
                .fields
                .iter()
                .filter(|f| f.ty != tenure_schema::Type::TextMap)
                .map(|f| f.name)
                .collect();
            if *k == RecordKind::SurveyResponse {
                names.extend(SCORE_FIELDS);
            }
            names
        })
        .collect()
});

/// A survey file's score columns, named by their kind (issue #24): a
/// column mapped to `nps` is read as NPS scores (0–10), `csat` 1–5, `ces`
/// 1–7, several per row; each gives the response's `kind` and `score`.
pub const SCORE_FIELDS: [&str; 3] = ["nps", "csat", "ces"];

/// Whether `field` is one of [`SCORE_FIELDS`].
pub fn is_score_field(field: &str) -> bool {
    SCORE_FIELDS.contains(&field)
}

/// The fields a column can be mapped to, for `kind`, in the order of
/// data-model.md.
pub fn fields(kind: RecordKind) -> &'static [&'static str] {
    let i = RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    FIELDS.get(i).map_or(&[], Vec::as_slice)
}

/// Fields whose values a person may map onto canonical ones (`status`:
/// "Sim" → `churned`), with the canonical values.
pub fn value_choices(kind: RecordKind, field: &str) -> Option<Vec<&'static str>> {
    let declared = kind.schema().field(field)?;
    match declared.values {
        tenure_schema::Values::OneOf(choices) if field == "status" => {
            Some(choices.iter().map(|c| c.name).collect())
        }
        _ => None,
    }
}

/// The required fields of `kind` that no column of `mapping` (field →
/// column) feeds: why a sheet read as `kind` has no rows. An account
/// needs its external id or its name, not both.
pub fn missing_required(kind: RecordKind, mapping: &[(String, String)]) -> Vec<&'static str> {
    // Score columns give a survey response its kind and score.
    let scored =
        kind == RecordKind::SurveyResponse && mapping.iter().any(|(f, _)| is_score_field(f));
    let mapped = |name: &str| {
        mapping.iter().any(|(f, _)| f == name) || (scored && matches!(name, "kind" | "score"))
    };
    let missing: Vec<&'static str> = kind
        .schema()
        .fields
        .iter()
        .filter(|f| f.required && !mapped(f.name))
        .map(|f| f.name)
        .collect();
    if kind == RecordKind::Account && missing.len() < 2 {
        return Vec::new();
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_fields_and_status_values_are_the_domain_ones() {
        for kind in RecordKind::ALL {
            assert!(!fields(kind).is_empty(), "{kind:?}");
        }
        for v in value_choices(RecordKind::Account, "status").unwrap_or_default() {
            assert!(crate::domain::AccountStatus::parse(v).is_some(), "{v}");
        }
        assert_eq!(
            value_choices(RecordKind::Opportunity, "status"),
            Some(vec!["open", "won", "lost"])
        );
        assert!(value_choices(RecordKind::Mrr, "mrr").is_none());
    }

    #[test]
    fn account_fields_are_the_record_kinds_without_the_derived_cohort() {
        let account = fields(RecordKind::Account);
        let filterable = &crate::store::queries::ACCOUNT_FIELDS;
        assert_eq!(account, &filterable[..filterable.len() - 1]);
        assert_eq!(account.len(), 21);
        assert_eq!(account.first(), Some(&"external_id"));
        assert_eq!(account.last(), Some(&"mrr"));
        assert!(!account.contains(&"cohort"));
    }

    #[test]
    fn missing_required_names_what_a_kind_lacks() {
        let map = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(f, c)| (f.to_string(), c.to_string()))
                .collect()
        };
        // An accounts sheet read as MRR entries: only the account is mapped.
        assert_eq!(
            missing_required(RecordKind::Mrr, &map(&[("account", "Nome da empresa")])),
            ["month", "mrr"]
        );
        assert!(
            missing_required(
                RecordKind::Mrr,
                &map(&[("account", "A"), ("month", "M"), ("mrr", "V")])
            )
            .is_empty()
        );
        // An account needs one of its id and its name.
        assert!(missing_required(RecordKind::Account, &map(&[("name", "Nome")])).is_empty());
        assert_eq!(
            missing_required(RecordKind::Account, &map(&[("plan", "Plano")])),
            ["external_id", "name"]
        );
    }

    #[test]
    fn a_ticket_is_mapped_by_its_own_field_names() {
        assert_eq!(
            fields(RecordKind::Ticket),
            [
                "account",
                "requester",
                "external_id",
                "opened_at",
                "first_response_at",
                "resolved_at",
                "category",
                "priority",
                "channel"
            ]
        );
        assert!(fields(RecordKind::SurveyResponse).contains(&"kind"));
        assert_eq!(
            fields(RecordKind::Contact),
            ["account", "name", "email", "phone", "role", "is_primary"]
        );
    }

    #[test]
    fn score_columns_stand_for_a_survey_responses_kind_and_score() {
        let survey = fields(RecordKind::SurveyResponse);
        assert!(SCORE_FIELDS.iter().all(|f| survey.contains(f)));
        assert!(!fields(RecordKind::Account).contains(&"nps"));
        let by_score = vec![("csat".to_string(), "satisfaction".to_string())];
        // Only the date is missing: the score column gives kind and score.
        assert_eq!(
            missing_required(RecordKind::SurveyResponse, &by_score),
            vec!["date"]
        );
        assert_eq!(
            missing_required(RecordKind::SurveyResponse, &[]),
            vec!["date", "kind", "score"]
        );
    }
}
