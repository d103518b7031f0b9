//! The fuzz targets of the host's payload decoders (issue 20), shared by
//! the short pass (`tests/fuzz_decoders.rs`) and the long one
//! (`examples/fuzz_decoders.rs`). Seeds: the CSV files of `../shared/data`
//! read by the bundled CSV importer, sent as a plugin sends them (a JSON
//! batch, a binary batch, and a child's whole answer stream), plus one
//! record of every kind of the schema with every field filled, so that
//! every kind's decoder is reached.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;
use tenure::importing::fuzzing::{self, tags};
use tenure_plugin_api::{EmittedRecord, Flow, ImportOptions, Importer, RecordSink, RowProblem};
// The mutation engine the readers' harness uses.
use tenure_tabular::fuzz::{Report, run};

fn shared(rel: &str) -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared/data");
        if candidate.is_dir() {
            return candidate.join(rel);
        }
        assert!(dir.pop(), "shared/data not found");
    }
}

#[derive(Default)]
struct Collect {
    records: Vec<EmittedRecord>,
    problems: Vec<RowProblem>,
}

impl RecordSink for Collect {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        self.records.push(record);
        if self.records.len() >= 200 {
            Flow::Cancel
        } else {
            Flow::Continue
        }
    }
    fn problem(&mut self, problem: RowProblem) -> Flow {
        if self.problems.len() < 20 {
            self.problems.push(problem);
        }
        Flow::Continue
    }
    fn progress(&mut self, _done: u64, _total: u64) -> Flow {
        Flow::Continue
    }
}

fn csv_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![shared("")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                && std::fs::metadata(&p).is_ok_and(|m| m.len() <= 256 << 10)
            {
                out.push(p);
            }
        }
    }
    out
}

/// A value of the field's type, as a plugin would send it.
fn sample(field: &tenure_schema::Field) -> serde_json::Value {
    use serde_json::json;
    use tenure_schema::Type;
    if let Some(choice) = field.values.choices().first() {
        return json!(choice.name);
    }
    match field.ty {
        Type::Text => json!("Acme Ltda"),
        Type::Reference => json!("A1"),
        Type::Integer => json!(7),
        Type::Number => json!(12.5),
        Type::Money => json!("1234.56"),
        Type::Date => json!("2025-01-31"),
        Type::Instant => json!("2025-01-31T10:00:00-03:00"),
        Type::Month => json!("2025-01"),
        Type::Bool => json!(true),
        Type::TextMap => json!({"Setor": "Varejo"}),
    }
}

/// One record of every kind, every field given (JSON names: a record's own
/// `kind` field under its version-1 name).
fn every_kind() -> Vec<EmittedRecord> {
    tenure_schema::KINDS
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let mut object = serde_json::Map::new();
            object.insert("kind".into(), kind.name.into());
            for field in kind.fields {
                // A subscription takes a discount or a percentage, not both.
                if field.name == "discount_percent" {
                    continue;
                }
                let name = if field.name == "kind" {
                    tenure_plugin_api::own_kind_field(kind.name).unwrap_or("kind")
                } else {
                    field.name
                };
                // Values the validation accepts: a seed must reach the end
                // of the path, not its first refusal.
                let value = match field.name {
                    "score" => serde_json::json!(5),
                    "end" => serde_json::json!("2025-12-31"),
                    "currency" => serde_json::json!("USD"),
                    "rate" => serde_json::json!("5.4321"),
                    _ => sample(field),
                };
                object.insert(name.into(), value);
            }
            EmittedRecord::new(Some("Sheet1".into()), Some(i as u64 + 2), object.into())
        })
        .collect()
}

/// The seeds: for each group of records, its JSON batch, its binary batch
/// and a whole answer stream; and the documents (info, description,
/// problems, hello).
pub fn seeds() -> Vec<Vec<u8>> {
    let importer = tenure_plugin_csv::CsvImporter;
    let info = serde_json::to_vec(&importer.info()).unwrap();
    let hello = format!(
        "{{\"abi_major\":1,\"payload_version\":2,\"info\":{}}}",
        String::from_utf8_lossy(&info)
    )
    .into_bytes();
    let mut out = vec![info, hello.clone()];
    let mut groups = vec![every_kind()];
    for path in csv_files() {
        let options = ImportOptions::default();
        if let Ok(description) = importer.describe(&path, &options) {
            out.push(serde_json::to_vec(&description).unwrap());
        }
        let mut sink = Collect::default();
        let _ = importer.import(&path, &options, &mut sink);
        for p in &sink.problems {
            out.push(serde_json::to_vec(p).unwrap());
        }
        if !sink.records.is_empty() {
            groups.push(sink.records);
        }
    }
    for records in groups {
        let json = fuzzing::json_batch(&records);
        let binary = fuzzing::binary_batch(&records);
        let mut stream = fuzzing::frame(tags::HELLO, &hello);
        stream.extend(fuzzing::frame(tags::RECORDS, &binary));
        stream.extend(fuzzing::frame(
            tags::PROBLEM,
            br#"{"severity":"warning","row":3,"column":"MRR","code":"not_a_number","message":"line 3: x","args":{"value":"x"}}"#,
        ));
        let mut progress = 10u64.to_le_bytes().to_vec();
        progress.extend(100u64.to_le_bytes());
        stream.extend(fuzzing::frame(tags::PROGRESS, &progress));
        stream.extend(fuzzing::frame(tags::RECORDS, &json));
        stream.extend(fuzzing::frame(tags::DONE, &0i32.to_le_bytes()));
        out.extend([json, binary, stream]);
    }
    out
}

/// Every decoder on one input: as a batch, as documents, as a stream.
pub fn target(input: &[u8]) {
    let batch = fuzzing::decode_batch(input);
    let docs = fuzzing::decode_documents(input);
    let stream = fuzzing::decode_stream(input);
    std::hint::black_box((batch, docs, stream));
}

/// Mutants of [`seeds`] through [`target`] for `budget` (or `max_runs`).
pub fn run_decoders(budget: Duration, base: u64, max_runs: u64) -> Report {
    let seeds = seeds();
    run(&seeds, base, budget, max_runs, &mut target)
}
