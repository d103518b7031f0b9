//! The one import service: what `tenure import`, the window's dry run and
//! import, and `plugins check`'s dry run all call. Each file is prepared
//! ([`super::prepare`]: plugin, description, saved mapping), the files are
//! put in dependency order, and each is written in its own transaction by
//! the one writer ([`super::writer`]); the caller follows through
//! [`Control`] and gets one [`FileReport`] per file.
//!
//! Reads of a file, per import: the host opens it once (its head for
//! `detect`, then the rest for the history's hash, from the same handle;
//! not at all for the hash of a dry run), and the plugin opens it to
//! describe it and to import it. A [`FileJob::known`] description that
//! still holds (the window's inspection) spares the head, `detect` and
//! `describe`.

use super::first_currency::{self, CurrencyChoice, MoneySeen};
use super::pipeline::{FileReport, ImportSettings, Progress};
use super::prepare::{self, Described, Look, Prepared};
use super::writer::{self, FileWork};
use super::{PluginHost, source::Source};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a caller follows an import and stops it.
pub struct Control<'a> {
    /// Set from anywhere (Ctrl-C, the Cancel button): the plugin is told to
    /// stop at its next batch, the file being read is rolled back, and the
    /// files after it are not read (each is reported `cancelled`).
    pub cancel: Arc<AtomicBool>,
    /// Hears the progress after every batch, on the importing thread.
    pub progress: &'a mut dyn FnMut(Progress),
    /// Whether the first money may set the reporting currency (the CLI
    /// adopts; the window asks and passes the answer).
    pub currency: CurrencyChoice,
}

impl<'a> Control<'a> {
    pub fn new(cancel: Arc<AtomicBool>, progress: &'a mut dyn FnMut(Progress)) -> Control<'a> {
        Control {
            cancel,
            progress,
            currency: CurrencyChoice::Adopt,
        }
    }
}

/// One file to import and the person's choices for it.
#[derive(Debug, Clone)]
pub struct FileJob {
    pub path: PathBuf,
    pub settings: ImportSettings,
    /// What an earlier look at the file found (the window's inspection,
    /// `plugins check`'s describe step): used instead of detecting and
    /// describing again while the file, the choices and the options it was
    /// made for are unchanged.
    pub known: Option<Described>,
}

impl FileJob {
    pub fn new(path: PathBuf, settings: ImportSettings) -> FileJob {
        FileJob {
            path,
            settings,
            known: None,
        }
    }
}

/// A prepared file waiting for its turn.
struct Planned<'j> {
    job: &'j FileJob,
    prepared: Prepared,
    hash: std::io::Result<Option<String>>,
}

impl Planned<'_> {
    fn work(&self) -> FileWork<'_> {
        FileWork {
            path: &self.job.path,
            plugin: &self.prepared.plugin,
            described: &self.prepared.described,
            settings: &self.job.settings,
            hash: self.hash.as_ref().ok().cloned().flatten(),
        }
    }
}

/// Prepares `job` (or takes its known description) and, unless it is a dry
/// run, hashes the file from the handle preparation opened.
fn plan<'j>(
    store: &Store,
    host: &PluginHost,
    job: &'j FileJob,
    cancel: &AtomicBool,
) -> Result<Planned<'j>, FileReport> {
    let settings = &job.settings;
    let reused = job
        .known
        .as_ref()
        .and_then(|known| prepare::reuse(store, host, &job.path, settings, known));
    let mut prepared = match reused {
        Some(p) => p,
        None => prepare::prepare(store, host, &job.path, settings, Look::default(), None).1?,
    };
    // A dry run keeps no history, so it needs no hash.
    let hash = if settings.dry_run {
        Ok(None)
    } else {
        match prepared.source.take() {
            Some(source) => source.hash(cancel),
            None => Source::open(&job.path).and_then(|s| s.hash(cancel)),
        }
    };
    Ok(Planned {
        job,
        prepared,
        hash,
    })
}

