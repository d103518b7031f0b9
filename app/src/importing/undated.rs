//! Files without dates and records without accounts: the survey date a
//! person gives at import, and the report's words on how survey responses
//! and tickets found their account (data-model.md).
//!
//! The date travels to the plugin as the value map `date: {"*": DAY}`:
//! the tabular readers give it to every row whose file has no date column,
//! or whose date cell is empty. It is never saved with a column mapping
//! (the next file of the same layout is another survey).

use crate::domain::Date;
use crate::store::Matching;
use std::collections::BTreeMap;

/// The value-map key that stands for "every row" (also the survey tools').
pub const EVERY_ROW: &str = "*";

/// Gives `day` to the records of a file that has no date of its own.
pub fn give_date(value_map: &mut BTreeMap<String, BTreeMap<String, String>>, day: Date) {
    value_map
        .entry("date".to_string())
        .or_default()
        .insert(EVERY_ROW.to_string(), day.to_string());
}

/// The date given with [`give_date`], if any.
pub fn given_date(value_map: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Date> {
    let text = value_map.get("date")?.get(EVERY_ROW)?;
    Date::parse_iso(text.trim()).ok()
}

/// `value_map` without the given date, for saving with a mapping.
pub fn without_date(
    value_map: &BTreeMap<String, BTreeMap<String, String>>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = value_map.clone();
    if let Some(m) = out.get_mut("date") {
        m.remove(EVERY_ROW);
        if m.is_empty() {
            out.remove("date");
        }
    }
    out
}

/// One English line on how the import's responses and tickets found
/// their account; `None` when it had none.
pub fn matching_line(m: &Matching) -> Option<String> {
    if m.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if m.by_account > 0 {
        parts.push(format!("{} by account", m.by_account));
    }
    if m.by_email > 0 {
        parts.push(format!("{} by a contact's e-mail", m.by_email));
    }
    if m.by_domain > 0 {
        parts.push(format!("{} by e-mail domain", m.by_domain));
    }
    let mut line = String::new();
    if !parts.is_empty() {
        line = format!("Matched {}", parts.join(", "));
    }
    if m.anonymous > 0 {
        if !line.is_empty() {
            line.push_str("; ");
        }
        line.push_str(&format!(
            "{} anonymous (counted in the company's figures, in no account's or segment's)",
            m.anonymous
        ));
        if m.unknown_account > 0 {
            line.push_str(&format!(
                ", of which {} named an account that is not in the database",
                m.unknown_account
            ));
        }
    }
    if m.rematched > 0 {
        if !line.is_empty() {
            line.push_str("; ");
        }
        line.push_str(&format!(
            "{} earlier responses or tickets now matched to an account",
            m.rematched
        ));
    }
    line.push('.');
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_given_date_is_a_value_map_entry_that_is_never_saved() {
        let mut vm = BTreeMap::new();
        vm.entry("kind".to_string())
            .or_insert_with(BTreeMap::new)
            .insert("*".to_string(), "nps".to_string());
        give_date(
            &mut vm,
            Date::parse_iso("2025-03-31").unwrap_or_else(|e| panic!("{e}")),
        );
        assert_eq!(
            given_date(&vm).map(|d| d.to_string()).as_deref(),
            Some("2025-03-31")
        );
        let saved = without_date(&vm);
        assert!(!saved.contains_key("date"));
        assert_eq!(
            saved
                .get("kind")
                .and_then(|m| m.get("*"))
                .map(String::as_str),
            Some("nps")
        );
    }

    #[test]
    fn the_matching_line_counts_each_way() {
        let m = Matching {
            by_account: 2,
            by_email: 3,
            by_domain: 1,
            anonymous: 4,
            unknown_account: 1,
            rematched: 0,
        };
        assert_eq!(
            matching_line(&m).as_deref(),
            Some(
                "Matched 2 by account, 3 by a contact's e-mail, 1 by e-mail domain; 4 anonymous (counted in the company's figures, in no account's or segment's), of which 1 named an account that is not in the database."
            )
        );
        assert_eq!(matching_line(&Matching::default()), None);
    }
}
