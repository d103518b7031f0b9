//! A short, bounded fuzz pass on every `cargo test` (issue 20): mutants of
//! the workbooks of `../shared/data` through the Excel importer (the
//! workbook guard, calamine, the table code); none may panic. The long pass
//! is `examples/fuzz_excel.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

#[path = "support/fuzz_targets.rs"]
mod fuzz_targets;

#[test]
fn mutants_of_the_shared_workbooks_never_panic_the_reader() {
    let report = fuzz_targets::run_importer(
        &tenure_plugin_excel::ExcelImporter,
        "spreadsheets",
        &["xlsx", "xlsm", "xlsb", "xls", "ods"],
        48 << 10,
        std::time::Duration::from_secs(3),
        1,
        300,
    );
    assert!(report.executions > 20, "{report:?}");
    assert!(report.crashes.is_empty(), "{:?}", report.crashes);
}
