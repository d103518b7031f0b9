//! Conventions billing exports share (Stripe, Recurly, ChartMogul,
//! Baremetrics): exact amounts times quantities, integer cents, billing
//! intervals, dates compared. Used by the billing importers' derived
//! columns; the result is text that the generic reader then checks like
//! any cell (money, billing period, date).

use crate::values::{self, DateTime, DayOrder, DecimalStyle};

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Exact {
    mantissa: i128,
    scale: u32,
}

impl Exact {
    fn text(self) -> String {
        let negative = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let (int, frac) = if digits.len() > scale {
            digits.split_at(digits.len() - scale)
        } else {
            ("0", digits.as_str())
        };
        let mut frac = format!("{frac:0>scale$}");
        while frac.ends_with('0') {
            frac.pop();
        }
        let mut out = String::new();
        if negative && self.mantissa != 0 {
            out.push('-');
        }
        out.push_str(int);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(&frac);
        }
        out
    }
}

/// A billing export's number: a dot for decimals (the exports these
/// importers read write `1234.50`), currency symbols allowed.
fn exact(text: &str) -> Option<Exact> {
    let (stripped, paren, _) = values::strip_money(text);
    let stripped = stripped.replace(',', "");
    let d = values::parse_number_with(&stripped, DecimalStyle::Dot)?;
    let digits = format!("{}{}", d.int, d.frac);
    let digits = digits.trim_start_matches('0');
    let magnitude: i128 = if digits.is_empty() {
        0
    } else {
        // More than 30 digits is no amount of money.
        if digits.len() > 30 {
            return None;
        }
        digits.parse().ok()?
    };
    let negative = d.negative != paren;
    Some(Exact {
        mantissa: if negative { -magnitude } else { magnitude },
        scale: u32::try_from(d.frac.len()).ok()?,
    })
}

/// A whole, non-negative count (`Quantity`): empty means 1.
pub fn quantity(text: Option<&str>) -> Option<i128> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Some(1),
        Some(t) => {
            let e = exact(t)?;
            let q = e.mantissa.checked_div(10i128.checked_pow(e.scale)?)?;
            (q >= 0 && q * 10i128.checked_pow(e.scale)? == e.mantissa).then_some(q)
        }
    }
}

/// `amount × quantity`, exactly (`29.90` × `3` = `89.7`); `None` when either
/// is not a number (the caller then passes the amount on unchanged, for the
/// reader to reject with its usual message).
pub fn times(amount: &str, quantity_text: Option<&str>) -> Option<String> {
    let a = exact(amount)?;
    let q = quantity(quantity_text)?;
    Some(
        Exact {
            mantissa: a.mantissa.checked_mul(q)?,
            scale: a.scale,
        }
        .text(),
    )
}

/// Integer cents (`5000`) as currency units (`50`), times a quantity;
/// `None` for text with a decimal point.
pub fn from_cents(cents: &str, quantity_text: Option<&str>) -> Option<String> {
    let c = exact(cents)?;
    if c.scale != 0 {
        // `50.00` in a cents column is more likely units than cents: not
        // guessed either way.
        return None;
    }
    let whole = c.mantissa;
    let q = quantity(quantity_text)?;
    Some(
        Exact {
            mantissa: whole.checked_mul(q)?,
            scale: 2,
        }
        .text(),
    )
}

/// Whether the text is the number zero (`0`, `0.00`, `$0`).
pub fn is_zero(text: &str) -> bool {
    exact(text).is_some_and(|e| e.mantissa == 0)
}

/// `exact(a) / exact(b)` rounded half-even to 10 decimals, as text: a
/// monthly exchange rate from a source's own converted total.
pub fn ratio(numerator: &str, denominator: &str) -> Option<String> {
    let n = exact(numerator)?;
    let d = exact(denominator)?;
    if d.mantissa <= 0 || n.mantissa < 0 {
        return None;
    }
    // n/d = (n.m / 10^n.s) / (d.m / 10^d.s); scaled by 10^10.
    let mut num = n.mantissa.checked_mul(10i128.checked_pow(10 + d.scale)?)?;
    let mut den = d.mantissa.checked_mul(10i128.checked_pow(n.scale)?)?;
    let g = gcd(num, den);
    if g > 1 {
        num /= g;
        den /= g;
    }
    let q = num / den;
    let r = num % den;
    let q = match (2 * r).cmp(&den) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q % 2 == 1 => q + 1,
        _ => q,
    };
    Some(
        Exact {
            mantissa: q,
            scale: 10,
        }
        .text(),
    )
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

