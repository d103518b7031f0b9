//! Prospects ranked by ICP fit (segments-and-workload.md: the ICP is "a
//! guide to identify the best potential customers"). Discovery learns from
//! the customers only (the dataset holds no prospect); a prospect is scored
//! with the same criteria, on its account fields alone: it has no MRR or
//! health yet, so a criterion on those is unknown (not met).

use super::fit::{Outcome, Tier, TierThresholds, explain};
use super::profile::Profile;
use crate::metrics::{AccountFacts, Dataset};
use serde::Serialize;

/// One prospect's fit under a profile (`tenure icp --json`'s `prospects`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedProspect {
    #[serde(skip)]
    pub id: i64,
    /// Index in [`crate::metrics::Prospects::accounts`].
    #[serde(skip)]
    pub index: usize,
    pub external_id: String,
    pub name: String,
    pub fit: u8,
    pub tier: Tier,
    /// The criteria met and missed (unknown counts as missed), each as
    /// its text (`industry in Software,SaaS:8`).
    pub met: Vec<String>,
    pub missed: Vec<String>,
    /// The same criteria as positions in the profile's list (for a face
    /// that words them in its own language).
    #[serde(skip)]
    pub met_index: Vec<usize>,
    #[serde(skip)]
    pub missed_index: Vec<usize>,
}

/// Every prospect of `data` under `profile`, best fit first (ties by name,
/// then store order).
pub fn rank_prospects(
    profile: &Profile,
    thresholds: &TierThresholds,
    data: &Dataset,
) -> Vec<RankedProspect> {
    let none = AccountFacts::default();
    let mut out: Vec<RankedProspect> = data
        .prospects()
        .accounts()
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let e = explain(profile, thresholds, &s.account, &none);
            let (mut met, mut missed) = (Vec::new(), Vec::new());
            let (mut met_index, mut missed_index) = (Vec::new(), Vec::new());
            for (i, r) in e.results.iter().enumerate() {
                let text = r.criterion.to_string();
                match r.outcome {
                    Outcome::Met => {
                        met.push(text);
                        met_index.push(i);
                    }
                    Outcome::NotMet | Outcome::Unknown => {
                        missed.push(text);
                        missed_index.push(i);
                    }
                }
            }
            RankedProspect {
                id: s.id,
                index,
                external_id: s.account.external_id.clone(),
                name: s.account.name.clone(),
                fit: e.fit,
                tier: e.tier,
                met,
                missed,
                met_index,
                missed_index,
            }
        })
        .collect();
    // Stable: equal fits keep the store's order (by name).
    out.sort_by_key(|p| std::cmp::Reverse(p.fit));
    out
}
