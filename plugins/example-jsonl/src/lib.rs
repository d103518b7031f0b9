//! An example Tenure importer plugin: newline-delimited JSON (`.jsonl`,
//! `.ndjson`), one record per line in Tenure's canonical form:
//!
//! ```text
//! {"kind": "account", "external_id": "A1", "name": "Acme", "plan": "Pro"}
//! {"kind": "mrr", "account": "A1", "month": "2025-01", "mrr": "120.50"}
//! ```
//!
//! It is deliberately small: copy this crate to start a plugin. The whole
//! ABI (entry symbol, function table, panic catching, batching) comes from
//! [`export_importer!`]; a plugin author writes no `unsafe`.
//!
//! - `--kind K` fills `kind` on lines that have none.
//! - `--map FIELD=KEY` renames a key of every line to a canonical field.
//! - Value mappings (`status`: `{"Sim": "churned"}`) replace whole values.
//! - Rows are numbered like an editor numbers lines (1-based, blank lines
//!   count), so problems point at the line the person sees.

// `RowProblem` is the plugin API's error type.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use tenure_plugin_api::{
    EmittedRecord, FileDescription, Flow, ImportOptions, Importer, PluginInfo, RecordSink,
    RowProblem, Severity, SheetDescription, export_importer,
};

/// The kinds of data-model.md; a line naming another kind is an error.
const KINDS: [&str; 10] = [
    "csm",
    "account",
    "mrr",
    "subscription",
    "survey_response",
    "ticket",
    "usage",
    "activity",
    "opportunity",
    "acquisition_spend",
];

/// Lines `describe` reads to say what the file holds.
const DESCRIBE_LINES: usize = 1000;

#[derive(Default)]
pub struct JsonLines;

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn open(path: &Path) -> Result<(BufReader<File>, u64), RowProblem> {
    let file = File::open(path).map_err(|e| {
        let mut p = RowProblem::fatal(
            "cannot_open",
            format!(
                "{} cannot be opened ({e}); check that the file exists and that you may read it",
                path.display()
            ),
        );
        p.file = Some(file_name(path));
        p
    })?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok((BufReader::with_capacity(1 << 16, file), total))
}

fn problem(path: &Path, row: u64, column: Option<&str>, code: &str, message: String) -> RowProblem {
    RowProblem {
        severity: Severity::Error,
        file: Some(file_name(path)),
        sheet: None,
        row: Some(row),
        column: column.map(str::to_string),
        code: code.to_string(),
        message,
        args: Default::default(),
    }
}

/// Turns one line into a canonical record, applying the person's options.
fn parse_line(
    path: &Path,
    row: u64,
    line: &[u8],
    options: &ImportOptions,
) -> Result<serde_json::Map<String, serde_json::Value>, RowProblem> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| {
        problem(
            path,
            row,
            None,
            "invalid_json",
            format!(
                "{} line {row}: the line is not valid JSON ({e}); fix the line or remove it",
                file_name(path)
            ),
        )
    })?;
    let serde_json::Value::Object(mut object) = value else {
        return Err(problem(
            path,
            row,
            None,
            "not_an_object",
            format!(
                "{} line {row}: each line must be one JSON object like {{\"kind\": \"account\", …}}; fix the line or remove it",
                file_name(path)
            ),
        ));
    };
    for (field, key) in &options.map {
        if field != key
            && let Some(v) = object.remove(key)
        {
            object.insert(field.clone(), v);
        }
    }
    for (field, mapping) in &options.value_map {
        if let Some(serde_json::Value::String(text)) = object.get(field)
            && let Some(mapped) = mapping.get(text)
        {
            object.insert(field.clone(), serde_json::Value::String(mapped.clone()));
        }
    }
    if !object.contains_key("kind")
        && let Some(kind) = &options.kind
    {
        object.insert("kind".into(), serde_json::Value::String(kind.clone()));
    }
    match object.get("kind").and_then(|k| k.as_str()) {
        Some(kind) if KINDS.contains(&kind) => Ok(object),
        Some(kind) => Err(problem(
            path,
            row,
            Some("kind"),
            "unknown_kind",
            format!(
                "{} line {row}, key `kind`: `{kind}` is not a record kind Tenure knows ({}); correct it",
                file_name(path),
                KINDS.join(", ")
            ),
        )),
        None => Err(problem(
            path,
            row,
            Some("kind"),
            "missing_kind",
            format!(
                "{} line {row}: the line has no `kind`; add one (for example \"kind\": \"account\") or run the import with --kind",
                file_name(path)
            ),
        )),
    }
}

