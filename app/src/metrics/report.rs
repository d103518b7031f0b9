//! The period report: every figure of `metrics --json` (cli.md) for a
//! period and a segment.

use super::dataset::Dataset;
use super::stats::round_cents;
use super::{Band, Metric, MetricsError, Period, Query};
use crate::domain::Money;
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
    /// New + expansion + reactivation − contraction − churn (not in cli.md).
    #[serde(skip)]
    pub net_new_mrr: Money,
    pub quick_ratio: Option<f64>,
    pub logo_churn_rate: Option<f64>,
    pub logo_retention_rate: Option<f64>,
    pub nrr: Option<f64>,
    pub grr: Option<f64>,
    /// Revenue churn of the period, 1 − GRR (metrics.md), computed from the
    /// exact sums: (Σ MRR at start − Σ min) / Σ MRR at start. Not in cli.md.
    #[serde(skip)]
    pub revenue_churn_rate: Option<f64>,
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
    /// Per figure: counts, small-sample flag, why undefined.
    #[serde(skip)]
    pub details: BTreeMap<Metric, Detail>,
    /// MRR figures that need a rate nobody gave (a subscription in another
    /// currency), by JSON key: each is `null` with the reason
    /// (metrics/fx_mrr.rs).
    #[serde(skip)]
    pub mrr_missing: BTreeMap<&'static str, super::MissingRate>,
    #[serde(skip)]
    pub extras: Extras,
}

impl MetricsReport {
    /// Revenue churn for the period: 1 − GRR (metrics.md).
    pub fn revenue_churn(&self) -> Option<f64> {
        self.revenue_churn_rate
    }

    /// The detail of one key (a default, empty detail when none was recorded).
    pub fn detail(&self, key: Metric) -> Detail {
        self.details.get(&key).cloned().unwrap_or_default()
    }

    /// Whether the figure `key` rests on a small sample.
    pub fn is_small_sample(&self, key: Metric) -> bool {
        self.details.get(&key).is_some_and(|d| d.small_sample)
    }
}

/// Cents, rounded half up once for display, from an exact amount.
pub(crate) fn money_of(cents: Option<f64>) -> Option<Money> {
    cents
        .filter(|c| c.is_finite())
        .map(|c| Money::from_cents(round_cents(c)))
}

impl MetricsReport {
    /// A report with every figure zero or undefined, for the families to
    /// fill in (metrics/families).
    pub(crate) fn blank(
        period: Period,
        data: &Dataset,
        purchases: super::purchases::PurchaseFigures,
    ) -> MetricsReport {
        let zero = Money::from_cents(0);
        MetricsReport {
            period,
            currency: data.currency.clone(),
            mrr: zero,
            arr: zero,
            arpa: None,
            arpu: None,
            active_accounts: 0,
            prospects: 0,
            prospect_conversions: 0,
            new_mrr: zero,
            expansion_mrr: zero,
            contraction_mrr: zero,
            churned_mrr: zero,
            reactivation_mrr: zero,
            net_new_mrr: zero,
            quick_ratio: None,
            logo_churn_rate: None,
            logo_retention_rate: None,
            nrr: None,
            grr: None,
            revenue_churn_rate: None,
            nrr_ttm: None,
            grr_ttm: None,
            ltv: None,
            cac: None,
            ltv_cac: None,
            cac_payback_months: None,
            nps: None,
            nps_responses: 0,
            csat: None,
            csat_mean: None,
            ces: None,
            ces_low_effort: None,
            time_to_onboard_days_median: None,
            time_to_onboard_days_mean: None,
            activation_rate: None,
            time_to_value_days_median: None,
            adoption_rate: None,
            license_utilization: None,
            tickets_per_customer: None,
            first_response_hours_median: None,
            first_response_hours_mean: None,
            resolution_hours_median: None,
            resolution_hours_mean: None,
            open_tickets: 0,
            touch_coverage: None,
            upsell_rate: None,
            offer_acceptance: None,
            health: HealthCounts::default(),
            purchases,
            commitments: Default::default(),
            details: BTreeMap::new(),
            mrr_missing: BTreeMap::new(),
            extras: Extras::default(),
        }
    }

    /// The details of the purchase figures (revenue.md).
    pub(crate) fn note_purchases(&mut self) {
        let p = &self.purchases;
        for key in super::purchases::KEYS {
            let Some(metric) = Metric::parse(key) else {
                continue;
            };
            let count = match metric {
                Metric::Orders | Metric::AverageOrderValue => p.orders,
                _ => p.purchasing_customers,
            };
            self.details.insert(
                metric,
                Detail {
                    count,
                    small_sample: false,
                    undefined: p.why_undefined(key),
                },
            );
        }
    }

    /// The detail of trial conversion (revenue.md).
    pub(crate) fn note_commitments(&mut self) {
        let c = &self.commitments;
        self.details.insert(
            Metric::TrialConversionRate,
            Detail {
                count: c.trials_ended,
                small_sample: false,
                undefined: c.why_undefined("trial_conversion_rate"),
            },
        );
    }
}

impl Dataset {
    /// Every figure for a period and segment (cli.md keys).
    pub fn report(&self, query: &Query) -> Result<MetricsReport, MetricsError> {
        let sel = self.select(query)?;
        let mut report = self.compute(&sel, query.period, query.filters.is_empty());
        super::fx_mrr::mark(self, &sel, query.period, &mut report);
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
                super::fx_mrr::mark(self, &members, query.period, &mut r);
                let n = open.get(&key).copied().unwrap_or(0);
                self.put_prospects(&mut r, &members, n, query.period);
                (Some(name), r)
            })
            .collect();
        if !empty.is_empty() {
            let mut r = self.compute(&empty, query.period, false);
            super::fx_mrr::mark(self, &empty, query.period, &mut r);
            self.put_prospects(&mut r, &empty, open_empty, query.period);
            out.push((None, r));
        }
        Ok(out)
    }
}
