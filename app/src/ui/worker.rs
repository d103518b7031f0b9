//! The background thread that owns the database: it opens it, computes the
//! figures the views draw and writes forms. The UI sends [`Cmd`]s and polls
//! [`Msg`]s once a frame; it never waits on this thread.

use super::accounts_state::{AccountDetail, ManualOp, ManualResult};
use super::engine::{self, Engine};
use super::icp_engine::{self, IcpCache};
use super::icp_model::{IcpCmd, IcpMsg};
use super::model::{Cards, DbInfo, FigureQuery, SEGMENT_FIELDS, SeriesSet};
use super::settings_jobs::{self, SettingsCmd, SettingsMsg};
use crate::domain::FieldError;
use crate::store::{Store, queries};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

// The accounts commands (accounts area).
mod accounts;

pub enum Cmd {
    Open(PathBuf),
    Figures {
        generation: u64,
        query: FigureQuery,
    },
    // Settings view (importui): settings, health-weight preview, backup, restore.
    Settings(SettingsCmd),
    // accounts area: the table snapshot, one account's page, form writes, undo
    AccountTable,
    AccountDetail(i64),
    Manual {
        tag: u64,
        label: String,
        op: Box<ManualOp>,
    },
    Undo(i64),
    /// The accounts behind a dashboard card (or chart bar), for the table.
    Behind {
        query: FigureQuery,
        door: crate::metrics::Door,
        label: String,
    },
    // ICP view (issue 7)
    Icp(IcpCmd),
    // workload view (issue 8)
    Workload(super::workload_jobs::WorkloadCmd),
    // playbooks (issue 21)
    Playbooks(super::playbooks_jobs::PbCmd),
}

impl Cmd {
    /// The command's name, for `TENURE_TRACE`.
    fn kind(&self) -> &'static str {
        match self {
            Cmd::Open(_) => "open",
            Cmd::Figures { .. } => "figures",
            Cmd::Settings(_) => "settings",
            Cmd::AccountTable => "account table",
            Cmd::AccountDetail(_) => "account detail",
            Cmd::Manual { .. } => "manual",
            Cmd::Undo(_) => "undo",
            Cmd::Behind { .. } => "behind",
            Cmd::Icp(_) => "icp",
            Cmd::Workload(_) => "workload",
            Cmd::Playbooks(_) => "playbooks",
        }
    }
}

/// The accounts behind a card, and the records of no account it counts
/// beside them (the Accounts view says how many).
#[derive(Debug)]
pub struct Behind {
    pub label: String,
    pub door: crate::metrics::Door,
    pub ids: Vec<i64>,
    pub unmatched: u64,
}

pub enum Msg {
    Opened {
        path: PathBuf,
        info: Result<DbInfo, String>,
    },
    Cards {
        generation: u64,
        cards: Box<Cards>,
    },
    Series {
        generation: u64,
        series: Box<SeriesSet>,
    },
    Failed {
        generation: u64,
        message: String,
    },
    // Settings view (importui).
    Settings(SettingsMsg),
    // accounts area
    AccountTable(Arc<crate::accounts::AccountTable>),
    AccountDetail {
        account_id: i64,
        detail: Result<Box<AccountDetail>, String>,
    },
    Manual {
        tag: u64,
        result: Result<ManualResult, Vec<FieldError>>,
    },
    Undone(Result<i64, String>),
    /// The accounts behind a card: what the table shows, and its label.
    Behind(Result<Behind, String>),
    // ICP view (issue 7)
    Icp(IcpMsg),
    // workload view (issue 8)
    Workload(super::workload_jobs::WorkloadMsg),
    // playbooks (issue 21)
    Playbooks(super::playbooks_jobs::PbMsg),
    /// Open tasks due today, after the rules ran on opening.
    DueToday(usize),
    // churn risk (issue 18): from its own thread.
    Risk(Box<super::risk_jobs::RiskUpdate>),
    // issue #22: the LTV view's models, from their own thread.
    Ltv(Box<super::ltv_jobs::LtvUpdate>),
}

