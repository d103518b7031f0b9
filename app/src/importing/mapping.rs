//! Saved column mappings: what a person confirmed for a plugin and a header
//! signature (source column → field, value mappings, record kind), reused
//! automatically the next time a file with the same headers comes in.

use crate::store::{Store, StoreResult};
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
    let text = store.column_mapping(plugin, signature)?;
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
    store.save_column_mapping(plugin, signature, &text)
}
