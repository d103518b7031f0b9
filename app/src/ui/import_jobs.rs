//! The thread behind the Import and Plugins views: plugin discovery,
//! detection and previews, dry runs and imports (with progress and cancel),
//! the import history and undo. It opens its own connection for each job
//! (SQLite's WAL lets the main worker keep reading meanwhile) so that a
//! million-row import never holds up the dashboard's thread, and the window
//! never waits on either.

use crate::importing::check::{CheckOptions, CheckReport, check_plugin};
use crate::importing::first_currency::CurrencyChoice;
use crate::importing::inspect::{Inspection, inspect};
use crate::importing::pipeline::{FileReport, ImportSettings, Progress};
use crate::importing::prepare::Described;
use crate::importing::service::{self, Control, FileJob};
use crate::importing::trust_store::{TrustStore, Untrusted};
use crate::importing::{LoadFailure, PluginHost, SearchDir, search_dirs};
use crate::store::{ImportRun, Store, UndoPlan, UndoReport};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// Where the plugins come from.
#[derive(Debug, Clone, Default)]
pub enum PluginSource {
    /// [`PluginHost::discover`]: the usual folders.
    #[default]
    Discover,
    /// Exactly these library files (tests).
    Files(Vec<PathBuf>),
    /// These folders, trusting what this trust file holds (tests of trust).
    Search {
        dirs: Vec<SearchDir>,
        trust_file: PathBuf,
    },
}

impl PluginSource {
    fn load(&self) -> PluginHost {
        match self {
            PluginSource::Discover => PluginHost::discover(),
            PluginSource::Files(files) => PluginHost::load_files(files),
            PluginSource::Search { dirs, trust_file } => {
                PluginHost::load_from(dirs, &TrustStore::open(Some(trust_file.clone())))
            }
        }
    }

    fn trust_store(&self) -> TrustStore {
        match self {
            PluginSource::Search { trust_file, .. } => TrustStore::open(Some(trust_file.clone())),
            _ => TrustStore::open_default(),
        }
    }

    fn searched(&self) -> Vec<PathBuf> {
        match self {
            PluginSource::Discover => search_dirs().into_iter().map(|d| d.path).collect(),
            PluginSource::Files(files) => files.clone(),
            PluginSource::Search { dirs, .. } => dirs.iter().map(|d| d.path.clone()).collect(),
        }
    }
}

/// A loaded plugin, as the Plugins view lists it.
#[derive(Debug, Clone)]
pub struct PluginRow {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub abi: u32,
    pub extensions: Vec<String>,
    pub kinds: Vec<String>,
    pub path: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct PluginList {
    pub plugins: Vec<PluginRow>,
    pub failures: Vec<LoadFailure>,
    /// Libraries outside the bundled folders not trusted yet.
    pub untrusted: Vec<Untrusted>,
    pub searched: Vec<PathBuf>,
}

/// Progress of a running import, shared with the window (atomics: the
/// window reads them every frame without a message).
#[derive(Debug, Default)]
pub struct RunProgress {
    pub file: AtomicU64,
    pub files: AtomicU64,
    pub done: AtomicU64,
    pub total: AtomicU64,
    pub records: AtomicU64,
}

impl RunProgress {
    fn set(&self, p: Progress) {
        self.file.store(p.file as u64, Ordering::Relaxed);
        self.files.store(p.files as u64, Ordering::Relaxed);
        self.done.store(p.done, Ordering::Relaxed);
        self.total.store(p.total, Ordering::Relaxed);
        self.records.store(p.run_records, Ordering::Relaxed);
    }
}

/// One file of a run with the person's choices.
#[derive(Debug, Clone)]
pub struct RunFile {
    pub path: PathBuf,
    pub settings: ImportSettings,
    /// The file's latest inspection, which the import reuses while it holds.
    pub known: Option<Described>,
}

pub enum JobCmd {
    Plugins,
    Inspect {
        id: u64,
        db: PathBuf,
        path: PathBuf,
        settings: ImportSettings,
    },
    Run {
        db: PathBuf,
        files: Vec<RunFile>,
        dry_run: bool,
        cancel: Arc<AtomicBool>,
        progress: Arc<RunProgress>,
        /// The answer to the first import's currency question (the
        /// window keeps the setting unless the person said yes).
        currency: CurrencyChoice,
    },
    History(PathBuf),
    UndoPlan(PathBuf, i64),
    Undo(PathBuf, i64),
    Check(PathBuf),
    /// Trust this library if it still has this SHA-256 (what the view
    /// showed), then load the plugins again.
    Trust {
        path: PathBuf,
        sha256: String,
    },
}

/// An account an import touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched {
    pub id: i64,
    pub external_id: String,
    pub name: String,
}

