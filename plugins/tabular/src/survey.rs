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

use crate::aliases::{self, normalize};
use crate::csv::{CsvReader, RawRecord};
use crate::delimited::{DelimitedSource, file_name, sniff_layout};
use crate::encoding::{self, TextEncoding};
use crate::table::{Cell, Origin, Outcome, Row, RowSource, column_letter};
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
const ANY_VALUE: &str = "*";

impl Tool {
    pub fn id(self) -> &'static str {
        match self {
            Tool::GoogleForms => "google-forms",
            Tool::SurveyMonkey => "surveymonkey",
            Tool::Delighted => "delighted",
        }
    }

    fn label(self) -> &'static str {
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
        PluginInfo {
            id: self.id().to_string(),
            name: format!("{} surveys", self.label()),
            version: env!("CARGO_PKG_VERSION").to_string(),
            description: description.to_string(),
            extensions: vec!["csv".to_string()],
            kinds: vec!["survey_response".to_string()],
        }
    }
}

// ---------------------------------------------------------------- headers

/// A survey export's header: one name per column (SurveyMonkey's two
/// header rows folded into one), and the line of its last header row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub names: Vec<String>,
    pub norm: Vec<String>,
    /// The line of the last header row (data starts after it).
    pub line: u64,
    /// How many records the header took (1, or 2 for SurveyMonkey).
    pub rows: usize,
}

/// SurveyMonkey's second header row: "Response" / "Open-Ended Response"
/// under a single-answer question say nothing new.
fn plain_sub_label(sub: &str) -> bool {
    let n = normalize(sub);
    n.is_empty() || n == "response" || n == "open ended response" || n == "resposta"
}

fn unique(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let mut name = if name.trim().is_empty() {
            column_letter(i)
        } else {
            name.trim().to_string()
        };
        if out.contains(&name) {
            let base = name.clone();
            let mut n = 2;
            while out.contains(&name) {
                name = format!("{base} ({n})");
                n += 1;
            }
        }
        out.push(name);
    }
    out
}

/// Builds the header from the first non-blank records (line, cells).
pub fn read_header(tool: Tool, records: &[(u64, Vec<String>)]) -> Option<Header> {
    let (line, first) = records.first()?;
    let mut names: Vec<String> = first.iter().map(|c| c.trim().to_string()).collect();
    let mut rows = 1;
    let mut last_line = *line;
    if tool == Tool::SurveyMonkey
        && let Some((line2, second)) = records.get(1)
        && second.first().is_none_or(|c| c.trim().is_empty())
    {
        // Row 2 labels the answers of row 1's questions; questions with
        // several answers leave row 1 empty after their first column.
        let width = names.len().max(second.len());
        let mut question = String::new();
        let mut folded = Vec::with_capacity(width);
        for i in 0..width {
            let top = names.get(i).cloned().unwrap_or_default();
            let sub = second.get(i).map(|s| s.trim()).unwrap_or_default();
            if !top.is_empty() {
                question = top.clone();
            }
            folded.push(match (top.is_empty(), plain_sub_label(sub)) {
                (false, true) => top,
                (false, false) => format!("{top} — {sub}"),
                (true, _) if sub.is_empty() || question.is_empty() => String::new(),
                (true, _) => format!("{question} — {sub}"),
            });
        }
        names = folded;
        rows = 2;
        last_line = *line2;
    }
    let width = names
        .iter()
        .rposition(|n| !n.is_empty())
        .map_or(0, |p| p + 1);
    names.truncate(width);
    let names = unique(names);
    let norm = names.iter().map(|n| normalize(n)).collect();
    Some(Header {
        names,
        norm,
        line: last_line,
        rows,
    })
}

/// Reads up to `n` non-blank records of a text (the head of a file).
fn head_records(head: &[u8], n: usize) -> Vec<(u64, Vec<String>)> {
    let layout = sniff_layout(head);
    let text = encoding::decode_all(head, layout.encoding);
    let mut reader = CsvReader::new(text.as_bytes(), layout.delimiter);
    let mut rec = RawRecord::default();
    let mut out = Vec::new();
    while out.len() < n {
        match reader.read_record(&mut rec) {
            Ok(true) if !rec.is_blank() => out.push((rec.line, rec.to_vec())),
            Ok(true) => {}
            _ => break,
        }
    }
    out
}

// ---------------------------------------------------------------- recognising

fn has(norm: &[String], name: &str) -> bool {
    norm.iter().any(|n| n == name)
}

