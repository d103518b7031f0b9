//! Month-by-month series (what the plots draw) and cohort retention tables.

use super::classify::{
    Movements, SurveyBand, classify, first_response_hours, resolution_hours, survey_band,
};
use super::dataset::{Dataset, NONE_I32, NONE_I64};
use super::report::HealthCounts;
use super::stats::{median, ratio};
use super::{MetricsError, Query};
use crate::domain::{Date, Money, Month, SurveyKind};
use serde::Serialize;

/// The one-month figures of month `month` (period `month..month`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPoint {
    pub month: Month,
    pub mrr: Money,
    pub arr: Money,
    pub active_accounts: u64,
    pub new_mrr: Money,
    pub expansion_mrr: Money,
    /// Positive (amount lost).
    pub contraction_mrr: Money,
    /// Positive (amount lost).
    pub churned_mrr: Money,
    pub reactivation_mrr: Money,
    /// New + expansion + reactivation − contraction − churn.
    pub net_new_mrr: Money,
    /// One-month NRR / GRR (base: the previous month).
    pub nrr: Option<f64>,
    pub grr: Option<f64>,
    /// Trailing twelve months (base: `month − 12`).
    pub nrr_ttm: Option<f64>,
    pub grr_ttm: Option<f64>,
    pub logo_churn_rate: Option<f64>,
    /// Accounts active in the previous month (logo churn denominator).
    pub accounts_at_start: u64,
    pub nps: Option<f64>,
    pub nps_responses: u64,
    /// Shares of the NPS responses (0..1).
    pub promoters: Option<f64>,
    pub passives: Option<f64>,
    pub detractors: Option<f64>,
    pub csat: Option<f64>,
    pub csat_responses: u64,
    pub ces: Option<f64>,
    pub ces_responses: u64,
    pub health: HealthCounts,
    pub tickets_opened: u64,
    pub first_response_hours_median: Option<f64>,
    pub resolution_hours_median: Option<f64>,
    /// Σ adopters / Σ total users over the month's usage records.
    pub adoption_rate: Option<f64>,
    /// Σ active users / Σ licenses over the month's usage records.
    pub license_utilization: Option<f64>,
}

/// One cohort row: accounts whose first active month is `cohort`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    pub cohort: Month,
    pub accounts: u64,
    pub start_mrr: Money,
    /// `logo[k]`: share of the cohort active in `cohort + k`.
    pub logo: Vec<Option<f64>>,
    /// `revenue[k]`: Σ MRR(a, cohort + k) / Σ MRR(a, cohort).
    pub revenue: Vec<Option<f64>>,
}

/// Cohort retention table (metrics.md): ages `0 ..= to − cohort`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortTable {
    pub rows: Vec<CohortRow>,
}

#[derive(Default, Clone)]
struct Acc {
    mrr: i64,
    active: u64,
    moves: Movements,
    s_n: u64,
    s_lost: u64,
    s_m0: i64,
    s_m: i64,
    s_min: i64,
    t_m0: i64,
    t_m: i64,
    t_min: i64,
    nps: [u64; 3],
    csat_n: u64,
    csat_good: u64,
    ces_n: u64,
    ces_sum: i64,
    health: HealthCounts,
    tickets: u64,
    frt: Vec<f64>,
    res: Vec<f64>,
    adopters: i64,
    adopt_total: i64,
    util_active: i64,
    util_licenses: i64,
}

/// Below this many accounts a series is computed on one thread (tests use
/// the two-thread path on small data too).
const PARALLEL_MIN: usize = if cfg!(test) { 2 } else { 2_000 };

impl MonthPoint {
    /// Logo retention for the month: 1 − logo churn.
    pub fn logo_retention(&self) -> Option<f64> {
        self.logo_churn_rate.map(|c| 1.0 - c)
    }

    /// Net new MRR: new + expansion + reactivation − contraction − churn.
    pub fn net_new_mrr(&self) -> Money {
        self.net_new_mrr
    }
}

