//! The period report: every figure of `metrics --json` (cli.md) for a
//! period and a segment.

use super::dataset::{Dataset, NONE_I32, NONE_I64};
use super::movement::{Movement, NpsBucket, classify, nps_bucket};
use super::stats::{mean, median, ratio, round_cents};
use super::{Band, MetricsError, Period, Query};
use crate::domain::{Money, SurveyKind};
use crate::store::dataset_rows::{SurveyRow, TicketRow};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};

/// Fewer observations than this carry the "small sample" mark.
pub const SMALL_SAMPLE: u64 = 10;
/// LTV rests on a small sample below this many churned accounts in its window.
pub const SMALL_SAMPLE_LTV_CHURNED: u64 = 5;

fn money_units<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(m.as_units_f64())
}

fn opt_money_units<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_f64(m.as_units_f64()),
        None => s.serialize_none(),
    }
}

/// Health band counts over the selected accounts active in `m2`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HealthCounts {
    pub healthy: u64,
    pub at_risk: u64,
    pub critical: u64,
    pub no_score: u64,
}

impl HealthCounts {
    /// Counts one account's score (`None`: no score) in its band.
    pub fn add(&mut self, score: Option<u8>) {
        match score.map(Band::of) {
            Some(Band::Healthy) => self.healthy += 1,
            Some(Band::AtRisk) => self.at_risk += 1,
            Some(Band::Critical) => self.critical += 1,
            None => self.no_score += 1,
        }
    }
}

/// What stands behind one figure: how many observations, the small-sample
/// mark, and why it is undefined when it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// Accounts, responses or tickets the figure rests on.
    pub count: u64,
    pub small_sample: bool,
    /// Why the figure is `None` (a sentence for the tooltip).
    pub undefined: Option<String>,
}

/// Lists shown beside the figures (not part of the cli.md JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extras {
    /// Tickets opened in the period by category (empty category as "").
    pub tickets_by_category: Vec<(String, u64)>,
    /// Activities in the period by kind.
    pub touches_by_kind: Vec<(String, u64)>,
    /// Accounts starting in the period still without `onboarding_completed_on`.
    pub onboarding_not_yet: u64,
    /// Accounts starting in the period still without `first_value_on`.
    pub value_not_yet: u64,
    /// Accounts starting in the period (onboarding denominator).
    pub starting_accounts: u64,
    /// Selected accounts marked churned without a date (listed for fixing).
    pub churned_without_date: u64,
    /// Number of `new` movements in the period.
    pub new_accounts: u64,
    /// Accounts active at the start of the period (`|S|`).
    pub accounts_at_start: u64,
    /// Accounts of `S` not active at the end (lost).
    pub accounts_lost: u64,
}