/// Sums exact amounts as text (a month's converted total).
pub fn sum(total: &str, add: &str) -> Option<String> {
    let a = exact(total)?;
    let b = exact(add)?;
    let scale = a.scale.max(b.scale);
    let up = |e: Exact| e.mantissa.checked_mul(10i128.checked_pow(scale - e.scale)?);
    Some(
        Exact {
            mantissa: up(a)?.checked_add(up(b)?)?,
            scale,
        }
        .text(),
    )
}

/// Tenure's billing period for a vendor's interval and count (`month` × 3
/// is quarterly); `None` for an interval Tenure has no period for (weekly,
/// every two months …).
pub fn billing_period(interval: &str, count: Option<&str>) -> Option<&'static str> {
    let count = quantity(count)?;
    let unit = crate::aliases::normalize(interval);
    let unit = unit.trim_end_matches('s');
    let unit = unit.trim_end_matches("ly");
    let months = match unit {
        "month" | "monthly" | "mensal" => count,
        "year" | "annual" | "annually" | "anual" => count.checked_mul(12)?,
        _ => return None,
    };
    Some(match months {
        1 => "monthly",
        3 => "quarterly",
        6 => "semiannual",
        12 => "annual",
        _ => return None,
    })
}

/// A date cell as billing exports write it (ISO, with or without a time).
pub fn date(text: &str) -> Option<DateTime> {
    values::parse_date(text, DayOrder::Mdy)
}

/// Whether date `a` is on or before date `b` (by calendar day).
pub fn on_or_before(a: &DateTime, b: &DateTime) -> bool {
    (a.year, a.month, a.day) <= (b.year, b.month, b.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_times_quantities_are_exact() {
        // 29.90 × 3 = 89.70 (by hand); floats would give 89.69999….
        assert_eq!(times("29.90", Some("3")).as_deref(), Some("89.7"));
        assert_eq!(times("0.10", None).as_deref(), Some("0.1"));
        assert_eq!(times("$1,200.00", Some("2")).as_deref(), Some("2400"));
        assert_eq!(times("abc", Some("2")), None);
        assert_eq!(times("10", Some("1.5")), None);
        assert_eq!(times("10", Some("-1")), None);
    }

    #[test]
    fn cents_become_units() {
        assert_eq!(from_cents("5000", None).as_deref(), Some("50"));
        assert_eq!(from_cents("1999", Some("2")).as_deref(), Some("39.98"));
        assert_eq!(from_cents("5", None).as_deref(), Some("0.05"));
        assert_eq!(from_cents("50.5", None), None);
        assert_eq!(from_cents("50.00", None), None);
    }

    #[test]
    fn periods_from_intervals() {
        assert_eq!(billing_period("month", None), Some("monthly"));
        assert_eq!(billing_period("month", Some("3")), Some("quarterly"));
        assert_eq!(billing_period("Month", Some("6")), Some("semiannual"));
        assert_eq!(billing_period("year", Some("1")), Some("annual"));
        assert_eq!(billing_period("months", Some("12")), Some("annual"));
        assert_eq!(billing_period("week", None), None);
        assert_eq!(billing_period("month", Some("2")), None);
    }

    #[test]
    fn ratios_and_sums() {
        // 550.00 / 100.00 = 5.5; 1 / 3 = 0.3333333333 (10 places, half-even).
        assert_eq!(ratio("550.00", "100.00").as_deref(), Some("5.5"));
        assert_eq!(ratio("1", "3").as_deref(), Some("0.3333333333"));
        assert_eq!(ratio("2", "3").as_deref(), Some("0.6666666667"));
        assert_eq!(ratio("1", "0"), None);
        assert_eq!(sum("10.5", "0.25").as_deref(), Some("10.75"));
        assert!(is_zero("0.00") && is_zero("$0") && !is_zero("0.01"));
    }

    #[test]
    fn dates_compare_by_day() {
        let a = date("2025-03-03 23:59:00").unwrap_or_else(|| panic!("date"));
        let b = date("2025-03-03").unwrap_or_else(|| panic!("date"));
        let c = date("2025-03-04 00:00").unwrap_or_else(|| panic!("date"));
        assert!(on_or_before(&a, &b) && on_or_before(&b, &c) && !on_or_before(&c, &a));
    }
}
