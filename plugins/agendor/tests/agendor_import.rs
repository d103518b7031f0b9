//! The Agendor importer on Agendor's own companies spreadsheet
//! (../shared/data/crm-samples/agendor) and on deals fixtures built to the
//! layout the README describes (unconfirmed by a public sample).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tenure_plugin_agendor::AgendorImporter;
use tenure_plugin_api::{ImportOptions, RowProblem};
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, by_id, errors, of_kind, shared_data as shared};

fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    testing::fixture("agendor", name, bytes)
}

fn run(path: &Path, options: &ImportOptions) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&AgendorImporter, path, options)
}

fn detect(path: &Path) -> u8 {
    testing::detect(&AgendorImporter, path)
}

#[test]
fn real_companies_spreadsheet() {
    let path = shared("crm-samples/agendor/empresa-6000.xlsx");
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    // 5,999 companies: 52 are prospects ("Cliente em potencial", read as
    // such) and 52 have a bare category number, which is no status: those
    // are rejected, with a sentence that names no command-line flag (the
    // window shows it too). Every row has an e-mail or a phone: 5,999
    // contacts (the host rejects the 52 whose company was rejected).
    assert_eq!(of_kind(&sink, "account").len(), 5999 - 52);
    assert_eq!(of_kind(&sink, "contact").len(), 5999);
    assert_eq!(sink.records.len(), 5999 - 52 + 5999);
    let errs = errors(&sink);
    assert_eq!(errs.len(), 52);
    assert!(errs.iter().all(|p| p.code == "unknown_status"
        && p.sheet.as_deref() == Some("Empresas")
        && p.column.as_deref() == Some("Status (from Categoria)")
        && !p.message.contains("--")
        && p.message.contains("active, churned or prospect")));
    assert!(
        errs.iter()
            .all(|p| !p.message.contains("`Cliente em potencial`"))
    );
    let prospects = of_kind(&sink, "account")
        .iter()
        .filter(|a| a["status"] == "prospect")
        .count();
    assert_eq!(prospects, 52);
    assert_eq!(by_id(&sink)["Empresa A1"]["status"], "prospect");

    let a = by_id(&sink);
    let e2 = &a["Empresa A2"];
    assert_eq!(sink.records[0].row, Some(2)); // Empresa A1, a prospect
    assert_eq!(e2["name"], "Empresa A2");
    assert_eq!(e2["status"], "active"); // Cliente efetivo
    assert_eq!(e2["csm"], "Natasha");
    assert_eq!(e2["industry"], "Comércio Atacadista");
    assert_eq!(e2["domain"], "http://www.empresa-b.com.br");
    assert_eq!(
        (
            e2["country"].as_str(),
            e2["region"].as_str(),
            e2["city"].as_str()
        ),
        (Some("Brasil"), Some("SP"), Some("São Paulo"))
    );
    // CNPJ and CEP stay text with their leading digits; the trailing space
    // of the `Nome ` header does not matter.
    assert_eq!(e2["custom"]["CNPJ"], "25781283000187");
    assert_eq!(e2["custom"]["CEP"], "01001000");
    assert_eq!(e2["custom"]["Razão Social"], "EMPRESA Empresa A2");
    assert_eq!(e2["custom"]["Ramal"], "321");
    assert_eq!(e2["custom"]["WhatsApp"], "+55 11 99999-9999");
    // The company's own contact: named as the company, WhatsApp first.
    let contact = of_kind(&sink, "contact")
        .into_iter()
        .find(|c| c["account"] == "Empresa A2")
        .unwrap();
    assert_eq!(contact["name"], "Empresa A2");
    assert_eq!(contact["email"], "contato2@empresa-b.com.br");
    assert_eq!(contact["phone"], "+55 11 99999-9999");
    assert_eq!(contact["is_primary"], true);
    // No category: no status (the stored default applies).
    assert!(a["Empresa A5"].get("status").is_none());
    assert_eq!(a["Empresa A5"]["csm"], "Rafael");
}

#[test]
fn prospects_can_be_mapped_by_the_person() {
    let path = shared("crm-samples/agendor/empresa-6000.xlsx");
    let mut options = ImportOptions::default();
    options.value_map.insert(
        "status".into(),
        BTreeMap::from([
            ("Cliente em potencial".to_string(), "active".to_string()),
            ("11".to_string(), "churned".to_string()),
        ]),
    );
    let (r, sink) = run(&path, &options);
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty());
    assert_eq!(of_kind(&sink, "account").len(), 5999);
    assert_eq!(by_id(&sink)["Empresa A1"]["status"], "active");
    assert_eq!(by_id(&sink)["Empresa A3"]["status"], "churned");
}

const DEALS: &str = "\
Título;Empresa;Pessoa;Funil;Etapa;Status;Valor total;Usuário responsável;Data de início;Data de conclusão
Renovação anual;Padaria São João;Joana;Vendas;Fechamento;Ganho;R$ 1.234,56;Rafael;05/03/2024;20/04/2024
Módulo fiscal;Café Açaí ME;Pedro;Vendas;Proposta;Em andamento;R$ 980,00;Natasha;10/04/2024;
Plano anual;Café Açaí ME;Pedro;Vendas;Negociação;Perdido;R$ 2.000,00;Natasha;01/02/2024;15/03/2024
";

#[test]
fn deals_latin1_csv() {
    let (latin1, _, bad) = encoding_rs::WINDOWS_1252.encode(DEALS);
    assert!(!bad);
    let path = fixture("negocios.csv", &latin1);
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let recs: Vec<&Value> = sink.records.iter().map(|r| &r.record).collect();
    assert_eq!(
        *recs[0],
        json!({"kind": "opportunity", "account": "Padaria São João", "status": "won",
            "amount": "1234.56", "created_on": "2024-03-05", "closed_on": "2024-04-20",
            "opportunity_kind": "new"})
    );
    assert_eq!(
        *recs[1],
        json!({"kind": "opportunity", "account": "Café Açaí ME", "status": "open",
            "amount": "980", "created_on": "2024-04-10", "opportunity_kind": "new"})
    );
    assert_eq!(recs[2]["status"], "lost");
    assert_eq!(recs[2]["closed_on"], "2024-03-15");
}

#[test]
fn deals_utf8_xlsx() {
    let dir = std::env::temp_dir().join(format!("tenure-agendor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("negocios.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows = DEALS.lines().map(|l| l.split(';').collect::<Vec<_>>());
    for (r, cells) in rows.enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_only(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path.to_str().unwrap()).unwrap();
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(sink.records.len(), 3);
    assert_eq!(sink.records[0].record["amount"], "1234.56");
    assert_eq!(sink.records[2].record["closed_on"], "2024-03-15");
    let _ = std::fs::remove_dir_all(&dir);
}
