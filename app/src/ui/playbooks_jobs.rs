//! The worker's side of Today, Renewals, Playbooks and the timeline's
//! tasks (issue 21): reads and writes through [`crate::playbooks`] only.

use crate::domain::{Date, Task, TaskStatus};
use crate::metrics::Dataset;
use crate::playbooks::{self, Config, Renewal, StoredTask, TaskCounts, TaskFilter};
use crate::store::Store;
use std::collections::HashMap;

pub enum PbCmd {
    /// Everything the three views show.
    Refresh {
        renewal_days: i32,
    },
    /// One account's tasks, for its timeline.
    AccountTasks(i64),
    Close {
        id: i64,
        status: TaskStatus,
        /// The activity kind to log as a touch.
        log: Option<String>,
    },
    Snooze {
        id: i64,
        due: Date,
    },
    Add {
        account_id: i64,
        task: Task,
    },
    SaveConfig(Box<Config>),
    /// What edited choices would do today (not saved).
    Preview(Box<Config>),
}

/// What the views draw.
#[derive(Debug, Clone)]
pub struct PbSnapshot {
    pub today: Date,
    pub tasks: Vec<StoredTask>,
    pub renewals: Vec<Renewal>,
    pub renewal_days: i32,
    pub config: Config,
    pub preview: playbooks::Preview,
    pub counts: HashMap<i64, TaskCounts>,
    pub currency: String,
    /// Open tasks of the accounts at risk and critical (in the month
    /// figures are read at), for the dashboard's cards.
    pub band_tasks: [TaskCounts; 2],
    /// Open tasks of each CSM's book (by the CSM's name in lower case;
    /// `None`: accounts without a CSM), for the workload view.
    pub book_tasks: HashMap<Option<String>, TaskCounts>,
    /// Account names and ids, for adding a task by hand.
    pub accounts: Vec<(i64, String, String)>,
}

pub enum PbMsg {
    Snapshot(Result<Box<PbSnapshot>, String>),
    AccountTasks(i64, Vec<StoredTask>),
    Preview(Box<Config>, playbooks::Preview),
    /// A write finished: the database is reopened (rules evaluated again).
    Written(Result<(), String>),
}

/// Whether the command writes (then the worker reopens the database).
pub fn writes(cmd: &PbCmd) -> bool {
    !matches!(
        cmd,
        PbCmd::Refresh { .. } | PbCmd::AccountTasks(_) | PbCmd::Preview(_)
    )
}

pub fn handle(store: Option<&mut Store>, engine: Option<&Dataset>, cmd: PbCmd) -> PbMsg {
    let today = Date::today();
    let (Some(store), Some(engine)) = (store, engine) else {
        return PbMsg::Written(Err("the database is not open".into()));
    };
    let err = |e: playbooks::PlaybookError| e.to_string();
    match cmd {
        PbCmd::Refresh { renewal_days } => PbMsg::Snapshot(
            snapshot(store, engine, today, renewal_days)
                .map(Box::new)
                .map_err(err),
        ),
        PbCmd::AccountTasks(id) => {
            let filter = TaskFilter {
                status: None,
                csm: None,
                account_id: Some(id),
            };
            PbMsg::AccountTasks(
                id,
                playbooks::tasks(store, &filter, today).unwrap_or_default(),
            )
        }
        PbCmd::Close { id, status, log } => PbMsg::Written(
            playbooks::close_task(store, id, status, today, None, log.as_deref())
                .map(|_| ())
                .map_err(err),
        ),
        PbCmd::Snooze { id, due } => {
            PbMsg::Written(playbooks::snooze_task(store, id, due, today).map_err(err))
        }
        PbCmd::Add { account_id, task } => PbMsg::Written(
            playbooks::add_task_for(store, account_id, task, today)
                .map(|_| ())
                .map_err(err),
        ),
        PbCmd::Preview(config) => match playbooks::preview_counts(store, engine, today, &config) {
            Ok(p) => PbMsg::Preview(config, p),
            Err(e) => PbMsg::Written(Err(err(e))),
        },
        PbCmd::SaveConfig(config) => {
            PbMsg::Written(playbooks::save_config(&store.settings(), &config).map_err(err))
        }
    }
}

fn snapshot(
    store: &Store,
    engine: &Dataset,
    today: Date,
    renewal_days: i32,
) -> Result<PbSnapshot, playbooks::PlaybookError> {
    let config = playbooks::load_config(&store.settings())?;
    let counts = playbooks::open_task_counts(store, today)?;
    let month = engine.default_month().min(today.month()).index();
    let mut band_tasks = [TaskCounts::default(); 2];
    for (a, s) in engine.accounts().iter().enumerate() {
        let slot = match engine.cached_score(a, month).map(crate::metrics::Band::of) {
            Some(crate::metrics::Band::AtRisk) => 0,
            Some(crate::metrics::Band::Critical) => 1,
            _ => continue,
        };
        if let Some(c) = counts.get(&s.id) {
            band_tasks[slot].open += c.open;
            band_tasks[slot].overdue += c.overdue;
        }
    }
    let mut book_tasks: HashMap<Option<String>, TaskCounts> = HashMap::new();
    for s in engine.accounts() {
        if let Some(c) = counts.get(&s.id) {
            let book = book_tasks
                .entry(s.account.csm.as_deref().map(str::to_lowercase))
                .or_default();
            book.open += c.open;
            book.overdue += c.overdue;
        }
    }
    Ok(PbSnapshot {
        band_tasks,
        book_tasks,
        today,
        tasks: playbooks::tasks(store, &TaskFilter::open(), today)?,
        renewals: playbooks::renewals(store, engine, today, renewal_days)?,
        renewal_days,
        preview: playbooks::preview_counts(store, engine, today, &config)?,
        config,
        counts,
        currency: engine.currency().to_string(),
        accounts: engine
            .accounts()
            .iter()
            .map(|a| (a.id, a.account.external_id.clone(), a.account.name.clone()))
            .collect(),
    })
}

/// Evaluates the rules when the database opens (at start and after every
/// write, which reopens it); returns how many tasks are due today.
pub fn on_open(store: &mut Store, engine: &Dataset) -> Result<usize, String> {
    let today = Date::today();
    // A read-only database is shown as it is (the rules' tasks are writes).
    if !store.read_only() {
        playbooks::run(store, engine, today).map_err(|e| e.to_string())?;
    }
    let open = playbooks::tasks(store, &TaskFilter::open(), today).map_err(|e| e.to_string())?;
    Ok(open.iter().filter(|t| t.due_on == today).count())
}
