//! The effort model (hours a month an account needs) and the books of
//! business per CSM. Pure arithmetic on [`Facts`]: a few milliseconds for
//! 100,000 accounts, so every parameter edit recomputes at once.

use super::facts::{AccountFact, Facts};
use super::params::{Params, Tier};
use crate::domain::Money;
use crate::metrics::Band;
use serde::Serialize;
use std::collections::BTreeMap;

/// Hours a month account `a` needs (spec, in its order): base hours of its
/// tier × the six factors, + hours per open ticket, × the critical factor
/// while its health is critical, + the onboarding allowance in its first
/// days.
pub fn account_hours(p: &Params, factors: f64, a: &AccountFact, onboarding: bool) -> f64 {
    let mut h = p.base_hours[a.tier.index()] * factors;
    h += p.ticket_hours * f64::from(a.open_tickets);
    if a.health.is_some_and(|s| s < p.critical_below) {
        h *= p.critical_multiplier;
    }
    if onboarding {
        h += p.onboarding_hours;
    }
    h
}

/// Hours of every account of `facts`, in its order.
pub fn all_hours(facts: &Facts, p: &Params) -> Vec<f64> {
    let f = p.factor_product();
    let today = facts.as_of.days();
    facts
        .accounts
        .iter()
        .map(|a| account_hours(p, f, a, facts.in_onboarding(a, today, p.onboarding_days)))
        .collect()
}

/// One row of the books of business (cli.md keys; `name: None` = unassigned).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Book {
    pub name: Option<String>,
    #[serde(skip)]
    pub csm: Option<u32>,
    #[serde(skip)]
    pub active: bool,
    pub accounts: u64,
    pub accounts_by_tier: BTreeMap<&'static str, u64>,
    #[serde(serialize_with = "crate::workload::money_units")]
    pub arr: Money,
    #[serde(skip)]
    pub arr_by_tier: [i64; 3],
    pub load_hours: f64,
    pub capacity_hours: Option<f64>,
    pub utilization: Option<f64>,
    pub at_risk: u64,
    pub critical: u64,
    pub open_tickets: u64,
    pub renewals_90d: u64,
    pub median_days_since_touch: Option<f64>,
}

impl Book {
    fn new(name: Option<String>, csm: Option<u32>, capacity: Option<f64>, active: bool) -> Book {
        Book {
            name,
            csm,
            active,
            accounts: 0,
            accounts_by_tier: Tier::ALL.iter().map(|t| (t.name(), 0)).collect(),
            arr: Money::from_cents(0),
            arr_by_tier: [0; 3],
            load_hours: 0.0,
            capacity_hours: capacity,
            utilization: None,
            at_risk: 0,
            critical: 0,
            open_tickets: 0,
            renewals_90d: 0,
            median_days_since_touch: None,
        }
    }

    pub fn count_by_tier(&self, t: Tier) -> u64 {
        self.accounts_by_tier.get(t.name()).copied().unwrap_or(0)
    }
}

/// Books of every CSM (active ones, and inactive ones still holding
/// accounts), then "unassigned" when some account has no CSM.
pub fn books(facts: &Facts, hours: &[f64]) -> Vec<Book> {
    let mut books = facts
        .static_books
        .get_or_init(|| static_books(facts))
        .clone();
    let n = facts.csms.len();
    let mut load = vec![0.0; n + 1];
    for (a, h) in facts.accounts.iter().zip(hours) {
        if let Some(slot) = load.get_mut(a.csm.map_or(n, |c| c as usize)) {
            *slot += h;
        }
    }
    for b in &mut books {
        b.load_hours = load
            .get(b.csm.map_or(n, |c| c as usize))
            .copied()
            .unwrap_or(0.0);
        b.utilization = b
            .capacity_hours
            .filter(|c| *c > 0.0)
            .map(|c| b.load_hours / c);
    }
    books
}

/// Everything of the books but the hours.
fn static_books(facts: &Facts) -> Vec<Book> {
    let n = facts.csms.len();
    let mut books: Vec<Book> = facts
        .csms
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Book::new(
                Some(c.name.clone()),
                Some(i as u32),
                Some(c.capacity_hours),
                c.active,
            )
        })
        .collect();
    books.push(Book::new(None, None, None, true));
    let mut touches: Vec<Vec<f64>> = vec![Vec::new(); n + 1];
    for a in &facts.accounts {
        let slot = a.csm.map_or(n, |c| c as usize);
        let Some(b) = books.get_mut(slot) else {
            continue;
        };
        b.accounts += 1;
        if let Some(c) = b.accounts_by_tier.get_mut(a.tier.name()) {
            *c += 1;
        }
        let arr = a.mrr_cents.saturating_mul(12);
        b.arr += Money::from_cents(arr);
        b.arr_by_tier[a.tier.index()] += arr;
        match a.health.map(Band::of) {
            Some(Band::Critical) => b.critical += 1,
            Some(Band::AtRisk) => b.at_risk += 1,
            _ => {}
        }
        b.open_tickets += u64::from(a.open_tickets);
        if a.renewal_in_days.is_some_and(|d| (0..=90).contains(&d)) {
            b.renewals_90d += 1;
        }
        if let Some(d) = a.days_since_touch {
            touches[slot].push(f64::from(d));
        }
    }
    for (b, t) in books.iter_mut().zip(touches.iter_mut()) {
        b.median_days_since_touch = crate::metrics::stats::median(t);
    }
    books.retain(|b| b.active && b.name.is_some() || b.accounts > 0);
    books
}
