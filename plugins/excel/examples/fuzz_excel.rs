//! The long fuzz pass over the workbook reader (issue 20): mutants of the workbooks
//! of `../shared/data` through the Excel importer (the workbook guard,
//! calamine, the table code), `detect`, `describe` and `import`. A panic is a crash; an abort or a
//! hang stops the run.
//!
//!   cargo run --release -p tenure-plugin-excel --example fuzz_excel -- SECONDS [BASE]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::single_element_loop)] // a developer's tool, one loop for both plugins

#[path = "../tests/support/fuzz_targets.rs"]
mod fuzz_targets;

fn main() {
    let mut args = std::env::args().skip(1);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let base: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let budget = std::time::Duration::from_secs(secs);
    // Panics are counted, not printed (the report lists them).
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::time::Instant::now();
    for (name, report) in [(
        "Excel importer",
        fuzz_targets::run_importer(
            &tenure_plugin_excel::ExcelImporter,
            "spreadsheets",
            &["xlsx", "xlsm", "xlsb", "xls", "ods"],
            48 << 10,
            budget,
            base,
            u64::MAX,
        ),
    )] {
        println!("{}", report.summary(name, started.elapsed()));
    }
}
