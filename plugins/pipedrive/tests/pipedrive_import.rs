//! The Pipedrive importer on fixtures built to Pipedrive's export layout
//! (`Entity - Field` headers; see the README for the sources): organizations
//! and deals, English and Portuguese, UTF-8 and Latin-1, CSV and XLSX.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, RowProblem};
use tenure_plugin_pipedrive::PipedriveImporter;
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, brl, by_id, errors};

fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    testing::fixture("pipedrive", name, bytes)
}

fn run(path: &Path, options: &ImportOptions) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&PipedriveImporter, path, options)
}

fn detect(path: &Path) -> u8 {
    testing::detect(&PipedriveImporter, path)
}

#[test]
fn organizations_english() {
    let csv = "\
Organization - ID,Organization - Name,Organization - Owner,Organization - Industry,Organization - Number of employees,Organization - Address - Country of Address,Organization - Address - City/Town/Village/Locality of Address,Organization - Label,Organization - Open deals
12,Acme Inc,Ana Lima,Software,120,United States,Austin,Customer,2
13,Beta GmbH,Bruno Costa,,,Germany,Berlin,,0
";
    let path = fixture("organizations-2025.csv", csv.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let a = by_id(&sink);
    assert_eq!(
        a["12"],
        json!({"kind": "account", "external_id": "12", "name": "Acme Inc", "csm": "Ana Lima",
            "industry": "Software", "employees": 120, "country": "United States", "city": "Austin",
            "custom": {"Organization - Label": "Customer", "Organization - Open deals": "2"}})
    );
    assert_eq!(a["13"]["country"], "Germany");
}

/// `Organization - Won deals` (Pipedrive's own count, in the export): an
/// organization with none is a prospect, one with any a customer; a count
/// that is no number says nothing.
#[test]
fn organizations_without_a_won_deal_are_prospects() {
    let csv = "\
Organization - ID,Organization - Name,Organization - Owner,Organization - Open deals,Organization - Won deals
21,Won Co,Ana,0,3
22,Open Co,Ana,2,0
23,Fresh Co,Ana,0,0
24,Odd Co,Ana,0,n/a
";
    let path = fixture("organizations-won.csv", csv.as_bytes());
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let a = by_id(&sink);
    assert_eq!(a["21"]["status"], "active");
    assert_eq!(a["22"]["status"], "prospect");
    assert_eq!(a["23"]["status"], "prospect");
    assert!(a["24"].get("status").is_none());
    assert_eq!(a["21"]["custom"]["Organization - Won deals"], "3");
}

const DEALS: &str = "\
Deal - ID,Deal - Title,Deal - Organization,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Expected close date
101,Acme upgrade,Acme Inc,1200.5,BRL,Won,Negotiations Started,2024-10-01 09:00:00,2024-11-15 16:20:00,,2024-11-30
102,Beta first,Beta GmbH,900,BRL,Lost,Proposal Made,2024-10-05 09:00:00,,2024-12-01 10:00:00,2024-12-15
103,Acme add-on,Acme Inc,300,BRL,Open,Qualified,2025-01-10 09:00:00,,,2025-03-01
104,Beta EU,Beta GmbH,500,EUR,Open,Qualified,2025-01-11 09:00:00,,,2025-03-01
";

#[test]
fn deals_status_won_lost_times_and_currency() {
    let path = fixture("deals-2025.csv", DEALS.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    let d = by_id(&sink);
    assert_eq!(
        d["101"],
        json!({"kind": "opportunity", "external_id": "101", "account": "Acme Inc",
            "status": "won", "amount": "1200.5", "created_on": "2024-10-01",
            "closed_on": "2024-11-15", "opportunity_kind": "new"})
    );
    assert_eq!(d["102"]["status"], "lost");
    assert_eq!(d["102"]["closed_on"], "2024-12-01");
    assert_eq!(d["103"]["status"], "open");
    assert!(d["103"].get("closed_on").is_none());
    assert!(!d.contains_key("104"));
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code, "currency_mismatch");
    assert_eq!(errs[0].column.as_deref(), Some("Deal - Currency"));
}

#[test]
fn portuguese_deals_latin1_and_map_override() {
    let text = "\
Negócio - ID;Negócio - Título;Negócio - Organização;Negócio - Valor;Negócio - Status;Negócio - Etapa;Negócio - Negócio criado em;Negócio - Ganho em
201;Padaria São João;Padaria São João;1.234,56;Ganho;Fechamento;2024-09-01 10:00:00;2024-10-14 00:00:00
202;Café Açaí;Café Açaí ME;980,00;Aberto;Proposta;2024-09-02 10:00:00;
";
    let (latin1, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!bad);
    let path = fixture("negocios.csv", &latin1);
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let d = by_id(&sink);
    assert_eq!(
        d["201"],
        json!({"kind": "opportunity", "external_id": "201", "account": "Padaria São João",
            "status": "won", "amount": "1234.56", "created_on": "2024-09-01",
            "closed_on": "2024-10-14", "opportunity_kind": "new"})
    );
    assert_eq!(d["202"]["account"], "Café Açaí ME");
    assert_eq!(d["202"]["amount"], "980");
    assert_eq!(d["202"]["status"], "open");

    // The person's value map turns the default kind into an upsell.
    let mut options = brl();
    options.value_map.insert(
        "kind".into(),
        BTreeMap::from([("new".to_string(), "upsell".to_string())]),
    );
    let (_, sink) = run(&path, &options);
    assert!(
        sink.records
            .iter()
            .all(|r| r.record["opportunity_kind"] == "upsell")
    );
}

#[test]
fn deals_xlsx_numbers_and_dates_as_cells() {
    let dir = std::env::temp_dir().join(format!("tenure-pipedrive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("deals.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Deal - ID",
        "Deal - Title",
        "Deal - Organization",
        "Deal - Value",
        "Deal - Status",
        "Deal - Won time",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_only(0, c as u16, h).unwrap();
    }
    ws.write_number_only(1, 0, 301.0).unwrap();
    ws.write_string_only(1, 1, "Acme renewal").unwrap();
    ws.write_string_only(1, 2, "Acme Inc").unwrap();
    ws.write_number_only(1, 3, 2500.25).unwrap();
    ws.write_string_only(1, 4, "Won").unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    // 2025-02-10 15:30 as an Excel serial, formatted as a date cell.
    ws.write_number(1, 5, 45698.645833333336, &fmt).unwrap();
    wb.save(path.to_str().unwrap()).unwrap();

    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(
        sink.records[0].record,
        json!({"kind": "opportunity", "external_id": "301", "account": "Acme Inc",
            "status": "won", "amount": "2500.25", "closed_on": "2025-02-10",
            "opportunity_kind": "new"})
    );
    // Only its own file: the folder is shared with the tests running beside it.
    let _ = std::fs::remove_file(&path);
}
