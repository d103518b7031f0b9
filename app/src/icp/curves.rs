//! Logo retention curves by ICP tier: the share of a tier's accounts still
//! active `k` months after their first active month, pooled over the
//! cohorts that have reached age `k` (from the engine's cohort table).

use super::Scores;
use super::fit::Tier;
use crate::metrics::{Dataset, ICP_TIER_FIELD, MetricsError, Query};
use serde::Serialize;

/// Ages with fewer accounts than this are not drawn (metrics.md's small sample).
const SMALL_SAMPLE: u64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCurve {
    pub tier: Tier,
    /// Accounts of the tier with a first active month in the range.
    pub accounts: u64,
    /// Retention by age in months (index 0 = the first month).
    pub retention: Vec<Option<f64>>,
}

/// One curve per tier over the cohorts of the data's whole span, ages up
/// to the default month, the tiers being those of `scores`.
pub fn tier_curves(data: &Dataset, scores: &Scores) -> Result<Vec<TierCurve>, MetricsError> {
    let segments = super::segments(Some(scores));
    let Some((from, _)) = data.span() else {
        return Ok(Vec::new());
    };
    let to = data.default_month().max(from);
    let mut out = Vec::new();
    for tier in Tier::ALL {
        let q = Query::range(from, to)
            .with_filter(ICP_TIER_FIELD, tier.name())
            .with_segments(segments.clone());
        let table = data.cohorts(&q)?;
        let ages = table.rows.iter().map(|r| r.logo.len()).max().unwrap_or(0);
        let mut num = vec![0.0f64; ages];
        let mut den = vec![0u64; ages];
        for row in &table.rows {
            for (k, v) in row.logo.iter().enumerate() {
                if let Some(v) = v {
                    num[k] += v * row.accounts as f64;
                    den[k] += row.accounts;
                }
            }
        }
        out.push(TierCurve {
            tier,
            accounts: table.rows.iter().map(|r| r.accounts).sum(),
            retention: num
                .iter()
                .zip(&den)
                // Ages reached by fewer than 10 accounts are left out (small sample).
                .map(|(n, d)| (*d >= SMALL_SAMPLE).then(|| n / *d as f64))
                .collect(),
        });
    }
    Ok(out)
}
