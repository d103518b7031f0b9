//! The SQLite store: one writer connection, WAL, foreign keys, migrations by
//! `PRAGMA user_version`, and the single write path every import and form
//! goes through.
//!
//! The store is the only door to SQLite: no module outside `store/` names
//! `rusqlite` or holds the connection (`app/tests/store_door.rs` checks the
//! sources). Everything else reads and writes through the typed functions
//! of these modules and gets plain Rust values and [`StoreError`]s.

mod error;
mod history;
pub mod queries;
pub mod responses;
mod rows;
pub mod schema;
mod settings;
mod write;
// Undo of form deletions and one account's records (accounts area).
pub mod account_records;
mod undelete;
// Typed reads and writes of the other areas (one job each).
mod backup;
mod content_tag;
mod csms;
pub(crate) mod dataset_rows;
mod icp_profiles;
mod mappings;
mod purchase_rows;
// issue #22: the customer-value models' accounts.
mod ltv_rows;
pub(crate) use ltv_rows::LtvAccount;
mod record_table;
// playbooks (issue 21)
pub mod tasks;

pub use backup::backup_file;
#[cfg(test)]
pub(crate) use backup::write_foreign_sqlite_file;
pub use csms::CsmRow;
pub use error::{FileTrouble, StoreError, StoreResult};
pub use history::{ImportRun, UndoPlan, UndoReport};
pub use icp_profiles::StoredIcpProfile;
pub(crate) use purchase_rows::PurchaseFact;
pub use record_table::{RecordTable, StoredValue};
pub use settings::{CES_HIGH_IS_EASY, CES_SCALE, DEMO_SETTING, Settings};
pub use write::{
    ChangeSet, ChangeSetMeta, Matching, RowOrigin, WriteMode, WriteOutcome, WriteSummary,
};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only because the file or its folder cannot be written.
    read_only: bool,
}

