//! Forecasts: MRR months ahead from the trailing rates of its movements,
//! with a prediction interval and a back-test; renewals by month with the
//! ARR expected to renew.
//!
//! Each month's movement rates are taken against the MRR of the month
//! before: new (with reactivation), expansion, contraction and churn. The
//! forecast compounds the mean net rate of the trailing twelve months;
//! the interval spreads with how much that rate varied month to month
//! (its standard deviation `s` over `n` months: ±1.96·s·√(k + k²/n) in
//! log terms at `k` months ahead, the second term for the uncertainty of
//! the mean itself).

use super::RiskRun;
use crate::domain::Month;
use crate::metrics::{Dataset, MetricsError, Query};
use serde::{Deserialize, Serialize};

/// Months of movements the rates are averaged over.
pub const TRAILING_MONTHS: i32 = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MrrPoint {
    pub month: Month,
    /// Cents, rounded half away from zero.
    pub mrr: i64,
    pub low: i64,
    pub high: i64,
}

/// Mean monthly rates of the trailing window (fractions of the previous
/// month's MRR) and the spread of the net rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    pub new: f64,
    pub expansion: f64,
    pub contraction: f64,
    pub churn: f64,
    pub net: f64,
    pub net_sd: f64,
    pub months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// MAPE of the forecast made 6 (12) months before the latest month
    /// over the months that followed it; `None` without enough history.
    pub mape_6m: Option<f64>,
    pub mape_12m: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenewalMonth {
    pub month: Month,
    pub accounts: u64,
    /// ARR (cents) of the active accounts whose renewal date falls in the month.
    pub due_arr: i64,
    /// Σ due ARR × (1 − churn probability); `None` without a model.
    pub expected_arr: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The latest month of actual MRR the forecast starts from.
    pub from: Month,
    pub actual_mrr: i64,
    /// Actual MRR (cents) of the months before, oldest first, up to `from`.
    #[serde(default)]
    pub past: Vec<(Month, i64)>,
    pub rates: Option<Rates>,
    pub mrr: Vec<MrrPoint>,
    pub backtest: Backtest,
    pub renewals: Vec<RenewalMonth>,
}

/// Monthly MRR and movements (cents) from `from` to `to`.
struct History {
    first: i32,
    mrr: Vec<i64>,
    /// (new + reactivation, expansion, contraction, churn) per month.
    moves: Vec<[i64; 4]>,
}

impl History {
    fn load(data: &Dataset, from: Month, to: Month) -> Result<History, MetricsError> {
        let points = data.series_without_health(&Query::range(from, to))?;
        Ok(History {
            first: from.index(),
            mrr: points.iter().map(|p| p.mrr.cents()).collect(),
            moves: points
                .iter()
                .map(|p| {
                    [
                        p.new_mrr.cents() + p.reactivation_mrr.cents(),
                        p.expansion_mrr.cents(),
                        p.contraction_mrr.cents(),
                        p.churned_mrr.cents(),
                    ]
                })
                .collect(),
        })
    }

    fn at(&self, m: i32) -> Option<usize> {
        let k = m - self.first;
        (k >= 0 && (k as usize) < self.mrr.len()).then_some(k as usize)
    }