impl Acc {
    /// One survey response of the month: its kind's tallies.
    fn add_survey(&mut self, r: &crate::store::dataset_rows::SurveyRow) {
        match r.kind {
            SurveyKind::Nps => {
                let i = match survey_band(r) {
                    SurveyBand::Positive => 0,
                    SurveyBand::Neutral => 1,
                    SurveyBand::Negative => 2,
                };
                self.nps[i] += 1;
            }
            SurveyKind::Csat => {
                self.csat_n += 1;
                if survey_band(r) == SurveyBand::Positive {
                    self.csat_good += 1;
                }
            }
            SurveyKind::Ces => {
                self.ces_n += 1;
                self.ces_sum += i64::from(r.score);
            }
        }
    }

    fn merge(&mut self, o: Acc) {
        self.mrr += o.mrr;
        self.active += o.active;
        self.moves.merge(o.moves);
        self.s_n += o.s_n;
        self.s_lost += o.s_lost;
        self.s_m0 += o.s_m0;
        self.s_m += o.s_m;
        self.s_min += o.s_min;
        self.t_m0 += o.t_m0;
        self.t_m += o.t_m;
        self.t_min += o.t_min;
        for i in 0..3 {
            self.nps[i] += o.nps[i];
        }
        self.csat_n += o.csat_n;
        self.csat_good += o.csat_good;
        self.ces_n += o.ces_n;
        self.ces_sum += o.ces_sum;
        self.health.healthy += o.health.healthy;
        self.health.at_risk += o.health.at_risk;
        self.health.critical += o.health.critical;
        self.health.no_score += o.health.no_score;
        self.tickets += o.tickets;
        self.frt.extend(o.frt);
        self.res.extend(o.res);
        self.adopters += o.adopters;
        self.adopt_total += o.adopt_total;
        self.util_active += o.util_active;
        self.util_licenses += o.util_licenses;
    }
}

impl Dataset {
    /// Every month of the query's period, each as a one-month period, for
    /// the selected accounts. Health band counts cost a score per active
    /// account and month; use [`Dataset::series_without_health`] when they
    /// are not drawn.
    pub fn series(&self, query: &Query) -> Result<Vec<MonthPoint>, MetricsError> {
        self.series_impl(query, true)
    }

    /// As [`Dataset::series`], with all health counts left at zero (faster).
    pub fn series_without_health(&self, query: &Query) -> Result<Vec<MonthPoint>, MetricsError> {
        self.series_impl(query, false)
    }

