//! Parser throughput: generates a 1,000,000-row `mrr` CSV (account, month,
//! mrr) and imports it into a sink that serializes every record to JSON
//! (as the ABI glue will). Run: `cargo run --release -p tenure-plugin-csv
//! --example bench_csv [ROWS]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::Instant;
use tenure_plugin_api::{ImportOptions, Importer};
use tenure_plugin_csv::CsvImporter;
use tenure_tabular::testing::BenchSink;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds (user + system) this process used: wall time on a shared
/// machine says more about the neighbours than about the parser.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ut: f64 = f.get(11)?.parse().ok()?;
            let st: f64 = f.get(12)?.parse().ok()?;
            Some((ut + st) / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let path = std::env::temp_dir().join(format!("tenure-bench-mrr-{rows}.csv"));
    let t = Instant::now();
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(w, "account,month,mrr").unwrap();
        for i in 0..rows {
            let acct = i % 20_000;
            let month = i / 20_000;
            writeln!(
                w,
                "A{acct:05},{}-{:02},{}.{:02}",
                2000 + month / 12,
                month % 12 + 1,
                100 + i % 900,
                i % 100
            )
            .unwrap();
        }
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "generated {rows} rows ({:.1} MB) in {:.2?}",
        size as f64 / 1e6,
        t.elapsed()
    );
    let before = peak_rss_mb();
    let cpu0 = cpu_secs();
    let t = Instant::now();
    let mut sink = BenchSink {
        serialize: std::env::var_os("NO_JSON").is_none(),
        ..BenchSink::default()
    };
    CsvImporter
        .import(&path, &ImportOptions::default(), &mut sink)
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu0;
    println!(
        "CPU time {cpu:.2} s = {:.2} M rows per CPU-second",
        sink.records as f64 / cpu.max(0.01) / 1e6
    );
    println!(
        "imported {} records ({} problems, {:.1} MB JSON) in {:.3} s = {:.2} M rows/s; peak RSS {:.1} MB (before import {:.1} MB)",
        sink.records,
        sink.problems,
        sink.bytes as f64 / 1e6,
        secs,
        sink.records as f64 / secs / 1e6,
        peak_rss_mb(),
        before
    );
    let _ = std::fs::remove_file(&path);
}
