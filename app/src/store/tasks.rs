//! Typed reads for playbooks (issue 21): tasks with their account, the
//! triggers the rules have fired, and the few records a rule reads by
//! date (recent NPS detractors, unresolved tickets).

use super::{Store, StoreResult};
use crate::domain::{Date, Instant, Task, TaskStatus};
use std::collections::{HashMap, HashSet};

/// A stored task with its row id and account.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub id: i64,
    pub source: String,
    pub account_id: i64,
    pub account_external_id: String,
    pub account_name: String,
    pub task: Task,
}

/// Which tasks to read; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery<'a> {
    pub status: Option<TaskStatus>,
    pub csm: Option<&'a str>,
    pub account_id: Option<i64>,
    pub id: Option<i64>,
}

/// An NPS response of 0–6 (its row id is the rule's trigger).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetractorRow {
    pub id: i64,
    pub account_id: i64,
    pub date: Date,
    pub score: i64,
}

/// A ticket without `resolved_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedTicket {
    pub id: i64,
    pub account_id: i64,
    pub external_id: Option<String>,
    pub opened_at: Instant,
}

fn date(t: Option<String>) -> Option<Date> {
    t.and_then(|t| Date::parse_iso(&t).ok())
}

impl Store {
    /// Tasks matching `q`, with their account, in no particular order.
    pub fn task_rows(&self, q: &TaskQuery<'_>) -> StoreResult<Vec<TaskRow>> {
        let mut stmt = self.conn.prepare_cached(
            r#"SELECT t.id, t.source, t.account_id, a.external_id, a.name, t.title, t.due_on, t.csm,
                      t.status, t.rule, t."trigger", t.created_on, t.done_on, t.notes
               FROM task t JOIN account a ON a.id = t.account_id
               WHERE (?1 IS NULL OR t.status = ?1)
                 AND (?2 IS NULL OR t.csm = ?2 COLLATE NOCASE)
                 AND (?3 IS NULL OR t.account_id = ?3)
                 AND (?4 IS NULL OR t.id = ?4)"#,
        )?;
        let rows = stmt.query_map(
            rusqlite::params![q.status.map(TaskStatus::name), q.csm, q.account_id, q.id],
            |r| {
                let account_external_id: String = r.get(3)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    account_external_id,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    (
                        r.get::<_, Option<String>>(10)?,
                        r.get::<_, Option<String>>(11)?,
                        r.get::<_, Option<String>>(12)?,
                        r.get::<_, Option<String>>(13)?,
                    ),
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (id, source, account_id, ext, name, title, due, csm, status, rule, rest) = row?;
            let (trigger, created_on, done_on, notes) = rest;
            // A row whose due date no longer parses is skipped, not fatal.
            let Ok(due_on) = Date::parse_iso(&due) else {
                continue;
            };
            out.push(TaskRow {
                id,
                source,
                account_id,
                account_external_id: ext.clone(),
                account_name: name,
                task: Task {
                    account: ext,
                    title,
                    due_on,
                    csm,
                    status: TaskStatus::parse(&status),
                    rule,
                    trigger,
                    created_on: date(created_on),
                    done_on: date(done_on),
                    notes,
                },
            });
        }
        Ok(out)
    }

    /// Every (rule, account row id, trigger) a rule has fired, and those of
    /// tasks that arrived with a rule and trigger (an imported export).
    pub fn fired_triggers(&self) -> StoreResult<HashSet<(String, i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            r#"SELECT rule, account_id, "trigger" FROM playbook_fired
               UNION SELECT rule, account_id, "trigger" FROM task
                     WHERE rule IS NOT NULL AND "trigger" IS NOT NULL"#,
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// NPS responses scoring 0–`max_score` dated `from..=to` (an index on
    /// the date keeps this independent of the history's length).
    pub fn nps_detractors(
        &self,
        from: Date,
        to: Date,
        max_score: i64,
    ) -> StoreResult<Vec<DetractorRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, account_id, date, score FROM survey_response
             WHERE date >= ?1 AND date <= ?2 AND kind = 'nps' AND score <= ?3
                 AND account_id IS NOT NULL",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![from.to_string(), to.to_string(), max_score],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (id, account_id, day, score) = row?;
            if let Ok(date) = Date::parse_iso(&day) {
                out.push(DetractorRow {
                    id,
                    account_id,
                    date,
                    score,
                });
            }
        }
        Ok(out)
    }

    /// Tickets still unresolved (a partial index holds only those).
    pub fn unresolved_tickets(&self) -> StoreResult<Vec<UnresolvedTicket>> {
        let mut stmt = self.conn.prepare_cached(
            // A task is an account's: anonymous tickets open none (issue #24).
            "SELECT id, account_id, external_id, opened_at FROM ticket
             WHERE resolved_at IS NULL AND account_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, account_id, external_id, opened) = row?;
            if let Ok(opened_at) = Instant::parse(&opened) {
                out.push(UnresolvedTicket {
                    id,
                    account_id,
                    external_id,
                    opened_at,
                });
            }
        }
        Ok(out)
    }

    /// Open tasks per account row id: (open, of which overdue on `today`).
    pub fn open_task_counts(&self, today: Date) -> StoreResult<HashMap<i64, (u32, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT account_id, COUNT(*), SUM(due_on < ?1) FROM task
             WHERE status = 'open' GROUP BY account_id",
        )?;
        let rows = stmt.query_map([today.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, open, overdue) = row?;
            out.insert(id, (open as u32, overdue as u32));
        }
        Ok(out)
    }
}
