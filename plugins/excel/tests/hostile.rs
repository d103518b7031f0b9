//! Hostile workbooks (issue 20), generated here: one cell at XFD1048576, a
//! shared-string table declaring 4,000,000,000 strings, zip bombs, a 50 MB
//! cell. Each is refused before calamine reads it, with one sentence naming
//! the file and the limit, quickly and in bounded memory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tenure_plugin_api::{ImportOptions, Importer, RowProblem};
use tenure_plugin_excel::ExcelImporter;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Accounts" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

fn sheet(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>"#;

fn strings(unique: &str, extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="{unique}"><si><t>external_id</t></si><si><t>name</t></si><si><t>A1</t></si><si><t>Acme</t></si>{extra}</sst>"#
    )
}

/// A workbook of these parts, deflated (a shared-string table over 40 MB
/// stored: deflating 50 MB in a debug build is slow).
fn workbook(name: &str, sheet_xml: &str, strings_xml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenure-hostile-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    for (part, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet_xml),
        ("xl/sharedStrings.xml", strings_xml),
    ] {
        let options = if part.contains("sharedStrings") && text.len() > (40 << 20) {
            stored
        } else {
            deflated
        };
        zip.start_file(part, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn refused(path: &std::path::Path) -> (RowProblem, Duration) {
    let started = Instant::now();
    let problem = ExcelImporter
        .describe(path, &ImportOptions::default())
        .expect_err("the workbook must be refused");
    let took = started.elapsed();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(problem.file.as_deref(), Some(name.as_str()));
    assert!(
        problem
            .message
            .starts_with(&format!("`{name}` cannot be read safely: ")),
        "{}",
        problem.message
    );
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(peak_mb() < 500, "{} MB", peak_mb());
    (problem, took)
}

#[test]
fn a_sane_workbook_still_reads() {
    let path = workbook("sane.xlsx", &sheet(HEADER_ROW), &strings("4", ""));
    let d = ExcelImporter
        .describe(&path, &ImportOptions::default())
        .unwrap();
    assert_eq!(d.sheets[0].headers, ["external_id", "name"]);
}

#[test]
fn one_cell_at_xfd1048576_is_refused_by_its_grid() {
    let rows = format!(r#"{HEADER_ROW}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
    let path = workbook("far.xlsx", &sheet(&rows), &strings("4", ""));
    assert!(std::fs::metadata(&path).unwrap().len() < 4096);
    let (p, _) = refused(&path);
    assert_eq!(p.code, "sparse_sheet");
    assert_eq!(
        p.message,
        "`far.xlsx` cannot be read safely: its part `xl/worksheets/sheet1.xml` has a cell at XFD1048576, far beyond the 5 cells it holds (a grid of 17,179,869,184 cells); delete the stray cell in the spreadsheet (Ctrl+End shows it) and save again."
    );
    // Also beyond Excel's grid altogether.
    let rows = format!(r#"{HEADER_ROW}<row r="3"><c r="ZZZ3"><v>1</v></c></row>"#);
    let (p, _) = refused(&workbook("wide.xlsx", &sheet(&rows), &strings("4", "")));
    assert_eq!(p.code, "cell_out_of_grid");
    assert!(
        p.message
            .contains("a cell at ZZZ3, beyond Excel's 1,048,576 rows and 16,384 columns")
    );
}

#[test]
fn four_billion_shared_strings_are_refused() {
    let path = workbook(
        "strings.xlsx",
        &sheet(HEADER_ROW),
        &strings("4000000000", ""),
    );
    let (p, _) = refused(&path);
    assert_eq!(p.code, "shared_strings_count");
    assert!(
        p.message
            .contains("declares 4,000,000,000 strings (uniqueCount)"),
        "{}",
        p.message
    );
    // Detection opens workbooks too: it answers without allocating 96 GB
    // (the shared strings are measured before calamine opens the file).
    let head = std::fs::read(&path).unwrap();
    let _ = ExcelImporter.detect(&path, &head);
    assert!(peak_mb() < 500, "{} MB", peak_mb());
}

#[test]
fn a_zip_bomb_is_refused_by_its_ratio() {
    // 64 MB of spaces deflate to about 64 KB (1,000 times).
    let padding = " ".repeat(64 << 20);
    let rows = format!("{HEADER_ROW}{padding}");
    let path = workbook("bomb.xlsx", &sheet(&rows), &strings("4", ""));
    assert!(std::fs::metadata(&path).unwrap().len() < (1 << 20));
    let (p, _) = refused(&path);
    assert_eq!(p.code, "zip_bomb");
    assert!(
        p.message
            .contains("its part `xl/worksheets/sheet1.xml` inflates to 64 MB from"),
        "{}",
        p.message
    );
}

#[test]
fn a_50_mb_cell_is_refused() {
    let big = format!("<si><t>{}</t></si>", "n".repeat(50 << 20));
    let path = workbook("bigcell.xlsx", &sheet(HEADER_ROW), &strings("5", &big));
    let (p, _) = refused(&path);
    assert_eq!(p.code, "cell_too_long");
    assert!(
        p.message
            .contains("its part `xl/sharedStrings.xml` holds a text of more than 1 MiB"),
        "{}",
        p.message
    );
}

/// An OpenDocument spreadsheet whose `content.xml` is `body` inside one
/// table (only the parts the guard and calamine look at).
fn ods(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenure-hostile-ods-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    zip.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Accounts">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

const ODS_HEADER: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>external_id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell></table:table-row>"#;

#[test]
fn repeated_ods_rows_are_refused_by_the_cells_they_make() {
    // 8 KB that calamine expanded to 90 million cells (3.3 GB asked).
    let body = format!(
        r#"{ODS_HEADER}<table:table-row table:number-rows-repeated="900000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
    );
    let path = ods("repeats.ods", &body);
    assert!(std::fs::metadata(&path).unwrap().len() < 4096);
    let (p, _) = refused(&path);
    assert_eq!(p.code, "sparse_sheet");
    assert_eq!(
        p.message,
        "`repeats.ods` cannot be read safely: its 3 cells, written with repeated rows and columns, make 90,000,202 cells to read (Tenure reads at most 8,000,000); delete the repeated rows and columns that are not data, or save it as xlsx, and import that."
    );
}

#[test]
fn ods_filler_rows_after_the_data_still_read() {
    // LibreOffice writes empty rows down to row 1,048,576: calamine keeps
    // none of them, and neither does the count.
    let body = format!(
        r#"{ODS_HEADER}<table:table-row><table:table-cell office:value-type="string"><text:p>A1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Acme</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
    );
    let path = ods("filler.ods", &body);
    let d = ExcelImporter
        .describe(&path, &ImportOptions::default())
        .unwrap();
    assert_eq!(d.sheets[0].headers, ["external_id", "name"]);
}

#[test]
fn a_compound_file_whose_sector_chain_loops_is_refused() {
    // Found by the long fuzz pass: a mutant of an encrypted workbook (an
    // OLE compound file) whose sector chain points back on itself, which
    // calamine followed until it asked for 2 GiB in one allocation.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz-looping-chain.xlsx");
    let (p, _) = refused(&fixture);
    assert_eq!(p.code, "damaged_workbook");
    assert!(p.message.contains("it is damaged ("), "{}", p.message);
    // Detection reads no further than the guard either.
    let head = std::fs::read(&fixture).unwrap();
    let _ = ExcelImporter.detect(&fixture, &head[..head.len().min(64 << 10)]);
    assert!(peak_mb() < 500, "{} MB", peak_mb());
}

/// An xlsb record: type and length in 7-bit groups, then the data.
fn xlsb_record(typ: u8, data: &[u8]) -> Vec<u8> {
    let mut out = vec![typ, data.len() as u8];
    out.extend_from_slice(data);
    out
}

#[test]
fn an_xlsb_cell_far_away_is_refused_by_its_grid() {
    // Row 1,000,000, column 4,000,000,000 (numbers in binary records, which
    // the XML scan does not see): calamine's grid of it was 4 × 10^15 cells.
    let mut sheet = xlsb_record(0x00, &0u32.to_le_bytes());
    let mut real = 1u32.to_le_bytes().to_vec();
    real.extend_from_slice(&[0; 12]);
    sheet.extend(xlsb_record(0x05, &real));
    sheet.extend(xlsb_record(0x00, &999_999u32.to_le_bytes()));
    let mut far = 4_000_000_000u32.to_le_bytes().to_vec();
    far.extend_from_slice(&[0; 12]);
    sheet.extend(xlsb_record(0x05, &far));
    let dir = std::env::temp_dir().join(format!("tenure-hostile-xlsb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("far.xlsb");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file("xl/worksheets/sheet1.bin", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&sheet).unwrap();
    zip.finish().unwrap();
    let (p, _) = refused(&path);
    assert_eq!(p.code, "cell_out_of_grid");
    assert!(p.message.contains("has a cell at "), "{}", p.message);
}

#[test]
fn the_fuzzers_xlsb_with_a_far_cell_is_refused() {
    // Found by the long fuzz pass before the xlsb guard: a mutant of a
    // shared xlsb whose cell record names a far column; calamine asked
    // for 13.7 GB in one allocation.
    // The second: cell records with no data, which calamine reads from
    // its buffer's stale bytes (a column in the billions: 429 GB asked).
    for name in ["fuzz-far-cell.xlsb", "fuzz-stale-buffer.xlsb"] {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let (p, _) = refused(&fixture);
        assert!(
            ["sparse_sheet", "cell_out_of_grid"].contains(&p.code.as_str()),
            "{name}: {p:?}"
        );
    }
}
