use super::{Store, StoreResult};
use rusqlite::{Connection, OptionalExtension};

/// The settings key of the CES scale direction of imported files: unset or
/// `low_is_easy` (1 = very little effort, Tenure's own scale), or
/// [`CES_HIGH_IS_EASY`].
pub const CES_SCALE: &str = "ces_scale";
pub const CES_HIGH_IS_EASY: &str = "high_is_easy";
/// Set by `tenure demo`: the window labels such a database DEMO wherever it
/// is opened from.
pub const DEMO_SETTING: &str = "demo";

/// Key/value settings (database currency, health weights, workload model…).
/// Settings are not records: a change is not an undoable change set, but it
/// is written here, on the store's writer connection, like everything else.
pub struct Settings<'c> {
    conn: &'c Connection,
}

impl<'c> Settings<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Settings { conn }
    }

    pub fn get(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set(&self, key: &str, value: &str) -> StoreResult<()> {
        self.conn
            .execute(
                "INSERT INTO setting(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(|e| super::error::named(self.conn, e))?;
        Ok(())
    }

    pub fn remove(&self, key: &str) -> StoreResult<()> {
        self.conn
            .execute("DELETE FROM setting WHERE key = ?1", [key])
            .map_err(|e| super::error::named(self.conn, e))?;
        Ok(())
    }

    /// Whether CES sources here use 7 for "very easy" (metrics.md: the flip
    /// to Tenure's 1 = "very little effort" is applied on import).
    pub fn ces_high_is_easy(&self) -> StoreResult<bool> {
        Ok(self.get(CES_SCALE)?.as_deref() == Some(CES_HIGH_IS_EASY))
    }

    /// Whether `tenure demo` filled this database (older demo databases are
    /// recognised by their change set's source).
    pub fn is_demo(&self) -> StoreResult<bool> {
        if self.get(DEMO_SETTING)?.is_some() {
            return Ok(true);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM import_run WHERE plugin = 'demo' LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The database currency (ISO 4217), `BRL` unless set.
    pub fn currency(&self) -> StoreResult<String> {
        Ok(self.get("currency")?.unwrap_or_else(|| "BRL".to_string()))
    }
}

impl Store {
    /// Changes several settings at once: all of them or, when one fails,
    /// none (the settings view saves its whole form this way).
    pub fn change_settings(
        &self,
        f: impl FnOnce(&Settings<'_>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        self.in_transaction(|conn| f(&Settings::new(conn)).map(Some))
            .map(|_| ())
    }
}
