//! Parser throughput: generates an XLSX with 100,000 account rows × 15
//! columns and imports it. Run: `cargo run --release -p
//! tenure-plugin-excel --example bench_xlsx [ROWS]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_xlsxwriter::{Format, Workbook};
use std::time::Instant;
use tenure_plugin_api::{ImportOptions, Importer};
use tenure_plugin_excel::ExcelImporter;
use tenure_tabular::testing::BenchSink;

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
    let rows: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let path = std::env::temp_dir().join(format!("tenure-bench-accounts-{rows}.xlsx"));
    let t = Instant::now();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name("Accounts").unwrap();
    let headers = [
        "Account ID",
        "Company Name",
        "Domain",
        "Industry",
        "Country",
        "Region",
        "City",
        "Employees",
        "Plan",
        "Tier",
        "CSM",
        "Status",
        "Customer Since",
        "Renewal Date",
        "Licenses",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_only(0, c as u16, h).unwrap();
    }
    for i in 0..rows {
        let r = i + 1;
        ws.write_string_only(r, 0, &format!("ACC-{i:06}")).unwrap();
        ws.write_string_only(r, 1, &format!("Company {i}")).unwrap();
        ws.write_string_only(r, 2, &format!("company{i}.com"))
            .unwrap();
        ws.write_string_only(
            r,
            3,
            ["SaaS", "Retail", "Health", "Finance"][i as usize % 4],
        )
        .unwrap();
        ws.write_string_only(r, 4, "BR").unwrap();
        ws.write_string_only(r, 5, "SP").unwrap();
        ws.write_string_only(r, 6, "São Paulo").unwrap();
        ws.write_number_only(r, 7, f64::from(10 + i % 500)).unwrap();
        ws.write_string_only(r, 8, ["Basic", "Pro", "Enterprise"][i as usize % 3])
            .unwrap();
        ws.write_string_only(r, 9, "mid_touch").unwrap();
        ws.write_string_only(r, 10, &format!("CSM {}", i % 25))
            .unwrap();
        ws.write_string_only(r, 11, if i % 7 == 0 { "Churned" } else { "Active" })
            .unwrap();
        ws.write_number(r, 12, f64::from(43000 + i % 1500), &date)
            .unwrap();
        ws.write_number(r, 13, f64::from(45000 + i % 700), &date)
            .unwrap();
        ws.write_number_only(r, 14, f64::from(5 + i % 95)).unwrap();
    }
    wb.save(path.to_str().unwrap()).unwrap();
    println!(
        "generated {rows} rows × 15 columns ({:.1} MB) in {:.2?}",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        t.elapsed()
    );
    let cpu0 = cpu_secs();
    let t = Instant::now();
    let mut sink = BenchSink::default();
    ExcelImporter
        .import(&path, &ImportOptions::default(), &mut sink)
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu0;
    println!(
        "CPU time {cpu:.2} s = {:.2} M rows per CPU-second",
        sink.records as f64 / cpu.max(0.01) / 1e6
    );
    println!(
        "imported {} records ({} problems) in {:.3} s = {:.0} rows/s",
        sink.records,
        sink.problems,
        secs,
        sink.records as f64 / secs
    );
    // TENURE_BENCH_KEEP=1 keeps the workbook for an end-to-end `tenure import`.
    if std::env::var_os("TENURE_BENCH_KEEP").is_some() {
        println!("kept {}", path.display());
    } else {
        let _ = std::fs::remove_file(&path);
    }
}
