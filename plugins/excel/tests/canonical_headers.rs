//! A workbook with one sheet per kind, each written exactly as the schema
//! names the kind's fields, maps every column to itself with no `--map`
//! and no `--kind`, sheet by sheet.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use rust_xlsxwriter::Workbook;
use tenure_plugin_api::{ImportOptions, Importer, Severity};
use tenure_plugin_excel::ExcelImporter;
use tenure_tabular::schema::KINDS;
use tenure_tabular::testing::{canonical_table, run};

#[test]
fn a_workbook_of_canonical_sheets_maps_every_column_to_itself() {
    let dir = tempdir();
    let path = dir.join("canonical.xlsx");
    let mut wb = Workbook::new();
    for kind in KINDS {
        let (headers, rows) = canonical_table(kind);
        let ws = wb.add_worksheet();
        ws.set_name(kind.name).unwrap();
        // Reversed: the order of the columns does not matter.
        for (c, h) in headers.iter().rev().enumerate() {
            ws.write_string_only(0, c as u16, h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().rev().enumerate() {
                if !v.is_empty() {
                    ws.write_string_only(1 + r as u32, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save(path.to_str().unwrap()).unwrap();

    let d = ExcelImporter
        .describe(&path, &ImportOptions::default())
        .unwrap();
    assert_eq!(d.sheets.len(), KINDS.len());
    for (kind, sheet) in KINDS.iter().zip(&d.sheets) {
        assert_eq!(sheet.name.as_deref(), Some(kind.name));
        assert_eq!(sheet.kind.as_deref(), Some(kind.name));
        let mut mapping = sheet.mapping.clone();
        mapping.sort();
        let (headers, _) = canonical_table(kind);
        let mut expected: Vec<(String, String)> = headers
            .iter()
            .map(|h| (h.to_string(), h.to_string()))
            .collect();
        expected.sort();
        assert_eq!(mapping, expected, "{}", kind.name);
    }
    let (result, sink) = run(&ExcelImporter, &path, &ImportOptions::default());
    assert!(result.is_ok(), "{result:?}");
    let errors: Vec<_> = sink
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sink.records.len(), 3 * KINDS.len());
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tenure-excel-canonical-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
