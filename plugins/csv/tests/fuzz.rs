//! A short, bounded fuzz pass on every `cargo test` (issue 20): mutants of
//! the CSV files of `../shared/data` through encoding detection and the CSV
//! importer (the RFC 4180 reader, header matching, values); none may panic. The long pass
//! is `examples/fuzz_csv.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

#[path = "../../excel/tests/support/fuzz_targets.rs"]
mod fuzz_targets;

#[test]
fn mutants_of_the_shared_csv_files_never_panic_the_reader() {
    let report = fuzz_targets::run_importer(
        &tenure_plugin_csv::CsvImporter,
        "csv",
        &["csv", "tsv", "txt"],
        64 << 10,
        std::time::Duration::from_secs(3),
        1,
        300,
    );
    assert!(report.executions > 20, "{report:?}");
    assert!(report.crashes.is_empty(), "{:?}", report.crashes);
    let report = fuzz_targets::run_encoding(std::time::Duration::from_secs(1), 1, 2000);
    assert!(report.crashes.is_empty(), "{:?}", report.crashes);
}
