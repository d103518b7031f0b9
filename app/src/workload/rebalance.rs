//! The rebalancing proposal: move accounts from CSMs above the target
//! utilization to active CSMs below it, with as few moves as possible,
//! preferring healthy, low-ARR accounts, never an account renewing within
//! the freeze window.
//!
//! For each CSM above target (largest excess first) the fewest moves that
//! can cover the excess is `k`, the count of its largest movable accounts
//! whose hours reach it. The `k` accounts are then chosen one at a time, the
//! most preferred first, keeping only choices after which the largest
//! remaining accounts can still cover the rest and which fit some receiver.
//! Each move goes to the receiver with the least room it fits in (best
//! fit), so large rooms stay free for large accounts.

use super::facts::Facts;
use super::params::Params;
use crate::metrics::Band;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Index into `Facts::accounts`.
    #[serde(skip)]
    pub account: usize,
    pub account_id: i64,
    pub external_id: String,
    pub name: String,
    #[serde(skip)]
    pub from: Option<u32>,
    #[serde(skip)]
    pub to: u32,
    pub from_name: Option<String>,
    pub to_name: String,
    pub load_hours: f64,
    pub arr_cents: i64,
}

/// Each CSM's load before and after the proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadChange {
    pub name: String,
    pub capacity_hours: f64,
    pub before_hours: f64,
    pub after_hours: f64,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Proposal {
    pub moves: Vec<Move>,
    pub loads: Vec<LoadChange>,
}

/// Healthy first, then no score, at risk, critical.
fn health_rank(score: Option<u8>) -> u8 {
    match score.map(Band::of) {
        Some(Band::Healthy) => 0,
        None => 1,
        Some(Band::AtRisk) => 2,
        Some(Band::Critical) => 3,
    }
}

/// Per-CSM load from per-account hours.
pub fn loads(facts: &Facts, hours: &[f64]) -> Vec<f64> {
    let mut load = vec![0.0; facts.csms.len()];
    for (a, h) in facts.accounts.iter().zip(hours) {
        if let Some(slot) = a.csm.and_then(|c| load.get_mut(c as usize)) {
            *slot += h;
        }
    }
    load
}

