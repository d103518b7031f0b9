//! Health score per account (metrics.md, "Health score"), its weights in
//! settings, and the back-test of the score as a churn predictor.

use super::dataset::{Dataset, NONE_I32, ScoreCache};
use super::stats::round_score;
use super::{
    AccountHealth, Band, Component, HealthCounts, HealthScore, MetricsError, Query, Scoring,
};
use crate::domain::{Month, SurveyKind};
use crate::store::StoreResult;
use serde::{Deserialize, Serialize};

/// Component names, in the order of the weights table of metrics.md.
pub const COMPONENTS: [&str; 6] = [
    "usage",
    "adoption",
    "satisfaction",
    "support",
    "engagement",
    "revenue_trend",
];

/// The settings key holding the weights as JSON (`{"usage": 25, …}`).
pub const WEIGHTS_SETTING: &str = "health_weights";

/// Component weights (any non-negative numbers; they are renormalized over
/// the components that have data).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthWeights {
    pub usage: f64,
    pub adoption: f64,
    pub satisfaction: f64,
    pub support: f64,
    pub engagement: f64,
    pub revenue_trend: f64,
}

impl Default for HealthWeights {
    /// The default weights of metrics.md: 25, 15, 20, 15, 10, 15.
    fn default() -> Self {
        HealthWeights {
            usage: 25.0,
            adoption: 15.0,
            satisfaction: 20.0,
            support: 15.0,
            engagement: 10.0,
            revenue_trend: 15.0,
        }
    }
}

impl HealthWeights {
    fn sane(self) -> HealthWeights {
        let f = |w: f64| if w.is_finite() && w >= 0.0 { w } else { 0.0 };
        HealthWeights {
            usage: f(self.usage),
            adoption: f(self.adoption),
            satisfaction: f(self.satisfaction),
            support: f(self.support),
            engagement: f(self.engagement),
            revenue_trend: f(self.revenue_trend),
        }
    }
}

/// The weights stored in settings (defaults where unset or unreadable).
pub fn load_weights(settings: &crate::store::Settings<'_>) -> StoreResult<HealthWeights> {
    Ok(settings
        .get(WEIGHTS_SETTING)?
        .and_then(|t| serde_json::from_str::<HealthWeights>(&t).ok())
        .unwrap_or_default()
        .sane())
}

/// Stores the weights in settings.
pub fn save_weights(
    settings: &crate::store::Settings<'_>,
    weights: &HealthWeights,
) -> StoreResult<()> {
    let text = serde_json::to_string(&weights.sane()).unwrap_or_else(|_| "{}".to_string());
    settings.set(WEIGHTS_SETTING, &text)
}

/// Churn rate among the scored accounts of one band in the back-test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandChurn {
    pub band: Band,
    /// Account-months scored in this band.
    pub observations: u64,
    pub churned: u64,
    /// `churned / observations`, `None` when there is none.
    pub churn_rate: Option<f64>,
}

/// Does the score predict churn? (metrics.md)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackTest {
    /// The months scored.
    pub from: Option<Month>,
    pub to: Option<Month>,
    /// Account-months scored (accounts active in `m` with a score).
    pub observations: u64,
    /// Of those, how many churned in the three months after `m`.
    pub churned: u64,
    /// Area under the ROC curve of `100 − score` as a churn predictor;
    /// `None` when there are no churned or no retained observations.
    pub auc: Option<f64>,
    pub bands: Vec<BandChurn>,
    /// Active account-months without a score (left out).
    pub unscored: u64,
}

/// AUC of `risk` (higher = more likely to churn) from per-score counts:
/// the probability that a churned observation has a higher risk than a
/// retained one, ties counting half.
pub(crate) fn auc_from_histograms(churned: &[u64; 101], retained: &[u64; 101]) -> Option<f64> {
    let p: u64 = churned.iter().sum();
    let q: u64 = retained.iter().sum();
    if p == 0 || q == 0 {
        return None;
    }
    // risk = 100 − score: a churned observation beats a retained one when its score is lower.
    let mut retained_above = 0f64; // retained with a higher score than the current one
    let mut total = 0f64;
    for s in (0..=100).rev() {
        let c = churned[s] as f64;
        total += c * (retained_above + 0.5 * retained[s] as f64);
        retained_above += retained[s] as f64;
    }
    Some(total / (p as f64 * q as f64))
}

/// A score needs at least this many of the six weighted components.
pub const MIN_COMPONENTS: usize = 3;

/// The name of the overdue-renewal deduction among a score's components.
pub const RENEWAL_OVERDUE: &str = "renewal_overdue";

/// A renewal recorded this many days before the renewal date counts (an
/// early renewal is a renewal).
const RENEWAL_EARLY_DAYS: i32 = 90;

