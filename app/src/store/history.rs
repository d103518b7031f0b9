//! Import history and undo.

use super::rows::{json_to_value, spec};
use super::{Store, StoreError, StoreResult, now_utc_text};
use crate::domain::RecordKind;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportRun {
    pub id: i64,
    pub plugin: String,
    pub source: String,
    pub file_name: Option<String>,
    pub file_hash: Option<String>,
    pub kinds: Vec<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: String,
    pub skip_invalid: bool,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    pub undone_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct UndoReport {
    pub import_id: i64,
    pub removed: u64,
    pub restored: u64,
}

/// Children first, so that deleting inserted rows never trips a reference.
const DELETE_ORDER: [RecordKind; 14] = [
    RecordKind::Task,
    RecordKind::Contact,
    RecordKind::Purchase,
    RecordKind::FxRate,
    RecordKind::AcquisitionSpend,
    RecordKind::Opportunity,
    RecordKind::Activity,
    RecordKind::Usage,
    RecordKind::Ticket,
    RecordKind::SurveyResponse,
    RecordKind::Subscription,
    RecordKind::Mrr,
    RecordKind::Account,
    RecordKind::Csm,
];

impl Store {
    pub fn imports(&self) -> StoreResult<Vec<ImportRun>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, plugin, source, file_name, file_hash, kinds, started_at, finished_at,
                    status, skip_invalid, inserted, updated, unchanged, rejected, undone_at
             FROM import_run WHERE status <> 'running' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kinds: String = r.get(5)?;
            Ok(ImportRun {
                id: r.get(0)?,
                plugin: r.get(1)?,
                source: r.get(2)?,
                file_name: r.get(3)?,
                file_hash: r.get(4)?,
                kinds: kinds
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(String::from)
                    .collect(),
                started_at: r.get(6)?,
                finished_at: r.get(7)?,
                status: r.get(8)?,
                skip_invalid: r.get(9)?,
                inserted: r.get(10)?,
                updated: r.get(11)?,
                unchanged: r.get(12)?,
                rejected: r.get(13)?,
                undone_at: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Restores exactly the state before import `id`: rows it inserted are
    /// removed, rows it updated get their previous values back. Refused when
    /// a later import changed the same records (undo that one first).
    pub fn undo_import(&mut self, id: i64) -> StoreResult<UndoReport> {
        let tx = self.conn.transaction()?;
        let status: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT status, undone_at FROM import_run WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match status {
            None => {
                return Err(StoreError::Invalid(format!(
                    "there is no import {id}; `tenure imports` lists them"
                )));
            }
            Some((_, Some(when))) => {
                return Err(StoreError::Invalid(format!(
                    "import {id} was already undone at {when}"
                )));
            }
            Some((status, None)) if !status.starts_with("committed") => {
                return Err(StoreError::Invalid(format!(
                    "import {id} wrote nothing ({status}), so there is nothing to undo"
                )));
            }
            Some(_) => {}
        }
        if let Some(later) = later_conflict(&tx, id)? {
            return Err(StoreError::Invalid(format!(
                "import {later} changed records that import {id} wrote; undo import {later} first"
            )));
        }
        let mut report = UndoReport {
            import_id: id,
            ..UndoReport::default()
        };
        // Restore updated rows.
        let changes: Vec<(String, i64, String)> = {
            let mut stmt =
                tx.prepare("SELECT tbl, row_id, previous FROM import_change WHERE import_id = ?1")?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        // Rows a form deleted come back first (parents before children), so
        // that restored references find them.
        let (deleted, changes): (Vec<_>, Vec<_>) = changes
            .into_iter()
            .partition(|(_, _, previous)| super::undelete::is_deletion(previous));
        report.restored += super::undelete::reinsert(&tx, id, deleted)?;
        for (table, row_id, previous) in changes {
            let Some(kind) = RecordKind::ALL
                .into_iter()
                .find(|k| spec(*k).table == table)
            else {
                continue;
            };
            let previous: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&previous).map_err(|e| {
                    StoreError::Invalid(format!("the undo data of import {id} is damaged: {e}"))
                })?;
            let s = spec(kind);
            let mut sets = Vec::new();
            let mut values: Vec<Value> = Vec::new();
            // Key columns too: a form may have changed an account's external id.
            for col in s.key_cols.iter().chain(s.value_cols) {
                if let Some(v) = previous.get(*col) {
                    values.push(json_to_value(v));
                    sets.push(format!("\"{col}\" = ?{}", values.len()));
                }
            }
            values.push(Value::Integer(row_id));
            let sql = format!(
                "UPDATE {table} SET {} WHERE id = ?{}",
                sets.join(", "),
                values.len()
            );
            report.restored += tx.execute(&sql, params_from_iter(values.iter()))? as u64;
        }
        for kind in DELETE_ORDER {
            let table = spec(kind).table;
            report.removed +=
                tx.execute(&format!("DELETE FROM {table} WHERE import_id = ?1"), [id])? as u64;
        }
        tx.execute(
            "UPDATE import_run SET undone_at = ?2 WHERE id = ?1",
            rusqlite::params![id, now_utc_text()],
        )?;
        tx.commit()?;
        Ok(report)
    }
}

/// A later, not undone import that updated rows this one wrote, or that
/// wrote rows referring to accounts or CSMs this one inserted.
fn later_conflict(tx: &rusqlite::Transaction<'_>, id: i64) -> rusqlite::Result<Option<i64>> {
    let mut checks = vec![
        // Later updates of rows this import inserted or updated.
        "SELECT max(c.import_id) FROM import_change c JOIN import_run r ON r.id = c.import_id
         WHERE c.import_id > ?1 AND r.undone_at IS NULL AND (
             EXISTS (SELECT 1 FROM import_change o WHERE o.import_id = ?1 AND o.tbl = c.tbl AND o.row_id = c.row_id)
          OR (c.tbl = 'account' AND c.row_id IN (SELECT id FROM account WHERE import_id = ?1))
          OR (c.tbl = 'csm' AND c.row_id IN (SELECT id FROM csm WHERE import_id = ?1)))"
            .to_string(),
        "SELECT max(a.import_id) FROM account a JOIN import_run r ON r.id = a.import_id
         WHERE a.import_id > ?1 AND r.undone_at IS NULL
           AND a.csm_id IN (SELECT id FROM csm WHERE import_id = ?1)"
            .to_string(),
    ];
    // A later form deleted rows this import wrote.
    checks.push(super::undelete::LATER_DELETION.to_string());
    for kind in RecordKind::ALL
        .into_iter()
        .filter(|k| k.refers_to_account())
    {
        let table = spec(kind).table;
        // Tasks the playbook rules opened for these accounts follow them:
        // removing an account removes its tasks (ON DELETE CASCADE), so they
        // do not stand in the way of undoing the import that added it.
        let derived = if kind == RecordKind::Task {
            " AND r.plugin <> 'playbooks'"
        } else {
            ""
        };
        checks.push(format!(
            "SELECT max(t.import_id) FROM {table} t JOIN import_run r ON r.id = t.import_id
             WHERE t.import_id > ?1 AND r.undone_at IS NULL
               AND t.account_id IN (SELECT id FROM account WHERE import_id = ?1){derived}"
        ));
    }
    let mut worst: Option<i64> = None;
    for sql in checks {
        let found: Option<i64> = tx.query_row(&sql, [id], |r| r.get(0))?;
        worst = worst.max(found);
    }
    Ok(worst)
}

/// What undoing an import would change, for the confirmation a person sees
/// first.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct UndoPlan {
    pub import_id: i64,
    /// Record kind → rows the import inserted (they are removed).
    pub remove: Vec<(String, u64)>,
    /// Record kind → rows the import updated (their previous values return).
    pub restore: Vec<(String, u64)>,
    /// A later import that must be undone first, if any.
    pub blocked_by: Option<i64>,
}

impl Store {
    /// What [`Store::undo_import`] would do for import `id`, without doing it.
    pub fn undo_plan(&self, id: i64) -> StoreResult<UndoPlan> {
        let mut plan = UndoPlan {
            import_id: id,
            ..UndoPlan::default()
        };
        for kind in RecordKind::ALL {
            let table = spec(kind).table;
            let removed: i64 = self.conn.query_row(
                &format!("SELECT count(*) FROM {table} WHERE import_id = ?1"),
                [id],
                |r| r.get(0),
            )?;
            if removed > 0 {
                plan.remove.push((kind.name().to_string(), removed as u64));
            }
            let restored: i64 = self.conn.query_row(
                "SELECT count(*) FROM import_change WHERE import_id = ?1 AND tbl = ?2",
                rusqlite::params![id, table],
                |r| r.get(0),
            )?;
            if restored > 0 {
                plan.restore
                    .push((kind.name().to_string(), restored as u64));
            }
        }
        let tx = self.conn.unchecked_transaction()?;
        plan.blocked_by = later_conflict(&tx, id)?;
        drop(tx);
        Ok(plan)
    }

    /// The accounts import `id` inserted, updated, or wrote records for:
    /// `(row id, external id, name)`, by name.
    pub fn accounts_touched_by(&self, id: i64) -> StoreResult<Vec<(i64, String, String)>> {
        let mut parts = vec![
            "SELECT id FROM account WHERE import_id = ?1".to_string(),
            "SELECT row_id FROM import_change WHERE import_id = ?1 AND tbl = 'account'".to_string(),
        ];
        for kind in RecordKind::ALL
            .into_iter()
            .filter(|k| k.refers_to_account())
        {
            parts.push(format!(
                "SELECT account_id FROM {} WHERE import_id = ?1",
                spec(kind).table
            ));
        }
        let sql = format!(
            "SELECT id, external_id, name FROM account WHERE id IN ({}) ORDER BY name",
            parts.join(" UNION ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