/// Every figure of `tenure metrics --json`, with exactly the keys of cli.md
/// (money in currency units, rates as fractions, `null` when undefined).
/// `details` and `extras` are for the GUI and are not serialized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricsReport {
    pub period: Period,
    pub currency: String,
    #[serde(serialize_with = "money_units")]
    pub mrr: Money,
    #[serde(serialize_with = "money_units")]
    pub arr: Money,
    #[serde(serialize_with = "opt_money_units")]
    pub arpa: Option<Money>,
    #[serde(serialize_with = "opt_money_units")]
    pub arpu: Option<Money>,
    pub active_accounts: u64,
    /// Accounts not yet customers at the end of the period (in no other
    /// figure), and those that became customers in it (metrics/prospects.rs).
    pub prospects: u64,
    pub prospect_conversions: u64,
    #[serde(serialize_with = "money_units")]
    pub new_mrr: Money,
    #[serde(serialize_with = "money_units")]
    pub expansion_mrr: Money,
    /// Positive: the amount lost.
    #[serde(serialize_with = "money_units")]
    pub contraction_mrr: Money,
    /// Positive: the amount lost.
    #[serde(serialize_with = "money_units")]
    pub churned_mrr: Money,
    #[serde(serialize_with = "money_units")]
    pub reactivation_mrr: Money,
    pub quick_ratio: Option<f64>,
    pub logo_churn_rate: Option<f64>,
    pub logo_retention_rate: Option<f64>,
    pub nrr: Option<f64>,
    pub grr: Option<f64>,
    pub nrr_ttm: Option<f64>,
    pub grr_ttm: Option<f64>,
    #[serde(serialize_with = "opt_money_units")]
    pub ltv: Option<Money>,
    #[serde(serialize_with = "opt_money_units")]
    pub cac: Option<Money>,
    pub ltv_cac: Option<f64>,
    pub cac_payback_months: Option<f64>,
    pub nps: Option<f64>,
    pub nps_responses: u64,
    pub csat: Option<f64>,
    pub csat_mean: Option<f64>,
    pub ces: Option<f64>,
    pub ces_low_effort: Option<f64>,
    pub time_to_onboard_days_median: Option<f64>,
    pub time_to_onboard_days_mean: Option<f64>,
    pub activation_rate: Option<f64>,
    pub time_to_value_days_median: Option<f64>,
    pub adoption_rate: Option<f64>,
    pub license_utilization: Option<f64>,
    pub tickets_per_customer: Option<f64>,
    pub first_response_hours_median: Option<f64>,
    pub first_response_hours_mean: Option<f64>,
    pub resolution_hours_median: Option<f64>,
    pub resolution_hours_mean: Option<f64>,
    pub open_tickets: u64,
    pub touch_coverage: Option<f64>,
    pub upsell_rate: Option<f64>,
    pub offer_acceptance: Option<f64>,
    pub health: HealthCounts,
    /// The purchase figures (revenue.md), flattened into the same object.
    #[serde(flatten)]
    pub purchases: super::purchases::PurchaseFigures,
    /// Trial conversion and committed MRR (revenue.md), flattened too.
    #[serde(flatten)]
    pub commitments: super::commitments::CommitmentFigures,
    /// Per JSON key: counts, small-sample flag, why undefined.
    #[serde(skip)]
    pub details: BTreeMap<&'static str, Detail>,
    #[serde(skip)]
    pub extras: Extras,
}

impl MetricsReport {
    /// The detail of one key (a default, empty detail when none was recorded).
    /// Revenue churn for the period: 1 − GRR (metrics.md).
    pub fn revenue_churn(&self) -> Option<f64> {
        self.grr.map(|g| 1.0 - g)
    }

    pub fn detail(&self, key: &str) -> Detail {
        self.details.get(key).cloned().unwrap_or_default()
    }

    /// Whether the figure under `key` rests on a small sample.
    pub fn is_small_sample(&self, key: &str) -> bool {
        self.details.get(key).is_some_and(|d| d.small_sample)
    }
}

struct Details(BTreeMap<&'static str, Detail>);

impl Details {
    /// Records a figure: its count, small when `count < threshold`, and the
    /// reason when the value is undefined.
    fn put<T>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
        count: u64,
        threshold: u64,
        why: &str,
    ) {
        self.0.insert(
            key,
            Detail {
                count,
                small_sample: value.is_some() && count < threshold,
                undefined: value.is_none().then(|| why.to_string()),
            },
        );
    }
}

fn money_of(cents: Option<f64>) -> Option<Money> {
    cents
        .filter(|c| c.is_finite())
        .map(|c| Money::from_cents(round_cents(c)))
}

impl Dataset {
    /// Every figure for a period and segment (cli.md keys).
    pub fn report(&self, query: &Query) -> Result<MetricsReport, MetricsError> {
        let sel = self.select(query)?;
        let mut report = self.compute(&sel, query.period, query.filters.is_empty());
        let open = (0..self.prospects.len())
            .filter(|&p| self.prospects.matches(p, &query.filters, &|_| None))
            .count() as u64;
        self.put_prospects(&mut report, &sel, open, query.period);
        Ok(report)
    }

    fn put_prospects(&self, report: &mut MetricsReport, sel: &[u32], open: u64, period: Period) {
        let ids = sel
            .iter()
            .filter_map(|&a| self.accounts.get(a as usize).map(|s| s.id));
        let (prospects, conversions) =
            super::prospects::figures(&self.prospects, ids, open, period);
        report.prospects = prospects;
        report.prospect_conversions = conversions;
    }