    fn series_impl(
        &self,
        query: &Query,
        with_health: bool,
    ) -> Result<Vec<MonthPoint>, MetricsError> {
        let sel = self.select(query)?;
        let f = query.period.from.index();
        if with_health {
            self.ensure_scores();
        }
        // Two halves of the accounts on two threads, merged month by month.
        let half = sel.len() / 2;
        let (left, right) = sel.split_at(half);
        let (mut acc, other) = if sel.len() >= PARALLEL_MIN {
            std::thread::scope(|scope| {
                let h = scope.spawn(|| self.series_chunk(right, query, with_health));
                let a = self.series_chunk(left, query, with_health);
                let b = h.join().ok();
                (a, b)
            })
        } else {
            (self.series_chunk(&sel, query, with_health), None)
        };
        if let Some(other) = other {
            for (x, y) in acc.iter_mut().zip(other) {
                x.merge(y);
            }
        } else if sel.len() >= PARALLEL_MIN {
            return Err(MetricsError::Internal("a series thread stopped".into()));
        }
        // Responses of no account are the company's, no segment's
        // (data-model.md): the company line counts them as the report does.
        if query.filters.is_empty() {
            let (first_day, last_day) = (
                query.period.from.first_day().days(),
                query.period.to.last_day().days(),
            );
            let surveys = &self.anonymous_surveys;
            let lo = surveys.partition_point(|r| r.day < first_day);
            let hi = surveys.partition_point(|r| r.day <= last_day);
            for r in &surveys[lo..hi] {
                if let Some(slot) =
                    acc.get_mut((Date::from_days(r.day).month().index() - f) as usize)
                {
                    slot.add_survey(r);
                }
            }
        }
        Ok(acc
            .into_iter()
            .enumerate()
            .map(|(k, mut s)| {
                let nps_n = s.nps.iter().sum::<u64>();
                let share = |x: u64| ratio(x as f64, nps_n as f64);
                MonthPoint {
                    month: Month::from_index(f + k as i32),
                    mrr: Money::from_cents(s.mrr),
                    arr: Money::from_cents(s.mrr * 12),
                    active_accounts: s.active,
                    new_mrr: Money::from_cents(s.moves.new),
                    expansion_mrr: Money::from_cents(s.moves.expansion),
                    contraction_mrr: Money::from_cents(s.moves.contraction),
                    churned_mrr: Money::from_cents(s.moves.churn),
                    reactivation_mrr: Money::from_cents(s.moves.reactivation),
                    net_new_mrr: Money::from_cents(s.moves.net()),
                    nrr: ratio(s.s_m as f64, s.s_m0 as f64),
                    grr: ratio(s.s_min as f64, s.s_m0 as f64),
                    nrr_ttm: ratio(s.t_m as f64, s.t_m0 as f64),
                    grr_ttm: ratio(s.t_min as f64, s.t_m0 as f64),
                    logo_churn_rate: ratio(s.s_lost as f64, s.s_n as f64),
                    accounts_at_start: s.s_n,
                    nps: ratio(100.0 * (s.nps[0] as f64 - s.nps[2] as f64), nps_n as f64),
                    nps_responses: nps_n,
                    promoters: share(s.nps[0]),
                    passives: share(s.nps[1]),
                    detractors: share(s.nps[2]),
                    csat: ratio(s.csat_good as f64, s.csat_n as f64),
                    csat_responses: s.csat_n,
                    ces: ratio(s.ces_sum as f64, s.ces_n as f64),
                    ces_responses: s.ces_n,
                    health: s.health,
                    tickets_opened: s.tickets,
                    first_response_hours_median: median(&mut s.frt),
                    resolution_hours_median: median(&mut s.res),
                    adoption_rate: ratio(s.adopters as f64, s.adopt_total as f64),
                    license_utilization: ratio(s.util_active as f64, s.util_licenses as f64),
                }
            })
            .collect())
    }

