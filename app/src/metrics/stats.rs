//! Small statistics helpers: medians, means, rounding.

/// Median; the median of an even count is the mean of the two middle values.
/// `None` for an empty list. Reorders `values`.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (_, upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = values[..mid]
        .iter()
        .copied()
        .max_by(f64::total_cmp)
        .unwrap_or(upper);
    Some((lower + upper) / 2.0)
}

pub(crate) fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// `num / den`, `None` when the denominator is 0.
pub(crate) fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

/// Rounds a real amount of cents half up (away from zero) to whole cents.
pub(crate) fn round_cents(cents: f64) -> i64 {
    // A tiny nudge absorbs binary noise such as 0.49999999999 for an exact half.
    let nudged = cents.abs() + 1e-7;
    let r = (nudged + 0.5).floor();
    (if cents < 0.0 { -r } else { r }) as i64
}

/// Rounds a score half up to an integer in 0..=100.
pub(crate) fn round_score(score: f64) -> u8 {
    (score + 0.5 + 1e-9).floor().clamp(0.0, 100.0) as u8
}
