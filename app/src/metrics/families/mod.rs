//! The period report, computed in one pass over the selected accounts:
//! the pass works out what every figure needs of an account once (its
//! [`Row`]: MRR at the ends, the retention base, its movements), then hands
//! the row to each metric family, one file each:
//!
//! | family | figures |
//! |---|---|
//! | [`revenue`] | MRR, ARR, ARPA, ARPU, the MRR movements, quick ratio |
//! | [`retention`] | logo churn and retention, NRR, GRR (period and trailing twelve months) |
//! | [`unit_economics`] | LTV, CAC, LTV : CAC, CAC payback |
//! | [`satisfaction`] | NPS, CSAT, CES |
//! | [`support`] | tickets per customer, first response and resolution times, open tickets |
//! | [`adoption`] | adoption rate, license utilization, onboarding and time to value |
//! | [`engagement`] | touch coverage, upsell rate, offer acceptance, health bands |
//!
//! Each family keeps its own running sums (`add`) and turns them into its
//! figures and their details (`finish`). Every classification they apply
//! (movements, survey buckets, ticket hours, onboarding days) comes from
//! [`super::classify`], shared with the series, the cohorts and the lists
//! behind a figure.

mod adoption;
mod engagement;
mod retention;
mod revenue;
mod satisfaction;
mod support;
mod unit_economics;

use super::classify::{Movement, Movements, classify};
use super::dataset::{Dataset, UsageRow};
use super::report::{Detail, MetricsReport};
use super::{Metric, Period};
use std::collections::BTreeMap;

/// The period's bounds, in every unit the families compare dates in.
pub(super) struct Pass<'a> {
    pub data: &'a Dataset,
    /// Month indices: the month before the period, its first and last.
    pub m0: i32,
    pub m1: i32,
    pub m2: i32,
    /// Day numbers of the period's first and last day.
    pub first_day: i32,
    pub last_day: i32,
    /// Epoch seconds of the period's start and of the instant after its end.
    pub start_secs: i64,
    pub end_secs: i64,
    /// Whether the selection is the whole base (not a segment): records of
    /// no account and acquisition spend count only then.
    pub whole_base: bool,
}

/// One account as every family sees it, worked out once per account.
pub(super) struct Row<'a> {
    pub a: usize,
    /// MRR(a, m2) in cents.
    pub now: i64,
    /// Active in the period's last month.
    pub active_end: bool,
    /// MRR(a, m0) when active in m0: the account is in the retention base S.
    pub start: Option<i64>,
    /// Its movements month by month over the period.
    pub moves: Movements,
    /// Its `new` movement in the period (at most one: its first paying month).
    pub new_mrr: Option<i64>,
    /// Its usage records of the period's last month.
    pub usage_end: &'a [UsageRow],
}

impl<'a> Pass<'a> {
    fn new(data: &'a Dataset, period: Period, whole_base: bool) -> Pass<'a> {
        let first_day = period.from.first_day().days();
        let last_day = period.to.last_day().days();
        Pass {
            data,
            m0: period.from.index() - 1,
            m1: period.from.index(),
            m2: period.to.index(),
            first_day,
            last_day,
            start_secs: i64::from(first_day) * 86_400,
            end_secs: i64::from(last_day + 1) * 86_400,
            whole_base,
        }
    }

    fn row(&self, a: usize) -> Row<'a> {
        let d = self.data;
        let mut moves = Movements::default();
        let mut new_mrr = None;
        let mut prev = d.mrr(a, self.m0);
        for m in self.m1..=self.m2 {
            let cur = d.mrr(a, m);
            let moved = classify(prev, cur, d.first_positive[a] == m);
            if let Some(Movement::New(x)) = moved {
                new_mrr = Some(x);
            }
            moves.add(moved);
            prev = cur;
        }
        let rows = d.usage.of(a);
        let lo = rows.partition_point(|r| r.month < self.m2);
        let hi = lo + rows[lo..].partition_point(|r| r.month == self.m2);
        Row {
            a,
            now: d.mrr(a, self.m2),
            active_end: d.active(a, self.m2),
            start: d.active(a, self.m0).then(|| d.mrr(a, self.m0)),
            moves,
            new_mrr,
            usage_end: &rows[lo..hi],
        }
    }
}

/// Records one figure's detail: its count, small when `count < threshold`,
/// and the reason when the value is undefined.
pub(super) fn note<T>(
    details: &mut BTreeMap<Metric, Detail>,
    key: Metric,
    value: &Option<T>,
    count: u64,
    threshold: u64,
    why: &str,
) {
    details.insert(
        key,
        Detail {
            count,
            small_sample: value.is_some() && count < threshold,
            undefined: value.is_none().then(|| why.to_string()),
        },
    );
}

/// `(name, count)` of the names counted at least once, most counted first
/// (ties by name).
fn counted(names: &[String], counts: Vec<u64>) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = names
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| (c.clone(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

impl Dataset {
    /// The report for selected account indices. `whole_base` decides
    /// whether acquisition spend serves CAC and whether records of no
    /// account count (metrics.md, precise rules).
    pub(crate) fn compute(&self, sel: &[u32], period: Period, whole_base: bool) -> MetricsReport {
        let p = Pass::new(self, period, whole_base);
        let mut revenue = revenue::Revenue::default();
        let mut retention = retention::Retention::default();
        let mut unit = unit_economics::UnitEconomics::default();
        let mut satisfaction = satisfaction::Satisfaction::default();
        let mut support = support::Support::new(self);
        let mut adoption = adoption::Adoption::default();
        let mut engagement = engagement::Engagement::new(self);
        for &a in sel {
            let row = p.row(a as usize);
            revenue.add(&p, &row);
            retention.add(&p, &row);
            unit.add(&p, &row);
            satisfaction.add(&p, &row);
            adoption.add(&p, &row);
            support.add(&p, &row);
            engagement.add(&p, &row);
        }
        // Responses and tickets of no account: the company's, no segment's
        // (data-model.md).
        if whole_base {
            satisfaction.add_anonymous(&p);
            support.add_anonymous(&p);
        }
        let mut r = MetricsReport::blank(period, self, self.purchases.figures(sel, period));
        let arpa_exact = revenue.finish(&mut r);
        retention.finish(&mut r);
        unit.finish(&p, arpa_exact, &mut r);
        satisfaction.finish(&mut r);
        adoption.finish(&mut r);
        support.finish(self, &mut r);
        engagement.finish(self, &mut r);
        r.note_purchases();
        r.commitments = self.subscriptions.figures(sel, period, r.mrr);
        r.note_commitments();
        r
    }
}
