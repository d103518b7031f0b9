//! A fingerprint of everything the metrics engine reads, cheap to compute on
//! open, that tags the metrics snapshot (`metrics/snapshot.rs`).
//!
//! Every write Tenure makes to the record tables goes through a change set,
//! which leaves a row in `import_run` (undo marks it `undone_at`), so the
//! import history, the settings and the CSM list (all small) are hashed in
//! full. The record tables are large: their highest row id is hashed, which
//! also catches rows another program inserted or deleted at the end.
//!
//! Tasks are left out: neither the metrics engine nor the risk model reads
//! them, and the playbook rules write tasks on every start that finds new
//! ones, which would otherwise make every snapshot stale at the next start.

use super::{Store, StoreResult};
use crate::domain::RecordKind;
use std::hash::{Hash, Hasher};

impl Store {
    /// The content fingerprint of the database (see the module's notes).
    pub fn content_tag(&self) -> StoreResult<u64> {
        let mut h = std::hash::DefaultHasher::new();
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        version.hash(&mut h);
        hash_rows(
            &self.conn,
            "SELECT id, status, coalesce(finished_at, ''), coalesce(undone_at, ''),
                    inserted, updated, rejected
             FROM import_run WHERE kinds <> 'task' ORDER BY id",
            7,
            &mut h,
        )?;
        hash_rows(
            &self.conn,
            "SELECT key, value FROM setting ORDER BY key",
            2,
            &mut h,
        )?;
        hash_rows(&self.conn, "SELECT * FROM csm ORDER BY id", 0, &mut h)?;
        for kind in RecordKind::ALL {
            if kind == RecordKind::Task {
                continue;
            }
            let sql = format!("SELECT coalesce(max(rowid), 0) FROM {}", kind.name());
            let top: i64 = self.conn.query_row(&sql, [], |r| r.get(0))?;
            (kind.name(), top).hash(&mut h);
        }
        Ok(h.finish())
    }
}

/// Hashes every value of every row (`columns` 0: as many as the query has).
fn hash_rows(
    conn: &rusqlite::Connection,
    sql: &str,
    columns: usize,
    h: &mut std::hash::DefaultHasher,
) -> StoreResult<()> {
    let mut stmt = conn.prepare(sql)?;
    let n = if columns == 0 {
        stmt.column_count()
    } else {
        columns
    };
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        for i in 0..n {
            match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => 0u8.hash(h),
                rusqlite::types::ValueRef::Integer(v) => (1u8, v).hash(h),
                rusqlite::types::ValueRef::Real(v) => (2u8, v.to_bits()).hash(h),
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                    (3u8, t).hash(h)
                }
            }
        }
    }
    Ok(())
}