    /// Rates of the trailing window ending at `origin`.
    fn rates(&self, origin: i32) -> Option<Rates> {
        let mut parts: Vec<[f64; 4]> = Vec::new();
        for m in origin - TRAILING_MONTHS + 1..=origin {
            let (Some(i), Some(p)) = (self.at(m), self.at(m - 1)) else {
                continue;
            };
            let base = self.mrr[p];
            if base <= 0 {
                continue;
            }
            let b = base as f64;
            let mv = self.moves[i];
            parts.push([
                mv[0] as f64 / b,
                mv[1] as f64 / b,
                mv[2] as f64 / b,
                mv[3] as f64 / b,
            ]);
        }
        if parts.len() < 3 {
            return None;
        }
        let n = parts.len() as f64;
        let mean = |j: usize| parts.iter().map(|p| p[j]).sum::<f64>() / n;
        let nets: Vec<f64> = parts.iter().map(|p| p[0] + p[1] - p[2] - p[3]).collect();
        let net = nets.iter().sum::<f64>() / n;
        let sd = (nets.iter().map(|x| (x - net).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        Some(Rates {
            new: mean(0),
            expansion: mean(1),
            contraction: mean(2),
            churn: mean(3),
            net,
            net_sd: sd,
            months: parts.len() as u32,
        })
    }
}

/// The forecast path from `start` MRR with `rates`, `months` ahead.
fn path(origin: i32, start: i64, r: &Rates, months: u32) -> Vec<MrrPoint> {
    let n = f64::from(r.months);
    let growth = (1.0 + r.net).max(0.0);
    (1..=months)
        .map(|k| {
            let kf = f64::from(k);
            let mid = start as f64 * growth.powf(kf);
            let half = 1.959_964 * r.net_sd * (kf + kf * kf / n).sqrt();
            MrrPoint {
                month: Month::from_index(origin + k as i32),
                mrr: mid.round() as i64,
                low: (mid * (-half).exp()).round() as i64,
                high: (mid * half.exp()).round() as i64,
            }
        })
        .collect()
}

/// Mean absolute percentage error of the forecast made at `origin` over
/// the months up to `latest` (months whose actual MRR is 0 are skipped).
fn mape(h: &History, origin: i32, latest: i32) -> Option<f64> {
    let start = h.at(origin).map(|i| h.mrr[i])?;
    let rates = h.rates(origin)?;
    let ahead = u32::try_from(latest - origin).ok().filter(|k| *k > 0)?;
    let errors: Vec<f64> = path(origin, start, &rates, ahead)
        .iter()
        .filter_map(|p| {
            let actual = h.mrr[h.at(p.month.index())?];
            (actual > 0).then(|| ((p.mrr - actual) as f64 / actual as f64).abs())
        })
        .collect();
    (!errors.is_empty()).then(|| errors.iter().sum::<f64>() / errors.len() as f64)
}

/// MRR `months` ahead of `latest` (default: the data's default month),
/// its back-test, and renewals in those months with the risk model's
/// probabilities when there is one.
pub fn forecast(
    data: &Dataset,
    latest: Option<Month>,
    months: u32,
    risk: Option<&RiskRun>,
) -> Result<Forecast, MetricsError> {
    let latest = latest.unwrap_or(data.default_month());
    let months = months.clamp(1, 36);
    let earliest = data.span().map_or(latest, |(a, _)| a).min(latest);
    // 12 trailing months before the back-test's furthest origin.
    let from = earliest.max(latest.plus(-(TRAILING_MONTHS + 13)));
    let h = History::load(data, from, latest)?;
    let l = latest.index();
    let actual = h.at(l).map_or(0, |i| h.mrr[i]);
    let rates = h.rates(l);
    let mrr = rates
        .as_ref()
        .map(|r| path(l, actual, r, months))
        .unwrap_or_default();
    let backtest = Backtest {
        mape_6m: mape(&h, l - 6, l),
        mape_12m: mape(&h, l - 12, l),
    };
    let past = (0..h.mrr.len())
        .map(|i| (Month::from_index(h.first + i as i32), h.mrr[i]))
        .collect();
    Ok(Forecast {
        from: latest,
        actual_mrr: actual,
        past,
        rates,
        mrr,
        backtest,
        renewals: renewals(data, latest, months, risk),
    })
}

/// Renewals due in each of the `months` after `latest`: active accounts
/// whose `renewal_on` falls in the month, their ARR at `latest`, and that
/// ARR × (1 − churn probability).
pub fn renewals(
    data: &Dataset,
    latest: Month,
    months: u32,
    risk: Option<&RiskRun>,
) -> Vec<RenewalMonth> {
    let l = latest.index();
    let probability: std::collections::HashMap<i64, f64> = risk
        .map(|r| {
            r.accounts
                .iter()
                .map(|a| (a.account_id, a.churn_probability))
                .collect()
        })
        .unwrap_or_default();
    let has_model = risk.is_some_and(|r| r.model.is_some());
    let mut out: Vec<RenewalMonth> = (1..=months as i32)
        .map(|k| RenewalMonth {
            month: Month::from_index(l + k),
            accounts: 0,
            due_arr: 0,
            expected_arr: has_model.then_some(0),
        })
        .collect();
    let mut expected = vec![0f64; out.len()];
    for (a, s) in data.accounts().iter().enumerate() {
        let Some(due) = s.account.renewal_on else {
            continue;
        };
        let k = due.month().index() - l;
        if k < 1 || k > months as i32 || !data.customer_at(a, l) {
            continue;
        }
        let arr = 12 * data.mrr(a, l).max(0);
        let slot = &mut out[(k - 1) as usize];
        slot.accounts += 1;
        slot.due_arr += arr;
        let p = probability.get(&s.id).copied().unwrap_or(0.0);
        expected[(k - 1) as usize] += arr as f64 * (1.0 - p);
    }
    for (slot, e) in out.iter_mut().zip(expected) {
        if slot.expected_arr.is_some() {
            slot.expected_arr = Some(e.round() as i64);
        }
    }
    out
}
