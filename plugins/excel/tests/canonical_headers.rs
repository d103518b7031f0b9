//! A workbook (XLSX and ODS) with one sheet per kind, each written exactly as the schema
//! names the kind's fields, maps every column to itself with no `--map`
//! and no `--kind`, sheet by sheet.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use rust_xlsxwriter::Workbook;
use tenure_plugin_api::{ImportOptions, Importer};
use tenure_plugin_excel::ExcelImporter;
use tenure_tabular::schema::KINDS;
use tenure_tabular::testing::{assert_all_rows_read, assert_maps_to_itself, canonical_table, run};

#[test]
fn a_workbook_of_canonical_sheets_maps_every_column_to_itself() {
    let dir = tempdir().join("xlsx");
    std::fs::create_dir_all(&dir).unwrap();
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
        assert_maps_to_itself(kind, sheet, kind.name);
    }
    let (result, sink) = run(&ExcelImporter, &path, &ImportOptions::default());
    assert_all_rows_read(&result, &sink, KINDS.len());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same sheets as an OpenDocument spreadsheet (LibreOffice's format):
/// a zip whose `content.xml` holds one `table:table` per sheet.
fn write_ods(path: &std::path::Path) {
    use std::io::Write;
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    for kind in KINDS {
        let (headers, rows) = canonical_table(kind);
        content.push_str(&format!(r#"<table:table table:name="{}">"#, kind.name));
        let mut row = |cells: Vec<String>| {
            content.push_str("<table:table-row>");
            for c in cells {
                if c.is_empty() {
                    content.push_str("<table:table-cell/>");
                } else {
                    content.push_str(&format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        escape(&c)
                    ));
                }
            }
            content.push_str("</table:table-row>");
        };
        row(headers.iter().map(|h| h.to_string()).collect());
        for r in rows {
            row(r);
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn an_ods_of_canonical_sheets_maps_every_column_to_itself() {
    let dir = tempdir().join("ods");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("canonical.ods");
    write_ods(&path);
    let d = ExcelImporter
        .describe(&path, &ImportOptions::default())
        .unwrap();
    assert_eq!(d.sheets.len(), KINDS.len());
    for (kind, sheet) in KINDS.iter().zip(&d.sheets) {
        assert_maps_to_itself(kind, sheet, kind.name);
    }
    let (result, sink) = run(&ExcelImporter, &path, &ImportOptions::default());
    assert_all_rows_read(&result, &sink, KINDS.len());
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tenure-excel-canonical-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
