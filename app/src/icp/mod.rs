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
//! let data = tenure::metrics::Dataset::load(store)?;
//! let facts = data.account_facts(data.default_month());
//! let scores = icp::primary_scores(store, &data, &facts)?;
//! let segments = icp::segments(scores.as_ref()); // `icp_tier` filters queries given these
//! let q = tenure::metrics::Query::month(data.default_month()).with_segments(segments);
//! let found = icp::discover(&data, &facts);
//! let profile = icp::profile_from_suggestions("From the data", &found);
//! # let _ = (q, profile); Ok(()) }
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
use crate::metrics::{AccountFacts, Dataset, MetricsError, SegmentProvider, Segments};
use std::sync::Arc;

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

/// The primary profile's tiers are the `icp_tier` segment: passed to the
/// metrics with a query ([`Query::with_segments`](crate::metrics::Query::with_segments)),
/// never written into the dataset. The label is the tier letter, the score
/// the fit.
impl SegmentProvider for Scores {
    fn field(&self) -> &str {
        crate::metrics::ICP_TIER_FIELD
    }
    fn len(&self) -> usize {
        self.tiers.len()
    }
    fn label(&self, a: usize) -> Option<&str> {
        self.tiers.get(a).map(|t| t.name())
    }
    fn score(&self, a: usize) -> Option<u8> {
        self.fit.get(a).copied()
    }
    fn labels(&self) -> Vec<String> {
        Tier::ALL.iter().map(|t| t.name().to_string()).collect()
    }
}

/// The segments the primary profile's scores provide: `icp_tier` when
/// there are scores, none otherwise.
pub fn segments(scores: Option<&Scores>) -> Segments {
    match scores {
        Some(s) => Segments::none().with(Arc::new(s.clone())),
        None => Segments::none(),
    }
}

/// Scores the accounts under the primary profile, if there is one (its
/// tiers are the `icp_tier` segment: see [`segments`]). `facts` are
/// [`Dataset::account_facts`] at the default month.
pub fn primary_scores(
    db: &crate::store::Store,
    data: &Dataset,
    facts: &[AccountFacts],
) -> Result<Option<Scores>, IcpError> {
    let Some(profile) = store::primary(db)? else {
        return Ok(None);
    };
    Ok(Some(score(&profile, store::thresholds(db)?, data, facts)))
}

/// [`primary_scores`] with the facts at the engine's default month (tiers
/// describe today's fit); returns the facts too.
pub fn primary_scores_today(
    db: &crate::store::Store,
    data: &Dataset,
) -> Result<(Vec<AccountFacts>, Option<Scores>), IcpError> {
    let facts = data.account_facts(data.default_month());
    let scores = primary_scores(db, data, &facts)?;
    Ok((facts, scores))
}

/// The engine loaded for its default month, with the primary profile's
/// scores: what `tenure accounts`, `icp` and `export` start from.
pub fn load_scored(
    db: &crate::store::Store,
) -> Result<(Dataset, Vec<AccountFacts>, Option<Scores>), IcpError> {
    let data = match Dataset::cached(db) {
        Some(data) => data,
        None => Dataset::load_for_month(db, None)?,
    };
    let (facts, scores) = primary_scores_today(db, &data)?;
    Ok((data, facts, scores))
}

/// Whether a `--where`/`--by` field list mentions the ICP tier (so that the
/// command line computes it only when asked).
pub fn mentions_tier<'a>(mut fields: impl Iterator<Item = &'a str>) -> bool {
    fields.any(|f| f == crate::metrics::ICP_TIER_FIELD)
}