/// Points taken off a score for a renewal `days` overdue (≥ 1): 10 at
/// once, growing linearly to 30 at 90 days, then staying at 30.
pub fn renewal_deduction(days: i32) -> f64 {
    if days <= 0 {
        return 0.0;
    }
    10.0 + 20.0 * f64::from(days.min(90)) / 90.0
}

impl Dataset {
    /// The weights in [`COMPONENTS`] order.
    fn weight_list(&self) -> [f64; 6] {
        let w = &self.weights;
        [
            w.usage,
            w.adoption,
            w.satisfaction,
            w.support,
            w.engagement,
            w.revenue_trend,
        ]
    }

    /// Whether account `a` is a customer in month `m`, the only accounts a
    /// health score is given to: active in `m` (metrics.md) and not
    /// marked churned by then (a churn date on or before the month's last
    /// day, or churned with no date at all).
    pub(crate) fn customer_at(&self, a: usize, m: i32) -> bool {
        if !self.active(a, m) {
            return false;
        }
        match self.churned_day[a] {
            NONE_I32 => !self.marked_churned[a],
            day => day > Month::from_index(m).last_day().days(),
        }
    }

    /// Days the renewal date of `a` is overdue at month `m` (`None` when it
    /// is not): the date lies before the reference day (the month's last
    /// day, or today when that is earlier) and no won `renewal`
    /// opportunity closed from 90 days before the date up to that day.
    pub(crate) fn renewal_overdue_days(&self, a: usize, m: i32) -> Option<i32> {
        let due = self.renewal_day[a];
        if due == NONE_I32 {
            return None;
        }
        let reference = Month::from_index(m).last_day().days().min(self.today_day);
        if due >= reference {
            return None;
        }
        let renewed = self.opps.of(a).iter().any(|o| {
            o.renewal
                && o.won
                && o.closed != NONE_I32
                && o.closed >= due - RENEWAL_EARLY_DAYS
                && o.closed <= reference
        });
        (!renewed).then_some(reference - due)
    }

    /// Health of account index `a` at month index `m`, from records dated up
    /// to the end of `m` only.
    pub(crate) fn health_at(&self, a: usize, m: i32) -> HealthScore {
        let values = self.components_at(a, m);
        let overdue = self.renewal_overdue_days(a, m);
        let customer = self.customer_at(a, m);
        let score = if customer {
            self.score_of(&values, overdue)
        } else {
            None
        };
        let scoring = match (customer, score) {
            (false, _) => Scoring::NotACustomer,
            (true, Some(_)) => Scoring::Scored,
            (true, None) => Scoring::NotEnoughData,
        };
        let mut components: Vec<Component> = COMPONENTS
            .iter()
            .zip(values)
            .zip(self.weight_list())
            .map(|((name, value), weight)| Component {
                name,
                value,
                weight,
                has_data: value.is_some(),
            })
            .collect();
        let deduction = overdue.map(renewal_deduction);
        components.push(Component {
            name: RENEWAL_OVERDUE,
            value: deduction,
            weight: 0.0,
            has_data: deduction.is_some(),
        });
        HealthScore {
            score,
            band: score.map(Band::of),
            scoring,
            missing: COMPONENTS
                .iter()
                .zip(values)
                .filter(|(_, v)| v.is_none())
                .map(|(n, _)| *n)
                .collect(),
            components,
            renewal_overdue_days: overdue,
        }
    }

    /// The weighted mean of the components with data, less the overdue
    /// renewal's deduction, floored at 0 and rounded half up; `None` with
    /// fewer than [`MIN_COMPONENTS`] components with data (or no weight
    /// on them).
    fn score_of(&self, values: &[Option<f64>; 6], overdue: Option<i32>) -> Option<u8> {
        let (mut num, mut den, mut n) = (0.0, 0.0, 0usize);
        for (v, weight) in values.iter().zip(self.weight_list()) {
            if let Some(v) = v {
                num += v * weight;
                den += weight;
                n += 1;
            }
        }
        if n < MIN_COMPONENTS || den <= 0.0 {
            return None;
        }
        let deduction = overdue.map_or(0.0, renewal_deduction);
        Some(round_score((num / den - deduction).max(0.0)))
    }

