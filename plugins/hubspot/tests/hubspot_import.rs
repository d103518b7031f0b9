//! The HubSpot importer on fixtures built to HubSpot's export layout
//! (see the README for the sources of each column name): companies, deals
//! and tickets, CSV (UTF-8 and Latin-1) and XLSX, English and Portuguese.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, RowProblem};
use tenure_plugin_hubspot::HubSpotImporter;
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, brl, by_id, errors};

fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    testing::fixture("hubspot", name, bytes)
}

fn run(path: &Path, options: &ImportOptions) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&HubSpotImporter, path, options)
}

fn detect(path: &Path) -> u8 {
    testing::detect(&HubSpotImporter, path)
}

const COMPANIES: &str = "\
Record ID,Company name,Company Domain Name,Industry,Number of Employees,Country/Region,State/Region,City,Company owner,Lifecycle Stage,Create Date,Became a Customer Date,Annual Revenue
5001,Acme Corp,acme.com,COMPUTER_SOFTWARE,120,United States,CA,San Jose,Ana Lima,Customer,2023-01-10 09:30,2023-02-01 00:00,1000000
5002,Beta Ltda,beta.com.br,RETAIL,8,Brazil,SP,São Paulo,Bruno Costa,Evangelist,2022-05-03 11:00,2022-06-15 00:00,
5003,Gamma,gamma.io,,,,,,Ana Lima,Lead,2024-03-01 08:00,,
";

#[test]
fn companies_csv_utf8() {
    let path = fixture(
        "hubspot-crm-exports-all-companies-2025-01-31.csv",
        COMPANIES.as_bytes(),
    );
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    let accounts = by_id(&sink);
    assert_eq!(
        accounts["5001"],
        json!({"kind": "account", "external_id": "5001", "name": "Acme Corp", "domain": "acme.com",
            "industry": "COMPUTER_SOFTWARE", "employees": 120, "country": "United States",
            "region": "CA", "city": "San Jose", "csm": "Ana Lima", "status": "active",
            "customer_since": "2023-02-01",
            "custom": {"Create Date": "2023-01-10 09:30", "Annual Revenue": "1000000",
                "Lifecycle Stage": "Customer"}})
    );
    assert_eq!(accounts["5002"]["status"], "active");
    assert_eq!(accounts["5002"]["city"], "São Paulo");
    // A lead is not yet a customer: a prospect.
    assert_eq!(accounts["5003"]["status"], "prospect");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
}

/// Every default lifecycle stage, as the export's label and as the API's
/// internal value (README: where they come from), and one custom stage.
#[test]
fn lifecycle_stages_labels_and_internal_values() {
    let stages = [
        ("Subscriber", "prospect"),
        ("subscriber", "prospect"),
        ("Lead", "prospect"),
        ("Marketing Qualified Lead", "prospect"),
        ("marketingqualifiedlead", "prospect"),
        ("Sales Qualified Lead", "prospect"),
        ("salesqualifiedlead", "prospect"),
        ("Opportunity", "prospect"),
        ("Customer", "active"),
        ("customer", "active"),
        ("Evangelist", "active"),
        ("evangelist", "active"),
    ];
    let mut text = String::from("Record ID,Company name,Lifecycle Stage,Company owner\n");
    for (i, (stage, _)) in stages.iter().enumerate() {
        text.push_str(&format!("{},Company {i},{stage},Ana\n", 100 + i));
    }
    text.push_str("200,Company X,Partner Tier 2,Ana\n");
    let path = fixture("companies-stages.csv", text.as_bytes());
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    let a = by_id(&sink);
    for (i, (stage, want)) in stages.iter().enumerate() {
        assert_eq!(a[&(100 + i).to_string()]["status"], *want, "{stage}");
    }
    // A custom stage is for the person to map; the message names no flag.
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].row, Some(14));
    assert_eq!(errs[0].code, "unknown_status");
    assert!(errs[0].message.contains("`Partner Tier 2`") && !errs[0].message.contains("--"));
}

/// A contacts export with a lifecycle stage: contacts grouped to their
/// associated company, one account each; a contact without a company is
/// left out, counted as a warning.
#[test]
fn contacts_export_grouped_by_company() {
    let text = "\
Record ID,First Name,Last Name,Email,Contact owner,Lifecycle Stage,Lead Status,Associated Company,Associated Company IDs (Primary)
901,Ana,Souza,ana@acme.com,Bruno,Marketing Qualified Lead,Open,Acme Corp,5001
902,João,Lima,joao@acme.com,Bruno,Sales Qualified Lead,In Progress,Acme Corp,5001
903,Eva,Rosa,eva@beta.com.br,Bruno,Customer,,Beta Ltda,5002
904,Rui,Melo,rui@gmail.com,Bruno,Lead,New,,
905,Lia,Dias,lia@gama.io,Bruno,Subscriber,New,Gama,
";
    let path = fixture("hubspot-crm-exports-all-contacts.csv", text.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let a = by_id(&sink);
    let ids: Vec<&str> = a.keys().map(String::as_str).collect();
    assert_eq!(ids, ["5001", "5002", "company:gama"]);
    assert_eq!(a["5001"]["name"], "Acme Corp");
    assert_eq!(a["5001"]["status"], "prospect"); // the first contact's stage
    assert_eq!(a["5002"]["status"], "active");
    assert_eq!(a["company:gama"]["name"], "Gama");
    assert_eq!(a["company:gama"]["status"], "prospect");
    let skipped: Vec<u64> = sink
        .problems
        .iter()
        .filter(|p| p.code == "row_skipped")
        .map(|p| p.row.unwrap())
        .collect();
    assert_eq!(skipped, [5]);
}

#[test]
fn reimport_gives_the_same_records() {
    let path = fixture("companies-again.csv", COMPANIES.as_bytes());
    let (_, first) = run(&path, &brl());
    let (_, second) = run(&path, &brl());
    let a: Vec<&Value> = first.records.iter().map(|r| &r.record).collect();
    let b: Vec<&Value> = second.records.iter().map(|r| &r.record).collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), 3);
}

