//! Standardisation, the L2 logistic regression (Newton's method on the
//! exact Hessian) and the calibration of its intercept.

/// The L2 strength: the fit minimises Σ log-loss + α/2·‖w‖² (intercept not
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

    /// Every row standardised, row-major like `rows`.
    pub fn standardise(&self, rows: &[f64], k: usize) -> Vec<f64> {
        let k = k.max(1);
        rows.chunks_exact(k)
            .flat_map(|r| r.iter().enumerate().map(|(j, &v)| self.z(j, v)))
            .collect()
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

/// Newton iterations at most; an L2 fit needs about ten.
const MAX_NEWTON: usize = 100;

/// Fits the L2 logistic regression of `churned` on the standardised
/// row-major `x` (`k` columns) by Newton's method with the exact Hessian
/// and a backtracking line search, from `start` (`k` weights then the
/// intercept) or zero. Returns the weights and intercept on the log-odds
/// of churn, and the iterations taken.
///
/// Why not an L-BFGS crate: linfa-logistic took 90 s for one fit of 400k
/// rows × 56 columns (300 iterations without converging, each over all
/// rows); Newton converges quadratically in about ten passes, each
/// costing n·k²/2, split over the cores.
pub fn logistic(
    x: &[f64],
    k: usize,
    churned: &[bool],
    alpha: f64,
    start: Option<&[f64]>,
) -> Result<(Vec<f64>, f64, usize), String> {
    let n = churned.len();
    if x.len() != n * k {
        return Err("the training rows do not match their outcomes".into());
    }
    if churned.iter().all(|&c| c) || churned.iter().all(|&c| !c) {
        return Err("the training rows hold only one outcome".into());
    }
    let k1 = k + 1;
    let mut beta = match start {
        Some(s) if s.len() == k1 && s.iter().all(|v| v.is_finite()) => s.to_vec(),
        _ => vec![0.0; k1],
    };
    // Stop when every partial derivative of the summed objective is below
    // this: per row 1e-9, far below what moves a probability.
    let tolerance = 1e-9 * n.max(1) as f64;
    let mut iterations = 0;
    let mut pass = newton_pass(x, k, churned, &beta, alpha);
    while iterations < MAX_NEWTON {
        let worst = pass.gradient.iter().fold(0.0f64, |m, g| m.max(g.abs()));
        if worst <= tolerance {
            break;
        }
        iterations += 1;
        let step = solve(&pass.hessian, &pass.gradient, k1)
            .ok_or("the regression did not fit (its Hessian is singular)")?;
        // Backtracking (Armijo): halve the step until the objective falls.
        let slope: f64 = pass.gradient.iter().zip(&step).map(|(g, d)| g * d).sum();
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, d)| b - t * d).collect();
            let f = objective(x, k, churned, &trial, alpha);
            if f <= pass.objective - 1e-4 * t * slope {
                beta = trial;
                accepted = true;
                break;
            }
            t *= 0.5;
        }
        if !accepted {
            // No descent left at machine precision: this is the optimum.
            break;
        }
        pass = newton_pass(x, k, churned, &beta, alpha);
    }
    if beta.iter().any(|v| !v.is_finite()) {
        return Err("the regression did not fit (its weights diverged)".into());
    }
    let intercept = beta[k];
    beta.truncate(k);
    Ok((beta, intercept, iterations))
}

/// The objective, its gradient and its Hessian at `beta`.
struct Pass {
    objective: f64,
    gradient: Vec<f64>,
    /// Row-major (k+1)²; only the lower triangle is filled.
    hessian: Vec<f64>,
}

/// log(1 + eᶻ) without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

fn penalty(beta: &[f64], k: usize, alpha: f64) -> f64 {
    0.5 * alpha * beta[..k].iter().map(|w| w * w).sum::<f64>()
}

fn eta(row: &[f64], beta: &[f64], k: usize) -> f64 {
    beta[k] + row.iter().zip(&beta[..k]).map(|(v, w)| v * w).sum::<f64>()
}

fn objective(x: &[f64], k: usize, y: &[bool], beta: &[f64], alpha: f64) -> f64 {
    let loss: f64 = x
        .chunks_exact(k.max(1))
        .zip(y)
        .map(|(row, &c)| {
            let z = eta(row, beta, k);
            softplus(z) - if c { z } else { 0.0 }
        })
        .sum();
    loss + penalty(beta, k, alpha)
}

