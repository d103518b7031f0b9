//! State of the Import, Plugins and Settings views and the handling of what
//! their threads send back ([`super::import_jobs`] for imports and plugins,
//! the main worker's [`super::settings_jobs`] for settings). The views in
//! `views/` draw this state and change it; nothing here blocks a frame.

use super::file_choice::{FileChooser, NativeChooser, Pending};
use super::import_jobs::{
    JobCmd, JobMsg, Jobs, PluginList, PluginSource, RunFile, RunOutcome, RunProgress,
};
use super::settings_jobs::{BandPreview, SettingsMsg, SettingsValues};
use crate::importing::check::CheckReport;
use crate::importing::first_currency::{CurrencyChoice, CurrencyDecision};
use crate::importing::inspect::Inspection;
use crate::importing::pipeline::{FileReport, ImportSettings};
use crate::store::{ImportRun, UndoPlan, UndoReport};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// One file chosen for import, with the person's choices.
#[derive(Debug, Clone, Default)]
pub struct FileEntry {
    pub path: PathBuf,
    /// The latest inspection (plugin confidences, mapping, preview).
    pub inspection: Option<Inspection>,
    /// An inspection is on its way (its id).
    pub waiting: Option<u64>,
    /// The plugin the person chose; `None`: the detected one.
    pub plugin: Option<String>,
    /// The record kind the person chose for the file; `None`: detected per sheet.
    pub kind: Option<String>,
    /// Column → field, as the editor shows it (from the latest inspection,
    /// then the person's edits).
    pub columns: Vec<(String, Option<String>)>,
    /// Status values: source text → canonical value.
    pub status_map: Vec<(String, String)>,
    /// The person changed the mapping (then it is sent, and saved on import).
    pub edited: bool,
    /// The survey date as typed (issue #24), for a survey file without a
    /// date column; `None` until the import view first asks.
    pub survey_date: Option<String>,
}

impl FileEntry {
    /// The record kind the mapping editor works with.
    pub fn effective_kind(&self) -> Option<String> {
        self.kind.clone().or_else(|| {
            self.inspection
                .as_ref()
                .and_then(|i| i.kinds.first().cloned())
        })
    }

    /// A survey file whose rows carry no date: it takes the one given.
    pub fn needs_date(&self) -> bool {
        self.effective_kind().as_deref() == Some("survey_response")
            && self.inspection.as_ref().is_some_and(|i| {
                !i.description.sheets.is_empty()
                    && i.description
                        .sheets
                        .iter()
                        .all(|s| !s.mapping.iter().any(|(f, _)| f == "date"))
            })
    }

    /// Only single-table files can have their columns remapped: a mapping
    /// names columns, and the sheets of a workbook have different ones.
    pub fn mappable(&self) -> bool {
        self.inspection
            .as_ref()
            .is_some_and(|i| i.description.sheets.len() == 1)
    }

    /// The import settings these choices make.
    pub fn settings(&self, locale: &str, skip_invalid: bool) -> ImportSettings {
        let mut value_map: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (from, to) in &self.status_map {
            if !from.trim().is_empty() && !to.is_empty() {
                value_map
                    .entry("status".into())
                    .or_default()
                    .insert(from.trim().to_string(), to.clone());
            }
        }
        let map = if self.edited {
            self.columns
                .iter()
                .filter_map(|(column, field)| field.clone().map(|f| (f, column.clone())))
                .collect()
        } else {
            Vec::new()
        };
        let lang = crate::format::Locale::parse(locale).unwrap_or(crate::format::Locale::En);
        if self.needs_date()
            && let Some(day) = self
                .survey_date
                .as_deref()
                .and_then(|t| super::values::parse_date(t, lang))
        {
            crate::importing::undated::give_date(&mut value_map, day);
        }
        ImportSettings {
            plugin: self.plugin.clone(),
            kind: self.kind.clone(),
            map,
            value_map,
            locale: Some(locale.to_string()),
            dry_run: false,
            skip_invalid,
            source: None,
            stall_timeout: None,
        }
    }

