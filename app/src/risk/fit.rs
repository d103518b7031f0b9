//! Standardisation, the L2 logistic regression (linfa-logistic) and the
//! calibration of its intercept.

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};

/// The L2 strength: linfa minimises Σ log-loss + α/2·‖w‖² (intercept not
/// penalised), the objective of scikit-learn's `LogisticRegression(C = 1/α)`.
/// α = 1 is that library's documented default (C = 1); on standardised
/// features and thousands of rows it shrinks little, while keeping rare
/// categories from running away.
pub const DEFAULT_ALPHA: f64 = 1.0;

/// Means and spreads of the training rows, to standardise any row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scaler {
    pub mean: Vec<f64>,
    /// Standard deviation; 0 for a constant column (which then reads 0).
    pub sd: Vec<f64>,
}

impl Scaler {
    /// From rows of `k` columns (NaN = missing, skipped).
    pub fn fit(rows: &[f64], k: usize) -> Scaler {
        let mut n = vec![0f64; k];
        let mut sum = vec![0f64; k];
        let mut sq = vec![0f64; k];
        for row in rows.chunks_exact(k) {
            for (j, &v) in row.iter().enumerate() {
                if v.is_finite() {
                    n[j] += 1.0;
                    sum[j] += v;
                    sq[j] += v * v;
                }
            }
        }
        let mean: Vec<f64> = (0..k)
            .map(|j| if n[j] > 0.0 { sum[j] / n[j] } else { 0.0 })
            .collect();
        let sd = (0..k)
            .map(|j| {
                if n[j] < 2.0 {
                    return 0.0;
                }
                let var = (sq[j] / n[j] - mean[j] * mean[j]).max(0.0);
                let sd = var.sqrt();
                if sd > 1e-9 { sd } else { 0.0 }
            })
            .collect();
        Scaler { mean, sd }
    }

    /// The standardised value of column `j` (missing: the mean, so 0).
    #[inline]
    pub fn z(&self, j: usize, v: f64) -> f64 {
        let sd = self.sd[j];
        if !v.is_finite() || sd == 0.0 {
            0.0
        } else {
            (v - self.mean[j]) / sd
        }
    }

    pub fn matrix(&self, rows: &[f64], k: usize) -> Array2<f64> {
        let n = rows.len() / k.max(1);
        Array2::from_shape_fn((n, k), |(i, j)| self.z(j, rows[i * k + j]))
    }
}

/// A fitted model on standardised features.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fitted {
    pub scaler: Scaler,
    /// Coefficients of the standardised columns (log-odds of churn per
    /// standard deviation).
    pub coef: Vec<f64>,
    pub intercept: f64,
}

impl Fitted {
    /// Log-odds of churn of a raw row.
    pub fn logit(&self, row: &[f64]) -> f64 {
        self.intercept
            + row
                .iter()
                .enumerate()
                .map(|(j, &v)| self.coef[j] * self.scaler.z(j, v))
                .sum::<f64>()
    }

    pub fn probability(&self, row: &[f64]) -> f64 {
        sigmoid(self.logit(row))
    }

    /// Each column's effect on the log-odds: coefficient × standardised value.
    pub fn effects(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .enumerate()
            .map(|(j, &v)| self.coef[j] * self.scaler.z(j, v))
            .collect()
    }
}

pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Fits the L2 logistic regression of `churned` on `x` (already numbers;
/// the caller standardises). Returns coefficients and intercept on the
/// log-odds of churn, whichever label linfa takes as its positive class
/// (it takes the more frequent one, retained accounts here, so its signs
/// are turned round when so).
pub fn logistic(x: &Array2<f64>, churned: &[bool], alpha: f64) -> Result<(Vec<f64>, f64), String> {
    if churned.iter().all(|&c| c) || churned.iter().all(|&c| !c) {
        return Err("the training rows hold only one outcome".into());
    }
    let y: Array1<bool> = churned.iter().copied().collect();
    let data = Dataset::new(x.clone(), y);
    let model = LogisticRegression::default()
        .alpha(alpha)
        .with_intercept(true)
        .max_iterations(300)
        .gradient_tolerance(1e-6)
        .fit(&data)
        .map_err(|e| format!("the regression did not fit ({e})"))?;
    let sign = if model.labels().pos.class { 1.0 } else { -1.0 };
    let coef: Vec<f64> = model.params().iter().map(|w| sign * w).collect();
    Ok((coef, sign * model.intercept()))
}

/// Fits on raw rows: standardises, regresses, then calibrates the
/// intercept so that the mean probability on the training rows equals
/// their churn rate (risk.md: calibrated).
pub fn fit(rows: &[f64], k: usize, churned: &[bool], alpha: f64) -> Result<Fitted, String> {
    let scaler = Scaler::fit(rows, k);
    let x = scaler.matrix(rows, k);
    let (coef, intercept) = logistic(&x, churned, alpha)?;
    let mut fitted = Fitted {
        scaler,
        coef,
        intercept,
    };
    let z: Vec<f64> = x
        .outer_iter()
        .map(|r| r.iter().zip(&fitted.coef).map(|(v, w)| v * w).sum::<f64>())
        .collect();
    fitted.intercept = calibrate(&z, fitted.intercept, churned);
    Ok(fitted)
}

/// The intercept `b` at which mean σ(z + b) equals the churn rate
/// (Newton's method; the mean is increasing in `b`).
pub fn calibrate(z: &[f64], start: f64, churned: &[bool]) -> f64 {
    let n = z.len().max(1) as f64;
    let target = churned.iter().filter(|&&c| c).count() as f64 / n;
    let mut b = start;
    for _ in 0..50 {
        let (mut mean, mut slope) = (0.0, 0.0);
        for &v in z {
            let p = sigmoid(v + b);
            mean += p;
            slope += p * (1.0 - p);
        }
        mean /= n;
        slope /= n;
        let gap = mean - target;
        if gap.abs() < 1e-12 || slope <= 0.0 {
            break;
        }
        b -= (gap / slope).clamp(-5.0, 5.0);
    }
    b
}

/// L2 strengths tried by [`choose_alpha`].
pub const ALPHAS: [f64; 4] = [1.0, 10.0, 100.0, 1000.0];
/// Rows the inner cross-validation uses at most (sampled by group).
const INNER_ROWS: usize = 60_000;

/// The L2 strength of [`ALPHAS`] with the lowest held-out log-loss in a
/// 3-fold inner cross-validation on the training rows, folds made by
/// `group` (the account) so that no account is on both sides.
/// [`DEFAULT_ALPHA`] when no candidate can be fitted.
pub fn choose_alpha(rows: &[f64], k: usize, churned: &[bool], group: &[u64]) -> f64 {
    let n = churned.len();
    let keep = super::sample::Keep::new(n, INNER_ROWS, 0x5EED);
    let idx: Vec<usize> = (0..n).filter(|&i| keep.keeps(group[i], i as u64)).collect();
    let fold = |i: usize| (super::sample::mix_pub(group[i] ^ 0xF01D) % 3) as usize;
    let mut best = (f64::INFINITY, DEFAULT_ALPHA);
    for alpha in ALPHAS {
        let mut loss = 0.0;
        let mut count = 0usize;
        let mut ok = true;
        for f in 0..3 {
            let (mut tx, mut ty, mut vx, mut vy) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for &i in &idx {
                let r = &rows[i * k..(i + 1) * k];
                if fold(i) == f {
                    vx.extend_from_slice(r);
                    vy.push(churned[i]);
                } else {
                    tx.extend_from_slice(r);
                    ty.push(churned[i]);
                }
            }
            let Ok(model) = fit(&tx, k, &ty, alpha) else {
                ok = false;
                break;
            };
            for (r, &y) in vx.chunks_exact(k.max(1)).zip(&vy) {
                let p = model.probability(r).clamp(1e-12, 1.0 - 1e-12);
                loss -= if y { p.ln() } else { (1.0 - p).ln() };
                count += 1;
            }
        }
        if ok && count > 0 && loss / (count as f64) < best.0 {
            best = (loss / count as f64, alpha);
        }
    }
    best.1
}
