//! The Salesforce importer on the real Data Loader samples in
//! ../shared/data/crm-samples and on fixtures built to the documented
//! report and case layouts.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tenure_plugin_api::{ImportOptions, RowProblem};
use tenure_plugin_salesforce::SalesforceImporter;
use tenure_tabular::CollectSink;
use tenure_tabular::testing::{self, brl, by_id, errors, shared_data as shared};

fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    testing::fixture("salesforce", name, bytes)
}

fn run(path: &Path, options: &ImportOptions) -> (Result<(), RowProblem>, CollectSink) {
    testing::run(&SalesforceImporter, path, options)
}

fn detect(path: &Path) -> u8 {
    testing::detect(&SalesforceImporter, path)
}

fn sample(name: &str) -> PathBuf {
    shared(&format!("crm-samples/salesforce-dataloader/{name}"))
}

#[test]
fn dataloader_accounts_latin1_uppercase_api_names() {
    let path = sample("accountData.csv");
    // The generic CSV importer answers at most 55 for a CSV file.
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    // 423 rows, 423 accounts: the three of Type `Prospect` (lines 414,
    // 415 and 421) are prospects, the one `Customer` is active, the 419
    // without a Type take the stored default.
    assert_eq!(sink.records.len(), 423);
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let prospects: Vec<u64> = sink
        .records
        .iter()
        .filter(|r| r.record["status"] == "prospect")
        .map(|r| r.row.unwrap())
        .collect();
    assert_eq!(prospects, vec![414, 415, 421]);
    assert_eq!(by_id(&sink)["001x0000002lBtnAAE"]["status"], "prospect");

    let accounts = by_id(&sink);
    // Latin-1 `é` read as such.
    assert_eq!(
        accounts["001x0000002xLDgAAM"]["name"],
        "Crédito Inmobiliario Terras"
    );
    assert_eq!(accounts["001x0000002xLDgAAM"]["country"], "MX");
    let sf = &accounts["001x0000002lBtmAAE"];
    assert_eq!(sf["name"], "salesforce.com");
    assert_eq!(sf["status"], "active"); // Type `Customer`
    assert_eq!(sf["employees"], 350);
    assert_eq!(sf["industry"], "Technology");
    assert_eq!(sf["domain"], "http://www.salesforce.com");
    assert_eq!(sf["country"], "USA");
    assert_eq!(sf["region"], "CA");
    assert_eq!(sf["city"], "San Francisco");
    assert_eq!(sf["csm"], "005x0000000fNSiAAM");
    // Unmapped columns are kept as written (scientific notation included).
    assert_eq!(sf["custom"]["ANNUALREVENUE"], "6.0E7");
    assert_eq!(sf["custom"]["TYPE"], "Customer");
    assert_eq!(sf["custom"]["RATING"], "Hot");
    assert_eq!(accounts["001x0000002lBtpAAE"]["employees"], 166000);
    assert!(accounts["001x0000002lBtpAAE"].get("status").is_none());
}

#[test]
fn dataloader_opportunities_status_from_iswon_isclosed() {
    let path = sample("opportunityData.csv");
    assert!(detect(&path) >= 95);
    // Type `Opportunity` is not one of Salesforce's standard types: every
    // row is rejected and the message says how to map it.
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(sink.records.is_empty());
    let errs = errors(&sink);
    assert_eq!(errs.len(), 38);
    assert_eq!(errs[0].code, "unknown_opportunity_kind");
    assert_eq!(errs[0].row, Some(2));
    assert_eq!(errs[0].column.as_deref(), Some("Kind (from Type)"));
    assert!(
        errs[0].message.contains("kind:Opportunity=new"),
        "{}",
        errs[0].message
    );

    let mut options = brl();
    options.value_map.insert(
        "kind".into(),
        BTreeMap::from([("Opportunity".to_string(), "new".to_string())]),
    );
    let (r, sink) = run(&path, &options);
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(sink.records.len(), 38);
    let opps = by_id(&sink);
    assert_eq!(
        opps["006x0000001YtCrAAK"],
        json!({"kind": "opportunity", "external_id": "006x0000001YtCrAAK",
            "account": "001x0000002xLD0AAM", "status": "won", "amount": "500000",
            "created_on": "2006-06-15", "closed_on": "2005-11-09", "opportunity_kind": "new"})
    );
    // Open: CloseDate is only the expected date, so no closed_on.
    assert_eq!(
        opps["006x0000001YtCtAAK"],
        json!({"kind": "opportunity", "external_id": "006x0000001YtCtAAK",
            "account": "001x0000002xLD0AAM", "status": "open", "amount": "140000",
            "created_on": "2006-06-15", "opportunity_kind": "new"})
    );
    // An empty amount stays absent.
    assert!(opps["006x0000001YuTlAAK"].get("amount").is_none());
    let won = opps.values().filter(|o| o["status"] == "won").count();
    assert_eq!(won, 8);
    // Columns read by the status are not reported as unread.
    let unread = sink
        .problems
        .iter()
        .find(|p| p.code == "unmapped_columns")
        .unwrap();
    assert!(!unread.message.contains("ISWON") && !unread.message.contains("STAGENAME"));
    assert!(unread.message.contains("PROBABILITY"));
}

