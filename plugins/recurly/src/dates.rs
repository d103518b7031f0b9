//! Recurly's timestamps and the billing interval they imply.
//!
//! The exports write `2009-12-04 00:46:59 PST`: a local time followed by the
//! site's zone abbreviation. An abbreviation names no offset Tenure can
//! trust (`CST` is three zones), and a record's date is its local date
//! anyway, so the abbreviation is dropped and the local date-time read.

use tenure_tabular::billing;

/// The timestamp without its trailing zone abbreviation (`PST`, `UTC`),
/// else as written (for the reader to check like any date).
pub fn local(text: &str) -> String {
    let t = text.trim();
    match t.rsplit_once(' ') {
        Some((rest, zone))
            if (2..=5).contains(&zone.len())
                && zone.bytes().all(|b| b.is_ascii_alphabetic())
                && rest.contains(':') =>
        {
            rest.trim_end().to_string()
        }
        _ => t.to_string(),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The billing period whose one interval runs from `from` to `to`: whole
/// calendar months (the same day of the month, or the end of a shorter
/// month: Jan 31 → Feb 29 is one month) of 1, 3, 6 or 12.
pub fn period_between(from: &str, to: &str) -> Option<&'static str> {
    let a = billing::date(&local(from))?;
    let b = billing::date(&local(to))?;
    let months = (b.year - a.year) * 12 + (b.month as i32 - a.month as i32);
    let same_day = b.day == a.day || (b.day < a.day && b.day == days_in_month(b.year, b.month));
    if !same_day || months <= 0 {
        return None;
    }
    billing::billing_period("month", Some(&months.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_abbreviations_are_dropped() {
        // The export's own examples (Recurly's subscriptions export page).
        assert_eq!(local("2009-12-04 00:46:59 PST"), "2009-12-04 00:46:59");
        assert_eq!(local("2016-09-02 15:53:18 UTC"), "2016-09-02 15:53:18");
        assert_eq!(local("2010-03-24 17:18:46 PDT"), "2010-03-24 17:18:46");
        // No time before it: not a zone, left for the reader to judge.
        assert_eq!(local("March 2024"), "March 2024");
        assert_eq!(local("2024-01-05"), "2024-01-05");
    }

    #[test]
    fn intervals_from_the_current_period() {
        // Counted by hand on a calendar.
        let p = |a, b| period_between(a, b);
        assert_eq!(
            p("2024-01-15 10:00:00 PST", "2024-02-15 10:00:00 PST"),
            Some("monthly")
        );
        // Jan 31 → Feb 29 (2024 is a leap year) is one month.
        assert_eq!(
            p("2024-01-31 00:00:00 UTC", "2024-02-29 00:00:00 UTC"),
            Some("monthly")
        );
        assert_eq!(
            p("2024-01-31 00:00:00 UTC", "2024-02-28 00:00:00 UTC"),
            None
        );
        assert_eq!(
            p("2023-11-30 09:00:00 PST", "2024-02-29 09:00:00 PST"),
            Some("quarterly")
        );
        assert_eq!(p("2024-03-01", "2024-09-01"), Some("semiannual"));
        assert_eq!(p("2024-03-01", "2025-03-01"), Some("annual"));
        // Two months, a week, backwards: no Tenure billing period.
        assert_eq!(p("2024-03-01", "2024-05-01"), None);
        assert_eq!(p("2024-03-01", "2024-03-08"), None);
        assert_eq!(p("2024-03-01", "2024-02-01"), None);
        assert_eq!(p("soon", "2024-02-01"), None);
    }
}
