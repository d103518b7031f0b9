//! Reading values as people write them: numbers in `1,234.56` and
//! `1.234,56` forms, currency symbols, scientific notation, dates in ISO,
//! `dd/mm/yyyy`, `mm/dd/yyyy`, `yyyymmdd`, with times and offsets, Excel
//! serial numbers, months, booleans.

/// How a column writes its decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalStyle {
    /// `1,234.56`
    Dot,
    /// `1.234,56`
    Comma,
}

/// What a single value says about the decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberEvidence {
    /// No separator at all: any style reads it.
    Plain,
    Proves(DecimalStyle),
    /// `1,234` or `1.234`: thousands or decimals, cannot tell.
    Ambiguous,
    NotANumber,
}

/// A number as text, split into parts: sign, digits, exponent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    pub int: String,
    pub frac: String,
}

impl Decimal {
    /// Canonical text: `-1234.5`, `0`, `12.05` (no trailing zeros).
    pub fn to_text(&self) -> String {
        let int = self.int.trim_start_matches('0');
        let frac = self.frac.trim_end_matches('0');
        let mut s = String::with_capacity(int.len() + frac.len() + 3);
        if self.negative && !(int.is_empty() && frac.is_empty()) {
            s.push('-');
        }
        if int.is_empty() {
            s.push('0');
        } else {
            s.push_str(int);
        }
        if !frac.is_empty() {
            s.push('.');
            s.push_str(frac);
        }
        s
    }

    pub fn is_integer(&self) -> bool {
        self.frac.bytes().all(|b| b == b'0')
    }

    pub fn to_i64(&self) -> Option<i64> {
        if !self.is_integer() {
            return None;
        }
        let int = self.int.trim_start_matches('0');
        if int.is_empty() {
            return Some(0);
        }
        let v: i64 = int.parse().ok()?;
        Some(if self.negative { -v } else { v })
    }

    pub fn to_f64(&self) -> Option<f64> {
        self.to_text().parse().ok()
    }

    /// From a float (a spreadsheet cell), without binary noise.
    pub fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        // Shortest text that reads back to the same float, then rounded to
        // 10 decimals to drop artefacts like 0.30000000000000004.
        let text = format!("{:.10}", v);
        let (negative, digits) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        Some(Decimal {
            negative,
            int: int.to_string(),
            frac: frac.to_string(),
        })
    }
}

const CURRENCY_WORDS: [(&str, &str); 12] = [
    ("R$", "BRL"),
    ("US$", "USD"),
    ("U$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("BRL", "BRL"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CAD", "CAD"),
    ("ARS", "ARS"),
    ("MXN", "MXN"),
];

/// Strips currency symbols and codes, spaces and parentheses (a negative),
/// returning the bare number text, whether it was in parentheses, and the
/// currency it named, if any.
pub fn strip_money(text: &str) -> (String, bool, Option<&'static str>) {
    let trimmed = text.trim();
    // Fast path: a bare number.
    if trimmed
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'e' | b'E'))
    {
        return (trimmed.to_string(), false, None);
    }
    let mut t = trimmed.to_string();
    let mut currency = None;
    for (sym, code) in CURRENCY_WORDS {
        if t.contains(sym) {
            t = t.replacen(sym, "", 1);
            currency = Some(code);
            break;
        }
    }
    let mut paren = false;
    let trimmed = t.trim();
    if trimmed.starts_with('(') && trimmed.ends_with(')') && trimmed.len() >= 2 {
        paren = true;
        t = trimmed[1..trimmed.len() - 1].to_string();
    }
    let t: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$' && *c != '\u{a0}' && *c != '\'')
        .collect();
    (t, paren, currency)
}

