//! From rows of cells to records: finding the header row, choosing the
//! record kind and the column of each field, reading each column's values
//! the way its values show (decimal comma or dot, day or month first), and
//! turning every row into a record or into row problems.

use crate::aliases::{self, Field, FieldType, KindDef, normalize};
use crate::fields::Fields;
use crate::values::{
    self, DateEvidence, DateTime, DayOrder, Decimal, DecimalStyle, NumberEvidence,
};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use tenure_plugin_api::{
    EmittedRecord, FieldRecord, Flow, ImportOptions, RecordSink, RowProblem, Severity,
    SheetDescription,
};

/// One cell as a file gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(DateTime),
    /// A spreadsheet error value (`#DIV/0!`).
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => values::trim(s).is_empty(),
            _ => false,
        }
    }

    /// The cell as text a person would see.
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(values::trim(s)),
            Cell::Number(v) => {
                Cow::Owned(Decimal::from_f64(*v).map_or_else(|| v.to_string(), |d| d.to_text()))
            }
            Cell::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Cell::Date(d) => Cow::Owned(if d.time.is_some() {
                d.instant_text()
            } else {
                d.date_text()
            }),
            Cell::Error(e) => Cow::Borrowed(e.as_str()),
        }
    }
}

/// A row: the line (or spreadsheet row) number a person sees, and its cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<Cell>,
}

impl Row {
    /// Sets cell `i` to text, reusing its allocation.
    pub fn set_text(&mut self, i: usize, text: &str) {
        if i < self.cells.len() {
            if let Cell::Text(s) = &mut self.cells[i] {
                s.clear();
                s.push_str(text);
                return;
            }
            self.cells[i] = Cell::Text(text.to_string());
        } else {
            self.cells.push(Cell::Text(text.to_string()));
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
}

/// Where rows come from: a CSV file, a sheet.
pub trait RowSource {
    /// Reads the next row into `row`; false at the end.
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem>;
    /// Work done and total (bytes or rows; total 0 when unknown).
    fn progress(&self) -> (u64, u64);
}

/// What the rows are: file name, sheet, and how strictly to read them.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The file's name as the person knows it.
    pub file: String,
    pub sheet: Option<String>,
    /// Delimited text: a row with more or fewer cells than the header is
    /// an error (spreadsheets leave trailing cells out, text does not).
    pub strict_width: bool,
    /// Kind suggested by the file or sheet name.
    pub name_hint: Option<&'static str>,
}

impl Origin {
    pub fn problem(
        &self,
        severity: Severity,
        row: Option<u64>,
        column: Option<&str>,
        code: &str,
        message: impl Into<String>,
    ) -> RowProblem {
        RowProblem {
            severity,
            file: Some(self.file.clone()),
            sheet: self.sheet.clone(),
            row,
            column: column.map(str::to_string),
            code: code.to_string(),
            message: message.into(),
            args: Default::default(),
        }
    }

    fn where_(&self) -> String {
        match &self.sheet {
            Some(s) => format!("`{}`, sheet `{}`", self.file, s),
            None => format!("`{}`", self.file),
        }
    }
}

/// Spreadsheet column letters: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Rows looked at for the header.
pub const HEADER_SCAN: usize = 30;
/// Data rows looked at to decide each column's number and date styles.
pub const SAMPLE_ROWS: usize = 1000;

/// Picks the header row among the first rows: the first one that names at
/// least two known fields (the one naming most), else the first row that
/// fills at least half of the widest row (title lines fill one cell).
pub fn find_header(rows: &[Row]) -> Option<usize> {
    let scan = &rows[..rows.len().min(HEADER_SCAN)];
    let mut best: Option<(usize, usize)> = None;
    for (i, r) in scan.iter().enumerate() {
        let names: Vec<String> = r
            .cells
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) if !t.trim().is_empty() => Some(normalize(t)),
                _ => None,
            })
            .collect();
        let mut hits = 0;
        for n in &names {
            if aliases::KINDS
                .iter()
                .any(|k| k.fields.iter().any(|f| f.aliases.contains(&n.as_str())))
            {
                hits += 1;
            }
        }
        if hits >= 2 && best.is_none_or(|(h, _)| hits > h) {
            best = Some((hits, i));
        }
    }
    if let Some((_, i)) = best {
        return Some(i);
    }
    let widest = scan.iter().map(Row::filled).max()?;
    let need = widest.div_ceil(2).max(if widest >= 2 { 2 } else { 1 });
    scan.iter().position(|r| r.filled() >= need)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusMeaning {
    /// Yes means churned (a column named Churn, Exited, Cancelado).
    YesIsChurned,
    /// Yes means active (a column named Active, Ativo).
    YesIsActive,
    /// Words: Active, Inativo, Former customer …
    Words,
}

fn status_meaning(header: &str) -> StatusMeaning {
    let n = normalize(header);
    let words: Vec<&str> = n.split(' ').collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&[
        "churn",
        "churned",
        "exited",
        "cancelado",
        "cancelada",
        "cancelou",
        "cancelled",
        "canceled",
        "inativo",
        "inactive",
        "churnou",
        "perdido",
        "lost",
    ]) {
        StatusMeaning::YesIsChurned
    } else if has(&["active", "ativo", "ativa", "current"]) {
        StatusMeaning::YesIsActive
    } else {
        StatusMeaning::Words
    }
}

fn status_word(text: &str) -> Option<&'static str> {
    let n = normalize(text);
    match n.as_str() {
        "active" | "ativo" | "ativa" | "customer" | "cliente" | "current" | "current customer"
        | "live" | "paying" | "em dia" | "adimplente" | "retained" | "renewed" | "renovado"
        | "ok" => Some("active"),
        "churned" | "churn" | "inactive" | "inativo" | "inativa" | "former customer" | "former"
        | "ex cliente" | "excliente" | "cancelled" | "canceled" | "cancelado" | "cancelada"
        | "lost" | "perdido" | "closed" | "encerrado" | "encerrada" | "exited" | "churnou"
        | "desistiu" => Some("churned"),
        // Not yet a customer (data-model.md).
        "prospect"
        | "prospects"
        | "prospecto"
        | "prospeccao"
        | "lead"
        | "leads"
        | "potencial"
        | "cliente em potencial"
        | "cliente potencial"
        | "potencial cliente"
        | "lead qualificado"
        | "qualified lead" => Some("prospect"),
        _ => None,
    }
}

/// The code of a row left out on purpose (a status mapped to `skip`): a
/// warning, counted, never a rejection.
pub const SKIPPED: &str = "row_skipped";

/// The status value that leaves a row out: `skip` (the mapping editor,
/// `--map-value status:Partner=skip`), or `skip:WHY` from a vendor, WHY
/// being the sentence the report shows.
pub const SKIP: &str = "skip";

fn skip_token(raw: &str) -> Option<String> {
    let t = raw.trim();
    let rest = t.strip_prefix(SKIP)?;
    let original = match rest.strip_prefix(':') {
        Some(o) => o.trim(),
        None if rest.is_empty() => "",
        None => return None,
    };
    Some(if original.is_empty() {
        "The status value is mapped to skip: the row was left out.".to_string()
    } else {
        format!("{original}: the row was left out.")
    })
}

/// A vendor skip's reason code and value, from `REASON=VALUE|sentence`
/// (`not_settled=Pending|The payment's status is …`), and the sentence.
fn vendor_reason(why: &str) -> (Option<(String, String)>, String) {
    let Some((head, sentence)) = why.split_once('|') else {
        return (None, why.to_string());
    };
    let (code, value) = head.split_once('=').unwrap_or((head, ""));
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return (None, why.to_string());
    }
    (
        Some((code.to_string(), value.to_string())),
        sentence.to_string(),
    )
}

#[derive(Debug, Clone)]
struct Binding {
    field: &'static Field,
    key: &'static str,
    col: usize,
    status: StatusMeaning,
    decimal: Option<DecimalStyle>,
    order: DayOrder,
    order_proven: bool,
}

