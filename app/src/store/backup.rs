//! Copies of a database file (the settings view's back-up and restore).

use super::{Store, StoreResult};
use rusqlite::Connection;
use std::path::Path;

/// `VACUUM INTO`: a consistent copy, safe while others read.
fn vacuum_into(conn: &Connection, to: &Path) -> StoreResult<()> {
    let target = to.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [&target])?;
    Ok(())
}

impl Store {
    /// Writes a consistent copy of this database to `to`, which must not
    /// exist.
    pub fn backup_to(&self, to: &Path) -> StoreResult<()> {
        vacuum_into(&self.conn, to)
    }

    /// The file's `PRAGMA application_id` (Tenure's is
    /// [`super::schema::APPLICATION_ID`]).
    pub fn application_id(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?)
    }
}

/// Copies the database file `db` to `to` without opening it as a store:
/// what a restore keeps of the file it replaces, whatever its state.
pub fn backup_file(db: &Path, to: &Path) -> StoreResult<()> {
    let conn = Connection::open(db)?;
    vacuum_into(&conn, to)
}

/// An SQLite file of another application (one table, no Tenure header),
/// for tests of what opening or restoring it refuses.
#[cfg(test)]
pub(crate) fn write_foreign_sqlite_file(path: &Path) -> StoreResult<()> {
    let conn = Connection::open(path)?;
    conn.execute("CREATE TABLE t (x)", [])?;
    Ok(())
}
