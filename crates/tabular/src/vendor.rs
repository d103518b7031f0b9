//! A vendor's export formats (HubSpot, Salesforce, Pipedrive …) as header
//! tables, read through the generic [`table`](crate::table) machinery.
//!
//! A vendor importer declares a [`Spec`]: one [`Table`] per export (companies,
//! deals …) with the headers that prove the file is that export
//! (`markers`), the column behind each canonical field, and columns
//! [`Derived`] from several source columns (a status read from `IsWon` and
//! `IsClosed`). This module then
//! - finds the header row and the table it matches, in CSV text or in any
//!   sheet of a workbook, and answers `detect` with a confidence above the
//!   generic CSV (≤ 55) and Excel (≤ 90) importers;
//! - turns the table into `--kind` and `--map` options (the person's own
//!   `--map` entries win), appends the derived columns to every row, and
//!   lets [`import_table_with`] parse values, report row problems and put
//!   every column the table does not name into `custom` (accounts) — the
//!   generic alias tables are switched off, so nothing is guessed.
//!
//! Headers are compared "squashed": [`normalize`]d, then without spaces, so
//! `NumberOfEmployees`, `NUMBEROFEMPLOYEES` and `Number of Employees` are one
//! name, as are `Deal - Title` and `Deal Title`.

use crate::aliases::normalize;
use crate::csv::{CsvReader, RawRecord};
use crate::delimited::{DelimitedSource, HEAD_BYTES, file_name, sniff_layout};
use crate::sheet;
use crate::table::{Rules, describe_table_with, import_table_with};
use crate::{Cell, Origin, Outcome, Row, RowSource};
use std::path::Path;
use tenure_plugin_api::{
    FileDescription, Flow, ImportOptions, PluginInfo, RecordSink, RowProblem, Severity,
};

/// Rows looked at to find the header (the same as the generic importers).
use crate::table::HEADER_SCAN;
/// Sheet rows copied for that look (blank rows between titles included).
const PROBE_ROWS: u32 = 200;

/// A header reduced to what identifies it: normalized, spaces removed.
pub fn squash(header: &str) -> String {
    normalize(header).replace(' ', "")
}

/// A canonical field and the vendor headers that hold it, by preference.
#[derive(Debug)]
pub struct Column {
    pub field: &'static str,
    pub headers: &'static [&'static str],
}

/// Reads one row's cells by header, for [`Derived`] columns.
pub struct Lookup<'a> {
    names: &'a [String],
    row: &'a Row,
}

impl Lookup<'_> {
    /// The trimmed text of the first non-empty cell among the columns
    /// called `headers` (compared squashed, in the order given).
    pub fn text(&self, headers: &[&str]) -> Option<String> {
        headers.iter().find_map(|h| {
            let h = squash(h);
            self.names
                .iter()
                .enumerate()
                .filter(|(_, n)| **n == h)
                .find_map(|(i, _)| {
                    let c = self.row.cells.get(i)?;
                    (!c.is_empty()).then(|| c.display().trim().to_string())
                })
        })
    }

    /// Whether the file has a column called one of `headers`.
    pub fn has(&self, headers: &[&str]) -> bool {
        headers.iter().any(|h| self.names.contains(&squash(h)))
    }
}

/// A column computed from others, appended to every row under `header`.
#[derive(Debug)]
pub struct Derived {
    pub field: &'static str,
    /// The computed column's header, as messages name it.
    pub header: &'static str,
    /// Added when the file has one of these columns (empty: always).
    pub sources: &'static [&'static str],
    /// The cell's text (empty cell on `None`). Text the field cannot take
    /// is rejected by the generic reader with its usual message.
    pub compute: fn(&Lookup) -> Option<String>,
}

/// One export of a vendor: the record kind it becomes and its columns.
#[derive(Debug)]
pub struct Table {
    pub kind: &'static str,
    /// Shown to people: "HubSpot companies export".
    pub label: &'static str,
    /// Headers that identify this export; `min_markers` of them must be
    /// present.
    pub markers: &'static [&'static str],
    pub min_markers: usize,
    pub columns: &'static [Column],
    pub derived: &'static [Derived],
    /// Rows repeating an external id already read are that record again
    /// (a company's leads or contacts: one account per company), left out
    /// rather than rejected.
    pub group: bool,
}