#[test]
fn dataloader_error_file_is_refused_with_the_reason() {
    let path = sample("error0413060133.csv");
    let (r, sink) = run(&path, &brl());
    let p = r.unwrap_err();
    assert_eq!(p.code, "refused_file");
    assert!(p.message.contains("error file"), "{}", p.message);
    assert!(sink.records.is_empty());
}

const REPORT: &str = "\
Opportunity Name,Account Name,Stage,Amount,Opportunity Currency,Close Date,Created Date,Type,Won,Closed,Opportunity ID
Acme - 200 seats,Acme,Closed Won,\"12,500.00\",BRL,1/31/2025,12/2/2024,New Customer,1,1,0061
Acme - upgrade,Acme,Proposal/Price Quote,\"3,000.50\",BRL,3/15/2025,1/20/2025,Existing Customer - Upgrade,0,0,0062
Globex renewal,Globex,Closed Lost,800.00,BRL,2/28/2025,1/5/2025,Renewal,0,1,0063
Initech,Initech,Closed Won,\"9,999.00\",USD,2/1/2025,1/2/2025,New Customer,1,1,0064
";

#[test]
fn report_export_labels_dates_and_currency_rejection() {
    let path = fixture("opportunities-report.csv", REPORT.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    let opps = by_id(&sink);
    assert_eq!(
        opps["0061"],
        json!({"kind": "opportunity", "external_id": "0061", "account": "Acme",
            "status": "won", "amount": "12500", "created_on": "2024-12-02",
            "closed_on": "2025-01-31", "opportunity_kind": "new"})
    );
    assert_eq!(opps["0062"]["status"], "open");
    assert_eq!(opps["0062"]["opportunity_kind"], "upsell");
    assert_eq!(opps["0062"]["amount"], "3000.5");
    assert!(opps["0062"].get("closed_on").is_none());
    assert_eq!(opps["0063"]["status"], "lost");
    assert_eq!(opps["0063"]["opportunity_kind"], "renewal");
    assert_eq!(opps["0063"]["closed_on"], "2025-02-28");
    // The USD row is rejected, with the column and a clear reason.
    assert!(!opps.contains_key("0064"));
    let errs = errors(&sink);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].row, Some(5));
    assert_eq!(errs[0].code, "currency_mismatch");
    assert_eq!(errs[0].column.as_deref(), Some("Opportunity Currency"));
    assert!(errs[0].message.contains("USD") && errs[0].message.contains("BRL"));
}

#[test]
fn cases_mixed_case_api_names_become_tickets() {
    let csv = "\
Id,CaseNumber,AccountId,Status,Priority,Origin,Type,CreatedDate,ClosedDate,IsEscalated,Subject
500A,00001001,001A,Closed,High,Email,Problem,2025-03-01T09:15:00.000Z,2025-03-02T10:00:00.000Z,false,Login fails
500B,00001002,001B,New,Low,Web,Question,2025-03-03T14:00:00.000Z,,false,How to export
";
    let path = fixture("cases.csv", csv.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let t = by_id(&sink);
    assert_eq!(
        t["00001001"],
        json!({"kind": "ticket", "external_id": "00001001", "account": "001A",
            "opened_at": "2025-03-01T09:15:00+00:00", "resolved_at": "2025-03-02T10:00:00+00:00",
            "category": "Problem", "priority": "High", "channel": "Email"})
    );
    assert!(t["00001002"].get("resolved_at").is_none());
}

#[test]
fn xlsx_account_report_below_a_title_is_read() {
    let path = std::env::temp_dir()
        .join(format!("tenure-salesforce-{}", std::process::id()))
        .join("accounts-report.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string_only(0, 0, "Accounts by owner").unwrap();
    let header = [
        "Account ID",
        "Account Name",
        "Account Owner",
        "Industry",
        "Billing Country",
        "Employees",
        "Type",
        "Rating",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_only(2, c as u16, h).unwrap();
    }
    ws.write_string_only(3, 0, "001Q").unwrap();
    ws.write_string_only(3, 1, "Padaria Pão Quente").unwrap();
    ws.write_string_only(3, 2, "Joana Lima").unwrap();
    ws.write_string_only(3, 3, "Food").unwrap();
    ws.write_string_only(3, 4, "Brazil").unwrap();
    ws.write_number_only(3, 5, 42.0).unwrap();
    ws.write_string_only(3, 6, "Customer - Direct").unwrap();
    ws.write_string_only(3, 7, "Warm").unwrap();
    wb.save(path.to_str().unwrap()).unwrap();

    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].row, Some(4));
    assert_eq!(
        sink.records[0].record,
        json!({"kind": "account", "external_id": "001Q", "name": "Padaria Pão Quente",
            "csm": "Joana Lima", "industry": "Food", "country": "Brazil", "employees": 42,
            "status": "active", "custom": {"Rating": "Warm", "Type": "Customer - Direct"}})
    );
}

