//! Lifetime value of customers without a contract (revenue.md): BG/NBD
//! for how often each customer will buy again and whether they are still
//! "alive", Gamma-Gamma for how much they spend (Fader, Hardie & Lee 2005),
//! both fitted by maximum likelihood. No egui here: the CLI and the
//! window's worker call [`compute`].

pub mod bgnbd;
pub mod gamma_gamma;
mod optim;
pub mod simulate;
pub mod special;
pub mod summary;
#[cfg(test)]
mod tests;

use crate::domain::Date;
use crate::store::Store;
use serde::Serialize;
use std::collections::HashMap;
pub use summary::Summary;

/// Fewer repeat customers than this and no model is fitted (revenue.md).
pub const MIN_REPEATERS: usize = 20;
pub const DEFAULT_HORIZON_WEEKS: u32 = 52;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LtvOptions {
    /// Default: the latest purchase date.
    pub calibration_end: Option<Date>,
    pub horizon_weeks: u32,
}

impl Default for LtvOptions {
    fn default() -> Self {
        LtvOptions {
            calibration_end: None,
            horizon_weeks: DEFAULT_HORIZON_WEEKS,
        }
    }
}

/// The fitted parameters, as `tenure ltv --json` prints them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSummary {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    /// Gamma-Gamma's; `None` when it could not be fitted (see `spend_note`).
    pub p: Option<f64>,
    pub q: Option<f64>,
    pub gamma: Option<f64>,
    pub time_unit: &'static str,
    pub customers: usize,
    pub repeaters: usize,
    /// BG/NBD's, at the fitted parameters.
    pub log_likelihood: f64,
}

/// One customer's history and what the models expect of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerValue {
    pub external_id: String,
    #[serde(skip)]
    pub name: String,
    /// Repeat transactions (same-day purchases are one).
    pub frequency: u32,
    /// Weeks from the first to the last transaction.
    pub recency: f64,
    /// Weeks from the first transaction to the calibration end.
    pub age: f64,
    /// Mean value of the repeat transactions, reporting currency.
    pub monetary: f64,
    pub p_alive: Option<f64>,
    /// In the horizon after the calibration end.
    pub expected_purchases: Option<f64>,
    /// Expected value of one transaction (Gamma-Gamma).
    pub expected_value: Option<f64>,
    /// expected_purchases × expected_value, undiscounted, over the horizon.
    pub clv: Option<f64>,
    /// age − recency: weeks since the last transaction.
    #[serde(skip)]
    pub weeks_since_last: f64,
    /// Also has a subscription or MRR: its contractual LTV is metrics.md's,
    /// shown beside this one, never added to it.
    #[serde(skip)]
    pub contract: bool,
}

/// Why no model was fitted (the window words it in its language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoModel {
    /// Customers with a repeat transaction, fewer than [`MIN_REPEATERS`].
    TooFewRepeaters(usize),
    /// The likelihood's maximum lies at the edge of the parameters.
    Edge,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LtvReport {
    pub model: Option<ModelSummary>,
    pub no_model: Option<NoModel>,
    /// Why there is no model (or no spend model), one sentence in English.
    pub reason: Option<String>,
    /// Why Gamma-Gamma is missing when BG/NBD is there.
    pub spend_note: Option<String>,
    pub customers: Vec<CustomerValue>,
    pub calibration_end: Option<Date>,
    pub horizon_weeks: u32,
    pub currency: String,
    /// Customers left out because a purchase needs a missing exchange
    /// rate, and the earliest such rate.
    pub left_out: usize,
    pub left_out_reason: Option<String>,
    pub left_out_rate: Option<crate::metrics::MissingRate>,
}