impl Importer for JsonLines {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("example-jsonl", "JSON lines (example)", env!("CARGO_PKG_VERSION"))
            .description("Newline-delimited JSON records in Tenure's canonical form; the example plugin to copy.")
            .extensions(["jsonl", "ndjson"])
            .kinds(KINDS.iter().copied())
    }

    fn detect(&self, path: &Path, head: &[u8]) -> u8 {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let by_name = extension == "jsonl" || extension == "ndjson";
        // The first non-blank line: a JSON object with a known `kind`?
        let first = head
            .split(|b| *b == b'\n')
            .map(|l| l.trim_ascii())
            .find(|l| !l.is_empty());
        // 0: not JSON, 1: a JSON object, 2: an object with a known `kind`.
        let by_content = match first.map(serde_json::from_slice::<serde_json::Value>) {
            Some(Ok(serde_json::Value::Object(o))) => {
                let known = o
                    .get("kind")
                    .and_then(|k| k.as_str())
                    .is_some_and(|k| KINDS.contains(&k));
                if known { 2 } else { 1 }
            }
            _ => 0,
        };
        match (by_name, by_content) {
            (true, 2) => 95,
            (true, 1) => 80,
            (false, 2) => 70,
            (true, _) => 40,
            (false, 1) => 20,
            (false, _) => 0,
        }
    }

    fn describe(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        let (reader, _) = open(path)?;
        // One sheet per record kind seen in the first lines.
        let mut sheets: BTreeMap<String, SheetDescription> = BTreeMap::new();
        let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (index, line) in reader.split(b'\n').take(DESCRIBE_LINES).enumerate() {
            let row = index as u64 + 1;
            let line = line.map_err(|e| {
                RowProblem::fatal(
                    "read_failed",
                    format!("{} cannot be read ({e})", path.display()),
                )
            })?;
            if line.trim_ascii().is_empty() {
                continue;
            }
            // Headers are the keys as the file spells them (before --map), so
            // that a saved mapping is found again for files of the same shape.
            let raw_keys: Vec<String> = match serde_json::from_slice::<serde_json::Value>(&line) {
                Ok(serde_json::Value::Object(o)) => o.keys().cloned().collect(),
                _ => Vec::new(),
            };
            let (kind, sheet_problem, object) = match parse_line(path, row, &line, options) {
                Ok(object) => {
                    let kind = object
                        .get("kind")
                        .and_then(|k| k.as_str())
                        .unwrap_or_default()
                        .to_string();
                    (kind, None, Some(object))
                }
                Err(p) => (options.kind.clone().unwrap_or_default(), Some(p), None),
            };
            let sheet = sheets.entry(kind.clone()).or_insert_with(|| {
                let mut sheet = SheetDescription::default();
                sheet.kind = (!kind.is_empty()).then(|| kind.clone());
                sheet
            });
            if let Some(p) = sheet_problem {
                sheet.problems.push(p);
            }
            keys.entry(kind).or_default().extend(raw_keys);
            if let Some(object) = object
                && sheet.preview.len() < options.preview_rows as usize
            {
                let preview = object
                    .iter()
                    .map(|(k, v)| {
                        let text = match v {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        (k.clone(), text)
                    })
                    .collect();
                sheet.preview.push(preview);
            }
        }
        let sheets = sheets
            .into_iter()
            .map(|(kind, mut sheet)| {
                let headers: Vec<String> = keys
                    .remove(&kind)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|k| k != "kind")
                    .collect();
                sheet.header_signature = format!("jsonl:{}", headers.join(","));
                // Field → key: identity, except where --map renames a key.
                sheet.mapping = headers
                    .iter()
                    .map(|h| {
                        let field = options
                            .map
                            .iter()
                            .find(|(_, key)| key == h)
                            .map_or_else(|| h.clone(), |(field, _)| field.clone());
                        (field, h.clone())
                    })
                    .collect();
                sheet.headers = headers;
                sheet
            })
            .collect();
        Ok(FileDescription::new(sheets))
    }

    fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        let (mut reader, total) = open(path)?;
        let mut line = Vec::with_capacity(512);
        let mut row: u64 = 0;
        let mut done: u64 = 0;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line).map_err(|e| {
                RowProblem::fatal(
                    "read_failed",
                    format!(
                        "{} cannot be read after line {row} ({e}); check the disk and try again",
                        path.display()
                    ),
                )
            })?;
            if n == 0 {
                break;
            }
            row += 1;
            done += n as u64;
            if line.trim_ascii().is_empty() {
                continue;
            }
            let flow = match parse_line(path, row, &line, options) {
                Ok(object) => sink.record(EmittedRecord::new(
                    None,
                    Some(row),
                    serde_json::Value::Object(object),
                )),
                Err(p) => sink.problem(p),
            };
            if flow == Flow::Cancel {
                return Ok(());
            }
            if row.is_multiple_of(10_000) && sink.progress(done, total) == Flow::Cancel {
                return Ok(());
            }
        }
        sink.progress(done, total);
        Ok(())
    }
}

export_importer!(JsonLines);
