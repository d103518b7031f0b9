//! Undo of deletions made by forms: rows kept whole in `import_change`
//! (marked [`super::write::DELETED`]) are inserted again with their ids.

use super::rows::{json_to_value, spec};
use super::{StoreError, StoreResult};
use crate::domain::RecordKind;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// A later, not undone change set that deleted rows written by import `?1`:
/// undoing `?1` first would leave that deletion nothing to give back.
pub const LATER_DELETION: &str = "SELECT max(c.import_id) FROM import_change c
     JOIN import_run r ON r.id = c.import_id
     WHERE c.import_id > ?1 AND r.undone_at IS NULL
       AND json_extract(c.previous, '$.__deleted') IS NOT NULL
       AND json_extract(c.previous, '$.import_id') = ?1";

/// Whether an `import_change.previous` entry is a deleted row.
pub(super) fn is_deletion(previous: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(previous)
        .is_ok_and(|m| m.contains_key(super::write::DELETED))
}

/// Parents first: CSMs, accounts, then the records that refer to them.
fn rank(table: &str) -> usize {
    match table {
        "csm" => 0,
        "account" => 1,
        _ => 2,
    }
}

/// Inserts the deleted rows of import `id` back; returns how many.
pub(super) fn reinsert(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    mut rows: Vec<(String, i64, String)>,
) -> StoreResult<u64> {
    rows.sort_by_key(|(table, row_id, _)| (rank(table), *row_id));
    let mut n = 0;
    for (table, _, previous) in rows {
        // Only our own tables (the name goes into SQL).
        if !RecordKind::ALL.iter().any(|k| spec(*k).table == table) {
            continue;
        }
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&previous)
            .map_err(|e| {
                StoreError::Invalid(format!("the undo data of change {id} is damaged: {e}"))
            })?;
        let (cols, values): (Vec<String>, Vec<Value>) = map
            .iter()
            .filter(|(k, _)| *k != super::write::DELETED)
            // Column names are checked against the table by SQLite; quoting
            // keeps them from being read as anything else.
            .map(|(k, v)| (format!("\"{}\"", k.replace('"', "")), json_to_value(v)))
            .unzip();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        n += tx.execute(
            &format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                cols.join(", "),
                marks.join(", ")
            ),
            params_from_iter(values.iter()),
        )? as u64;
    }
    Ok(n)
}
