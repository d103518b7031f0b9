//! The import pipeline: file → plugin (detect or `--plugin`) → `describe`
//! (kinds, headers, saved mapping) → `import` on its own thread → batches of
//! canonical JSON records → `Record` → the store's single write path
//! ([`ChangeSet`]) → one transaction per file → a [`FileReport`].
//!
//! Several files are imported in dependency order (CSMs, then accounts,
//! then the records that refer to them). **Each file is its own transaction
//! and its own entry in the import history** (one `tenure undo` per file):
//! a file with rejected rows writes nothing of itself, and files before it
//! stay imported.

use super::ffi::{self, Decoded, Message, Shared};
use super::mapping::{self, SavedMapping};
use super::{Choice, Detection, FileDescription, ImportOptions, Plugin, PluginHost, RowProblem};
use crate::domain::{Record, RecordKind};
use crate::store::{ChangeSet, ChangeSetMeta, Store, WriteSummary};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};
use tenure_plugin_api::Severity;
use tenure_plugin_api::abi::{TN_CANCELLED, TN_FATAL, TN_OK};

/// How often the writer looks at cancel and at the plugin's signs of life.
const TICK: Duration = Duration::from_millis(100);
/// How long a plugin has to stop after a cancel before the import stops
/// waiting for it (nothing is written either way).
const CANCEL_GRACE: Duration = Duration::from_secs(2);

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
    /// Records received so far.
    pub records: u64,
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
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Candidate {
    pub plugin: String,
    pub confidence: Option<u8>,
}

impl FileReport {
    fn new(path: &Path) -> Self {
        FileReport {
            file: path.display().to_string(),
            ..FileReport::default()
        }
    }

    fn push(&mut self, problem: RowProblem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.more_problems += 1;
        }
    }

    fn fatal(mut self, status: &str, problem: RowProblem) -> Self {
        self.status = status.to_string();
        self.exit_code = 2;
        self.push(problem);
        self
    }
}

/// A file with its plugin chosen and described, ready to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub path: PathBuf,
    pub plugin: Plugin,
    pub options: ImportOptions,
    pub description: FileDescription,
    pub kinds: Vec<String>,
    pub mapping_reused: Option<String>,
}

impl ImportRequest {
    /// Dependency rank: the earliest kind the file holds in [`RecordKind`] order.
    pub fn rank(&self) -> usize {
        self.kinds
            .iter()
            .filter_map(|k| RecordKind::ALL.iter().position(|r| r.name() == k))
            .min()
            .unwrap_or(RecordKind::ALL.len())
    }
}