    /// One report per value of `field` among the query's accounts, sorted by
    /// value; accounts with an empty value form the last group (`None`).
    /// Values are grouped case-insensitively (the first spelling met names
    /// the group).
    pub fn report_by(
        &self,
        query: &Query,
        field: &str,
    ) -> Result<Vec<(Option<String>, MetricsReport)>, MetricsError> {
        self.check_field_in(field, &query.segments)?;
        let sel = self.select(query)?;
        let mut groups: BTreeMap<String, (String, Vec<u32>)> = BTreeMap::new();
        let mut empty: Vec<u32> = Vec::new();
        for &a in &sel {
            let value = self
                .segment_value(a as usize, field, &query.segments)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
            match value {
                Some(v) => groups
                    .entry(v.to_lowercase())
                    .or_insert_with(|| (v, Vec::new()))
                    .1
                    .push(a),
                None => empty.push(a),
            }
        }
        // Prospects of the query's segment, grouped by the same value.
        let mut open: HashMap<String, u64> = HashMap::new();
        let mut open_empty = 0u64;
        for p in 0..self.prospects.len() {
            if !self.prospects.matches(p, &query.filters, &|_| None) {
                continue;
            }
            let value = self.prospects.accounts.get(p).and_then(|s| {
                crate::store::queries::account_field(&s.account, field)
                    .map(|v| v.trim().to_lowercase())
                    .filter(|v| !v.is_empty())
            });
            match value {
                Some(v) => *open.entry(v).or_default() += 1,
                None => open_empty += 1,
            }
        }
        let mut out: Vec<(Option<String>, MetricsReport)> = groups
            .into_iter()
            .map(|(key, (name, members))| {
                let mut r = self.compute(&members, query.period, false);
                let n = open.get(&key).copied().unwrap_or(0);
                self.put_prospects(&mut r, &members, n, query.period);
                (Some(name), r)
            })
            .collect();
        if !empty.is_empty() {
            let mut r = self.compute(&empty, query.period, false);
            self.put_prospects(&mut r, &empty, open_empty, query.period);
            out.push((None, r));
        }
        Ok(out)
    }

