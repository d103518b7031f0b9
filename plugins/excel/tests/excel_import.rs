//! The Excel importer on generated workbooks and on the real (and broken on
//! purpose) spreadsheets in ../shared/data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use rust_xlsxwriter::{Format, Workbook};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use tenure_plugin_api::{ImportOptions, Importer, RowProblem, Severity};
use tenure_plugin_excel::ExcelImporter;
use tenure_tabular::CollectSink;

fn shared(rel: &str) -> PathBuf {
    tenure_tabular::testing::shared_data(rel)
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("excel-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn import(path: &Path, options: &ImportOptions) -> (Result<(), RowProblem>, CollectSink) {
    let mut sink = CollectSink::default();
    let r = ExcelImporter.import(path, options, &mut sink);
    (r, sink)
}

/// Imports in a thread: a panic or a hang fails the test instead of
/// taking the harness down or blocking it.
fn import_guarded(
    path: &Path,
    limit: Duration,
) -> Result<(Result<(), RowProblem>, CollectSink), String> {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| import(&p, &ImportOptions::default()));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err("panicked".into()),
        Err(_) => Err(format!("no answer in {limit:?}")),
    }
}

/// A workbook with a title above the header, the header starting in
/// column B, date cells, and three record-kind sheets named in Portuguese.
fn write_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Clientes").unwrap();
    ws.write_string_only(0, 1, "Carteira de clientes — março 2024")
        .unwrap();
    let headers = [
        "Código",
        "Nome da empresa",
        "Segmento",
        "Nº de funcionários",
        "Responsável",
        "Status",
        "Data de início",
        "CNPJ",
        "Observação",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_only(2, 1 + i as u16, h).unwrap();
    }
    ws.write_string_only(3, 1, "00042").unwrap();
    ws.write_string_only(3, 2, "Padaria São João").unwrap();
    ws.write_string_only(3, 3, "Alimentação").unwrap();
    ws.write_number_only(3, 4, 12.0).unwrap();
    ws.write_string_only(3, 5, "Joana").unwrap();
    ws.write_string_only(3, 6, "Ativo").unwrap();
    ws.write_number(3, 7, 45292.0, &date).unwrap(); // 2024-01-01
    ws.write_string_only(3, 8, "01.234.567/0001-89").unwrap();
    ws.write_string_only(3, 9, "cliente antigo").unwrap();
    // Row 5 empty: skipped.
    ws.write_number_only(5, 1, 43.0).unwrap();
    ws.write_string_only(5, 2, "Café Açaí").unwrap();
    ws.write_string_only(5, 6, "Cancelado").unwrap();
    ws.write_string_only(5, 7, "31/12/2019").unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("MRR").unwrap();
    for (i, h) in ["Cliente", "Mês", "Receita mensal"].iter().enumerate() {
        ws.write_string_only(0, i as u16, h).unwrap();
    }
    ws.write_string_only(1, 0, "00042").unwrap();
    ws.write_string_only(1, 1, "2024-03").unwrap();
    ws.write_number_only(1, 2, 1234.56).unwrap();
    ws.write_number_only(2, 0, 43.0).unwrap();
    ws.write_number(2, 1, 45352.0, &date).unwrap(); // 2024-03-01
    ws.write_string_only(2, 2, "R$ 980,50").unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Pesquisa NPS").unwrap();
    for (i, h) in ["Cliente", "Data", "Nota"].iter().enumerate() {
        ws.write_string_only(0, i as u16, h).unwrap();
    }
    ws.write_string_only(1, 0, "00042").unwrap();
    ws.write_number(1, 1, 45366.0, &date).unwrap(); // 2024-03-15
    ws.write_number_only(1, 2, 9.0).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Notas").unwrap();
    ws.write_string_only(0, 0, "Planilha gerada à mão").unwrap();
    wb.save(path.to_str().unwrap()).unwrap();
}