fn position(norm: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| norm.iter().position(|n| n == name))
}

/// The survey kind a question's text names or asks about.
pub fn scale_of_question(text: &str) -> Option<&'static str> {
    let n = normalize(text);
    let words: Vec<&str> = n.split(' ').collect();
    let word = |w: &str| words.contains(&w);
    if word("nps")
        || n.contains("recommend")
        || n.contains("recomend")
        || n.contains("indicaria")
        || n.contains("net promoter")
    {
        Some("nps")
    } else if word("csat") || n.contains("satisf") {
        Some("csat")
    } else if word("ces")
        || n.contains("effort")
        || n.contains("esforco")
        || n.contains("easy")
        || n.contains("facil")
    {
        Some("ces")
    } else {
        None
    }
}

const TIMESTAMP: [&str; 3] = ["timestamp", "carimbo de data hora", "marca temporal"];
const EMAIL: [&str; 6] = [
    "email address",
    "email",
    "e mail",
    "endereco de e mail",
    "endereco de email",
    "person email",
];

/// How sure (0–100) `tool` is that these first records are its export.
fn recognise(tool: Tool, records: &[(u64, Vec<String>)]) -> u8 {
    let Some(header) = read_header(tool, records) else {
        return 0;
    };
    let norm = &header.norm;
    match tool {
        Tool::GoogleForms => {
            if !norm
                .first()
                .is_some_and(|n| TIMESTAMP.contains(&n.as_str()))
            {
                return 0;
            }
            let survey_question = header.names.iter().any(|h| scale_of_question(h).is_some());
            let email = norm.get(1).is_some_and(|n| EMAIL.contains(&n.as_str()));
            // "Timestamp" alone is too common a first column to claim the file.
            if survey_question || email { 90 } else { 40 }
        }
        Tool::SurveyMonkey => {
            if has(norm, "respondent id")
                && has(norm, "collector id")
                && (has(norm, "start date") || has(norm, "end date"))
            {
                95
            } else {
                0
            }
        }
        Tool::Delighted => {
            let permalink = records
                .iter()
                .skip(1)
                .any(|(_, cells)| cells.iter().any(|c| c.contains("delighted.com/r/")));
            let score = has(norm, "score");
            if permalink && score {
                95
            } else if score
                && (has(norm, "permalink")
                    || has(norm, "survey type")
                    || has(norm, "response timestamp"))
            {
                70
            } else {
                0
            }
        }
    }
}

/// `detect` for a survey tool.
pub fn detect(tool: Tool, path: &Path, head: &[u8]) -> u8 {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "tsv" | "txt" | "") || head.is_empty() {
        return 0;
    }
    let layout = sniff_layout(head);
    if matches!(
        layout.encoding.encoding,
        TextEncoding::Utf8 | TextEncoding::Windows1252
    ) && head.iter().take(4096).any(|b| *b == 0)
    {
        return 0;
    }
    recognise(tool, &head_records(head, 6))
}

// ---------------------------------------------------------------- columns

/// The columns a survey import reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub account: Option<usize>,
    pub date: Option<usize>,
    pub score: Option<usize>,
    pub respondent: Option<usize>,
    pub comment: Option<usize>,
    /// A column saying nps / csat / ces per row.
    pub kind: Option<usize>,
    /// The survey kind of every row, when no column gives it.
    pub kind_constant: Option<&'static str>,
}

