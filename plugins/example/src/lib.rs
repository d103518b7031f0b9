//! The example Tenure importer plugin that `docs/plugins.md` walks through.
//!
//! It reads an invented "one line per customer" text format (`.customers`):
//!
//! ```text
//! # Tenure customers
//! # id | name | plan | customer since
//! C001 | Acme Ltda | Pro | 2024-01-15
//! C002 | Beta SA | Basic |
//! ```
//!
//! Lines starting with `#` and blank lines are skipped; each other line is
//! one `account` record. The plan and the date may be left empty. That is
//! the whole format: the point is the plugin around it, which has every
//! part a real importer has (detection with a confidence, a description of
//! the file, records streamed with the row a person sees, row problems that
//! say what to do, progress and cancel) and no `unsafe`. Records are typed
//! ([`Account`]): the fields are the schema's, checked when it compiles.

// `RowProblem` is the plugin API's error type.
#![allow(clippy::result_large_err)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use tenure_plugin_api::{
    Account, EmittedRecord, FileDescription, Flow, ImportOptions, Importer, PluginInfo, RecordSink,
    RowProblem, Severity, SheetDescription, export_importer,
};

/// The fields of a line, in order (the schema's names for them): what
/// `describe` calls the headers.
const FIELDS: [&str; 4] = ["external_id", "name", "plan", "customer_since"];

#[derive(Default)]
pub struct CustomersImporter;

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A row problem that rejects one line (the host adds nothing: this
/// message is what the person reads).
fn line_problem(path: &Path, line: u64, column: &str, code: &str, what: String) -> RowProblem {
    RowProblem {
        severity: Severity::Error,
        file: Some(file_name(path)),
        sheet: None,
        row: Some(line),
        column: Some(column.to_string()),
        code: code.to_string(),
        message: format!("{} line {line}: {what}", file_name(path)),
        args: Default::default(),
    }
}

/// `YYYY-MM-DD` with a real month and day.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    digits(5..7) && digits(8..10) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// One line → an account, or the problem that rejects it.
fn parse_line(path: &Path, line: u64, text: &str) -> Result<Account, RowProblem> {
    let parts: Vec<&str> = text.split('|').map(str::trim).collect();
    if parts.len() < 2 || parts.len() > FIELDS.len() {
        return Err(line_problem(
            path,
            line,
            "line",
            "wrong_field_count",
            format!(
                "expected `id | name | plan | customer since` (2 to 4 fields separated by |), found {}; fix the line",
                parts.len()
            ),
        ));
    }
    // An empty field is left out of the record (on re-import the stored
    // value stays).
    let value = |i: usize| parts.get(i).copied().filter(|v| !v.is_empty());
    let (Some(id), Some(name)) = (value(0), value(1)) else {
        let field = if value(0).is_none() {
            FIELDS[0]
        } else {
            FIELDS[1]
        };
        return Err(line_problem(
            path,
            line,
            field,
            "missing_value",
            format!("`{field}` is empty; every customer needs an id and a name"),
        ));
    };
    let mut account = Account::new(id, name);
    if let Some(plan) = value(2) {
        account = account.plan(plan);
    }
    if let Some(since) = value(3) {
        if !is_date(since) {
            return Err(line_problem(
                path,
                line,
                FIELDS[3],
                "not_a_date",
                format!("`{since}` is not a date like 2024-01-15; correct it or leave it empty"),
            ));
        }
        account = account.customer_since(since);
    }
    Ok(account)
}

impl Importer for CustomersImporter {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("example-customers", "Customer list (example)", env!("CARGO_PKG_VERSION"))
            .description("One line per customer: id | name | plan | customer since. The example of docs/plugins.md.")
            .extensions(["customers"])
            .kinds(["account"])
    }

    /// 90: the extension and the first line agree; 60: only the content
    /// looks right; 0 otherwise. Fast: it looks at the head only.
    fn detect(&self, path: &Path, head: &[u8]) -> u8 {
        let by_name = path.extension().is_some_and(|e| e == "customers");
        let text = String::from_utf8_lossy(head);
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        let by_content = first.is_some_and(|l| (2..=4).contains(&l.split('|').count()));
        match (by_name, by_content) {
            (true, true) => 90,
            (true, false) => 40,
            (false, true) if text.starts_with("# Tenure customers") => 60,
            _ => 0,
        }
    }

    fn describe(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        // The preview is the first records exactly as `import` reads them.
        let mut preview = Preview {
            rows: Vec::new(),
            problems: Vec::new(),
            limit: options.preview_rows as usize,
        };
        self.import(path, options, &mut preview)?;
        let mut sheet = SheetDescription::default();
        sheet.headers = FIELDS.iter().map(|f| f.to_string()).collect();
        sheet.header_signature = "example-customers:v1".into();
        sheet.kind = Some("account".into());
        sheet.mapping = FIELDS
            .iter()
            .map(|f| (f.to_string(), f.to_string()))
            .collect();
        sheet.preview = preview.rows;
        sheet.problems = preview.problems;
        Ok(FileDescription::new(vec![sheet]))
    }

    fn import(
        &self,
        path: &Path,
        _options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        let file = std::fs::File::open(path).map_err(|e| {
            let mut p = RowProblem::fatal(
                "cannot_open",
                format!("{} cannot be opened ({e}); check the path", path.display()),
            );
            p.file = Some(file_name(path));
            p
        })?;
        let total = file.metadata().map(|m| m.len()).unwrap_or(0);
        let (mut done, mut line) = (0u64, 0u64);
        for text in BufReader::new(file).lines() {
            let text = text.map_err(|e| {
                RowProblem::fatal(
                    "read_failed",
                    format!(
                        "{} cannot be read after line {line} ({e}); is it UTF-8 text?",
                        path.display()
                    ),
                )
            })?;
            line += 1;
            done += text.len() as u64 + 1;
            let trimmed = text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let flow = match parse_line(path, line, trimmed) {
                Ok(account) => sink.emit_at(None, Some(line), account),
                Err(problem) => sink.problem(problem),
            };
            // The host answers Cancel when the person cancels: stop at once.
            if flow == Flow::Cancel
                || (line.is_multiple_of(1000) && sink.progress(done, total) == Flow::Cancel)
            {
                return Ok(());
            }
        }
        sink.progress(done.min(total), total);
        Ok(())
    }
}

/// Collects the first records for `describe`'s preview.
struct Preview {
    rows: Vec<std::collections::BTreeMap<String, String>>,
    problems: Vec<RowProblem>,
    limit: usize,
}

impl RecordSink for Preview {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        if self.rows.len() >= self.limit {
            return Flow::Cancel;
        }
        if let serde_json::Value::Object(o) = record.record {
            self.rows.push(
                o.into_iter()
                    .filter(|(k, _)| k != "kind")
                    .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
                    .collect(),
            );
        }
        Flow::Continue
    }

    fn problem(&mut self, problem: RowProblem) -> Flow {
        self.problems.push(problem);
        if self.problems.len() >= 20 {
            Flow::Cancel
        } else {
            Flow::Continue
        }
    }

    fn progress(&mut self, _done: u64, _total: u64) -> Flow {
        Flow::Continue
    }
}

export_importer!(CustomersImporter);