/// Sorts requests so that what others refer to is written first; files of
/// the same rank keep the order they were given in.
pub fn order_by_dependencies(requests: &mut [ImportRequest]) {
    requests.sort_by_key(ImportRequest::rank);
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn file_problem(path: &Path, code: &str, message: String) -> RowProblem {
    let mut p = RowProblem::fatal(code, message);
    p.file = Some(display_name(path));
    p
}

/// Chooses the plugin for `path`, describes the file and applies a saved
/// mapping. `Err` is the report of a file that cannot go further.
pub fn prepare(
    store: &Store,
    host: &PluginHost,
    path: &Path,
    settings: &ImportSettings,
) -> Result<ImportRequest, FileReport> {
    let report = FileReport::new(path);
    let head = match super::read_head(path) {
        Ok(head) => head,
        Err(e) => {
            return Err(report.fatal(
                "unreadable",
                file_problem(
                    path,
                    "cannot_read",
                    format!(
                        "{} cannot be read ({e}); check the path and that you may read the file",
                        path.display()
                    ),
                ),
            ));
        }
    };
    if let Some(kind) = &settings.kind
        && RecordKind::parse(kind).is_none()
    {
        let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
        return Err(report.fatal(
            "unreadable",
            file_problem(
                path,
                "unknown_kind",
                format!(
                    "--kind {kind} is not a record kind; use one of {}",
                    known.join(", ")
                ),
            ),
        ));
    }
    let plugin = match &settings.plugin {
        Some(id) => match host.get(id) {
            Some(p) => p.clone(),
            None => {
                return Err(report.fatal(
                    "unreadable",
                    file_problem(
                        path,
                        "unknown_plugin",
                        format!(
                            "there is no plugin `{id}` (loaded: {}); `tenure plugins` lists them and says why any failed to load",
                            host.ids()
                        ),
                    ),
                ));
            }
        },
        None => match host.choose(path, &head) {
            Choice::Chosen(p) => p,
            Choice::Ambiguous(answers) => return Err(ambiguous(report, path, host, answers)),
        },
    };
    let stall = settings.stall_timeout.unwrap_or(super::STALL_TIMEOUT);
    let currency = store.settings().currency().ok();
    let mut options = ImportOptions {
        kind: settings.kind.clone(),
        map: settings.map.clone(),
        value_map: settings.value_map.clone(),
        locale: settings.locale.clone(),
        currency,
        preview_rows: 0,
    };
    let mut report = report;
    report.plugin = Some(plugin.info.id.clone());
    let mut description = match plugin.describe_within(path, &options, stall) {
        Ok(d) => d,
        Err(problem) => return Err(report.fatal("unreadable", problem)),
    };
    // A mapping the person confirmed before for these headers.
    let mut mapping_reused = None;
    if settings.map.is_empty() && settings.kind.is_none() && settings.value_map.is_empty() {
        for sheet in &description.sheets {
            if sheet.header_signature.is_empty() {
                continue;
            }
            if let Ok(Some(saved)) = mapping::load(store, &plugin.info.id, &sheet.header_signature)
                && !saved.is_empty()
            {
                options.kind = saved.kind;
                options.map = saved.map;
                options.value_map = saved.value_map;
                mapping_reused = Some(sheet.header_signature.clone());
                break;
            }
        }
        if mapping_reused.is_some() {
            match plugin.describe_within(path, &options, stall) {
                Ok(d) => description = d,
                Err(problem) => return Err(report.fatal("unreadable", problem)),
            }
        }
    }
    let mut kinds: Vec<String> = match &options.kind {
        Some(kind) => vec![kind.clone()],
        None => description
            .sheets
            .iter()
            .filter_map(|s| s.kind.clone())
            .collect(),
    };
    if kinds.is_empty() {
        kinds = plugin.info.kinds.clone();
    }
    kinds.sort_by_key(|k| RecordKind::parse(k).map_or(usize::MAX, |r| r as usize));
    kinds.dedup();
    Ok(ImportRequest {
        path: path.to_path_buf(),
        plugin,
        options,
        description,
        kinds,
        mapping_reused,
    })
}

fn ambiguous(
    mut report: FileReport,
    path: &Path,
    host: &PluginHost,
    answers: Vec<Detection>,
) -> FileReport {
    report.candidates = answers
        .iter()
        .map(|a| Candidate {
            plugin: a.plugin.clone(),
            confidence: a.confidence,
        })
        .collect();
    let listed: Vec<String> = answers
        .iter()
        .filter(|a| a.confidence.is_some_and(|c| c > 0))
        .map(|a| format!("{} ({}%)", a.plugin, a.confidence.unwrap_or(0)))
        .collect();
    let message = if host.plugins.is_empty() {
        format!(
            "no importer plugin is installed, so {} cannot be read; put plugins in the `plugins` folder beside Tenure or in $TENURE_PLUGIN_PATH (`tenure plugins` shows where Tenure looks)",
            path.display()
        )
    } else if listed.is_empty() {
        format!(
            "no plugin recognises {} (loaded: {}); choose one with --plugin ID, or install a plugin for this kind of file",
            path.display(),
            host.ids()
        )
    } else {
        format!(
            "Tenure cannot tell which plugin should read {}: candidates {}; run the import again with --plugin ID",
            path.display(),
            listed.join(", ")
        )
    };
    report.fatal(
        "ambiguous",
        file_problem(path, "plugin_not_chosen", message),
    )
}

/// Imports `files` (prepared and ordered by dependency); one report per file,
/// in the order they were imported. `cancel` stops the import between
/// batches (what was read is rolled back).
pub fn import_files(
    store: &mut Store,
    host: &PluginHost,
    files: &[PathBuf],
    settings: &ImportSettings,
    cancel: Arc<AtomicBool>,
    progress: &mut dyn FnMut(Progress),
) -> Vec<FileReport> {
    let mut reports = Vec::new();
    let mut requests = Vec::new();
    for path in files {
        match prepare(store, host, path, settings) {
            Ok(request) => requests.push(request),
            Err(report) => reports.push(report),
        }
    }
    order_by_dependencies(&mut requests);
    let files = requests.len();
    for (index, request) in requests.iter().enumerate() {
        let mut on_progress = |mut p: Progress| {
            p.file = index;
            p.files = files;
            progress(p);
        };
        reports.push(import_one(
            store,
            request,
            settings,
            cancel.clone(),
            &mut on_progress,
        ));
    }
    reports
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Turns field names back into the person's column names, per sheet.
struct Columns {
    by_sheet: HashMap<Option<String>, HashMap<String, String>>,
}

impl Columns {
    fn new(description: &FileDescription) -> Self {
        let mut by_sheet: HashMap<Option<String>, HashMap<String, String>> = HashMap::new();
        for sheet in &description.sheets {
            let map = by_sheet.entry(sheet.name.clone()).or_default();
            for (field, column) in &sheet.mapping {
                map.entry(field.clone()).or_insert_with(|| column.clone());
            }
        }
        Columns { by_sheet }
    }

    fn column(&self, sheet: &Option<String>, field: &str) -> String {
        self.by_sheet
            .get(sheet)
            .and_then(|m| m.get(field))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    }
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

struct Writer<'r> {
    file: String,
    /// The database's CES sources use 7 for "very easy": store 8 − score.
    flip_ces: bool,
    columns: Columns,
    report: &'r mut FileReport,
    records: u64,
}

impl Writer<'_> {
    fn reject(
        &mut self,
        sheet: Option<String>,
        row: Option<u64>,
        column: &str,
        code: &str,
        what: String,
    ) {
        let message = format!(
            "{}: {what}",
            locate(&self.file, sheet.as_deref(), row, Some(column))
        );
        self.report.push(RowProblem {
            severity: Severity::Error,
            file: Some(self.file.clone()),
            sheet,
            row,
            column: Some(column.to_string()),
            code: code.to_string(),
            message,
        });
    }

    /// Writes one decoded batch.
    fn batch(&mut self, cs: &mut ChangeSet<'_>, mut batch: Vec<Decoded>) {
        // By reference: a record is hundreds of bytes, and moving each one
        // out showed up in import profiles.
        for decoded in &mut batch {
            self.records += 1;
            let record = match &mut decoded.record {
                Ok(r) => r,
                Err(text) => {
                    cs.count_rejected();
                    // serde names the field in backticks: "unknown field `x`".
                    let field = text
                        .split('`')
                        .nth(1)
                        .filter(|_| text.contains("field"))
                        .unwrap_or("record")
                        .to_string();
                    let column = self.columns.column(&decoded.sheet, &field);
                    let what = format!(
                        "{text}; correct the row in the file, or map the column to another field with --map"
                    );
                    self.reject(
                        decoded.sheet.clone(),
                        decoded.row,
                        &column,
                        "invalid_record",
                        what,
                    );
                    continue;
                }
            };
            if self.flip_ces {
                flip_ces(record);
            }
            if let Err(errors) = cs.write(record) {
                for e in errors {
                    let column = self.columns.column(&decoded.sheet, &e.field);
                    let what = if e.value.is_empty() {
                        e.message.clone()
                    } else {
                        format!("`{}` {}", e.value, e.message)
                    };
                    self.reject(
                        decoded.sheet.clone(),
                        decoded.row,
                        &column,
                        e.code.name(),
                        what,
                    );
                }
            }
        }
    }
}

/// Turns a CES score given on a scale where 7 means "very easy" into
/// Tenure's scale (1 = very little effort). Scores outside 1–7 are left for
/// validation to reject with the value the person typed.
fn flip_ces(record: &mut Record) {
    if let Record::SurveyResponse(r) = record
        && r.kind == crate::domain::SurveyKind::Ces
        && (1..=7).contains(&r.score)
    {
        r.score = 8 - r.score;
    }
}

/// Imports one prepared file in one transaction.
pub fn import_one(
    store: &mut Store,
    request: &ImportRequest,
    settings: &ImportSettings,
    cancel: Arc<AtomicBool>,
    progress: &mut dyn FnMut(Progress),
) -> FileReport {
    let path = &request.path;
    let plugin = &request.plugin;
    let mut report = FileReport::new(path);
    report.plugin = Some(plugin.info.id.clone());
    report.kinds = request.kinds.clone();
    report.dry_run = settings.dry_run;
    report.mapping_reused = request.mapping_reused.clone();
    let file_hash = match hash_file(path) {
        Ok(h) => h,
        Err(e) => {
            return report.fatal(
                "unreadable",
                file_problem(
                    path,
                    "cannot_read",
                    format!(
                        "{} cannot be read ({e}); check the file and try again",
                        path.display()
                    ),
                ),
            );
        }
    };
    let mut meta = ChangeSetMeta::new(
        &plugin.info.id,
        settings.source.as_deref().unwrap_or(DEFAULT_SOURCE),
    );
    meta.file_name = Some(display_name(path));
    meta.file_hash = Some(file_hash);
    meta.skip_invalid = settings.skip_invalid;
    meta.bulk = true;
    let flip_ces = store.settings().ces_high_is_easy().unwrap_or(false);
    let shared = Shared::new(cancel.clone());
    let mut cs = match store.change_set(meta.clone()) {
        Ok(cs) => cs,
        Err(e) => {
            return report.fatal(
                "failed",
                file_problem(path, "database", format!("{e}; nothing was written")),
            );
        }
    };
    let rx = match ffi::start_import(plugin, path, &request.options, shared.clone()) {
        Ok(rx) => rx,
        Err(problem) => {
            cs.rollback();
            return report.fatal("failed", problem);
        }
    };
    let mut writer = Writer {
        file: display_name(path),
        flip_ces,
        columns: Columns::new(&request.description),
        report: &mut report,
        records: 0,
    };
    let mut fatal: Option<RowProblem> = None;
    let mut code = TN_OK;
    let mut broken: Option<String> = None;
    // Drain until the plugin says it is done (or its thread is gone), and
    // watch it: no batch, problem or progress for `stall` means it hangs;
    // after a cancel it has `CANCEL_GRACE` to stop before we stop waiting.
    let stall = settings.stall_timeout.unwrap_or(super::STALL_TIMEOUT);
    let mut alive_at = Instant::now();
    let mut beat = 0;
    let mut cancelled_at: Option<Instant> = None;
    let mut hung = false;
    loop {
        let message = match rx.recv_timeout(TICK) {
            Ok(message) => {
                alive_at = Instant::now();
                message
            }
            Err(RecvTimeoutError::Timeout) => {
                let now = shared.beat.load(Ordering::Relaxed);
                if now != beat {
                    beat = now;
                    alive_at = Instant::now();
                }
                if cancel.load(Ordering::Relaxed) {
                    let since = *cancelled_at.get_or_insert_with(Instant::now);
                    if since.elapsed() >= CANCEL_GRACE {
                        code = TN_CANCELLED;
                        break;
                    }
                } else if alive_at.elapsed() >= stall {
                    hung = true;
                    break;
                }
                continue;
            }
            // The thread ended without saying how: never commit that.
            Err(RecvTimeoutError::Disconnected) => {
                code = tenure_plugin_api::abi::TN_PLUGIN_FAILED;
                break;
            }
        };
        match message {
            Message::Records(batch) => {
                if broken.is_some() || fatal.is_some() || cancel.load(Ordering::Relaxed) {
                    continue;
                }
                match batch {
                    Ok(batch) => writer.batch(&mut cs, batch),
                    Err(e) => {
                        broken = Some(e);
                        // Stop the plugin at its next batch.
                        shared.cancel.store(true, Ordering::Relaxed);
                    }
                }
                progress(Progress {
                    done: shared.done.load(Ordering::Relaxed),
                    total: shared.total.load(Ordering::Relaxed),
                    records: writer.records,
                    ..Progress::default()
                });
            }
            Message::Problem(bytes) => {
                let Ok(mut problem) = serde_json::from_slice::<RowProblem>(&bytes) else {
                    broken.get_or_insert_with(|| "a problem Tenure cannot read".to_string());
                    continue;
                };
                problem.file.get_or_insert_with(|| writer.file.clone());
                match problem.severity {
                    Severity::Fatal => {
                        if problem.code == "plugin_panicked" {
                            problem = ffi::plugin_panicked(plugin, path, "reading", &problem);
                        }
                        fatal.get_or_insert(problem);
                    }
                    Severity::Error => {
                        cs.count_rejected();
                        writer.report.push(problem);
                    }
                    Severity::Warning => writer.report.push(problem),
                }
            }
            Message::Done(c) => {
                code = c;
                break;
            }
        }
    }
    let user_cancelled = cancel.load(Ordering::Relaxed) && broken.is_none() && !hung;
    if hung {
        // Ask the plugin to stop at its next callback; its thread is abandoned.
        shared.cancel.store(true, Ordering::Relaxed);
        fatal = Some(ffi::plugin_hung(plugin, path, "reading", stall));
    } else if let Some(e) = broken {
        fatal = Some(file_problem(
            path,
            "plugin_failed",
            format!(
                "the `{}` plugin sent data Tenure cannot read while reading {} ({e}); nothing was written. Report this to the plugin's author",
                plugin.info.id,
                display_name(path)
            ),
        ));
    } else if code != TN_OK && code != TN_CANCELLED && code != TN_FATAL && fatal.is_none() {
        fatal = Some(file_problem(
            path,
            "plugin_failed",
            format!(
                "the `{}` plugin failed while reading {}; nothing was written. Report this to the plugin's author",
                plugin.info.id,
                display_name(path)
            ),
        ));
    } else if code == TN_FATAL && fatal.is_none() {
        fatal = Some(file_problem(
            path,
            "unreadable",
            format!(
                "{} cannot be read by the `{}` plugin; nothing was written",
                path.display(),
                plugin.info.id
            ),
        ));
    }
    let summary = cs.summary().clone();
    let copy = |report: &mut FileReport, s: &WriteSummary| {
        report.inserted = s.inserted;
        report.updated = s.updated;
        report.unchanged = s.unchanged;
        report.rejected = s.rejected;
    };
    if let Some(problem) = fatal {
        cs.rollback();
        copy(&mut report, &WriteSummary::default());
        report.rejected = summary.rejected;
        if !settings.dry_run {
            let _ = store.record_failed_import(&meta, &summary, "failed");
        }
        return report.fatal("failed", problem).with_exit(2);
    }
    if user_cancelled || code == TN_CANCELLED {
        cs.rollback();
        if !settings.dry_run {
            let _ = store.record_failed_import(&meta, &summary, "cancelled");
        }
        report.status = "cancelled".into();
        report.exit_code = 2;
        report.rejected = summary.rejected;
        report.push(file_problem(
            path,
            "cancelled",
            format!(
                "the import of {} was cancelled; nothing was written",
                display_name(path)
            ),
        ));
        return report;
    }
    copy(&mut report, &summary);
    report.exit_code = u8::from(summary.rejected > 0);
    if settings.dry_run {
        cs.rollback();
        report.status = "dry_run".into();
        return report;
    }
    if summary.rejected > 0 && !settings.skip_invalid {
        cs.rollback();
        let _ = store.record_failed_import(&meta, &summary, "rejected");
        report.status = "rejected".into();
        report.inserted = 0;
        report.updated = 0;
        report.unchanged = 0;
        return report;
    }
    match cs.commit() {
        Ok(done) => {
            copy(&mut report, &done);
            report.import_id = done.import_id;
            report.status = if done.rejected > 0 {
                "committed_skipping_invalid".into()
            } else {
                "committed".into()
            };
            if !settings.map.is_empty() || settings.kind.is_some() || !settings.value_map.is_empty()
            {
                let saved = SavedMapping {
                    kind: settings.kind.clone(),
                    map: settings.map.clone(),
                    value_map: settings.value_map.clone(),
                };
                for sheet in &request.description.sheets {
                    if !sheet.header_signature.is_empty() {
                        let _ =
                            mapping::save(store, &plugin.info.id, &sheet.header_signature, &saved);
                    }
                }
            }
            report
        }
        Err(e) => {
            report.inserted = 0;
            report.updated = 0;
            report.unchanged = 0;
            report.fatal(
                "failed",
                file_problem(path, "database", format!("{e}; nothing was written")),
            )
        }
    }
}

impl FileReport {
    fn with_exit(mut self, code: u8) -> Self {
        self.exit_code = code;
        self
    }
}

/// For the self-test: importing a file that does not exist must end with a
/// fatal problem and status `TN_FATAL`, not a panic.
pub fn import_missing_file(plugin: &Plugin, missing: &Path) -> (bool, String) {
    let shared = Shared::new(Arc::new(AtomicBool::new(false)));
    let rx = match ffi::start_import(plugin, missing, &ImportOptions::default(), shared) {
        Ok(rx) => rx,
        Err(p) => return (false, p.message),
    };
    let mut problem: Option<RowProblem> = None;
    let mut records = 0usize;
    let mut code = None;
    // A plugin that hangs here is a failed check, not a hung check.
    while let Ok(message) = rx.recv_timeout(super::STALL_TIMEOUT) {
        match message {
            Message::Records(_) => records += 1,
            Message::Problem(bytes) => {
                if let Ok(p) = serde_json::from_slice::<RowProblem>(&bytes) {
                    problem.get_or_insert(p);
                }
            }
            Message::Done(c) => {
                code = Some(c);
                break;
            }
        }
    }
    match (code, problem) {
        (Some(TN_FATAL), Some(p)) if records == 0 => (true, format!("clean error: {}", p.message)),
        (Some(c), p) => (
            false,
            format!(
                "returned status {c} with {records} record batches and problem {:?}; expected status {TN_FATAL} with a fatal problem",
                p.map(|p| p.message)
            ),
        ),
        (None, _) => (
            false,
            format!(
                "the plugin gave no answer within {} s (or its thread ended without one)",
                super::STALL_TIMEOUT.as_secs()
            ),
        ),
    }
}
