//! What Today, Renewals, Playbooks and the timeline keep between frames
//! (issue 21): the worker's last snapshot and what the person is typing.

use super::playbooks_jobs::{PbMsg, PbSnapshot};
use crate::playbooks::{Config, StoredTask};
use std::collections::HashMap;

/// The inline "add a task" form of Today.
#[derive(Debug, Clone, Default)]
pub struct AddTask {
    pub open: bool,
    pub title: String,
    pub account: String,
    pub due: String,
    pub csm: String,
}

/// Kinds of timeline entries, for its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Activity,
    Task,
    Survey,
    Ticket,
    Mrr,
    Import,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Activity,
        EventKind::Task,
        EventKind::Survey,
        EventKind::Ticket,
        EventKind::Mrr,
        EventKind::Import,
    ];
}

#[derive(Debug)]
pub struct PlaybooksUi {
    pub snapshot: Option<Box<PbSnapshot>>,
    asked: bool,
    /// A write is on its way (buttons wait for the reopened database).
    pub busy: bool,
    pub renewal_days: i32,
    pub message: Option<(String, bool)>,
    /// Days to snooze by, as typed, per task.
    pub snooze_days: HashMap<i64, String>,
    /// The activity kind "done + log" records.
    pub log_kind: &'static str,
    pub add: AddTask,
    /// The Playbooks view's edited copy of the choices.
    pub config: Option<Config>,
    pub account_tasks: Option<(i64, Vec<StoredTask>)>,
    asked_account: Option<i64>,
    /// The touch being logged on the account page: its kind and text.
    pub touch: Option<(&'static str, String)>,
    pub filter: Option<EventKind>,
    /// A notification of today's tasks was shown (once a run).
    pub notified: bool,
    /// The preview of the edited choices, and the choices it is for.
    pub preview: Option<(Config, crate::playbooks::Preview)>,
    /// Screenshots: keep the account page scrolled to its timeline.
    pub scroll_to_timeline: bool,
    /// Scroll the account page to its timeline once (a detractor's task
    /// opened from the Responses list, issue #24).
    pub show_timeline_once: bool,
}

impl Default for PlaybooksUi {
    fn default() -> Self {
        PlaybooksUi {
            snapshot: None,
            asked: false,
            busy: false,
            renewal_days: 90,
            message: None,
            snooze_days: HashMap::new(),
            log_kind: "call",
            add: AddTask::default(),
            config: None,
            account_tasks: None,
            asked_account: None,
            touch: None,
            filter: None,
            notified: false,
            preview: None,
            scroll_to_timeline: false,
            show_timeline_once: false,
        }
    }
}

impl PlaybooksUi {
    /// The database was (re)opened: everything is read again.
    pub fn on_reload(&mut self) {
        self.snapshot = None;
        self.asked = false;
        self.busy = false;
        self.config = None;
        self.preview = None;
        self.account_tasks = None;
        self.asked_account = None;
    }

    /// Whether the snapshot should be asked for (once per reload).
    pub fn wants_snapshot(&mut self) -> bool {
        if self.asked {
            return false;
        }
        self.asked = true;
        true
    }

    /// Asks for the snapshot again (the renewal window changed).
    pub fn refresh(&mut self) {
        self.asked = false;
    }

    pub fn wants_account_tasks(&mut self, account_id: i64) -> bool {
        if self.asked_account == Some(account_id) {
            return false;
        }
        self.asked_account = Some(account_id);
        true
    }

    pub fn receive(&mut self, msg: PbMsg) {
        match msg {
            PbMsg::Snapshot(Ok(s)) => {
                if self.config.is_none() {
                    self.config = Some(s.config.clone());
                }
                self.snapshot = Some(s);
            }
            PbMsg::Snapshot(Err(e)) => self.message = Some((e, true)),
            PbMsg::AccountTasks(id, tasks) => self.account_tasks = Some((id, tasks)),
            PbMsg::Preview(config, p) => self.preview = Some((*config, p)),
            PbMsg::Written(Ok(())) => self.message = None,
            PbMsg::Written(Err(e)) => {
                self.busy = false;
                self.message = Some((e, true));
            }
        }
    }

    /// Nothing on its way (screenshots wait for this).
    pub fn settled(&self) -> bool {
        self.snapshot.is_some() && !self.busy
    }
}
