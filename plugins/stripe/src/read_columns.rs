//! The columns [`super::rates`] reads are not "columns not read": the
//! vendor tables report every column no field takes, and the payments
//! export's `Converted Amount` and `Converted Currency` are taken by the
//! rates pass, not by a field. Only when that pass runs (the database's
//! currency is known, the file is delimited text), since otherwise nothing
//! reads them.

use std::path::Path;
use tenure_plugin_api::{
    EmittedRecord, FileDescription, Flow, ImportOptions, RecordSink, RowProblem,
};

/// Whether [`super::rates::emit`] reads the file's converted columns (a
/// workbook gives no rates).
pub fn rates_run(path: &Path, options: &ImportOptions) -> bool {
    let text = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "txt", "tsv"].contains(&e.to_ascii_lowercase().as_str()));
    options.currency.is_some() && text
}

/// Read by the rates pass (`Converted Amount Refunded` is not).
const RATES_READ: [&str; 2] = ["Converted Amount", "Converted Currency"];

/// `problem` without the rates' columns; `None` when it named only those.
fn without_rates_columns(mut problem: RowProblem) -> Option<RowProblem> {
    if problem.code != "unmapped_columns" {
        return Some(problem);
    }
    let Some(columns) = problem.args.get("columns") else {
        return Some(problem);
    };
    let all: Vec<&str> = columns.split(", ").collect();
    let kept: Vec<&str> = all
        .iter()
        .copied()
        .filter(|c| !RATES_READ.contains(c))
        .collect();
    if kept.len() == all.len() {
        return Some(problem);
    }
    if kept.is_empty() {
        return None;
    }
    let kind = problem.args.get("kind").cloned().unwrap_or_default();
    let list = kept.join(", ");
    problem.message = format!("These columns are not read for {kind} records: {list}.");
    problem.args.insert("columns".to_string(), list);
    Some(problem)
}

/// The description with the rates' columns counted as read.
pub fn describe(mut description: FileDescription) -> FileDescription {
    for sheet in &mut description.sheets {
        sheet.unmapped.retain(|c| !RATES_READ.contains(&c.as_str()));
        sheet.problems = std::mem::take(&mut sheet.problems)
            .into_iter()
            .filter_map(without_rates_columns)
            .collect();
    }
    description
}

/// A sink that passes everything on but the rates' columns in the
/// "columns not read" warning.
pub struct Sink<'a>(pub &'a mut dyn RecordSink);

impl RecordSink for Sink<'_> {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        self.0.record(record)
    }

    fn record_fields(&mut self, record: tenure_plugin_api::FieldRecord<'_>) -> Flow {
        self.0.record_fields(record)
    }

    fn problem(&mut self, problem: RowProblem) -> Flow {
        match without_rates_columns(problem) {
            Some(p) => self.0.problem(p),
            None => Flow::Continue,
        }
    }

    fn progress(&mut self, done: u64, total: u64) -> Flow {
        self.0.progress(done, total)
    }
}
