//! Hostile delimited files (issue 20): each ends quickly with one clear
//! error naming the file, the line and the limit, in bounded memory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use std::time::{Duration, Instant};
use tenure_plugin_api::{ImportOptions, Importer, Severity};
use tenure_plugin_csv::CsvImporter;
use tenure_tabular::testing::{fixture, run};

/// This process's peak resident memory so far, in MB (Linux).
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

fn fatal_of(name: &str, bytes: &[u8]) -> (tenure_plugin_api::RowProblem, Duration) {
    let path = fixture("hostile", name, bytes);
    let started = Instant::now();
    let (result, _) = run(&CsvImporter, &path, &ImportOptions::default());
    let took = started.elapsed();
    let problem = result.expect_err("the file must be refused");
    assert_eq!(problem.severity, Severity::Fatal);
    assert_eq!(problem.file.as_deref(), Some(name));
    (problem, took)
}

#[test]
fn ten_thousand_duplicate_headers_take_linear_time() {
    let mut text = vec!["name"; 10_000].join(",");
    text.push('\n');
    text.push_str(&vec!["x"; 10_000].join(","));
    text.push('\n');
    let path = fixture("hostile", "dupes.csv", text.as_bytes());
    let started = Instant::now();
    let description = CsvImporter
        .describe(&path, &ImportOptions::default())
        .unwrap();
    // Cubic before: 26 s for 4,000 columns. Generous for a debug build.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let headers = &description.sheets[0].headers;
    assert_eq!(headers.len(), 10_000);
    assert_eq!(headers[0], "name");
    assert_eq!(headers[1], "name (2)");
    assert_eq!(headers[9_999], "name (10000)");
    assert!(peak_mb() < 500, "{} MB", peak_mb());
}

#[test]
fn a_hundred_thousand_columns_are_refused_at_16384() {
    let text = format!("{}\n", vec!["c"; 100_000].join(","));
    let (problem, took) = fatal_of("wide.csv", text.as_bytes());
    assert_eq!(problem.code, "too_many_columns");
    assert_eq!(problem.row, Some(1));
    assert_eq!(
        problem.message,
        "`wide.csv`, line 1 has more than 16,384 columns, the most Tenure reads (Excel's limit too); remove columns or split the file."
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(peak_mb() < 500, "{} MB", peak_mb());
}

#[test]
fn a_50_mb_cell_is_refused_at_1_mib() {
    let mut bytes = b"external_id,name,notes\nA1,Acme,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'n', 50 << 20));
    bytes.extend_from_slice(b"\"\n");
    let (problem, took) = fatal_of("bigcell.csv", &bytes);
    assert_eq!(problem.code, "cell_too_long");
    assert_eq!(problem.row, Some(2));
    assert!(
        problem
            .message
            .starts_with("`bigcell.csv`, line 2 has a cell longer than 1 MiB"),
        "{}",
        problem.message
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(peak_mb() < 500, "{} MB", peak_mb());
}