/// Maps SQLite's "this is not a database" family to a clear error.
fn classify(path: &Path, err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
            }
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy,
        _ => match error::file_trouble(&err) {
            Some(trouble) => StoreError::File {
                path: path.to_path_buf(),
                trouble,
            },
            None => StoreError::Sqlite(err),
        },
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. A newer schema, another application's file or a
    /// non-SQLite file is refused and left untouched.
    pub fn open(path: &Path) -> StoreResult<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        if cannot_write(path) {
            return Self::open_read_only(path);
        }
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        Self::init(conn, path)
    }

    /// A database this process cannot write (the file, or the folder its
    /// journal goes in, is read-only): every read works; the first write
    /// fails with one sentence naming the file ([`StoreError::File`]). A
    /// file that needs a migration cannot be opened so.
    fn open_read_only(path: &Path) -> StoreResult<Store> {
        let store = Self::open_reader(path)?;
        store.check_header()?;
        if store.schema_version()? < schema::current_version() {
            return Err(StoreError::File {
                path: path.to_path_buf(),
                trouble: FileTrouble::ReadOnly,
            });
        }
        Ok(store)
    }

    /// The checks of [`Store::open`] that need no writing: not too new,
    /// ours.
    fn check_header(&self) -> StoreResult<()> {
        let path = &self.path;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if version > schema::current_version() {
            return Err(StoreError::TooNew {
                path: path.clone(),
                found: version,
                supported: schema::current_version(),
            });
        }
        if app_id != schema::APPLICATION_ID {
            return Err(StoreError::ForeignDatabase {
                path: path.clone(),
                found: app_id,
            });
        }
        Ok(())
    }

    /// Whether the file was opened read-only (it cannot be written).
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// A private in-memory database (tests, previews).
    pub fn open_in_memory() -> StoreResult<Store> {
        let conn = Connection::open_in_memory()?;
        Self::init(conn, Path::new(":memory:"))
    }

    /// A read-only store for background readers (metrics); the writer
    /// stays the only one that changes the file. Every read function works
    /// on it; writes fail as SQLite refuses them.
    pub fn open_reader(path: &Path) -> StoreResult<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut shm = path.as_os_str().to_owned();
        shm.push("-shm");
        let conn = if cannot_write(path) && !Path::new(&shm).exists() {
            // A WAL file needs its `-shm` beside it; where none is and none
            // can be made (a read-only folder), SQLite reads the file only
            // as immutable.
            Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(|e| classify(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if version > schema::current_version() {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: schema::current_version(),
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: true,
        })
    }

    fn init(mut conn: Connection, path: &Path) -> StoreResult<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Read the header before changing anything: refusals leave the file as it was.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if version > schema::current_version() {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: schema::current_version(),
            });
        }
        if app_id != 0 && app_id != schema::APPLICATION_ID {
            return Err(StoreError::ForeignDatabase {
                path: path.to_path_buf(),
                found: app_id,
            });
        }
        if version == 0 {
            let foreign_tables: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| classify(path, e))?;
            // Tables but no version: another file's, unless another
            // connection has just made this new file ours (then its
            // application id is set and `migrate` finds nothing to do).
            let app_id_now: i64 = conn
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(|e| classify(path, e))?;
            if foreign_tables > 0 && app_id_now != schema::APPLICATION_ID {
                return Err(StoreError::ForeignDatabase {
                    path: path.to_path_buf(),
                    found: app_id,
                });
            }
        }
        // Switching a new file to WAL takes a lock another opener of the
        // same new file may hold for a moment; SQLite does not wait for it
        // (no busy handler on that lock), so wait here, briefly.
        retry_busy(|| conn.pragma_update(None, "journal_mode", "WAL"))
            .map_err(|e| classify(path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A large import or demo is one transaction: with SQLite's default
        // 2 MB page cache it spills dirty pages to the WAL and reads them
        // back. 128 MB bounds peak memory well within the budgets.
        conn.pragma_update(None, "cache_size", -131_072)?;
        retry_busy(|| migrate(&mut conn, version)).map_err(|e| classify(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database file, `None` for an in-memory database (which another
    /// connection cannot see).
    pub fn file(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty() && *p != ":memory:")
            .map(PathBuf::from)
    }

    /// The raw connection, for the white-box checks of the integration
    /// tests only (feature `test-sql`, which only their dev-dependency
    /// turns on): the application reads and writes through the typed
    /// functions of `store/`, and a build of it does not have this.
    #[cfg(feature = "test-sql")]
    #[doc(hidden)]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction on the writer connection: the write path
    /// of what is not a record and takes several statements (a settings
    /// form, an ICP profile becoming primary).
    /// Committed when `f` returns `Some`; `None` (nothing to change, such as
    /// an unknown name) and errors roll back whatever `f` did.
    fn in_transaction<T>(
        &self,
        f: impl FnOnce(&Connection) -> StoreResult<Option<T>>,
    ) -> StoreResult<Option<T>> {
        let named = |e| error::named(&self.conn, e);
        let tx = self.conn.unchecked_transaction().map_err(named)?;
        let out = f(&tx).map_err(|e| match e {
            StoreError::Sqlite(e) => named(e),
            other => other,
        })?;
        if out.is_some() {
            tx.commit().map_err(named)?;
        }
        Ok(out)
    }

    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.conn)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

/// An existing file this process cannot write, or whose folder it cannot
/// write (SQLite keeps its journal there).
#[cfg(unix)]
fn cannot_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let writable = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            // SAFETY: a valid NUL-terminated path; access only reads it.
            .map(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
            .unwrap_or(true)
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    path.is_file() && (!writable(path) || !writable(folder))
}

#[cfg(not(unix))]
fn cannot_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// `path` for an SQLite URI (`?`, `#` and `%` escaped).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// Runs `f` again while SQLite answers "busy" (up to about five seconds,
/// like the connection's busy timeout), for the steps SQLite runs without
/// its busy handler.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut tries = 0;
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 100 =>
            {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Applies every migration above `from` in one transaction.
fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    if from >= schema::current_version() {
        return Ok(());
    }
    // A migration may rebuild a table that others reference (5: account);
    // with foreign keys on, dropping it would cascade. SQLite's own recipe:
    // keys off outside the transaction, checked before commit.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = (|| {
        // Immediate: a second connection opening the same new file at the
        // same moment (the window's worker and its import thread, on a first
        // start with `tenure FILE`) waits here, then finds the schema made
        // and applies nothing twice.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let from: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if from >= schema::current_version() {
            return Ok(());
        }
        for (index, sql) in schema::MIGRATIONS.iter().enumerate() {
            let version = index as i64 + 1;
            if version > from {
                tx.execute_batch(sql)?;
                if let Some(step) = schema::code_step(version) {
                    step(&tx)?;
                }
            }
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
                Some(format!(
                    "{broken} rows point at missing rows after the migration"
                )),
            ));
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", schema::current_version())?;
        tx.commit()
    })();
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, for history rows.
pub fn now_utc_text() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let date = crate::domain::Date::from_days((secs / 86_400) as i32);
    let s = secs % 86_400;
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}
