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

use std::path::Path;
use tenure_plugin_api::{
    FileDescription, Flow, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem, Severity,
};
use tenure_tabular::aliases;
use tenure_tabular::delimited::file_name;
use tenure_tabular::{Origin, Outcome, describe_table, import_table};

/// The spreadsheet importer.
#[derive(Debug, Default, Clone, Copy)]
pub struct ExcelImporter;

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

use tenure_tabular::delimited::fatal;
pub use tenure_tabular::sheet::{SheetSource, to_cell};
use tenure_tabular::sheet::{open, sheet_names, sheet_range};

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
        PluginInfo::new(
            "excel",
            "Excel and OpenDocument spreadsheets",
            env!("CARGO_PKG_VERSION"),
        )
        .description("Workbooks (xlsx, xlsm, xlsb, xls, ods): each sheet a record kind, headers in English or Portuguese.")
        .extensions(EXTENSIONS.iter().copied())
        .kinds(aliases::KINDS.iter().map(|k| k.name))
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
                    let mut sheet = tenure_plugin_api::SheetDescription::default();
                    sheet.name = Some(name.clone());
                    sheet.problems = vec![p];
                    sheets.push(sheet);
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
        Ok(FileDescription::new(sheets))
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
