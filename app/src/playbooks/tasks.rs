//! Tasks as people see and work them: listed overdue first, added by hand,
//! marked done (optionally logging the touch as an activity), snoozed or
//! dismissed. Each change is one change set, undoable like any edit.

use super::PlaybookError;
use crate::domain::{Activity, Date, Record, Task, TaskStatus};
use crate::store::tasks::{TaskQuery, TaskRow};
use crate::store::{ChangeSetMeta, Store, WriteMode};
use serde::Serialize;
use std::collections::HashMap;

/// A task as listed (`tenure tasks --json`, playbooks.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredTask {
    pub id: i64,
    /// The account's `external_id`.
    pub account: String,
    pub account_name: String,
    /// Empty for a task a person added.
    pub rule: String,
    pub trigger: String,
    pub title: String,
    pub due_on: Date,
    pub csm: String,
    pub status: &'static str,
    pub created_on: Option<Date>,
    pub done_on: Option<Date>,
    /// Open and due before today.
    pub overdue: bool,
    pub notes: String,
    /// The account's row id (the window opens its page with it).
    pub account_id: i64,
}

/// Which tasks to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// `None`: every status.
    pub status: Option<TaskStatus>,
    /// Only this CSM's (case aside).
    pub csm: Option<String>,
    pub account_id: Option<i64>,
}

impl TaskFilter {
    pub fn open() -> TaskFilter {
        TaskFilter {
            status: Some(TaskStatus::Open),
            ..TaskFilter::default()
        }
    }
}

fn listed(row: TaskRow, today: Date) -> StoredTask {
    let t = row.task;
    let status = t.status.unwrap_or_default();
    StoredTask {
        id: row.id,
        account: row.account_external_id,
        account_name: row.account_name,
        rule: t.rule.unwrap_or_default(),
        trigger: t.trigger.unwrap_or_default(),
        title: t.title,
        due_on: t.due_on,
        csm: t.csm.unwrap_or_default(),
        status: status.name(),
        created_on: t.created_on,
        done_on: t.done_on,
        overdue: status == TaskStatus::Open && t.due_on < today,
        notes: t.notes.unwrap_or_default(),
        account_id: row.account_id,
    }
}

/// Tasks matching `filter`: overdue first, then by due date, then as made.
pub fn tasks(
    store: &Store,
    filter: &TaskFilter,
    today: Date,
) -> Result<Vec<StoredTask>, PlaybookError> {
    let q = TaskQuery {
        status: filter.status,
        csm: filter.csm.as_deref(),
        account_id: filter.account_id,
        id: None,
    };
    let mut out: Vec<StoredTask> = store
        .task_rows(&q)?
        .into_iter()
        .map(|r| listed(r, today))
        .collect();
    out.sort_by_key(|t| (!t.overdue, t.due_on, t.id));
    Ok(out)
}

/// Open and overdue tasks of one account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    pub open: u32,
    pub overdue: u32,
}

/// Open and overdue task counts per account row id.
pub fn open_task_counts(
    store: &Store,
    today: Date,
) -> Result<HashMap<i64, TaskCounts>, PlaybookError> {
    Ok(store
        .open_task_counts(today)?
        .into_iter()
        .map(|(id, (open, overdue))| (id, TaskCounts { open, overdue }))
        .collect())
}

fn manual(label: String, today: Date) -> ChangeSetMeta {
    let mut meta = ChangeSetMeta::new("manual", "manual");
    meta.mode = WriteMode::Replace;
    meta.file_name = Some(label);
    meta.as_of = today;
    meta
}

fn invalid(errors: Vec<crate::domain::FieldError>) -> PlaybookError {
    let why: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    PlaybookError::Invalid(format!("the task was not saved: {}", why.join("; ")))
}

/// Adds a task by hand to the account whose external id or name is
/// `account`; returns the task's id.
pub fn add_task(
    store: &mut Store,
    account: &str,
    title: &str,
    due_on: Date,
    csm: Option<&str>,
    today: Date,
) -> Result<i64, PlaybookError> {
    let account = account.trim();
    let account_id = match store.account_with_external_id(account)? {
        Some(id) => id,
        None => match store.accounts_named(account)?.as_slice() {
            [id] => *id,
            [] => {
                return Err(PlaybookError::Invalid(format!(
                    "no account has the id or name `{account}`; see `tenure accounts` for the ids"
                )));
            }
            _ => {
                return Err(PlaybookError::Invalid(format!(
                    "several accounts are named `{account}`; give the account's id instead"
                )));
            }
        },
    };
    if title.trim().is_empty() {
        return Err(PlaybookError::Invalid(
            "a task needs a title; say what is to be done".into(),
        ));
    }
    let task = Task {
        account: account.to_string(),
        title: title.trim().to_string(),
        due_on,
        csm: csm
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from),
        status: Some(TaskStatus::Open),
        rule: None,
        trigger: None,
        created_on: Some(today),
        done_on: None,
        notes: None,
    };
    add_task_for(store, account_id, task, today)
}

