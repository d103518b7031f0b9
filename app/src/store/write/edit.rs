//! Form edits on the single write path: writing a record for a known
//! account, replacing one stored row's values, and deleting rows. Each keeps
//! what undo needs in `import_change`, so a form's change set is undone
//! exactly like an import (see `history.rs`).
//!
//! A deleted row is kept whole: its JSON carries every column and the
//! marker [`DELETED`]; undo inserts it again with the same id.

use super::super::StoreError;
use super::super::rows::{row_values, spec, value_to_json};
use super::{ChangeSet, WriteMode, WriteOutcome, merge_value};
use crate::domain::{FieldError, Record, RecordKind, validate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

/// The key marking a deleted row's entry in `import_change.previous`.
pub const DELETED: &str = "__deleted";

type Json = serde_json::Map<String, serde_json::Value>;

fn db_error(record: &Record, e: &rusqlite::Error) -> Vec<FieldError> {
    vec![FieldError::new(
        record.kind().name(),
        "",
        format!("could not be written: {e}"),
    )]
}

impl ChangeSet<'_> {
    /// Writes a new record of the account with row id `account_id` (forms
    /// know the account; no lookup by reference, which could be ambiguous
    /// across sources). Validation and keys as in [`ChangeSet::write`].
    pub fn write_for_account(
        &mut self,
        record: &Record,
        account_id: i64,
    ) -> Result<WriteOutcome, Vec<FieldError>> {
        let errors = validate(record);
        if !errors.is_empty() {
            self.summary.rejected += 1;
            return Err(errors);
        }
        let kind = record.kind();
        let mut row = row_values(record, &self.meta.source, Some(account_id), None);
        if let Err(e) = self.assign_key(record, &mut row) {
            self.summary.rejected += 1;
            return Err(vec![e]);
        }
        match self.upsert(kind, &row) {
            Ok(Some(outcome)) => {
                match outcome {
                    WriteOutcome::Inserted(_) => self.summary.inserted += 1,
                    WriteOutcome::Updated(_) => self.summary.updated += 1,
                    WriteOutcome::Unchanged(_) => self.summary.unchanged += 1,
                }
                self.kinds.insert(kind);
                Ok(outcome)
            }
            Ok(None) => {
                self.summary.rejected += 1;
                Err(vec![super::duplicate(record)])
            }
            Err(e) => {
                self.summary.rejected += 1;
                Err(db_error(record, &e))
            }
        }
    }

    /// Replaces the values of stored row `row_id` with `record`'s (a form
    /// is the whole truth: empty fields are cleared). The row keeps its key
    /// and source, except an account's external id, which may change.
    /// `account_id` is the row id of the account the record belongs to.
    pub fn update_row(
        &mut self,
        row_id: i64,
        record: &Record,
        account_id: Option<i64>,
    ) -> Result<WriteOutcome, Vec<FieldError>> {
        let errors = validate(record);
        if !errors.is_empty() {
            self.summary.rejected += 1;
            return Err(errors);
        }
        match self.try_update_row(row_id, record, account_id) {
            Ok(Ok(outcome)) => {
                match outcome {
                    WriteOutcome::Unchanged(_) => self.summary.unchanged += 1,
                    _ => self.summary.updated += 1,
                }
                self.kinds.insert(record.kind());
                Ok(outcome)
            }
            Ok(Err(e)) => {
                self.summary.rejected += 1;
                Err(e)
            }
            Err(e) => {
                self.summary.rejected += 1;
                Err(db_error(record, &e))
            }
        }
    }

    fn try_update_row(
        &mut self,
        row_id: i64,
        record: &Record,
        account_id: Option<i64>,
    ) -> rusqlite::Result<Result<WriteOutcome, Vec<FieldError>>> {
        let kind = record.kind();
        let s = spec(kind);
        let csm_id = match record {
            Record::Account(a) => match a.csm.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => Some(self.resolve_or_create_csm(name)?),
                _ => None,
            },
            _ => None,
        };
        let row = row_values(record, &self.meta.source, account_id, csm_id);
        let cols: Vec<String> = s.value_cols.iter().map(|c| format!("\"{c}\"")).collect();
        let old: Option<(Vec<Value>, Option<String>)> = self
            .tx
            .query_row(
                &format!(
                    "SELECT {}, {} FROM {} WHERE id = ?1",
                    cols.join(", "),
                    if kind == RecordKind::Account {
                        "external_id"
                    } else {
                        "NULL"
                    },
                    s.table
                ),
                [row_id],
                |r| {
                    let mut v = Vec::with_capacity(cols.len());
                    for i in 0..cols.len() {
                        v.push(r.get::<_, Value>(i)?);
                    }
                    Ok((v, r.get(cols.len())?))
                },
            )
            .optional()?;
        let Some((old, old_external_id)) = old else {
            return Ok(Err(vec![FieldError::new(
                kind.name(),
                row_id,
                "no longer exists (it was deleted or undone); reload the page",
            )]));
        };
        let mut new: Vec<Value> = s
            .value_cols
            .iter()
            .zip(row.values.iter().zip(&old))
            .map(|(col, (new, old))| merge_value(WriteMode::Replace, col, new, old))
            .collect();
        // A form that removes every custom field clears them.
        if let (Record::Account(a), Some(i)) =
            (record, s.value_cols.iter().position(|c| *c == "custom"))
            && a.custom.is_empty()
        {
            new[i] = Value::Text("{}".into());
        }
        let new_external_id = match record {
            Record::Account(a) => Some(a.external_id.trim().to_string()),
            _ => None,
        };
        let id_changed = new_external_id.is_some() && new_external_id != old_external_id;
        if new == old && !id_changed {
            if let Record::Account(a) = record {
                self.sync_fee(row_id, a)?;
            }
            return Ok(Ok(WriteOutcome::Unchanged(row_id)));
        }
        let mut previous: Json = s
            .value_cols
            .iter()
            .zip(&old)
            .map(|(c, v)| (c.to_string(), value_to_json(v)))
            .collect();
        if let Some(ext) = &old_external_id {
            previous.insert("external_id".into(), ext.clone().into());
        }
        self.keep_previous(s.table, row_id, &previous, false)?;
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let mut params = new;
        params.push(Value::Integer(row_id));
        let updated = self.tx.execute(
            &format!(
                "UPDATE {} SET {} WHERE id = ?{}",
                s.table,
                sets.join(", "),
                params.len()
            ),
            params_from_iter(params.iter()),
        );
        if let Err(e) = updated {
            return Ok(Err(vec![FieldError::new(
                kind.name(),
                "",
                format!("could not be saved: {e}"),
            )]));
        }
        if let Record::Account(a) = record {
            // After the update: the fee follows the stored dates.
            self.sync_fee(row_id, a)?;
        }
        if let (true, Some(ext)) = (id_changed, new_external_id) {
            let changed = self.tx.execute(
                "UPDATE account SET external_id = ?1 WHERE id = ?2",
                rusqlite::params![ext, row_id],
            );
            if changed.is_err() {
                return Ok(Err(vec![FieldError::new(
                    "external_id",
                    ext,
                    "is already used by another account of the same source; choose another id",
                )]));
            }
        }
        Ok(Ok(WriteOutcome::Updated(row_id)))
    }

    /// Stores a row's previous values for undo. An update keeps the first
    /// previous values this change set saw; a deletion completes them into
    /// the whole original row.
    fn keep_previous(
        &mut self,
        table: &str,
        row_id: i64,
        previous: &Json,
        deleted: bool,
    ) -> rusqlite::Result<()> {
        let earlier: Option<String> = self
            .tx
            .query_row(
                "SELECT previous FROM import_change WHERE import_id = ?1 AND tbl = ?2 AND row_id = ?3",
                rusqlite::params![self.import_id, table, row_id],
                |r| r.get(0),
            )
            .optional()?;
        let mut json = previous.clone();
        if let Some(earlier) = earlier {
            if !deleted {
                return Ok(());
            }
            if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&earlier) {
                json.extend(map);
            }
        }
        if deleted {
            json.insert(DELETED.into(), true.into());
        }
        self.tx.execute(
            "INSERT OR REPLACE INTO import_change (import_id, tbl, row_id, previous)
             VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                self.import_id,
                table,
                row_id,
                serde_json::Value::Object(json).to_string()
            ],
        )?;
        Ok(())
    }

    /// Every column of the rows `WHERE {filter} = ?1`, as JSON objects.
    fn whole_rows(&self, table: &str, filter: &str, id: i64) -> rusqlite::Result<Vec<(i64, Json)>> {
        let mut stmt = self
            .tx
            .prepare(&format!("SELECT * FROM {table} WHERE {filter} = ?1"))?;
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let mut map = Json::new();
            let mut row_id = 0;
            for (i, name) in names.iter().enumerate() {
                let v: Value = r.get(i)?;
                if name == "id"
                    && let Value::Integer(x) = v
                {
                    row_id = x;
                }
                map.insert(name.clone(), value_to_json(&v));
            }
            out.push((row_id, map));
        }
        Ok(out)
    }

    /// Deletes row `row_id` of `kind`, keeping it for undo. Deleting an
    /// account deletes (and keeps) every record of it; deleting a CSM
    /// leaves its accounts without a CSM (kept for undo too).
    /// Returns how many rows were removed (0: it was already gone).
    pub fn delete_row(&mut self, kind: RecordKind, row_id: i64) -> Result<u64, StoreError> {
        let table = spec(kind).table;
        let rows = self.whole_rows(table, "id", row_id)?;
        let Some((_, whole)) = rows.into_iter().next() else {
            return Ok(0);
        };
        let mut removed = 1;
        match kind {
            RecordKind::Account => {
                for child in RecordKind::ALL
                    .into_iter()
                    .filter(|k| k.refers_to_account())
                {
                    let t = spec(child).table;
                    for (id, row) in self.whole_rows(t, "account_id", row_id)? {
                        self.keep_previous(t, id, &row, true)?;
                        removed += 1;
                    }
                }
            }
            RecordKind::Csm => {
                let s = spec(RecordKind::Account);
                for (id, row) in self.whole_rows("account", "csm_id", row_id)? {
                    let previous: Json = s
                        .value_cols
                        .iter()
                        .filter_map(|c| row.get(*c).map(|v| (c.to_string(), v.clone())))
                        .collect();
                    self.keep_previous("account", id, &previous, false)?;
                }
            }
            _ => {}
        }
        self.keep_previous(table, row_id, &whole, true)?;
        self.tx
            .execute(&format!("DELETE FROM {table} WHERE id = ?1"), [row_id])?;
        self.kinds.insert(kind);
        Ok(removed)
    }
}
