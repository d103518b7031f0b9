//! Vendor-table throughput: generates a HubSpot companies export (100,000
//! rows × 14 columns by default, derived status, custom columns) and a deals
//! export of the same size (and the companies as XLSX), then times `detect` and `import` into a sink
//! that serializes every record to JSON (as the ABI glue does). Compare
//! with `bench_csv` of the generic importer. Run:
//! `cargo run --release -p tenure-plugin-hubspot --example bench_hubspot [ROWS]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::Instant;
use tenure_plugin_api::{ImportOptions, Importer};
use tenure_plugin_hubspot::HubSpotImporter;
use tenure_tabular::testing::BenchSink;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            l.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds (user + system) of this process: on a shared machine wall
/// time says more about the neighbours than about the importer.
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

fn time(label: &str, path: &std::path::Path) {
    let head: Vec<u8> = std::fs::read(path)
        .unwrap()
        .into_iter()
        .take(64 * 1024)
        .collect();
    let t = Instant::now();
    let confidence = HubSpotImporter.detect(path, &head);
    let detect = t.elapsed();
    let options = ImportOptions {
        currency: Some("BRL".into()),
        ..ImportOptions::default()
    };
    let mut sink = BenchSink::default();
    let t = Instant::now();
    let cpu = cpu_secs();
    HubSpotImporter.import(path, &options, &mut sink).unwrap();
    let import = t.elapsed();
    let cpu = cpu_secs() - cpu;
    println!(
        "{label}: detect {confidence} in {:.1} ms; import {} records, {} problems, {} MB of JSON in {:.2} s wall, {:.2} s CPU",
        detect.as_secs_f64() * 1000.0,
        sink.records,
        sink.problems,
        sink.bytes / 1_000_000,
        import.as_secs_f64(),
        cpu
    );
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("tenure-bench-hubspot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let companies = dir.join("hubspot-crm-exports-all-companies.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&companies).unwrap());
    writeln!(f, "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Country/Region,State/Region,City,Company owner,Lifecycle Stage,Create Date,Became a Customer Date,Annual Revenue,Phone Number").unwrap();
    for i in 0..rows {
        writeln!(
            f,
            "{},Company {i},c{i}.example.com,RETAIL,{},Brazil,SP,São Paulo,Owner {},{},2023-01-{:02} 09:30,2023-02-{:02} 00:00,{},+55 11 5555-{:04}",
            1_000_000 + i,
            i % 500,
            i % 40,
            if i % 10 == 0 { "Former customer" } else { "Customer" },
            i % 28 + 1,
            i % 28 + 1,
            i * 1000,
            i % 10_000
        )
        .unwrap();
    }
    drop(f);

    let deals = dir.join("hubspot-crm-exports-all-deals.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&deals).unwrap());
    writeln!(f, "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal owner,Deal Type,Associated Company IDs,Currency").unwrap();
    for i in 0..rows {
        let stage = ["Closed Won", "Closed Lost", "Contract Sent"][i % 3];
        writeln!(
            f,
            "{},Deal {i},{stage},Sales Pipeline,{}.{:02},2025-01-{:02} 00:00,2024-11-{:02} 10:00,Owner {},{},{};{},BRL",
            2_000_000 + i,
            100 + i % 5000,
            i % 100,
            i % 28 + 1,
            i % 28 + 1,
            i % 40,
            if i % 2 == 0 { "New Business" } else { "Existing Business" },
            1_000_000 + i,
            1_000_000 + (i + 1) % rows
        )
        .unwrap();
    }
    drop(f);

    // The same companies as a workbook: detect streams only its first rows.
    let book = dir.join("hubspot-crm-exports-all-companies.xlsx");
    {
        let text = std::fs::read_to_string(&companies).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, line) in text.lines().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                ws.write_string_only(r as u32, c as u16, v).unwrap();
            }
        }
        wb.save(book.to_str().unwrap()).unwrap();
    }

    time("companies", &companies);
    time("companies.xlsx", &book);
    time("deals", &deals);
    println!("peak RSS {:.0} MB", peak_rss_mb());
    let _ = std::fs::remove_dir_all(&dir);
}
