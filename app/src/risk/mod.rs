//! Churn risk learned from the data (shared/spec/risk.md): a probability of
//! churning within the horizon for every active account, its three
//! drivers, and a report of how well the model did on data it was not
//! trained on, beside the health score's AUC on the same rows.
//!
//! No egui here: the CLI (`tenure risk`, `tenure forecast`) and the window
//! both call [`train`] / [`forecast`] and show what they return.
//!
//! ```no_run
//! # fn demo(store: &tenure::store::Store) -> Result<(), String> {
//! let data = tenure::metrics::Dataset::load(store).map_err(|e| e.to_string())?;
//! let run = tenure::risk::train(&data, &tenure::risk::RiskOptions::default());
//! if let Some(model) = &run.model { println!("AUC {:?} vs health {:?}", model.auc, model.health_auc); }
//! # Ok(()) }
//! ```

pub mod cache;
pub mod evaluate;
pub mod features;
pub mod fit;
pub mod forecast;
mod sample;
pub mod words;

#[cfg(test)]
mod tests;

use crate::domain::Month;
use crate::metrics::Dataset;
use evaluate::Decile;
use features::{Column, Extractor};
use fit::{DEFAULT_ALPHA, Fitted};
use serde::{Deserialize, Serialize};

/// Fewer churned examples than this: no model (risk.md).
pub const MIN_CHURNED: usize = 30;
/// Default horizon in months.
pub const DEFAULT_HORIZON: u32 = 3;
/// At most this many validation months in history mode.
pub const VALIDATION_MONTHS: i32 = 6;
/// Folds of snapshot mode, and its seed.
pub const FOLDS: usize = 5;
pub const SEED: u64 = 18;
/// Rows beyond this in a training (or validation) set are sampled
/// uniformly with [`SEED`], which keeps 100k accounts × 36 months within
/// seconds while the estimates barely move.
pub const MAX_ROWS: usize = 200_000;

/// What to learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskOptions {
    /// The month the accounts are scored at (default: the data's default
    /// month); nothing after it is read.
    pub month: Option<Month>,
    pub horizon: u32,
}

impl Default for RiskOptions {
    fn default() -> Self {
        RiskOptions {
            month: None,
            horizon: DEFAULT_HORIZON,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    History,
    Snapshot,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::History => "history",
            Mode::Snapshot => "snapshot",
        }
    }
}

/// A feature and its weight (the coefficient on the standardised value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureWeight {
    pub name: String,
    pub weight: f64,
}

/// Which ranks churners better on the validation rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The model's AUC interval lies above the health score's AUC.
    ModelBetter,
    /// The health score's AUC lies above the model's interval.
    HealthBetter,
    /// The health score's AUC falls inside the model's interval.
    Similar,
    /// No health score on the validation rows to compare with.
    NoHealth,
}

/// The model's report (risk.md, "What is reported"; cli.md JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    pub mode: Mode,
    pub horizon_months: u32,
    /// The month scored.
    pub month: Month,
    /// Rows learned from (training and validation), their churned
    /// examples and churn rate.
    pub rows: u64,
    pub churned: u64,
    pub base_rate: f64,
    /// Rows the figures below are measured on (validation months or
    /// out-of-fold rows), and how many of them churned.
    pub validation_rows: u64,
    pub validation_churned: u64,
    /// `2025-01..2025-06` (months) or `5 folds`.
    pub validated_on: String,
    pub auc: Option<f64>,
    pub auc_low: Option<f64>,
    pub auc_high: Option<f64>,
    pub brier: Option<f64>,
    pub lift_top_decile: Option<f64>,
    /// AUC of 100 − health score on the validation rows that have one.
    pub health_auc: Option<f64>,
    pub health_rows: u64,
    pub verdict: Verdict,
    /// Predicted against observed churn by decile of predicted risk.
    pub deciles: Vec<Decile>,
    /// Every feature with its weight, largest |weight| first.
    pub features: Vec<FeatureWeight>,
    /// Rows sampled out (when a set exceeds [`MAX_ROWS`]).
    pub sampled: bool,
    /// The L2 strength used (history: chosen by inner cross-validation).
    pub alpha: f64,
    pub seconds: f64,
}

