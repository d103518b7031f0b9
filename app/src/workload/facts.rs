//! What the workload model needs of each account and CSM, read once from
//! the metrics engine's [`Dataset`] (MRR, activity, health, tickets) and the
//! CSM table, so that every later what-if is arithmetic on these columns.

use super::params::Tier;
use crate::domain::{Date, Month};
use crate::metrics::{Dataset, Query};
use crate::store::{Store, StoreResult};

const NONE: i32 = i32::MIN;

/// A team member as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CsmInfo {
    pub id: i64,
    pub name: String,
    pub capacity_hours: f64,
    pub active: bool,
}

/// One active account, as the effort model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFact {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    /// Index into [`Facts::csms`]; `None` = unassigned.
    pub csm: Option<u32>,
    pub tier: Tier,
    /// MRR of the snapshot month, in cents.
    pub mrr_cents: i64,
    /// Health score at the snapshot month (metrics engine), if any.
    pub health: Option<u8>,
    /// Tickets open at the end of the snapshot month.
    pub open_tickets: u32,
    /// Day number the account became a customer (onboarding starts), or `i32::MIN`.
    pub start_day: i32,
    /// Days from the as-of date to the next renewal (negative when past).
    pub renewal_in_days: Option<i32>,
    pub days_since_touch: Option<i32>,
}

/// Defaults of the growth assumptions, from the data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GrowthDefaults {
    pub new_accounts_per_month: f64,
    pub monthly_churn: f64,
    pub tier_mix: [f64; 3],
    /// How many months the trailing means cover.
    pub months: u32,
}

/// The precomputed inputs of every workload figure.
#[derive(Debug, Clone)]
pub struct Facts {
    pub accounts: Vec<AccountFact>,
    pub csms: Vec<CsmInfo>,
    /// Renewals, onboarding and last touch are counted from this day.
    pub as_of: Date,
    /// Health, MRR and open tickets are taken at this month (the metrics
    /// engine's default month).
    pub month: Month,
    pub currency: String,
    pub growth: GrowthDefaults,
    /// The parts of the books no parameter changes (counts, ARR, medians),
    /// computed on first need: an edit then only sums hours.
    pub(crate) static_books: std::sync::OnceLock<Vec<super::Book>>,
}

/// The CSM table, by name (capacity 120 hours and active where unset).
pub fn load_csms(store: &Store) -> StoreResult<Vec<CsmInfo>> {
    Ok(store
        .csms()?
        .into_iter()
        .map(|c| CsmInfo {
            id: c.id,
            name: c.name,
            capacity_hours: c.capacity_hours.unwrap_or(120.0),
            active: c.active.unwrap_or(true),
        })
        .collect())
}

impl Facts {
    /// Reads the facts of every account active in the engine's default
    /// month. `as_of` is "today" (a parameter so tests are deterministic).
    pub fn build(data: &Dataset, csms: Vec<CsmInfo>, as_of: Date) -> Facts {
        let month = data.default_month();
        let m = month.index();
        let by_name: std::collections::HashMap<String, u32> = csms
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.to_lowercase(), i as u32))
            .collect();
        // Open at the end of the month: opened before, not resolved before.
        let end_secs = i64::from(month.plus(1).first_day().days()) * 86_400;
        let today = as_of.days();
        // The growth defaults' monthly series runs beside the per-account
        // pass (two cores: about half the time).
        let (accounts, tier_counts, trailing) = std::thread::scope(|scope| {
            let series = scope.spawn(|| trailing_growth(data, month));
            let mut accounts = Vec::new();
            let mut tier_counts = [0f64; 3];
            for (a, stored) in data.accounts.iter().enumerate() {
                if !data.active(a, m) {
                    continue;
                }
                let acc = &stored.account;
                let tier = Tier::of(acc.tier.as_deref());
                tier_counts[tier.index()] += 1.0;
                let open_tickets = data
                    .tickets
                    .of(a)
                    .iter()
                    .filter(|t| {
                        t.opened < end_secs && (t.resolved == i64::MIN || t.resolved >= end_secs)
                    })
                    .count() as u32;
                let acts = data.activities.of(a);
                let upto = acts.partition_point(|r| r.day <= today);
                let days_since_touch = upto
                    .checked_sub(1)
                    .and_then(|i| acts.get(i))
                    .map(|r| today - r.day);
                let start_day = acc
                    .customer_since
                    .map(Date::days)
                    .or_else(|| {
                        data.first_active(a)
                            .map(|f| Month::from_index(f).first_day().days())
                    })
                    .unwrap_or(NONE);
                accounts.push(AccountFact {
                    id: stored.id,
                    external_id: acc.external_id.clone(),
                    name: acc.name.clone(),
                    csm: acc
                        .csm
                        .as_deref()
                        .and_then(|n| by_name.get(&n.trim().to_lowercase()).copied()),
                    tier,
                    mrr_cents: data.mrr(a, m),
                    health: data.cached_score(a, m),
                    open_tickets,
                    start_day,
                    renewal_in_days: acc.renewal_on.map(|r| r.days() - today),
                    days_since_touch,
                });
            }
            // A panicked thread leaves the work to this one.
            let trailing = series
                .join()
                .unwrap_or_else(|_| trailing_growth(data, month));
            (accounts, tier_counts, trailing)
        });
        let total: f64 = tier_counts.iter().sum();
        let tier_mix = if total > 0.0 {
            tier_counts.map(|c| c / total)
        } else {
            [0.0, 1.0, 0.0]
        };
        let growth = GrowthDefaults {
            new_accounts_per_month: trailing.0,
            monthly_churn: trailing.1,
            tier_mix,
            months: trailing.2,
        };
        Facts {
            accounts,
            csms,
            as_of,
            month,
            currency: data.currency().to_string(),
            growth,
            static_books: std::sync::OnceLock::new(),
        }
    }

    /// Days since the account's onboarding started, as of `day`.
    pub fn in_onboarding(&self, a: &AccountFact, day: i32, onboarding_days: i32) -> bool {
        a.start_day != NONE && (0..onboarding_days).contains(&(day - a.start_day))
    }
}

/// Trailing-twelve-month means of new accounts a month and monthly logo
/// churn (the metrics engine's per-month figures) and the months counted.
/// The first month of the data is left out: every account is "new" in it.
fn trailing_growth(data: &Dataset, month: Month) -> (f64, f64, u32) {
    let mut from = month.plus(-11);
    if let Some((lo, _)) = data.span() {
        from = from.max(lo.plus(1));
    }
    if from > month {
        return (0.0, 0.0, 0);
    }
    let months = (month.index() - from.index() + 1) as u32;
    let mut new = 0u64;
    for a in 0..data.accounts.len() {
        if let Some(f) = data.first_active(a)
            && f >= from.index()
            && f <= month.index()
        {
            new += 1;
        }
    }
    let churn: Vec<f64> = data
        .series_without_health(&Query::range(from, month))
        .map(|points| points.iter().filter_map(|p| p.logo_churn_rate).collect())
        .unwrap_or_default();
    let monthly_churn = crate::metrics::stats::mean(&churn).unwrap_or(0.0);
    (new as f64 / f64::from(months), monthly_churn, months)
}
