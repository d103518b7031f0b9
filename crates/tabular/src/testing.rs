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
pub fn by_id(sink: &CollectSink) -> BTreeMap<String, Value> {
    sink.records
        .iter()
        .map(|r| {
            (
                r.record["external_id"].as_str().unwrap().to_string(),
                r.record.clone(),
            )
        })
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