    /// The six component values (`None`: no data), in [`COMPONENTS`] order.
    pub(crate) fn components_at(&self, a: usize, m: i32) -> [Option<f64>; 6] {
        let month = Month::from_index(m);
        let last_day = month.last_day().days();
        let end_secs = i64::from(month.plus(1).first_day().days()) * 86_400;

        // Usage and adoption: usage rows of month m, summed.
        let (mut act, mut lic, mut adopt, mut total) = (0i64, 0i64, 0i64, 0i64);
        let rows = self.usage.of(a);
        let start = rows.partition_point(|r| r.month < m);
        for r in rows[start..].iter().take_while(|r| r.month == m) {
            if r.active_users != NONE_I32 && r.licenses != NONE_I32 {
                act += i64::from(r.active_users);
                lic += i64::from(r.licenses);
            }
            if r.adopters != NONE_I32 && r.total_users != NONE_I32 {
                adopt += i64::from(r.adopters);
                total += i64::from(r.total_users);
            }
        }
        let usage = (lic > 0).then(|| (100.0 * act as f64 / lic as f64).min(100.0));
        let adoption = (total > 0).then(|| 100.0 * adopt as f64 / total as f64);

        // Satisfaction: latest NPS in the 180 days up to the end of m, else latest CSAT.
        let surveys = self.surveys.of(a);
        let hi = surveys.partition_point(|r| r.day <= last_day);
        let lo = surveys.partition_point(|r| r.day <= last_day - 180);
        let window = &surveys[lo..hi];
        let satisfaction = window
            .iter()
            .rev()
            .find(|r| r.kind == SurveyKind::Nps)
            .map(|r| 10.0 * f64::from(r.score))
            .or_else(|| {
                window
                    .iter()
                    .rev()
                    .find(|r| r.kind == SurveyKind::Csat)
                    .map(|r| 25.0 * (f64::from(r.score) - 1.0))
            });

        // Support: tickets open at the end of m.
        let tickets = self.tickets.of(a);
        let opened = tickets.partition_point(|t| t.opened < end_secs);
        let support = (opened > 0).then(|| {
            let open = tickets[..opened]
                .iter()
                .filter(|t| super::classify::open_at(t, end_secs))
                .count() as f64;
            (100.0 - 20.0 * open).max(0.0)
        });

        // Engagement: days since the last activity on or before the end of m.
        let acts = self.activities.of(a);
        let upto = acts.partition_point(|r| r.day <= last_day);
        let engagement = upto.checked_sub(1).and_then(|i| acts.get(i)).map(|r| {
            let d = f64::from(last_day - r.day);
            if d <= 30.0 {
                100.0
            } else if d >= 120.0 {
                0.0
            } else {
                100.0 * (120.0 - d) / 90.0
            }
        });

        // Revenue trend: MRR(m) vs MRR(m − 3).
        let fp = self.first_positive[a];
        let revenue_trend = (self.has_revenue && fp != NONE_I32 && fp <= m).then(|| {
            let now = self.mrr(a, m);
            let before = self.mrr(a, m - 3);
            if now <= 0 {
                0.0
            } else if now > before {
                100.0
            } else if now == before {
                70.0
            } else {
                30.0
            }
        });

        [
            usage,
            adoption,
            satisfaction,
            support,
            engagement,
            revenue_trend,
        ]
    }

    /// The one health truth: the rounded score of account `a` at month
    /// `m`, `None` for accounts that are not customers then or have too
    /// few components. The dashboard's bands, the accounts table, the
    /// account page, the Settings preview and the CLI all read this (the
    /// score cache holds its values).
    pub(crate) fn score_at(&self, a: usize, m: i32) -> Option<u8> {
        if !self.customer_at(a, m) {
            return None;
        }
        self.score_of(&self.components_at(a, m), self.renewal_overdue_days(a, m))
    }