    /// The report for selected account indices. `whole_base` decides
    /// whether acquisition spend serves CAC (metrics.md, precise rules).
    pub(crate) fn compute(&self, sel: &[u32], period: Period, whole_base: bool) -> MetricsReport {
        let (m1, m2) = (period.from.index(), period.to.index());
        let m0 = m1 - 1;
        let base_ttm = m2 - 12;
        let p_first_day = period.from.first_day().days();
        let p_last_day = period.to.last_day().days();
        let p_start_secs = i64::from(p_first_day) * 86_400;
        let p_end_secs = i64::from(p_last_day + 1) * 86_400;
        let cov_from = p_last_day - 89;

        let mut d = Details(BTreeMap::new());
        let mut ex = Extras::default();

        let mut mrr_sum: i64 = 0;
        let mut active: u64 = 0;
        let (mut mv_new, mut mv_react, mut mv_exp, mut mv_contr, mut mv_churn) =
            (0i64, 0i64, 0i64, 0i64, 0i64);
        let mut new_count: u64 = 0;
        let mut new_start_mrr: i64 = 0;
        let (mut acq_sum, mut acq_n) = (0i128, 0u64);
        let (mut s_n, mut s_lost, mut s_m0, mut s_m2, mut s_min) = (0u64, 0u64, 0i64, 0i64, 0i64);
        let (mut t_n, mut t_m0, mut t_m2, mut t_min) = (0u64, 0i64, 0i64, 0i64);
        let mut upsold: u64 = 0;
        let mut ltv_s = [0u64; 12];
        let mut ltv_lost = [0u64; 12];
        // Usage of m2.
        let (mut arpu_users, mut arpu_rows) = (0i64, 0u64);
        let (mut adopt, mut adopt_total, mut adopt_rows) = (0i64, 0i64, 0u64);
        let (mut util_active, mut util_lic, mut util_rows) = (0i64, 0i64, 0u64);
        // Surveys.
        let (mut nps_n, mut nps_pro, mut nps_det) = (0u64, 0u64, 0u64);
        let (mut csat_n, mut csat_good, mut csat_sum) = (0u64, 0u64, 0i64);
        let (mut ces_n, mut ces_low, mut ces_sum) = (0u64, 0u64, 0i64);
        // Onboarding.
        let mut onboard_days: Vec<f64> = Vec::new();
        let mut value_days: Vec<f64> = Vec::new();
        let mut activated: u64 = 0;
        // Tickets.
        let mut opened_in_p: u64 = 0;
        let mut frt: Vec<f64> = Vec::new();
        let mut res: Vec<f64> = Vec::new();
        let mut open_at_end: u64 = 0;
        let mut by_category = vec![0u64; self.categories.len()];
        // Activities and opportunities.
        let mut by_kind = vec![0u64; self.activity_kinds.len()];
        let mut covered: u64 = 0;
        let (mut offers_won, mut offers_lost) = (0u64, 0u64);
        let mut health = HealthCounts::default();
        let mut tally_survey = |r: &SurveyRow| {
            let s = i64::from(r.score);
            match r.kind {
                SurveyKind::Nps => {
                    nps_n += 1;
                    match nps_bucket(s) {
                        NpsBucket::Promoter => nps_pro += 1,
                        NpsBucket::Detractor => nps_det += 1,
                        NpsBucket::Passive => {}
                    }
                }
                SurveyKind::Csat => {
                    csat_n += 1;
                    csat_sum += s;
                    if s >= 4 {
                        csat_good += 1;
                    }
                }
                SurveyKind::Ces => {
                    ces_n += 1;
                    ces_sum += s;
                    if s <= 2 {
                        ces_low += 1;
                    }
                }
            }
        };
        let mut tally_ticket = |t: &TicketRow| {
            if t.opened >= p_start_secs {
                opened_in_p += 1;
                if let Some(c) = by_category.get_mut(t.category as usize) {
                    *c += 1;
                }
                if t.first_response != NONE_I64 {
                    frt.push((t.first_response - t.opened) as f64 / 3600.0);
                }
            }
            if t.resolved == NONE_I64 || t.resolved >= p_end_secs {
                open_at_end += 1;
            } else if t.resolved >= p_start_secs {
                res.push((t.resolved - t.opened) as f64 / 3600.0);
            }
        };

        for &a in sel {
            let a = a as usize;
            let now = self.mrr(a, m2);
            let active_m2 = self.active(a, m2);
            mrr_sum += now;
            if active_m2 {
                active += 1;
            }
            // Movements, month by month.
            let mut prev = self.mrr(a, m0);
            for m in m1..=m2 {
                let cur = self.mrr(a, m);
                match classify(prev, cur, self.first_positive[a] == m) {
                    Some(Movement::New(x)) => {
                        mv_new += x;
                        new_count += 1;
                        new_start_mrr += x;
                        let cost = self.acquisition_cost[a];
                        if cost != NONE_I64 {
                            acq_sum += i128::from(cost);
                            acq_n += 1;
                        }
                    }
                    Some(Movement::Reactivated(x)) => mv_react += x,
                    Some(Movement::Churned(x)) => mv_churn += x,
                    Some(Movement::Expansion(x)) => mv_exp += x,
                    Some(Movement::Contraction(x)) => mv_contr += x,
                    None => {}
                }
                prev = cur;
            }
            // Retention of the accounts active at the start.
            if self.active(a, m0) {
                let start = self.mrr(a, m0);
                s_n += 1;
                if !active_m2 {
                    s_lost += 1;
                }
                s_m0 += start;
                s_m2 += now;
                s_min += now.min(start);
                let won = self.opps.of(a).iter().any(|o| {
                    o.expansion && o.won && o.closed >= p_first_day && o.closed <= p_last_day
                });
                if won {
                    upsold += 1;
                }
            }
            if self.active(a, base_ttm) {
                let start = self.mrr(a, base_ttm);
                t_n += 1;
                t_m0 += start;
                t_m2 += now;
                t_min += now.min(start);
            }
            // One-month logo churn of the twelve months ending at m2 (LTV).
            let mut was = self.active(a, m2 - 12);
            for (k, m) in (m2 - 11..=m2).enumerate() {
                let is = self.active(a, m);
                if was {
                    ltv_s[k] += 1;
                    if !is {
                        ltv_lost[k] += 1;
                    }
                }
                was = is;
            }
            // Usage of m2.
            let rows = self.usage.of(a);
            let start = rows.partition_point(|r| r.month < m2);
            for r in rows[start..].iter().take_while(|r| r.month == m2) {
                if r.active_users != NONE_I32 {
                    arpu_users += i64::from(r.active_users);
                    arpu_rows += 1;
                }
                if r.adopters != NONE_I32 && r.total_users != NONE_I32 {
                    adopt += i64::from(r.adopters);
                    adopt_total += i64::from(r.total_users);
                    adopt_rows += 1;
                }
                if r.active_users != NONE_I32 && r.licenses != NONE_I32 {
                    util_active += i64::from(r.active_users);
                    util_lic += i64::from(r.licenses);
                    util_rows += 1;
                }
            }
            // Surveys in P.
            let surveys = self.surveys.of(a);
            let lo = surveys.partition_point(|r| r.day < p_first_day);
            let hi = surveys.partition_point(|r| r.day <= p_last_day);
            for r in &surveys[lo..hi] {
                tally_survey(r);
            }
            // Onboarding of accounts starting in P.
            let since = self.since_day[a];
            if since != NONE_I32 && since >= p_first_day && since <= p_last_day {
                ex.starting_accounts += 1;
                let onb = self.onboarded_day[a];
                if onb == NONE_I32 {
                    ex.onboarding_not_yet += 1;
                } else {
                    let days = onb - since;
                    onboard_days.push(f64::from(days));
                    if days <= self.activation_days {
                        activated += 1;
                    }
                }
                let fv = self.first_value_day[a];
                if fv == NONE_I32 {
                    ex.value_not_yet += 1;
                } else {
                    value_days.push(f64::from(fv - since));
                }
            }
            // Tickets.
            let tickets = self.tickets.of(a);
            let before_end = tickets.partition_point(|t| t.opened < p_end_secs);
            for t in &tickets[..before_end] {
                tally_ticket(t);
            }
            // Activities.
            let acts = self.activities.of(a);
            let lo = acts.partition_point(|r| r.day < p_first_day.min(cov_from));
            let hi = acts.partition_point(|r| r.day <= p_last_day);
            let mut touched = false;
            for r in &acts[lo..hi] {
                if r.day >= p_first_day
                    && let Some(c) = by_kind.get_mut(r.kind as usize)
                {
                    *c += 1;
                }
                if r.day >= cov_from {
                    touched = true;
                }
            }
            if active_m2 && touched {
                covered += 1;
            }
            // Offers closed in P.
            for o in self.opps.of(a) {
                if o.expansion
                    && o.closed != NONE_I32
                    && o.closed >= p_first_day
                    && o.closed <= p_last_day
                {
                    if o.won {
                        offers_won += 1;
                    } else if o.lost {
                        offers_lost += 1;
                    }
                }
            }
            // Health of the accounts active in m2.
            if active_m2 {
                health.add(self.cached_score(a, m2));
            }
            let acc = &self.accounts[a].account;
            if acc.churned_on.is_none() && acc.status == Some(crate::domain::AccountStatus::Churned)
            {
                ex.churned_without_date += 1;
            }
        }
        // Responses and tickets of no account: the company's, no segment's
        // (data-model.md).
        if whole_base {
            let surveys = &self.anonymous_surveys;
            let lo = surveys.partition_point(|r| r.day < p_first_day);
            let hi = surveys.partition_point(|r| r.day <= p_last_day);
            surveys[lo..hi].iter().for_each(&mut tally_survey);
            let tickets = &self.anonymous_tickets;
            let before_end = tickets.partition_point(|t| t.opened < p_end_secs);
            tickets[..before_end].iter().for_each(&mut tally_ticket);
        }

        // Revenue.
        let no_active = "no account is active in the period's last month";
        let arpa_exact = ratio(mrr_sum as f64, active as f64);
        let arpa = money_of(arpa_exact);
        d.put("arpa", &arpa, active, 0, no_active);
        let arpu = if arpu_users > 0 {
            Some(Money::from_cents(crate::domain::div_round_half_up(
                mrr_sum.into(),
                arpu_users.into(),
            ) as i64))
        } else {
            None
        };
        d.put(
            "arpu",
            &arpu,
            arpu_rows,
            0,
            "no usage records with active users in the month",
        );
        let quick_ratio = ratio(
            (mv_new + mv_exp + mv_react) as f64,
            (mv_contr + mv_churn) as f64,
        );
        d.put(
            "quick_ratio",
            &quick_ratio,
            0,
            0,
            "no contraction or churn in the period",
        );
        let no_start = "no account was active at the start of the period";
        let logo_churn_rate = ratio(s_lost as f64, s_n as f64);
        d.put(
            "logo_churn_rate",
            &logo_churn_rate,
            s_n,
            SMALL_SAMPLE,
            no_start,
        );
        let logo_retention_rate = logo_churn_rate.map(|c| 1.0 - c);
        d.put(
            "logo_retention_rate",
            &logo_retention_rate,
            s_n,
            SMALL_SAMPLE,
            no_start,
        );
        let no_start_mrr = "no MRR at the start of the period";
        let nrr = ratio(s_m2 as f64, s_m0 as f64);
        d.put("nrr", &nrr, s_n, SMALL_SAMPLE, no_start_mrr);
        let grr = ratio(s_min as f64, s_m0 as f64);
        d.put("grr", &grr, s_n, SMALL_SAMPLE, no_start_mrr);
        let no_ttm = "no MRR twelve months before the period's last month";
        let nrr_ttm = ratio(t_m2 as f64, t_m0 as f64);
        d.put("nrr_ttm", &nrr_ttm, t_n, SMALL_SAMPLE, no_ttm);
        let grr_ttm = ratio(t_min as f64, t_m0 as f64);
        d.put("grr_ttm", &grr_ttm, t_n, SMALL_SAMPLE, no_ttm);

        // LTV.
        let rates: Vec<f64> = ltv_s
            .iter()
            .zip(ltv_lost.iter())
            .filter(|(s, _)| **s > 0)
            .map(|(s, l)| *l as f64 / *s as f64)
            .collect();
        let ltv_churned: u64 = ltv_lost.iter().sum();
        let avg_churn = mean(&rates);
        let ltv_exact = match (arpa_exact, avg_churn) {
            (Some(arpa), Some(c)) if c > 0.0 => Some(arpa * self.gross_margin / c),
            _ => None,
        };
        let ltv = money_of(ltv_exact);
        let why_ltv = if arpa_exact.is_none() {
            no_active
        } else if avg_churn.is_none() {
            "no monthly logo churn rate is defined in the twelve months"
        } else {
            "no logo churn in the twelve months"
        };
        d.put("ltv", &ltv, ltv_churned, SMALL_SAMPLE_LTV_CHURNED, why_ltv);

        // CAC.
        let (cac_exact, cac_count, why_cac) = if whole_base && self.has_spend {
            let spend: i64 = (m1..=m2).filter_map(|m| self.spend.get(&m)).sum();
            (
                ratio(spend as f64, new_count as f64),
                new_count,
                "no new account in the period",
            )
        } else {
            (
                ratio(acq_sum as f64, acq_n as f64),
                acq_n,
                "no new account in the period with an acquisition cost",
            )
        };
        let cac = money_of(cac_exact);
        d.put("cac", &cac, cac_count, 0, why_cac);
        // Ratios are taken from the exact values, not from the cents shown:
        // rounding LTV and CAC first moves the ratio by a few parts per million.
        let ltv_cac = match (ltv_exact, cac_exact) {
            (Some(l), Some(c)) if c != 0.0 => Some(l / c),
            _ => None,
        };
        d.put(
            "ltv_cac",
            &ltv_cac,
            0,
            0,
            "LTV or CAC is undefined (or CAC is 0)",
        );
        let start_mrr_mean = ratio(new_start_mrr as f64, new_count as f64);
        let cac_payback_months = match (cac_exact, start_mrr_mean) {
            (Some(c), Some(s)) if s * self.gross_margin != 0.0 => Some(c / (s * self.gross_margin)),
            _ => None,
        };
        d.put(
            "cac_payback_months",
            &cac_payback_months,
            new_count,
            0,
            "CAC is undefined or no new account in the period",
        );

        // Satisfaction.
        let nps = ratio(100.0 * (nps_pro as f64 - nps_det as f64), nps_n as f64);
        d.put(
            "nps",
            &nps,
            nps_n,
            SMALL_SAMPLE,
            "no NPS response in the period",
        );
        let no_csat = "no CSAT response in the period";
        let csat = ratio(csat_good as f64, csat_n as f64);
        d.put("csat", &csat, csat_n, SMALL_SAMPLE, no_csat);
        let csat_mean = ratio(csat_sum as f64, csat_n as f64);
        d.put("csat_mean", &csat_mean, csat_n, SMALL_SAMPLE, no_csat);
        let no_ces = "no CES response in the period";
        let ces = ratio(ces_sum as f64, ces_n as f64);
        d.put("ces", &ces, ces_n, SMALL_SAMPLE, no_ces);
        let ces_low_effort = ratio(ces_low as f64, ces_n as f64);
        d.put(
            "ces_low_effort",
            &ces_low_effort,
            ces_n,
            SMALL_SAMPLE,
            no_ces,
        );

        // Onboarding.
        let n_onb = onboard_days.len() as u64;
        let time_to_onboard_days_mean = mean(&onboard_days);
        let time_to_onboard_days_median = median(&mut onboard_days);
        let no_onb = "no account starting in the period has completed onboarding";
        d.put(
            "time_to_onboard_days_median",
            &time_to_onboard_days_median,
            n_onb,
            SMALL_SAMPLE,
            no_onb,
        );
        d.put(
            "time_to_onboard_days_mean",
            &time_to_onboard_days_mean,
            n_onb,
            SMALL_SAMPLE,
            no_onb,
        );
        let activation_rate = ratio(activated as f64, ex.starting_accounts as f64);
        d.put(
            "activation_rate",
            &activation_rate,
            ex.starting_accounts,
            SMALL_SAMPLE,
            "no account started in the period",
        );
        let n_val = value_days.len() as u64;
        let time_to_value_days_median = median(&mut value_days);
        d.put(
            "time_to_value_days_median",
            &time_to_value_days_median,
            n_val,
            SMALL_SAMPLE,
            "no account starting in the period has reached first value",
        );

        // Product use.
        let adoption_rate = ratio(adopt as f64, adopt_total as f64);
        d.put(
            "adoption_rate",
            &adoption_rate,
            adopt_rows,
            0,
            "no usage records with adopters and total users in the month",
        );
        let license_utilization = ratio(util_active as f64, util_lic as f64);
        d.put(
            "license_utilization",
            &license_utilization,
            util_rows,
            0,
            "no usage records with active users and licenses in the month",
        );

        // Support.
        let tickets_per_customer = ratio(opened_in_p as f64, active as f64);
        d.put(
            "tickets_per_customer",
            &tickets_per_customer,
            opened_in_p,
            0,
            no_active,
        );
        let n_frt = frt.len() as u64;
        let first_response_hours_mean = mean(&frt);
        let first_response_hours_median = median(&mut frt);
        let no_frt = "no ticket opened in the period has a first response";
        d.put(
            "first_response_hours_median",
            &first_response_hours_median,
            n_frt,
            SMALL_SAMPLE,
            no_frt,
        );
        d.put(
            "first_response_hours_mean",
            &first_response_hours_mean,
            n_frt,
            SMALL_SAMPLE,
            no_frt,
        );
        let n_res = res.len() as u64;
        let resolution_hours_mean = mean(&res);
        let resolution_hours_median = median(&mut res);
        let no_res = "no ticket was resolved in the period";
        d.put(
            "resolution_hours_median",
            &resolution_hours_median,
            n_res,
            SMALL_SAMPLE,
            no_res,
        );
        d.put(
            "resolution_hours_mean",
            &resolution_hours_mean,
            n_res,
            SMALL_SAMPLE,
            no_res,
        );

        // Engagement and expansion.
        let touch_coverage = ratio(covered as f64, active as f64);
        d.put(
            "touch_coverage",
            &touch_coverage,
            active,
            SMALL_SAMPLE,
            no_active,
        );
        let upsell_rate = ratio(upsold as f64, s_n as f64);
        d.put("upsell_rate", &upsell_rate, s_n, SMALL_SAMPLE, no_start);
        let offer_acceptance = ratio(offers_won as f64, (offers_won + offers_lost) as f64);
        d.put(
            "offer_acceptance",
            &offer_acceptance,
            offers_won + offers_lost,
            SMALL_SAMPLE,
            "no upsell or cross-sell opportunity was won or lost in the period",
        );
        d.put("nps_responses", &Some(nps_n), nps_n, 0, "");

        ex.tickets_by_category = self
            .categories
            .iter()
            .zip(by_category)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (c.clone(), n))
            .collect();
        ex.tickets_by_category
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ex.touches_by_kind = self
            .activity_kinds
            .iter()
            .zip(by_kind)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (c.clone(), n))
            .collect();
        ex.touches_by_kind
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ex.new_accounts = new_count;
        ex.accounts_at_start = s_n;
        ex.accounts_lost = s_lost;

        let purchases = self.purchases.figures(sel, period);
        for key in super::purchases::KEYS {
            let count = match key {
                "orders" | "average_order_value" => purchases.orders,
                _ => purchases.purchasing_customers,
            };
            d.0.insert(
                key,
                Detail {
                    count,
                    small_sample: false,
                    undefined: purchases.why_undefined(key),
                },
            );
        }

        let commitments = self
            .subscriptions
            .figures(sel, period, Money::from_cents(mrr_sum));
        d.0.insert(
            "trial_conversion_rate",
            Detail {
                count: commitments.trials_ended,
                small_sample: false,
                undefined: commitments.why_undefined("trial_conversion_rate"),
            },
        );

        MetricsReport {
            period,
            currency: self.currency.clone(),
            mrr: Money::from_cents(mrr_sum),
            arr: Money::from_cents(mrr_sum * 12),
            arpa,
            arpu,
            active_accounts: active,
            prospects: 0,
            prospect_conversions: 0,
            new_mrr: Money::from_cents(mv_new),
            expansion_mrr: Money::from_cents(mv_exp),
            contraction_mrr: Money::from_cents(mv_contr),
            churned_mrr: Money::from_cents(mv_churn),
            reactivation_mrr: Money::from_cents(mv_react),
            quick_ratio,
            logo_churn_rate,
            logo_retention_rate,
            nrr,
            grr,
            nrr_ttm,
            grr_ttm,
            ltv,
            cac,
            ltv_cac,
            cac_payback_months,
            nps,
            nps_responses: nps_n,
            csat,
            csat_mean,
            ces,
            ces_low_effort,
            time_to_onboard_days_median,
            time_to_onboard_days_mean,
            activation_rate,
            time_to_value_days_median,
            adoption_rate,
            license_utilization,
            tickets_per_customer,
            first_response_hours_median,
            first_response_hours_mean,
            resolution_hours_median,
            resolution_hours_mean,
            open_tickets: open_at_end,
            touch_coverage,
            upsell_rate,
            offer_acceptance,
            health,
            purchases,
            commitments,
            details: d.0,
            extras: ex,
        }
    }
}
