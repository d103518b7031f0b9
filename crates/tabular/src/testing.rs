//! Helpers for importer plugins' tests (feature `testing`, a
//! dev-dependency only): fixtures in a temporary folder, one import into a
//! [`CollectSink`], and the shared real files.

// Test helpers: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::CollectSink;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, Importer, RowProblem, Severity};

/// `shared/data/REL` beside the repository (CI) or above the work tree.
pub fn shared_data(rel: &str) -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared/data");
        if candidate.is_dir() {
            return candidate.join(rel);
        }
        assert!(dir.pop(), "shared/data not found above the crate");
    }
}

/// Writes `bytes` to `NAME` in a temporary folder of this test process.
pub fn fixture(prefix: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenure-{prefix}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// One import of `path`, with every record and problem collected.
pub fn run(
    importer: &impl Importer,
    path: &Path,
    options: &ImportOptions,
) -> (Result<(), RowProblem>, CollectSink) {
    let mut sink = CollectSink::default();
    let r = importer.import(path, options, &mut sink);
    (r, sink)
}

/// The problems that are not warnings.
pub fn errors(sink: &CollectSink) -> Vec<&RowProblem> {
    sink.problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .collect()
}

/// `detect` on the file's first 64 KiB, as the host calls it.
pub fn detect(importer: &impl Importer, path: &Path) -> u8 {
    let head = std::fs::read(path).unwrap();
    importer.detect(path, &head[..head.len().min(64 * 1024)])
}

/// The records by their `external_id`.
/// The records that have an `external_id`, by it (contacts read from the
/// same rows have none).
pub fn by_id(sink: &CollectSink) -> BTreeMap<String, Value> {
    sink.records
        .iter()
        .filter(|r| r.record.get("external_id").is_some_and(Value::is_string))
        .map(|r| {
            (
                r.record["external_id"].as_str().unwrap().to_string(),
                r.record.clone(),
            )
        })
        .collect()
}

/// The records of `kind`, in the order they were emitted.
pub fn of_kind<'a>(sink: &'a CollectSink, kind: &str) -> Vec<&'a Value> {
    sink.records
        .iter()
        .map(|r| &r.record)
        .filter(|r| r["kind"] == kind)
        .collect()
}

/// Options for a database whose currency is BRL.
pub fn brl() -> ImportOptions {
    ImportOptions {
        currency: Some("BRL".into()),
        ..ImportOptions::default()
    }
}

/// A sink for throughput benchmarks: counts records and problems and, unless
/// told not to, serializes every record to JSON as the ABI glue does.
pub struct BenchSink {
    pub records: u64,
    pub problems: u64,
    /// JSON bytes the records serialized to.
    pub bytes: usize,
    pub serialize: bool,
}

impl Default for BenchSink {
    fn default() -> Self {
        BenchSink {
            records: 0,
            problems: 0,
            bytes: 0,
            serialize: true,
        }
    }
}

impl tenure_plugin_api::RecordSink for BenchSink {
    fn record(&mut self, r: tenure_plugin_api::EmittedRecord) -> tenure_plugin_api::Flow {
        self.records += 1;
        if self.serialize {
            self.bytes += serde_json::to_vec(&r.record).map_or(0, |v| v.len());
        }
        tenure_plugin_api::Flow::Continue
    }

    fn problem(&mut self, _problem: RowProblem) -> tenure_plugin_api::Flow {
        self.problems += 1;
        tenure_plugin_api::Flow::Continue
    }

    fn progress(&mut self, _done: u64, _total: u64) -> tenure_plugin_api::Flow {
        tenure_plugin_api::Flow::Continue
    }
}

/// Asserts that `sheet` was read as `kind` with every canonical column
/// mapped to itself and none left over (`what` names the case).
pub fn assert_maps_to_itself(
    kind: &tenure_schema::Kind,
    sheet: &tenure_plugin_api::SheetDescription,
    what: &str,
) {
    assert_eq!(
        sheet.kind.as_deref(),
        Some(kind.name),
        "{what}: {:?}",
        sheet.problems
    );
    let mut mapping = sheet.mapping.clone();
    mapping.sort();
    let mut expected: Vec<(String, String)> = canonical_table(kind)
        .0
        .iter()
        .map(|h| (h.to_string(), h.to_string()))
        .collect();
    expected.sort();
    assert_eq!(mapping, expected, "{what}");
    assert!(sheet.unmapped.is_empty(), "{what}: {:?}", sheet.unmapped);
}