impl LtvReport {
    /// The mean CLV over the customers that have one, with their count.
    pub fn mean_clv(&self) -> Option<(f64, usize)> {
        let values: Vec<f64> = self.customers.iter().filter_map(|c| c.clv).collect();
        (!values.is_empty()).then(|| {
            (
                values.iter().sum::<f64>() / values.len() as f64,
                values.len(),
            )
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LtvError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
}

/// Summarises every customer's purchases and fits both models.
pub fn compute(store: &Store, options: &LtvOptions) -> Result<LtvReport, LtvError> {
    let currency = store.settings().currency()?;
    let rates = crate::metrics::fx::load_rates(store, &currency)?;
    let accounts: HashMap<i64, crate::store::LtvAccount> = store
        .ltv_accounts()?
        .into_iter()
        .filter(|a| !a.prospect)
        .map(|a| (a.id, a))
        .collect();
    let mut by_account: HashMap<i64, Vec<(i32, f64)>> = HashMap::new();
    let mut missing: HashMap<i64, crate::metrics::fx::MissingRate> = HashMap::new();
    let mut latest = None;
    for f in store.purchase_facts()? {
        if !accounts.contains_key(&f.account_id) {
            continue;
        }
        let month = Date::from_days(f.day).month().index();
        match rates.rate(f.currency.as_deref(), month) {
            Ok(rate) => {
                // A statistical input, not a sum that is reported: f64 units.
                let units = f.net_cents as f64 / 100.0 * (rate as f64 / 1e10);
                by_account
                    .entry(f.account_id)
                    .or_default()
                    .push((f.day, units));
            }
            Err(m) => {
                let slot = missing.entry(f.account_id).or_insert_with(|| m.clone());
                if m < *slot {
                    *slot = m;
                }
            }
        }
        latest = latest.max(Some(f.day));
    }
    let end = options
        .calibration_end
        .map(Date::days)
        .or(latest)
        .map(Date::from_days);
    let left_out_rate = missing.values().min().cloned();
    let left_out_reason = left_out_rate.as_ref().map(|m| m.sentence());
    let left_out = missing.len();
    let mut customers: Vec<(CustomerValue, Summary)> = Vec::new();
    if let Some(end) = end {
        for (id, mut list) in by_account {
            if missing.contains_key(&id) {
                continue;
            }
            let Some(a) = accounts.get(&id) else {
                continue;
            };
            let Some(s) = summary::summarise(&mut list, end.days()) else {
                continue;
            };
            customers.push((
                CustomerValue {
                    external_id: a.external_id.clone(),
                    name: a.name.clone(),
                    frequency: s.frequency,
                    recency: s.recency,
                    age: s.age,
                    monetary: s.monetary,
                    p_alive: None,
                    expected_purchases: None,
                    expected_value: None,
                    clv: None,
                    weeks_since_last: s.age - s.recency,
                    contract: a.contract,
                },
                s,
            ));
        }
    }
    customers.sort_by(|a, b| a.0.external_id.cmp(&b.0.external_id));
    let summaries: Vec<Summary> = customers.iter().map(|c| c.1).collect();
    let fitted = fit_models(&summaries);
    let mut report = LtvReport {
        model: None,
        no_model: None,
        reason: None,
        spend_note: None,
        customers: Vec::new(),
        calibration_end: end,
        horizon_weeks: options.horizon_weeks,
        currency,
        left_out,
        left_out_reason,
        left_out_rate,
    };
    match fitted {
        Err(why) => {
            let repeaters = summaries.iter().filter(|s| s.frequency > 0).count();
            report.no_model = Some(if repeaters < MIN_REPEATERS {
                NoModel::TooFewRepeaters(repeaters)
            } else {
                NoModel::Edge
            });
            report.reason = Some(why);
        }
        Ok(f) => {
            let t = f64::from(options.horizon_weeks);
            for (c, s) in &mut customers {
                c.p_alive = Some(f.bg.p_alive(s));
                c.expected_purchases = f.bg.expected_purchases(s, t);
                c.expected_value = f.gg.and_then(|g| g.expected_value(s));
                c.clv = c
                    .expected_purchases
                    .zip(c.expected_value)
                    .map(|(n, v)| n * v);
            }
            report.spend_note = f.spend_note;
            report.model = Some(f.summary);
        }
    }
    report.customers = customers.into_iter().map(|c| c.0).collect();
    Ok(report)
}

/// Both models fitted on the same summaries.
pub struct Fitted {
    pub bg: bgnbd::BgNbd,
    pub gg: Option<gamma_gamma::GammaGamma>,
    pub summary: ModelSummary,
    pub spend_note: Option<String>,
}

/// Fits BG/NBD and Gamma-Gamma, or says in one sentence why not.
pub fn fit_models(summaries: &[Summary]) -> Result<Fitted, String> {
    let repeaters = summaries.iter().filter(|s| s.frequency > 0).count();
    if repeaters < MIN_REPEATERS {
        let who = if repeaters == 1 {
            "1 customer".to_string()
        } else {
            format!("{repeaters} customers")
        };
        return Err(format!(
            "No model: {who} bought more than once (on different days); BG/NBD and Gamma-Gamma need at least {MIN_REPEATERS}."
        ));
    }
    let Some(bg) = bgnbd::fit(summaries) else {
        return Err(
            "No model: the BG/NBD fit found no maximum inside its parameters (the customers' purchases are too alike to tell how often they buy and when they stop)."
                .to_string(),
        );
    };
    let (gg, spend_note) = match gamma_gamma::fit(summaries) {
        Some(g) if g.population_mean().is_some() => (Some(g), None),
        Some(_) => (
            None,
            Some(
                "No spend model: the fitted Gamma-Gamma has q ≤ 1, so its mean spend is unbounded."
                    .to_string(),
            ),
        ),
        None => (
            None,
            Some("No spend model: the Gamma-Gamma fit found no maximum inside its parameters (repeat purchases of too alike a value).".to_string()),
        ),
    };
    let summary = ModelSummary {
        r: bg.r,
        alpha: bg.alpha,
        a: bg.a,
        b: bg.b,
        p: gg.map(|g| g.p),
        q: gg.map(|g| g.q),
        gamma: gg.map(|g| g.gamma),
        time_unit: "week",
        customers: summaries.len(),
        repeaters,
        log_likelihood: bgnbd::log_likelihood(summaries, &bg),
    };
    Ok(Fitted {
        bg,
        gg,
        summary,
        spend_note,
    })
}
