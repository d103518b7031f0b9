//! Locale-aware formatting of money, numbers, percents and dates, shared by
//! the CLI and the GUI (R$ 1.234,56 and 01/02/2025 in pt-BR).

use crate::domain::{Date, Money, Month};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "pt-BR")]
    PtBr,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::PtBr => "pt-BR",
        }
    }

    pub fn parse(text: &str) -> Option<Locale> {
        let t = text.trim().to_ascii_lowercase().replace('_', "-");
        if t.starts_with("pt") {
            Some(Locale::PtBr)
        } else if t.starts_with("en") || t == "c" || t == "posix" {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// From `$TENURE_LANG`, then `$LC_ALL`, `$LC_MESSAGES`, `$LANG`; English otherwise.
    pub fn from_env() -> Locale {
        ["TENURE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Locale::parse(&v))
            .unwrap_or_default()
    }

    /// The thousands and decimal separators.
    pub fn separators(self) -> (char, char) {
        match self {
            Locale::En => (',', '.'),
            Locale::PtBr => ('.', ','),
        }
    }
}

/// Groups the digits of a non-negative integer.
fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

pub fn currency_symbol(currency: &str) -> &str {
    match currency {
        "BRL" => "R$",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        other => other,
    }
}

/// `R$ 1.234,56` (pt-BR) or `R$1,234.56` (en).
pub fn money(m: Money, currency: &str, locale: Locale) -> String {
    let (thousands, decimal) = locale.separators();
    let abs = m.cents().unsigned_abs();
    let sign = if m.cents() < 0 { "-" } else { "" };
    let space = if locale == Locale::PtBr { " " } else { "" };
    format!(
        "{sign}{}{space}{}{decimal}{:02}",
        currency_symbol(currency),
        group(&(abs / 100).to_string(), thousands),
        abs % 100
    )
}

/// A number with `decimals` places: `1.234,5` / `1,234.5`.
pub fn number(value: f64, decimals: usize, locale: Locale) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let (thousands, decimal) = locale.separators();
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        "-"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", group(int, thousands));
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

pub fn integer(value: i64, locale: Locale) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        group(&value.unsigned_abs().to_string(), locale.separators().0)
    )
}

/// A fraction as a percent: `0.0523` → `5,2 %` (pt-BR) / `5.2%` (en).
pub fn percent(fraction: f64, decimals: usize, locale: Locale) -> String {
    let n = number(fraction * 100.0, decimals, locale);
    match locale {
        Locale::En => format!("{n}%"),
        Locale::PtBr => format!("{n}%"),
    }
}

/// `31/01/2025` (pt-BR, day first) or `01/31/2025` (en-US, month first).
pub fn date(d: Date, locale: Locale) -> String {
    let (y, m, day) = d.ymd();
    match locale {
        Locale::En => format!("{m:02}/{day:02}/{y:04}"),
        Locale::PtBr => format!("{day:02}/{m:02}/{y:04}"),
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_PT: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];

/// `Mar 2025` / `mar/2025`.
pub fn month(m: Month, locale: Locale) -> String {
    let i = (m.month() - 1) as usize;
    match locale {
        Locale::En => format!("{} {}", MONTHS_EN[i], m.year()),
        Locale::PtBr => format!("{}/{}", MONTHS_PT[i], m.year()),
    }
}

/// An instant as written in a record (`2025-03-04T09:53:38-03:00`, or with
/// a space) in the locale: `04/03/2025 09:53`, keeping the time as written
/// (the source's own clock). Anything else is returned as it is.
pub fn instant_text(text: &str, locale: Locale) -> String {
    let t = text.trim();
    let day = t.get(..10).and_then(|d| Date::parse_iso(d).ok());
    let sep = t.as_bytes().get(10).copied();
    match day {
        Some(d) if t.len() == 10 => date(d, locale),
        Some(d) if matches!(sep, Some(b'T') | Some(b' ')) => match t.get(11..16) {
            Some(hm) if hm.as_bytes().get(2) == Some(&b':') => {
                format!("{} {hm}", self::date(d, locale))
            }
            _ => t.to_string(),
        },
        _ => t.to_string(),
    }
}

/// What an undefined figure shows.
pub const UNDEFINED: &str = "—";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_the_locale() {
        assert_eq!(
            instant_text("2025-03-04T09:53:38-03:00", Locale::PtBr),
            "04/03/2025 09:53"
        );
        assert_eq!(
            instant_text("2025-03-04 09:53", Locale::En),
            "03/04/2025 09:53"
        );
        assert_eq!(instant_text("2025-03-04", Locale::PtBr), "04/03/2025");
        assert_eq!(instant_text("soon", Locale::PtBr), "soon");
    }

    #[test]
    fn money_by_locale() {
        assert_eq!(money(Money(123_456), "BRL", Locale::PtBr), "R$ 1.234,56");
        assert_eq!(money(Money(123_456), "BRL", Locale::En), "R$1,234.56");
        assert_eq!(money(Money(123_456), "USD", Locale::En), "$1,234.56");
        assert_eq!(money(Money(-5), "USD", Locale::En), "-$0.05");
        assert_eq!(
            money(Money(100_000_000), "BRL", Locale::PtBr),
            "R$ 1.000.000,00"
        );
    }

    #[test]
    fn numbers_dates_percents() {
        assert_eq!(number(1234.5, 1, Locale::PtBr), "1.234,5");
        assert_eq!(number(-0.04, 1, Locale::En), "0.0");
        assert_eq!(integer(-1_234_567, Locale::En), "-1,234,567");
        assert_eq!(percent(0.0523, 1, Locale::PtBr), "5,2%");
        let d = Date::from_ymd(2025, 2, 1).unwrap_or_else(|| Date::from_days(0));
        assert_eq!(date(d, Locale::PtBr), "01/02/2025");
        assert_eq!(date(d, Locale::En), "02/01/2025");
        assert_eq!(month(Month::from_ym(2025, 3), Locale::PtBr), "mar/2025");
    }
}
