//! Per-account facts at one month, for ICP fit and discovery: the derived
//! fields a criterion can test (current MRR, ARR, lifetime revenue, health,
//! starting MRR) and what discovery aggregates (retention, the twelve-month
//! revenue base, NPS answers, days to onboard). Computed here so that the
//! ICP module never re-derives MRR or health itself.

use super::classify::{SurveyBand, days_after, survey_band};
use super::dataset::{Dataset, NONE_I32};
use crate::domain::{AccountStatus, Month, SurveyKind};

/// One account's facts at a month `m` (see [`Dataset::account_facts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccountFacts {
    /// Still a customer at `m`: not churned and, where revenue records
    /// exist, active in `m` (segments-and-workload.md, retention).
    pub retained: bool,
    /// MRR(a, m) in cents; `None` where the database has no revenue records.
    pub mrr_now: Option<i64>,
    /// MRR in the account's first active month; `None` when never active.
    pub starting_mrr: Option<i64>,
    /// Σ MRR(a, k) over the months up to `m` (realized); `None` without revenue records.
    pub lifetime_revenue: Option<i64>,
    /// MRR(a, m − 12) when the account was active then (the twelve-month
    /// NRR base); `None` otherwise.
    pub mrr_year_ago: Option<i64>,
    /// Health score at `m`.
    pub health: Option<u8>,
    /// NPS answers dated in the twelve months ending at `m`.
    pub nps_promoters: u32,
    pub nps_detractors: u32,
    pub nps_responses: u32,
    /// Days from `customer_since` to `onboarding_completed_on`.
    pub onboard_days: Option<i32>,
}

impl Dataset {
    /// The facts of every account (in [`Dataset::accounts`] order) at `m`.
    pub fn account_facts(&self, m: Month) -> Vec<AccountFacts> {
        let mi = m.index();
        let first_day = m.plus(-11).first_day().days();
        let last_day = m.last_day().days();
        let n = self.accounts.len();
        let one = |a: usize| -> AccountFacts {
            let s = &self.accounts[a].account;
            let revenue = self.has_revenue;
            let active_now = self.active(a, mi);
            let retained =
                s.effective_status() != AccountStatus::Churned && (!revenue || active_now);
            let lifetime = revenue.then(|| {
                let (lo, hi) = (self.mrr_off[a] as usize, self.mrr_off[a + 1] as usize);
                let first = self.mrr_first[a];
                self.mrr_vals[lo..hi]
                    .iter()
                    .enumerate()
                    .take_while(|(k, _)| first + *k as i32 <= mi)
                    .map(|(_, v)| *v)
                    .sum::<i64>()
            });
            let fp = self.first_positive[a];
            let starting = (revenue && fp != NONE_I32).then(|| self.mrr(a, fp));
            let year_ago = (revenue && self.active(a, mi - 12)).then(|| self.mrr(a, mi - 12));
            let (mut pro, mut det, mut resp) = (0u32, 0u32, 0u32);
            let surveys = self.surveys.of(a);
            let lo = surveys.partition_point(|r| r.day < first_day);
            let hi = surveys.partition_point(|r| r.day <= last_day);
            for r in surveys.get(lo..hi).unwrap_or(&[]) {
                if r.kind == SurveyKind::Nps {
                    resp += 1;
                    match survey_band(r) {
                        SurveyBand::Positive => pro += 1,
                        SurveyBand::Negative => det += 1,
                        SurveyBand::Neutral => {}
                    }
                }
            }
            AccountFacts {
                retained,
                mrr_now: revenue.then(|| self.mrr(a, mi)),
                starting_mrr: starting,
                lifetime_revenue: lifetime,
                mrr_year_ago: year_ago,
                health: self.cached_score(a, mi),
                nps_promoters: pro,
                nps_detractors: det,
                nps_responses: resp,
                onboard_days: days_after(self.since_day[a], self.onboarded_day[a]),
            }
        };
        // Health dominates the cost: two threads, like the score cache.
        let half = n / 2;
        std::thread::scope(|scope| {
            let right = scope.spawn(|| (half..n).map(one).collect::<Vec<_>>());
            let mut out: Vec<AccountFacts> = (0..half).map(one).collect();
            match right.join() {
                Ok(r) => out.extend(r),
                Err(_) => out.extend((half..n).map(one)),
            }
            out
        })
    }
}