/// A constant value for a field that no column gives (a survey kind read
/// from the score column's header).
#[derive(Debug, Clone)]
struct Constant {
    key: &'static str,
    value: String,
}

/// How a sheet's rows become records.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: &'static KindDef,
    pub headers: Vec<String>,
    pub header_row: u64,
    bindings: Vec<Binding>,
    constants: Vec<Constant>,
    /// Account custom fields: column → key.
    custom: Vec<(usize, String)>,
    pub unmapped: Vec<String>,
    pub warnings: Vec<RowProblem>,
    value_map: BTreeMap<String, BTreeMap<String, String>>,
    currency: Option<String>,
    width: usize,
    /// Required fields no column gives (reported on every row unless a
    /// constant fills them).
    unbound_required: Vec<&'static Field>,
    /// [`Rules::group_repeats`].
    group_repeats: bool,
    /// [`Rules::derived_from`].
    derived_from: Option<usize>,
    /// A survey file read by its score columns (issue #24): each becomes
    /// its own response; empty when the file has a score and kind column.
    pub scores: Vec<crate::scores::ScoreColumn>,
    /// Scores left empty or `NA` so far, and the first line of one.
    skipped_scores: (u64, u64),
}

fn default_order(options: &ImportOptions) -> DayOrder {
    match options.locale.as_deref().map(str::to_ascii_lowercase) {
        Some(l) if l.starts_with("en") && l != "en-gb" => DayOrder::Mdy,
        _ => DayOrder::Dmy,
    }
}

/// Auto-mapping of a kind onto normalized headers: field index → column.
/// How a caller that knows its file's layout (a vendor importer) narrows
/// the generic reading. The default is the generic behaviour.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The header's line number, when the caller found it itself.
    pub header_line: Option<u64>,
    /// Whether fields no `--map` entry names are matched by the generic
    /// alias tables. Vendor importers map every column they know and turn
    /// this off, so that a column they do not know lands in `custom` rather
    /// than being guessed into a field.
    pub generic_aliases: bool,
    /// Columns the caller reads itself (a vendor's derived columns read
    /// them): not reported as unmapped. Account rows still keep them in
    /// `custom`, as written.
    pub also_read: Vec<String>,
    /// Rows whose external id repeats one already read are the same
    /// record (a company's leads: one account per company), left out
    /// rather than rejected as duplicates.
    pub group_repeats: bool,
    /// The first column a vendor computed itself (its derived columns):
    /// a `skip:WHY` there leaves the row out with WHY as a warning, whatever
    /// the field (a payment with no customer). Cells of the file itself
    /// never skip a row this way.
    pub derived_from: Option<usize>,
    /// Whether an account row keeps the columns no field reads in
    /// `custom`: not when the rows are another kind's (a payment's
    /// customer), whose other columns say nothing of the account.
    pub custom: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            header_line: None,
            generic_aliases: true,
            also_read: Vec::new(),
            group_repeats: false,
            derived_from: None,
            custom: true,
        }
    }
}

fn auto_map(
    kind: &KindDef,
    headers: &[String],
    norm: &[String],
    forced: &[(usize, usize)],
    generic: bool,
) -> Vec<Option<usize>> {
    let mut cols: Vec<Option<usize>> = vec![None; kind.fields.len()];
    let mut claimed: Vec<bool> = vec![false; norm.len()];
    for &(fi, col) in forced {
        cols[fi] = Some(col);
        if col < claimed.len() {
            claimed[col] = true;
        }
    }
    if !generic {
        return cols;
    }
    // A header that is exactly a field's canonical name is that field,
    // whatever another field's aliases say (a ticket's `external_id` is
    // its own id, not its account).
    for (fi, field) in kind.fields.iter().enumerate() {
        if cols[fi].is_some() {
            continue;
        }
        if let Some(ci) = (0..norm.len())
            .find(|&ci| !claimed[ci] && headers.get(ci).is_some_and(|h| h.trim() == field.name))
        {
            cols[fi] = Some(ci);
            claimed[ci] = true;
        }
    }
    for (fi, field) in kind.fields.iter().enumerate() {
        if cols[fi].is_some() {
            continue;
        }
        'alias: for alias in field.aliases {
            for (ci, n) in norm.iter().enumerate() {
                if !claimed[ci] && n == alias {
                    cols[fi] = Some(ci);
                    claimed[ci] = true;
                    break 'alias;
                }
            }
        }
    }
    cols
}

/// The value-map key that gives a field's value to every row whose cell
/// is empty or whose file has no such column (`--date`).
pub const EVERY_ROW: &str = "*";

/// Seconds since 1970 of an instant text (its offset applied; none = UTC).
fn instant_seconds(text: &str) -> Option<i64> {
    let t = values::parse_date(text, DayOrder::Dmy)?;
    let days = values::days_from_civil(t.year, t.month, t.day);
    Some(
        days * 86_400 + i64::from(t.time.unwrap_or(0))
            - 60 * i64::from(t.offset_minutes.unwrap_or(0)),
    )
}

/// Whether an account mapping binds more than an id or a name: columns
/// that make a file an accounts file, not a survey with a respondent id.
fn distinguishes_accounts(kind: &KindDef, cols: &[Option<usize>]) -> bool {
    kind.fields
        .iter()
        .zip(cols)
        .any(|(f, c)| c.is_some() && !matches!(f.name, "external_id" | "name"))
}

fn survey_kind_in(text: &str) -> Option<&'static str> {
    let n = normalize(text);
    n.split(' ').find_map(|w| match w {
        "nps" => Some("nps"),
        "csat" => Some("csat"),
        "ces" => Some("ces"),
        _ => None,
    })
}

/// Required fields all present (allowing the account's name/id fallback and
/// the survey kind read from a header or file name)? Returns the score.
fn kind_score(
    kind: &KindDef,
    cols: &[Option<usize>],
    norm: &[String],
    origin: &Origin,
) -> Option<usize> {
    let mut score = 0;
    let col_of = |name: &str| {
        kind.fields
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| cols[i])
    };
    for (fi, field) in kind.fields.iter().enumerate() {
        if field.ty == FieldType::Currency {
            continue;
        }
        match cols[fi] {
            Some(_) => score += if field.required { 3 } else { 1 },
            None if field.required => {
                let ok = match (kind.name, field.name) {
                    ("account", "external_id") => col_of("name").is_some(),
                    ("account", "name") => col_of("external_id").is_some(),
                    ("survey_response", "kind") => {
                        col_of("score").is_some_and(|c| survey_kind_in(&norm[c]).is_some())
                            || survey_kind_in(&origin.file).is_some()
                            || origin.sheet.as_deref().and_then(survey_kind_in).is_some()
                    }
                    _ => false,
                };
                if !ok {
                    return None;
                }
            }
            None => {}
        }
    }
    Some(score)
}

/// Up to 20 names, then how many more.
fn short_list(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(20)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 20 {
        s.push_str(&format!(" and {} more", names.len() - 20));
    }
    s
}

fn find_column(headers: &[String], norm: &[String], wanted: &str) -> Option<usize> {
    let w = wanted.trim();
    headers
        .iter()
        .position(|h| h.trim() == w)
        .or_else(|| {
            let nw = normalize(w);
            norm.iter().position(|n| *n == nw)
        })
        .or_else(|| {
            // A column letter (`C`) when there is no such header.
            if !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_uppercase()) {
                (0..headers.len()).find(|i| column_letter(*i) == w)
            } else {
                None
            }
        })
}

impl Plan {
    /// Chooses the kind and the columns from the header row, and each
    /// column's styles from the sample rows after it.
    pub fn new(
        header: &Row,
        sample: &[Row],
        origin: &Origin,
        options: &ImportOptions,
    ) -> Result<Plan, RowProblem> {
        Self::new_with(header, sample, origin, options, &Rules::default())
    }

