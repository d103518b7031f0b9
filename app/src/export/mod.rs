//! Writing tables to CSV or XLSX (chosen by the file's extension), for the
//! GUI's export button and `tenure export`. No egui here.
//!
//! Text cells that start with `=`, `+`, `-` or `@` get a leading apostrophe,
//! so that a spreadsheet shows them as text instead of running them as a
//! formula (CSV injection). Numbers are written as numbers, unescaped.

mod csv;
pub mod sheets;
mod xlsx;

use crate::domain::{Date, Money};
use std::path::Path;

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// Written in currency units with two decimals (`1234.56`).
    Money(Money),
    /// Written as `YYYY-MM-DD`.
    Date(Date),
    Number(f64),
}

impl Cell {
    pub fn text(v: impl Into<String>) -> Cell {
        Cell::Text(v.into())
    }

    pub fn opt_text(v: &Option<String>) -> Cell {
        v.as_deref()
            .map_or(Cell::Empty, |t| Cell::Text(t.to_string()))
    }

    pub fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Cell) -> Cell {
        v.map_or(Cell::Empty, f)
    }
}

/// A table to write: a header row and data rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "`{0}` has neither a .csv nor a .xlsx extension; name the file with one of them to choose the format"
    )]
    UnknownFormat(String),
    #[error("{path} could not be written ({source}); check the folder exists and is writable")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} could not be written as XLSX ({message})")]
    Xlsx { path: String, message: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Would a spreadsheet read `text` as a formula? OWASP's CSV-injection
/// guidance: a cell that begins with `=`, `+`, `-`, `@`, a tab or a CR (an
/// LF too), or begins with those after leading spaces or control
/// characters, which spreadsheets skip before looking for a formula. The
/// CSV importer (`tenure_tabular`'s `unescape_formula`) applies the same
/// rule to take the mark off again.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['\t', '\r', '\n'])
        || text
            .trim_start_matches(|c: char| c == ' ' || c.is_control())
            .starts_with(['=', '+', '-', '@'])
}

/// A text value made safe for a CSV file read by a spreadsheet: `'` before
/// anything [`looks_like_formula`]. (XLSX cells are written as text cells,
/// which no spreadsheet evaluates: they need no mark.)
pub fn escape_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Writes `sheet` to `path` as CSV or XLSX, by the extension.
pub fn write(path: &Path, sheet: &Sheet) -> Result<(), ExportError> {
    match Format::of(path) {
        Some(Format::Csv) => csv::write(path, sheet),
        Some(Format::Xlsx) => xlsx::write(path, sheet),
        None => Err(ExportError::UnknownFormat(path.display().to_string())),
    }
}

#[cfg(test)]
mod tests;
