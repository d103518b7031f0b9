//! Team sizing: required CSMs now and month by month from the growth
//! assumptions, when the current team passes the target utilization, and
//! which hire is needed by when.

use super::effort::account_hours;
use super::facts::Facts;
use super::params::{Assumptions, Params};
use crate::domain::Month;
use serde::Serialize;

/// Average days in a month, to step the as-of date month by month.
const DAYS_PER_MONTH: f64 = 30.4375;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionPoint {
    pub month: Month,
    pub accounts: f64,
    pub hours: f64,
    pub required: f64,
    /// Load over the current team's capacity.
    pub utilization: Option<f64>,
}

/// By month `by`, `total` CSMs beyond the current team are needed in all
/// (listed at each month the count goes up).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hire {
    pub by: Month,
    pub total: u32,
}

/// The growth assumptions actually used (the person's, else the data's).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Growth {
    pub new_accounts_per_month: f64,
    pub monthly_churn: f64,
    pub tier_mix: [f64; 3],
    pub horizon_months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sizing {
    pub hours_per_csm: f64,
    pub total_hours: f64,
    pub required_now: f64,
    pub required_now_rounded: u64,
    /// Active CSMs.
    pub current: u64,
    pub team_capacity_hours: f64,
    pub target_utilization: f64,
    pub utilization_now: Option<f64>,
    /// The month the current team's utilization first exceeds the target
    /// (this month when it already does); `None` within the horizon.
    pub passes_target_in: Option<Month>,
    pub hires: Vec<Hire>,
    pub growth: Growth,
    pub projection: Vec<ProjectionPoint>,
}

/// Rounds up, ignoring floating-point dust (2.0000000001 CSMs is 2).
pub fn ceil(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        (x - 1e-9).ceil().max(0.0) as u64
    } else {
        0
    }
}

pub fn growth(facts: &Facts, a: &Assumptions) -> Growth {
    let mix = a.tier_mix.unwrap_or(facts.growth.tier_mix);
    let sum: f64 = mix.iter().sum();
    Growth {
        new_accounts_per_month: a
            .new_accounts_per_month
            .unwrap_or(facts.growth.new_accounts_per_month),
        monthly_churn: a.monthly_churn.unwrap_or(facts.growth.monthly_churn),
        tier_mix: if sum > 0.0 {
            mix.map(|m| m / sum)
        } else {
            [0.0, 1.0, 0.0]
        },
        horizon_months: a.horizon_months.clamp(12, 36),
    }
}

/// Sizing from the per-account hours (`hours`, as [`super::all_hours`]).
pub fn sizing(facts: &Facts, p: &Params, a: &Assumptions, hours: &[f64]) -> Sizing {
    let g = growth(facts, a);
    // `+ 0.0` turns the empty sum (-0.0) into 0.
    let total: f64 = hours.iter().sum::<f64>() + 0.0;
    let f = p.factor_product();
    // Hours without the onboarding allowance: what an account keeps needing.
    let mut steady_total = 0.0;
    let mut steady_by_tier = [0.0f64; 3];
    let mut count_by_tier = [0u64; 3];
    let mut onboarding_starts = Vec::new();
    let today = facts.as_of.days();
    for acc in &facts.accounts {
        let h = account_hours(p, f, acc, false);
        steady_total += h;
        steady_by_tier[acc.tier.index()] += h;
        count_by_tier[acc.tier.index()] += 1;
        if facts.in_onboarding(acc, today, p.onboarding_days) {
            onboarding_starts.push(acc.start_day);
        }
    }
    // A new account needs what today's accounts of its tier need on average
    // (tickets and critical health included); a tier with none, its base.
    let new_hours: f64 = (0..3)
        .map(|t| {
            let mean = if count_by_tier[t] > 0 {
                steady_by_tier[t] / count_by_tier[t] as f64
            } else {
                p.base_hours[t] * f
            };
            g.tier_mix[t] * mean
        })
        .sum();
    let onboarding_months = (f64::from(p.onboarding_days) / DAYS_PER_MONTH).ceil() as i64;
    let team: Vec<_> = facts.csms.iter().filter(|c| c.active).collect();
    let capacity: f64 = team.iter().map(|c| c.capacity_hours.max(0.0)).sum();
    let target = p.target_utilization;
    let now = facts.as_of.month();
    let n0 = facts.accounts.len() as f64;
    let keep = (1.0 - g.monthly_churn).clamp(0.0, 1.0);
    let mut projection = Vec::with_capacity(g.horizon_months as usize);
    let mut survive = 1.0;
    for k in 1..=i64::from(g.horizon_months) {
        survive *= keep;
        let day = today + (k as f64 * DAYS_PER_MONTH).round() as i32;
        let onboarding_existing = onboarding_starts
            .iter()
            .filter(|s| (0..p.onboarding_days).contains(&(day - **s)))
            .count() as f64;
        let mut accounts = n0 * survive;
        let mut h = (steady_total + p.onboarding_hours * onboarding_existing) * survive;
        // Cohorts joining in months 1..=k, aged k − j months.
        let mut cohort_keep = 1.0;
        for age in 0..k {
            let n = g.new_accounts_per_month * cohort_keep;
            accounts += n;
            h += n * new_hours;
            if age < onboarding_months {
                h += n * p.onboarding_hours;
            }
            cohort_keep *= keep;
        }
        projection.push(ProjectionPoint {
            month: now.plus(k as i32),
            accounts,
            hours: h,
            required: h / p.hours_per_csm,
            utilization: (capacity > 0.0).then(|| h / capacity),
        });
    }
    let timeline: Vec<(Month, f64)> = std::iter::once((now, total))
        .chain(projection.iter().map(|pt| (pt.month, pt.hours)))
        .collect();
    // Hires needed at month k: the fewest extra CSMs of `hours_per_csm`
    // that keep the load within target × capacity.
    let mut hires: Vec<Hire> = Vec::new();
    for (month, h) in &timeline {
        let over = h / target - capacity;
        let needed = if over > 1e-9 {
            ceil(over / p.hours_per_csm).max(1) as u32
        } else {
            0
        };
        if needed > hires.last().map_or(0, |x| x.total) {
            hires.push(Hire {
                by: *month,
                total: needed,
            });
        }
    }
    let required_now = total / p.hours_per_csm;
    Sizing {
        hours_per_csm: p.hours_per_csm,
        total_hours: total,
        required_now,
        required_now_rounded: ceil(required_now),
        current: team.len() as u64,
        team_capacity_hours: capacity,
        target_utilization: target,
        utilization_now: (capacity > 0.0).then(|| total / capacity),
        passes_target_in: hires.first().map(|h| h.by),
        hires,
        growth: g,
        projection,
    }
}
