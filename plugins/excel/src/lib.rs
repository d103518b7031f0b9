//! Tenure's importer for spreadsheets: xlsx, xlsm, xlsb, xls and ods, read
//! with calamine. Each sheet is a table of one record kind (by the sheet's
//! name in English or Portuguese, or by its headers); the header row may sit
//! below title rows or start in a later column; empty rows are skipped;
//! date cells (1900 and 1904 systems), dates written as text and cached
//! formula values are read. Header aliases and value parsing are shared
//! with the CSV importer through `tenure-tabular`.

// `RowProblem` is the plugin API's one problem shape; boxing it would
// only move the allocation.
#![allow(clippy::result_large_err)]

use calamine::{Data, Range, Reader, open_workbook_auto};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use tenure_plugin_api::{
    FileDescription, Flow, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem, Severity,
};
use tenure_tabular::aliases;
use tenure_tabular::delimited::file_name;
use tenure_tabular::values::{self, DateTime, DayOrder};
use tenure_tabular::{Cell, Origin, Outcome, Row, RowSource, describe_table, import_table};

/// The spreadsheet importer.
#[derive(Debug, Default, Clone, Copy)]
pub struct ExcelImporter;

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn fatal(path: &Path, code: &str, message: String) -> RowProblem {
    let mut p = RowProblem::fatal(code, message);
    p.file = Some(file_name(path));
    p
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "internal error".to_string())
}

type Workbook = calamine::Sheets<std::io::BufReader<std::fs::File>>;

/// Opens a workbook; a broken file is a clear fatal problem, never a panic.
fn open(path: &Path) -> Result<Workbook, RowProblem> {
    let name = file_name(path);
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() == 0
    {
        return Err(fatal(
            path,
            "empty_file",
            format!("`{name}` is empty (0 bytes): it is not a spreadsheet."),
        ));
    }
    match catch_unwind(AssertUnwindSafe(|| open_workbook_auto(path))) {
        Ok(Ok(wb)) => Ok(wb),
        Ok(Err(e)) => {
            let text = e.to_string();
            let lower = text.to_lowercase();
            let (code, why) = if lower.contains("password") || lower.contains("encrypt") {
                (
                    "protected_workbook",
                    "it is password-protected or encrypted; save an unprotected copy and import that".to_string(),
                )
            } else {
                (
                    "unreadable_workbook",
                    format!("it is damaged or not a spreadsheet ({text})"),
                )
            };
            Err(fatal(
                path,
                code,
                format!("`{name}` cannot be read: {why}."),
            ))
        }
        Err(p) => Err(fatal(
            path,
            "unreadable_workbook",
            format!(
                "`{name}` cannot be read: the spreadsheet reader failed ({}).",
                panic_text(&*p)
            ),
        )),
    }
}

fn sheet_range(wb: &mut Workbook, path: &Path, sheet: &str) -> Result<Range<Data>, RowProblem> {
    let name = file_name(path);
    match catch_unwind(AssertUnwindSafe(|| wb.worksheet_range(sheet))) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(fatal(
            path,
            "unreadable_sheet",
            format!("`{name}`, sheet `{sheet}` cannot be read: {e}."),
        )),
        Err(p) => Err(fatal(
            path,
            "unreadable_sheet",
            format!(
                "`{name}`, sheet `{sheet}` cannot be read: the spreadsheet reader failed ({}).",
                panic_text(&*p)
            ),
        )),
    }
}

fn sheet_names(wb: &mut Workbook, path: &Path) -> Result<Vec<String>, RowProblem> {
    catch_unwind(AssertUnwindSafe(|| wb.sheet_names())).map_err(|p| {
        fatal(
            path,
            "unreadable_workbook",
            format!("`{}` cannot be read: {}.", file_name(path), panic_text(&*p)),
        )
    })
}

/// A calamine cell as a tabular cell.
pub fn to_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, mo, da, h, mi, s, _) = dt.to_ymd_hms_milli();
                let secs = u32::from(h) * 3600 + u32::from(mi) * 60 + u32::from(s);
                Cell::Date(DateTime {
                    year: i32::from(y),
                    month: u32::from(mo),
                    day: u32::from(da),
                    time: (secs > 0).then_some(secs),
                    offset_minutes: None,
                })
            } else {
                Cell::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => match values::parse_date(s, DayOrder::Dmy) {
            Some(d) => Cell::Date(d),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e:?}")),
    }
}

/// A sheet's range as rows with the row numbers Excel shows.
pub struct SheetSource {
    range: Range<Data>,
    next: usize,
}

impl SheetSource {
    pub fn new(range: Range<Data>) -> Self {
        SheetSource { range, next: 0 }
    }
}

impl RowSource for SheetSource {
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem> {
        let Some((r0, c0)) = self.range.start() else {
            return Ok(false);
        };
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return Ok(false);
        }
        let i = self.next;
        self.next += 1;
        row.line = u64::from(r0) + i as u64 + 1;
        row.cells.clear();
        row.cells.resize(c0 as usize, Cell::Empty);
        for j in 0..width {
            let cell = self.range.get((i, j)).map_or(Cell::Empty, to_cell);
            row.cells.push(cell);
        }
        while row.cells.last().is_some_and(|c| *c == Cell::Empty) {
            row.cells.pop();
        }
        Ok(true)
    }

    fn progress(&self) -> (u64, u64) {
        (self.next as u64, self.range.get_size().0 as u64)
    }
}

