//! Writing and reading figures in the person's locale.

use super::model::Unit;
use crate::domain::{Date, Money};
use crate::format::{self, Locale};

/// A figure as a card or tooltip shows it.
pub fn show(value: f64, unit: Unit, currency: &str, locale: Locale) -> String {
    if !value.is_finite() {
        return format::UNDEFINED.into();
    }
    match unit {
        Unit::Money => format::money(
            Money::from_cents((value * 100.0).round() as i64),
            currency,
            locale,
        ),
        Unit::Percent => format::percent(value, 1, locale),
        Unit::Ratio => format!("{}×", format::number(value, 2, locale)),
        Unit::Count => format::integer(value.round() as i64, locale),
        Unit::Score => format::number(value, 0, locale),
        Unit::Mean => format::number(value, 2, locale),
        Unit::Hours => format!("{} h", format::number(value, 1, locale)),
    }
}

/// A short form for axes: `R$ 12,3 mil` / `R$12.3k`.
pub fn axis(value: f64, unit: Unit, currency: &str, locale: Locale) -> String {
    match unit {
        Unit::Money => {
            let symbol = format::currency_symbol(currency);
            let space = if locale == Locale::PtBr { " " } else { "" };
            let abs = value.abs();
            let (scaled, suffix) = if abs >= 1e6 {
                (
                    value / 1e6,
                    if locale == Locale::PtBr { " mi" } else { "M" },
                )
            } else if abs >= 1e3 {
                (
                    value / 1e3,
                    if locale == Locale::PtBr { " mil" } else { "k" },
                )
            } else {
                (value, "")
            };
            let decimals = if suffix.is_empty() || scaled.fract().abs() < 1e-9 {
                0
            } else {
                1
            };
            let digits = format::number(scaled.abs(), decimals, locale);
            // A value that rounds to zero has no sign ("R$ 0", not "-R$ 0").
            let zero = digits.chars().all(|c| !c.is_ascii_digit() || c == '0');
            let sign = if value < 0.0 && !zero { "-" } else { "" };
            format!("{sign}{symbol}{space}{digits}{suffix}")
        }
        Unit::Percent => format::percent(value, 0, locale),
        Unit::Count | Unit::Score => format::number(value, 0, locale),
        Unit::Ratio | Unit::Mean => format::number(value, 1, locale),
        Unit::Hours => format!("{} h", format::number(value, 0, locale)),
    }
}

/// Reads a date as the locale writes it (or ISO `2025-01-31`).
pub fn parse_date(text: &str, locale: Locale) -> Option<Date> {
    let t = text.trim();
    if let Ok(d) = Date::parse_iso(t) {
        return Some(d);
    }
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    if parts.len() != 3 {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.trim().parse::<u32>().ok())
        .collect::<Option<Vec<u32>>>()?;
    let (day, month) = match locale {
        Locale::PtBr => (n[0], n[1]),
        Locale::En => (n[1], n[0]),
    };
    let year = i32::try_from(n[2]).ok()?;
    if year < 1000 {
        return None;
    }
    Date::from_ymd(year, month, day)
}

/// Reads a finite number as the locale writes it (`1.234,5` / `1,234.5`).
pub fn parse_number(text: &str, locale: Locale) -> Option<f64> {
    let (thousands, decimal) = locale.separators();
    text.replace(thousands, "")
        .replace(decimal, ".")
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Reads an amount as the locale writes it: `1.234,56` / `1,234.56`, with or
/// without a currency symbol.
pub fn parse_money(text: &str, locale: Locale) -> Option<Money> {
    let t: String = text
        .trim()
        .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '-')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let normalized = match locale {
        Locale::PtBr => t.replace('.', "").replace(',', "."),
        Locale::En => t.replace(',', ""),
    };
    Money::parse_decimal(&normalized).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_and_reads_by_locale() {
        assert_eq!(
            show(1234.56, Unit::Money, "BRL", Locale::PtBr),
            "R$ 1.234,56"
        );
        assert_eq!(show(1234.56, Unit::Money, "USD", Locale::En), "$1,234.56");
        assert_eq!(show(0.1234, Unit::Percent, "BRL", Locale::PtBr), "12,3%");
        assert_eq!(
            axis(12_300.0, Unit::Money, "BRL", Locale::PtBr),
            "R$ 12,3 mil"
        );
        assert_eq!(axis(12_300.0, Unit::Money, "USD", Locale::En), "$12.3k");
        assert_eq!(
            parse_date("31/01/2025", Locale::PtBr),
            Date::from_ymd(2025, 1, 31)
        );
        assert_eq!(
            parse_date("01/31/2025", Locale::En),
            Date::from_ymd(2025, 1, 31)
        );
        assert_eq!(
            parse_money("R$ 1.234,56", Locale::PtBr),
            Some(Money(123_456))
        );
        assert_eq!(parse_money("1,234.56", Locale::En), Some(Money(123_456)));
    }
}
