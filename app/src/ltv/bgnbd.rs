//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
//! way"): while alive a customer buys as a Poisson process of rate λ ~
//! Gamma(r, α); after each purchase they drop out with probability
//! p ~ Beta(a, b). Fitted by maximum likelihood of the paper's equation (6).

use super::optim::{Objective, bfgs};
use super::special::hyp2f1;
use super::summary::Summary;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// The summaries in the columns the likelihood reads, with the
/// frequencies grouped: the Gamma-function terms of integer x are finite
/// sums, the same for every customer of that frequency.
struct Data<'a> {
    customers: &'a [Summary],
    /// (frequency, customers with it), ascending.
    groups: Vec<(u32, f64)>,
    n: f64,
}

impl<'a> Data<'a> {
    fn new(customers: &'a [Summary]) -> Data<'a> {
        let max = customers.iter().map(|c| c.frequency).max().unwrap_or(0) as usize;
        let mut counts = vec![0u64; max + 1];
        for c in customers {
            counts[c.frequency as usize] += 1;
        }
        let groups = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(x, n)| (x as u32, *n as f64))
            .collect();
        Data {
            customers,
            groups,
            n: customers.len() as f64,
        }
    }

    /// The log-likelihood at `m` and its gradient in (r, α, a, b).
    fn ll(&self, m: &BgNbd, grad: &mut [f64; 4]) -> f64 {
        let BgNbd { r, alpha, a, b } = *m;
        let (mut ll, mut dr, mut dal, mut da, mut db) = (0.0, 0.0, 0.0, 0.0, 0.0);
        // ln Γ(r+x) − ln Γ(r) = Σ_{k<x} ln(r+k); likewise for b and a+b.
        let (mut k, mut sr, mut sdr, mut sb, mut sdb, mut sab, mut sdab) =
            (0u32, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, cnt) in &self.groups {
            while k < x {
                let kf = f64::from(k);
                sr += (r + kf).ln();
                sdr += 1.0 / (r + kf);
                sb += (b + kf).ln();
                sdb += 1.0 / (b + kf);
                sab += (a + b + kf).ln();
                sdab += 1.0 / (a + b + kf);
                k += 1;
            }
            ll += cnt * (sr + sb - sab);
            dr += cnt * sdr;
            db += cnt * (sdb - sdab);
            da -= cnt * sdab;
        }
        let ln_alpha = alpha.ln();
        ll += self.n * r * ln_alpha;
        dr += self.n * ln_alpha;
        dal += self.n * r / alpha;
        let ln_a = a.ln();
        for c in self.customers {
            let x = f64::from(c.frequency);
            let rx = r + x;
            let l_at = (alpha + c.age).ln();
            let l3 = -rx * l_at;
            if c.frequency == 0 {
                ll += l3;
                dr -= l_at;
                dal -= rx / (alpha + c.age);
                continue;
            }
            let l_rec = (alpha + c.recency).ln();
            let bx = b + x - 1.0;
            let l4 = ln_a - bx.ln() - rx * l_rec;
            // ln(e^l3 + e^l4) without overflow, and each term's share.
            let (hi, lo) = if l3 > l4 { (l3, l4) } else { (l4, l3) };
            let e = (lo - hi).exp();
            ll += hi + e.ln_1p();
            let share_lo = e / (1.0 + e);
            let (p3, p4) = if l3 > l4 {
                (1.0 - share_lo, share_lo)
            } else {
                (share_lo, 1.0 - share_lo)
            };
            dr -= p3 * l_at + p4 * l_rec;
            dal -= rx * (p3 / (alpha + c.age) + p4 / (alpha + c.recency));
            da += p4 / a;
            db -= p4 / bx;
        }
        *grad = [dr, dal, da, db];
        ll
    }
}

/// The log-likelihood of `customers` under `m` (the paper's equation (6), summed).
pub fn log_likelihood(customers: &[Summary], m: &BgNbd) -> f64 {
    Data::new(customers).ll(m, &mut [0.0; 4])
}

/// Mean negative log-likelihood over log-parameters (what is minimised).
impl Objective for Data<'_> {
    fn value_and_gradient(&self, lp: &[f64], g: &mut [f64]) -> Option<f64> {
        let m = BgNbd {
            r: lp[0].exp(),
            alpha: lp[1].exp(),
            a: lp[2].exp(),
            b: lp[3].exp(),
        };
        let mut d = [0.0; 4];
        let ll = self.ll(&m, &mut d);
        let p = [m.r, m.alpha, m.a, m.b];
        for i in 0..4 {
            g[i] = -d[i] * p[i] / self.n;
        }
        let v = -ll / self.n;
        (v.is_finite() && g.iter().all(|x| x.is_finite())).then_some(v)
    }
}

/// The maximum-likelihood parameters, or `None` when the search fails.
pub fn fit(customers: &[Summary]) -> Option<BgNbd> {
    if customers.is_empty() {
        return None;
    }
    let data = Data::new(customers);
    // α starts at a tenth of the longest age (lifetimes' scaled start).
    let age = customers
        .iter()
        .map(|c| c.age)
        .fold(0.0, f64::max)
        .max(1e-3);
    let start = [0.0, (age / 10.0).ln(), 0.0, 0.0];
    let m = bfgs(&data, &start, 1e-8, 500)?;
    let p = BgNbd {
        r: m.x[0].exp(),
        alpha: m.x[1].exp(),
        a: m.x[2].exp(),
        b: m.x[3].exp(),
    };
    // A maximum at the edge (a parameter below e^-15 or above e^15) says the
    // purchases cannot tell the mixture apart: no model rather than one
    // whose predictions overflow.
    let ok = m.x.iter().all(|v| v.abs() < 15.0);
    (m.converged && ok).then_some(p)
}

impl BgNbd {
    /// P(alive at the calibration end | x, t_x, T) (Fader, Hardie & Lee,
    /// note 021): 1 for a customer with no repeat purchase.
    pub fn p_alive(&self, c: &Summary) -> f64 {
        if c.frequency == 0 {
            return 1.0;
        }
        let x = f64::from(c.frequency);
        let odds = self.a / (self.b + x - 1.0)
            * ((self.alpha + c.age) / (self.alpha + c.recency)).powf(self.r + x);
        1.0 / (1.0 + odds)
    }

    /// E[X(t) | x, t_x, T]: expected purchases in the `t` weeks after the
    /// calibration end (the paper's equation (10)). The ₂F₁ is taken in
    /// Euler's form, (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z), whose parameters no
    /// longer grow with x: no overflow for heavy buyers.
    pub fn expected_purchases(&self, c: &Summary, t: f64) -> Option<f64> {
        let BgNbd { r, alpha, a, b } = *self;
        let x = f64::from(c.frequency);
        let z = t / (alpha + c.age + t);
        let hyp = hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)?;
        let second = 1.0 - (1.0 - z).powf(a - 1.0) * hyp;
        let first = (a + b + x - 1.0) / (a - 1.0);
        let denominator = if c.frequency > 0 {
            1.0 + a / (b + x - 1.0) * ((alpha + c.age) / (alpha + c.recency)).powf(r + x)
        } else {
            1.0
        };
        let e = first * second / denominator;
        e.is_finite().then_some(e.max(0.0))
    }
}