/// A second kind of record read from the rows of a table (a company's
/// e-mail and phone columns → its contact), imported after the table's own
/// records, from the same header.
#[derive(Debug)]
pub struct Companion {
    /// The kind of the table it reads (`account`), or that table's label
    /// when the vendor has several tables of the kind.
    pub of: &'static str,
    /// The companion's kind, columns and derived columns (`markers` unused).
    pub table: Table,
    /// Rows that give no record of this kind (no e-mail and no phone) are
    /// left out rather than rejected.
    pub keep: fn(&Lookup) -> bool,
    /// Read before the table's own records rather than after: the accounts
    /// a payments file's rows refer to must exist before its purchases.
    pub first: bool,
}

/// Why a file must not be imported, from its squashed headers (`None`: it may).
pub type Refusal = fn(&[String]) -> Option<String>;

/// A vendor importer.
#[derive(Debug)]
pub struct Spec {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub tables: &'static [Table],
    /// A file this vendor writes that must not be imported (a Data Loader
    /// error file): returns why, from the squashed headers.
    pub refuse: Option<Refusal>,
    pub companions: &'static [Companion],
}

const TEXT_EXTENSIONS: [&str; 3] = ["csv", "txt", "tsv"];
const BOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_workbook(path: &Path, head: &[u8]) -> bool {
    BOOK_EXTENSIONS.contains(&extension(path).as_str())
        || head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The table a header row matches: (table, markers found).
fn match_row(spec: &Spec, names: &[String], kind: Option<&str>) -> Option<(&'static Table, usize)> {
    let mut best: Option<(&'static Table, usize, usize)> = None;
    for t in spec.tables {
        if kind.is_some_and(|k| k != t.kind) {
            continue;
        }
        let markers = t
            .markers
            .iter()
            .filter(|m| names.contains(&squash(m)))
            .count();
        if markers < t.min_markers {
            continue;
        }
        let mapped = t
            .columns
            .iter()
            .filter(|c| c.headers.iter().any(|h| names.contains(&squash(h))))
            .count();
        if best.is_none_or(|(_, m, c)| (markers, mapped) > (m, c)) {
            best = Some((t, markers, mapped));
        }
    }
    best.map(|(t, m, _)| (t, m))
}

fn row_names(row: &Row) -> Vec<String> {
    row.cells.iter().map(|c| squash(&c.display())).collect()
}

/// The header among the first rows: (row index, table, markers).
fn find(spec: &Spec, rows: &[Row], kind: Option<&str>) -> Option<(usize, &'static Table, usize)> {
    rows.iter()
        .take(HEADER_SCAN)
        .enumerate()
        .filter_map(|(i, r)| match_row(spec, &row_names(r), kind).map(|(t, m)| (i, t, m)))
        .max_by_key(|(i, _, m)| (*m, std::cmp::Reverse(*i)))
}

fn text_head_rows(head: &[u8]) -> Vec<Row> {
    let layout = sniff_layout(head);
    let text = crate::encoding::decode_all(head, layout.encoding);
    let mut reader = CsvReader::new(text.as_bytes(), layout.delimiter);
    let mut rec = RawRecord::default();
    let mut rows = Vec::new();
    let mut line = 0;
    while rows.len() < HEADER_SCAN {
        match reader.read_record(&mut rec) {
            Ok(true) => {
                line += 1;
                if !rec.is_blank() {
                    rows.push(Row {
                        line,
                        cells: rec.iter().map(|s| Cell::Text(s.to_string())).collect(),
                    });
                }
            }
            _ => break,
        }
    }
    rows
}

/// `detect`: 95–99 when the headers match one of the vendor's exports
/// (more identifying headers, higher), else 0.
pub fn detect(spec: &Spec, path: &Path, head: &[u8]) -> u8 {
    let head = &head[..head.len().min(HEAD_BYTES)];
    let rows = if is_workbook(path, head) {
        match sheet::head_rows(path, HEADER_SCAN) {
            Some(r) => r,
            None => return 0,
        }
    } else {
        text_head_rows(head)
    };
    match find(spec, &rows, None) {
        Some((_, t, m)) => 95 + (m - t.min_markers).min(4) as u8,
        None => 0,
    }
}

/// `info`: extensions are CSV text and workbooks; kinds are the tables'.
pub fn info(spec: &Spec) -> PluginInfo {
    let mut kinds: Vec<String> = Vec::new();
    for t in spec
        .tables
        .iter()
        .chain(spec.companions.iter().map(|c| &c.table))
    {
        if !kinds.iter().any(|k| k == t.kind) {
            kinds.push(t.kind.to_string());
        }
    }
    PluginInfo::new(spec.id, spec.name, env!("CARGO_PKG_VERSION"))
        .description(spec.description)
        .extensions(
            TEXT_EXTENSIONS
                .iter()
                .chain(BOOK_EXTENSIONS.iter())
                .copied(),
        )
        .kinds(kinds)
}

/// Appends the derived columns to the header and to every data row.
struct DerivedSource<'a> {
    inner: &'a mut dyn RowSource,
    header_line: u64,
    width: usize,
    names: Vec<String>,
    derived: Vec<&'static Derived>,
    /// Spreadsheets leave trailing empty cells out: pad to the header.
    pad: bool,
}

impl RowSource for DerivedSource<'_> {
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem> {
        if !self.inner.next_row(row)? {
            return Ok(false);
        }
        if self.derived.is_empty() || row.line < self.header_line || row.is_blank() {
            return Ok(true);
        }
        if row.line == self.header_line {
            row.cells.resize(self.width, Cell::Empty);
            for d in &self.derived {
                row.cells.push(Cell::Text(d.header.to_string()));
            }
            return Ok(true);
        }
        let values: Vec<Cell> = {
            let look = Lookup {
                names: &self.names,
                row,
            };
            self.derived
                .iter()
                .map(|d| (d.compute)(&look).map_or(Cell::Empty, Cell::Text))
                .collect()
        };
        if self.pad && row.cells.len() < self.width {
            row.cells.resize(self.width, Cell::Empty);
        }
        // A ragged text row keeps its width: the reader rejects it.
        if row.cells.len() == self.width {
            row.cells.extend(values);
        }
        Ok(true)
    }

    fn progress(&self) -> (u64, u64) {
        self.inner.progress()
    }
}