/// One feature's push on an account's risk (log-odds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub feature: String,
    pub effect: f64,
    /// For a number: whether the account's value is above the mean (a
    /// high value raising the risk) or below; `None` for a category.
    pub high: Option<bool>,
}

/// An account's probability of churning within the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRisk {
    pub account_id: i64,
    pub external_id: String,
    pub name: String,
    pub status: String,
    pub churn_probability: f64,
    /// Scored by a model trained without this account (snapshot mode).
    pub out_of_fold: bool,
    /// The three features that raise its risk most.
    pub drivers: Vec<Driver>,
    /// ARR at the scored month, in cents (12 × MRR).
    pub arr_cents: i64,
    /// History mode: the probability at each of the [`HISTORY_MONTHS`]
    /// months up to the scored one (oldest first; `None` where the
    /// account was not active), by the same model.
    #[serde(default)]
    pub history: Vec<Option<f32>>,
}

/// Months of probability history kept per account.
pub const HISTORY_MONTHS: i32 = 12;

/// A training's outcome: a model and the scored accounts, or the reason
/// there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskRun {
    pub model: Option<ModelReport>,
    /// Why there is no model (one sentence).
    pub no_model: Option<String>,
    pub accounts: Vec<AccountRisk>,
}

impl RiskRun {
    fn none(reason: String) -> RiskRun {
        RiskRun {
            model: None,
            no_model: Some(reason),
            accounts: Vec::new(),
        }
    }

    /// The probability of an account by its store row id.
    pub fn probability_of(&self, account_id: i64) -> Option<f64> {
        self.accounts
            .iter()
            .find(|a| a.account_id == account_id)
            .map(|a| a.churn_probability)
    }

    /// Σ ARR × probability over the scored accounts that are active, in
    /// cents (the dashboard's "ARR at risk").
    pub fn arr_at_risk_cents(&self) -> i64 {
        self.accounts
            .iter()
            .map(|a| (a.arr_cents as f64 * a.churn_probability).round() as i64)
            .sum()
    }
}

/// Rows of one set: the account, the month (history) and the outcome.
struct Rows {
    keys: Vec<(usize, Option<i32>)>,
    x: Vec<f64>,
    churned: Vec<bool>,
}

impl Rows {
    fn build(ex: &Extractor<'_>, k: usize, keys: Vec<(usize, Option<i32>, bool)>) -> Rows {
        let mut x = Vec::with_capacity(keys.len() * k);
        let mut row = Vec::with_capacity(k);
        let mut churned = Vec::with_capacity(keys.len());
        let mut out_keys = Vec::with_capacity(keys.len());
        for (a, m, c) in keys {
            ex.row(a, m, &mut row);
            x.extend_from_slice(&row);
            churned.push(c);
            out_keys.push((a, m));
        }
        Rows {
            keys: out_keys,
            x,
            churned,
        }
    }

    fn len(&self) -> usize {
        self.churned.len()
    }

    fn positives(&self) -> usize {
        self.churned.iter().filter(|&&c| c).count()
    }
}

/// Trains the model (choosing the mode from the data) and scores the
/// accounts. Never panics on any data; no model comes with its reason.
pub fn train(data: &Dataset, options: &RiskOptions) -> RiskRun {
    let clock = std::time::Instant::now();
    let horizon = options.horizon.clamp(1, 12);
    let history = if data.has_revenue() {
        history_mode(data, options.month, horizon)
    } else {
        Err(
            "the database has no MRR or subscription records, so there is no history to learn from"
                .to_string(),
        )
    };
    let mut run = match history {
        Ok(run) => run,
        Err(why_not_history) => match snapshot_mode(data, options.month, horizon) {
            Ok(run) => run,
            Err(why_not_snapshot) => RiskRun::none(format!(
                "No model: {why_not_history}; and {why_not_snapshot}."
            )),
        },
    };
    if let Some(m) = run.model.as_mut() {
        m.seconds = clock.elapsed().as_secs_f64();
    }
    run
}

/// The customers `a` of the database (prospects are not in [`Dataset`]).
fn all_accounts(data: &Dataset) -> Vec<usize> {
    (0..data.account_count()).collect()
}

