//! Survey-tool exports (Google Forms, SurveyMonkey, Delighted) as
//! `survey_response` records.
//!
//! Each tool's export is recognised by its header, its columns are chosen
//! (the person's `--map` wins over what the tool's layout says), and the
//! rows then go through the same [`import_table`] as every tabular file, with
//! the chosen columns forced. A survey kind that no column gives (the NPS
//! question of a Google Form) travels as one extra column, `Survey type`.
//!
//! What is confirmed about each format, and what is not, is written in the
//! plugins' READMEs (`plugins/google-forms`, `plugins/surveymonkey`,
//! `plugins/delighted`).

mod columns;
mod header;
mod values;

pub use columns::{Columns, choose_columns};
pub use header::{Header, detect, read_header, scale_of_question};
pub use values::{date_part, score_text};

use crate::delimited::{DelimitedSource, fatal, file_name};
use crate::encoding::TextEncoding;
use crate::table::{Cell, Origin, Outcome, Row, RowSource};
use crate::{describe_table, import_table};
use std::collections::BTreeMap;
use std::path::Path;
use tenure_plugin_api::{
    FileDescription, ImportOptions, PluginInfo, RecordSink, RowProblem, Severity, SheetDescription,
};

/// The survey tools this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    GoogleForms,
    SurveyMonkey,
    Delighted,
}

/// The name of the column that carries a survey kind no column gives.
pub const KIND_COLUMN: &str = "Survey type";

/// What `--map-value kind:*=nps` says: every row has this survey kind.
pub(crate) const ANY_VALUE: &str = "*";

impl Tool {
    pub fn id(self) -> &'static str {
        match self {
            Tool::GoogleForms => "google-forms",
            Tool::SurveyMonkey => "surveymonkey",
            Tool::Delighted => "delighted",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Tool::GoogleForms => "Google Forms",
            Tool::SurveyMonkey => "SurveyMonkey",
            Tool::Delighted => "Delighted",
        }
    }

    pub fn info(self) -> PluginInfo {
        let description = match self {
            Tool::GoogleForms => {
                "Google Forms responses downloaded as CSV (Timestamp, e-mail and one column per question): NPS, CSAT or CES answers. Pick the score and account columns once with --map; Tenure remembers them."
            }
            Tool::SurveyMonkey => {
                "SurveyMonkey 'All responses' CSV exports (Respondent ID, Collector ID, Start/End Date, two header rows): NPS, CSAT or CES answers."
            }
            Tool::Delighted => {
                "Delighted response CSV exports (Score, Comment, Permalink, person properties): NPS, CSAT or CES answers."
            }
        };
        PluginInfo::new(
            self.id(),
            format!("{} surveys", self.label()),
            env!("CARGO_PKG_VERSION"),
        )
        .description(description)
        .extensions(["csv"])
        .kinds(["survey_response"])
    }
}

/// The export's rows as the table reader sees them: the folded header
/// (plus `Survey type` when the kind is constant), dates cut to their date,
/// scores read from their labels.
struct SurveyRows {
    src: DelimitedSource,
    header: Option<Row>,
    columns: Columns,
    /// The export's own columns (without `Survey type`).
    columns_width: usize,
}

impl RowSource for SurveyRows {
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem> {
        if let Some(h) = self.header.take() {
            *row = h;
            return Ok(true);
        }
        if !self.src.next_row(row)? {
            return Ok(false);
        }
        if row.is_blank() {
            return Ok(true);
        }
        if let Some(d) = self.columns.date
            && let Some(Cell::Text(t)) = row.cells.get_mut(d)
        {
            *t = date_part(t);
        }
        if let Some(s) = self.columns.score
            && let Some(Cell::Text(t)) = row.cells.get_mut(s)
            && let Some(v) = score_text(t, self.columns.kind_constant)
        {
            *t = v;
        }
        if self.columns.kind.is_none()
            && let Some(k) = self.columns.kind_constant
        {
            // Only on rows as wide as the header: a short row stays short,
            // so that it is still reported as ragged.
            if row.cells.len() >= self.columns_width {
                row.cells.push(Cell::Text(k.to_string()));
            }
        }
        Ok(true)
    }

    fn progress(&self) -> (u64, u64) {
        self.src.progress()
    }
}

/// An opened export: its header, and the rows after it.
struct Opened {
    src: DelimitedSource,
    header: Header,
    file: String,
}

/// Binary content (a workbook, an image): control bytes that text has not.
fn looks_binary(path: &Path, encoding: TextEncoding) -> bool {
    use std::io::Read;
    if !matches!(encoding, TextEncoding::Utf8 | TextEncoding::Windows1252) {
        return false;
    }
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(4096).read_to_end(&mut head);
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
        .count();
    control > 8.max(head.len() / 20)
}