/// One pass over the rows, split across the cores.
fn newton_pass(x: &[f64], k: usize, y: &[bool], beta: &[f64], alpha: f64) -> Pass {
    let k1 = k + 1;
    let n = y.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8)
        .min(n.div_ceil(20_000).max(1));
    let chunk = n.div_ceil(threads).max(1);
    let part = |lo: usize, hi: usize| -> Pass {
        let mut out = Pass {
            objective: 0.0,
            gradient: vec![0.0; k1],
            hessian: vec![0.0; k1 * k1],
        };
        let mut ext = vec![1.0; k1];
        for i in lo..hi {
            let row = &x[i * k..(i + 1) * k];
            ext[..k].copy_from_slice(row);
            let z = eta(row, beta, k);
            let p = sigmoid(z);
            let c = y[i];
            out.objective += softplus(z) - if c { z } else { 0.0 };
            let r = p - f64::from(u8::from(c));
            for (g, v) in out.gradient.iter_mut().zip(&ext) {
                *g += r * v;
            }
            let w = (p * (1.0 - p)).max(1e-12);
            for a in 0..k1 {
                let s = w * ext[a];
                let h = &mut out.hessian[a * k1..a * k1 + a + 1];
                for (hb, vb) in h.iter_mut().zip(&ext[..=a]) {
                    *hb += s * vb;
                }
            }
        }
        out
    };
    let parts: Vec<Pass> = if threads == 1 {
        vec![part(0, n)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (lo, hi) = (t * chunk, ((t + 1) * chunk).min(n));
                    scope.spawn(move || part(lo, hi))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| part(0, 0)))
                .collect()
        })
    };
    let mut total = Pass {
        objective: penalty(beta, k, alpha),
        gradient: vec![0.0; k1],
        hessian: vec![0.0; k1 * k1],
    };
    for p in &parts {
        total.objective += p.objective;
        for (a, b) in total.gradient.iter_mut().zip(&p.gradient) {
            *a += b;
        }
        for (a, b) in total.hessian.iter_mut().zip(&p.hessian) {
            *a += b;
        }
    }
    for (g, b) in total.gradient.iter_mut().zip(&beta[..k]) {
        *g += alpha * b;
    }
    for j in 0..k {
        total.hessian[j * k1 + j] += alpha;
    }
    total
}

/// Solves H·d = g for the symmetric positive definite `h` (lower triangle
/// of a row-major m×m) by Cholesky.
fn solve(h: &[f64], g: &[f64], m: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..=i {
            let mut sum = h[i * m + j];
            for t in 0..j {
                sum -= l[i * m + t] * l[j * m + t];
            }
            if i == j {
                if sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i * m + i] = sum.sqrt();
            } else {
                l[i * m + j] = sum / l[j * m + j];
            }
        }
    }
    let mut y = vec![0.0; m];
    for i in 0..m {
        let s: f64 = (0..i).map(|t| l[i * m + t] * y[t]).sum();
        y[i] = (g[i] - s) / l[i * m + i];
    }
    let mut d = vec![0.0; m];
    for i in (0..m).rev() {
        let s: f64 = (i + 1..m).map(|t| l[t * m + i] * d[t]).sum();
        d[i] = (y[i] - s) / l[i * m + i];
    }
    Some(d)
}

/// Fits on raw rows: standardises, regresses, then calibrates the
/// intercept so that the mean probability on the training rows equals
/// their churn rate (risk.md: calibrated).
pub fn fit(rows: &[f64], k: usize, churned: &[bool], alpha: f64) -> Result<Fitted, String> {
    fit_from(rows, k, churned, alpha, None).map(|(f, _)| f)
}

/// [`fit`] from a starting point (weights then intercept, on the
/// standardised columns); also returns the uncalibrated solution, the
/// start of a neighbouring fit.
pub fn fit_from(
    rows: &[f64],
    k: usize,
    churned: &[bool],
    alpha: f64,
    start: Option<&[f64]>,
) -> Result<(Fitted, Vec<f64>), String> {
    let scaler = Scaler::fit(rows, k);
    let x = scaler.standardise(rows, k);
    let (coef, intercept, _) = logistic(&x, k, churned, alpha, start)?;
    let mut solution = coef.clone();
    solution.push(intercept);
    let z: Vec<f64> = x
        .chunks_exact(k.max(1))
        .map(|r| r.iter().zip(&coef).map(|(v, w)| v * w).sum::<f64>())
        .collect();
    let intercept = calibrate(&z, intercept, churned);
    Ok((
        Fitted {
            scaler,
            coef,
            intercept,
        },
        solution,
    ))
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
    // Per fold, the strengths are fitted in turn, each from the previous
    // one's solution: Newton then needs a few steps instead of ten.
    let mut loss = [0.0f64; ALPHAS.len()];
    let mut count = 0usize;
    let mut ok = [true; ALPHAS.len()];
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
        count += vy.len();
        let mut start: Option<Vec<f64>> = None;
        for (a, &alpha) in ALPHAS.iter().enumerate() {
            let Ok((model, solution)) = fit_from(&tx, k, &ty, alpha, start.as_deref()) else {
                ok[a] = false;
                continue;
            };
            start = Some(solution);
            for (r, &y) in vx.chunks_exact(k.max(1)).zip(&vy) {
                let p = model.probability(r).clamp(1e-12, 1.0 - 1e-12);
                loss[a] -= if y { p.ln() } else { (1.0 - p).ln() };
            }
        }
    }
    let mut best = (f64::INFINITY, DEFAULT_ALPHA);
    for (a, &alpha) in ALPHAS.iter().enumerate() {
        if ok[a] && count > 0 && loss[a] / (count as f64) < best.0 {
            best = (loss[a] / count as f64, alpha);
        }
    }
    best.1
}
