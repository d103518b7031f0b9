//! Calendar dates, months and instants, without time zones beyond an
//! optional fixed offset (instants are only used for ticket timestamps).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a valid {what} (expected {expected})")]
pub struct CalendarParseError {
    pub text: String,
    pub what: &'static str,
    pub expected: &'static str,
}

/// A calendar date, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// A calendar month, stored as `year * 12 + (month - 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

/// A moment: date, seconds since midnight, and an optional UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    pub date: Date,
    pub seconds: u32,
    pub offset_minutes: Option<i16>,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// `None` when the day does not exist (e.g. 2025-02-30) or the year is
    /// outside 1000..=9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    pub fn days(self) -> i32 {
        self.0
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    pub fn month(self) -> Month {
        let (y, m, _) = self.ymd();
        Month::from_ym(y, m)
    }

    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// Strict ISO `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Result<Date, CalendarParseError> {
        let err = || CalendarParseError {
            text: text.to_string(),
            what: "date",
            expected: "YYYY-MM-DD",
        };
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let y = parse_digits(&t[0..4]).ok_or_else(err)?;
        let m = parse_digits(&t[5..7]).ok_or_else(err)?;
        let d = parse_digits(&t[8..10]).ok_or_else(err)?;
        Date::from_ymd(y as i32, m, d).ok_or_else(err)
    }

    /// Today: the day `--today` / `$TENURE_TODAY` pinned for this process
    /// ([`Date::set_today`]), else the system clock's date in UTC.
    pub fn today() -> Date {
        match TODAY_OVERRIDE.load(std::sync::atomic::Ordering::Relaxed) {
            NO_OVERRIDE => Date::clock_today(),
            days => Date(days),
        }
    }

    /// Pins "today" for every date-dependent figure of this process
    /// (playbooks.md: results must be reproducible).
    pub fn set_today(day: Date) {
        TODAY_OVERRIDE.store(day.0, std::sync::atomic::Ordering::Relaxed);
    }

    /// Today in UTC, from the system clock.
    pub fn clock_today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date((secs / 86_400) as i32)
    }
}

/// The pinned day in days since 1970-01-01, or [`NO_OVERRIDE`].
static TODAY_OVERRIDE: std::sync::atomic::AtomicI32 =
    std::sync::atomic::AtomicI32::new(NO_OVERRIDE);
const NO_OVERRIDE: i32 = i32::MIN;

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYY-MM[-DD]` into `buf` for years 0–9999 (`None` otherwise): dates are
/// written for every stored row, and `write!`'s machinery was a tenth of
/// turning a record into SQL values.
fn iso_digits(buf: &mut [u8; 10], y: i32, m: u32, d: Option<u32>) -> Option<&str> {
    let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
    let digit = |v: u32| b'0' + (v % 10) as u8;
    buf[..4].copy_from_slice(&[digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
    buf[4] = b'-';
    buf[5] = digit(m / 10);
    buf[6] = digit(m);
    let len = match d {
        None => 7,
        Some(d) => {
            buf[7] = b'-';
            buf[8] = digit(d / 10);
            buf[9] = digit(d);
            10
        }
    };
    std::str::from_utf8(&buf[..len]).ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        match iso_digits(&mut [0; 10], y, m, Some(d)) {
            Some(text) => f.write_str(text),
            None => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

impl Month {
    pub fn from_ym(year: i32, month: u32) -> Month {
        Month(year * 12 + month as i32 - 1)
    }

    pub fn from_index(index: i32) -> Month {
        Month(index)
    }

    pub fn index(self) -> i32 {
        self.0
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        (self.0.rem_euclid(12) + 1) as u32
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year(), self.month(), 1).unwrap_or(Date(0))
    }

    pub fn last_day(self) -> Date {
        let (y, m) = (self.year(), self.month());
        Date::from_ymd(y, m, days_in_month(y, m)).unwrap_or(Date(0))
    }

    /// `YYYYMM` as stored in the database (readable and sortable).
    pub fn to_yyyymm(self) -> i64 {
        i64::from(self.year()) * 100 + i64::from(self.month())
    }

    pub fn from_yyyymm(value: i64) -> Option<Month> {
        let (y, m) = (value / 100, value % 100);
        ((1000..=9999).contains(&y) && (1..=12).contains(&m))
            .then(|| Month::from_ym(y as i32, m as u32))
    }

    /// `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Month, CalendarParseError> {
        let err = || CalendarParseError {
            text: text.to_string(),
            what: "month",
            expected: "YYYY-MM",
        };
        let t = text.trim();
        let dash = t.bytes().position(|b| b == b'-').ok_or_else(err)?;
        let (y, m) = (&t[..dash], &t[dash + 1..]);
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let y = parse_digits(y).ok_or_else(err)? as i32;
        let m = parse_digits(m).ok_or_else(err)?;
        if !(1..=12).contains(&m) || !(1000..=9999).contains(&y) {
            return Err(err());
        }
        Ok(Month::from_ym(y, m))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match iso_digits(&mut [0; 10], self.year(), self.month(), None) {
            Some(text) => f.write_str(text),
            None => write!(f, "{:04}-{:02}", self.year(), self.month()),
        }
    }
}

