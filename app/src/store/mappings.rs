//! The `column_mapping` table: the column mapping a person confirmed for a
//! plugin and a header signature, as stored text (its JSON form belongs to
//! `crate::importing::mapping`).

use super::{Store, StoreResult, now_utc_text};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// The mapping text saved for `plugin` and `signature`, if any.
    pub fn column_mapping(&self, plugin: &str, signature: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT mapping FROM column_mapping WHERE plugin = ?1 AND header_signature = ?2",
                [plugin, signature],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Saves (or replaces) the mapping text for `plugin` and `signature`,
    /// stamped with the current time.
    pub fn save_column_mapping(
        &self,
        plugin: &str,
        signature: &str,
        mapping: &str,
    ) -> StoreResult<()> {
        self.conn
            .execute(
                "INSERT INTO column_mapping (plugin, header_signature, mapping, saved_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (plugin, header_signature) DO UPDATE
                 SET mapping = excluded.mapping, saved_at = excluded.saved_at",
                params![plugin, signature, mapping, now_utc_text()],
            )
            .map_err(|e| super::error::named(&self.conn, e))?;
        Ok(())
    }
}