#[test]
fn other_files_are_not_claimed() {
    let generic = fixture(
        "customers.csv",
        b"Customer ID,Name,Industry,Status\n1,Acme,Retail,Active\n",
    );
    assert_eq!(detect(&generic), 0);
    let (r, _) = run(&generic, &brl());
    let p = r.unwrap_err();
    assert_eq!(p.code, "not_a_vendor_export");
    assert!(p.message.contains("customers.csv") && p.message.contains("Customer ID"));
}

/// Account `Type`, every value of the standard picklist (README: sources):
/// customers are active, a prospect a prospect, partners and "Other" left
/// out and counted (warnings, not rejections).
#[test]
fn account_types_of_the_standard_picklist() {
    let text = "\
Id,Name,Type,BillingCountry,BillingCity,NumberOfEmployees
0011,Direct Co,Customer - Direct,BR,Recife,40
0012,Channel Co,Customer - Channel,BR,Natal,12
0013,Maybe Co,Prospect,BR,Salvador,300
0014,Resell Co,Channel Partner / Reseller,BR,Maceió,8
0015,Install Co,Installation Partner,BR,Aracaju,5
0016,Tech Co,Technology Partner,BR,Fortaleza,90
0017,Misc Co,Other,BR,Teresina,3
0018,Gone Co,Former Customer,BR,Recife,20
";
    let path = fixture("Account.csv", text.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let a = by_id(&sink);
    let status = |id: &str| a[id]["status"].as_str().unwrap().to_string();
    assert_eq!(
        ["0011", "0012", "0013", "0018"].map(status),
        ["active", "active", "prospect", "churned"]
    );
    assert_eq!(a.len(), 4);
    let skipped: Vec<(u64, bool)> = sink
        .problems
        .iter()
        .filter(|p| p.code == "row_skipped")
        .map(|p| {
            (
                p.row.unwrap(),
                p.message.contains("neither a customer nor a prospect"),
            )
        })
        .collect();
    assert_eq!(skipped, [(5, true), (6, true), (7, true), (8, true)]);
}

/// `Lead.csv` of a Data Export (API names, as the Lead object reference
/// lists them): unconverted leads are prospects, one account per company
/// (case and accents aside); converted leads are left out, since they
/// became the account named in `ConvertedAccountId`.
#[test]
fn leads_are_prospects_one_account_per_company() {
    let text = "\
Id,LastName,FirstName,Name,Company,City,State,Country,Email,Website,LeadSource,Status,Industry,NumberOfEmployees,IsConverted,ConvertedDate,ConvertedAccountId,IsUnreadByOwner
00Q1,Souza,Ana,Ana Souza,Padaria São João,Recife,PE,Brasil,ana@padaria.com.br,padaria.com.br,Web,Open - Not Contacted,Food & Beverage,12,false,,,true
00Q2,Lima,João,João Lima,PADARIA SAO JOAO,Recife,PE,Brasil,joao@padaria.com.br,,Phone Inquiry,Working - Contacted,,,false,,,false
00Q3,Rosa,Eva,Eva Rosa,Acme Corp,São Paulo,SP,Brasil,eva@acme.com,acme.com,Partner Referral,Closed - Converted,Technology,250,true,2024-05-02,001x0000002lBtmAAE,false
00Q4,Melo,Rui,Rui Melo,Beta Ltda,Natal,RN,Brasil,rui@beta.com.br,beta.com.br,Web,Closed - Not Converted,Retail,40,false,,,false
";
    let path = fixture("Lead.csv", text.as_bytes());
    assert!(detect(&path) >= 95);
    let (r, sink) = run(&path, &brl());
    assert!(r.is_ok(), "{r:?}");
    assert!(errors(&sink).is_empty(), "{:?}", errors(&sink));
    let a = by_id(&sink);
    let ids: Vec<&str> = a.keys().map(String::as_str).collect();
    assert_eq!(ids, ["lead:beta ltda", "lead:padaria sao joao"]);
    let p = &a["lead:padaria sao joao"];
    assert_eq!(p["name"], "Padaria São João"); // the first lead's spelling
    assert_eq!(p["status"], "prospect");
    assert_eq!(p["industry"], "Food & Beverage");
    assert_eq!(p["employees"], 12);
    assert_eq!(p["city"], "Recife");
    assert_eq!(a["lead:beta ltda"]["status"], "prospect");
    let skipped: Vec<&str> = sink
        .problems
        .iter()
        .filter(|p| p.code == "row_skipped")
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].contains("001x0000002lBtmAAE"), "{}", skipped[0]);
}