impl Instant {
    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]`, or a bare date
    /// (midnight).
    pub fn parse(text: &str) -> Result<Instant, CalendarParseError> {
        let err = || CalendarParseError {
            text: text.to_string(),
            what: "date and time",
            expected: "YYYY-MM-DDTHH:MM[:SS][±HH:MM]",
        };
        let t = text.trim();
        if t.len() < 10 || !t.is_char_boundary(10) {
            return Err(err());
        }
        let date = Date::parse_iso(&t[..10]).map_err(|_| err())?;
        let rest = &t[10..];
        if rest.is_empty() {
            return Ok(Instant {
                date,
                seconds: 0,
                offset_minutes: None,
            });
        }
        let rest = rest
            .strip_prefix('T')
            .or_else(|| rest.strip_prefix(' '))
            .ok_or_else(err)?;
        // Split the clock from the offset.
        let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
            Some(pos) => (&rest[..pos], Some(&rest[pos..])),
            None => (rest, None),
        };
        let clock = clock.trim();
        let mut parts = clock.split(':');
        let h = parts.next().and_then(parse_digits).ok_or_else(err)?;
        let mi = parts.next().and_then(parse_digits).ok_or_else(err)?;
        let s = match parts.next() {
            Some(sec) => {
                let whole = sec.split('.').next().unwrap_or("");
                parse_digits(whole).ok_or_else(err)?
            }
            None => 0,
        };
        if parts.next().is_some() || h > 23 || mi > 59 || s > 60 {
            return Err(err());
        }
        let offset_minutes = match offset {
            None => None,
            Some(o) if o.eq_ignore_ascii_case("z") => Some(0),
            Some(o) => {
                let sign: i16 = if o.starts_with('-') { -1 } else { 1 };
                let body: String = o[1..].chars().filter(|c| *c != ':').collect();
                if body.len() != 4 && body.len() != 2 {
                    return Err(err());
                }
                let oh = parse_digits(&body[..2]).ok_or_else(err)? as i16;
                let om = if body.len() == 4 {
                    parse_digits(&body[2..]).ok_or_else(err)? as i16
                } else {
                    0
                };
                if oh > 14 || om > 59 {
                    return Err(err());
                }
                Some(sign * (oh * 60 + om))
            }
        };
        Ok(Instant {
            date,
            seconds: h * 3600 + mi * 60 + s.min(59),
            offset_minutes,
        })
    }

    /// Seconds since 1970-01-01 00:00 in UTC; instants without an offset are
    /// taken as they are (metrics.md).
    pub fn epoch_seconds(self) -> i64 {
        let local = i64::from(self.date.days()) * 86_400 + i64::from(self.seconds);
        local - i64::from(self.offset_minutes.unwrap_or(0)) * 60
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        // Two digits of a value below 100, without `write!` (see iso_digits).
        let two = |v: u32| [b'0' + (v / 10 % 10) as u8, b'0' + (v % 10) as u8];
        fmt::Display::fmt(&self.date, f)?;
        let mut time = [b'T', 0, 0, b':', 0, 0, b':', 0, 0];
        time[1..3].copy_from_slice(&two(h));
        time[4..6].copy_from_slice(&two(m));
        time[7..9].copy_from_slice(&two(s));
        f.write_str(std::str::from_utf8(&time).map_err(|_| fmt::Error)?)?;
        match self.offset_minutes {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(o) if o.unsigned_abs() / 60 >= 100 => {
                let sign = if o < 0 { '-' } else { '+' };
                let a = o.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 60, a % 60)
            }
            Some(o) => {
                let a = u32::from(o.unsigned_abs());
                let mut zone = [if o < 0 { b'-' } else { b'+' }, 0, 0, b':', 0, 0];
                zone[1..3].copy_from_slice(&two(a / 60));
                zone[4..6].copy_from_slice(&two(a % 60));
                f.write_str(std::str::from_utf8(&zone).map_err(|_| fmt::Error)?)
            }
        }
    }
}

macro_rules! text_serde {
    ($t:ty, $parse:expr) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // A visitor, not `String`: no allocation per value on import.
                struct TextVisitor;
                impl serde::de::Visitor<'_> for TextVisitor {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$t, E> {
                        $parse(text).map_err(E::custom)
                    }
                }
                d.deserialize_str(TextVisitor)
            }
        }
    };
}

text_serde!(Date, Date::parse_iso);
text_serde!(Month, Month::parse);
text_serde!(Instant, Instant::parse);

#[cfg(test)]
mod tests {
    use super::*;

    /// The digit-by-digit text is `write!`'s, over every year 0–9999, and
    /// years outside it still print.
    #[test]
    fn iso_text_matches_the_formatted_text() {
        // Days since 1970-01-01 of 0000-01-01 and 9999-12-31, and a year beyond.
        let (first, last) = (-719_528 - 400, 2_932_896 + 400);
        assert_eq!(Date::from_days(-719_528).to_string(), "0000-01-01");
        assert_eq!(Date::from_days(2_932_896).to_string(), "9999-12-31");
        for days in (first..=last).step_by(7).chain([first, last]) {
            let date = Date::from_days(days);
            let (y, m, d) = date.ymd();
            assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{d:02}"));
            let month = date.month();
            assert_eq!(
                month.to_string(),
                format!("{:04}-{:02}", month.year(), month.month())
            );
        }
        let date = Date::parse_iso("2026-03-07").unwrap();
        for (seconds, offset, text) in [
            (0, None, "2026-03-07T00:00:00"),
            (55_404, Some(-180), "2026-03-07T15:23:24-03:00"),
            (86_399, Some(0), "2026-03-07T23:59:59Z"),
            (3_661, Some(345), "2026-03-07T01:01:01+05:45"),
            (60, Some(-6_000), "2026-03-07T00:01:00-100:00"),
        ] {
            let instant = Instant {
                date,
                seconds,
                offset_minutes: offset,
            };
            assert_eq!(instant.to_string(), text);
        }
    }

    #[test]
    fn dates_round_trip() {
        for text in ["1970-01-01", "2000-02-29", "2024-12-31", "1999-03-01"] {
            let d = Date::parse_iso(text).map(|d| d.to_string());
            assert_eq!(d.as_deref(), Ok(text));
        }
        assert_eq!(Date::parse_iso("1970-01-02").map(Date::days), Ok(1));
        assert!(Date::parse_iso("2023-02-29").is_err());
        assert!(Date::parse_iso("2023-13-01").is_err());
        assert!(Date::parse_iso("01/02/2023").is_err());
    }

    #[test]
    fn months() {
        let m = Month::parse("2025-01").unwrap_or(Month(0));
        assert_eq!(m.plus(-1).to_string(), "2024-12");
        assert_eq!(m.last_day().to_string(), "2025-01-31");
        assert_eq!(Month::from_ym(2024, 2).last_day().to_string(), "2024-02-29");
        assert_eq!(m.to_yyyymm(), 202_501);
        assert_eq!(Month::from_yyyymm(202_501), Some(m));
        assert!(Month::parse("2025-13").is_err());
    }

    #[test]
    fn instants() {
        let i = Instant::parse("2025-03-01T10:30:15-03:00");
        assert_eq!(
            i.map(|i| i.to_string()).as_deref(),
            Ok("2025-03-01T10:30:15-03:00")
        );
        let a = Instant::parse("2025-03-01T13:30:15Z").map(Instant::epoch_seconds);
        let b = Instant::parse("2025-03-01T10:30:15-03:00").map(Instant::epoch_seconds);
        assert_eq!(a, b);
        assert!(Instant::parse("2025-03-01 10:30").is_ok());
        assert!(Instant::parse("2025-03-01T10:30:00.123Z").is_ok());
        assert!(Instant::parse("2025-03-01T25:00").is_err());
    }
}