/// The outcome of a dry run or an import.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub dry_run: bool,
    pub reports: Vec<FileReport>,
    pub touched: Vec<Touched>,
    pub records: u64,
    pub elapsed: Duration,
}

pub enum JobMsg {
    Plugins(PluginList),
    Inspected {
        id: u64,
        inspection: Box<Inspection>,
    },
    Ran(Box<RunOutcome>),
    History(Result<Vec<ImportRun>, String>),
    UndoPlan(Result<UndoPlan, String>),
    Undone(Result<UndoReport, String>),
    Checked(Result<Box<CheckReport>, String>),
    /// A library was trusted: its id once loaded, or why it does not load;
    /// `Err` when nothing was trusted. The new list follows.
    Trusted(Result<crate::importing::TrustOutcome, String>),
}

/// The window's end of the thread.
pub struct Jobs {
    tx: Sender<JobCmd>,
    rx: Receiver<JobMsg>,
}

impl Jobs {
    pub fn spawn(ctx: egui::Context, source: PluginSource) -> Jobs {
        let (cmd_tx, cmd_rx) = channel::<JobCmd>();
        let (msg_tx, msg_rx) = channel::<JobMsg>();
        let spawned = std::thread::Builder::new()
            .name("tenure-import".into())
            .spawn(move || run(ctx, source, cmd_rx, msg_tx));
        if let Err(e) = spawned {
            eprintln!("Tenure could not start its import thread ({e}).");
        }
        Jobs {
            tx: cmd_tx,
            rx: msg_rx,
        }
    }

    pub fn send(&self, cmd: JobCmd) {
        let _ = self.tx.send(cmd);
    }

    pub fn poll(&self) -> Vec<JobMsg> {
        self.rx.try_iter().collect()
    }
}

fn run(ctx: egui::Context, source: PluginSource, rx: Receiver<JobCmd>, tx: Sender<JobMsg>) {
    let mut host = source.load();
    let searched = source.searched();
    let send = |msg: JobMsg| {
        let _ = tx.send(msg);
        ctx.request_repaint();
    };
    for cmd in rx.iter() {
        match cmd {
            JobCmd::Plugins => send(JobMsg::Plugins(list(&host, &searched))),
            JobCmd::Inspect {
                id,
                db,
                path,
                settings,
            } => {
                let inspection = match Store::open(&db) {
                    Ok(store) => inspect(&store, &host, &path, &settings),
                    Err(e) => Inspection {
                        path,
                        error: Some(e.to_string()),
                        ..Inspection::default()
                    },
                };
                send(JobMsg::Inspected {
                    id,
                    inspection: Box::new(inspection),
                });
            }
            JobCmd::Run {
                db,
                files,
                dry_run,
                cancel,
                progress,
                currency,
            } => {
                let run = RunChoices { dry_run, currency };
                let outcome = run_import(&db, &host, &files, run, &cancel, &progress, &ctx);
                send(JobMsg::Ran(Box::new(outcome)));
            }
            JobCmd::History(db) => send(JobMsg::History(
                Store::open(&db)
                    .and_then(|s| s.imports())
                    .map_err(|e| e.to_string()),
            )),
            JobCmd::UndoPlan(db, id) => send(JobMsg::UndoPlan(
                Store::open(&db)
                    .and_then(|s| s.undo_plan(id))
                    .map_err(|e| e.to_string()),
            )),
            JobCmd::Undo(db, id) => send(JobMsg::Undone(
                Store::open(&db)
                    .and_then(|mut s| s.undo_import(id))
                    .map_err(|e| e.to_string()),
            )),
            JobCmd::Check(lib) => send(JobMsg::Checked(check_library(&lib))),
            JobCmd::Trust { path, sha256 } => {
                let mut store = source.trust_store();
                let outcome = crate::importing::trust_library(&mut store, &path, Some(&sha256));
                if outcome.is_ok() {
                    // The import view reads this host too: it sees the plugin at once.
                    host = source.load();
                }
                send(JobMsg::Trusted(outcome));
                send(JobMsg::Plugins(list(&host, &searched)));
            }
        }
    }
}

