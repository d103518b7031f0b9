//! The field table of docs/plugins.md is the schema's: generated here and
//! compared, so that the guide cannot drift from `tenure_schema::KINDS`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::path::Path;
use tenure_plugin_api::records::ALL;
use tenure_plugin_api::schema::{self, Field, Values};

const START: &str =
    "<!-- fields: generated from the schema, checked by plugin-api/tests/docs_tables.rs -->";
const END: &str = "<!-- fields: end -->";

/// `survey_response` → `SurveyResponse`, the typed record's name.
fn struct_name(kind: &str) -> String {
    kind.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn cell(field: &Field) -> String {
    let mut text = format!("`{}` {}", field.name, field.ty.name());
    let choices: Vec<String> = field
        .values
        .choices()
        .iter()
        .map(|c| match c.scale {
            Some((low, high)) => format!("`{}` {low}–{high}", c.name),
            None => format!("`{}`", c.name),
        })
        .collect();
    match field.values {
        Values::OneOf(_) => text.push_str(&format!(": {}", choices.join(", "))),
        Values::Suggested(_) => text.push_str(&format!(": {}, …", choices.join(", "))),
        Values::Any => {}
    }
    if let Some(default) = field.default {
        text.push_str(&format!(" (default `{default}`)"));
    }
    text
}

fn table() -> String {
    let mut out =
        String::from("| kind | typed record | required | optional |\n|---|---|---|---|\n");
    for kind in schema::KINDS {
        let list = |required: bool| {
            kind.fields
                .iter()
                .filter(|f| f.required == required)
                .map(cell)
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            kind.name,
            struct_name(kind.name),
            list(true),
            list(false)
        ));
    }
    out
}

#[test]
fn the_guides_field_table_is_the_schemas() {
    // Every kind has its typed record under the name the table gives.
    assert_eq!(ALL.len(), schema::KINDS.len());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/plugins.md");
    let guide = std::fs::read_to_string(&path).unwrap();
    let start = guide.find(START).expect("the table's start marker") + START.len();
    let end = guide[start..].find(END).expect("the table's end marker") + start;
    let written = guide[start..end].trim();
    let expected = table();
    assert!(
        written == expected.trim(),
        "docs/plugins.md's field table is not the schema's; replace it with:\n\n{expected}"
    );
}

#[test]
fn struct_names_are_the_kinds_in_camel_case() {
    assert_eq!(struct_name("survey_response"), "SurveyResponse");
    assert_eq!(struct_name("mrr"), "Mrr");
    // The typed records are named so (this compiles only if they are).
    let _: (
        tenure_plugin_api::AcquisitionSpend,
        tenure_plugin_api::SurveyResponse,
    ) = (
        tenure_plugin_api::AcquisitionSpend::new("2025-01", "10"),
        tenure_plugin_api::SurveyResponse::new("2025-01-10", "nps", 9).account("A1"),
    );
}