    /// Takes the mapping of a fresh inspection into the editor.
    fn take(&mut self, inspection: Inspection) {
        if let Some(sheet) = inspection.description.sheets.first() {
            self.columns = sheet
                .headers
                .iter()
                .map(|h| {
                    let field = sheet
                        .mapping
                        .iter()
                        .find(|(_, c)| c == h)
                        .map(|(f, _)| f.clone());
                    (h.clone(), field)
                })
                .collect();
        } else {
            self.columns.clear();
        }
        if self.status_map.is_empty()
            && let Some(saved) = inspection.options.value_map.get("status")
        {
            self.status_map = saved.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        }
        // Status values the preview's rows hold and no importer knows.
        let unknown = crate::importing::status_values::unknown_values(
            inspection
                .description
                .sheets
                .iter()
                .flat_map(|s| s.problems.iter()),
        );
        crate::importing::status_values::offer(&mut self.status_map, &unknown);
        self.inspection = Some(inspection);
    }
}

/// A dry run or an import on its way.
pub struct RunningJob {
    pub dry_run: bool,
    pub cancel: Arc<AtomicBool>,
    pub progress: Arc<RunProgress>,
    pub started: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportTab {
    #[default]
    New,
    History,
}

#[derive(Default)]
pub struct ImportState {
    pub tab: ImportTab,
    pub path_text: String,
    pub files: Vec<FileEntry>,
    pub selected: usize,
    pub skip_invalid: bool,
    pub dialog: Option<Pending>,
    pub running: Option<RunningJob>,
    pub outcome: Option<RunOutcome>,
    /// The choices changed since the last dry run (so it must run again).
    pub changed_since_dry_run: bool,
    /// The first import's currency question, asked before importing: what
    /// the dry run found (importing/first_currency.rs).
    pub currency_question: Option<CurrencyDecision>,
    pub problem_filter: String,
    pub history: Option<Result<Vec<ImportRun>, String>>,
    pub history_stale: bool,
    /// Reports of this session's imports, by import id.
    pub reports: BTreeMap<i64, FileReport>,
    /// The report shown from the history.
    pub shown_report: Option<i64>,
    /// Undo: the plan waiting for confirmation, then the result.
    pub undo_plan: Option<Result<UndoPlan, String>>,
    pub undo_result: Option<Result<UndoReport, String>>,
    pub message: Option<String>,
    /// The import whose undo waits for confirmation.
    pub pending_undo: Option<i64>,
    /// The window's language code (how ambiguous dates are read).
    pub locale: &'static str,
    /// Imports committed or undone since the last frame (import id, file):
    /// the accounts area's undo button offers the newest change, whatever
    /// made it.
    pub committed: Vec<(i64, String)>,
    pub undone: Vec<i64>,
    next_id: u64,
}

#[derive(Default)]
pub struct PluginsState {
    pub list: Option<PluginList>,
    pub requested: bool,
    pub check_path: String,
    pub dialog: Option<Pending>,
    pub checking: bool,
    pub check: Option<Result<Box<CheckReport>, String>>,
    pub message: Option<String>,
    /// The library whose Trust was pressed, until the thread answers.
    pub trusting: Option<std::path::PathBuf>,
    pub trusted: Option<Result<crate::importing::TrustOutcome, String>>,
}

#[derive(Default)]
pub struct SettingsState {
    /// As stored (what "Save" compares against).
    pub stored: Option<SettingsValues>,
    /// As edited.
    pub edit: Option<SettingsValues>,
    pub requested: bool,
    pub load_error: Option<String>,
    pub preview: Option<BandPreview>,
    /// Weights of the preview on its way.
    pub preview_sent: Option<crate::metrics::HealthWeights>,
    pub error: Option<String>,
    pub saved: bool,
    pub dialog: Option<Pending>,
    pub busy: bool,
    /// A restore waiting for confirmation.
    pub confirm_restore: Option<PathBuf>,
    /// The file field of backup and restore.
    pub backup_path: String,
    pub backup_result: Option<Result<PathBuf, String>>,
    /// Where the replaced database was kept, or why the restore failed.
    pub restore_result: Option<Result<PathBuf, String>>,
    /// The "open another database" field, and why the last try failed.
    pub other_db: String,
    pub other_db_error: Option<String>,
    /// The exchange-rates editor (revenue.md): the table, whether it was
    /// asked for, the typed month, currency and rate, the last refusal.
    pub fx: Option<crate::metrics::fx_table::FxOverview>,
    pub fx_requested: bool,
    pub fx_month: String,
    pub fx_currency: String,
    pub fx_rate: String,
    pub fx_error: Option<String>,
}

/// An account list the Accounts view should show: the accounts an import
/// touched ("show affected accounts"). The Accounts view reads and clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFocus {
    /// What the list is (shown above it), e.g. "Import 12: accounts.csv".
    pub label: String,
    /// Store row ids.
    pub account_ids: Vec<i64>,
    pub external_ids: Vec<String>,
}

