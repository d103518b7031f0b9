//! The one writer: a prepared file's records from the plugin's import
//! thread into one change set (one transaction), watched for cancel, hangs
//! and broken data; committed, or rolled back for a dry run, rejected rows
//! or a failure; recorded in the import history; its mapping saved.

use super::ffi::{self, Decoded, Message, Shared};
use super::mapping::{self, SavedMapping};
use super::pipeline::{
    DEFAULT_SOURCE, FileReport, ImportSettings, Progress, display_name, file_problem, locate,
};
use super::prepare::Described;
use super::{FileDescription, ImportOptions, Plugin, RowProblem};
use crate::domain::Record;
use crate::store::{ChangeSet, ChangeSetMeta, Store, WriteSummary};
use std::collections::HashMap;
use std::path::Path;
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

/// One prepared file and the choices it is imported with.
pub(super) struct FileWork<'a> {
    pub path: &'a Path,
    pub plugin: &'a Plugin,
    pub described: &'a Described,
    pub settings: &'a ImportSettings,
    /// The file's SHA-256 for the history (`None` for a dry run, which
    /// keeps no history, or when a cancel stopped the hash).
    pub hash: Option<String>,
}

impl FileWork<'_> {
    /// The report's fields known before anything is read.
    fn report(&self) -> FileReport {
        let mut report = FileReport::new(self.path);
        report.plugin = Some(self.plugin.info.id.clone());
        report.kinds = self.described.kinds.clone();
        report.dry_run = self.settings.dry_run;
        report.mapping_reused = self.described.mapping_reused.clone();
        report
    }

    fn meta(&self) -> ChangeSetMeta {
        let mut meta = ChangeSetMeta::new(
            &self.plugin.info.id,
            self.settings.source.as_deref().unwrap_or(DEFAULT_SOURCE),
        );
        meta.file_name = Some(display_name(self.path));
        meta.file_hash = self.hash.clone();
        meta.skip_invalid = self.settings.skip_invalid;
        meta.bulk = true;
        meta
    }
}

/// The report of a file the host could not read through for its hash.
pub(super) fn unreadable(work: &FileWork<'_>, e: &std::io::Error) -> FileReport {
    let path = work.path;
    work.report().fatal(
        "unreadable",
        file_problem(
            path,
            "cannot_read",
            format!(
                "{} cannot be read ({e}); check the file and try again",
                path.display()
            ),
        ),
    )
}

/// A cancelled file: nothing written, the attempt in the history (unless a
/// dry run).
fn cancelled(
    store: &mut Store,
    work: &FileWork<'_>,
    meta: &ChangeSetMeta,
    summary: &WriteSummary,
    mut report: FileReport,
) -> FileReport {
    if !work.settings.dry_run {
        let _ = store.record_failed_import(meta, summary, "cancelled");
    }
    report.status = "cancelled".into();
    report.exit_code = 2;
    report.rejected = summary.rejected;
    report.push(file_problem(
        work.path,
        "cancelled",
        format!(
            "the import of {} was cancelled; nothing was written",
            display_name(work.path)
        ),
    ));
    report
}

/// A file whose turn came after the cancel: reported and recorded as the
/// cancelled file it is, without starting the plugin.
pub(super) fn cancelled_before_start(store: &mut Store, work: &FileWork<'_>) -> FileReport {
    let report = work.report();
    cancelled(store, work, &work.meta(), &WriteSummary::default(), report)
}

/// Turns field names back into the person's column names, per sheet.
struct Columns {
    by_sheet: HashMap<Option<String>, HashMap<String, String>>,
    /// The record kind each sheet was described as; `None` where several
    /// descriptions share the sheet's name with different kinds (a JSON
    /// lines file of mixed kinds), whose accounts are accounts in their own
    /// right.
    kinds: HashMap<Option<String>, Option<String>>,
}

impl Columns {
    fn new(description: &FileDescription) -> Self {
        let mut by_sheet: HashMap<Option<String>, HashMap<String, String>> = HashMap::new();
        let mut kinds = HashMap::new();
        for sheet in &description.sheets {
            if let Some(kind) = &sheet.kind {
                kinds
                    .entry(sheet.name.clone())
                    .and_modify(|k: &mut Option<String>| {
                        if k.as_deref() != Some(kind.as_str()) {
                            *k = None;
                        }
                    })
                    .or_insert_with(|| Some(kind.clone()));
            }
            let map = by_sheet.entry(sheet.name.clone()).or_default();
            for (field, column) in &sheet.mapping {
                map.entry(field.clone()).or_insert_with(|| column.clone());
            }
        }
        Columns { by_sheet, kinds }
    }