fn account_like(norm: &str) -> bool {
    let account_aliases = aliases::kind_def("survey_response")
        .and_then(|k| k.fields.iter().find(|f| f.name == "account"))
        .map_or(&[][..], |f| f.aliases);
    if account_aliases.contains(&norm) {
        return true;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    [
        "company",
        "empresa",
        "organization",
        "organizacao",
        "account",
        "conta",
        "cliente",
    ]
    .iter()
    .any(|w| words.contains(w))
}

fn comment_like(norm: &str) -> bool {
    let words: Vec<&str> = norm.split(' ').collect();
    [
        "why",
        "comment",
        "comments",
        "comentario",
        "comentarios",
        "motivo",
        "reason",
        "feedback",
    ]
    .iter()
    .any(|w| words.contains(w))
        || norm.contains("por que")
        || norm.contains("porque")
}

/// What each tool's layout says, before the person's `--map`.
fn auto_columns(tool: Tool, header: &Header) -> Columns {
    let norm = &header.norm;
    let mut c = Columns::default();
    match tool {
        Tool::GoogleForms => {
            c.date = position(norm, &TIMESTAMP);
            c.respondent = position(norm, &EMAIL);
        }
        Tool::SurveyMonkey => {
            // The answer is complete at the end date.
            c.date = position(norm, &["end date", "start date"]);
            c.respondent = position(norm, &["email address", "respondent id"]);
        }
        Tool::Delighted => {
            c.date = position(
                norm,
                &["response timestamp", "created at", "date", "timestamp"],
            );
            c.respondent = position(
                norm,
                &["email", "person email", "name", "person id", "person"],
            );
            c.score = position(norm, &["score"]);
            c.comment = position(norm, &["comment"]);
            c.kind = position(norm, &["survey type", "survey kind"]);
        }
    }
    let taken = |c: &Columns, i: usize| {
        [c.date, c.respondent, c.score, c.comment, c.kind].contains(&Some(i))
    };
    if c.score.is_none() {
        let candidates: Vec<usize> = (0..header.names.len())
            .filter(|&i| !taken(&c, i) && scale_of_question(&header.names[i]).is_some())
            .filter(|&i| !comment_like(&norm[i]))
            .collect();
        if candidates.len() == 1 {
            c.score = candidates.first().copied();
        }
    }
    c.account = (0..norm.len()).find(|&i| !taken(&c, i) && account_like(&norm[i]));
    if c.comment.is_none() {
        let after = c.score.unwrap_or(0);
        c.comment = (after..norm.len())
            .chain(0..after)
            .find(|&i| !taken(&c, i) && Some(i) != c.account && comment_like(&norm[i]));
    }
    c
}

fn find_column(header: &Header, wanted: &str) -> Option<usize> {
    let w = wanted.trim();
    header
        .names
        .iter()
        .position(|h| h == w)
        .or_else(|| {
            let nw = normalize(w);
            header.norm.iter().position(|n| *n == nw)
        })
        .or_else(|| (0..header.names.len()).find(|i| column_letter(*i) == w))
}

fn list(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(25)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 25 {
        s.push_str(&format!(" and {} more", names.len() - 25));
    }
    s
}

/// The columns to read: the tool's layout, then the person's `--map`
/// (`account`, `date`, `score`, `respondent`, `comment`, `kind`), then the
/// survey kind. `Err` is a fatal problem that says what to map.
pub fn choose_columns(
    tool: Tool,
    header: &Header,
    options: &ImportOptions,
    file: &str,
) -> Result<Columns, RowProblem> {
    let mut c = auto_columns(tool, header);
    let fatal = |code: &str, message: String| {
        let mut p = RowProblem::fatal(code, message);
        p.file = Some(file.to_string());
        p.row = Some(header.line);
        p
    };
    for (field, column) in &options.map {
        let col = find_column(header, column).ok_or_else(|| {
            fatal(
                "unknown_column",
                format!(
                    "`{file}` has no column `{column}` to map to `{field}`; its columns are: {}.",
                    list(&header.names)
                ),
            )
        })?;
        let slot = match field.trim() {
            "account" => &mut c.account,
            "date" => &mut c.date,
            "score" => &mut c.score,
            "respondent" => &mut c.respondent,
            "comment" => &mut c.comment,
            "kind" | "survey_kind" => &mut c.kind,
            other => {
                return Err(fatal(
                    "unknown_field",
                    format!(
                        "`{other}` is not a field of survey responses; map account, date, score, respondent, comment or kind."
                    ),
                ));
            }
        };
        *slot = Some(col);
    }
    let any_kind = ["kind", "survey_kind"]
        .iter()
        .filter_map(|f| options.value_map.get(*f))
        .find_map(|m| m.get(ANY_VALUE))
        .map(String::as_str);
    if c.kind.is_none() {
        c.kind_constant = match any_kind {
            Some(k) => Some(match scale_of_question(k) {
                Some(k) => k,
                None => {
                    return Err(fatal(
                        "unknown_survey_kind",
                        format!("`{k}` is not a survey kind; use nps, csat or ces."),
                    ));
                }
            }),
            None => c
                .score
                .and_then(|s| scale_of_question(&header.names[s]))
                .or_else(|| {
                    let n = normalize(file);
                    n.split(' ').find_map(|w| match w {
                        "nps" => Some("nps"),
                        "csat" => Some("csat"),
                        "ces" => Some("ces"),
                        _ => None,
                    })
                }),
        };
    }
    let questions: Vec<String> = (0..header.names.len())
        .filter(|i| ![c.date, c.respondent].contains(&Some(*i)))
        .map(|i| header.names[i].clone())
        .collect();
    let Some(score) = c.score else {
        return Err(fatal(
            "choose_score_column",
            format!(
                "Tenure cannot tell which column of `{file}` holds the score; choose it once with --map score=\"COLUMN\" (it is remembered for files with these headers). Columns: {}.",
                list(&questions)
            ),
        ));
    };
    if c.account.is_none() {
        return Err(fatal(
            "choose_account_column",
            format!(
                "Tenure cannot tell which column of `{file}` names the customer account; choose it once with --map account=\"COLUMN\" (an account id or the account's exact name; it is remembered for files with these headers). Columns: {}.",
                list(&questions)
            ),
        ));
    }
    if c.date.is_none() {
        return Err(fatal(
            "choose_date_column",
            format!(
                "`{file}` has no date column Tenure knows; choose it with --map date=\"COLUMN\". Columns: {}.",
                list(&header.names)
            ),
        ));
    }
    if c.kind.is_none() && c.kind_constant.is_none() {
        return Err(fatal(
            "unknown_survey_kind",
            format!(
                "Tenure cannot tell whether `{}` holds NPS (0–10), CSAT (1–5) or CES (1–7) answers; say which with --map-value kind:*=nps (or csat, ces).",
                header.names[score]
            ),
        ));
    }
    Ok(c)
}

impl Columns {
    /// Field → column header, as the import reads them.
    fn mapping(&self, header: &Header) -> Vec<(String, String)> {
        let name = |i: Option<usize>| i.and_then(|i| header.names.get(i).cloned());
        let mut out = Vec::new();
        for (field, col) in [
            ("account", self.account),
            ("date", self.date),
            ("score", self.score),
            ("respondent", self.respondent),
            ("comment", self.comment),
            ("kind", self.kind),
        ] {
            if let Some(n) = name(col) {
                out.push((field.to_string(), n));
            }
        }
        if self.kind.is_none() && self.kind_constant.is_some() {
            out.push(("kind".to_string(), KIND_COLUMN.to_string()));
        }
        out
    }
}

// ---------------------------------------------------------------- values

/// The date of a timestamp as the tools write it: `2024/01/15 10:23:45 AM
/// GMT-3`, `1/15/2024 10:23:45`, `2024-01-15T10:23:45Z`, Unix seconds.
pub fn date_part(text: &str) -> String {
    let t = text.trim();
    if (9..=11).contains(&t.len())
        && t.bytes().all(|b| b.is_ascii_digit())
        && let Ok(secs) = t.parse::<i64>()
    {
        let (y, m, d) = crate::values::civil_from_days(secs.div_euclid(86_400));
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let first = t.split_whitespace().next().unwrap_or("");
    match first.find('T') {
        Some(p) if p >= 8 && first[..4].bytes().all(|b| b.is_ascii_digit()) => {
            first[..p].to_string()
        }
        _ => first.to_string(),
    }
}

/// A score as the tools write it: `9`, `10 - Extremely likely`, or a CSAT
/// label (`Very satisfied` → 5). Other text is left for the person's
/// `--map-value score:TEXT=N` or the "not a number" row problem.
pub fn score_text(text: &str, kind: Option<&str>) -> Option<String> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = t[digits.len()..].trim_start();
        if rest.is_empty() || rest.starts_with(['-', '–', '—', '(', '=', ':']) {
            return Some(digits);
        }
        return None;
    }
    if kind == Some("csat") {
        let score = match normalize(t).as_str() {
            "very satisfied" | "muito satisfeito" | "muito satisfeita" => 5,
            "satisfied" | "somewhat satisfied" | "satisfeito" | "satisfeita" => 4,
            "neutral"
            | "neither satisfied nor dissatisfied"
            | "neutro"
            | "nem satisfeito nem insatisfeito" => 3,
            "dissatisfied" | "somewhat dissatisfied" | "insatisfeito" | "insatisfeita" => 2,
            "very dissatisfied" | "muito insatisfeito" | "muito insatisfeita" => 1,
            _ => return None,
        };
        return Some(score.to_string());
    }
    None
}

