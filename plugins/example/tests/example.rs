//! The example plugin, called as a library (the cdylib is checked by
//! `tenure plugins check` in app/tests/plugins_check.rs).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{EmittedRecord, Flow, ImportOptions, Importer, RecordSink, RowProblem};
use tenure_plugin_example::CustomersImporter;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[derive(Default)]
struct Sink {
    records: Vec<EmittedRecord>,
    problems: Vec<RowProblem>,
    cancel_after: Option<usize>,
}

impl RecordSink for Sink {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        self.records.push(record);
        match self.cancel_after {
            Some(n) if self.records.len() >= n => Flow::Cancel,
            _ => Flow::Continue,
        }
    }
    fn problem(&mut self, problem: RowProblem) -> Flow {
        self.problems.push(problem);
        Flow::Continue
    }
    fn progress(&mut self, _: u64, _: u64) -> Flow {
        Flow::Continue
    }
}

#[test]
fn reads_one_account_per_line_with_the_line_a_person_sees() {
    let mut sink = Sink::default();
    CustomersImporter
        .import(
            &fixture("shop.customers"),
            &ImportOptions::default(),
            &mut sink,
        )
        .unwrap();
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
    let got: Vec<(Option<u64>, serde_json::Value)> = sink
        .records
        .into_iter()
        .map(|r| (r.row, r.record))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some(3),
                json!({"kind": "account", "external_id": "C001", "name": "Acme Ltda", "plan": "Pro", "customer_since": "2024-01-15"})
            ),
            (
                Some(4),
                json!({"kind": "account", "external_id": "C002", "name": "Beta SA", "plan": "Basic"})
            ),
            (
                Some(6),
                json!({"kind": "account", "external_id": "C003", "name": "Gama ME", "customer_since": "2023-11-30"})
            ),
        ]
    );
}

#[test]
fn bad_lines_are_row_problems_that_say_what_to_do() {
    let mut sink = Sink::default();
    CustomersImporter
        .import(
            &fixture("broken.customers"),
            &ImportOptions::default(),
            &mut sink,
        )
        .unwrap();
    assert_eq!(sink.records.len(), 1);
    let seen: Vec<(Option<u64>, &str)> = sink
        .problems
        .iter()
        .map(|p| (p.row, p.code.as_str()))
        .collect();
    assert_eq!(
        seen,
        [(Some(3), "wrong_field_count"), (Some(4), "not_a_date")]
    );
    assert_eq!(
        sink.problems[1].message,
        "broken.customers line 4: `2024-13-01` is not a date like 2024-01-15; correct it or leave it empty"
    );
}

#[test]
fn stops_when_the_host_cancels() {
    let mut sink = Sink {
        cancel_after: Some(1),
        ..Sink::default()
    };
    CustomersImporter
        .import(
            &fixture("shop.customers"),
            &ImportOptions::default(),
            &mut sink,
        )
        .unwrap();
    assert_eq!(sink.records.len(), 1);
}

#[test]
fn detects_by_extension_and_content() {
    let text = std::fs::read(fixture("shop.customers")).unwrap();
    assert_eq!(
        CustomersImporter.detect(Path::new("a.customers"), &text),
        90
    );
    assert_eq!(CustomersImporter.detect(Path::new("a.txt"), &text), 60);
    assert_eq!(
        CustomersImporter.detect(Path::new("a.customers"), b"\x00\x01"),
        40
    );
    assert_eq!(
        CustomersImporter.detect(Path::new("a.csv"), b"id,name\n1,x\n"),
        0
    );
}

#[test]
fn a_missing_file_is_a_fatal_problem() {
    let err = CustomersImporter
        .import(
            Path::new("/nonexistent/x.customers"),
            &ImportOptions::default(),
            &mut Sink::default(),
        )
        .unwrap_err();
    assert_eq!(err.code, "cannot_open");
}