    fn series_chunk(&self, sel: &[u32], query: &Query, with_health: bool) -> Vec<Acc> {
        let (f, t) = (query.period.from.index(), query.period.to.index());
        let len = (t - f + 1) as usize;
        let mut acc = vec![Acc::default(); len];
        let first_day = query.period.from.first_day().days();
        let last_day = query.period.to.last_day().days();
        let start_secs = i64::from(first_day) * 86_400;
        let end_secs = i64::from(last_day + 1) * 86_400;
        let month_of_day = |d: i32| Date::from_days(d).month().index();
        let month_of_secs = |s: i64| month_of_day(s.div_euclid(86_400) as i32);
        for &a in sel {
            let a = a as usize;
            let mut prev = self.mrr(a, f - 1);
            let mut prev_active = self.active(a, f - 1);
            for (k, slot) in acc.iter_mut().enumerate() {
                let m = f + k as i32;
                let cur = self.mrr(a, m);
                let is_active = self.active(a, m);
                slot.mrr += cur;
                if is_active {
                    slot.active += 1;
                    if with_health {
                        slot.health.add(self.cached_score(a, m));
                    }
                }
                slot.moves
                    .add(classify(prev, cur, self.first_positive[a] == m));
                if prev_active {
                    slot.s_n += 1;
                    if !is_active {
                        slot.s_lost += 1;
                    }
                    slot.s_m0 += prev;
                    slot.s_m += cur;
                    slot.s_min += cur.min(prev);
                }
                if self.active(a, m - 12) {
                    let base = self.mrr(a, m - 12);
                    slot.t_m0 += base;
                    slot.t_m += cur;
                    slot.t_min += cur.min(base);
                }
                prev = cur;
                prev_active = is_active;
            }
            let surveys = self.surveys.of(a);
            let lo = surveys.partition_point(|r| r.day < first_day);
            let hi = surveys.partition_point(|r| r.day <= last_day);
            for r in &surveys[lo..hi] {
                let Some(slot) = acc.get_mut((month_of_day(r.day) - f) as usize) else {
                    continue;
                };
                slot.add_survey(r);
            }
            // Usage: the same sums as the report's, one month at a time.
            let usage = self.usage.of(a);
            let lo = usage.partition_point(|r| r.month < f);
            for r in usage[lo..].iter().take_while(|r| r.month <= t) {
                let Some(slot) = acc.get_mut((r.month - f) as usize) else {
                    continue;
                };
                if r.adopters != NONE_I32 && r.total_users != NONE_I32 {
                    slot.adopters += i64::from(r.adopters);
                    slot.adopt_total += i64::from(r.total_users);
                }
                if r.active_users != NONE_I32 && r.licenses != NONE_I32 {
                    slot.util_active += i64::from(r.active_users);
                    slot.util_licenses += i64::from(r.licenses);
                }
            }
            let tickets = self.tickets.of(a);
            let before_end = tickets.partition_point(|t| t.opened < end_secs);
            for tk in &tickets[..before_end] {
                if tk.opened >= start_secs
                    && let Some(slot) = acc.get_mut((month_of_secs(tk.opened) - f) as usize)
                {
                    slot.tickets += 1;
                    slot.frt.extend(first_response_hours(tk));
                }
                if tk.resolved != NONE_I64
                    && tk.resolved >= start_secs
                    && tk.resolved < end_secs
                    && let Some(slot) = acc.get_mut((month_of_secs(tk.resolved) - f) as usize)
                {
                    slot.res.extend(resolution_hours(tk));
                }
            }
        }
        acc
    }

    /// Cohort retention (logo and revenue) for the cohorts whose first
    /// active month falls in the query's period, ages up to its end month.
    pub fn cohorts(&self, query: &Query) -> Result<CohortTable, MetricsError> {
        let sel = self.select(query)?;
        let (f, t) = (query.period.from.index(), query.period.to.index());
        let len = (t - f + 1) as usize;
        // Per cohort: accounts, Σ MRR at start, active count and Σ MRR by age.
        let mut n = vec![0u64; len];
        let mut start = vec![0i64; len];
        let mut act: Vec<Vec<u64>> = (0..len).map(|c| vec![0; len - c]).collect();
        let mut rev: Vec<Vec<i64>> = (0..len).map(|c| vec![0; len - c]).collect();
        for &a in &sel {
            let a = a as usize;
            let Some(c) = self.first_active(a) else {
                continue;
            };
            if c < f || c > t {
                continue;
            }
            let ci = (c - f) as usize;
            n[ci] += 1;
            start[ci] += self.mrr(a, c);
            for k in 0..len - ci {
                let m = c + k as i32;
                if self.active(a, m) {
                    act[ci][k] += 1;
                }
                rev[ci][k] += self.mrr(a, m);
            }
        }
        let rows = (0..len)
            .filter(|&c| n[c] > 0)
            .map(|c| CohortRow {
                cohort: Month::from_index(f + c as i32),
                accounts: n[c],
                start_mrr: Money::from_cents(start[c]),
                logo: act[c]
                    .iter()
                    .map(|&x| ratio(x as f64, n[c] as f64))
                    .collect(),
                revenue: rev[c]
                    .iter()
                    .map(|&x| ratio(x as f64, start[c] as f64))
                    .collect(),
            })
            .collect();
        Ok(CohortTable { rows })
    }
}