    /// Whether `record` is an account read from a sheet of another kind (a
    /// payments file's customers): it may create the account, not rewrite it.
    fn names_account(&self, sheet: &Option<String>, record: &Record) -> bool {
        matches!(record, Record::Account(_))
            && self
                .kinds
                .get(sheet)
                .and_then(Option::as_deref)
                .is_some_and(|k| k != "account")
    }

    fn column(&self, sheet: &Option<String>, field: &str) -> String {
        self.by_sheet
            .get(sheet)
            .and_then(|m| m.get(field))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    }
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
        args: std::collections::BTreeMap<String, String>,
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
            args,
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
                        Default::default(),
                    );
                    continue;
                }
            };
            if self.flip_ces {
                flip_ces(record);
            }
            let written = if self.columns.names_account(&decoded.sheet, record) {
                cs.write_if_missing(record)
            } else {
                cs.write(record)
            };
            if written.is_ok() {
                self.report.money.see(record);
            }
            if let Err(errors) = written {
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
                        violation_args(&e),
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
pub(super) fn write(
    store: &mut Store,
    work: &FileWork<'_>,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(Progress),
) -> FileReport {
    let (path, plugin, settings) = (work.path, work.plugin, work.settings);
    let described = work.described;
    let mut report = work.report();
    let meta = work.meta();
    let flip_ces = store.settings().ces_high_is_easy().unwrap_or(false);
    let shared = Shared::new(cancel.clone());
    let mut cs = match store.change_set(meta.clone()) {
        Ok(cs) => cs,
        Err(e) => {
            return report.fatal("failed", file_problem(path, "database", database_said(&e)));
        }
    };
    let rx = match plugin.start_import(path, &described.options, shared.clone()) {
        Ok(rx) => rx,
        Err(problem) => {
            cs.rollback();
            return report.fatal("failed", problem);
        }
    };
    let mut writer = Writer {
        file: display_name(path),
        flip_ces,
        columns: Columns::new(&described.description),
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
        // A plugin in a child is ended at once (nothing to wait for).
        if cancel.load(Ordering::Relaxed) || shared.cancel.load(Ordering::Relaxed) {
            shared.stop();
        }
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
                    Ok(batch) => {
                        writer.batch(&mut cs, batch);
                        // The database file cannot be written (read-only,
                        // disk full): one sentence naming it, not a
                        // rejection per row.
                        if let Some(e) = cs.failure() {
                            fatal.get_or_insert_with(|| {
                                file_problem(path, "database", e.to_string())
                            });
                            shared.cancel.store(true, Ordering::Relaxed);
                        }
                    }
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
            Message::Failed(problem) => {
                fatal.get_or_insert(problem);
                code = tenure_plugin_api::abi::TN_PLUGIN_FAILED;
                break;
            }
        }
    }
    // A hung plugin's child is ended (one in this process is abandoned).
    if hung {
        shared.stop();
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
        report.matching = s.matching;
    };
    if let Some(problem) = fatal {
        cs.rollback();
        copy(&mut report, &WriteSummary::default());
        report.rejected = summary.rejected;
        if !settings.dry_run {
            let _ = store.record_failed_import(&meta, &summary, "failed");
        }
        return report.fatal("failed", problem);
    }
    if user_cancelled || code == TN_CANCELLED {
        cs.rollback();
        return cancelled(store, work, &meta, &summary, report);
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
            if !settings.map.is_empty()
                || settings.kind.is_some()
                || !super::undated::without_date(&settings.value_map).is_empty()
            {
                let saved = SavedMapping {
                    kind: settings.kind.clone(),
                    map: settings.map.clone(),
                    value_map: super::undated::without_date(&settings.value_map),
                };
                for sheet in &described.description.sheets {
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
            report.fatal("failed", file_problem(path, "database", database_said(&e)))
        }
    }
}

/// A store error as the import reports it: a file trouble is already one
/// sentence saying nothing was written.
fn database_said(e: &crate::store::StoreError) -> String {
    match e {
        crate::store::StoreError::File { .. } => e.to_string(),
        _ => format!("{e}; nothing was written"),
    }
}

/// For the self-test: importing a file that does not exist must end with a
/// fatal problem and status `TN_FATAL`, not a panic.
pub(super) fn import_missing_file(plugin: &Plugin, missing: &Path) -> (bool, String) {
    let shared = Shared::new(Arc::new(AtomicBool::new(false)));
    let rx = match plugin.start_import(missing, &ImportOptions::default(), shared.clone()) {
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
            Message::Failed(p) => {
                problem.get_or_insert(p);
                break;
            }
        }
    }
    shared.stop();
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

/// A store violation's values, for its sentence in another language
/// (`importing::problem_words`).
fn violation_args(
    e: &crate::domain::validate::FieldError,
) -> std::collections::BTreeMap<String, String> {
    [
        ("field", &e.field),
        ("value", &e.value),
        ("limit", &e.limit),
        ("other", &e.other),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect()
}