pub fn propose(facts: &Facts, p: &Params, hours: &[f64]) -> Proposal {
    let mut load = loads(facts, hours);
    let before = load.clone();
    let target = p.target_utilization;
    // Inactive CSMs can hold no load: all their movable accounts are excess.
    let limit: Vec<f64> = facts
        .csms
        .iter()
        .map(|c| {
            if c.active {
                target * c.capacity_hours.max(0.0)
            } else {
                0.0
            }
        })
        .collect();
    let mut by_csm: Vec<Vec<usize>> = vec![Vec::new(); facts.csms.len()];
    for (i, a) in facts.accounts.iter().enumerate() {
        let frozen = a
            .renewal_in_days
            .is_some_and(|d| (0..=p.renewal_freeze_days).contains(&d));
        if let Some(list) = a.csm.and_then(|c| by_csm.get_mut(c as usize))
            && !frozen
            && hours[i] > 0.0
        {
            list.push(i);
        }
    }
    let mut over: Vec<usize> = (0..facts.csms.len())
        .filter(|&c| load[c] > limit[c] + 1e-9)
        .collect();
    over.sort_by(|&a, &b| (load[b] - limit[b]).total_cmp(&(load[a] - limit[a])));
    let receivers: Vec<usize> = (0..facts.csms.len())
        .filter(|&c| facts.csms[c].active && load[c] < limit[c])
        .collect();
    let mut moves = Vec::new();
    for c in over {
        let mut excess = load[c] - limit[c];
        // Candidates by hours, largest first (for the minimal count).
        let mut by_hours = std::mem::take(&mut by_csm[c]);
        by_hours.sort_by(|&a, &b| hours[b].total_cmp(&hours[a]));
        let mut preferred = by_hours.clone();
        preferred.sort_by(|&a, &b| {
            let (x, y) = (&facts.accounts[a], &facts.accounts[b]);
            health_rank(x.health)
                .cmp(&health_rank(y.health))
                .then(x.mrr_cents.cmp(&y.mrr_cents))
                .then(hours[b].total_cmp(&hours[a]))
                .then(x.id.cmp(&y.id))
        });
        let mut k = 0usize;
        let mut sum = 0.0;
        for &a in &by_hours {
            if sum >= excess - 1e-9 {
                break;
            }
            sum += hours[a];
            k += 1;
        }
        let mut taken = vec![false; facts.accounts.len()];
        let mut slot = 0usize;
        while excess > 1e-9 {
            let room = receivers
                .iter()
                .map(|&r| limit[r] - load[r])
                .fold(0.0f64, f64::max);
            if room <= 0.0 {
                break;
            }
            // Prefix sums of the largest remaining accounts (feasibility).
            let remaining: Vec<usize> = by_hours.iter().copied().filter(|&a| !taken[a]).collect();
            let mut prefix = vec![0.0; remaining.len() + 1];
            let mut rank = std::collections::HashMap::with_capacity(remaining.len());
            for (i, &a) in remaining.iter().enumerate() {
                prefix[i + 1] = prefix[i] + hours[a];
                rank.insert(a, i);
            }
            let left = k.saturating_sub(slot + 1);
            let feasible = |a: usize| -> bool {
                let need = excess - hours[a];
                if need <= 1e-9 {
                    return true;
                }
                if slot + 1 >= k {
                    return false;
                }
                let r = rank.get(&a).copied().unwrap_or(usize::MAX);
                let best = if r < left {
                    prefix[(left + 1).min(remaining.len())] - hours[a]
                } else {
                    prefix[left.min(remaining.len())]
                };
                best >= need - 1e-9
            };
            let pick = preferred
                .iter()
                .copied()
                .filter(|&a| !taken[a] && hours[a] <= room + 1e-9)
                .find(|&a| feasible(a))
                // Beyond the minimal count (nothing fitted as planned): the
                // most preferred account that fits anywhere.
                .or_else(|| {
                    preferred
                        .iter()
                        .copied()
                        .find(|&a| !taken[a] && hours[a] <= room + 1e-9)
                });
            let Some(a) = pick else { break };
            // Best fit: the receiver with the least room that still fits.
            let Some(&to) = receivers
                .iter()
                .filter(|&&r| limit[r] - load[r] >= hours[a] - 1e-9)
                .min_by(|&&x, &&y| (limit[x] - load[x]).total_cmp(&(limit[y] - load[y])))
            else {
                break;
            };
            taken[a] = true;
            slot += 1;
            excess -= hours[a];
            load[c] -= hours[a];
            load[to] += hours[a];
            let acc = &facts.accounts[a];
            moves.push(Move {
                account: a,
                account_id: acc.id,
                external_id: acc.external_id.clone(),
                name: acc.name.clone(),
                from: Some(c as u32),
                to: to as u32,
                from_name: Some(facts.csms[c].name.clone()),
                to_name: facts.csms[to].name.clone(),
                load_hours: hours[a],
                arr_cents: acc.mrr_cents.saturating_mul(12),
            });
        }
    }
    let loads = facts
        .csms
        .iter()
        .enumerate()
        .filter(|(i, c)| c.active || before[*i] > 0.0)
        .map(|(i, c)| {
            let util = |h: f64| (c.capacity_hours > 0.0 && c.active).then(|| h / c.capacity_hours);
            LoadChange {
                name: c.name.clone(),
                capacity_hours: c.capacity_hours,
                before_hours: before[i],
                after_hours: load[i],
                before: util(before[i]),
                after: util(load[i]),
            }
        })
        .collect();
    Proposal { moves, loads }
}
