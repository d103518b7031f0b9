//! The trained model kept for the database's current content: a
//! fingerprint of everything the model reads, and the last run stored in
//! settings under it, so `tenure risk` and the window retrain only when
//! the data (or the month, horizon or model version) changed.

use super::{RiskOptions, RiskRun};
use crate::metrics::Dataset;
use crate::store::Store;
use std::hash::{Hash, Hasher};

/// The settings key holding the cached run.
pub const CACHE_SETTING: &str = "risk_model_cache";
/// Bumped whenever features or fitting change, so old caches are ignored.
const MODEL_VERSION: u32 = 1;

/// A digest of the data the model reads and of the options.
pub fn fingerprint(data: &Dataset, options: &RiskOptions) -> String {
    // DefaultHasher::new() has fixed keys: the same data hashes the same
    // in every process of one build; another build at worst retrains.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    MODEL_VERSION.hash(&mut h);
    serde_json::to_string(options)
        .unwrap_or_default()
        .hash(&mut h);
    data.default_month().index().hash(&mut h);
    data.span()
        .map(|(a, b)| (a.index(), b.index()))
        .hash(&mut h);
    data.weights().usage.to_bits().hash(&mut h);
    for (a, s) in data.accounts().iter().enumerate() {
        s.id.hash(&mut h);
        serde_json::to_string(&s.account)
            .unwrap_or_default()
            .hash(&mut h);
        data.mrr_first[a].hash(&mut h);
    }
    data.mrr_vals.hash(&mut h);
    for r in &data.usage.rows {
        (
            r.month,
            r.active_users,
            r.total_users,
            r.adopters,
            r.licenses,
        )
            .hash(&mut h);
    }
    for r in &data.tickets.rows {
        (r.opened, r.resolved).hash(&mut h);
    }
    for r in &data.surveys.rows {
        (r.day, r.score, r.kind as u8).hash(&mut h);
    }
    for r in &data.activities.rows {
        r.day.hash(&mut h);
    }
    for r in &data.opps.rows {
        (r.closed, r.won, r.renewal).hash(&mut h);
    }
    (data.usage.off.len(), data.tickets.off.len()).hash(&mut h);
    data.usage.off.hash(&mut h);
    data.tickets.off.hash(&mut h);
    data.surveys.off.hash(&mut h);
    data.activities.off.hash(&mut h);
    format!("{:016x}", h.finish())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Cached {
    fingerprint: String,
    run: RiskRun,
}

/// The cached run for this fingerprint, if the store holds one.
pub fn load(store: &Store, fingerprint: &str) -> Option<RiskRun> {
    let text = store.settings().get(CACHE_SETTING).ok().flatten()?;
    let cached: Cached = serde_json::from_str(&text).ok()?;
    (cached.fingerprint == fingerprint).then_some(cached.run)
}

/// Keeps `run` for this fingerprint (a failure to write only costs a
/// retraining next time).
pub fn save(store: &Store, fingerprint: &str, run: &RiskRun) {
    let cached = Cached {
        fingerprint: fingerprint.to_string(),
        run: run.clone(),
    };
    if let Ok(text) = serde_json::to_string(&cached) {
        let _ = store.settings().set(CACHE_SETTING, &text);
    }
}

/// The run for the store's current content: the cached one, else trained
/// now and cached. The flag says whether it came from the cache.
pub fn train_cached(store: &Store, data: &Dataset, options: &RiskOptions) -> (RiskRun, bool) {
    let key = fingerprint(data, options);
    if let Some(run) = load(store, &key) {
        return (run, true);
    }
    let run = super::train(data, options);
    save(store, &key, &run);
    (run, false)
}