/// Everything the three views keep.
pub struct DataViews {
    pub import: ImportState,
    pub plugins: PluginsState,
    pub settings: SettingsState,
    pub chooser: Arc<dyn FileChooser>,
    pub plugin_source: PluginSource,
    jobs: Option<Jobs>,
    /// Debug switch for screenshots (`TENURE_SCREENSHOT_IMPORT=FILE[,FILE…]`):
    /// these files are added and dry-run once read.
    auto_files: Option<Vec<PathBuf>>,
    auto_dry_run: bool,
}

impl Default for DataViews {
    fn default() -> Self {
        DataViews {
            import: ImportState {
                history_stale: true,
                ..ImportState::default()
            },
            plugins: PluginsState::default(),
            settings: SettingsState::default(),
            chooser: Arc::new(NativeChooser),
            plugin_source: PluginSource::Discover,
            jobs: None,
            auto_files: std::env::var("TENURE_SCREENSHOT_IMPORT")
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| v.split(',').map(PathBuf::from).collect()),
            auto_dry_run: false,
        }
    }
}

impl DataViews {
    /// Another database was opened: dry runs, reports, history, undo plans
    /// and settings belong to the old one. The files chosen stay (they are
    /// files, not data) but must be dry-run again.
    pub fn on_switch(&mut self) {
        let import = &mut self.import;
        import.outcome = None;
        import.changed_since_dry_run = true;
        import.history = None;
        import.history_stale = true;
        import.reports.clear();
        import.shown_report = None;
        import.undo_plan = None;
        import.undo_result = None;
        import.message = None;
        import.pending_undo = None;
        import.problem_filter.clear();
        let backup_path = std::mem::take(&mut self.settings.backup_path);
        self.settings = SettingsState {
            backup_path,
            ..SettingsState::default()
        };
    }

    /// The import thread, started on first use.
    pub fn jobs(&mut self, ctx: &egui::Context) -> &Jobs {
        self.jobs
            .get_or_insert_with(|| Jobs::spawn(ctx.clone(), self.plugin_source.clone()))
    }

    pub fn send(&mut self, ctx: &egui::Context, cmd: JobCmd) {
        self.jobs(ctx).send(cmd);
    }

    /// Work of these views still on its way (screenshots wait for it).
    pub fn busy(&self) -> bool {
        self.import.running.is_some()
            || self.auto_files.is_some()
            || self.auto_dry_run
            || self.import.files.iter().any(|f| f.waiting.is_some())
            || (self.plugins.requested && self.plugins.list.is_none())
            || (self.settings.requested && self.settings.stored.is_none())
    }

    /// The screenshot switch: add the files, then dry-run them once read.
    pub fn auto_import(&mut self, ctx: &egui::Context, db: &std::path::Path, locale: &str) {
        if let Some(files) = self.auto_files.take() {
            self.add_files(ctx, db, files);
            self.auto_dry_run = true;
        } else if self.auto_dry_run && self.import.files.iter().all(|f| f.waiting.is_none()) {
            self.auto_dry_run = false;
            self.start_run(ctx, db, true, locale);
        }
    }

    /// Adds files (from the field, the dialog or a drop) and inspects them.
    pub fn add_files(&mut self, ctx: &egui::Context, db: &std::path::Path, paths: Vec<PathBuf>) {
        for path in paths {
            if self.import.files.iter().any(|f| f.path == path) {
                continue;
            }
            self.import.files.push(FileEntry {
                path,
                ..FileEntry::default()
            });
            let index = self.import.files.len() - 1;
            self.inspect(ctx, db, index);
            self.import.selected = index;
        }
        self.import.tab = ImportTab::New;
        self.import.changed_since_dry_run = true;
    }

