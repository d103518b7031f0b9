//! Currency conversion for the revenue figures (revenue.md): exact decimal
//! arithmetic, one rate per currency and month, `None` with the missing
//! rate named when a figure would need a rate nobody gave.

use crate::domain::{Money, Month};
use std::collections::HashMap;

pub(crate) use crate::domain::{RATE_SCALE, parse_rate};
const ONE: i128 = 10_i128.pow(RATE_SCALE);

/// Rounds `value / 10^RATE_SCALE` half to even (revenue.md: once, at the end).
pub(crate) fn round_half_even(value: i128) -> i128 {
    let (q, r) = (value.div_euclid(ONE), value.rem_euclid(ONE));
    match (2 * r).cmp(&ONE) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    }
}

/// The rate table: currency code (upper case) and month index → rate.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rates {
    pub reporting: String,
    pub by_month: HashMap<(String, i32), i128>,
}

/// The `fx_rate` records of the database whose reporting currency is
/// `reporting`.
pub(crate) fn load_rates(
    store: &crate::store::Store,
    reporting: &str,
) -> Result<Rates, super::MetricsError> {
    let mut by_month = HashMap::new();
    for (month, currency, rate) in store.fx_rates()? {
        // Stored rates passed the one validation; one edited by hand that
        // no longer parses is a missing rate, never 1:1.
        if let Some(r) = parse_rate(&rate) {
            by_month.insert((currency.to_ascii_uppercase(), month.index()), r);
        }
    }
    Ok(Rates {
        reporting: reporting.to_ascii_uppercase(),
        by_month,
    })
}

/// A rate a figure needed and did not find.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingRate {
    pub month: Month,
    pub currency: String,
}

impl MissingRate {
    /// "no USD rate for 2026-03" (revenue.md).
    pub fn sentence(&self) -> String {
        format!("no {} rate for {}", self.currency, self.month)
    }
}

impl Rates {
    /// Reporting units (×10¹⁰) per unit of `currency` in month `month`;
    /// the reporting currency (or none named) is 1.
    pub fn rate(&self, currency: Option<&str>, month: i32) -> Result<i128, MissingRate> {
        match currency {
            None => Ok(ONE),
            Some(c) if c.eq_ignore_ascii_case(&self.reporting) => Ok(ONE),
            Some(c) => self
                .by_month
                .get(&(c.to_ascii_uppercase(), month))
                .copied()
                .ok_or_else(|| MissingRate {
                    month: Month::from_index(month),
                    currency: c.to_ascii_uppercase(),
                }),
        }
    }
}

/// A sum of converted amounts, exact until [`Sum::money`] rounds it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sum {
    total: i128,
    /// The earliest missing rate met (the one the sentence names).
    missing: Option<MissingRate>,
}

impl Sum {
    pub fn add(&mut self, cents: i64, rate: Result<i128, MissingRate>) {
        match rate {
            Ok(r) => self.total += i128::from(cents) * r,
            Err(m) => {
                if self.missing.as_ref().is_none_or(|old| m < *old) {
                    self.missing = Some(m);
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Sum) {
        self.total += other.total;
        if let Some(m) = &other.missing {
            self.add(0, Err(m.clone()));
        }
    }

    /// The amount in reporting cents, rounded half-even once; the missing
    /// rate when any amount could not be converted.
    pub fn money(&self) -> Result<Money, MissingRate> {
        match &self.missing {
            Some(m) => Err(m.clone()),
            None => Ok(Money::from_cents(
                round_half_even(self.total).clamp(i128::from(i64::MIN), i128::from(i64::MAX))
                    as i64,
            )),
        }
    }

    /// The exact total ÷ `n`, rounded half-even (an average order value).
    pub fn mean(&self, n: u64) -> Result<Option<Money>, MissingRate> {
        if let Some(m) = &self.missing {
            return Err(m.clone());
        }
        if n == 0 {
            return Ok(None);
        }
        let n = i128::from(n);
        // Half-even of total / (n · 10¹⁰), done on integers.
        let den = n * ONE;
        let (q, r) = (self.total.div_euclid(den), self.total.rem_euclid(den));
        let q = match (2 * r).cmp(&den) {
            std::cmp::Ordering::Less => q,
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => q + (q & 1),
        };
        Ok(Some(Money::from_cents(q as i64)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_exactly_and_round_half_even() {
        assert_eq!(parse_rate("5.4321"), Some(54_321_000_000));
        assert_eq!(parse_rate("1"), Some(ONE));
        assert_eq!(parse_rate(".5"), Some(ONE / 2));
        assert_eq!(parse_rate("0"), None);
        assert_eq!(parse_rate("-1"), None);
        assert_eq!(parse_rate("1.23456789012"), None);
        assert_eq!(parse_rate("abc"), None);
        assert_eq!(round_half_even(ONE / 2), 0);
        assert_eq!(round_half_even(3 * ONE / 2), 2);
        assert_eq!(round_half_even(5 * ONE / 2), 2);
        assert_eq!(round_half_even(ONE / 2 + 1), 1);
    }

    /// 3 × US$ 0.15 at 5.5 = R$ 2.475 → R$ 2.48 when rounded once at the
    /// end, where rounding each (0.825 → 0.82) would give R$ 2.46.
    #[test]
    fn sums_round_once_at_the_end() {
        let mut rates = Rates {
            reporting: "BRL".into(),
            ..Rates::default()
        };
        let m = Month::from_ym(2026, 3).index();
        rates
            .by_month
            .insert(("USD".into(), m), parse_rate("5.5").unwrap_or(0));
        let mut s = Sum::default();
        for _ in 0..3 {
            s.add(15, rates.rate(Some("usd"), m));
        }
        assert_eq!(s.money(), Ok(Money::from_cents(248)));
        s.add(100, rates.rate(Some("EUR"), m));
        s.add(100, rates.rate(Some("USD"), m - 1));
        let missing = s.money().unwrap_err();
        assert_eq!(missing.sentence(), "no USD rate for 2026-02");
    }
}
