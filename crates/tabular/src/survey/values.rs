//! Timestamps and scores as the survey tools write them.

use crate::aliases::normalize;

/// The date of a timestamp as the tools write it: `2024/01/15 10:23:45 AM
/// GMT-3`, `1/15/2024 10:23:45`, `2024-01-15T10:23:45Z`, Unix seconds.
pub fn date_part(text: &str) -> String {
    let t = text.trim();
    if (9..=11).contains(&t.len())
        && t.bytes().all(|b| b.is_ascii_digit())
        && let Ok(secs) = t.parse::<i64>()
    {
        let (y, m, d) = crate::values::civil_from_days(secs.div_euclid(86_400));
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let first = t.split_whitespace().next().unwrap_or("");
    match first.find('T') {
        Some(p) if p >= 8 && first[..4].bytes().all(|b| b.is_ascii_digit()) => {
            first[..p].to_string()
        }
        _ => first.to_string(),
    }
}

/// A score as the tools write it: `9`, `10 - Extremely likely`, or a CSAT
/// label (`Very satisfied` → 5). Other text is left for the person's
/// `--map-value score:TEXT=N` or the "not a number" row problem.
pub fn score_text(text: &str, kind: Option<&str>) -> Option<String> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = t[digits.len()..].trim_start();
        if rest.is_empty() || rest.starts_with(['-', '–', '—', '(', '=', ':']) {
            return Some(digits);
        }
        return None;
    }
    if kind == Some("csat") {
        let score = match normalize(t).as_str() {
            "very satisfied" | "muito satisfeito" | "muito satisfeita" => 5,
            "satisfied" | "somewhat satisfied" | "satisfeito" | "satisfeita" => 4,
            "neutral"
            | "neither satisfied nor dissatisfied"
            | "neutro"
            | "nem satisfeito nem insatisfeito" => 3,
            "dissatisfied" | "somewhat dissatisfied" | "insatisfeito" | "insatisfeita" => 2,
            "very dissatisfied" | "muito insatisfeito" | "muito insatisfeita" => 1,
            _ => return None,
        };
        return Some(score.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
    use super::*;

    #[test]
    fn dates_and_scores_as_tools_write_them() {
        assert_eq!(date_part("2024/01/15 10:23:45 AM GMT-3"), "2024/01/15");
        assert_eq!(date_part("1/15/2024 10:23:45"), "1/15/2024");
        assert_eq!(date_part("2024-01-15T10:23:45Z"), "2024-01-15");
        // 1713418460 s = 19831 days + 16460 s after 1970-01-01 → 2024-04-18.
        assert_eq!(date_part("1713418460"), "2024-04-18");
        assert_eq!(
            score_text("10 - Extremely likely", None).as_deref(),
            Some("10")
        );
        assert_eq!(
            score_text("Very satisfied", Some("csat")).as_deref(),
            Some("5")
        );
        assert_eq!(score_text("Very satisfied", Some("nps")), None);
        assert_eq!(score_text("9", None).as_deref(), Some("9"));
        assert_eq!(score_text("9x", None), None);
    }
}