    /// [`Plan::new`] with the caller's [`Rules`].
    pub fn new_with(
        header: &Row,
        sample: &[Row],
        origin: &Origin,
        options: &ImportOptions,
        rules: &Rules,
    ) -> Result<Plan, RowProblem> {
        let width = header
            .cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |p| p + 1);
        let mut headers: Vec<String> = Vec::with_capacity(width);
        // Duplicate names become `name (2)`, `name (3)`…: looked up in a set,
        // each base remembering its next number, so that 10,000 columns all
        // named `name` cost linear time, not cubic.
        let mut taken: std::collections::HashSet<String> =
            std::collections::HashSet::with_capacity(width);
        let mut next: std::collections::HashMap<String, usize> = Default::default();
        for (i, c) in header.cells[..width].iter().enumerate() {
            let text = c.display().trim().to_string();
            let mut name = if text.is_empty() {
                column_letter(i)
            } else {
                text
            };
            if taken.contains(&name) {
                let base = name.clone();
                let n = next.entry(base.clone()).or_insert(2);
                loop {
                    name = format!("{base} ({n})");
                    *n += 1;
                    if !taken.contains(&name) {
                        break;
                    }
                }
            }
            taken.insert(name.clone());
            headers.push(name);
        }
        let norm: Vec<String> = header.cells[..width]
            .iter()
            .map(|c| normalize(&c.display()))
            .collect();

        let fatal = |code: &str, msg: String| {
            origin.problem(Severity::Fatal, Some(header.line), None, code, msg)
        };
        let kinds_list = aliases::KINDS
            .iter()
            .map(|k| k.name)
            .collect::<Vec<_>>()
            .join(", ");