/// The UI's end of the worker.
pub struct WorkerHandle {
    tx: Sender<Cmd>,
    rx: Receiver<Msg>,
}

impl WorkerHandle {
    pub fn spawn(ctx: egui::Context) -> WorkerHandle {
        let (cmd_tx, cmd_rx) = channel::<Cmd>();
        let (msg_tx, msg_rx) = channel::<Msg>();
        let spawned = std::thread::Builder::new()
            .name("tenure-worker".into())
            .spawn(move || Worker::new(ctx, msg_tx).run(cmd_rx));
        if let Err(e) = spawned {
            eprintln!("Tenure could not start its background thread ({e}).");
        }
        WorkerHandle {
            tx: cmd_tx,
            rx: msg_rx,
        }
    }

    pub fn send(&self, cmd: Cmd) {
        // A closed channel means the worker stopped; the UI shows its last state.
        let _ = self.tx.send(cmd);
    }

    pub fn poll(&self) -> Vec<Msg> {
        self.rx.try_iter().collect()
    }
}

struct Worker {
    ctx: egui::Context,
    tx: Sender<Msg>,
    store: Option<Store>,
    /// Shared with the open's deferred work while it runs ([`AfterOpen`]);
    /// the commands that change it wait for that work first.
    engine: Option<Arc<Engine>>,
    icp: IcpCache,
    /// Work of the last open that waits until the dashboard has its figures.
    after_open: Option<AfterOpen>,
    /// That work once started, on its own thread.
    after_open_running: Option<std::thread::JoinHandle<()>>,
}

/// What opening a database starts besides the figures: the playbook rules,
/// the two model fits and the snapshot write. On two cores they would share
/// the CPU with the dashboard's first figures (issue #17: the dashboard
/// ≤ 0.5 s after start), so they start once the first figures are sent, or
/// after [`AFTER_OPEN_IDLE`] with no command at all. They run on their own
/// thread (the rules on their own connection), so that a period change or a
/// filter does not wait for them; every other command (which may read the
/// rules' tasks or change the engine) waits until they are done.
struct AfterOpen {
    path: PathBuf,
    snapshot_due: Option<crate::metrics::SnapshotDue>,
}

/// How long deferred open work waits for the window's first figures request.
const AFTER_OPEN_IDLE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Whether `TENURE_TRACE` is set (read once).
fn tracing() -> bool {
    use std::sync::OnceLock;
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TENURE_TRACE").is_some())
}

/// `TENURE_TRACE=1` prints how long each step of the worker takes, on stderr
/// (how the dashboard's start was measured; docs/benchmarks.md).
fn traced<T>(what: &str, f: impl FnOnce() -> T) -> T {
    if !tracing() {
        return f();
    }
    let start = std::time::Instant::now();
    let out = f();
    eprintln!("tenure-worker: {what} {:.1?}", start.elapsed());
    out
}

impl Worker {
    fn new(ctx: egui::Context, tx: Sender<Msg>) -> Worker {
        Worker {
            ctx,
            tx,
            store: None,
            engine: None,
            icp: IcpCache::default(),
            after_open: None,
            after_open_running: None,
        }
    }

    fn send(&self, msg: Msg) {
        let _ = self.tx.send(msg);
        self.ctx.request_repaint();
    }