/// Adds `task` to account row `account_id` (the window knows the account).
pub fn add_task_for(
    store: &mut Store,
    account_id: i64,
    task: Task,
    today: Date,
) -> Result<i64, PlaybookError> {
    let mut cs = store.change_set(manual(format!("Task: {}", task.title), today))?;
    let outcome = cs.write_for_account(&Record::Task(task), account_id);
    match outcome {
        Ok(crate::store::WriteOutcome::Inserted(id)) => {
            cs.commit()?;
            Ok(id)
        }
        Ok(_) => {
            let _ = cs.rollback();
            Err(PlaybookError::Invalid(
                "this account already has a task with that title and due date".into(),
            ))
        }
        Err(e) => {
            let _ = cs.rollback();
            Err(invalid(e))
        }
    }
}

fn stored(store: &Store, id: i64) -> Result<TaskRow, PlaybookError> {
    let q = TaskQuery {
        id: Some(id),
        ..TaskQuery::default()
    };
    store.task_rows(&q)?.into_iter().next().ok_or_else(|| {
        PlaybookError::Invalid(format!(
            "there is no task {id}; see `tenure tasks --status all` for the ids"
        ))
    })
}

/// Marks task `id` done or dismissed on `today`; `note` is kept on the
/// task, and `log` (an activity kind such as `call`) records the touch on
/// the account for that day. Returns the activity's row id when one was
/// logged.
pub fn close_task(
    store: &mut Store,
    id: i64,
    status: TaskStatus,
    today: Date,
    note: Option<&str>,
    log: Option<&str>,
) -> Result<Option<i64>, PlaybookError> {
    let row = stored(store, id)?;
    let mut task = row.task.clone();
    task.status = Some(status);
    task.done_on = (status != TaskStatus::Open).then_some(today);
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        task.notes = Some(
            match task.notes.as_deref().filter(|t| !t.trim().is_empty()) {
                Some(old) => format!("{old}\n{n}"),
                None => n.to_string(),
            },
        );
    }
    let verb = match status {
        TaskStatus::Done => "Task done",
        TaskStatus::Dismissed => "Task dismissed",
        TaskStatus::Open => "Task reopened",
    };
    let mut cs = store.change_set(manual(format!("{verb}: {}", task.title), today))?;
    if let Err(e) = cs.update_row(row.id, &Record::Task(task.clone()), Some(row.account_id)) {
        let _ = cs.rollback();
        return Err(invalid(e));
    }
    let mut activity_id = None;
    if let Some(kind) = log.map(str::trim).filter(|k| !k.is_empty()) {
        let activity = Activity {
            account: row.account_external_id.clone(),
            // Its own id: two touches logged the same day stay two.
            external_id: Some(format!("task-{}", row.id)),
            date: today,
            kind: kind.to_string(),
            csm: task.csm.clone(),
            minutes: None,
            notes: Some(
                note.map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map_or_else(|| task.title.clone(), |n| format!("{}: {n}", task.title)),
            ),
        };
        match cs.write_for_account(&Record::Activity(activity), row.account_id) {
            Ok(
                crate::store::WriteOutcome::Inserted(a)
                | crate::store::WriteOutcome::Updated(a)
                | crate::store::WriteOutcome::Unchanged(a),
            ) => activity_id = Some(a),
            Err(e) => {
                let _ = cs.rollback();
                return Err(invalid(e));
            }
        }
    }
    cs.commit()?;
    Ok(activity_id)
}

/// Moves task `id`'s due date to `due_on`.
pub fn snooze_task(
    store: &mut Store,
    id: i64,
    due_on: Date,
    today: Date,
) -> Result<(), PlaybookError> {
    let row = stored(store, id)?;
    let mut task = row.task;
    task.due_on = due_on;
    let mut cs = store.change_set(manual(format!("Task snoozed: {}", task.title), today))?;
    if let Err(e) = cs.update_row(row.id, &Record::Task(task), Some(row.account_id)) {
        let _ = cs.rollback();
        return Err(invalid(e));
    }
    cs.commit()?;
    Ok(())
}