/// What one table (a CSV file or a sheet) is, once matched.
struct Matched {
    table: &'static Table,
    header_line: u64,
    width: usize,
    names: Vec<String>,
    headers: Vec<String>,
}

/// Reads the first rows of `open()`'s source and matches them.
fn match_source(
    spec: &Spec,
    src: &mut dyn RowSource,
    kind: Option<&str>,
) -> Result<Option<Result<Matched, Vec<String>>>, RowProblem> {
    let mut rows = Vec::new();
    let mut row = Row::default();
    while rows.len() < HEADER_SCAN && src.next_row(&mut row)? {
        if !row.is_blank() {
            rows.push(row.clone());
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(match find(spec, &rows, kind) {
        Some((i, table, _)) => {
            let h = &rows[i];
            let width = h
                .cells
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |p| p + 1);
            let headers: Vec<String> = h.cells[..width]
                .iter()
                .map(|c| c.display().trim().to_string())
                .collect();
            Ok(Matched {
                table,
                header_line: h.line,
                width,
                names: headers.iter().map(|x| squash(x)).collect(),
                headers,
            })
        }
        None => Err(rows[0]
            .cells
            .iter()
            .map(|c| c.display().into_owned())
            .collect()),
    }))
}

/// The options the generic reader gets: the table's kind and columns, with
/// the person's `--map` entries first (they win).
fn plan_options(
    m: &Matched,
    table: &'static Table,
    options: &ImportOptions,
) -> (ImportOptions, Vec<&'static Derived>) {
    let mut opts = options.clone();
    opts.kind = Some(table.kind.to_string());
    let person: Vec<String> = options
        .map
        .iter()
        .map(|(f, _)| f.trim().to_string())
        .collect();
    let taken = |field: &str| {
        person
            .iter()
            .any(|p| p == field || (field == "kind" && p.ends_with("_kind")))
    };
    for c in table.columns {
        if taken(c.field) {
            continue;
        }
        if let Some(i) = c
            .headers
            .iter()
            .find_map(|h| m.names.iter().position(|n| *n == squash(h)))
        {
            opts.map.push((c.field.to_string(), m.headers[i].clone()));
        }
    }
    let mut derived = Vec::new();
    for d in table.derived {
        let present =
            d.sources.is_empty() || d.sources.iter().any(|s| m.names.contains(&squash(s)));
        // A person's (or a saved) mapping may name the derived column itself.
        let named = options
            .map
            .iter()
            .any(|(_, c)| squash(c) == squash(d.header));
        let free = !taken(d.field) && !opts.map.iter().any(|(f, _)| f == d.field);
        if present && (named || free) {
            if !named {
                opts.map.push((d.field.to_string(), d.header.to_string()));
            }
            derived.push(d);
        }
    }
    (opts, derived)
}

