//! Ideal customer profiles (segments-and-workload.md, ICP half): profiles
//! and criteria stored in the database, fit scores and tiers with their
//! explanation, ICP discovery from the data, and the primary profile's tier
//! as the `icp_tier` segment of the metrics engine.
//!
//! No egui here; the CLI and the GUI call this module. Derived fields
//! (MRR, ARR, lifetime revenue, health) come from the metrics engine's
//! [`Dataset::account_facts`], never recomputed here.
//!
//! ```no_run
//! # fn demo(store: &tenure::store::Store) -> Result<(), tenure::icp::IcpError> {
//! use tenure::icp;
//! let mut data = tenure::metrics::Dataset::load(store)?;
//! let facts = data.account_facts(data.default_month());
//! let scores = icp::attach_primary(store, &mut data, &facts)?; // `icp_tier` now filters
//! let found = icp::discover(&data, &facts);
//! let profile = icp::profile_from_suggestions("From the data", &found);
//! # let _ = (scores, profile); Ok(()) }
//! ```

mod curves;
mod discovery;
mod fit;
mod profile;
mod prospects;
pub mod store;

#[cfg(test)]
mod prospect_tests;
#[cfg(test)]
mod tests;

pub use curves::{TierCurve, tier_curves};
pub use discovery::{
    Discovery, Figures, MAX_CUSTOM_VALUES, Row, TOO_FEW, discover, profile_from_suggestions, wilson,
};
pub use fit::{CriterionResult, Explanation, Outcome, Tier, TierThresholds, explain, fit_scores};
pub use profile::{
    Condition, Criterion, Derived, FieldRef, Profile, canonical_field, known_fields,
};
pub use prospects::{RankedProspect, rank_prospects};

use crate::domain::Account;
use crate::metrics::{AccountFacts, Dataset, MetricsError};

#[derive(Debug, thiserror::Error)]
pub enum IcpError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Metrics(#[from] MetricsError),
    #[error("{0}")]
    Invalid(String),
    #[error("there is no ICP profile named \"{0}\"; `tenure icp` lists the profiles.")]
    NotFound(String),
    #[error(
        "the stored criteria of the ICP profile \"{profile}\" cannot be read ({why}); delete the profile with `tenure icp profile delete` and create it again."
    )]
    Corrupt { profile: String, why: String },
}

/// Fit and tier of every account under one profile, in account order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub profile: Profile,
    pub thresholds: TierThresholds,
    pub fit: Vec<u8>,
    pub tiers: Vec<Tier>,
}

impl Scores {
    /// Accounts per tier, A to D.
    pub fn tier_counts(&self) -> [u64; 4] {
        let mut out = [0u64; 4];
        for t in &self.tiers {
            out[*t as usize] += 1;
        }
        out
    }
}

/// Scores every account of `data` under `profile`.
pub fn score(
    profile: &Profile,
    thresholds: TierThresholds,
    data: &Dataset,
    facts: &[AccountFacts],
) -> Scores {
    let accounts: Vec<&Account> = data.accounts().iter().map(|s| &s.account).collect();
    let fit = fit_scores(profile, &accounts, facts);
    let tiers = fit.iter().map(|f| thresholds.tier(*f)).collect();
    Scores {
        profile: profile.clone(),
        thresholds,
        fit,
        tiers,
    }
}

/// Sets (or clears) the `icp_tier` segment of `data` from `scores`.
pub fn apply_tiers(data: &mut Dataset, scores: Option<&Scores>) -> Result<(), IcpError> {
    let tiers = scores.map(|s| s.tiers.iter().map(|t| t.letter() as u8).collect());
    data.set_icp_tiers(tiers)?;
    data.set_icp_fit(scores.map(|s| s.fit.clone()))?;
    Ok(())
}

/// Scores the accounts under the primary profile (if any) and makes its
/// tier the `icp_tier` segment of `data`. `facts` are
/// [`Dataset::account_facts`] at the default month.
pub fn attach_primary(
    db: &crate::store::Store,
    data: &mut Dataset,
    facts: &[AccountFacts],
) -> Result<Option<Scores>, IcpError> {
    let Some(profile) = store::primary(db)? else {
        apply_tiers(data, None)?;
        return Ok(None);
    };
    let scores = score(&profile, store::thresholds(db)?, data, facts);
    apply_tiers(data, Some(&scores))?;
    Ok(Some(scores))
}

/// Scores the accounts under the primary profile with the facts at the
/// engine's default month (tiers describe today's fit), and attaches the
/// tiers to `data`; returns the facts too.
pub fn attach_primary_today(
    db: &crate::store::Store,
    data: &mut Dataset,
) -> Result<(Vec<AccountFacts>, Option<Scores>), IcpError> {
    let facts = data.account_facts(data.default_month());
    let scores = attach_primary(db, data, &facts)?;
    Ok((facts, scores))
}

/// The engine loaded for its default month, with the primary profile's
/// tiers attached: what `tenure accounts`, `icp` and `export` start from.
pub fn load_scored(
    db: &crate::store::Store,
) -> Result<(Dataset, Vec<AccountFacts>, Option<Scores>), IcpError> {
    let mut data = match Dataset::cached(db) {
        Some(data) => data,
        None => Dataset::load_for_month(db, None)?,
    };
    let (facts, scores) = attach_primary_today(db, &mut data)?;
    Ok((data, facts, scores))
}

/// Whether a `--where`/`--by` field list mentions the ICP tier (so that the
/// command line computes it only when asked).
pub fn mentions_tier<'a>(mut fields: impl Iterator<Item = &'a str>) -> bool {
    fields.any(|f| f == crate::metrics::ICP_TIER_FIELD)
}
