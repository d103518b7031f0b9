//! Status values a file holds that no importer knows (row problems coded
//! `unknown_status`), offered in the import view's mapping as active,
//! churned, prospect or skip: from the preview's rows as soon as the file
//! is inspected, and from every row once a dry run has read them all.

use crate::importing::RowProblem;

/// The code the tabular importers give a status they cannot read.
pub const UNKNOWN_STATUS: &str = "unknown_status";

/// What a status value can be mapped to, in the editor's order.
pub const TARGETS: [&str; 4] = ["active", "churned", "prospect", "skip"];

/// The distinct unknown status values among `problems`, in the order met
/// (the value the problem carries, else its message's first `quoted` text).
pub fn unknown_values<'a>(problems: impl IntoIterator<Item = &'a RowProblem>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in problems {
        if p.code != UNKNOWN_STATUS {
            continue;
        }
        let value = p
            .args
            .get("value")
            .map(String::as_str)
            .or_else(|| p.message.split('`').nth(1));
        if let Some(v) = value
            && !out.iter().any(|o| o == v)
        {
            out.push(v.to_string());
        }
    }
    out
}

/// Adds each of `values` to `map` (source → target) with no target yet,
/// unless it is already there (ignoring case and surrounding spaces).
/// Returns how many were added.
pub fn offer(map: &mut Vec<(String, String)>, values: &[String]) -> usize {
    let mut added = 0;
    for v in values {
        let known = map
            .iter()
            .any(|(from, _)| from.trim().eq_ignore_ascii_case(v.trim()));
        if !known {
            map.push((v.clone(), String::new()));
            added += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::importing::Severity;

    fn problem(code: &str, message: &str) -> RowProblem {
        RowProblem {
            severity: Severity::Error,
            file: None,
            sheet: None,
            row: Some(2),
            column: Some("Categoria".into()),
            code: code.into(),
            message: message.into(),
            args: Default::default(),
        }
    }

    #[test]
    fn unknown_values_are_collected_once_and_offered_unchosen() {
        let problems = [
            problem(
                UNKNOWN_STATUS,
                "`7` is not a status Tenure knows (active, churned or prospect); map the value to one of them, or to skip to leave its rows out.",
            ),
            problem("not_a_number", "`x` is not a number."),
            problem(UNKNOWN_STATUS, "`Parceiro` is not a status Tenure knows."),
            problem(UNKNOWN_STATUS, "`7` is not a status Tenure knows."),
        ];
        let values = unknown_values(&problems);
        assert_eq!(values, ["7", "Parceiro"]);
        let mut map = vec![("parceiro ".to_string(), "skip".to_string())];
        assert_eq!(offer(&mut map, &values), 1);
        assert_eq!(
            map,
            [
                ("parceiro ".to_string(), "skip".to_string()),
                ("7".to_string(), String::new())
            ]
        );
        assert_eq!(offer(&mut map, &values), 0);
    }
}
