//! The fuzz targets shared by the short passes (`tests/fuzz.rs` of the CSV
//! and Excel plugins) and the long ones (their `examples/fuzz_readers.rs`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;
use tenure_plugin_api::{ImportOptions, Importer};
use tenure_tabular::fuzz::{self, Report};

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

/// Files under `rel` with one of `exts`, smaller than `max` bytes.
fn seeds(rel: &str, exts: &[&str], max: u64) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut stack = vec![shared(rel)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
                && std::fs::metadata(&p).is_ok_and(|m| m.len() <= max)
            {
                out.push(std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn through(importer: &dyn Importer, path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    let head = &bytes[..bytes.len().min(64 << 10)];
    let _ = importer.detect(path, head);
    let options = ImportOptions::default();
    if importer.describe(path, &options).is_ok() {
        let mut sink = tenure_tabular::CollectSink::default();
        let _ = importer.import(path, &options, &mut sink);
    }
}

/// The extension a mutant is written with, from its bytes: calamine picks
/// its reader by extension, so a mutant of an xls or ods seed must keep
/// its own to reach that reader.
fn extension_of<'a>(bytes: &[u8], fallback: &'a str) -> &'a str {
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.first() == Some(&0x09) {
        "xls"
    } else if contains(b"application/vnd.oasis.opendocument.spreadsheet") {
        "ods"
    } else if contains(b"workbook.bin") {
        "xlsb"
    } else {
        fallback
    }
}

/// Mutants of the files under `rel` (with one of `exts`, at most `max`
/// bytes) through `importer`: `detect`, `describe`, `import`.
pub fn run_importer(
    importer: &dyn Importer,
    rel: &str,
    exts: &[&str],
    max: u64,
    budget: Duration,
    base: u64,
    max_runs: u64,
) -> Report {
    let dir = std::env::temp_dir().join(format!("tenure-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = seeds(rel, exts, max);
    let mut written = std::collections::BTreeSet::new();
    let report = fuzz::run(&seeds, base, budget, max_runs, &mut |b| {
        let path = dir.join(format!("fuzz.{}", extension_of(b, exts[0])));
        written.insert(path.clone());
        through(importer, &path, b)
    });
    for path in written {
        let _ = std::fs::remove_file(path);
    }
    let _ = std::fs::remove_dir(&dir);
    report
}

/// Mutants of the CSV files through encoding and layout detection.
pub fn run_encoding(budget: Duration, base: u64, max_runs: u64) -> Report {
    let seeds = seeds("csv", &["csv", "tsv", "txt"], 64 << 10);
    fuzz::run(&seeds, base, budget, max_runs, &mut |b| {
        let sniffed = tenure_tabular::encoding::sniff(b);
        let _ = tenure_tabular::encoding::decode_all(b, sniffed);
        let _ = tenure_tabular::delimited::sniff_layout(b);
    })
}