    /// Asks for a fresh inspection of file `index` with its current choices.
    pub fn inspect(&mut self, ctx: &egui::Context, db: &std::path::Path, index: usize) {
        self.import.next_id += 1;
        let id = self.import.next_id;
        let Some(file) = self.import.files.get_mut(index) else {
            return;
        };
        file.waiting = Some(id);
        let cmd = JobCmd::Inspect {
            id,
            db: db.to_path_buf(),
            path: file.path.clone(),
            settings: file.settings(
                if self.import.locale.is_empty() {
                    "en"
                } else {
                    self.import.locale
                },
                false,
            ),
        };
        self.import.changed_since_dry_run = true;
        self.send(ctx, cmd);
    }

    /// Starts a dry run or the import of every file.
    pub fn start_run(
        &mut self,
        ctx: &egui::Context,
        db: &std::path::Path,
        dry_run: bool,
        locale: &str,
    ) {
        // Unasked, the window never changes the reporting currency.
        self.start_run_choosing(ctx, db, dry_run, locale, CurrencyChoice::Keep);
    }

    /// [`Self::start_run`] with the answer to the currency question.
    pub fn start_run_choosing(
        &mut self,
        ctx: &egui::Context,
        db: &std::path::Path,
        dry_run: bool,
        locale: &str,
        currency: CurrencyChoice,
    ) {
        if self.import.running.is_some() || self.import.files.is_empty() {
            return;
        }
        let files = self
            .import
            .files
            .iter()
            .map(|f| RunFile {
                path: f.path.clone(),
                settings: f.settings(locale, self.import.skip_invalid),
                known: f.inspection.as_ref().and_then(|i| i.described.clone()),
            })
            .collect();
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(RunProgress::default());
        self.import.running = Some(RunningJob {
            dry_run,
            cancel: cancel.clone(),
            progress: progress.clone(),
            started: Instant::now(),
        });
        self.import.outcome = None;
        self.import.message = None;
        self.send(
            ctx,
            JobCmd::Run {
                db: db.to_path_buf(),
                files,
                dry_run,
                cancel,
                progress,
                currency,
            },
        );
    }

    /// Handles what the import thread sent. Returns true when the database
    /// changed (the dashboard must reload).
    pub fn poll(&mut self, ctx: &egui::Context, db: &std::path::Path) -> bool {
        let msgs = self.jobs.as_ref().map(|j| j.poll()).unwrap_or_default();
        let mut changed = false;
        for msg in msgs {
            match msg {
                JobMsg::Plugins(list) => self.plugins.list = Some(list),
                JobMsg::Inspected { id, inspection } => {
                    if let Some(file) = self.import.files.iter_mut().find(|f| f.waiting == Some(id))
                    {
                        file.waiting = None;
                        file.take(*inspection);
                    }
                }
                JobMsg::Ran(outcome) => {
                    let dry_run = outcome.dry_run;
                    self.import.running = None;
                    if !dry_run {
                        for r in &outcome.reports {
                            if let Some(id) = r.import_id {
                                self.import.reports.insert(id, r.clone());
                                self.import.committed.push((id, r.file.clone()));
                                changed = true;
                            }
                        }
                        self.import.history_stale = true;
                    } else {
                        self.import.changed_since_dry_run = false;
                        // Every row was read: offer the unknown status values.
                        for r in &outcome.reports {
                            let unknown =
                                crate::importing::status_values::unknown_values(&r.problems);
                            if let Some(file) = self
                                .import
                                .files
                                .iter_mut()
                                .find(|f| f.path.display().to_string() == r.file)
                            {
                                crate::importing::status_values::offer(
                                    &mut file.status_map,
                                    &unknown,
                                );
                            }
                        }
                    }
                    self.import.outcome = Some(*outcome);
                }
                JobMsg::History(h) => self.import.history = Some(h),
                JobMsg::UndoPlan(p) => self.import.undo_plan = Some(p),
                JobMsg::Undone(r) => {
                    changed |= r.is_ok();
                    if let Ok(report) = &r {
                        self.import.undone.push(report.import_id);
                        // The report on screen no longer says "Imported".
                        let undone = Some(report.import_id);
                        if let Some(outcome) = self.import.outcome.as_mut() {
                            for file in &mut outcome.reports {
                                if file.import_id == undone {
                                    file.status = "undone".to_string();
                                }
                            }
                        }
                        if let Some(file) = self.import.reports.get_mut(&report.import_id) {
                            file.status = "undone".to_string();
                        }
                    }
                    self.import.undo_result = Some(r);
                    self.import.history_stale = true;
                }
                JobMsg::Checked(c) => {
                    self.plugins.checking = false;
                    self.plugins.check = Some(c);
                }
                JobMsg::Trusted(outcome) => {
                    self.plugins.trusting = None;
                    self.plugins.trusted = Some(outcome);
                }
            }
        }
        if self.import.history_stale && self.import.tab == ImportTab::History {
            self.import.history_stale = false;
            self.send(ctx, JobCmd::History(db.to_path_buf()));
        }
        changed
    }

