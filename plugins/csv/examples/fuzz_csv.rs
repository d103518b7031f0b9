//! The long fuzz pass over the CSV reader (issue 20): mutants of the CSV files
//! of `../shared/data` through encoding detection and the CSV importer
//! (the RFC 4180 reader, header matching, values), `detect`, `describe` and
//! `import`. A panic is a crash; an abort or a
//! hang stops the run.
//!
//!   cargo run --release -p tenure-plugin-csv --example fuzz_csv -- SECONDS [BASE]

#![allow(clippy::unwrap_used, clippy::expect_used)] // a developer's tool

#[path = "../../excel/tests/support/fuzz_targets.rs"]
mod fuzz_targets;

fn main() {
    let mut args = std::env::args().skip(1);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let base: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let budget = std::time::Duration::from_secs(secs);
    // Panics are counted, not printed (the report lists them).
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::time::Instant::now();
    for (name, report) in [
        (
            "encoding detection",
            fuzz_targets::run_encoding(budget / 6, base, u64::MAX),
        ),
        (
            "CSV importer",
            fuzz_targets::run_importer(
                &tenure_plugin_csv::CsvImporter,
                "csv",
                &["csv", "tsv", "txt"],
                64 << 10,
                budget,
                base,
                u64::MAX,
            ),
        ),
    ] {
        println!("{}", report.summary(name, started.elapsed()));
    }
}