fn history_mode(data: &Dataset, month: Option<Month>, h: u32) -> Result<RiskRun, String> {
    let h = h as i32;
    let last = month.unwrap_or(data.default_month()).index();
    let Some((lo, _)) = data.span() else {
        return Err("the database is empty".into());
    };
    let lo = lo.index();
    let known_to = last - h;
    let known = known_to - lo + 1;
    if known < 4 {
        return Err(format!(
            "the history has {} month(s) whose outcome {h} months later is known, and the model needs at least 4",
            known.max(0)
        ));
    }
    let v = VALIDATION_MONTHS.min(known / 3).max(1);
    let v0 = known_to - v + 1;
    // Training rows' outcomes are all known before the validation months
    // start, so no validation outcome is learned from.
    let train_to = v0 - h - 1;
    if train_to < lo {
        return Err(format!(
            "the history is too short to train on months before the validation months ({} to {})",
            Month::from_index(v0),
            Month::from_index(known_to)
        ));
    }
    data.precompute_health();
    let n = data.account_count();
    let label = |a: usize, m: i32| (m + 1..=m + h).any(|k| !data.active(a, k));
    let keys_of = |from: i32, to: i32, salt: u64| {
        let total: usize = (from..=to)
            .map(|m| (0..n).filter(|&a| data.active(a, m)).count())
            .sum();
        let keep = sample::Keep::new(total, MAX_ROWS, salt);
        let mut keys = Vec::new();
        for m in from..=to {
            for a in 0..n {
                if data.active(a, m) && keep.keeps(a as u64, m as u64) {
                    keys.push((a, Some(m), label(a, m)));
                }
            }
        }
        (keys, keep.sampled())
    };
    let (train_keys, s1) = keys_of(lo, train_to, SEED);
    let (val_keys, s2) = keys_of(v0, known_to, SEED + 1);
    let churned_total =
        train_keys.iter().filter(|k| k.2).count() + val_keys.iter().filter(|k| k.2).count();
    if churned_total < MIN_CHURNED {
        return Err(format!(
            "the history holds {churned_total} churned account-months within {h} months, and a model needs at least {MIN_CHURNED}"
        ));
    }
    let accounts = all_accounts(data);
    let cols = features::columns(data, &accounts, true);
    let k = cols.len();
    let ex = Extractor::new(data, &cols);
    let train_rows = Rows::build(&ex, k, train_keys);
    let val_rows = Rows::build(&ex, k, val_keys);
    if train_rows.positives() == 0 || train_rows.positives() == train_rows.len() {
        return Err("the training months hold only one outcome".into());
    }
    let groups: Vec<u64> = train_rows.keys.iter().map(|&(a, _)| a as u64).collect();
    let alpha = fit::choose_alpha(&train_rows.x, k, &train_rows.churned, &groups);
    let model = fit::fit(&train_rows.x, k, &train_rows.churned, alpha)?;
    let p_val: Vec<f64> = val_rows
        .x
        .chunks_exact(k.max(1))
        .map(|r| model.probability(r))
        .collect();
    // The health score on the same rows.
    let (mut hs, mut hc) = (Vec::new(), Vec::new());
    for (i, &(a, m)) in val_rows.keys.iter().enumerate() {
        if let Some(s) = m.and_then(|m| data.cached_score(a, m)) {
            hs.push(100.0 - f64::from(s));
            hc.push(val_rows.churned[i]);
        }
    }
    // Live scores: the model refitted on every month whose outcome is
    // known, applied to the customers of the scored month.
    let mut all_x = train_rows.x;
    all_x.extend_from_slice(&val_rows.x);
    let mut all_y = train_rows.churned;
    all_y.extend_from_slice(&val_rows.churned);
    let final_model = fit::fit(&all_x, k, &all_y, alpha)?;
    let mut row = Vec::with_capacity(k);
    let scored: Vec<AccountRisk> = (0..n)
        .filter(|&a| data.customer_at(a, last))
        .map(|a| {
            let history = (last - HISTORY_MONTHS + 1..=last)
                .map(|k| {
                    data.active(a, k).then(|| {
                        ex.row(a, Some(k), &mut row);
                        final_model.probability(&row) as f32
                    })
                })
                .collect();
            ex.row(a, Some(last), &mut row);
            let mut r = account_risk(data, a, last, &final_model, &cols, &row, false);
            r.history = history;
            r
        })
        .collect();
    let report = report(ReportParts {
        mode: Mode::History,
        horizon: h as u32,
        month: Month::from_index(last),
        rows: all_y.len(),
        churned: all_y.iter().filter(|&&c| c).count(),
        validated_on: format!("{}..{}", Month::from_index(v0), Month::from_index(known_to)),
        p_val: &p_val,
        y_val: &val_rows.churned,
        health: (&hs, &hc),
        weights: weights(&cols, &final_model),
        sampled: s1 || s2,
        alpha,
    });
    Ok(RiskRun {
        model: Some(report),
        no_model: None,
        accounts: scored,
    })
}