    /// Handles what the main worker sent for the Settings view.
    pub fn on_settings(&mut self, msg: SettingsMsg) {
        let s = &mut self.settings;
        match msg {
            SettingsMsg::Values(Ok(v)) => {
                s.stored = Some(v.clone());
                s.edit = Some(v);
                s.load_error = None;
            }
            SettingsMsg::Values(Err(e)) => s.load_error = Some(e),
            SettingsMsg::Saved(r) => {
                s.busy = false;
                match r {
                    Ok(()) => {
                        s.stored = s.edit.clone();
                        s.saved = true;
                        s.error = None;
                        s.preview = None;
                        s.preview_sent = None;
                    }
                    Err(e) => s.error = Some(e),
                }
            }
            SettingsMsg::Preview(Ok(p)) => {
                if s.preview_sent == Some(p.weights) {
                    s.preview_sent = None;
                }
                s.preview = Some(p);
            }
            SettingsMsg::Preview(Err(e)) => {
                s.preview_sent = None;
                s.error = Some(e);
            }
            SettingsMsg::BackedUp(r) => {
                s.busy = false;
                s.backup_result = Some(r);
            }
            SettingsMsg::Rates(Ok(o)) => {
                // A saved rate clears the fields for the next one.
                if s.fx
                    .as_ref()
                    .is_some_and(|old| old.rates.len() != o.rates.len() || old.rates != o.rates)
                {
                    s.fx_rate.clear();
                }
                s.fx = Some(o);
                s.fx_error = None;
            }
            SettingsMsg::Rates(Err(e)) => s.fx_error = Some(e),
            SettingsMsg::Restored(r) => {
                s.fx = None;
                s.fx_requested = false;
                s.busy = false;
                // Everything shown came from the replaced file.
                s.stored = None;
                s.edit = None;
                s.requested = false;
                s.preview = None;
                s.restore_result = Some(r);
            }
        }
    }
}

impl super::TenureApp {
    /// Reloads the open database on the main worker after an import, an
    /// undo or a restore, keeping what the window shows until it is ready.
    pub(crate) fn reload_db(&self) {
        if let Some(w) = &self.worker {
            w.send(super::worker::Cmd::Open(self.current_db.clone()));
        }
    }

    /// Sends a Settings view command to the main worker.
    pub(crate) fn send_settings(&self, cmd: super::settings_jobs::SettingsCmd) {
        if let Some(w) = &self.worker {
            w.send(super::worker::Cmd::Settings(cmd));
        }
    }

    /// Files dropped anywhere on the window go to the Import view.
    pub(crate) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        self.prefs.view = super::model::View::Import;
        let db = self.current_db.clone();
        self.data.add_files(ctx, &db, dropped);
    }

    /// Runs once a frame: what the import thread sent.
    pub(crate) fn poll_data_views(&mut self, ctx: &egui::Context) {
        let db = self.current_db.clone();
        let changed = self.data.poll(ctx, &db);
        let ux = super::i18n::ux::get(self.prefs.locale);
        for (import_id, file) in std::mem::take(&mut self.data.import.committed) {
            let name = std::path::Path::new(&file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(file);
            self.accounts
                .undo
                .push(super::accounts_state::ManualResult {
                    import_id,
                    label: super::i18n::fill(ux.undo_import_label, &[("file", &name)]),
                });
        }
        for id in std::mem::take(&mut self.data.import.undone) {
            self.accounts.undo.retain(|u| u.import_id != id);
        }
        if changed {
            self.reload_db();
        }
    }
}