/// What this (already stripped) text says about the decimal separator.
pub fn number_evidence(t: &str) -> NumberEvidence {
    let body = t.trim_start_matches(['-', '+']);
    if body.is_empty() {
        return NumberEvidence::NotANumber;
    }
    // Scientific notation: mantissa decides (8.48E10).
    let mantissa = match body.find(['e', 'E']) {
        Some(p) => {
            let exp = &body[p + 1..];
            let exp = exp.trim_start_matches(['-', '+']);
            if exp.is_empty() || !exp.bytes().all(|b| b.is_ascii_digit()) {
                return NumberEvidence::NotANumber;
            }
            &body[..p]
        }
        None => body,
    };
    if mantissa.is_empty()
        || !mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return NumberEvidence::NotANumber;
    }
    let dots = mantissa.matches('.').count();
    let commas = mantissa.matches(',').count();
    match (dots, commas) {
        (0, 0) => NumberEvidence::Plain,
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let style_if_decimal = if sep == '.' {
                DecimalStyle::Dot
            } else {
                DecimalStyle::Comma
            };
            let other = if sep == '.' {
                DecimalStyle::Comma
            } else {
                DecimalStyle::Dot
            };
            let groups: Vec<&str> = mantissa.split(sep).collect();
            let thousands_shape = groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|g| g.len() == 3);
            if groups.len() > 2 {
                // Several: only thousands separators.
                if thousands_shape {
                    NumberEvidence::Proves(other)
                } else {
                    NumberEvidence::NotANumber
                }
            } else if thousands_shape && groups[0] != "0" {
                NumberEvidence::Ambiguous
            } else {
                NumberEvidence::Proves(style_if_decimal)
            }
        }
        _ => {
            let last_dot = mantissa.rfind('.').unwrap_or(0);
            let last_comma = mantissa.rfind(',').unwrap_or(0);
            let style = if last_dot > last_comma {
                DecimalStyle::Dot
            } else {
                DecimalStyle::Comma
            };
            match parse_number_with(t, style) {
                Some(_) => NumberEvidence::Proves(style),
                None => NumberEvidence::NotANumber,
            }
        }
    }
}

/// Reads stripped number text with a known decimal style.
pub fn parse_number_with(t: &str, style: DecimalStyle) -> Option<Decimal> {
    let (negative, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(p) => {
            let e: i32 = body[p + 1..].parse().ok()?;
            (&body[..p], e)
        }
        None => (body, 0),
    };
    let (dec, thou) = match style {
        DecimalStyle::Dot => ('.', ','),
        DecimalStyle::Comma => (',', '.'),
    };
    let (int_part, frac_part) = match mantissa.split_once(dec) {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if frac_part.contains([dec, thou]) {
        return None;
    }
    // Thousands separators: groups of three after the first.
    let groups: Vec<&str> = int_part.split(thou).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let int: String = groups.concat();
    if int.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut int = int;
    let mut frac = frac_part.to_string();
    // Shift the decimal point by the exponent, in text (no float error).
    if exp > 0 {
        for _ in 0..exp {
            if frac.is_empty() {
                int.push('0');
            } else {
                int.push(frac.remove(0));
            }
        }
    } else if exp < 0 {
        for _ in 0..(-exp) {
            match int.pop() {
                Some(c) => frac.insert(0, c),
                None => frac.insert(0, '0'),
            }
        }
    }
    if exp.unsigned_abs() > 400 {
        return None;
    }
    Some(Decimal {
        negative,
        int,
        frac,
    })
}

/// `str::trim`, answered at once for text that starts and ends with a
/// visible ASCII character (most cells): Unicode's whitespace test per
/// call showed up in import profiles.
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// `YYYY-MM`. Imports write one per row, so without `format!`'s machinery
/// (it showed up in import profiles).
pub fn month_text(year: i32, month: u32) -> String {
    let mut text = String::with_capacity(10);
    match u32::try_from(year) {
        Ok(year) => push_digits(&mut text, year, 4),
        Err(_) => text.push_str(&format!("{year:04}")),
    }
    text.push('-');
    push_digits(&mut text, month, 2);
    text
}

/// `value` in decimal, zero-padded to `width` digits.
fn push_digits(text: &mut String, mut value: u32, width: usize) {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for _ in digits.len() - start..width {
        text.push('0');
    }
    // ASCII digits: always UTF-8.
    if let Ok(digits) = std::str::from_utf8(&digits[start..]) {
        text.push_str(digits);
    }
}

/// A calendar date or date-time, with an optional UTC offset in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Seconds since midnight, when there was a time.
    pub time: Option<u32>,
    pub offset_minutes: Option<i32>,
}

