use rusqlite::{Connection, OptionalExtension};

/// Key/value settings (database currency, health weights, workload model…).
pub struct Settings<'c> {
    conn: &'c Connection,
}

impl<'c> Settings<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Settings { conn }
    }

    pub fn get(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
    }

    pub fn set(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO setting(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn remove(&self, key: &str) -> rusqlite::Result<()> {
        self.conn
            .execute("DELETE FROM setting WHERE key = ?1", [key])?;
        Ok(())
    }

    /// The database currency (ISO 4217), `BRL` unless set.
    pub fn currency(&self) -> rusqlite::Result<String> {
        Ok(self.get("currency")?.unwrap_or_else(|| "BRL".to_string()))
    }
}