fn list(host: &PluginHost, searched: &[PathBuf]) -> PluginList {
    PluginList {
        plugins: host
            .plugins
            .iter()
            .map(|p| PluginRow {
                id: p.info.id.clone(),
                name: p.info.name.clone(),
                version: p.info.version.clone(),
                description: p.info.description.clone(),
                abi: p.abi_major,
                extensions: p.info.extensions.clone(),
                kinds: p.info.kinds.clone(),
                path: p.path.clone(),
            })
            .collect(),
        failures: host.failures.clone(),
        untrusted: host.untrusted.clone(),
        searched: searched.to_vec(),
    }
}

/// A run's choices beside the files'.
#[derive(Debug, Clone, Copy)]
struct RunChoices {
    dry_run: bool,
    currency: CurrencyChoice,
}

/// Imports every file with its own choices through the import service
/// (dependency order, each file its own transaction; a cancel rolls back the
/// file being read and the rest are not read), then lists the accounts the
/// imports touched.
fn run_import(
    db: &std::path::Path,
    host: &PluginHost,
    files: &[RunFile],
    run: RunChoices,
    cancel: &Arc<AtomicBool>,
    progress: &RunProgress,
    ctx: &egui::Context,
) -> RunOutcome {
    let RunChoices { dry_run, currency } = run;
    let started = Instant::now();
    let mut outcome = RunOutcome {
        dry_run,
        reports: Vec::new(),
        touched: Vec::new(),
        records: 0,
        elapsed: Duration::ZERO,
    };
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            outcome.reports.push(FileReport {
                file: db.display().to_string(),
                status: "failed".into(),
                exit_code: 2,
                problems: vec![crate::importing::RowProblem::fatal(
                    "database",
                    e.to_string(),
                )],
                ..FileReport::default()
            });
            return outcome;
        }
    };
    let jobs: Vec<FileJob> = files
        .iter()
        .map(|file| {
            let mut settings = file.settings.clone();
            settings.dry_run = dry_run;
            FileJob {
                path: file.path.clone(),
                settings,
                known: file.known.clone(),
            }
        })
        .collect();
    let mut last_repaint = Instant::now();
    let mut on_progress = |p: Progress| {
        progress.set(p);
        // The window draws on its own; a repaint request keeps the bar
        // moving when nothing else happens (at most 30 a second).
        if last_repaint.elapsed() > Duration::from_millis(33) {
            last_repaint = Instant::now();
            ctx.request_repaint();
        }
    };
    let mut control = Control::new(cancel.clone(), &mut on_progress);
    control.currency = currency;
    outcome.reports = service::import(&mut store, host, &jobs, &mut control);
    for id in outcome.reports.iter().filter_map(|r| r.import_id) {
        if let Ok(touched) = store.accounts_touched_by(id) {
            outcome
                .touched
                .extend(touched.into_iter().map(|(id, external_id, name)| Touched {
                    id,
                    external_id,
                    name,
                }));
        }
    }
    outcome
        .touched
        .sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    outcome.touched.dedup_by_key(|t| t.id);
    outcome.records = progress.records.load(Ordering::Relaxed);
    outcome.elapsed = started.elapsed();
    outcome
}

/// The checks of `tenure plugins check LIB`, in a child `tenure` process
/// when the app runs as `tenure` (a crashing plugin then cannot take the
/// window down), else in this process. `Err`: the library does not load.
fn check_library(lib: &std::path::Path) -> Result<Box<CheckReport>, String> {
    let runner = std::env::current_exe()
        .ok()
        .filter(|exe| exe.file_stem().is_some_and(|stem| stem == "tenure"));
    let options = CheckOptions {
        runner,
        ..CheckOptions::default()
    };
    let report = check_plugin(lib, None, &options);
    if report.plugin.is_none() {
        return Err(format!("{}: {}", lib.display(), report.verdict));
    }
    Ok(Box::new(report))
}