#[test]
fn workbook_with_title_rows_offset_header_and_several_kinds() {
    let path = tmp("carteira.xlsx");
    write_workbook(&path);
    let head = std::fs::read(&path).unwrap();
    assert!(ExcelImporter.detect(&path, &head) >= 80);
    let (r, sink) = import(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    let errors: Vec<_> = sink
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let got: Vec<(Option<String>, Option<u64>, Value)> = sink
        .records
        .iter()
        .map(|r| (r.sheet.clone(), r.row, r.record.clone()))
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            (
                s("Clientes"),
                Some(4),
                json!({"kind": "account", "external_id": "00042", "name": "Padaria São João",
                "industry": "Alimentação", "employees": 12, "csm": "Joana", "status": "active",
                "customer_since": "2024-01-01", "custom": {"CNPJ": "01.234.567/0001-89", "Observação": "cliente antigo"}})
            ),
            (
                s("Clientes"),
                Some(6),
                json!({"kind": "account", "external_id": "43", "name": "Café Açaí",
                "status": "churned", "customer_since": "2019-12-31"})
            ),
            (
                s("MRR"),
                Some(2),
                json!({"kind": "mrr", "account": "00042", "month": "2024-03", "mrr": "1234.56"})
            ),
            (
                s("MRR"),
                Some(3),
                json!({"kind": "mrr", "account": "43", "month": "2024-03", "mrr": "980.5"})
            ),
            (
                s("Pesquisa NPS"),
                Some(2),
                json!({"kind": "survey_response", "account": "00042", "date": "2024-03-15",
                "survey_kind": "nps", "score": 9})
            ),
        ]
    );
    // The notes sheet is skipped, and said so.
    assert!(
        sink.problems
            .iter()
            .any(|p| p.sheet.as_deref() == Some("Notas") && p.severity == Severity::Warning)
    );

    let d = ExcelImporter
        .describe(
            &path,
            &ImportOptions {
                preview_rows: 2,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(d.sheets[0].header_row, Some(3));
    assert_eq!(d.sheets[0].kind.as_deref(), Some("account"));
    assert_eq!(d.sheets[1].kind.as_deref(), Some("mrr"));
    assert_eq!(d.sheets[0].preview.len(), 2);
}

#[test]
fn dates_1900_and_1904_and_text() {
    for f in [
        "spreadsheets/calamine/date.xlsx",
        "spreadsheets/calamine/date_1904.xlsx",
    ] {
        let mut wb = calamine::open_workbook_auto(shared(f)).unwrap();
        use calamine::Reader;
        let name = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&name).unwrap();
        let first = range.rows().next().unwrap();
        let cell = tenure_plugin_excel::to_cell(&first[0]);
        assert_eq!(cell.display(), "2021-01-01", "{f}");
    }
}

#[test]
fn turicas_table_reads_the_same_in_xlsx_xls_and_ods() {
    let mut firsts = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let path = shared(&format!("spreadsheets/turicas-rows/all-field-types.{ext}"));
        let options = ImportOptions {
            kind: Some("account".into()),
            map: vec![("name".into(), "unicode_column".into())],
            ..Default::default()
        };
        let (r, sink) = import(&path, &options);
        assert!(r.is_ok(), "{ext}: {r:?}");
        firsts.push(sink.records[0].record["name"].clone());
    }
    assert_eq!(firsts, vec![json!("Álvaro"); 3]);
}