/// The records of one import, all three rows of every kind, and no error.
pub fn assert_all_rows_read(result: &Result<(), RowProblem>, sink: &CollectSink, kinds: usize) {
    assert!(result.is_ok(), "{result:?}");
    let errors: Vec<_> = sink
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sink.records.len(), 3 * kinds);
}

/// A table for `kind` written exactly as the schema names its fields: the
/// canonical names as headers (in the schema's order; callers shuffle
/// them as they like) and three rows of valid values, references to the
/// accounts `ACC-1`…`ACC-3` and the CSMs `CSM 1`, `CSM 2`. Optional fields
/// are left empty on some rows; dates of later fields never precede those
/// of earlier ones, so `not_before`/`after` rules hold.
pub fn canonical_table(kind: &tenure_schema::Kind) -> (Vec<&'static str>, Vec<Vec<String>>) {
    use tenure_schema::Type;
    let fields: Vec<&tenure_schema::Field> = kind
        .fields
        .iter()
        .filter(|f| f.ty != Type::TextMap)
        .collect();
    let headers = fields.iter().map(|f| f.name).collect();
    let rows = (0..3usize)
        .map(|i| {
            fields
                .iter()
                .enumerate()
                .map(|(pos, f)| {
                    // The account is always named: records that name
                    // none are another test's (issue #24).
                    if !f.required && f.ty != Type::Reference && (pos + i) % 3 == 0 {
                        return String::new();
                    }
                    canonical_value(kind, f, pos, i)
                })
                .collect::<Vec<String>>()
        })
        .map(|mut row| {
            // A discount is an amount or a percent, never both (revenue.md).
            let at = |name: &str| fields.iter().position(|f| f.name == name);
            if kind.name == "subscription"
                && let (Some(d), Some(p)) = (at("discount"), at("discount_percent"))
                && !row[d].is_empty()
            {
                row[p].clear();
            }
            row
        })
        .collect();
    (headers, rows)
}

fn canonical_value(
    kind: &tenure_schema::Kind,
    f: &tenure_schema::Field,
    pos: usize,
    i: usize,
) -> String {
    use tenure_schema::Type;
    let month = 1 + (pos / 2) % 12;
    let day = 1 + (pos % 2) * 14 + i;
    match (kind.name, f.name, f.ty) {
        (_, _, Type::Reference) => format!("ACC-{}", i + 1),
        ("account", "external_id", _) => format!("ACC-{}", i + 1),
        ("account", "csm", _) => format!("CSM {}", i % 2 + 1),
        ("csm", "name", _) => format!("CSM {}", i + 1),
        (_, "external_id", _) => format!("{}-{}", kind.name, i + 1),
        (_, "email" | "respondent", _) => format!("person{}@example.com", i + 1),
        (_, "domain", _) => format!("acme{}.com.br", i + 1),
        (_, "phone", _) => format!("+55 11 90000-000{}", i + 1),
        (_, "currency", _) => ["USD", "EUR", "GBP"][i % 3].to_string(),
        ("fx_rate", "rate", _) => format!("5.{}", 25 + i),
        ("subscription", "discount_percent", _) => format!("{}.5", 10 + i),
        (_, _, Type::Text) => match f.values.choices() {
            [] => format!("{} {}", f.name, i + 1),
            choices => choices[i % choices.len()].name.to_string(),
        },
        (_, _, Type::Integer) => match f.scale_of.and_then(|k| kind.field(k)) {
            // The i-th row's kind is the i-th choice: its scale's low end + i.
            Some(other) => {
                let choices = other.values.choices();
                let (low, high) = choices[i % choices.len()].scale.unwrap_or((0, 10));
                (low + i as i64).min(high).to_string()
            }
            None => (10 + i).to_string(),
        },
        (_, _, Type::Money) => format!("{}.50", 100 + 10 * i),
        (_, _, Type::Number) => format!("{}.5", 100 + i),
        (_, _, Type::Date) => format!("2024-{month:02}-{day:02}"),
        (_, _, Type::Instant) => format!("2024-{month:02}-{day:02}T09:{:02}:00", 10 + i),
        (_, _, Type::Month) => format!("2025-{:02}", i + 1),
        (_, _, Type::Bool) => i.is_multiple_of(2).to_string(),
        (_, _, Type::TextMap) => String::new(),
    }
}