    fn run(mut self, rx: Receiver<Cmd>) {
        let mut queue: Vec<Cmd> = Vec::new();
        loop {
            if queue.is_empty() {
                if self.after_open.is_some() {
                    match rx.recv_timeout(AFTER_OPEN_IDLE) {
                        Ok(cmd) => queue.push(cmd),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            self.run_after_open();
                            continue;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                } else {
                    match rx.recv() {
                        Ok(cmd) => queue.push(cmd),
                        Err(_) => return,
                    }
                }
            }
            // Take everything waiting; only the newest figures request counts.
            loop {
                match rx.try_recv() {
                    Ok(cmd) => queue.push(cmd),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return,
                }
            }
            let last_figures = queue.iter().rposition(|c| matches!(c, Cmd::Figures { .. }));
            let cmds: Vec<Cmd> = std::mem::take(&mut queue);
            for (i, cmd) in cmds.into_iter().enumerate() {
                // Only figures may go before (or beside) the open's other work.
                if !matches!(cmd, Cmd::Figures { .. }) {
                    traced("waiting for the open's work", || {
                        self.settle_after_open(&rx, &mut queue)
                    });
                }
                if tracing() {
                    eprintln!("tenure-worker: command {}", cmd.kind());
                }
                match cmd {
                    Cmd::Open(path) => self.open(&path),
                    // Settings view (importui).
                    Cmd::Settings(cmd) => {
                        let (msg, after) =
                            settings_jobs::handle(&mut self.store, &mut self.engine, cmd);
                        self.send(Msg::Settings(msg));
                        if let settings_jobs::After::Reopen(path) = after {
                            self.open(&path);
                        }
                    }
                    Cmd::AccountTable => self.account_table(),
                    Cmd::AccountDetail(id) => self.account_detail(id),
                    Cmd::Manual { tag, label, op } => self.manual(tag, label, *op),
                    Cmd::Undo(id) => self.undo(id),
                    Cmd::Behind { query, door, label } => {
                        if let Some(engine) = self.engine.as_deref() {
                            let found = engine::behind(engine, self.icp.segments(), &query, door);
                            self.send(Msg::Behind(found.map(|(ids, unmatched)| Behind {
                                label,
                                door,
                                ids,
                                unmatched,
                            })));
                        }
                    }
                    Cmd::Icp(cmd) => self.icp(cmd),
                    Cmd::Workload(cmd) => {
                        let msgs = super::workload_jobs::handle(
                            self.store.as_mut(),
                            self.engine.as_mut().map(Arc::make_mut),
                            cmd,
                        );
                        for msg in msgs {
                            self.send(Msg::Workload(msg));
                        }
                    }
                    // playbooks (issue 21): a write reopens, which runs the rules.
                    Cmd::Playbooks(cmd) => {
                        let writes = super::playbooks_jobs::writes(&cmd);
                        let msg = super::playbooks_jobs::handle(
                            self.store.as_mut(),
                            self.engine.as_deref(),
                            cmd,
                        );
                        let ok = matches!(msg, super::playbooks_jobs::PbMsg::Written(Ok(())));
                        self.send(Msg::Playbooks(msg));
                        if writes
                            && ok
                            && let Some(path) = self.store.as_ref().map(|s| s.path().to_path_buf())
                        {
                            self.open(&path);
                        }
                    }
                    Cmd::Figures { generation, query } => {
                        if Some(i) == last_figures {
                            self.figures(generation, &query, &rx, &mut queue);
                            self.run_after_open();
                        }
                    }
                }
            }
        }
    }

    fn open(&mut self, path: &Path) {
        // A previous open's work belongs to a database no longer shown (its
        // started part has finished: every command but figures waits for it).
        self.after_open = None;
        self.store = None;
        self.engine = None;
        let mut snapshot_due = None;
        let info = match traced("open store", || Store::open(path)) {
            Ok(store) => {
                let info = traced("load engine", || engine::load(&store)).map(|(engine, due)| {
                    snapshot_due = due;
                    // ICP (issue 7): the primary profile's tier is a segment,
                    // which the top bar's options and a saved filter need.
                    if let Err(m) = traced("icp tiers", || {
                        icp_engine::on_open(&engine, &store, &mut self.icp)
                    }) {
                        self.send(Msg::Icp(IcpMsg::Failed(m)));
                    }
                    let mut info = traced("read info", || read_info(&engine, self.icp.segments()));
                    info.demo = store.settings().is_demo().unwrap_or(false);
                    self.engine = Some(Arc::new(engine));
                    info
                });
                self.store = Some(store);
                info
            }
            Err(e) => Err(e.to_string()),
        };
        if info.is_ok() {
            self.after_open = Some(AfterOpen {
                path: path.to_path_buf(),
                snapshot_due,
            });
        }
        self.send(Msg::Opened {
            path: path.to_path_buf(),
            info,
        });
    }

    /// Starts the open's deferred work ([`AfterOpen`]) on its own thread,
    /// once.
    fn run_after_open(&mut self) {
        let Some(after) = self.after_open.take() else {
            return;
        };
        let Some(engine) = self.engine.clone() else {
            return;
        };
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        let started = std::thread::Builder::new()
            .name("tenure-after-open".into())
            .spawn(move || after_open(after, &engine, &tx, &ctx));
        match started {
            Ok(handle) => self.after_open_running = Some(handle),
            Err(e) => self.send(rules_failed(format!(
                "the playbook rules could not start ({e})"
            ))),
        }
    }

    /// Starts the deferred work if it has not started, and waits for it.
    /// Figures asked for meanwhile (a period change while the rules run)
    /// are answered while it waits; other commands are queued, in order.
    fn settle_after_open(&mut self, rx: &Receiver<Cmd>, queue: &mut Vec<Cmd>) {
        self.run_after_open();
        while let Some(handle) = self.after_open_running.take() {
            if handle.is_finished() {
                if handle.join().is_err() {
                    self.send(rules_failed("the playbook rules stopped unexpectedly"));
                }
                return;
            }
            self.after_open_running = Some(handle);
            match rx.recv_timeout(std::time::Duration::from_millis(5)) {
                Ok(Cmd::Figures { generation, query }) => {
                    // Only the newest figures request waiting counts.
                    let mut newest = (generation, query);
                    let mut others = Vec::new();
                    while let Ok(cmd) = rx.try_recv() {
                        match cmd {
                            Cmd::Figures { generation, query } => newest = (generation, query),
                            other => others.push(other),
                        }
                    }
                    queue.extend(others);
                    self.figures(newest.0, &newest.1, rx, queue);
                }
                Ok(other) => queue.push(other),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                // The window closed: nothing will read what is left.
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// ICP view (issue 7): runs the command; a changed tier segment
    /// re-sends the database info (the top bar's options).
    fn icp(&mut self, cmd: IcpCmd) {
        let (Some(store), Some(engine)) = (self.store.as_ref(), self.engine.as_ref()) else {
            return;
        };
        let (msgs, changed) = icp_engine::handle(engine, store, &mut self.icp, cmd);
        let reopened = changed.then(|| {
            let mut info = read_info(engine, self.icp.segments());
            info.demo = store.settings().is_demo().unwrap_or(false);
            (store.path().to_path_buf(), info)
        });
        for m in msgs {
            self.send(Msg::Icp(m));
        }
        if let Some((path, info)) = reopened {
            self.send(Msg::Opened {
                path,
                info: Ok(info),
            });
        }
    }

    fn figures(
        &mut self,
        generation: u64,
        query: &FigureQuery,
        rx: &Receiver<Cmd>,
        queue: &mut Vec<Cmd>,
    ) {
        let Some(engine) = self.engine.as_deref() else {
            return;
        };
        let cards = match traced("cards", || {
            engine::cards(engine, self.icp.segments(), query)
        }) {
            Ok(cards) => cards,
            Err(message) => {
                self.send(Msg::Failed {
                    generation,
                    message,
                });
                return;
            }
        };
        self.send(Msg::Cards {
            generation,
            cards: Box::new(cards),
        });
        // A newer request waiting makes the series of this one useless.
        while let Ok(cmd) = rx.try_recv() {
            queue.push(cmd);
        }
        if queue.iter().any(|c| matches!(c, Cmd::Figures { .. })) {
            return;
        }
        let series = match traced("series", || {
            engine::series(engine, self.icp.segments(), query)
        }) {
            Ok(series) => series,
            Err(message) => {
                self.send(Msg::Failed {
                    generation,
                    message,
                });
                return;
            }
        };
        self.send(Msg::Series {
            generation,
            series: Box::new(series),
        });
    }
}

/// The open's deferred work, on its thread: the snapshot write (before any
/// command can change the engine in memory: they all wait for this), the
/// playbook rules on a connection of their own (the rules run at start and
/// after every write, each of which reopens the database), then the churn
/// risk (issue 18) and customer-value fits, each on its own thread.
fn after_open(after: AfterOpen, engine: &Engine, tx: &Sender<Msg>, ctx: &egui::Context) {
    let send = |msg: Msg| {
        let _ = tx.send(msg);
        ctx.request_repaint();
    };
    match Store::open(&after.path) {
        Ok(mut store) => {
            if let Some(due) = after.snapshot_due {
                traced("write snapshot", || due.write(&store, engine));
            }
            match traced("playbook rules", || {
                super::playbooks_jobs::on_open(&mut store, engine)
            }) {
                Ok(due) => send(Msg::DueToday(due)),
                Err(m) => send(rules_failed(m)),
            }
        }
        Err(e) => send(rules_failed(e.to_string())),
    }
    super::risk_jobs::spawn(&after.path, tx.clone(), ctx.clone(), |u| {
        Msg::Risk(Box::new(u))
    });
    super::ltv_jobs::spawn(&after.path, tx.clone(), ctx.clone(), |u| {
        Msg::Ltv(Box::new(u))
    });
}

/// The playbook rules could not run: the Today view says why.
fn rules_failed(message: impl Into<String>) -> Msg {
    Msg::Playbooks(super::playbooks_jobs::PbMsg::Snapshot(Err(message.into())))
}

/// What the top bar and the welcome screen need to know about a database.
pub fn read_info(engine: &Engine, segments: &crate::metrics::Segments) -> DbInfo {
    // Borrowed values in hash sets, sorted once at the end: one pass over
    // 100,000 accounts without a copy of each one's fields (all of
    // SEGMENT_FIELDS are text fields; a test says so).
    let mut seen: Vec<HashSet<&str>> = vec![HashSet::new(); SEGMENT_FIELDS.len()];
    for a in engine.accounts() {
        for (field, set) in SEGMENT_FIELDS.iter().zip(seen.iter_mut()) {
            if let Some(v) = queries::account_text(&a.account, field)
                .flatten()
                .filter(|v| !v.is_empty())
            {
                set.insert(v);
            }
        }
    }
    let mut options: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (field, set) in SEGMENT_FIELDS.iter().zip(seen) {
        if !set.is_empty() {
            options.insert(
                field.to_string(),
                set.into_iter().map(String::from).collect(),
            );
        }
    }
    // Segments from providers (ICP tiers once a primary profile exists).
    for p in segments.iter() {
        options.insert(p.field().to_string(), p.labels().into_iter().collect());
    }
    let accounts = engine.account_count() as i64;
    let anonymous = engine.anonymous_count() as i64;
    DbInfo {
        accounts,
        anonymous,
        currency: engine.currency().to_string(),
        latest: (accounts > 0 || anonymous > 0).then(|| engine.default_month()),
        earliest: engine.span().map(|(earliest, _)| earliest),
        options: options
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect(),
        demo: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_segment_field_is_a_text_field_read_without_a_copy() {
        let account = crate::domain::Account::default();
        for field in SEGMENT_FIELDS {
            assert!(
                queries::account_text(&account, field).is_some(),
                "{field} is not read by account_text: read_info would miss its values"
            );
        }
    }
}
