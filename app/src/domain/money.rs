//! Exact money: integer cents, never binary floating point.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An amount of money in the database's currency, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an amount of money (expected digits with an optional `.` and up to two decimals, e.g. 1234.56)"
)]
pub struct MoneyParseError(pub String);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Whole currency units, for JSON output (two decimals are exact in `f64`
    /// up to 2^53 cents, far beyond any MRR).
    pub fn as_units_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Parses a plain decimal (`-1234.5`, `1234.567`): the canonical form that
    /// importers and forms hand to the domain after locale handling. More than
    /// two decimals are rounded half up (away from zero) to the cent, because
    /// spreadsheets often hold computed prices such as `33.333333`.
    pub fn parse_decimal(text: &str) -> Result<Money, MoneyParseError> {
        let err = || MoneyParseError(text.to_string());
        let t = text.trim();
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        // A byte search: `split_once` costs more than the rest of the parse.
        let (int_part, frac_part) = match digits.bytes().position(|b| b == b'.') {
            Some(dot) => (&digits[..dot], &digits[dot + 1..]),
            None => (digits, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(err());
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(err());
        }
        let mut units: i64 = 0;
        for b in int_part.bytes() {
            units = units
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(b - b'0')))
                .ok_or_else(err)?;
        }
        let frac = frac_part.as_bytes();
        let digit = |i: usize| frac.get(i).map_or(0, |b| i64::from(b - b'0'));
        let mut cents = digit(0) * 10 + digit(1);
        if digit(2) >= 5 {
            cents += 1;
        }
        let total = units
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .ok_or_else(err)?;
        Ok(Money(if negative { -total } else { total }))
    }

    /// Canonical text: `-1234.50`.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Divides exactly, rounding half up (away from zero) to the cent.
    pub fn div_round(self, divisor: i64) -> Money {
        Money(div_round_half_up(self.0 as i128, divisor as i128) as i64)
    }
}

/// Integer division rounded half away from zero; `divisor` must not be 0.
pub fn div_round_half_up(numerator: i128, divisor: i128) -> i128 {
    if divisor == 0 {
        return 0;
    }
    let (n, d) = if divisor < 0 {
        (-numerator, -divisor)
    } else {
        (numerator, divisor)
    };
    if n >= 0 {
        (n + d / 2) / d
    } else {
        -((-n + d / 2) / d)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_decimal_string())
    }
}

/// Accepts a decimal string or a JSON number (its shortest text form is
/// parsed as a decimal, so `1234.56` stays exact).
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl serde::de::Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount, as decimal text or a number")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Money, E> {
                Money::parse_decimal(text).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
                // The shortest text that reads back as `v`: 1234.56 stays exact.
                self.visit_str(&format!("{v}"))
            }
        }
        d.deserialize_any(MoneyVisitor)
    }
}

/// Rates are kept as integers of 10⁻¹⁰ reporting units per unit: ten
/// decimals cover any published rate exactly.
pub const RATE_SCALE: u32 = 10;

/// A decimal rate (`5.4321`; a lone comma is read as the decimal mark,
/// `5,4321`) as an integer of 10⁻¹⁰; `None` when it is not a positive
/// decimal of at most ten places.
pub fn parse_rate(text: &str) -> Option<i128> {
    let owned;
    let mut t = text.trim();
    if !t.contains('.') && t.matches(',').count() == 1 {
        owned = t.replace(',', ".");
        t = &owned;
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() && frac.is_empty()
        || frac.len() > RATE_SCALE as usize
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        || int.len() > 18
    {
        return None;
    }
    let whole: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut part: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    part *= 10_i128.pow(RATE_SCALE - frac.len() as u32);
    let rate = whole
        .checked_mul(10_i128.pow(RATE_SCALE))?
        .checked_add(part)?;
    (rate > 0).then_some(rate)
}

/// `cents` at `rate` (reporting units ×10^RATE_SCALE per unit), rounded
/// half even to the cent once (revenue.md).
pub fn convert_cents(cents: i64, rate: i128) -> i64 {
    let one = 10_i128.pow(RATE_SCALE);
    let value = i128::from(cents) * rate;
    let (q, r) = (value.div_euclid(one), value.rem_euclid(one));
    let q = match (2 * r).cmp(&one) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    };
    q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(Money::parse_decimal("1234.56"), Ok(Money(123_456)));
        assert_eq!(Money::parse_decimal("-0.5"), Ok(Money(-50)));
        assert_eq!(Money::parse_decimal("12"), Ok(Money(1200)));
        assert_eq!(Money::parse_decimal("33.335"), Ok(Money(3334)));
        assert_eq!(Money::parse_decimal(".5"), Ok(Money(50)));
        assert!(Money::parse_decimal("12,5x").is_err());
        assert!(Money::parse_decimal("").is_err());
        assert!(Money::parse_decimal("1.2.3").is_err());
        assert!(Money::parse_decimal("99999999999999999999").is_err());
        assert_eq!(Money(-123_405).to_decimal_string(), "-1234.05");
    }

    #[test]
    fn divides_half_up() {
        assert_eq!(Money(1000).div_round(3), Money(333));
        assert_eq!(Money(1001).div_round(2), Money(501));
        assert_eq!(Money(-1001).div_round(2), Money(-501));
    }

    #[test]
    fn json_number_stays_exact() {
        let m: Money = serde_json::from_str("1234.56").unwrap_or_default();
        assert_eq!(m, Money(123_456));
        let m: Money = serde_json::from_str("\"0.10\"").unwrap_or_default();
        assert_eq!(m, Money(10));
    }
}