#[test]
fn portuguese_labels_latin1_semicolons() {
    let text = "\
ID do registro;Nome da empresa;Nome do domínio da empresa;Setor;Número de funcionários;País/Região;Cidade;Proprietário da empresa;Fase do ciclo de vida;Data de criação
7001;Padaria São João;padariasj.com.br;Alimentação;12;Brasil;São Paulo;Joana;Cliente;05/03/2021 10:00
7002;Café Açaí ME;cafeacai.com.br;Alimentação;3;Brasil;Belém;Joana;Ex-cliente;31/12/2019 09:00
";
    let (latin1, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!bad);
    let path = fixture("empresas.csv", &latin1);
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let a = by_id(&sink);
    assert_eq!(a["7001"]["name"], "Padaria São João");
    assert_eq!(a["7001"]["industry"], "Alimentação");
    assert_eq!(a["7001"]["employees"], 12);
    assert_eq!(a["7001"]["status"], "active");
    assert_eq!(a["7001"]["csm"], "Joana");
    assert_eq!(a["7002"]["name"], "Café Açaí ME");
    assert_eq!(a["7002"]["city"], "Belém");
    assert_eq!(a["7002"]["status"], "churned");
    assert_eq!(a["7002"]["custom"]["Data de criação"], "31/12/2019 09:00");
}

const DEALS: &str = "\
Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal owner,Deal Type,Associated Company IDs,Currency
9001,Acme expansion,Closed Won,Sales Pipeline,1500.50,2025-01-15 00:00,2024-11-02 10:00,Ana Lima,Existing Business,5001,BRL
9002,Beta new,closedlost,Sales Pipeline,800,2025-01-20 00:00,2024-12-01 10:00,Bruno Costa,New Business,5002;5003,BRL
9003,Acme add-on,Contract Sent,Sales Pipeline,300,2025-03-31 00:00,2025-01-05 10:00,Ana Lima,,5001,BRL
9004,Gamma,Closed Won (Sales Pipeline),Sales Pipeline,99,2025-02-01 00:00,2025-01-06 10:00,Ana Lima,New Business,5003,USD
";

#[test]
fn deals_stage_type_and_currency() {
    let path = fixture("hubspot-crm-exports-all-deals.csv", DEALS.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    let d = by_id(&sink);
    assert_eq!(
        d["9001"],
        json!({"kind": "opportunity", "external_id": "9001", "account": "5001", "status": "won",
            "amount": "1500.5", "created_on": "2024-11-02", "closed_on": "2025-01-15",
            "opportunity_kind": "renewal"})
    );
    // The first associated company is the deal's account.
    assert_eq!(d["9002"]["account"], "5002");
    assert_eq!(d["9002"]["status"], "lost");
    assert_eq!(d["9002"]["opportunity_kind"], "new");
    // Open stage: the close date is only expected, so none is kept.
    assert_eq!(d["9003"]["status"], "open");
    assert_eq!(d["9003"]["opportunity_kind"], "new");
    assert!(d["9003"].get("closed_on").is_none());
    // USD in a BRL database: rejected with the reason.
    assert!(!d.contains_key("9004"));
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code, "currency_mismatch");
    assert_eq!(errs[0].row, Some(5));
}

#[test]
fn tickets_xlsx() {
    let dir = std::env::temp_dir().join(format!("tenure-hubspot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tickets.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Ticket ID",
        "Ticket name",
        "Ticket status",
        "Priority",
        "Source",
        "Category",
        "Create date",
        "Close date",
        "Associated Company",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_only(0, c as u16, h).unwrap();
    }
    ws.write_number_only(1, 0, 3301.0).unwrap();
    ws.write_string_only(1, 1, "Cannot log in").unwrap();
    ws.write_string_only(1, 2, "Closed").unwrap();
    ws.write_string_only(1, 3, "HIGH").unwrap();
    ws.write_string_only(1, 4, "Email").unwrap();
    ws.write_string_only(1, 5, "PRODUCT_ISSUE").unwrap();
    ws.write_string_only(1, 6, "2025-02-03 09:00").unwrap();
    ws.write_string_only(1, 7, "2025-02-03 17:30").unwrap();
    ws.write_string_only(1, 8, "Acme Corp").unwrap();
    wb.save(path.to_str().unwrap()).unwrap();

    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(
        sink.records[0].record,
        json!({"kind": "ticket", "external_id": "3301", "account": "Acme Corp",
            "opened_at": "2025-02-03T09:00:00", "resolved_at": "2025-02-03T17:30:00",
            "category": "PRODUCT_ISSUE", "priority": "HIGH", "channel": "Email"})
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_generic_accounts_csv_is_not_claimed() {
    let path = fixture(
        "accounts.csv",
        b"Account ID,Company name,Industry,Plan,MRR\n1,Acme,Retail,Pro,100\n",
    );
    assert_eq!(detect(&path), 0);
}