/// Imports `jobs`: every file prepared, then written in dependency order
/// (files of the same rank in the order given), each in its own
/// transaction. One report per file: first those that could not be
/// prepared, then the others in the order they were written.
pub fn import(
    store: &mut Store,
    host: &PluginHost,
    jobs: &[FileJob],
    control: &mut Control<'_>,
) -> Vec<FileReport> {
    // Read before anything is written: only a database without money lets
    // this run's money choose the reporting currency.
    let fresh = matches!(first_currency::database_has_money(store), Ok(false));
    let mut reports = Vec::new();
    let mut planned = Vec::new();
    for job in jobs {
        match plan(store, host, job, &control.cancel) {
            Ok(p) => planned.push(p),
            Err(report) => {
                record_crash(store, job, &report);
                reports.push(report);
            }
        }
    }
    planned.sort_by_key(|p| p.prepared.described.rank());
    let files = planned.len();
    let mut before = 0u64;
    for (index, p) in planned.iter().enumerate() {
        let work = p.work();
        let report = if control.cancel.load(Ordering::Relaxed) {
            writer::cancelled_before_start(store, &work)
        } else if let Err(e) = &p.hash {
            writer::unreadable(&work, e)
        } else {
            let mut records = 0;
            let mut on_progress = |mut progress: Progress| {
                progress.file = index;
                progress.files = files;
                progress.run_records = before + progress.records;
                records = progress.records;
                (control.progress)(progress);
            };
            let report = writer::write(store, &work, &control.cancel, &mut on_progress);
            before += records;
            report
        };
        reports.push(report);
    }
    if fresh {
        settle_currency(store, &mut reports, control.currency);
    }
    reports
}

/// The first money's reporting currency (importing/first_currency.rs):
/// decided on the files written (or dry-run), set unless it is a dry run
/// or the person chose to keep the setting, and told on those files'
/// reports.
fn settle_currency(store: &mut Store, reports: &mut [FileReport], choice: CurrencyChoice) {
    let counts = |r: &FileReport| {
        matches!(
            r.status.as_str(),
            "committed" | "committed_skipping_invalid" | "dry_run"
        ) && !r.money.is_empty()
    };
    let mut seen = MoneySeen::default();
    let mut dry_run = true;
    for r in reports.iter().filter(|r| counts(r)) {
        seen.merge(&r.money);
        dry_run &= r.dry_run;
    }
    let Ok(current) = store.settings().currency() else {
        return;
    };
    let Some(mut decision) = first_currency::decide(&current, &seen, dry_run, choice) else {
        return;
    };
    if decision.outcome == "set"
        && let Err(e) = store.settings().set("currency", &decision.currency)
    {
        // The records are written; only the setting failed: say so, keep it.
        let currency = std::mem::replace(&mut decision.currency, current.clone());
        decision.outcome = "kept_mixed".into();
        for r in reports.iter_mut().filter(|r| counts(r)) {
            let mut p = super::RowProblem::fatal(
                "currency_not_set",
                format!(
                    "The money is all in {currency}, but the reporting currency could not be set ({e}); set it in Settings."
                ),
            );
            p.severity = super::Severity::Warning;
            r.push(p);
        }
    }
    for r in reports.iter_mut().filter(|r| counts(r)) {
        r.reporting_currency = Some(decision.clone());
    }
}

/// A plugin whose process ended while describing the file leaves a
/// `failed` entry in the history, as one that ends while reading does.
fn record_crash(store: &mut Store, job: &FileJob, report: &FileReport) {
    let crashed = report.problems.iter().any(|p| p.code == "plugin_crashed");
    if !crashed || job.settings.dry_run {
        return;
    }
    let Some(plugin) = &report.plugin else {
        return;
    };
    let mut meta = crate::store::ChangeSetMeta::new(
        plugin,
        job.settings
            .source
            .as_deref()
            .unwrap_or(super::pipeline::DEFAULT_SOURCE),
    );
    meta.file_name = Some(super::pipeline::display_name(&job.path));
    let _ = store.record_failed_import(&meta, &crate::store::WriteSummary::default(), "failed");
}

/// [`import`] of `files` with the same choices for each (the CLI's case).
pub fn import_files(
    store: &mut Store,
    host: &PluginHost,
    files: &[PathBuf],
    settings: &ImportSettings,
    cancel: Arc<AtomicBool>,
    progress: &mut dyn FnMut(Progress),
) -> Vec<FileReport> {
    let jobs: Vec<FileJob> = files
        .iter()
        .map(|path| FileJob::new(path.clone(), settings.clone()))
        .collect();
    import(store, host, &jobs, &mut Control::new(cancel, progress))
}