/// The snapshot mode's folds: `fold[a]` for each row, stratified by
/// outcome, shuffled with [`SEED`].
pub fn stratified_folds(churned: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = sample::SplitMix(seed);
    let mut fold = vec![0usize; churned.len()];
    for class in [true, false] {
        let mut idx: Vec<usize> = (0..churned.len())
            .filter(|&i| churned[i] == class)
            .collect();
        // Fisher–Yates
        for i in (1..idx.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            idx.swap(i, j);
        }
        for (pos, &i) in idx.iter().enumerate() {
            fold[i] = pos % k;
        }
    }
    fold
}

/// Out-of-fold probabilities: row `i` is scored by the model fitted on
/// the rows of every other fold. Returns them with each fold's model.
pub(crate) fn out_of_fold(
    x: &[f64],
    k: usize,
    churned: &[bool],
    fold: &[usize],
    folds: usize,
    alpha: f64,
) -> Result<(Vec<f64>, Vec<Fitted>), String> {
    let n = churned.len();
    let mut p = vec![0.0; n];
    let mut models = Vec::with_capacity(folds);
    for f in 0..folds {
        let train: Vec<usize> = (0..n).filter(|&i| fold[i] != f).collect();
        let mut tx = Vec::with_capacity(train.len() * k);
        let mut ty = Vec::with_capacity(train.len());
        for &i in &train {
            tx.extend_from_slice(&x[i * k..(i + 1) * k]);
            ty.push(churned[i]);
        }
        let model = fit::fit(&tx, k, &ty, alpha)?;
        for i in (0..n).filter(|&i| fold[i] == f) {
            p[i] = model.probability(&x[i * k..(i + 1) * k]);
        }
        models.push(model);
    }
    Ok((p, models))
}

fn snapshot_mode(data: &Dataset, month: Option<Month>, h: u32) -> Result<RiskRun, String> {
    let accounts = all_accounts(data);
    let keys: Vec<(usize, Option<i32>, bool)> = accounts
        .iter()
        .map(|&a| {
            (
                a,
                None,
                data.marked_churned.get(a).copied().unwrap_or(false),
            )
        })
        .collect();
    let churned = keys.iter().filter(|k| k.2).count();
    if churned < MIN_CHURNED {
        return Err(format!(
            "the accounts hold {churned} marked churned, and a snapshot model needs at least {MIN_CHURNED}"
        ));
    }
    if keys.len() - churned < MIN_CHURNED {
        return Err(format!(
            "only {} accounts are not churned, and a snapshot model needs at least {MIN_CHURNED}",
            keys.len() - churned
        ));
    }
    let cols = features::columns(data, &accounts, false);
    let k = cols.len();
    let ex = Extractor::new(data, &cols);
    let rows = Rows::build(&ex, k, keys);
    let fold = stratified_folds(&rows.churned, FOLDS, SEED);
    let (p, models) = out_of_fold(&rows.x, k, &rows.churned, &fold, FOLDS, DEFAULT_ALPHA)?;
    let full = fit::fit(&rows.x, k, &rows.churned, DEFAULT_ALPHA)?;
    let m = month.unwrap_or(data.default_month()).index();
    let scored: Vec<AccountRisk> = rows
        .keys
        .iter()
        .enumerate()
        .map(|(i, &(a, _))| {
            let row = &rows.x[i * k..(i + 1) * k];
            let mut r = account_risk(data, a, m, &models[fold[i]], &cols, row, true);
            r.churn_probability = p[i];
            r
        })
        .collect();
    let report = report(ReportParts {
        mode: Mode::Snapshot,
        horizon: h,
        month: Month::from_index(m),
        rows: rows.len(),
        churned: rows.positives(),
        validated_on: format!("{FOLDS} folds"),
        p_val: &p,
        y_val: &rows.churned,
        health: (&[], &[]),
        weights: weights(&cols, &full),
        sampled: false,
        alpha: DEFAULT_ALPHA,
    });
    Ok(RiskRun {
        model: Some(report),
        no_model: None,
        accounts: scored,
    })
}

