//! Saved column mappings: what a person confirmed for a plugin and a header
//! signature (source column → field, value mappings, record kind), reused
//! automatically the next time a file with the same headers comes in.

use crate::store::{Store, StoreResult, now_utc_text};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping {
    #[serde(default)]
    pub kind: Option<String>,
    /// Canonical field → source column.
    #[serde(default)]
    pub map: Vec<(String, String)>,
    #[serde(default)]
    pub value_map: BTreeMap<String, BTreeMap<String, String>>,
}

impl SavedMapping {
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.map.is_empty() && self.value_map.is_empty()
    }
}

/// The mapping saved for `plugin` and `signature`, if any (and readable).
pub fn load(store: &Store, plugin: &str, signature: &str) -> StoreResult<Option<SavedMapping>> {
    let text: Option<String> = store
        .conn()
        .query_row(
            "SELECT mapping FROM column_mapping WHERE plugin = ?1 AND header_signature = ?2",
            [plugin, signature],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Saves (or replaces) the mapping for `plugin` and `signature`.
pub fn save(
    store: &Store,
    plugin: &str,
    signature: &str,
    mapping: &SavedMapping,
) -> StoreResult<()> {
    let text = serde_json::to_string(mapping).unwrap_or_else(|_| "{}".to_string());
    store.conn().execute(
        "INSERT INTO column_mapping (plugin, header_signature, mapping, saved_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (plugin, header_signature) DO UPDATE
             SET mapping = excluded.mapping, saved_at = excluded.saved_at",
        rusqlite::params![plugin, signature, text, now_utc_text()],
    )?;
    Ok(())
}
