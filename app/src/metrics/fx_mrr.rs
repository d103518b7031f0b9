//! MRR of subscriptions in another currency (revenue.md "Currencies"): the
//! store converts each subscription-month at its month's rate when it
//! reads the MRR rows (store/dataset_rows.rs, half-even once per
//! subscription-month); a month without a rate is named here, read beside
//! the snapshot, and makes every MRR figure of a period that reads it
//! `null` with the reason ("no USD rate for 2026-03"), never 1:1.

use super::fx::MissingRate;
use super::report::MetricsReport;
use super::{Dataset, MetricsError, Period};
use crate::domain::{Date, Money, SubscriptionTerms};
use crate::store::Store;
use crate::store::dataset_rows::StoredRates;
use std::collections::BTreeMap;

/// The keys of `metrics --json` that rest on MRR: `null` when a month they
/// read lacks a rate.
pub const MRR_KEYS: &[&str] = &[
    "mrr",
    "arr",
    "arpa",
    "arpu",
    "committed_mrr",
    "new_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churned_mrr",
    "reactivation_mrr",
    "net_new_mrr",
    "quick_ratio",
    "nrr",
    "grr",
    "revenue_churn",
    "nrr_ttm",
    "grr_ttm",
    "ltv",
    "ltv_cac",
    "cac_payback_months",
];

/// The first keys of [`MRR_KEYS`], which read the period's last month only.
const AT_END: usize = 5;

/// The months a key reads, as offsets from the period: `(from − 1)..=to`
/// for movements, retention and LTV; `(to − 12)..=to` for the TTM pair.
fn window(key: &str, period: Period) -> (i32, i32) {
    let (from, to) = (period.from.index(), period.to.index());
    match key {
        "nrr_ttm" | "grr_ttm" => (to - 12, to),
        _ => (from - 1, to),
    }
}

/// Per account index: the months (index) lacking a rate, with the rate;
/// and the subscriptions in another currency with the stored rates (the
/// committed MRR takes their cancelling MRR off in the reporting currency).
#[derive(Debug, Clone, Default)]
pub struct MissingMrr(
    BTreeMap<u32, Vec<(i32, MissingRate)>>,
    BTreeMap<u32, Vec<(SubscriptionTerms, String)>>,
    StoredRates,
);

/// Names the months of subscriptions in another currency that lack a rate.
pub(crate) fn attach(store: &Store, data: &mut Dataset) -> Result<(), MetricsError> {
    let (rates, list) = store.foreign_subscriptions()?;
    let mut out: BTreeMap<u32, Vec<(i32, MissingRate)>> = BTreeMap::new();
    let mut foreign: BTreeMap<u32, Vec<(SubscriptionTerms, String)>> = BTreeMap::new();
    // The months the MRR rows hold (store/dataset_rows.rs: open-ended ones
    // up to this month).
    let horizon = Date::today().month();
    for (id, terms, currency) in list {
        let Some(a) = data.index_of(id) else {
            continue;
        };
        foreign
            .entry(a as u32)
            .or_default()
            .push((terms, currency.clone()));
        for m in terms.months(horizon) {
            if rates.rate(&currency, m).is_none() {
                out.entry(a as u32).or_default().push((
                    m.index(),
                    MissingRate {
                        month: m,
                        currency: currency.clone(),
                    },
                ));
            }
        }
    }
    data.mrr_missing = MissingMrr(out, foreign, rates);
    Ok(())
}

/// The earliest missing rate among the accounts `sel` in months `from..=to`.
fn missing_in(data: &Dataset, sel: &[u32], from: i32, to: i32) -> Option<MissingRate> {
    sel.iter()
        .filter_map(|a| data.mrr_missing.0.get(a))
        .flat_map(|months| months.iter())
        .filter(|(m, _)| (from..=to).contains(m))
        .map(|(_, r)| r.clone())
        .min()
}

/// Marks the MRR figures of `report` that need a missing rate: MRR, ARR,
/// ARPA, ARPU and committed MRR read the period's last month; movements,
/// retention and LTV the period and the month before it; the TTM pair the
/// twelve months before its end.
pub(crate) fn mark(data: &Dataset, sel: &[u32], period: Period, report: &mut MetricsReport) {
    committed(data, sel, period, report);
    if data.mrr_missing.0.is_empty() {
        return;
    }
    let to = period.to.index();
    for (i, key) in MRR_KEYS.iter().enumerate() {
        let (from, last) = if i < AT_END {
            (to, to)
        } else {
            window(key, period)
        };
        if let Some(m) = missing_in(data, sel, from, last) {
            if let Some(metric) = super::Metric::parse(key) {
                let d = report.details.entry(metric).or_default();
                d.undefined = Some(m.sentence());
                d.small_sample = false;
            }
            report.mrr_missing.insert(key, m);
        }
    }
}

/// Committed MRR takes off the MRR of subscriptions cancelling soon
/// (metrics/commitments.rs) in their own cents; for those in another
/// currency, the converted cents the MRR rows hold instead (at the period
/// end's rate; a missing one is the end month's, marked by [`mark`]).
fn committed(data: &Dataset, sel: &[u32], period: Period, report: &mut MetricsReport) {
    let (foreign, rates) = (&data.mrr_missing.1, &data.mrr_missing.2);
    let mut own = 0i64;
    let mut converted = 0i64;
    for t in sel.iter().filter_map(|a| foreign.get(a)).flatten() {
        let (terms, currency) = t;
        let cents = terms.mrr_in(period.to).cents();
        if cents == 0 || !super::commitments::cancels_soon(terms, period) {
            continue;
        }
        own += cents;
        converted += rates
            .rate(currency, period.to)
            .map_or(cents, |r| crate::domain::convert_cents(cents, r));
    }
    if own != converted {
        let c = &mut report.commitments;
        c.cancelling_mrr = Money::from_cents(c.cancelling_mrr.cents() - own + converted);
        c.committed_mrr = Money::from_cents(c.committed_mrr.cents() + own - converted);
    }
}

/// `report` as `metrics --json` prints it: the MRR keys `null` when a
/// rate they need is missing (cli.md: `null` where undefined).
pub fn json(report: &MetricsReport) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        for key in report.mrr_missing.keys() {
            if let Some(v) = obj.get_mut(*key) {
                *v = serde_json::Value::Null;
            }
        }
    }
    value
}

/// Whether the figure under `key` is undefined for a missing rate, and why.
pub fn missing_reason<'r>(report: &'r MetricsReport, key: &str) -> Option<&'r MissingRate> {
    report.mrr_missing.get(key)
}
