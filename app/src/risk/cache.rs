//! The trained model kept for the database's current content, in a file
//! beside it (`FILE.db-risk`, JSON), tagged with the store's content
//! fingerprint ([`Store::content_tag`]), the day (health scores depend on
//! it), the options and the model version. `tenure risk`, `tenure
//! accounts --json`, `tenure forecast` and the window retrain only when
//! one of those changed. Not in the settings table, which the content tag
//! hashes: writing the cache there would make it stale at once.

use super::{RiskOptions, RiskRun};
use crate::metrics::Dataset;
use crate::store::Store;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// Bumped whenever features or fitting change, so old caches are ignored.
const MODEL_VERSION: u32 = 2;

/// The cache file of a database file.
pub fn cache_path(db: &std::path::Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-risk");
    PathBuf::from(name)
}

/// The tag a cached run must carry; `None` for an in-memory database or
/// when the store cannot be read.
pub fn fingerprint(store: &Store, options: &RiskOptions) -> Option<String> {
    store.file()?;
    let tag = store.content_tag().ok()?;
    let mut h = std::hash::DefaultHasher::new();
    (MODEL_VERSION, tag, crate::domain::Date::today().days()).hash(&mut h);
    serde_json::to_string(options).ok()?.hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    Some(format!("{:016x}", h.finish()))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Cached {
    fingerprint: String,
    run: RiskRun,
}

/// The cached run for this fingerprint, if the file holds one.
pub fn load(store: &Store, fingerprint: &str) -> Option<RiskRun> {
    let text = std::fs::read_to_string(cache_path(&store.file()?)).ok()?;
    let cached: Cached = serde_json::from_str(&text).ok()?;
    (cached.fingerprint == fingerprint).then_some(cached.run)
}

/// Keeps `run` under this fingerprint (written to a temporary file and
/// renamed, so a reader never sees half of it; a failure to write only
/// costs a retraining next time).
pub fn save(store: &Store, fingerprint: &str, run: &RiskRun) {
    let Some(db) = store.file() else {
        return;
    };
    let cached = Cached {
        fingerprint: fingerprint.to_string(),
        run: run.clone(),
    };
    let path = cache_path(&db);
    let mut tmp = path.clone().into_os_string();
    tmp.push(".tmp");
    if let Ok(text) = serde_json::to_string(&cached)
        && std::fs::write(&tmp, text).is_ok()
    {
        let _ = std::fs::rename(&tmp, &path);
    }
}

/// The run for the store's current content: the cached one, else trained
/// now and cached. The flag says whether it came from the cache.
pub fn train_cached(store: &Store, data: &Dataset, options: &RiskOptions) -> (RiskRun, bool) {
    let key = fingerprint(store, options);
    if let Some(run) = key.as_deref().and_then(|k| load(store, k)) {
        return (run, true);
    }
    let run = super::train(data, options);
    if let Some(k) = &key {
        save(store, k, &run);
    }
    (run, false)
}

/// [`train_cached`] for commands that hold a partial dataset (one month's
/// usage, `Dataset::load_for_month`): on a cache miss the full dataset is
/// loaded for the training.
pub fn run_for_store(store: &Store, options: &RiskOptions) -> Result<RiskRun, String> {
    if let Some(run) = fingerprint(store, options)
        .as_deref()
        .and_then(|k| load(store, k))
    {
        return Ok(run);
    }
    let data = Dataset::load_cached(store).map_err(|e| e.to_string())?;
    Ok(train_cached(store, &data, options).0)
}
