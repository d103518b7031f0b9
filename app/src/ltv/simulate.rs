//! Customers drawn from the models themselves (deterministic, seeded):
//! the benchmark's 100k customers and a recovery test of the fit.

use super::bgnbd::BgNbd;
use super::gamma_gamma::GammaGamma;
use super::summary::Summary;

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // (0, 1): never 0, so logs are finite.
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next(), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Gamma(shape, 1) (Marsaglia & Tsang; shape < 1 by the u^(1/shape) boost).
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.next();
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.next();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

/// `n` customers, each first buying at week 0 and observed for 26–78
/// weeks, buying and dropping out as BG/NBD says, spending as
/// Gamma-Gamma says.
pub fn customers(n: usize, bg: &BgNbd, gg: &GammaGamma, seed: u64) -> Vec<Summary> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let age = 26.0 + 52.0 * rng.next();
            let lambda = rng.gamma(bg.r) / bg.alpha;
            let (ga, gb) = (rng.gamma(bg.a), rng.gamma(bg.b));
            let p = ga / (ga + gb);
            let nu = rng.gamma(gg.q) / gg.gamma;
            let (mut t, mut x, mut last, mut spent) = (0.0, 0u32, 0.0, 0.0);
            loop {
                t += -rng.next().ln() / lambda;
                if t > age {
                    break;
                }
                x += 1;
                last = t;
                spent += rng.gamma(gg.p) / nu;
                if rng.next() < p {
                    break;
                }
            }
            Summary {
                frequency: x,
                recency: last,
                age,
                monetary: if x > 0 { spent / f64::from(x) } else { 0.0 },
            }
        })
        .collect()
}

/// `n` customers' purchases as (day, amount in cents), days counted from
/// 0, each customer's first one on a day of 0..180 and observed to day
/// `end`: the same processes as [`customers`], for fixtures that go
/// through an import (the first purchase's value is drawn like the others).
pub fn purchases(
    n: usize,
    bg: &BgNbd,
    gg: &GammaGamma,
    end: i32,
    seed: u64,
) -> Vec<Vec<(i32, i64)>> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let first = (rng.next() * 180.0) as i32;
            let age = f64::from(end - first) / 7.0;
            let lambda = rng.gamma(bg.r) / bg.alpha;
            let (ga, gb) = (rng.gamma(bg.a), rng.gamma(bg.b));
            let p = ga / (ga + gb);
            let nu = rng.gamma(gg.q) / gg.gamma;
            let cents = |rng: &mut Rng| ((rng.gamma(gg.p) / nu) * 100.0).round().max(1.0) as i64;
            let mut out = vec![(first, cents(&mut rng))];
            let mut t = 0.0;
            loop {
                t += -rng.next().ln() / lambda;
                if t > age {
                    break;
                }
                out.push((first + (t * 7.0) as i32, cents(&mut rng)));
                if rng.next() < p {
                    break;
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_recovers_the_parameters_it_simulated_from() {
        // CDNOW-like parameters, 20,000 customers: the maximum-likelihood
        // estimates land within 15 % of the truth (their sampling error at
        // this size is a few percent; the bound keeps the test stable).
        let bg = BgNbd {
            r: 0.25,
            alpha: 4.0,
            a: 0.8,
            b: 2.5,
        };
        let gg = GammaGamma {
            p: 6.0,
            q: 4.0,
            gamma: 15.0,
        };
        let data = customers(20_000, &bg, &gg, 7);
        let f = super::super::fit_models(&data).unwrap_or_else(|e| panic!("{e}"));
        for (got, want) in [
            (f.bg.r, bg.r),
            (f.bg.alpha, bg.alpha),
            (f.bg.a, bg.a),
            (f.bg.b, bg.b),
        ] {
            assert!((got / want - 1.0).abs() < 0.15, "{:?}", f.bg);
        }
        let g = f.gg.unwrap_or_else(|| panic!("no spend model"));
        for (got, want) in [(g.p, gg.p), (g.q, gg.q), (g.gamma, gg.gamma)] {
            assert!((got / want - 1.0).abs() < 0.15, "{g:?}");
        }
    }
}
