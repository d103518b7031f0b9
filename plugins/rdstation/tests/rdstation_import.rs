//! The RD Station CRM importer on fixtures built to the layouts the README
//! describes: the API field names (documented publicly) and the
//! Portuguese labels (unconfirmed by a public sample).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, RowProblem};
use tenure_plugin_rdstation::RdStationImporter;
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, errors};

fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    testing::fixture("rdstation", name, bytes)
}

fn run(path: &Path, options: &ImportOptions) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&RdStationImporter, path, options)
}

fn detect(path: &Path) -> u8 {
    testing::detect(&RdStationImporter, path)
}

#[test]
fn deals_portuguese_labels_latin1() {
    let text = "\
Nome;Empresa;Funil de vendas;Etapa;Estado;Valor único;Valor recorrente;Data de criação;Data de fechamento;Responsável;Fonte;Motivo de perda
Plano Pro - Padaria;Padaria São João;Funil Padrão;Fechamento;Vendida;R$ 500,00;R$ 1.200,00;02/01/2025;28/01/2025;Joana;Indicação;
Plano Básico - Café;Café Açaí ME;Funil Padrão;Proposta;Em andamento;;R$ 300,00;10/01/2025;;Joana;Site;
Plano Pro - Loja;Loja Central;Funil Padrão;Negociação;Perdida;;R$ 900,00;03/12/2024;15/01/2025;Pedro;Site;Preço
Plano Pro - Oficina;Oficina Sul;Funil Padrão;Negociação;Pausada;;R$ 700,00;04/12/2024;;Pedro;Site;
";
    let (latin1, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!bad);
    let path = fixture("negociacoes.csv", &latin1);
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let recs: Vec<_> = sink.records.iter().map(|r| &r.record).collect();
    // The amount is the recurring (monthly) value: opportunities add MRR.
    assert_eq!(
        *recs[0],
        json!({"kind": "opportunity", "account": "Padaria São João", "status": "won",
            "amount": "1200", "created_on": "2025-01-02", "closed_on": "2025-01-28",
            "opportunity_kind": "new"})
    );
    assert_eq!(recs[1]["status"], "open");
    assert_eq!(recs[1]["account"], "Café Açaí ME");
    assert_eq!(recs[2]["status"], "lost");
    assert_eq!(recs[2]["closed_on"], "2025-01-15");
    // A paused deal is still open.
    assert_eq!(recs[3]["status"], "open");
}

#[test]
fn deals_api_field_names_utf8() {
    let csv = "\
id,name,organization,deal_stage,deal_pipeline,win,amount_monthly,amount_unique,amount_total,created_at,closed_at,user
64a1,Upgrade,Acme,Fechamento,Funil Padrão,true,250.5,0,250.5,2025-02-01T10:00:00-03:00,2025-02-20T18:00:00-03:00,Ana
64a2,Nova filial,Acme,Proposta,Funil Padrão,,100,0,100,2025-02-03T10:00:00-03:00,,Ana
64a3,Renovação,Beta,Negociação,Funil Padrão,false,80,0,80,2025-01-03T10:00:00-03:00,2025-01-30T09:00:00-03:00,Ana
";
    let path = fixture("deals.csv", csv.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let recs: Vec<_> = sink.records.iter().map(|r| &r.record).collect();
    assert_eq!(
        *recs[0],
        json!({"kind": "opportunity", "external_id": "64a1", "account": "Acme", "status": "won",
            "amount": "250.5", "created_on": "2025-02-01", "closed_on": "2025-02-20",
            "opportunity_kind": "new"})
    );
    assert_eq!(recs[1]["status"], "open");
    assert!(recs[1].get("closed_on").is_none());
    assert_eq!(recs[2]["status"], "lost");
}

#[test]
fn companies_xlsx() {
    let dir = std::env::temp_dir().join(format!("tenure-rdstation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("empresas.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        [
            "Nome",
            "Segmento",
            "URL",
            "Resumo",
            "Responsável",
            "Data de criação",
        ],
        [
            "Padaria São João",
            "Alimentação",
            "padariasj.com.br",
            "Cliente desde 2021",
            "Joana",
            "05/03/2021",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_only(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(path.to_str().unwrap()).unwrap();
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(
        sink.records[0].record,
        json!({"kind": "account", "external_id": "Padaria São João", "name": "Padaria São João",
            "industry": "Alimentação", "domain": "padariasj.com.br", "csm": "Joana",
            "custom": {"Resumo": "Cliente desde 2021", "Data de criação": "05/03/2021"}})
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn agendor_and_generic_files_are_not_claimed() {
    let path = fixture(
        "clientes.csv",
        "Nome;CNPJ;Razão Social;Categoria;Setor\nA;1;A Ltda;Cliente;Varejo\n".as_bytes(),
    );
    assert_eq!(detect(&path), 0);
}