fn not_this_vendor(spec: &Spec, path: &Path, headers: &[String]) -> RowProblem {
    let mut shown: Vec<String> = headers.iter().take(12).cloned().collect();
    if headers.len() > 12 {
        shown.push(format!("and {} more", headers.len() - 12));
    }
    let labels: Vec<&str> = spec.tables.iter().map(|t| t.label).collect();
    crate::delimited::fatal(
        path,
        "not_a_vendor_export",
        format!(
            "`{}` is not a {} export this importer knows ({}); its first row is: {}. Import it with the csv or excel importer and --map, or re-export it from {} with the standard columns.",
            file_name(path),
            spec.name,
            labels.join(", "),
            shown.join(", "),
            spec.name
        ),
    )
}

fn check_refusal(spec: &Spec, path: &Path, m: &Matched) -> Result<(), RowProblem> {
    if let Some(refuse) = spec.refuse
        && let Some(why) = refuse(&m.names)
    {
        let mut p = crate::delimited::fatal(
            path,
            "refused_file",
            format!("`{}`: {}", file_name(path), why),
        );
        p.row = Some(m.header_line);
        return Err(p);
    }
    Ok(())
}

/// One table (a CSV file or a sheet): its rows, first for a look at the
/// header (`true`), then for reading (`false`).
type Opener<'a> = dyn FnMut(bool) -> Result<Box<dyn RowSource>, RowProblem> + 'a;