        // Forced mappings, resolved per kind.
        // `--map nps=COLUMN` (csat, ces): a score column of that kind.
        let mut forced_scores: Vec<(usize, &'static str)> = Vec::new();
        for (field, column) in &options.map {
            if let Some(k) = crate::scores::kind_field(field)
                && let Some(col) = find_column(&headers, &norm, column)
            {
                forced_scores.push((col, k));
            }
        }
        let found = crate::scores::find(&headers, &norm, sample, &forced_scores);
        let resolve_forced = |kind: &KindDef| -> Result<Vec<(usize, usize)>, RowProblem> {
            let mut out = Vec::new();
            for (field, column) in &options.map {
                if kind.name == "survey_response" && crate::scores::kind_field(field).is_some() {
                    continue;
                }
                let fi = kind
                    .fields
                    .iter()
                    .position(|f| {
                        f.name == field.trim()
                            || (f.name == "kind"
                                && tenure_plugin_api::own_kind_field(kind.name)
                                    == Some(field.trim()))
                    })
                    .ok_or_else(|| {
                        fatal(
                            "unknown_field",
                            format!(
                                "`{}` is not a field of {} records; the fields are: {}.",
                                field,
                                kind.name,
                                kind.fields
                                    .iter()
                                    .map(|f| f.name)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                let col = find_column(&headers, &norm, column).ok_or_else(|| {
                    fatal(
                        "unknown_column",
                        format!(
                            "{} has no column `{}` to map to `{}`; its columns are: {}.",
                            origin.where_(),
                            column,
                            field,
                            short_list(&headers)
                        ),
                    )
                })?;
                out.push((fi, col));
            }
            Ok(out)
        };

        let (kind, cols) = match options.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            Some(k) => {
                let kind = aliases::kind_def(k).ok_or_else(|| {
                    fatal(
                        "unknown_kind",
                        format!("`{k}` is not a record kind; the kinds are: {kinds_list}."),
                    )
                })?;
                let forced = resolve_forced(kind)?;
                (
                    kind,
                    auto_map(kind, &headers, &norm, &forced, rules.generic_aliases),
                )
            }
            None => {
                let mut best: Option<(usize, &'static KindDef, Vec<Option<usize>>)> = None;
                let mut map_error = None;
                for kind in aliases::KINDS.iter() {
                    let forced = match resolve_forced(kind) {
                        Ok(f) => f,
                        Err(e) => {
                            map_error.get_or_insert(e);
                            continue;
                        }
                    };
                    let cols = auto_map(kind, &headers, &norm, &forced, rules.generic_aliases);
                    if let Some(mut score) = kind_score(kind, &cols, &norm, origin) {
                        if origin.name_hint == Some(kind.name) {
                            score += 4;
                        }
                        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                            best = Some((score, kind, cols));
                        }
                    }
                }
                // Score columns make a survey file, above accounts that only
                // have an id or a name (issue #24); a ticket file (its id and
                // opening time) or any other kind keeps its rows.
                if !found.columns.is_empty()
                    && best.as_ref().is_none_or(|(_, k, c)| {
                        k.name == "survey_response"
                            || (k.name == "account" && !distinguishes_accounts(k, c))
                    })
                    && let Some(survey) = aliases::kind_def("survey_response")
                    && let Ok(forced) = resolve_forced(survey)
                {
                    let cols = auto_map(survey, &headers, &norm, &forced, rules.generic_aliases);
                    best = Some((0, survey, cols));
                }
                match best {
                    Some((_, kind, cols)) => (kind, cols),
                    None => {
                        if let Some(e) = map_error {
                            return Err(e);
                        }
                        return Err(fatal(
                            "unknown_kind",
                            format!(
                                "Could not tell which kind of records {} holds from its headers ({}). Name the kind with --kind ({}) and the columns with --map FIELD=COLUMN.",
                                origin.where_(),
                                short_list(&headers),
                                kinds_list
                            ),
                        ));
                    }
                }
            }
        };

        let mut cols = cols;
        let field_index = |name: &str| kind.fields.iter().position(|f| f.name == name);
        let mut scores = Vec::new();
        let mut score_warnings = Vec::new();
        if kind.name == "survey_response"
            && field_index("kind").is_some_and(|i| cols[i].is_none())
            && !found.columns.is_empty()
        {
            scores = found.columns.clone();
            if let Some(i) = field_index("score") {
                cols[i] = None;
            }
            // A score column read as a score is no other field.
            for c in cols.iter_mut() {
                if c.is_some_and(|c| scores.iter().any(|s| s.col == c)) {
                    *c = None;
                }
            }
            if let Some(i) = field_index("comment")
                && cols[i].is_none()
            {
                cols[i] = (0..norm.len()).find(|&c| {
                    crate::scores::is_comment_header(&norm[c]) && !cols.contains(&Some(c))
                });
            }
            for (col, message) in &found.refused {
                score_warnings.push(origin.problem(
                    Severity::Warning,
                    Some(header.line),
                    headers.get(*col).map(String::as_str),
                    "score_scale_mismatch",
                    message.clone(),
                ));
            }
        }
        let order = default_order(options);
        let mut bindings = Vec::new();
        let mut constants = Vec::new();
        let mut used = vec![false; width];
        for s in &scores {
            if s.col < width {
                used[s.col] = true;
            }
        }
        for (col, _) in &found.refused {
            if !scores.is_empty() && *col < width {
                used[*col] = true;
            }
        }
        let field_col = |name: &str| {
            kind.fields
                .iter()
                .position(|f| f.name == name)
                .and_then(|i| cols[i])
        };
        for (fi, field) in kind.fields.iter().enumerate() {
            let col = match cols[fi] {
                Some(c) => Some(c),
                None => match (kind.name, field.name) {
                    ("account", "external_id") => field_col("name"),
                    ("account", "name") => field_col("external_id"),
                    _ => None,
                },
            };
            let Some(col) = col else {
                // A value for every row (`--date`: the survey's date).
                if let Some(v) = options
                    .value_map
                    .get(field.name)
                    .and_then(|m| m.get(EVERY_ROW))
                {
                    constants.push(Constant {
                        key: field.name,
                        value: v.clone(),
                    });
                    continue;
                }
                if kind.name == "survey_response" && field.name == "kind" {
                    let from = field_col("score")
                        .and_then(|c| survey_kind_in(&headers[c]))
                        .or_else(|| origin.sheet.as_deref().and_then(survey_kind_in))
                        .or_else(|| survey_kind_in(&origin.file));
                    if let Some(v) = from {
                        constants.push(Constant {
                            key: field.name,
                            value: v.to_string(),
                        });
                    }
                }
                continue;
            };
            if col < width {
                used[col] = true;
            }
            let mut b = Binding {
                field,
                key: field.name,
                col,
                status: status_meaning(headers.get(col).map_or("", String::as_str)),
                decimal: None,
                order,
                order_proven: false,
            };
            analyse(&mut b, sample);
            bindings.push(b);
        }

        let mut custom = Vec::new();
        let mut unmapped = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if used[i] {
                continue;
            }
            let has_header = !header.cells[i].is_empty();
            if !has_header
                && sample
                    .iter()
                    .all(|r| r.cells.get(i).is_none_or(Cell::is_empty))
            {
                continue;
            }
            if !rules.also_read.contains(h) {
                unmapped.push(h.clone());
            }
            if kind.name == "account" && rules.custom {
                custom.push((i, h.clone()));
            }
        }
        let mut warnings = score_warnings;
        for b in &bindings {
            if matches!(b.field.ty, FieldType::Money | FieldType::Int | FieldType::Number)
                && b.decimal.is_none()
                && sample.iter().any(|r| {
                    matches!(r.cells.get(b.col), Some(Cell::Text(t))
                        if values::number_evidence(&values::strip_money(t).0) == NumberEvidence::Ambiguous)
                })
            {
                warnings.push(origin.problem(
                    Severity::Warning,
                    Some(header.line),
                    Some(&headers[b.col]),
                    "ambiguous_numbers",
                    format!(
                        "Column `{}` has numbers like `1.234` or `1,234` and no value that shows whether `.` or `,` is the decimal separator; those rows are rejected rather than guessed.",
                        headers[b.col]
                    ),
                ));
            }
        }
        if kind.name != "account" && !unmapped.is_empty() {
            warnings.push(
                origin
                    .problem(
                        Severity::Warning,
                        Some(header.line),
                        None,
                        "unmapped_columns",
                        format!(
                            "These columns are not read for {} records: {}.",
                            kind.name,
                            unmapped.join(", ")
                        ),
                    )
                    .with_arg("kind", kind.name)
                    .with_arg("columns", unmapped.join(", ")),
            );
        }
        let unbound_required = kind
            .fields
            .iter()
            .filter(|f| f.required && !bindings.iter().any(|b: &Binding| b.field.name == f.name))
            .filter(|f| scores.is_empty() || !matches!(f.name, "score" | "kind"))
            .collect();
        Ok(Plan {
            scores,
            skipped_scores: (0, 0),
            group_repeats: rules.group_repeats,
            derived_from: rules.derived_from,
            unbound_required,
            kind,
            headers,
            header_row: header.line,
            bindings,
            constants,
            custom,
            unmapped,
            warnings,
            value_map: options.value_map.clone(),
            currency: options
                .currency
                .as_deref()
                .map(|c| c.trim().to_ascii_uppercase()),
            width,
        })
    }

    /// Canonical field → column header, as the plan reads them.
    pub fn mapping(&self) -> Vec<(String, String)> {
        self.bindings
            .iter()
            .map(|b| {
                (
                    b.field.name.to_string(),
                    self.headers.get(b.col).cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// A stable signature of the headers (for saved mappings).
    pub fn header_signature(&self) -> String {
        self.headers
            .iter()
            .map(|h| normalize(h))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// Turns one row into a record, or into the problems that reject it.
    /// Warnings travel beside a record.
    pub fn convert(
        &mut self,
        row: &Row,
        origin: &Origin,
    ) -> Result<(Fields, Vec<RowProblem>), Vec<RowProblem>> {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut obj = Fields::default();
        if origin.strict_width {
            let n = row
                .cells
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |p| p + 1);
            if n > self.width || (row.cells.len() < self.width && self.width > 1) {
                let cells = if n > self.width { n } else { row.cells.len() };
                errors.push(
                    origin
                        .problem(
                            Severity::Error,
                            Some(row.line),
                            None,
                            "ragged_row",
                            format!(
                                "The row has {} cells but the header (line {}) has {} columns; check for a missing or extra delimiter or quote.",
                                cells, self.header_row, self.width
                            ),
                        )
                        .with_arg("cells", cells.to_string())
                        .with_arg("header_line", self.header_row.to_string())
                        .with_arg("width", self.width.to_string()),
                );
                return Err(errors);
            }
        }
        let mut first_response_minutes: Option<f64> = None;
        for bi in 0..self.bindings.len() {
            let cell = row.cells.get(self.bindings[bi].col).unwrap_or(&Cell::Empty);
            let header = self
                .headers
                .get(self.bindings[bi].col)
                .map_or("", String::as_str);
            let from_vendor = self
                .derived_from
                .is_some_and(|from| self.bindings[bi].col >= from);
            let b = &mut self.bindings[bi];
            // Value mappings the person gave (`Sim` → `churned`).
            let mapped: Option<String> = self.value_map.get(b.field.name).and_then(|m| {
                let raw = cell.display();
                let raw = raw.trim();
                m.get(raw).cloned().or_else(|| {
                    let n = normalize(raw);
                    m.iter()
                        .find(|(k, _)| normalize(k) == n)
                        .map(|(_, v)| v.clone())
                })
            });
            // An empty cell takes the value given for every row (`--date`).
            let mapped = mapped.or_else(|| {
                cell.is_empty()
                    .then(|| self.value_map.get(b.field.name)?.get(EVERY_ROW).cloned())
                    .flatten()
            });
            let cell_owned;
            let cell = match mapped {
                Some(v) => {
                    cell_owned = Cell::Text(v);
                    &cell_owned
                }
                None => cell,
            };
            // `NA` in a typed column is a missing value, not a bad one.
            let na = !matches!(b.field.ty, FieldType::Text | FieldType::Id)
                && matches!(cell, Cell::Text(t) if crate::scores::is_na(t));
            if cell.is_empty() || na {
                if b.field.required {
                    errors.push(
                        origin
                            .problem(
                                Severity::Error,
                                Some(row.line),
                                Some(header),
                                "missing_value",
                                format!("`{}` is required and the cell is empty.", b.field.name),
                            )
                            .with_arg("field", b.field.name),
                    );
                }
                continue;
            }
            if from_vendor
                && let Cell::Text(t) = cell
                && let Some(why) = skip_token(t)
            {
                // `skip:REASON=…`: a vendor's reason code, for the host to
                // say it in the person's language.
                let (reason, why) = vendor_reason(&why);
                let mut p = origin.problem(
                    Severity::Warning,
                    Some(row.line),
                    Some(header),
                    SKIPPED,
                    why,
                );
                if let Some((code, value)) = reason {
                    p = p.with_arg("reason", code).with_arg("what", value);
                }
                return Err(vec![p]);
            }
            match read_value(b, cell) {
                Ok(Read::Value(v, currency)) => {
                    if let (Some(found), Some(db)) = (currency.as_deref(), self.currency.as_deref())
                        && found != db
                    {
                        errors.push(
                            origin
                                .problem(
                                    Severity::Error,
                                    Some(row.line),
                                    Some(header),
                                    "currency_mismatch",
                                    format!(
                                        "The amount is in {} but this database keeps money in {}; convert it first.",
                                        found, db
                                    ),
                                )
                                .with_arg("found", found)
                                .with_arg("db", db),
                        );
                        continue;
                    }
                    if b.field.ty == FieldType::Currency {
                        continue;
                    }
                    if b.field.ty == FieldType::MinutesAfterOpened {
                        first_response_minutes = v.as_f64();
                        continue;
                    }
                    obj.insert(b.key, v);
                }
                Ok(Read::Skip) => {}
                Err((SKIPPED, msg)) => {
                    // The whole row is left out, whatever else it holds.
                    return Err(vec![origin.problem(
                        Severity::Warning,
                        Some(row.line),
                        Some(header),
                        SKIPPED,
                        msg,
                    )]);
                }
                // Every reading error is about the cell: its text is the value.
                Err((code, msg)) => errors.push(
                    origin
                        .problem(Severity::Error, Some(row.line), Some(header), code, msg)
                        .with_arg("value", cell.display().trim()),
                ),
            }
        }
        if let (Some(mins), Some(Value::String(opened))) =
            (first_response_minutes, obj.get("opened_at"))
            && !obj.contains_key("first_response_at")
            && let Some(at) = values::parse_date(opened, DayOrder::Dmy)
        {
            let secs = at.time.unwrap_or(0) as i64 + (mins * 60.0).round() as i64;
            let days = values::days_from_civil(at.year, at.month, at.day) + secs.div_euclid(86_400);
            let mut t = DateTime::from_days(days, Some(secs.rem_euclid(86_400) as u32));
            t.offset_minutes = at.offset_minutes;
            obj.insert("first_response_at", Value::String(t.instant_text()));
        }
        // A first response before the opening is a clock or export error:
        // the time is dropped with a warning, the ticket kept (issue #24).
        if let (Some(Value::String(first)), Some(Value::String(opened))) =
            (obj.get("first_response_at"), obj.get("opened_at"))
            && let (Some(f), Some(o)) = (instant_seconds(first), instant_seconds(opened))
            && f < o
        {
            let column = self
                .bindings
                .iter()
                .find(|b| b.key == "first_response_at")
                .and_then(|b| self.headers.get(b.col))
                .cloned();
            warnings.push(
                origin
                    .problem(
                        Severity::Warning,
                        Some(row.line),
                        column.as_deref(),
                        "response_before_opening",
                        format!(
                            "The first response ({first}) is before the ticket was opened ({opened}); that time is left out and the ticket imported."
                        ),
                    )
                    .with_arg("value", first.as_str())
                    .with_arg("opened", opened.as_str()),
            );
            obj.remove("first_response_at");
        }
        for c in &self.constants {
            if !obj.contains_key(c.key) {
                obj.insert(c.key, Value::String(c.value.clone()));
            }
        }
        for &f in &self.unbound_required {
            if !obj.contains_key(f.name) {
                errors.push(
                    origin
                        .problem(
                            Severity::Error,
                            Some(row.line),
                            None,
                            "missing_field",
                            if f.name == "date" {
                                format!(
                                    "{} records need `date` and no column gives it; give the date of the file's records with --date YYYY-MM-DD, or map a column with --map date=COLUMN.",
                                    self.kind.name
                                )
                            } else {
                                format!(
                                    "{} records need `{}` and no column gives it; map one with --map {}=COLUMN.",
                                    self.kind.name, f.name, f.name
                                )
                            },
                        )
                        .with_arg("kind", self.kind.name)
                        .with_arg("field", f.name),
                );
            }
        }
        if !self.custom.is_empty() {
            let mut custom = Map::new();
            for (col, key) in &self.custom {
                if let Some(c) = row.cells.get(*col)
                    && !c.is_empty()
                {
                    custom.insert(key.clone(), Value::String(c.display().into_owned()));
                }
            }
            if !custom.is_empty() {
                obj.insert("custom", Value::Object(custom));
            }
        }
        if errors.is_empty() {
            warnings.shrink_to_fit();
            Ok((obj, warnings))
        } else {
            Err(errors)
        }
    }
}

/// Looks at the sample to decide the column's decimal separator and day
/// order.
fn analyse(b: &mut Binding, sample: &[Row]) {
    match b.field.ty {
        FieldType::Money | FieldType::Int | FieldType::Number => {
            let (mut dot, mut comma) = (0, 0);
            for r in sample {
                if let Some(Cell::Text(t)) = r.cells.get(b.col) {
                    match values::number_evidence(&values::strip_money(t).0) {
                        NumberEvidence::Proves(DecimalStyle::Dot) => dot += 1,
                        NumberEvidence::Proves(DecimalStyle::Comma) => comma += 1,
                        _ => {}
                    }
                }
            }
            if dot + comma > 0 {
                b.decimal = Some(if comma > dot {
                    DecimalStyle::Comma
                } else {
                    DecimalStyle::Dot
                });
            }
        }
        FieldType::Date | FieldType::Month | FieldType::Instant => {
            let (mut dmy, mut mdy) = (0, 0);
            for r in sample {
                if let Some(Cell::Text(t)) = r.cells.get(b.col) {
                    match values::date_evidence(t) {
                        DateEvidence::Proves(DayOrder::Dmy) => dmy += 1,
                        DateEvidence::Proves(DayOrder::Mdy) => mdy += 1,
                        _ => {}
                    }
                }
            }
            if dmy + mdy > 0 {
                b.order_proven = true;
                b.order = if mdy > dmy {
                    DayOrder::Mdy
                } else {
                    DayOrder::Dmy
                };
            }
        }
        _ => {}
    }
}

enum Read {
    Value(Value, Option<String>),
    Skip,
}

type ReadError = (&'static str, String);

/// The common case without allocation: `-?digits(.digits)?` that cannot be
/// read two ways (a dot followed by exactly three digits could be a
/// thousands separator, so it takes the slow path). Returns sign, integer
/// and fraction digits.
fn plain_number(t: &str, decimal: Option<DecimalStyle>) -> Option<(bool, &str, &str)> {
    let t = values::trim(t);
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let dot = body.bytes().position(|b| b == b'.');
    let (int, frac) = match dot.map(|dot| (&body[..dot], &body[dot + 1..])) {
        Some((i, f)) => {
            if decimal == Some(DecimalStyle::Comma) || (f.len() == 3 && decimal.is_none()) {
                return None;
            }
            (i, f)
        }
        None => (body, ""),
    };
    if int.is_empty() || int.len() > 18 {
        return None;
    }
    if !int.bytes().all(|c| c.is_ascii_digit()) || !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((neg, int, frac))
}

fn read_number(b: &mut Binding, cell: &Cell) -> Result<(Decimal, Option<String>), ReadError> {
    match cell {
        Cell::Number(v) => Decimal::from_f64(*v)
            .map(|d| (d, None))
            .ok_or_else(|| ("not_a_number", format!("`{v}` is not a number."))),
        Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) | Cell::Empty => Err((
            "not_a_number",
            format!("`{}` is not a number.", cell.display()),
        )),
        Cell::Text(t) => {
            let (stripped, paren, currency) = values::strip_money(t);
            let style = match values::number_evidence(&stripped) {
                NumberEvidence::NotANumber => {
                    return Err(("not_a_number", format!("`{}` is not a number.", t.trim())));
                }
                NumberEvidence::Plain => DecimalStyle::Dot,
                NumberEvidence::Proves(s) => {
                    if b.decimal.is_none() {
                        b.decimal = Some(s);
                    }
                    b.decimal.unwrap_or(s)
                }
                NumberEvidence::Ambiguous => match b.decimal {
                    Some(s) => s,
                    None => {
                        return Err((
                            "ambiguous_number",
                            format!(
                                "`{}` could be read with `.` or `,` as the decimal separator and no other value in the column tells which; write it without thousands separators.",
                                t.trim()
                            ),
                        ));
                    }
                },
            };
            let mut d = values::parse_number_with(&stripped, style).ok_or_else(|| {
                (
                    "not_a_number",
                    format!(
                        "`{}` is not a number written like the rest of the column (decimal separator `{}`).",
                        t.trim(),
                        if style == DecimalStyle::Dot { '.' } else { ',' }
                    ),
                )
            })?;
            if paren {
                d.negative = !d.negative;
            }
            Ok((d, currency.map(str::to_string)))
        }
    }
}

fn read_date(b: &Binding, cell: &Cell) -> Result<DateTime, ReadError> {
    let err = |t: &str| {
        (
            "not_a_date",
            format!(
                "`{}` is not a date (write it as YYYY-MM-DD or {}).",
                t,
                if b.order == DayOrder::Dmy {
                    "DD/MM/YYYY"
                } else {
                    "MM/DD/YYYY"
                }
            ),
        )
    };
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(v) => {
            // 8 digits: yyyymmdd; otherwise an Excel serial.
            if v.fract() == 0.0 && (10_000_000.0..=99_999_999.0).contains(v) {
                values::parse_date(&format!("{}", *v as i64), b.order)
                    .ok_or_else(|| err(&cell.display()))
            } else if (1.0..100_000.0).contains(v) {
                DateTime::from_excel_serial(*v, false).ok_or_else(|| err(&cell.display()))
            } else {
                Err(err(&cell.display()))
            }
        }
        Cell::Text(t) => {
            let t = t.trim();
            if let Some(d) = values::parse_date(t, b.order) {
                return Ok(d);
            }
            // An Excel serial written as text.
            if t.len() <= 5
                && !t.is_empty()
                && t.bytes().all(|c| c.is_ascii_digit())
                && let Ok(v) = t.parse::<f64>()
                && v >= 1.0
            {
                return DateTime::from_excel_serial(v, false).ok_or_else(|| err(t));
            }
            let other = if b.order == DayOrder::Dmy {
                DayOrder::Mdy
            } else {
                DayOrder::Dmy
            };
            if values::parse_date(t, other).is_some() {
                return Err((
                    "not_a_date",
                    format!(
                        "`{}` does not fit the column's day order ({}); other values show the column is written {}.",
                        t,
                        if b.order == DayOrder::Dmy {
                            "day first"
                        } else {
                            "month first"
                        },
                        if b.order == DayOrder::Dmy {
                            "DD/MM/YYYY"
                        } else {
                            "MM/DD/YYYY"
                        },
                    ),
                ));
            }
            Err(err(t))
        }
        _ => Err(err(&cell.display())),
    }
}

fn read_value(b: &mut Binding, cell: &Cell) -> Result<Read, ReadError> {
    let text = || cell.display().into_owned();
    Ok(match b.field.ty {
        FieldType::Text => Read::Value(Value::String(text()), None),
        FieldType::Id => Read::Value(
            Value::String(match cell {
                Cell::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", *v as i64),
                _ => text(),
            }),
            None,
        ),
        FieldType::Int => {
            if let Cell::Text(t) = cell
                && let Some((neg, int, "")) = plain_number(t, b.decimal)
                && let Ok(v) = int.parse::<i64>()
            {
                return Ok(Read::Value(Value::from(if neg { -v } else { v }), None));
            }
            let (d, _) = read_number(b, cell)?;
            let v = d.to_i64().ok_or_else(|| {
                (
                    "not_an_integer",
                    format!("`{}` is not a whole number.", cell.display()),
                )
            })?;
            Read::Value(Value::from(v), None)
        }
        FieldType::Money => {
            if let Cell::Text(t) = cell
                && let Some((neg, int, frac)) = plain_number(t, b.decimal)
            {
                if !frac.is_empty() && b.decimal.is_none() {
                    b.decimal = Some(DecimalStyle::Dot);
                }
                let int = int.trim_start_matches('0');
                let frac = frac.trim_end_matches('0');
                let mut out = String::with_capacity(int.len() + frac.len() + 3);
                if neg && !(int.is_empty() && frac.is_empty()) {
                    out.push('-');
                }
                out.push_str(if int.is_empty() { "0" } else { int });
                if !frac.is_empty() {
                    out.push('.');
                    out.push_str(frac);
                }
                return Ok(Read::Value(Value::String(out), None));
            }
            let (d, cur) = read_number(b, cell)?;
            Read::Value(Value::String(d.to_text()), cur)
        }
        FieldType::Number => {
            let (d, _) = read_number(b, cell)?;
            let f = d.to_f64().ok_or_else(|| {
                (
                    "not_a_number",
                    format!("`{}` is not a number.", cell.display()),
                )
            })?;
            Read::Value(
                serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
                None,
            )
        }
        FieldType::Date => Read::Value(Value::String(read_date(b, cell)?.date_text()), None),
        FieldType::Instant => Read::Value(Value::String(read_date(b, cell)?.instant_text()), None),
        FieldType::Month => {
            let (y, m) = match cell {
                Cell::Text(t) => values::parse_month(t, b.order).ok_or_else(|| {
                    (
                        "not_a_month",
                        format!(
                            "`{}` is not a month (write it as YYYY-MM or MM/YYYY).",
                            t.trim()
                        ),
                    )
                })?,
                Cell::Number(v) if v.fract() == 0.0 && (100_001.0..=999_912.0).contains(v) => {
                    values::parse_month(&format!("{}", *v as i64), b.order).ok_or_else(|| {
                        (
                            "not_a_month",
                            format!("`{v}` is not a month (write it as YYYY-MM)."),
                        )
                    })?
                }
                other => {
                    let d = read_date(b, other).map_err(|_| {
                        (
                            "not_a_month",
                            format!(
                                "`{}` is not a month (write it as YYYY-MM).",
                                other.display()
                            ),
                        )
                    })?;
                    (d.year, d.month)
                }
            };
            Read::Value(Value::String(values::month_text(y, m)), None)
        }
        FieldType::Bool => {
            let v = match cell {
                Cell::Bool(v) => Some(*v),
                Cell::Number(v) => Some(*v != 0.0),
                Cell::Text(t) => {
                    values::parse_bool(t).or_else(|| status_word(t).map(|s| s == "active"))
                }
                _ => None,
            }
            .ok_or_else(|| {
                (
                    "not_a_bool",
                    format!("`{}` is not yes or no.", cell.display()),
                )
            })?;
            Read::Value(Value::Bool(v), None)
        }
        FieldType::Status => {
            let raw = text();
            let truthy = match cell {
                Cell::Bool(v) => Some(*v),
                Cell::Number(v) => Some(*v != 0.0),
                _ => values::parse_bool(&raw),
            };
            // A person's (or a vendor's) "leave these rows out".
            if let Some(why) = skip_token(&raw) {
                return Err((SKIPPED, why));
            }
            let status = match (b.status, truthy) {
                (StatusMeaning::YesIsChurned, Some(t)) => {
                    Some(if t { "churned" } else { "active" })
                }
                (StatusMeaning::YesIsActive, Some(t)) => Some(if t { "active" } else { "churned" }),
                _ => status_word(&raw),
            };
            let s = status.ok_or_else(|| {
                (
                    "unknown_status",
                    format!(
                        "`{raw}` is not a status Tenure knows (active, churned or prospect); map the value to one of them, or to skip to leave its rows out."
                    ),
                )
            })?;
            Read::Value(Value::String(s.to_string()), None)
        }
        FieldType::SurveyKind => {
            let raw = text();
            let k = survey_kind_in(&raw).ok_or_else(|| {
                (
                    "unknown_survey_kind",
                    format!("`{raw}` is not a survey kind (nps, csat or ces)."),
                )
            })?;
            Read::Value(Value::String(k.to_string()), None)
        }
        FieldType::BillingPeriod => {
            let raw = text();
            let p = match normalize(&raw).as_str() {
                "monthly" | "month" | "mensal" | "mes" | "1" | "monthly billing" => "monthly",
                "quarterly" | "quarter" | "trimestral" | "trimestre" | "3" => "quarterly",
                "semiannual" | "semi annual" | "semiannually" | "biannual" | "semestral"
                | "semestre" | "6" => "semiannual",
                "annual" | "annually" | "yearly" | "year" | "anual" | "ano" | "12" => "annual",
                _ => {
                    return Err((
                        "unknown_billing_period",
                        format!(
                            "`{raw}` is not a billing period (monthly, quarterly, semiannual, annual)."
                        ),
                    ));
                }
            };
            Read::Value(Value::String(p.to_string()), None)
        }
        FieldType::OpportunityKind => {
            let raw = text();
            let k = match normalize(&raw).as_str() {
                "new" | "new business" | "new customer" | "novo" | "nova" | "novo negocio"
                | "novo cliente" | "aquisicao" => "new",
                "upsell" | "up sell" | "expansion" | "expansao" | "upgrade" => "upsell",
                "cross sell" | "crosssell" | "venda cruzada" => "cross_sell",
                "renewal" | "renovacao" | "existing business" => "renewal",
                _ => {
                    return Err((
                        "unknown_opportunity_kind",
                        format!(
                            "`{raw}` is not an opportunity kind (new, upsell, cross_sell, renewal); map it with --map-value kind:{raw}=new."
                        ),
                    ));
                }
            };
            Read::Value(Value::String(k.to_string()), None)
        }
        FieldType::OpportunityStatus => {
            let raw = text();
            let n = normalize(&raw);
            let s = if n.contains("won") || n.contains("ganh") {
                "won"
            } else if n.contains("lost") || n.contains("perd") {
                "lost"
            } else if matches!(
                n.as_str(),
                "open"
                    | "aberta"
                    | "aberto"
                    | "em andamento"
                    | "in progress"
                    | "negotiation"
                    | "negociacao"
                    | "proposal"
                    | "proposta"
                    | "qualification"
                    | "prospecting"
            ) {
                "open"
            } else {
                return Err((
                    "unknown_opportunity_status",
                    format!(
                        "`{raw}` is not an opportunity status (open, won, lost); map it with --map-value status:{raw}=open."
                    ),
                ));
            };
            Read::Value(Value::String(s.to_string()), None)
        }
        FieldType::MinutesAfterOpened => {
            let (d, _) = read_number(b, cell)?;
            let f = d.to_f64().filter(|f| *f >= 0.0).ok_or_else(|| {
                (
                    "not_a_number",
                    format!("`{}` is not a number of minutes.", cell.display()),
                )
            })?;
            Read::Value(
                serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
                None,
            )
        }
        FieldType::Currency => {
            let raw = text().trim().to_ascii_uppercase();
            let code: &'static str = match raw.as_str() {
                "R$" | "BRL" | "REAL" | "REAIS" => "BRL",
                "US$" | "USD" | "DOLLAR" | "$" => "USD",
                "€" | "EUR" => "EUR",
                "£" | "GBP" => "GBP",
                _ if raw.len() == 3 && raw.bytes().all(|c| c.is_ascii_uppercase()) => {
                    return Ok(Read::Value(Value::Null, Some(raw)));
                }
                _ => return Ok(Read::Skip),
            };
            Read::Value(Value::Null, Some(code.to_string()))
        }
    })
}

/// What reading a table gave.
#[derive(Debug)]
pub enum Outcome {
    /// Rows were read (possibly with problems).
    Done { records: u64, rejected: u64 },
    /// The host asked to stop.
    Cancelled,
    /// No rows at all.
    Empty,
}

/// Reads the first rows: the header candidates and the sample.
fn read_head(source: &mut dyn RowSource) -> Result<(Vec<Row>, bool), RowProblem> {
    let mut rows = Vec::new();
    let mut row = Row::default();
    let mut more = true;
    while rows.len() < HEADER_SCAN + SAMPLE_ROWS {
        if !source.next_row(&mut row)? {
            more = false;
            break;
        }
        if !row.is_blank() {
            rows.push(row.clone());
        }
    }
    Ok((rows, more))
}

/// Reads a whole table and sends its records and problems to `sink`.
pub fn import_table(
    source: &mut dyn RowSource,
    origin: &Origin,
    options: &ImportOptions,
    sink: &mut dyn RecordSink,
) -> Result<Outcome, RowProblem> {
    import_table_with(source, origin, options, &Rules::default(), sink)
}

/// The header row: the caller's line when it gave one, else [`find_header`].
fn header_index(head: &[Row], rules: &Rules) -> Option<usize> {
    match rules.header_line {
        Some(line) => head.iter().position(|r| r.line == line),
        None => find_header(head),
    }
}

/// [`import_table`] with the caller's [`Rules`].
pub fn import_table_with(
    source: &mut dyn RowSource,
    origin: &Origin,
    options: &ImportOptions,
    rules: &Rules,
    sink: &mut dyn RecordSink,
) -> Result<Outcome, RowProblem> {
    let (head, more) = read_head(source)?;
    let Some(h) = header_index(&head, rules) else {
        return Ok(Outcome::Empty);
    };
    let mut plan = Plan::new_with(&head[h], &head[h + 1..], origin, options, rules)?;
    for w in plan.warnings.clone() {
        if sink.problem(w) == Flow::Cancel {
            return Ok(Outcome::Cancelled);
        }
    }
    let mut state = EmitState::new(&plan);
    for r in &head[h + 1..] {
        if state.emit(&mut plan, r, origin, sink) == Flow::Cancel {
            return Ok(Outcome::Cancelled);
        }
    }
    if more {
        let mut row = Row::default();
        while source.next_row(&mut row)? {
            if row.is_blank() {
                continue;
            }
            if state.emit(&mut plan, &row, origin, sink) == Flow::Cancel {
                return Ok(Outcome::Cancelled);
            }
            if state.seen.is_multiple_of(4096) {
                let (done, total) = source.progress();
                if sink.progress(done, total) == Flow::Cancel {
                    return Ok(Outcome::Cancelled);
                }
            }
        }
    }
    if let Some(w) = skipped_scores_warning(&plan, origin)
        && sink.problem(w) == Flow::Cancel
    {
        return Ok(Outcome::Cancelled);
    }
    let (done, total) = source.progress();
    if sink.progress(done, total.max(done)) == Flow::Cancel {
        return Ok(Outcome::Cancelled);
    }
    Ok(Outcome::Done {
        records: state.records,
        rejected: state.rejected,
    })
}

struct EmitState {
    seen: u64,
    records: u64,
    rejected: u64,
    /// Account external ids seen, with their line (duplicates are errors).
    ids: Option<HashMap<String, u64>>,
}

impl EmitState {
    fn new(plan: &Plan) -> Self {
        EmitState {
            seen: 0,
            records: 0,
            rejected: 0,
            ids: (plan.kind.name == "account" || plan.kind.name == "csm").then(HashMap::new),
        }
    }

    fn emit(
        &mut self,
        plan: &mut Plan,
        row: &Row,
        origin: &Origin,
        sink: &mut dyn RecordSink,
    ) -> Flow {
        self.seen += 1;
        match plan.convert(row, origin) {
            Ok((record, warnings)) => {
                for w in warnings {
                    if sink.problem(w) == Flow::Cancel {
                        return Flow::Cancel;
                    }
                }
                if !plan.scores.is_empty() {
                    return self.emit_scores(plan, record, row, origin, sink);
                }
                if let Some(ids) = &mut self.ids {
                    let key = if plan.kind.name == "account" {
                        "external_id"
                    } else {
                        "name"
                    };
                    if let Some(Value::String(id)) = record.get(key) {
                        if plan.group_repeats && ids.contains_key(id) {
                            // Another row of a record already read.
                            return Flow::Continue;
                        }
                        if let Some(first) = ids.get(id) {
                            self.rejected += 1;
                            let col = plan
                                .bindings
                                .iter()
                                .find(|b| b.field.name == key)
                                .and_then(|b| plan.headers.get(b.col))
                                .cloned();
                            return sink.problem(origin.problem(
                                Severity::Error,
                                Some(row.line),
                                col.as_deref(),
                                "duplicate_id",
                                format!(
                                    "`{}` appears again (first on line {}); each {} must appear once in a file.",
                                    id,
                                    first,
                                    if key == "name" { "CSM name" } else { "external id" }
                                ),
                            ));
                        }
                        ids.insert(id.clone(), row.line);
                    }
                }
                self.records += 1;
                sink.record_fields(FieldRecord::new(
                    origin.sheet.as_deref(),
                    Some(row.line),
                    plan.kind.name,
                    record.as_slice(),
                ))
            }
            Err(problems) => {
                // Only warnings: left out on purpose, not rejected.
                if problems.iter().any(|p| p.severity != Severity::Warning) {
                    self.rejected += 1;
                }
                for p in problems {
                    if sink.problem(p) == Flow::Cancel {
                        return Flow::Cancel;
                    }
                }
                Flow::Continue
            }
        }
    }
}

impl EmitState {
    /// One response per score column of a survey row; `NA` and empty scores
    /// are counted, a score outside its scale rejects the row.
    fn emit_scores(
        &mut self,
        plan: &mut Plan,
        record: Fields,
        row: &Row,
        origin: &Origin,
        sink: &mut dyn RecordSink,
    ) -> Flow {
        let mut out = Vec::with_capacity(plan.scores.len());
        let mut errors = Vec::new();
        for s in &plan.scores {
            let cell = row.cells.get(s.col).unwrap_or(&Cell::Empty);
            let header = plan.headers.get(s.col).map_or("", String::as_str);
            if crate::scores::is_no_score(cell) {
                plan.skipped_scores.0 += 1;
                if plan.skipped_scores.1 == 0 {
                    plan.skipped_scores.1 = row.line;
                }
                continue;
            }
            let (lo, hi) = crate::scores::scale(s.kind);
            match crate::scores::score_of(cell) {
                Some(v) if (lo..=hi).contains(&v) => {
                    let mut r = record.clone();
                    r.insert("kind", Value::String(s.kind.to_string()));
                    r.insert("score", Value::from(v));
                    out.push(r);
                }
                found => errors.push(
                    origin
                        .problem(
                            Severity::Error,
                            Some(row.line),
                            Some(header),
                            if found.is_some() {
                                "out_of_range"
                            } else {
                                "not_a_number"
                            },
                            format!(
                                "`{}` is not a {} score ({lo} to {hi}).",
                                cell.display().trim(),
                                s.kind
                            ),
                        )
                        .with_arg("value", cell.display().trim()),
                ),
            }
        }
        if !errors.is_empty() {
            self.rejected += 1;
            for p in errors {
                if sink.problem(p) == Flow::Cancel {
                    return Flow::Cancel;
                }
            }
            return Flow::Continue;
        }
        for r in out {
            self.records += 1;
            let flow = sink.record_fields(FieldRecord::new(
                origin.sheet.as_deref(),
                Some(row.line),
                plan.kind.name,
                r.as_slice(),
            ));
            if flow == Flow::Cancel {
                return Flow::Cancel;
            }
        }
        Flow::Continue
    }
}

/// The warning that counts the scores left empty or `NA`, if any.
fn skipped_scores_warning(plan: &Plan, origin: &Origin) -> Option<RowProblem> {
    let (n, first) = plan.skipped_scores;
    (n > 0).then(|| {
        origin
            .problem(
                Severity::Warning,
                Some(first),
                None,
                "scores_skipped",
                format!(
                    "{n} scores were empty or NA (the first on line {first}) and were skipped; the other scores of those rows were imported."
                ),
            )
            .with_arg("count", n.to_string())
    })
}

/// A sink that keeps everything (describe's preview, tests).
#[derive(Debug, Default)]
pub struct CollectSink {
    pub records: Vec<EmittedRecord>,
    pub problems: Vec<RowProblem>,
    /// Stop after this many records (0: never).
    pub limit: usize,
}

impl RecordSink for CollectSink {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        self.records.push(record);
        if self.limit > 0 && self.records.len() >= self.limit {
            Flow::Cancel
        } else {
            Flow::Continue
        }
    }

    fn problem(&mut self, problem: RowProblem) -> Flow {
        if self.problems.len() < 1000 {
            self.problems.push(problem);
        }
        Flow::Continue
    }

    fn progress(&mut self, _done: u64, _total: u64) -> Flow {
        Flow::Continue
    }
}

/// Describes a table: header, kind, mapping, and the first rows parsed.
/// `Ok(None)` when the table has no rows.
pub fn describe_table(
    source: &mut dyn RowSource,
    origin: &Origin,
    options: &ImportOptions,
) -> Result<Option<SheetDescription>, RowProblem> {
    describe_table_with(source, origin, options, &Rules::default())
}

/// [`describe_table`] with the caller's [`Rules`].
pub fn describe_table_with(
    source: &mut dyn RowSource,
    origin: &Origin,
    options: &ImportOptions,
    rules: &Rules,
) -> Result<Option<SheetDescription>, RowProblem> {
    let (head, _) = read_head(source)?;
    let Some(h) = header_index(&head, rules) else {
        return Ok(None);
    };
    let headers_only = |problem: Option<RowProblem>| {
        let headers: Vec<String> = head[h]
            .cells
            .iter()
            .map(|c| c.display().into_owned())
            .collect();
        let mut sheet = SheetDescription::default();
        sheet.name = origin.sheet.clone();
        sheet.header_row = Some(head[h].line);
        sheet.header_signature = headers
            .iter()
            .map(|x| normalize(x))
            .collect::<Vec<_>>()
            .join("|");
        sheet.unmapped = headers.clone();
        sheet.headers = headers;
        sheet.problems = problem.into_iter().collect();
        sheet
    };
    let mut plan = match Plan::new_with(&head[h], &head[h + 1..], origin, options, rules) {
        Ok(p) => p,
        Err(p) => return Ok(Some(headers_only(Some(p)))),
    };
    let mut sink = CollectSink::default();
    let mut state = EmitState::new(&plan);
    for r in head[h + 1..].iter().take(options.preview_rows as usize) {
        state.emit(&mut plan, r, origin, &mut sink);
    }
    // A record's own `kind` (the survey scale, the activity kind) travels
    // as `survey_kind` and the like; the preview names it by its field.
    let own_kind = tenure_plugin_api::own_kind_field(plan.kind.name);
    let preview = sink
        .records
        .iter()
        .map(|r| {
            let mut m = BTreeMap::new();
            if let Value::Object(o) = &r.record {
                for (k, v) in o {
                    if k == "kind" {
                        continue;
                    }
                    let k = if Some(k.as_str()) == own_kind {
                        &"kind".to_string()
                    } else {
                        k
                    };
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Object(c) => serde_json::to_string(c).unwrap_or_default(),
                        other => other.to_string(),
                    };
                    m.insert(k.clone(), text);
                }
            }
            m
        })
        .collect();
    let mut problems = plan.warnings.clone();
    problems.extend(sink.problems);
    // A survey file's empty and `NA` scores over every row read here, not
    // only the previewed ones: the preview says what the import skips.
    if !plan.scores.is_empty() {
        plan.skipped_scores = (0, 0);
        for r in head[h + 1..].iter().filter(|r| !r.is_blank()) {
            for s in &plan.scores {
                if crate::scores::is_no_score(r.cells.get(s.col).unwrap_or(&Cell::Empty)) {
                    plan.skipped_scores.0 += 1;
                    if plan.skipped_scores.1 == 0 {
                        plan.skipped_scores.1 = r.line;
                    }
                }
            }
        }
        if let Some(w) = skipped_scores_warning(&plan, origin) {
            let rows = head.len().saturating_sub(h + 1);
            problems.push(w.with_arg("rows_read", rows.to_string()));
        }
    }
    let mut sheet = SheetDescription::default();
    sheet.name = origin.sheet.clone();
    sheet.header_row = Some(plan.header_row);
    sheet.headers = plan.headers.clone();
    sheet.header_signature = plan.header_signature();
    sheet.kind = Some(plan.kind.name.to_string());
    sheet.mapping = plan.mapping();
    // Each score column under its kind (`nps`, `csat`, `ces`): the names
    // `--map` takes to choose a score column's kind, so that the mapping
    // shown, and given back, reads the file the same way.
    for s in &plan.scores {
        if let Some(h) = plan.headers.get(s.col) {
            sheet.mapping.push((s.kind.to_string(), h.clone()));
        }
    }
    sheet.unmapped = plan.unmapped.clone();
    sheet.preview = preview;
    sheet.problems = problems;
    Ok(Some(sheet))
}