    /// The components account `a` lacks at month `m` when it is a customer
    /// without enough data for a score (`None` otherwise).
    pub(crate) fn not_enough_data(&self, a: usize, m: i32) -> Option<Vec<&'static str>> {
        if !self.customer_at(a, m) {
            return None;
        }
        let values = self.components_at(a, m);
        if self.score_of(&values, None).is_some() {
            return None;
        }
        Some(
            COMPONENTS
                .iter()
                .zip(values)
                .filter(|(_, v)| v.is_none())
                .map(|(n, _)| *n)
                .collect(),
        )
    }

    /// Band counts at the query's end month over the selected accounts
    /// active then (metrics.md): the figure every view shows.
    pub fn band_counts(&self, query: &Query) -> Result<HealthCounts, MetricsError> {
        let sel = self.select(query)?;
        let m = query.period.to.index();
        let mut counts = HealthCounts::default();
        for &a in &sel {
            let a = a as usize;
            if self.active(a, m) {
                counts.add(self.cached_score(a, m));
            }
        }
        Ok(counts)
    }

    /// The score from the cache when it holds month `m`, else computed.
    #[inline]
    pub(crate) fn cached_score(&self, a: usize, m: i32) -> Option<u8> {
        if let Some(c) = self.score_cache.get() {
            let k = m - c.first;
            if k >= 0 && (k as usize) < c.months {
                let v = c.scores[a * c.months + k as usize];
                return (v != u8::MAX).then_some(v);
            }
        }
        self.score_at(a, m)
    }

    /// Fills the health score cache (every account, every month of the
    /// span) on two threads, once; later calls return at once. Series and
    /// the back-test call it themselves; the GUI may call it on its loading
    /// thread right after [`Dataset::load`] so that the first plot is fast
    /// (about 0.4 s for 100,000 accounts × 36 months).
    pub fn precompute_health(&self) {
        self.ensure_scores();
    }

    /// The months the score cache covers: the first month's index and how
    /// many, the whole span of dated records (none without any).
    pub(crate) fn score_months(&self) -> (i32, usize) {
        match self.span {
            None => (0, 0),
            Some((lo, hi)) => (lo.index(), (hi.index() - lo.index() + 1).max(0) as usize),
        }
    }

    pub(crate) fn ensure_scores(&self) {
        self.score_cache.get_or_init(|| {
            let (first, months) = self.score_months();
            if months == 0 {
                return ScoreCache {
                    first,
                    months,
                    scores: Vec::new(),
                };
            }
            let n = self.accounts.len();
            let fill = |range: std::ops::Range<usize>| -> Vec<u8> {
                let mut out = Vec::with_capacity(range.len() * months);
                for a in range {
                    for k in 0..months {
                        let s = self.score_at(a, first + k as i32);
                        out.push(s.unwrap_or(u8::MAX));
                    }
                }
                out
            };
            let half = n / 2;
            let scores = std::thread::scope(|scope| {
                let h = scope.spawn(|| fill(half..n));
                let mut left = fill(0..half);
                match h.join() {
                    Ok(right) => left.extend(right),
                    Err(_) => left.extend(fill(half..n)),
                }
                left
            });
            ScoreCache {
                first,
                months,
                scores,
            }
        });
    }

    /// Health of one account (by store row id) at month `m`.
    pub fn health(&self, account_id: i64, m: Month) -> Option<HealthScore> {
        self.index_of(account_id)
            .map(|a| self.health_at(a, m.index()))
    }

    /// Health at the query's end month (`m2`) of every selected account, in
    /// the store's order (by name), active or not.
    pub fn account_health(&self, query: &Query) -> Result<Vec<AccountHealth>, MetricsError> {
        let sel = self.select(query)?;
        let m = query.period.to.index();
        Ok(sel
            .iter()
            .map(|&a| {
                let a = a as usize;
                let s = &self.accounts[a];
                AccountHealth {
                    account_id: s.id,
                    external_id: s.account.external_id.clone(),
                    name: s.account.name.clone(),
                    health: self.health_at(a, m),
                }
            })
            .collect())
    }

    /// The back-test of metrics.md for the selected accounts: the twelve
    /// months ending three months before the query's end month (so that the
    /// three months after each scored month are known), each account
    /// active in `m` scored from records up to `m`, and marked churned when
    /// it is not active in some month of `m + 1 ..= m + 3`.
    pub fn back_test(&self, query: &Query) -> Result<BackTest, MetricsError> {
        let sel = self.select(query)?;
        self.ensure_scores();
        let last = query.period.to.index() - 3;
        let mut first = last - 11;
        if let Some((lo, _)) = self.span {
            first = first.max(lo.index());
        }
        let mut churned_h = [0u64; 101];
        let mut retained_h = [0u64; 101];
        let mut unscored = 0u64;
        for m in first..=last {
            for &a in &sel {
                let a = a as usize;
                if !self.active(a, m) {
                    continue;
                }
                let churned = (m + 1..=m + 3).any(|k| !self.active(a, k));
                match self.cached_score(a, m) {
                    Some(s) => {
                        let h = if churned {
                            &mut churned_h
                        } else {
                            &mut retained_h
                        };
                        h[usize::from(s.min(100))] += 1;
                    }
                    None => unscored += 1,
                }
            }
        }
        let bands = [Band::Healthy, Band::AtRisk, Band::Critical]
            .into_iter()
            .map(|band| {
                let (mut obs, mut ch) = (0u64, 0u64);
                for s in 0..=100u8 {
                    if Band::of(s) == band {
                        obs += churned_h[usize::from(s)] + retained_h[usize::from(s)];
                        ch += churned_h[usize::from(s)];
                    }
                }
                BandChurn {
                    band,
                    observations: obs,
                    churned: ch,
                    churn_rate: (obs > 0).then(|| ch as f64 / obs as f64),
                }
            })
            .collect();
        let churned: u64 = churned_h.iter().sum();
        let observations = churned + retained_h.iter().sum::<u64>();
        Ok(BackTest {
            from: (first <= last).then(|| Month::from_index(first)),
            to: (first <= last).then(|| Month::from_index(last)),
            observations,
            churned,
            auc: auc_from_histograms(&churned_h, &retained_h),
            bands,
            unscored,
        })
    }
}