fn open(tool: Tool, path: &Path) -> Result<Opened, RowProblem> {
    let file = file_name(path);
    let mut src = DelimitedSource::open(path)?;
    if looks_binary(path, src.encoding()) {
        return Err(fatal(
            path,
            "not_text",
            format!(
                "`{file}` is not a CSV export (it looks binary); download the {} responses as CSV and import that file.",
                tool.label()
            ),
        ));
    }
    let mut records = Vec::new();
    while records.len() < if tool == Tool::SurveyMonkey { 2 } else { 1 } {
        match src.next_raw()? {
            Some((line, cells)) if cells.iter().any(|c| !c.trim().is_empty()) => {
                records.push((line, cells));
            }
            Some(_) => {}
            None => break,
        }
    }
    let mut header = read_header(tool, &records).ok_or_else(|| {
        fatal(
            path,
            "empty_file",
            format!("`{file}` is empty: it has no header row and no responses."),
        )
    })?;
    if header.rows < records.len() {
        // SurveyMonkey's second row was a response, not a header: read it again.
        src = DelimitedSource::open(path)?;
        while let Some((_, cells)) = src.next_raw()? {
            if cells.iter().any(|c| !c.trim().is_empty()) {
                break;
            }
        }
        header.rows = 1;
    }
    Ok(Opened { src, header, file })
}

/// How dates like `02/03/2025` are read when the person names no locale
/// and the column's values do not prove it: SurveyMonkey writes US dates
/// (month first); a Google Form's timestamps follow its spreadsheet's
/// language, which its first header shows (`Timestamp` / `Carimbo de
/// data/hora`). A value like `15/01/2025` in the column decides anyway.
fn default_locale(tool: Tool, header: &Header) -> Option<&'static str> {
    match tool {
        Tool::SurveyMonkey => Some("en"),
        Tool::GoogleForms if header.norm.first().is_some_and(|n| n == "timestamp") => Some("en"),
        Tool::GoogleForms => Some("pt-BR"),
        Tool::Delighted => None,
    }
}

fn table_options(
    tool: Tool,
    options: &ImportOptions,
    header: &Header,
    columns: &Columns,
) -> ImportOptions {
    let mut value_map: BTreeMap<String, BTreeMap<String, String>> = options.value_map.clone();
    for field in ["kind", "survey_kind"] {
        if let Some(m) = value_map.get_mut(field) {
            m.remove(ANY_VALUE);
        }
    }
    value_map.retain(|_, m| !m.is_empty());
    ImportOptions {
        kind: Some("survey_response".to_string()),
        map: columns.mapping(header),
        value_map,
        locale: options
            .locale
            .clone()
            .or_else(|| default_locale(tool, header).map(str::to_string)),
        currency: options.currency.clone(),
        preview_rows: options.preview_rows,
    }
}

fn rows(opened: Opened, columns: Columns) -> SurveyRows {
    let mut cells: Vec<Cell> = opened
        .header
        .names
        .iter()
        .map(|n| Cell::Text(n.clone()))
        .collect();
    let width = cells.len();
    if columns.kind.is_none() && columns.kind_constant.is_some() {
        cells.push(Cell::Text(KIND_COLUMN.to_string()));
    }
    SurveyRows {
        src: opened.src,
        header: Some(Row {
            line: opened.header.line,
            cells,
        }),
        columns,
        columns_width: width,
    }
}

/// The signature saved mappings are found by: the tool and the headers only.
pub fn header_signature(tool: Tool, header: &Header) -> String {
    format!("{}:{}", tool.id(), header.norm.join("|"))
}

fn origin(file: &str) -> Origin {
    Origin {
        file: file.to_string(),
        sheet: None,
        strict_width: true,
        name_hint: Some("survey_response"),
    }
}

/// `describe`: the header and the columns the import would read. A column
/// that cannot be chosen is a problem of the sheet (not an error), so that
/// Tenure can still find the mapping saved for these headers.
pub fn describe(
    tool: Tool,
    path: &Path,
    options: &ImportOptions,
) -> Result<FileDescription, RowProblem> {
    let opened = open(tool, path)?;
    let header = opened.header.clone();
    let signature = header_signature(tool, &header);
    let columns = match choose_columns(tool, &header, options, &opened.file) {
        Ok(c) => c,
        Err(mut problem) => {
            problem.severity = Severity::Error;
            let mut sheet = SheetDescription::default();
            sheet.header_row = Some(header.line);
            sheet.headers = header.names.clone();
            sheet.header_signature = signature;
            sheet.kind = Some("survey_response".to_string());
            sheet.unmapped = header.names.clone();
            sheet.problems = vec![problem];
            return Ok(FileDescription::new(vec![sheet]));
        }
    };
    let table = table_options(tool, options, &header, &columns);
    let file = opened.file.clone();
    let mut source = rows(opened, columns);
    let mut sheet = describe_table(&mut source, &origin(&file), &table)?.unwrap_or_default();
    sheet.header_signature = signature;
    sheet.headers = header.names;
    sheet.unmapped.retain(|u| u != KIND_COLUMN);
    Ok(FileDescription::new(vec![sheet]))
}

