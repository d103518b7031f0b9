//! The demo's services line and its trials (revenue.md): purchases bought
//! beside the subscription, and a support add-on sold with a trial.
//!
//! Purchases follow the processes the LTV view fits (BG/NBD and
//! Gamma-Gamma), so that its model has something true to recover: each
//! buying account has its own rate of buying and its own chance of
//! stopping after each order, and its own typical order value. An account
//! that churns stops buying. Every account has its own random streams, so
//! the rest of the demo is the same with or without this line.

use super::Rng;
use crate::domain::*;

/// Streams of their own (the generator's use 1–4, 7 and 8).
const PURCHASE_STREAM: u64 = 9;
const TRIAL_STREAM: u64 = 10;

/// Share of accounts that buy from the services line.
const BUYERS: f64 = 0.4;
/// BG/NBD: orders per week ~ Gamma(R, 1) / ALPHA (one order every ~14
/// weeks on average); the chance of stopping after an order ~ Beta(A, B).
const R: f64 = 0.9;
const ALPHA: f64 = 12.0;
const A: f64 = 0.7;
const B: f64 = 3.0;
/// Gamma-Gamma: an order is worth Gamma(P) / ν reais, ν ~ Gamma(Q) / G
/// (a mean order of about P·G/(Q−1) = R$ 900, scaled by plan size).
const P: f64 = 5.0;
const Q: f64 = 4.0;
const G: f64 = 540.0;

const FIRST_ORDERS: &[&str] = &["Implementation package", "Data migration"];
const REPEAT_ORDERS: &[(&str, f64)] = &[
    ("Consulting hours", 0.4),
    ("Training session", 0.3),
    ("Custom report", 0.2),
    ("Extra storage pack", 0.1),
];

/// What the services line needs to know of an account.
pub(super) struct Buyer<'a> {
    pub account: &'a str,
    pub plan: &'a str,
    /// The first day it can buy: the later of the window's start and the
    /// day it became a customer.
    pub from: Date,
    /// The last day it can buy: the day it churned, or the demo's last day.
    pub to: Date,
    /// Its churn day, when it left.
    pub churned_on: Option<Date>,
    /// The demo's last month.
    pub end: Month,
}

/// The account's purchases and trial subscription, if it has them.
pub(super) fn records(seed: u64, index: u32, buyer: &Buyer<'_>, out: &mut Vec<Record>) {
    purchases(seed, index, buyer, out);
    trial(seed, index, buyer, out);
}

fn plan_factor(plan: &str) -> f64 {
    match plan {
        "Starter" => 0.6,
        "Growth" => 1.0,
        "Pro" => 1.8,
        _ => 3.0,
    }
}

fn purchases(seed: u64, index: u32, buyer: &Buyer<'_>, out: &mut Vec<Record>) {
    let mut rng = Rng::for_item(seed, PURCHASE_STREAM, u64::from(index));
    let span = buyer.from.days_until(buyer.to);
    if span < 1 || !rng.chance(BUYERS) {
        return;
    }
    let per_week = gamma(&mut rng, R) / ALPHA;
    let (ga, gb) = (gamma(&mut rng, A), gamma(&mut rng, B));
    let stop = ga / (ga + gb);
    let nu = gamma(&mut rng, Q) / G;
    let scale = plan_factor(buyer.plan);
    // The first order comes soon after joining (an implementation), or at
    // any time in the first half of the window for the existing base.
    let mut day = rng.range(0, i64::from((span / 2).clamp(1, 60))) as f64;
    let mut n = 0u32;
    while day <= f64::from(span) {
        n += 1;
        let product = if n == 1 {
            *rng.pick(FIRST_ORDERS)
        } else {
            *rng.weighted(REPEAT_ORDERS)
        };
        let reais = (gamma(&mut rng, P) / nu * scale).round().max(50.0) as i64;
        out.push(Record::Purchase(order(
            &mut rng,
            buyer.account,
            n,
            buyer.from.add_days(day as i32),
            reais * 100,
            product,
        )));
        if rng.chance(stop) {
            break;
        }
        // Exponential wait, in days; 1 − u is in (0, 1], so the log is finite.
        day += -(1.0 - rng.f64()).ln() / per_week * 7.0;
    }
}

