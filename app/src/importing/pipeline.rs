//! What goes into an import and what comes out of it: the person's
//! settings, the progress callers show, and the per-file report (the shape
//! of `import --json`). The work itself is [`super::service`]'s.
//!
//! The flow: file → plugin (detect or `--plugin`) → `describe` (kinds,
//! headers, saved mapping) → `import` on its own thread → batches of
//! canonical records → the store's single write path (`ChangeSet`) → one
//! transaction per file → a [`FileReport`]. Several files are imported in
//! dependency order (CSMs, then accounts, then the records that refer to
//! them). **Each file is its own transaction and its own entry in the
//! import history** (one `tenure undo` per file): a file with rejected rows
//! writes nothing of itself, and files before it stay imported.

pub use super::service::import_files;

use super::RowProblem;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Problems kept per file; beyond that only the count grows.
pub const MAX_PROBLEMS: usize = 1000;

/// The source external ids belong to, unless the person names another.
pub const DEFAULT_SOURCE: &str = "import";

/// The person's choices for one `tenure import` (or one import in the window).
#[derive(Debug, Clone, Default)]
pub struct ImportSettings {
    /// `--plugin ID`: skip detection.
    pub plugin: Option<String>,
    /// `--kind KIND`.
    pub kind: Option<String>,
    /// `--map FIELD=COLUMN` (field → column).
    pub map: Vec<(String, String)>,
    pub value_map: BTreeMap<String, BTreeMap<String, String>>,
    pub locale: Option<String>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    /// The system the records come from (external ids are unique within it);
    /// [`DEFAULT_SOURCE`] when `None`.
    pub source: Option<String>,
    /// How long `describe`, or `import` between two signs of life, may take
    /// before the plugin counts as hung ([`super::STALL_TIMEOUT`] when `None`).
    pub stall_timeout: Option<Duration>,
}

/// Progress of the file being imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Index of the file in the (ordered) list, and how many there are.
    pub file: usize,
    pub files: usize,
    /// Work done of total as the plugin counts it (bytes or rows; total 0
    /// when unknown).
    pub done: u64,
    pub total: u64,
    /// Records received so far from this file.
    pub records: u64,
    /// Records received so far from every file of the run.
    pub run_records: u64,
}

/// What happened to one file (the shape of `import --json`).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FileReport {
    pub file: String,
    pub plugin: Option<String>,
    pub kinds: Vec<String>,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub problems: Vec<RowProblem>,
    /// Problems beyond [`MAX_PROBLEMS`], counted but not kept.
    pub more_problems: u64,
    /// `null` for a dry run or when nothing was written.
    pub import_id: Option<i64>,
    /// `committed`, `committed_skipping_invalid`, `dry_run`, `rejected`,
    /// `failed`, `cancelled`, `unreadable` or `ambiguous`.
    pub status: String,
    pub dry_run: bool,
    /// The header signature whose saved mapping was reused, if one was.
    pub mapping_reused: Option<String>,
    /// Candidates when the plugin could not be chosen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// 0, 1 (rows rejected) or 2 (the file could not be read), per cli.md.
    pub exit_code: u8,
    /// How survey responses and tickets found their account (empty for
    /// other kinds).
    #[serde(default, skip_serializing_if = "crate::store::Matching::is_empty")]
    pub matching: crate::store::Matching,
    /// What the run's first money did to the reporting currency
    /// (importing/first_currency.rs), on the reports of the files whose
    /// money decided it; left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporting_currency: Option<super::first_currency::CurrencyDecision>,
    /// The currencies of the money this file wrote (not serialized).
    #[serde(skip)]
    pub money: super::first_currency::MoneySeen,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Candidate {
    pub plugin: String,
    pub confidence: Option<u8>,
}

impl FileReport {
    pub(super) fn new(path: &Path) -> Self {
        FileReport {
            file: path.display().to_string(),
            ..FileReport::default()
        }
    }

    pub(super) fn push(&mut self, problem: RowProblem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.more_problems += 1;
        }
    }

    pub(super) fn fatal(mut self, status: &str, problem: RowProblem) -> Self {
        self.status = status.to_string();
        self.exit_code = 2;
        self.push(problem);
        self
    }
}

/// The file's name as messages say it.
pub(super) fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A problem that stops the whole file.
pub(super) fn file_problem(path: &Path, code: &str, message: String) -> RowProblem {
    let mut p = RowProblem::fatal(code, message);
    p.file = Some(display_name(path));
    p
}

/// "accounts.csv, line 17, column `MRR`" (rows of a sheet are "row N").
pub fn locate(file: &str, sheet: Option<&str>, row: Option<u64>, column: Option<&str>) -> String {
    let mut text = file.to_string();
    if let Some(sheet) = sheet {
        text.push_str(&format!(", sheet `{sheet}`"));
    }
    if let Some(row) = row {
        let word = if sheet.is_some() { "row" } else { "line" };
        text.push_str(&format!(", {word} {row}"));
    }
    if let Some(column) = column {
        text.push_str(&format!(", column `{column}`"));
    }
    text
}