#[test]
fn every_real_spreadsheet_imports_or_fails_clearly() {
    let mut files = Vec::new();
    for dir in [
        "spreadsheets/calamine",
        "spreadsheets/xlrd",
        "spreadsheets/openpyxl",
        "spreadsheets/turicas-rows",
        "csv/csvkit",
        "crm-samples/agendor",
    ] {
        for e in std::fs::read_dir(shared(dir)).unwrap() {
            let p = e.unwrap().path();
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&ext.as_str()) {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut failures = Vec::new();
    let mut errs = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        match import_guarded(f, Duration::from_secs(60)) {
            Ok((Ok(()), _)) => {}
            Ok((Err(p), _)) => {
                if p.severity != Severity::Fatal
                    || !p.message.contains(&name)
                    || p.file.as_deref() != Some(name.as_str())
                {
                    failures.push(format!("{name}: unclear error {p:?}"));
                }
                errs.push(format!("{name}: {} {}", p.code, p.message));
            }
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    eprintln!("{}", errs.join("\n"));
    assert!(failures.is_empty(), "{failures:#?}");
    // The files broken on purpose are among the errors.
    for broken in [
        "null_file.xlsx",
        "null_archive.xlsx",
        "pass_protected.xlsx",
        "corrupted_error.xls",
        // calamine's own denial-of-service sample: 17 billion cells from
        // repeated rows and columns, refused before calamine reads it.
        "issue_594_dos.ods: sparse_sheet",
    ] {
        assert!(
            errs.iter().any(|e| e.starts_with(broken)),
            "{broken} should fail"
        );
    }
}

#[test]
fn agendor_companies_keep_cnpj_and_cep_as_text() {
    let (r, sink) = import(
        &shared("crm-samples/agendor/empresa-6000.xlsx"),
        &ImportOptions::default(),
    );
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(sink.records.len(), 5999);
    assert!(
        sink.problems
            .iter()
            .all(|p| p.severity == Severity::Warning),
        "{:?}",
        &sink.problems[..1]
    );
    let first = &sink.records[0].record;
    assert_eq!(first["external_id"], "Empresa A1");
    assert_eq!(first["name"], "Empresa A1");
    assert_eq!(first["csm"], "Rafael");
    assert_eq!(first["industry"], "Comércio Atacadista");
    assert_eq!(first["custom"]["CNPJ"], "82112893000121");
    assert_eq!(first["custom"]["Razão Social"], "EMPRESA A LTDA");
    eprintln!("{first}");
}

/// The prospect words in a workbook's status column (the same reader as
/// the CSV importer's): each becomes `prospect`; a value no reader knows is
/// rejected with a sentence naming no command-line flag.
#[test]
fn prospect_status_words_in_a_workbook() {
    let path = tmp("prospects.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Contas").unwrap();
    for (c, h) in ["Código", "Nome", "Situação"].iter().enumerate() {
        ws.write_string_only(0, c as u16, h).unwrap();
    }
    let rows = [
        ("P1", "Um", "Prospect"),
        ("P2", "Dois", "lead"),
        ("P3", "Três", "PROSPECTO"),
        ("P4", "Quatro", "Potencial"),
        ("P5", "Cinco", "Cliente em Potencial"),
        ("P6", "Seis", "Lead Qualificado"),
        ("P7", "Sete", "Cancelado"),
        ("P8", "Oito", "Parceiro"),
    ];
    for (r, (id, name, status)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string_only(r, 0, id).unwrap();
        ws.write_string_only(r, 1, name).unwrap();
        ws.write_string_only(r, 2, status).unwrap();
    }
    wb.save(path.to_str().unwrap()).unwrap();
    let (r, sink) = import(&path, &ImportOptions::default());
    assert!(r.is_ok(), "{r:?}");
    let got: Vec<(&str, &str)> = sink
        .records
        .iter()
        .map(|r| {
            (
                r.record["external_id"].as_str().unwrap(),
                r.record["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("P1", "prospect"),
            ("P2", "prospect"),
            ("P3", "prospect"),
            ("P4", "prospect"),
            ("P5", "prospect"),
            ("P6", "prospect"),
            ("P7", "churned"),
        ]
    );
    let errs: Vec<&RowProblem> = sink
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .collect();
    assert_eq!(errs.len(), 1);
    assert_eq!(
        (errs[0].row, errs[0].code.as_str()),
        (Some(9), "unknown_status")
    );
    assert!(errs[0].message.contains("`Parceiro`") && !errs[0].message.contains("--"));
}
