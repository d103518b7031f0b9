//! The background thread that owns the database: it opens it, computes the
//! figures the views draw and writes forms. The UI sends [`Cmd`]s and polls
//! [`Msg`]s once a frame; it never waits on this thread.

use super::engine::{self, Engine};
use super::model::{Cards, DbInfo, FigureQuery, SEGMENT_FIELDS, SeriesSet};
use crate::domain::{FieldError, Record};
use crate::store::{ChangeSetMeta, Store, WriteMode, queries};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

pub enum Cmd {
    Open(PathBuf),
    Figures {
        generation: u64,
        query: FigureQuery,
    },
    /// Records written in one change set (an account and its subscription).
    SaveAccount(Vec<Record>),
    // workload view (issue 8)
    Workload(super::workload_jobs::WorkloadCmd),
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
    Saved(Result<(), Vec<FieldError>>),
    // workload view (issue 8)
    Workload(super::workload_jobs::WorkloadMsg),
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
    engine: Option<Engine>,
}

impl Worker {
    fn new(ctx: egui::Context, tx: Sender<Msg>) -> Worker {
        Worker {
            ctx,
            tx,
            store: None,
            engine: None,
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
                match rx.recv() {
                    Ok(cmd) => queue.push(cmd),
                    Err(_) => return,
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
                match cmd {
                    Cmd::Open(path) => self.open(&path),
                    Cmd::SaveAccount(records) => self.save(&records),
                    Cmd::Workload(cmd) => {
                        let msgs = super::workload_jobs::handle(
                            self.store.as_mut(),
                            self.engine.as_mut(),
                            cmd,
                        );
                        for msg in msgs {
                            self.send(Msg::Workload(msg));
                        }
                    }
                    Cmd::Figures { generation, query } => {
                        if Some(i) == last_figures {
                            self.figures(generation, &query, &rx, &mut queue);
                        }
                    }
                }
            }
        }
    }

    fn open(&mut self, path: &Path) {
        self.store = None;
        self.engine = None;
        let info = match Store::open(path) {
            Ok(store) => {
                let info = engine::load(store.conn()).map(|engine| {
                    let info = read_info(&engine);
                    self.engine = Some(engine);
                    info
                });
                self.store = Some(store);
                info
            }
            Err(e) => Err(e.to_string()),
        };
        self.send(Msg::Opened {
            path: path.to_path_buf(),
            info,
        });
    }

    fn save(&mut self, records: &[Record]) {
        let Some(store) = self.store.as_mut() else {
            self.send(Msg::Saved(Err(vec![FieldError::new(
                "database",
                "",
                "is not open",
            )])));
            return;
        };
        let mut meta = ChangeSetMeta::new("manual", "manual");
        meta.mode = WriteMode::Replace;
        let result = (|| {
            let mut changes = store
                .change_set(meta)
                .map_err(|e| vec![FieldError::new("database", "", e.to_string())])?;
            for record in records {
                changes.write(record)?;
            }
            changes
                .commit()
                .map_err(|e| vec![FieldError::new("database", "", e.to_string())])?;
            Ok(())
        })();
        let ok = result.is_ok();
        let path = store.path().to_path_buf();
        self.send(Msg::Saved(result));
        if ok {
            self.open(&path);
        }
    }

    fn figures(
        &mut self,
        generation: u64,
        query: &FigureQuery,
        rx: &Receiver<Cmd>,
        queue: &mut Vec<Cmd>,
    ) {
        let Some(engine) = self.engine.as_ref() else {
            return;
        };
        let cards = match engine::cards(engine, query) {
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
        let mut series = match engine::series(engine, query) {
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
            series: Box::new(series.clone()),
        });
        while let Ok(cmd) = rx.try_recv() {
            queue.push(cmd);
        }
        if queue.iter().any(|c| matches!(c, Cmd::Figures { .. })) {
            return;
        }
        let mut stop = || {
            while let Ok(cmd) = rx.try_recv() {
                queue.push(cmd);
            }
            queue.iter().any(|c| matches!(c, Cmd::Figures { .. }))
        };
        if !engine::add_usage_series(engine, query, &mut series, &mut stop) {
            return;
        }
        self.send(Msg::Series {
            generation,
            series: Box::new(series),
        });
    }
}

/// What the top bar and the welcome screen need to know about a database.
pub fn read_info(engine: &Engine) -> DbInfo {
    let mut options: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in engine.accounts() {
        for field in SEGMENT_FIELDS {
            if let Some(v) = queries::account_field(&a.account, field).filter(|v| !v.is_empty()) {
                options.entry(field.to_string()).or_default().insert(v);
            }
        }
    }
    let accounts = engine.account_count() as i64;
    DbInfo {
        accounts,
        currency: engine.currency().to_string(),
        latest: (accounts > 0).then(|| engine.default_month()),
        earliest: engine.span().map(|(earliest, _)| earliest),
        options: options
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect(),
    }
}