fn account_risk(
    data: &Dataset,
    a: usize,
    m: i32,
    model: &Fitted,
    cols: &[Column],
    row: &[f64],
    out_of_fold: bool,
) -> AccountRisk {
    let s = &data.accounts()[a];
    let effects = model.effects(row);
    // A category drives risk only where the account has that value: not
    // being on the annual plan is told by the plan it is on.
    let mut order: Vec<usize> = (0..effects.len())
        .filter(|&j| effects[j] > 0.0)
        .filter(|&j| !matches!(cols[j], Column::Category { .. }) || row[j] == 1.0)
        .collect();
    order.sort_by(|&x, &y| effects[y].total_cmp(&effects[x]));
    AccountRisk {
        account_id: s.id,
        external_id: s.account.external_id.clone(),
        name: s.account.name.clone(),
        status: s.account.effective_status().name().to_string(),
        churn_probability: model.probability(row),
        out_of_fold,
        drivers: order
            .into_iter()
            .take(3)
            .map(|j| Driver {
                feature: cols[j].name(),
                effect: effects[j],
                high: match cols[j] {
                    Column::Category { .. } => None,
                    _ => Some(model.scaler.z(j, row[j]) > 0.0),
                },
            })
            .collect(),
        arr_cents: 12 * data.mrr(a, m).max(0),
        history: Vec::new(),
    }
}

fn weights(cols: &[Column], model: &Fitted) -> Vec<FeatureWeight> {
    let mut w: Vec<FeatureWeight> = cols
        .iter()
        .zip(&model.coef)
        .enumerate()
        // A constant column carries no information.
        .filter(|(j, _)| model.scaler.sd[*j] > 0.0)
        .map(|(_, (c, w))| FeatureWeight {
            name: c.name(),
            weight: *w,
        })
        .collect();
    w.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    w
}

struct ReportParts<'a> {
    mode: Mode,
    horizon: u32,
    month: Month,
    rows: usize,
    churned: usize,
    validated_on: String,
    p_val: &'a [f64],
    y_val: &'a [bool],
    health: (&'a [f64], &'a [bool]),
    weights: Vec<FeatureWeight>,
    sampled: bool,
    alpha: f64,
}

fn report(p: ReportParts<'_>) -> ModelReport {
    let auc = evaluate::auc(p.p_val, p.y_val);
    let health_auc = evaluate::auc(p.health.0, p.health.1).map(|a| a.auc);
    let verdict = match (auc, health_auc) {
        (Some(a), Some(h)) if h < a.low => Verdict::ModelBetter,
        (Some(a), Some(h)) if h > a.high => Verdict::HealthBetter,
        (Some(_), Some(_)) => Verdict::Similar,
        _ => Verdict::NoHealth,
    };
    ModelReport {
        mode: p.mode,
        horizon_months: p.horizon,
        month: p.month,
        rows: p.rows as u64,
        churned: p.churned as u64,
        base_rate: if p.rows > 0 {
            p.churned as f64 / p.rows as f64
        } else {
            0.0
        },
        validation_rows: p.y_val.len() as u64,
        validation_churned: p.y_val.iter().filter(|&&c| c).count() as u64,
        validated_on: p.validated_on,
        auc: auc.map(|a| a.auc),
        auc_low: auc.map(|a| a.low),
        auc_high: auc.map(|a| a.high),
        brier: evaluate::brier(p.p_val, p.y_val),
        lift_top_decile: evaluate::lift_top_decile(p.p_val, p.y_val),
        health_auc,
        health_rows: p.health.0.len() as u64,
        verdict,
        deciles: evaluate::deciles(p.p_val, p.y_val),
        features: p.weights,
        sampled: p.sampled,
        alpha: p.alpha,
        seconds: 0.0,
    }
}