enum Step<'a> {
    Describe(&'a mut Vec<tenure_plugin_api::SheetDescription>),
    Import(&'a mut dyn RecordSink),
}

/// Reads one table: matches its header, then describes or imports it.
/// `Ok(false)` when it does not match (the headers are returned through
/// `unmatched`).
fn run_table(
    spec: &Spec,
    path: &Path,
    sheet: Option<&str>,
    open: &mut Opener,
    options: &ImportOptions,
    step: &mut Step,
    unmatched: &mut Option<Vec<String>>,
) -> Result<Option<Outcome>, RowProblem> {
    let mut probe = open(true)?;
    let m = match match_source(spec, probe.as_mut(), options.kind.as_deref())? {
        None => return Ok(Some(Outcome::Empty)),
        Some(Err(headers)) => {
            unmatched.get_or_insert(headers);
            return Ok(None);
        }
        Some(Ok(m)) => m,
    };
    check_refusal(spec, path, &m)?;
    let (opts, derived) = plan_options(&m, m.table, options);
    let companions: Vec<&'static Companion> = match step {
        Step::Import(_) => spec
            .companions
            .iter()
            .filter(|c| c.of == m.table.kind || c.of == m.table.label)
            .collect(),
        Step::Describe(_) => Vec::new(),
    };
    let mut inner = open(false)?;
    let mut src = DerivedSource {
        inner: inner.as_mut(),
        header_line: m.header_line,
        width: m.width,
        names: m.names.clone(),
        derived,
        pad: sheet.is_some(),
    };
    let origin = Origin {
        file: file_name(path),
        sheet: sheet.map(str::to_string),
        strict_width: sheet.is_none(),
        name_hint: None,
    };
    let rules = Rules {
        header_line: Some(m.header_line),
        generic_aliases: false,
        also_read: src
            .derived
            .iter()
            .flat_map(|d| d.sources.iter())
            .filter_map(|s| m.names.iter().position(|n| *n == squash(s)))
            .map(|i| m.headers[i].clone())
            .collect(),
        group_repeats: m.table.group,
        derived_from: Some(m.width),
        custom: true,
    };
    match step {
        Step::Describe(out) => {
            if let Some(mut d) = describe_table_with(&mut src, &origin, &opts, &rules)? {
                // The file's own headers only: derived columns depend on the
                // options, and saved mappings are found by this signature.
                d.header_signature = m
                    .headers
                    .iter()
                    .map(|h| normalize(h))
                    .collect::<Vec<_>>()
                    .join("|");
                out.push(d);
            }
            Ok(Some(Outcome::Done {
                records: 0,
                rejected: 0,
            }))
        }
        Step::Import(sink) => {
            for companion in companions.iter().filter(|c| c.first) {
                if let Outcome::Cancelled =
                    import_companion(companion, &m, sheet, open, options, &origin, *sink)?
                {
                    return Ok(Some(Outcome::Cancelled));
                }
            }
            let outcome = import_table_with(&mut src, &origin, &opts, &rules, *sink)?;
            if !matches!(outcome, Outcome::Done { .. }) {
                return Ok(Some(outcome));
            }
            for companion in companions.iter().filter(|c| !c.first) {
                if let Outcome::Cancelled =
                    import_companion(companion, &m, sheet, open, options, &origin, *sink)?
                {
                    return Ok(Some(Outcome::Cancelled));
                }
            }
            Ok(Some(outcome))
        }
    }
}

/// The rows a companion keeps, with its derived columns: a second pass
/// over the table.
struct CompanionSource<'a> {
    inner: DerivedSource<'a>,
    keep: fn(&Lookup) -> bool,
}

impl RowSource for CompanionSource<'_> {
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem> {
        loop {
            if !self.inner.next_row(row)? {
                return Ok(false);
            }
            if row.line <= self.inner.header_line || row.is_blank() {
                return Ok(true);
            }
            let look = Lookup {
                names: &self.inner.names,
                row,
            };
            if (self.keep)(&look) {
                return Ok(true);
            }
        }
    }

    fn progress(&self) -> (u64, u64) {
        self.inner.progress()
    }
}

fn import_companion(
    companion: &'static Companion,
    m: &Matched,
    sheet: Option<&str>,
    open: &mut Opener,
    options: &ImportOptions,
    origin: &Origin,
    sink: &mut dyn RecordSink,
) -> Result<Outcome, RowProblem> {
    // The person's --map names the main table's fields, not these.
    let own = ImportOptions {
        map: Vec::new(),
        value_map: Default::default(),
        ..options.clone()
    };
    let (opts, derived) = plan_options(m, &companion.table, &own);
    let mut inner = open(false)?;
    let mut src = CompanionSource {
        inner: DerivedSource {
            inner: inner.as_mut(),
            header_line: m.header_line,
            width: m.width,
            names: m.names.clone(),
            derived,
            pad: sheet.is_some(),
        },
        keep: companion.keep,
    };
    let rules = Rules {
        header_line: Some(m.header_line),
        generic_aliases: false,
        also_read: m.headers.clone(),
        group_repeats: companion.table.group,
        derived_from: Some(m.width),
        custom: !companion.first,
    };
    import_table_with(&mut src, origin, &opts, &rules, sink)
}