// ---------------------------------------------------------------- rows

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
        let mut p = RowProblem::fatal(
            "not_text",
            format!(
                "`{file}` is not a CSV export (it looks binary); download the {} responses as CSV and import that file.",
                tool.label()
            ),
        );
        p.file = Some(file.clone());
        return Err(p);
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
        let mut p = RowProblem::fatal(
            "empty_file",
            format!("`{file}` is empty: it has no header row and no responses."),
        );
        p.file = Some(file.clone());
        p
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
            return Ok(FileDescription {
                sheets: vec![SheetDescription {
                    name: None,
                    header_row: Some(header.line),
                    headers: header.names.clone(),
                    header_signature: signature,
                    kind: Some("survey_response".to_string()),
                    unmapped: header.names.clone(),
                    problems: vec![problem],
                    ..SheetDescription::default()
                }],
            });
        }
    };
    let table = table_options(tool, options, &header, &columns);
    let file = opened.file.clone();
    let mut source = rows(opened, columns);
    let mut sheet = describe_table(&mut source, &origin(&file), &table)?.unwrap_or_default();
    sheet.header_signature = signature;
    sheet.headers = header.names;
    sheet.unmapped.retain(|u| u != KIND_COLUMN);
    Ok(FileDescription {
        sheets: vec![sheet],
    })
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
        } => {
            let mut p = RowProblem::fatal(
                "empty_file",
                format!("`{file}` has a header but no responses."),
            );
            p.file = Some(file);
            Err(p)
        }
        Outcome::Done { .. } | Outcome::Cancelled => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
    use super::*;

    fn recs(rows: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 1, r.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn surveymonkey_header_rows_are_folded() {
        let h = read_header(
            Tool::SurveyMonkey,
            &recs(&[
                &[
                    "Respondent ID",
                    "Collector ID",
                    "Contact",
                    "",
                    "How likely…recommend?",
                ],
                &["", "", "Name", "Company", "Response"],
            ]),
        )
        .unwrap();
        assert_eq!(
            h.names,
            [
                "Respondent ID",
                "Collector ID",
                "Contact — Name",
                "Contact — Company",
                "How likely…recommend?"
            ]
        );
        assert_eq!((h.line, h.rows), (2, 2));
    }

    #[test]
    fn a_timestamp_column_alone_does_not_claim_a_file() {
        let plain = b"Timestamp,Month,MRR\n2025-01-01,2025-01,10\n";
        assert_eq!(detect(Tool::GoogleForms, Path::new("x.csv"), plain), 40);
        let form = b"Timestamp,Email Address,Nota\n1/2/2025 10:00:00,a@b.c,9\n";
        assert_eq!(detect(Tool::GoogleForms, Path::new("x.csv"), form), 90);
        assert_eq!(detect(Tool::GoogleForms, Path::new("x.xlsx"), form), 0);
        assert_eq!(detect(Tool::SurveyMonkey, Path::new("x.csv"), form), 0);
        assert_eq!(detect(Tool::Delighted, Path::new("x.csv"), form), 0);
    }

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

    #[test]
    fn scales_from_questions() {
        assert_eq!(
            scale_of_question("How likely are you to recommend Acme to a friend?"),
            Some("nps")
        );
        assert_eq!(
            scale_of_question("Qual a probabilidade de você recomendar a Acme?"),
            Some("nps")
        );
        assert_eq!(
            scale_of_question("Quão satisfeito você está?"),
            Some("csat")
        );
        assert_eq!(
            scale_of_question("A empresa facilitou resolver meu problema"),
            Some("ces")
        );
        assert_eq!(scale_of_question("Your company"), None);
    }

    #[test]
    fn dates_and_scores_as_tools_write_them() {
        assert_eq!(date_part("2024/01/15 10:23:45 AM GMT-3"), "2024/01/15");
        assert_eq!(date_part("1/15/2024 10:23:45"), "1/15/2024");
        assert_eq!(date_part("2024-01-15T10:23:45Z"), "2024-01-15");
        // 1713418460 s = 19831 days + 16460 s after 1970-01-01 → 2024-04-18.
        assert_eq!(date_part("1713418460"), "2024-04-18");
        assert_eq!(
            score_text("10 - Extremely likely", None).as_deref(),
            Some("10")
        );
        assert_eq!(
            score_text("Very satisfied", Some("csat")).as_deref(),
            Some("5")
        );
        assert_eq!(score_text("Very satisfied", Some("nps")), None);
        assert_eq!(score_text("9", None).as_deref(), Some("9"));
        assert_eq!(score_text("9x", None), None);
    }
}