/// `import`: every response row as a `survey_response` record.
pub fn import(
    tool: Tool,
    path: &Path,
    options: &ImportOptions,
    sink: &mut dyn RecordSink,
) -> Result<(), RowProblem> {
    let opened = open(tool, path)?;
    let columns = choose_columns(tool, &opened.header, options, &opened.file)?;
    let table = table_options(tool, options, &opened.header, &columns);
    let file = opened.file.clone();
    let mut source = rows(opened, columns);
    match import_table(&mut source, &origin(&file), &table, sink)? {
        // A header and no response is an empty export, not an empty import.
        Outcome::Empty
        | Outcome::Done {
            records: 0,
            rejected: 0,
        } => Err(fatal(
            path,
            "empty_file",
            format!("`{file}` has a header but no responses."),
        )),
        Outcome::Done { .. } | Outcome::Cancelled => Ok(()),
    }
}

/// Declares a survey-tool importer type for a [`Tool`] and exports it as the
/// plugin library's entry point (once per cdylib crate):
///
/// ```ignore
/// tenure_tabular::survey_importer!(DelightedImporter, Delighted);
/// ```
#[macro_export]
macro_rules! survey_importer {
    ($ty:ident, $tool:ident) => {
        /// The importer; the reading is `tenure_tabular::survey`.
        #[derive(Debug, Default, Clone, Copy)]
        pub struct $ty;

        impl tenure_plugin_api::Importer for $ty {
            fn info(&self) -> tenure_plugin_api::PluginInfo {
                $crate::survey::Tool::$tool.info()
            }

            fn detect(&self, path: &std::path::Path, head: &[u8]) -> u8 {
                $crate::survey::detect($crate::survey::Tool::$tool, path, head)
            }

            fn describe(
                &self,
                path: &std::path::Path,
                options: &tenure_plugin_api::ImportOptions,
            ) -> Result<tenure_plugin_api::FileDescription, tenure_plugin_api::RowProblem> {
                $crate::survey::describe($crate::survey::Tool::$tool, path, options)
            }

            fn import(
                &self,
                path: &std::path::Path,
                options: &tenure_plugin_api::ImportOptions,
                sink: &mut dyn tenure_plugin_api::RecordSink,
            ) -> Result<(), tenure_plugin_api::RowProblem> {
                $crate::survey::import($crate::survey::Tool::$tool, path, options, sink)
            }
        }

        tenure_plugin_api::export_importer!($ty);
    };
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
    use super::*;

    #[test]
    fn a_surveymonkey_file_with_one_header_row_keeps_its_first_response() {
        let dir = std::env::temp_dir().join(format!("tenure-sm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("one-row.csv");
        std::fs::write(
            &path,
            "Respondent ID,Collector ID,End Date,Company,How likely are you to recommend us?\n\
             1,9,2025-01-05,A1,9\n2,9,2025-01-06,A2,7\n",
        )
        .unwrap();
        let mut sink = crate::CollectSink::default();
        import(
            Tool::SurveyMonkey,
            &path,
            &ImportOptions::default(),
            &mut sink,
        )
        .unwrap();
        let got: Vec<(Option<u64>, String, i64)> = sink
            .records
            .iter()
            .map(|r| {
                (
                    r.row,
                    r.record["account"].as_str().unwrap().to_string(),
                    r.record["score"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, [(Some(2), "A1".into(), 9), (Some(3), "A2".into(), 7)]);
        assert_eq!(sink.records[0].record["survey_kind"], "nps");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_export_without_responses_or_not_text_is_a_clear_fatal_problem() {
        let dir = std::env::temp_dir().join(format!("tenure-sv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let header_only = dir.join("header-only.csv");
        std::fs::write(&header_only, "Timestamp,Company,How likely to recommend?\n").unwrap();
        let binary = dir.join("binary.csv");
        std::fs::write(
            &binary,
            (0..2000u32).map(|i| (i % 7) as u8).collect::<Vec<u8>>(),
        )
        .unwrap();
        let run = |path: &Path| {
            import(
                Tool::GoogleForms,
                path,
                &ImportOptions::default(),
                &mut crate::CollectSink::default(),
            )
            .unwrap_err()
        };
        let p = run(&header_only);
        assert_eq!(
            (p.code.as_str(), p.message.as_str()),
            (
                "empty_file",
                "`header-only.csv` has a header but no responses."
            )
        );
        assert_eq!(run(&binary).code, "not_text");
        let _ = std::fs::remove_dir_all(dir);
    }
}