/// One order: most are paid, a few refunded in full or in part, a few
/// failed (a failed payment brings no revenue).
fn order(rng: &mut Rng, account: &str, n: u32, date: Date, cents: i64, product: &str) -> Purchase {
    let (status, refunded) = match rng.f64() {
        x if x < 0.02 => (Some("refunded"), Some(cents)),
        x if x < 0.04 => (None, Some(cents / 100 * rng.range(20, 50))),
        x if x < 0.055 => (Some("failed"), None),
        _ => (None, None),
    };
    Purchase {
        account: account.to_string(),
        date,
        amount: Money::from_cents(cents),
        currency: None,
        refunded: refunded.map(Money::from_cents),
        external_id: Some(format!("{account}-S{n:03}")),
        kind: None,
        product: Some(product.to_string()),
        status: status.map(str::to_string),
    }
}

/// A monthly priority-support add-on, sold with a 30-day trial to some
/// accounts still customers in the last six months; most trials convert,
/// and some converted ones are scheduled to cancel in the next quarter
/// (the trial-conversion and committed-MRR cards).
fn trial(seed: u64, index: u32, buyer: &Buyer<'_>, out: &mut Vec<Record>) {
    let mut rng = Rng::for_item(seed, TRIAL_STREAM, u64::from(index));
    if buyer.churned_on.is_some() || !rng.chance(0.08) {
        return;
    }
    let month = buyer.end.plus(-(rng.range(0, 5) as i32));
    let first = month.first_day().max(buyer.from);
    let last = month.last_day().min(buyer.to);
    if first > last {
        return;
    }
    let start = first.add_days(rng.range(0, i64::from(first.days_until(last))) as i32);
    let trial_end = start.add_days(30);
    let converted = rng.chance(0.65);
    let cancel_at = (converted && rng.chance(0.3)).then(|| {
        let m = buyer.end.plus(rng.range(1, 3) as i32);
        let day = m
            .first_day()
            .add_days(rng.range(0, i64::from(days_in_month(m.year(), m.month())) - 1) as i32);
        // After at least one paid month, so the trial still converted.
        day.max(trial_end.add_days(31))
    });
    let price = match buyer.plan {
        "Starter" | "Growth" => 39_000,
        _ => 89_000,
    };
    out.push(Record::Subscription(Subscription {
        account: buyer.account.to_string(),
        external_id: Some(format!("{}-SUPPORT", buyer.account)),
        start,
        // A trial that did not convert ends with it.
        end: (!converted).then_some(trial_end),
        amount: Money::from_cents(price),
        billing_period: Some(BillingPeriod::Monthly),
        product: Some("Priority support".to_string()),
        trial_end: Some(trial_end),
        discount: None,
        discount_percent: None,
        cancel_at,
        currency: None,
    }));
}

/// Gamma(shape, 1) (Marsaglia & Tsang; a shape below 1 by the u^(1/shape)
/// boost).
fn gamma(rng: &mut Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        let u = 1.0 - rng.f64();
        return gamma(rng, shape + 1.0) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = 1.0 - rng.f64();
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// Standard normal (Box-Muller): the generator's sum of uniforms has no
/// tails, which the gamma sampler's rejection step expects.
fn normal(rng: &mut Rng) -> f64 {
    let (u, v) = (1.0 - rng.f64(), rng.f64());
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gamma_sampler_has_the_mean_and_variance_of_its_shape() {
        // Gamma(k, 1) has mean k and variance k; over 40,000 draws the
        // sample mean's standard error is √(k/40,000) (< 0.02 here).
        let mut rng = Rng::new(5);
        for k in [0.7, 3.0, 5.0] {
            let xs: Vec<f64> = (0..40_000).map(|_| gamma(&mut rng, k)).collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
            assert!((mean - k).abs() < 0.05, "k {k}: mean {mean}");
            assert!((var / k - 1.0).abs() < 0.08, "k {k}: variance {var}");
        }
    }
}