fn empty_file(path: &Path) -> RowProblem {
    crate::delimited::fatal(
        path,
        "empty_file",
        format!("`{}` has no rows: nothing to import.", file_name(path)),
    )
}

/// Runs `step` over every table of the file. Workbooks: sheets that do not
/// match are skipped (a warning when importing); none matching is fatal.
fn run(
    spec: &Spec,
    path: &Path,
    options: &ImportOptions,
    mut step: Step,
) -> Result<(), RowProblem> {
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        use std::io::Read;
        let _ = f.take(8).read_to_end(&mut head);
    }
    let mut unmatched = None;
    if !is_workbook(path, &head) {
        let mut open = |_probe: bool| -> Result<Box<dyn RowSource>, RowProblem> {
            Ok(Box::new(DelimitedSource::open(path)?))
        };
        return match run_table(
            spec,
            path,
            None,
            &mut open,
            options,
            &mut step,
            &mut unmatched,
        )? {
            None => Err(not_this_vendor(spec, path, &unmatched.unwrap_or_default())),
            Some(Outcome::Empty) => Err(empty_file(path)),
            Some(_) => Ok(()),
        };
    }
    let mut wb = sheet::open(path)?;
    let names = sheet::sheet_names(&mut wb, path)?;
    let mut matched = 0;
    let mut skipped: Vec<String> = Vec::new();
    for name in &names {
        let range = match sheet::sheet_range(&mut wb, path, name) {
            Ok(r) => r,
            Err(p) => {
                skipped.push(p.message);
                continue;
            }
        };
        // The look at the header gets a copy of the first rows only; the
        // reading gets the sheet itself (a whole copy costs seconds at 100k rows).
        let mut whole = Some(range);
        let mut open = |probe: bool| -> Result<Box<dyn RowSource>, RowProblem> {
            let range = match (&whole, probe) {
                (Some(r), true) => match (r.start(), r.end()) {
                    (Some(start), Some(end)) => {
                        let last = end.0.min(start.0.saturating_add(PROBE_ROWS));
                        r.range(start, (last, end.1))
                    }
                    _ => r.clone(),
                },
                // A companion reads the sheet a second time.
                _ if !spec.companions.is_empty() => whole.clone().unwrap_or_default(),
                _ => whole.take().unwrap_or_default(),
            };
            Ok(Box::new(sheet::SheetSource::new(range)))
        };
        match run_table(
            spec,
            path,
            Some(name),
            &mut open,
            options,
            &mut step,
            &mut unmatched,
        )? {
            Some(Outcome::Cancelled) => return Ok(()),
            Some(Outcome::Done { .. }) => matched += 1,
            Some(Outcome::Empty) => {}
            None => skipped.push(format!(
                "sheet `{name}` is not a {} export; it was skipped.",
                spec.name
            )),
        }
    }
    if matched == 0 {
        return Err(match unmatched {
            Some(h) => not_this_vendor(spec, path, &h),
            None => empty_file(path),
        });
    }
    if let Step::Import(sink) = &mut step {
        for why in skipped {
            let mut p = crate::delimited::fatal(path, "sheet_skipped", why);
            p.severity = Severity::Warning;
            if sink.problem(p) == Flow::Cancel {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// `describe` for a vendor importer.
pub fn describe(
    spec: &Spec,
    path: &Path,
    options: &ImportOptions,
) -> Result<FileDescription, RowProblem> {
    let mut sheets = Vec::new();
    run(spec, path, options, Step::Describe(&mut sheets))?;
    Ok(FileDescription::new(sheets))
}

/// `import` for a vendor importer.
pub fn import(
    spec: &Spec,
    path: &Path,
    options: &ImportOptions,
    sink: &mut dyn RecordSink,
) -> Result<(), RowProblem> {
    run(spec, path, options, Step::Import(sink))
}

/// Helpers for [`Derived`] columns: the conventions CRMs share.
pub mod conventions {
    use crate::aliases::normalize;

    /// The first entry of a list cell (`123;456` → `123`): association
    /// columns list every linked record, the first is the primary one.
    pub fn first_of_list(text: &str) -> String {
        text.split([';', ','])
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string()
    }

    /// `won` / `lost` when a stage or status names a closed outcome, in
    /// English or Portuguese (`Closed Won`, `closedlost`, `Ganho`,
    /// `Vendida`, `Perdida`); `None` for any other stage.
    pub fn closed_outcome(stage: &str) -> Option<&'static str> {
        let n = normalize(stage).replace(' ', "");
        if n.contains("won") || n.contains("ganh") || n.contains("vendid") {
            Some("won")
        } else if n.contains("lost") || n.contains("perdid") {
            Some("lost")
        } else {
            None
        }
    }

    /// The deal kind of CRMs whose deals carry no new/upsell/renewal type
    /// (Pipedrive, Agendor, RD Station CRM): new business, unless the
    /// person maps the value (`--map-value kind:new=upsell`).
    pub fn new_business(_: &super::Lookup) -> Option<String> {
        Some("new".to_string())
    }
}

/// Declares a vendor importer type for a [`Spec`] and exports it as the
/// plugin library's entry point (once per cdylib crate):
///
/// ```ignore
/// tenure_tabular::vendor_importer!(HubSpotImporter, SPEC);
/// ```
#[macro_export]
macro_rules! vendor_importer {
    ($ty:ident, $spec:path) => {
        /// The importer; its formats are the tables of its spec.
        #[derive(Debug, Default, Clone, Copy)]
        pub struct $ty;

        impl tenure_plugin_api::Importer for $ty {
            fn info(&self) -> tenure_plugin_api::PluginInfo {
                $crate::vendor::info(&$spec)
            }

            fn detect(&self, path: &std::path::Path, head: &[u8]) -> u8 {
                $crate::vendor::detect(&$spec, path, head)
            }

            fn describe(
                &self,
                path: &std::path::Path,
                options: &tenure_plugin_api::ImportOptions,
            ) -> Result<tenure_plugin_api::FileDescription, tenure_plugin_api::RowProblem> {
                $crate::vendor::describe(&$spec, path, options)
            }

            fn import(
                &self,
                path: &std::path::Path,
                options: &tenure_plugin_api::ImportOptions,
                sink: &mut dyn tenure_plugin_api::RecordSink,
            ) -> Result<(), tenure_plugin_api::RowProblem> {
                $crate::vendor::import(&$spec, path, options, sink)
            }
        }

        tenure_plugin_api::export_importer!($ty);
    };
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::conventions::{closed_outcome, first_of_list};
    use super::*;
    use crate::CollectSink;

    fn status(look: &Lookup) -> Option<String> {
        let s = look.text(&["Deal Stage"])?;
        Some(closed_outcome(&s).unwrap_or("open").to_string())
    }

    static SPEC: Spec = Spec {
        id: "t",
        name: "Test CRM",
        description: "",
        tables: &[Table {
            kind: "opportunity",
            group: false,
            label: "deals",
            markers: &["Deal Key", "Deal Stage"],
            min_markers: 2,
            columns: &[
                Column {
                    field: "external_id",
                    headers: &["Deal Key"],
                },
                Column {
                    field: "account",
                    headers: &["Company"],
                },
            ],
            derived: &[
                Derived {
                    field: "status",
                    header: "Status (from Stage)",
                    sources: &["Deal Stage"],
                    compute: status,
                },
                Derived {
                    field: "kind",
                    header: "Kind",
                    sources: &[],
                    compute: |_| Some("new".into()),
                },
            ],
        }],
        refuse: None,
        companions: &[],
    };

    fn file(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tenure-vendor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn squashed_names_match_across_spellings() {
        assert_eq!(squash("NumberOfEmployees"), squash("NUMBEROFEMPLOYEES"));
        assert_eq!(squash("Number of Employees"), "numberofemployees");
        assert_eq!(squash("Deal - Title"), squash("Deal Title"));
        assert_eq!(squash("Nome "), "nome");
        assert_eq!(squash("País/Região"), "paisregiao");
    }

    #[test]
    fn conventions() {
        assert_eq!(first_of_list(" 12; 13"), "12");
        assert_eq!(first_of_list(""), "");
        assert_eq!(closed_outcome("Closed Won (Sales Pipeline)"), Some("won"));
        assert_eq!(closed_outcome("closedlost"), Some("lost"));
        assert_eq!(closed_outcome("Vendida"), Some("won"));
        assert_eq!(closed_outcome("Negócio perdido"), Some("lost"));
        assert_eq!(closed_outcome("Proposal sent"), None);
    }

    #[test]
    fn header_below_a_title_derived_columns_and_ragged_rows() {
        let path = file(
            "deals.csv",
            "Exported 2025-01-31\n\nDeal Key,Deal Stage,Company\nD1,Closed Won,Acme\nD2,Demo,Beta\nD3,Demo\n",
        );
        assert_eq!(detect(&SPEC, &path, &std::fs::read(&path).unwrap()), 95);
        let mut sink = CollectSink::default();
        import(&SPEC, &path, &ImportOptions::default(), &mut sink).unwrap();
        let recs: Vec<_> = sink
            .records
            .iter()
            .map(|r| (r.row, r.record.clone()))
            .collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].0, Some(4));
        assert_eq!(
            recs[0].1,
            serde_json::json!({"kind": "opportunity", "external_id": "D1", "account": "Acme",
                "status": "won", "opportunity_kind": "new"})
        );
        assert_eq!(recs[1].1["status"], "open");
        // Line 6 lacks a cell: rejected as ragged, not shifted.
        let ragged: Vec<_> = sink
            .problems
            .iter()
            .filter(|p| p.code == "ragged_row")
            .collect();
        assert_eq!(ragged.len(), 1);
        assert_eq!(ragged[0].row, Some(6));
    }

    #[test]
    fn the_persons_map_wins_over_the_table() {
        let path = file(
            "deals2.csv",
            "Deal Key,Deal Stage,Company,Other\nD1,Closed Lost,Acme,Zeta\n",
        );
        let options = ImportOptions {
            map: vec![("account".into(), "Other".into())],
            ..ImportOptions::default()
        };
        let mut sink = CollectSink::default();
        import(&SPEC, &path, &options, &mut sink).unwrap();
        assert_eq!(sink.records[0].record["account"], "Zeta");
        let d = describe(&SPEC, &path, &ImportOptions::default()).unwrap();
        assert_eq!(d.sheets[0].kind.as_deref(), Some("opportunity"));
        assert!(
            d.sheets[0]
                .mapping
                .contains(&("status".to_string(), "Status (from Stage)".to_string()))
        );
        assert_eq!(
            d.sheets[0].header_signature,
            "deal key|deal stage|company|other"
        );
        // Describe's whole mapping given back as the person's (a confirmed
        // mapping reused): the same records, the same signature.
        let confirmed = ImportOptions {
            map: d.sheets[0].mapping.clone(),
            ..ImportOptions::default()
        };
        let again = describe(&SPEC, &path, &confirmed).unwrap();
        assert_eq!(
            again.sheets[0].header_signature,
            d.sheets[0].header_signature
        );
        let mut sink = CollectSink::default();
        import(&SPEC, &path, &confirmed, &mut sink).unwrap();
        assert_eq!(
            sink.records[0].record,
            serde_json::json!({"kind": "opportunity", "external_id": "D1", "account": "Acme",
                "status": "lost", "opportunity_kind": "new"})
        );
    }

    #[test]
    fn a_file_of_another_shape_is_refused_by_name() {
        let path = file("other.csv", "a,b\n1,2\n");
        assert_eq!(detect(&SPEC, &path, b"a,b\n1,2\n"), 0);
        let err = import(
            &SPEC,
            &path,
            &ImportOptions::default(),
            &mut CollectSink::default(),
        )
        .unwrap_err();
        assert_eq!(err.code, "not_a_vendor_export");
        assert!(err.message.contains("other.csv") && err.message.contains("Test CRM"));
    }
}
