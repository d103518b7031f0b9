//! Every stored record of one kind as a table of columns (the export of
//! `tenure export KIND`), with the account named instead of its row id.

use super::{Store, StoreResult};
use crate::domain::RecordKind;
use rusqlite::types::ValueRef;

/// A stored value as SQLite holds it (a blob reads as lossy text).
#[derive(Debug, Clone, PartialEq)]
pub enum StoredValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

/// The columns, by their stored names, and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<StoredValue>>,
}

impl Store {
    /// Every row of `kind`'s table, every column: accounts with their CSM's
    /// name (`csm`), the records of an account led by `account` (its
    /// external id) and `account_name`; by account name, then row id.
    /// Survey responses and tickets of no account come last, with both
    /// empty.
    pub fn record_table(&self, kind: RecordKind) -> StoreResult<RecordTable> {
        let table = kind.name();
        let sql = match kind {
            RecordKind::Account => "SELECT t.*, c.name AS csm FROM account t
                 LEFT JOIN csm c ON c.id = t.csm_id ORDER BY t.name COLLATE NOCASE, t.id"
                .to_string(),
            k if k.refers_to_account() => format!(
                "SELECT a.external_id AS account, a.name AS account_name, t.* FROM {table} t
                 LEFT JOIN account a ON a.id = t.account_id
                 ORDER BY a.name IS NULL, a.name COLLATE NOCASE, t.id"
            ),
            _ => format!("SELECT t.* FROM {table} t ORDER BY t.id"),
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let columns: Vec<String> = stmt.column_names().map(|n| n.to_string()).collect();
        let mut rows = Vec::new();
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let mut row = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => StoredValue::Null,
                    ValueRef::Integer(v) => StoredValue::Integer(v),
                    ValueRef::Real(v) => StoredValue::Real(v),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        StoredValue::Text(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            rows.push(row);
        }
        Ok(RecordTable { columns, rows })
    }
}