fn origin_for(path: &Path, sheet: &str) -> Origin {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Origin {
        file: file_name(path),
        sheet: Some(sheet.to_string()),
        strict_width: false,
        name_hint: aliases::kind_from_name(sheet).or_else(|| aliases::kind_from_name(&stem)),
    }
}

/// Forwards to the host's sink, remembering whether it asked to stop.
struct Forward<'a> {
    sink: &'a mut dyn RecordSink,
    cancelled: bool,
}

impl RecordSink for Forward<'_> {
    fn record(&mut self, record: tenure_plugin_api::EmittedRecord) -> Flow {
        let f = self.sink.record(record);
        self.cancelled |= f == Flow::Cancel;
        f
    }
    fn problem(&mut self, problem: RowProblem) -> Flow {
        let f = self.sink.problem(problem);
        self.cancelled |= f == Flow::Cancel;
        f
    }
    fn progress(&mut self, done: u64, total: u64) -> Flow {
        let f = self.sink.progress(done, total);
        self.cancelled |= f == Flow::Cancel;
        f
    }
}

impl Importer for ExcelImporter {
    fn info(&self) -> PluginInfo {
        PluginInfo {
            id: "excel".to_string(),
            name: "Excel and OpenDocument spreadsheets".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            description: "Workbooks (xlsx, xlsm, xlsb, xls, ods): each sheet a record kind, headers in English or Portuguese.".to_string(),
            extensions: EXTENSIONS.iter().map(|e| e.to_string()).collect(),
            kinds: aliases::KINDS.iter().map(|k| k.name.to_string()).collect(),
        }
    }

    fn detect(&self, path: &Path, head: &[u8]) -> u8 {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let known = EXTENSIONS.contains(&ext.as_str());
        let zip = head.starts_with(b"PK\x03\x04");
        let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if zip {
            if known && ext != "xls" {
                return 90;
            }
            if contains(b"xl/") || contains(b"application/vnd.oasis.opendocument.spreadsheet") {
                return 80;
            }
            return 20;
        }
        if ole {
            return if known { 90 } else { 60 };
        }
        // Old BIFF2-4 streams start with a BOF record.
        if ext == "xls"
            && head.len() >= 4
            && head[0] == 0x09
            && matches!(head[1], 0x00 | 0x02 | 0x04 | 0x08)
        {
            return 80;
        }
        if known { 10 } else { 0 }
    }

    fn describe(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        let mut wb = open(path)?;
        let mut sheets = Vec::new();
        for name in sheet_names(&mut wb, path)? {
            let range = match sheet_range(&mut wb, path, &name) {
                Ok(r) => r,
                Err(p) => {
                    sheets.push(tenure_plugin_api::SheetDescription {
                        name: Some(name.clone()),
                        problems: vec![p],
                        ..Default::default()
                    });
                    continue;
                }
            };
            let mut src = SheetSource::new(range);
            let origin = origin_for(path, &name);
            if let Some(d) = describe_table(&mut src, &origin, options)? {
                sheets.push(d);
            }
        }
        if sheets.is_empty() {
            return Err(fatal(
                path,
                "empty_file",
                format!("`{}` has no rows in any sheet.", file_name(path)),
            ));
        }
        Ok(FileDescription { sheets })
    }

    fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        let mut wb = open(path)?;
        let names = sheet_names(&mut wb, path)?;
        let mut imported = 0usize;
        let mut skipped: Vec<RowProblem> = Vec::new();
        let mut sink = Forward {
            sink,
            cancelled: false,
        };
        for name in &names {
            let range = match sheet_range(&mut wb, path, name) {
                Ok(r) => r,
                Err(p) => {
                    skipped.push(p);
                    continue;
                }
            };
            let mut src = SheetSource::new(range);
            let origin = origin_for(path, name);
            match import_table(&mut src, &origin, options, &mut sink) {
                Ok(Outcome::Done { .. }) => imported += 1,
                Ok(Outcome::Cancelled) => return Ok(()),
                Ok(Outcome::Empty) => {}
                Err(p) => skipped.push(p),
            }
            if sink.cancelled {
                return Ok(());
            }
        }
        if imported == 0 {
            return Err(match skipped.into_iter().next() {
                Some(p) => p,
                None => fatal(
                    path,
                    "empty_file",
                    format!("`{}` has no rows in any sheet.", file_name(path)),
                ),
            });
        }
        // Sheets that could not be read or told apart are skipped, and said so.
        for mut p in skipped {
            p.severity = Severity::Warning;
            p.message = format!("Sheet skipped: {}", p.message);
            if sink.problem(p) == Flow::Cancel {
                return Ok(());
            }
        }
        Ok(())
    }
}

tenure_plugin_api::export_importer!(ExcelImporter);