impl DateTime {
    pub fn date_text(&self) -> String {
        let mut text = month_text(self.year, self.month);
        text.push('-');
        push_digits(&mut text, self.day, 2);
        text
    }

    pub fn month_text(&self) -> String {
        month_text(self.year, self.month)
    }

    pub fn instant_text(&self) -> String {
        let t = self.time.unwrap_or(0);
        let mut s = format!(
            "{}T{:02}:{:02}:{:02}",
            self.date_text(),
            t / 3600,
            t / 60 % 60,
            t % 60
        );
        if let Some(off) = self.offset_minutes {
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.unsigned_abs();
            s.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
        }
        s
    }

    /// From days since 1970-01-01 plus seconds.
    pub fn from_days(days: i64, secs: Option<u32>) -> DateTime {
        let (y, m, d) = civil_from_days(days);
        DateTime {
            year: y,
            month: m,
            day: d,
            time: secs,
            offset_minutes: None,
        }
    }

    /// An Excel serial date (1900 system, or 1904 when `date1904`).
    pub fn from_excel_serial(serial: f64, date1904: bool) -> Option<DateTime> {
        if !serial.is_finite() || !(0.0..=2_958_466.0).contains(&serial) {
            return None;
        }
        let days = serial.floor() as i64;
        let secs = ((serial - serial.floor()) * 86_400.0).round() as u32;
        // 1900 system: day 25569 is 1970-01-01 (Excel's fake 1900-02-29 included).
        let epoch = if date1904 { 24107 } else { 25569 };
        let mut unix_days = days - epoch;
        if !date1904 && days < 60 {
            unix_days += 1;
        }
        let (extra_day, secs) = if secs >= 86_400 { (1, 0) } else { (0, secs) };
        Some(DateTime::from_days(
            unix_days + extra_day,
            if secs > 0 { Some(secs) } else { None },
        ))
    }
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's civil_from_days.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid_date(y: i32, m: u32, d: u32) -> bool {
    (1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Day/month order for slashed dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `dd/mm/yyyy`
    Dmy,
    /// `mm/dd/yyyy`
    Mdy,
}

/// What a date value says about day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateEvidence {
    /// No slashed day/month part (ISO, yyyymmdd, serial …).
    Neutral,
    Proves(DayOrder),
    /// Both parts ≤ 12.
    Either,
    NotADate,
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

const MONTH_NAMES: [(&str, u32); 36] = [
    ("jan", 1),
    ("fev", 2),
    ("feb", 2),
    ("mar", 3),
    ("abr", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("ago", 8),
    ("aug", 8),
    ("set", 9),
    ("sep", 9),
    ("out", 10),
    ("oct", 10),
    ("nov", 11),
    ("dez", 12),
    ("dec", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("marco", 3),
    ("abril", 4),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("agosto", 8),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("june", 6),
];

fn month_name(s: &str) -> Option<u32> {
    let n = crate::aliases::normalize(s);
    let n = n.trim_end_matches('.');
    MONTH_NAMES
        .iter()
        .find(|(name, _)| *name == n)
        .map(|(_, m)| *m)
        .or(match n {
            "july" => Some(7),
            "august" => Some(8),
            "september" | "sept" => Some(9),
            "october" => Some(10),
            "november" => Some(11),
            "december" => Some(12),
            _ => None,
        })
}

/// Splits `date[ T]time[offset]`.
fn split_date_time(t: &str) -> (&str, Option<&str>) {
    let bytes = t.as_bytes();
    let split = (1..bytes.len().saturating_sub(1))
        .find(|&i| (bytes[i] == b'T' || bytes[i] == b' ') && bytes[i + 1].is_ascii_digit());
    if let Some(p) = split {
        let (d, rest) = t.split_at(p);
        let rest = rest[1..].trim();
        if rest.is_empty() {
            (d, None)
        } else {
            (d, Some(rest))
        }
    } else {
        (t, None)
    }
}

/// `HH:MM[:SS[.fff]]` with an optional `Z`/`±HH[:MM]`/`±HHMM` offset and
/// an optional AM/PM.
fn parse_time(t: &str) -> Option<(u32, Option<i32>)> {
    let mut t = t.trim();
    let mut pm = None;
    for (suffix, is_pm) in [(" PM", true), (" AM", false), ("PM", true), ("AM", false)] {
        let cut = t.len().saturating_sub(suffix.len());
        if t.len() > suffix.len()
            && t.get(cut..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
        {
            t = t[..cut].trim();
            pm = Some(is_pm);
            break;
        }
    }
    let (clock, offset) = match t.find(['Z', 'z', '+', '-']) {
        Some(p) => (&t[..p], Some(t[p..].trim())),
        None => (t, None),
    };
    let mut parts = clock.trim().split(':');
    let mut h = digits(parts.next()?)?;
    let mi = digits(parts.next()?)?;
    let s = match parts.next() {
        Some(sec) => digits(sec.split(['.', ',']).next().unwrap_or(""))?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    if let Some(pm) = pm {
        if h == 0 || h > 12 {
            return None;
        }
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let off = match offset {
        None => None,
        Some(o) if o.eq_ignore_ascii_case("z") => Some(0),
        Some(o) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let body: String = o[1..].chars().filter(|c| *c != ':').collect();
            let (oh, om) = match body.len() {
                2 => (digits(&body)?, 0),
                4 => (digits(&body[..2])?, digits(&body[2..])?),
                _ => return None,
            };
            if oh > 14 || om > 59 {
                return None;
            }
            Some(sign * (oh as i32 * 60 + om as i32))
        }
    };
    Some((h * 3600 + mi * 60 + s.min(59), off))
}

/// What a date text says about day/month order.
pub fn date_evidence(text: &str) -> DateEvidence {
    let t = text.trim();
    let (date, _) = split_date_time(t);
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    if parts.len() == 3 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        let (Some(a), Some(b)) = (digits(parts[0]), digits(parts[1])) else {
            return if parse_date(t, DayOrder::Dmy).is_some() {
                DateEvidence::Neutral
            } else {
                DateEvidence::NotADate
            };
        };
        let dmy = parse_date(t, DayOrder::Dmy).is_some();
        let mdy = parse_date(t, DayOrder::Mdy).is_some();
        return match (dmy, mdy) {
            (true, true) if a == b => DateEvidence::Neutral,
            (true, true) => DateEvidence::Either,
            (true, false) => DateEvidence::Proves(DayOrder::Dmy),
            (false, true) => DateEvidence::Proves(DayOrder::Mdy),
            (false, false) => DateEvidence::NotADate,
        };
    }
    if parse_date(t, DayOrder::Dmy).is_some() {
        DateEvidence::Neutral
    } else {
        DateEvidence::NotADate
    }
}

/// Reads a date or date-time text. Two-digit years are not accepted
/// (`01/02/03` is too ambiguous), except with a month name (`19-mai-17`).
pub fn parse_date(text: &str, order: DayOrder) -> Option<DateTime> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // yyyymmdd
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y = digits(&t[..4])? as i32;
        let m = digits(&t[4..6])?;
        let d = digits(&t[6..])?;
        return valid_date(y, m, d).then_some(DateTime {
            year: y,
            month: m,
            day: d,
            time: None,
            offset_minutes: None,
        });
    }
    let (date, time) = split_date_time(t);
    // `07/15/2009T02:14:45` has a T; `2009-07-14 22:14` a space.
    let (time, offset) = match time {
        Some(tt) => {
            let (secs, off) = parse_time(tt)?;
            (Some(secs), off)
        }
        None => (None, None),
    };
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    if parts.len() != 3 {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (
            digits(parts[0])? as i32,
            digits(parts[1])?,
            digits(parts[2])?,
        )
    } else if parts[2].len() == 4 {
        let y = digits(parts[2])? as i32;
        if let Some(m) = month_name(parts[1]) {
            (y, m, digits(parts[0])?)
        } else if let Some(m) = month_name(parts[0]) {
            (y, m, digits(parts[1])?)
        } else {
            let a = digits(parts[0])?;
            let b = digits(parts[1])?;
            match order {
                DayOrder::Dmy => (y, b, a),
                DayOrder::Mdy => (y, a, b),
            }
        }
    } else if parts[2].len() == 2 {
        // `19-mai-17`: only with a month name.
        let m = month_name(parts[1])?;
        let yy = digits(parts[2])? as i32;
        (
            if yy < 70 { 2000 + yy } else { 1900 + yy },
            m,
            digits(parts[0])?,
        )
    } else {
        return None;
    };
    valid_date(y, m, d).then_some(DateTime {
        year: y,
        month: m,
        day: d,
        time,
        offset_minutes: offset,
    })
}

/// Reads a month: `2025-01`, `01/2025`, `2025/01`, `202501`, `jan/2025`,
/// `janeiro de 2025`, or any date (its month).
pub fn parse_month(text: &str, order: DayOrder) -> Option<(i32, u32)> {
    let t = trim(text);
    // Fast path: `YYYY-MM`.
    let b = t.as_bytes();
    if b.len() == 7
        && b[4] == b'-'
        && let (Some(y), Some(m)) = (digits(&t[..4]), digits(&t[5..]))
        && (1..=12).contains(&m)
        && (1000..=9999).contains(&y)
    {
        return Some((y as i32, m));
    }
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y = digits(&t[..4])? as i32;
        let m = digits(&t[4..])?;
        return ((1..=12).contains(&m) && (1000..=9999).contains(&y)).then_some((y, m));
    }
    let norm = crate::aliases::normalize(t);
    let parts: Vec<&str> = norm
        .split(' ')
        .filter(|p| *p != "de" && *p != "of")
        .collect();
    if parts.len() == 2 {
        let (a, b) = (parts[0], parts[1]);
        let pick = |year: &str, month: &str| -> Option<(i32, u32)> {
            if year.len() != 4 {
                return None;
            }
            let y = digits(year)? as i32;
            let m = digits(month).or_else(|| month_name(month))?;
            ((1..=12).contains(&m) && (1000..=9999).contains(&y)).then_some((y, m))
        };
        if let Some(r) = pick(a, b).or_else(|| pick(b, a)) {
            return Some(r);
        }
        if b.len() == 2 {
            // `jan/25`
            if let (Some(m), Some(yy)) = (month_name(a), digits(b)) {
                return Some((2000 + yy as i32, m));
            }
        }
    }
    parse_date(t, order).map(|d| (d.year, d.month))
}

/// Reads a yes/no value in English or Portuguese.
pub fn parse_bool(text: &str) -> Option<bool> {
    match crate::aliases::normalize(text).as_str() {
        "yes" | "y" | "true" | "t" | "1" | "sim" | "s" | "verdadeiro" | "v" | "x" | "on" => {
            Some(true)
        }
        "no" | "n" | "false" | "f" | "0" | "nao" | "falso" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_matches_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a\u{a0}",
            "ação",
            " x y ",
            "\tz\n",
            "1.5",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn dates_and_months_are_written_zero_padded() {
        let at = |year, month, day| DateTime {
            year,
            month,
            day,
            time: None,
            offset_minutes: None,
        };
        assert_eq!(at(2025, 1, 2).date_text(), "2025-01-02");
        assert_eq!(at(987, 12, 31).date_text(), "0987-12-31");
        assert_eq!(at(12345, 10, 10).month_text(), "12345-10");
        assert_eq!(at(-44, 3, 15).date_text(), "-044-03-15");
        assert_eq!(month_text(0, 7), "0000-07");
    }

    fn num(t: &str, s: DecimalStyle) -> Option<String> {
        parse_number_with(t, s).map(|d| d.to_text())
    }

    #[test]
    fn numbers() {
        use DecimalStyle::*;
        assert_eq!(num("1,234.56", Dot).as_deref(), Some("1234.56"));
        assert_eq!(num("1.234,56", Comma).as_deref(), Some("1234.56"));
        assert_eq!(num("8.48E10", Dot).as_deref(), Some("84800000000"));
        assert_eq!(num("1.5e-3", Dot).as_deref(), Some("0.0015"));
        assert_eq!(num("-0012", Dot).as_deref(), Some("-12"));
        assert_eq!(num("1,23,4", Dot), None);
        assert_eq!(number_evidence("1,234.56"), NumberEvidence::Proves(Dot));
        assert_eq!(number_evidence("1.234,56"), NumberEvidence::Proves(Comma));
        assert_eq!(number_evidence("12,5"), NumberEvidence::Proves(Comma));
        assert_eq!(number_evidence("1,234"), NumberEvidence::Ambiguous);
        assert_eq!(
            number_evidence("200.000.000"),
            NumberEvidence::Proves(Comma)
        );
        assert_eq!(number_evidence("0,500"), NumberEvidence::Proves(Comma));
        assert_eq!(number_evidence("12a"), NumberEvidence::NotANumber);
        let (t, paren, cur) = strip_money("R$ 1.234,56");
        assert_eq!((t.as_str(), paren, cur), ("1.234,56", false, Some("BRL")));
        assert_eq!(strip_money("($12.00)").0, "12.00");
        assert_eq!(
            Decimal::from_f64(0.1 + 0.2).map(|d| d.to_text()).as_deref(),
            Some("0.3")
        );
    }

    #[test]
    fn dates() {
        let d = |t: &str, o| parse_date(t, o).map(|d| d.instant_text());
        assert_eq!(
            d("2024-03-05", DayOrder::Dmy).as_deref(),
            Some("2024-03-05T00:00:00")
        );
        assert_eq!(
            d("05/03/2024", DayOrder::Dmy).as_deref(),
            Some("2024-03-05T00:00:00")
        );
        assert_eq!(
            d("03/05/2024", DayOrder::Mdy).as_deref(),
            Some("2024-03-05T00:00:00")
        );
        assert_eq!(
            d("20240305", DayOrder::Mdy).as_deref(),
            Some("2024-03-05T00:00:00")
        );
        assert_eq!(
            d("07/15/2009 02:14:45+0800", DayOrder::Mdy).as_deref(),
            Some("2009-07-15T02:14:45+08:00")
        );
        assert_eq!(
            d("2006-04-15T03:23:15.000Z", DayOrder::Dmy).as_deref(),
            Some("2006-04-15T03:23:15+00:00")
        );
        assert_eq!(
            d("2023-07-28 3:00", DayOrder::Dmy).as_deref(),
            Some("2023-07-28T03:00:00")
        );
        assert_eq!(
            d("5/19/2006 0:00:00", DayOrder::Mdy).as_deref(),
            Some("2006-05-19T00:00:00")
        );
        assert_eq!(
            d("19-mai-17", DayOrder::Dmy).as_deref(),
            Some("2017-05-19T00:00:00")
        );
        assert_eq!(d("31/02/2024", DayOrder::Dmy), None);
        // Never panics on text that is not a date.
        for junk in [
            "1€",
            "2024-01-01 1€",
            "2024-01-01 12:00 ção",
            "é/é/éééé",
            "99999999",
            "--",
            "T T",
        ] {
            let _ = parse_date(junk, DayOrder::Dmy);
            let _ = parse_month(junk, DayOrder::Mdy);
            let _ = date_evidence(junk);
        }
        assert_eq!(
            date_evidence("31/12/2012"),
            DateEvidence::Proves(DayOrder::Dmy)
        );
        assert_eq!(
            date_evidence("12/31/2012"),
            DateEvidence::Proves(DayOrder::Mdy)
        );
        assert_eq!(date_evidence("02/01/2014"), DateEvidence::Either);
        assert_eq!(date_evidence("2014-01-02"), DateEvidence::Neutral);
        let s = DateTime::from_excel_serial(45292.0, false).map(|d| d.date_text());
        assert_eq!(s.as_deref(), Some("2024-01-01"));
        let s = DateTime::from_excel_serial(43831.0 - 1462.0, true).map(|d| d.date_text());
        assert_eq!(s.as_deref(), Some("2020-01-01"));
    }

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 19_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(2024, 3, 1), 19_783);
    }

    #[test]
    fn months() {
        let m = |t: &str| parse_month(t, DayOrder::Dmy);
        assert_eq!(m("2025-01"), Some((2025, 1)));
        assert_eq!(m("01/2025"), Some((2025, 1)));
        assert_eq!(m("202501"), Some((2025, 1)));
        assert_eq!(m("jan/2025"), Some((2025, 1)));
        assert_eq!(m("Março de 2025"), Some((2025, 3)));
        assert_eq!(m("2025-01-31"), Some((2025, 1)));
        assert_eq!(m("13/2025"), None);
    }
}
