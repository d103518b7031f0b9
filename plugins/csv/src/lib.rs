//! Tenure's importer for delimited text: CSV, semicolon-separated (pt-BR
//! exports with decimal commas), tab-separated and pipe-separated files.
//!
//! Encoding and delimiter are sniffed from the first 64 KiB; the file is
//! then read as a stream. Header aliases, kinds and value parsing come from
//! `tenure-tabular`, shared with the Excel importer.

// `RowProblem` is the plugin API's one problem shape; boxing it would
// only move the allocation.
#![allow(clippy::result_large_err)]

use std::path::Path;
use tenure_plugin_api::{
    FileDescription, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem,
};
use tenure_tabular::aliases;
use tenure_tabular::delimited::{DelimitedSource, HEAD_BYTES, file_name, sniff_layout};
use tenure_tabular::encoding::TextEncoding;
use tenure_tabular::{Origin, Outcome, describe_table, import_table};

/// The generic delimited-text importer.
#[derive(Debug, Default, Clone, Copy)]
pub struct CsvImporter;

const EXTENSIONS: [&str; 4] = ["csv", "tsv", "txt", "tab"];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether the first bytes look like a binary file (zip, OLE, PDF, many
/// control bytes) rather than text.
fn looks_binary(head: &[u8], encoding: TextEncoding) -> bool {
    const MAGIC: [&[u8]; 5] = [
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0",
        b"%PDF",
        b"\x7FELF",
        b"\x1F\x8B",
    ];
    if MAGIC.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    if matches!(encoding, TextEncoding::Utf8 | TextEncoding::Windows1252) {
        let control = head
            .iter()
            .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
            .count();
        return control > 8.max(head.len() / 20);
    }
    false
}

fn origin_for(path: &Path) -> Origin {
    let file = file_name(path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Origin {
        file,
        sheet: None,
        strict_width: true,
        name_hint: aliases::kind_from_name(&stem),
    }
}

fn open(path: &Path) -> Result<DelimitedSource, RowProblem> {
    let src = DelimitedSource::open(path)?;
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        use std::io::Read;
        let _ = f.take(4096).read_to_end(&mut head);
    }
    if looks_binary(&head, src.encoding()) {
        let mut p = RowProblem::fatal(
            "not_text",
            format!(
                "`{}` is not a delimited text file (it looks binary); export it as CSV, or use the Excel importer for workbooks.",
                file_name(path)
            ),
        );
        p.file = Some(file_name(path));
        return Err(p);
    }
    Ok(src)
}

fn empty_problem(path: &Path) -> RowProblem {
    let mut p = RowProblem::fatal(
        "empty_file",
        format!(
            "`{}` is empty: it has no header row and no data.",
            file_name(path)
        ),
    );
    p.file = Some(file_name(path));
    p
}

impl Importer for CsvImporter {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("csv", "CSV and delimited text", env!("CARGO_PKG_VERSION"))
            .description("Comma, semicolon, tab or pipe separated text in UTF-8, UTF-16 or Windows-1252, with headers in English or Portuguese.")
            .extensions(EXTENSIONS.iter().copied())
            .kinds(aliases::KINDS.iter().map(|k| k.name))
    }

    fn detect(&self, path: &Path, head: &[u8]) -> u8 {
        let head = &head[..head.len().min(HEAD_BYTES)];
        let ext = extension(path);
        let known_ext = EXTENSIONS.contains(&ext.as_str());
        if head.is_empty() {
            return if known_ext { 30 } else { 0 };
        }
        let layout = sniff_layout(head);
        if looks_binary(head, layout.encoding.encoding) {
            return 0;
        }
        let text = tenure_tabular::encoding::decode_all(head, layout.encoding);
        // A header row and at least one row split the same way.
        let mut reader = tenure_tabular::csv::CsvReader::new(text.as_bytes(), layout.delimiter);
        let mut rec = tenure_tabular::csv::RawRecord::default();
        let mut widths = Vec::new();
        while widths.len() < 20 {
            match reader.read_record(&mut rec) {
                Ok(true) if !rec.is_blank() => widths.push(rec.len()),
                Ok(true) => {}
                _ => break,
            }
        }
        let tabular = widths.len() >= 2 && widths.iter().filter(|w| **w >= 2).count() >= 2;
        match (tabular, known_ext) {
            (true, true) => 55,
            (true, false) => 45,
            (false, true) => 35,
            (false, false) => 5,
        }
    }

    fn describe(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        let mut src = open(path)?;
        let origin = origin_for(path);
        match describe_table(&mut src, &origin, options)? {
            Some(sheet) => Ok(FileDescription::new(vec![sheet])),
            None => Err(empty_problem(path)),
        }
    }

    fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        let mut src = open(path)?;
        let origin = origin_for(path);
        match import_table(&mut src, &origin, options, sink)? {
            Outcome::Empty => Err(empty_problem(path)),
            Outcome::Done { .. } | Outcome::Cancelled => Ok(()),
        }
    }
}

tenure_plugin_api::export_importer!(CsvImporter);
