//! The record kinds as the readers use them, derived from the one schema
//! (`tenure-schema`): each field with how its cells are read, and the
//! column headers (English and Portuguese) that name it. Headers are
//! compared after [`normalize`]: lower case, accents removed, punctuation
//! and `_` as spaces, `camelCase` split — so "Nº de funcionários",
//! "no_de_funcionarios" and "NoDeFuncionarios" are one alias.
//!
//! Besides the schema's fields, a kind may have reader-only columns that
//! are read and checked but never emitted (a row's currency; a ticket's
//! minutes to first response).

use std::sync::LazyLock;
use tenure_schema as schema;

pub use schema::{kind_from_name, normalize};

/// How a field's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text, kept as written.
    Text,
    /// An identifier: kept as text with leading zeros; whole numbers from a
    /// spreadsheet lose their `.0`.
    Id,
    Int,
    Money,
    /// A plain number (hours).
    Number,
    Date,
    Month,
    Instant,
    Bool,
    /// `active` / `churned`, read by the column's meaning.
    Status,
    SurveyKind,
    BillingPeriod,
    OpportunityKind,
    OpportunityStatus,
    /// An ISO currency code for the row's money (checked, not emitted).
    Currency,
    /// Minutes after the ticket was opened: gives `first_response_at` when
    /// no column does (read, not emitted).
    MinutesAfterOpened,
}

#[derive(Debug)]
pub struct Field {
    /// Canonical name (the schema's).
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// Normalized header aliases, by preference (the canonical name is
    /// matched before any of them).
    pub aliases: &'static [&'static str],
    /// The schema's declaration; `None` for reader-only columns.
    pub declared: Option<&'static schema::Field>,
}

#[derive(Debug)]
pub struct KindDef {
    pub name: &'static str,
    /// Normalized words in a file or sheet name that point to this kind.
    pub names: &'static [&'static str],
    pub fields: Vec<Field>,
    pub schema: &'static schema::Kind,
}

/// Pseudo-field that is read but never emitted.
pub const CURRENCY_FIELD: &str = "currency";

const CURRENCY: &[&str] = &[
    "currency",
    "moeda",
    "currency code",
    "codigo da moeda",
    "currencyisocode",
];

const FIRST_RESPONSE_MINUTES: &[&str] = &[
    "first response time minutes",
    "first response minutes",
    "minutes to first response",
    "tempo de primeira resposta",
    "tempo ate primeira resposta",
    "tempo de primeira resposta min",
];

/// Kinds whose money may come with a currency column that is read only to
/// refuse another currency than the database's (a subscription declares its
/// own `currency`, converted at each month's rate: revenue.md).
const WITH_CURRENCY: &[&str] = &["mrr", "opportunity", "acquisition_spend"];

fn reader_type(kind: &str, f: &schema::Field) -> Option<FieldType> {
    use schema::Type as S;
    Some(match (kind, f.name, f.ty) {
        (_, _, S::TextMap) => return None,
        ("account", "status", _) => FieldType::Status,
        ("survey_response", "kind", _) => FieldType::SurveyKind,
        ("subscription", "billing_period", _) => FieldType::BillingPeriod,
        ("opportunity", "kind", _) => FieldType::OpportunityKind,
        ("opportunity", "status", _) => FieldType::OpportunityStatus,
        (_, _, S::Reference) | (_, "external_id", S::Text) => FieldType::Id,
        (_, _, S::Text) => FieldType::Text,
        (_, _, S::Integer) => FieldType::Int,
        (_, _, S::Number) => FieldType::Number,
        (_, _, S::Money) => FieldType::Money,
        (_, _, S::Date) => FieldType::Date,
        (_, _, S::Instant) => FieldType::Instant,
        (_, _, S::Month) => FieldType::Month,
        (_, _, S::Bool) => FieldType::Bool,
    })
}

fn reader_only(name: &'static str, ty: FieldType, aliases: &'static [&'static str]) -> Field {
    Field {
        name,
        ty,
        required: false,
        aliases,
        declared: None,
    }
}

fn reader_kind(k: &'static schema::Kind) -> KindDef {
    let mut fields = Vec::with_capacity(k.fields.len() + 1);
    for f in k.fields {
        let Some(ty) = reader_type(k.name, f) else {
            continue;
        };
        fields.push(Field {
            name: f.name,
            ty,
            required: f.required,
            aliases: f.aliases,
            declared: Some(f),
        });
        if (k.name, f.name) == ("ticket", "first_response_at") {
            fields.push(reader_only(
                "first_response_minutes",
                FieldType::MinutesAfterOpened,
                FIRST_RESPONSE_MINUTES,
            ));
        }
    }
    if WITH_CURRENCY.contains(&k.name) {
        fields.push(reader_only(CURRENCY_FIELD, FieldType::Currency, CURRENCY));
    }
    KindDef {
        name: k.name,
        names: k.file_words,
        fields,
        schema: k,
    }
}

/// Every kind, in the schema's order (the earlier wins a tie).
pub static KINDS: LazyLock<Vec<KindDef>> =
    LazyLock::new(|| schema::KINDS.iter().map(|k| reader_kind(k)).collect());

pub fn kind_def(name: &str) -> Option<&'static KindDef> {
    KINDS.iter().find(|k| k.name == name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_field_but_custom_is_read_and_reader_only_columns_are_not_declared() {
        for k in KINDS.iter() {
            for f in k.schema.fields {
                let read = k.fields.iter().any(|r| r.name == f.name);
                assert_eq!(read, f.name != "custom", "{}.{}", k.name, f.name);
            }
            for r in &k.fields {
                assert_eq!(
                    r.declared.is_none(),
                    matches!(r.ty, FieldType::Currency | FieldType::MinutesAfterOpened),
                    "{}.{}",
                    k.name,
                    r.name
                );
            }
        }
        assert_eq!(
            kind_def("ticket").map(|k| k.fields[0].ty),
            Some(FieldType::Id)
        );
    }
}
