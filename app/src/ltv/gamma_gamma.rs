//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV";
//! Fader & Hardie's note 025): a transaction's value is Gamma(p, ν) with
//! ν ~ Gamma(q, γ) per customer, fitted on the repeat customers' mean
//! repeat-transaction value m̄ₓ by maximum likelihood of the note's (1a).

use super::optim::{Objective, bfgs};
use super::special::{digamma, ln_gamma};
use super::summary::Summary;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

/// Repeat customers (x > 0, m̄ > 0) with the terms that do not depend on
/// the parameters summed once.
struct Data {
    /// (x, m̄) of each customer.
    xm: Vec<(f64, f64)>,
    /// (x, customers with it): the Gamma-function terms are per x.
    groups: Vec<(f64, f64)>,
    n: f64,
    /// Σ x ln m̄, Σ ln m̄, Σ x ln x.
    sum_x_ln_m: f64,
    sum_ln_m: f64,
    sum_x_ln_x: f64,
}

impl Data {
    fn new(customers: &[Summary]) -> Data {
        let xm: Vec<(f64, f64)> = customers
            .iter()
            .filter(|c| c.frequency > 0 && c.monetary > 0.0)
            .map(|c| (f64::from(c.frequency), c.monetary))
            .collect();
        let mut by_x: std::collections::BTreeMap<u64, f64> = Default::default();
        for (x, _) in &xm {
            *by_x.entry(*x as u64).or_default() += 1.0;
        }
        Data {
            groups: by_x.into_iter().map(|(x, n)| (x as f64, n)).collect(),
            n: xm.len() as f64,
            sum_x_ln_m: xm.iter().map(|(x, m)| x * m.ln()).sum(),
            sum_ln_m: xm.iter().map(|(_, m)| m.ln()).sum(),
            sum_x_ln_x: xm.iter().map(|(x, _)| x * x.ln()).sum(),
            xm,
        }
    }

    fn ll(&self, m: &GammaGamma, grad: &mut [f64; 3]) -> f64 {
        let GammaGamma { p, q, gamma } = *m;
        let (mut ll, mut dp, mut dq) = (0.0, 0.0, 0.0);
        let (lg_q, dg_q) = (ln_gamma(q), digamma(q));
        for &(x, cnt) in &self.groups {
            let px = p * x;
            ll += cnt * (ln_gamma(px + q) - ln_gamma(px) - lg_q);
            dp += cnt * x * (digamma(px + q) - digamma(px));
            dq += cnt * (digamma(px + q) - dg_q);
        }
        ll += self.n * q * gamma.ln() + p * self.sum_x_ln_m - self.sum_ln_m + p * self.sum_x_ln_x;
        dp += self.sum_x_ln_m + self.sum_x_ln_x;
        dq += self.n * gamma.ln();
        let mut dg = self.n * q / gamma;
        for &(x, mean) in &self.xm {
            let v = gamma + x * mean;
            let lv = v.ln();
            ll -= (p * x + q) * lv;
            dp -= x * lv;
            dq -= lv;
            dg -= (p * x + q) / v;
        }
        *grad = [dp, dq, dg];
        ll
    }
}

/// The log-likelihood of the repeat customers of `customers` under `m`.
pub fn log_likelihood(customers: &[Summary], m: &GammaGamma) -> f64 {
    Data::new(customers).ll(m, &mut [0.0; 3])
}

impl Objective for Data {
    fn value_and_gradient(&self, lp: &[f64], g: &mut [f64]) -> Option<f64> {
        let m = GammaGamma {
            p: lp[0].exp(),
            q: lp[1].exp(),
            gamma: lp[2].exp(),
        };
        let mut d = [0.0; 3];
        let ll = self.ll(&m, &mut d);
        let v = [m.p, m.q, m.gamma];
        for i in 0..3 {
            g[i] = -d[i] * v[i] / self.n;
        }
        let f = -ll / self.n;
        (f.is_finite() && g.iter().all(|x| x.is_finite())).then_some(f)
    }
}

/// The maximum-likelihood parameters from the repeat customers.
pub fn fit(customers: &[Summary]) -> Option<GammaGamma> {
    let data = Data::new(customers);
    if data.n == 0.0 {
        return None;
    }
    // γ starts at the mean spend, where p = q = 1 puts the population mean.
    let mean = data.xm.iter().map(|(_, m)| m).sum::<f64>() / data.n;
    let m = bfgs(&data, &[0.0, 0.0, mean.max(1e-6).ln()], 1e-8, 500)?;
    let g = GammaGamma {
        p: m.x[0].exp(),
        q: m.x[1].exp(),
        gamma: m.x[2].exp(),
    };
    // As for BG/NBD: a maximum at the edge (identical spends) is no model.
    (m.converged && m.x.iter().all(|v| v.abs() < 15.0)).then_some(g)
}

impl GammaGamma {
    /// The population's mean transaction value, γp/(q−1); none when q ≤ 1
    /// (the mean is infinite).
    pub fn population_mean(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.gamma * self.p / (self.q - 1.0))
    }

    /// E[M | x, m̄ₓ] (note 025, (5)): a weighted mean of the customer's own
    /// mean and the population's; the population's for x = 0.
    pub fn expected_value(&self, c: &Summary) -> Option<f64> {
        let population = self.population_mean()?;
        if c.frequency == 0 {
            return Some(population);
        }
        let px = self.p * f64::from(c.frequency);
        let w = px / (px + self.q - 1.0);
        Some(w * c.monetary + (1.0 - w) * population)
    }
}
