//! Survey responses and tickets of no account, as the window names them
//! (issue #24, data-model.md): "no account" for a ticket, "anonymous" for
//! a response, never a blank cell: in the import preview, the import
//! report's matching line and a support card's door.

use super::super::i18n::fill;
use super::super::i18n::surveys::SurveysTr;
use crate::format::{self, Locale};
use crate::metrics::Door;
use crate::store::Matching;

/// Whether records of `kind` may belong to no account.
fn may_have_none(kind: &str) -> bool {
    matches!(kind, "ticket" | "survey_response")
}

/// A preview cell of `field` that is empty for a record that may belong
/// to no account: drawn as "no account"/"anonymous" with why, and `true`;
/// `false` (nothing drawn) otherwise.
pub fn preview_cell(
    ui: &mut egui::Ui,
    kind: Option<&str>,
    field: &str,
    value: &str,
    locale: Locale,
) -> bool {
    let Some(kind) = kind.filter(|k| may_have_none(k)) else {
        return false;
    };
    if field != "account" || !value.trim().is_empty() {
        return false;
    }
    let st = SurveysTr::get(locale);
    let (word, hint) = if kind == "ticket" {
        (st.no_account, st.no_account_hint)
    } else {
        (st.anonymous, st.anonymous_hint)
    };
    ui.label(egui::RichText::new(word).weak().italics())
        .on_hover_text(hint);
    true
}

/// The import report's line on how its responses and tickets found their
/// account, in the locale; `None` when it had none. `kinds` are the
/// file's record kinds (a ticket file says "no account", a survey file
/// "anonymous").
pub fn matching_line(m: &Matching, kinds: &[String], locale: Locale) -> Option<String> {
    if m.is_empty() {
        return None;
    }
    let st = SurveysTr::get(locale);
    let n = |v: u64| format::integer(v as i64, locale);
    let mut parts = Vec::new();
    for (count, text) in [
        (m.by_account, st.matched_by_account),
        (m.by_email, st.matched_by_email),
        (m.by_domain, st.matched_by_domain),
    ] {
        if count > 0 {
            parts.push(fill(text, &[("n", &n(count))]));
        }
    }
    let mut line = Vec::new();
    if !parts.is_empty() {
        line.push(fill(st.matched, &[("parts", &parts.join(", "))]));
    }
    if m.anonymous > 0 {
        let surveys_only =
            kinds.iter().any(|k| k == "survey_response") && !kinds.iter().any(|k| k == "ticket");
        let text = if surveys_only {
            st.matched_anonymous
        } else {
            st.matched_none
        };
        let mut part = fill(text, &[("n", &n(m.anonymous))]);
        if m.unknown_account > 0 {
            part.push_str(&fill(st.matched_unknown, &[("n", &n(m.unknown_account))]));
        }
        line.push(part);
    }
    if m.rematched > 0 {
        line.push(fill(st.rematched, &[("n", &n(m.rematched))]));
    }
    Some(format!("{}.", line.join("; ")))
}

/// A door's label with what its list cannot show: the `n` records of no
/// account the card counts (tickets, or survey responses).
pub fn door_label(label: &str, door: Door, n: u64, locale: Locale) -> String {
    let st = SurveysTr::get(locale);
    let (one, many) = match door {
        Door::Ticketed | Door::OpenTickets => (st.door_tickets_one, st.door_tickets_many),
        Door::Detractors | Door::Respondents => (st.door_responses_one, st.door_responses_many),
        _ => return label.to_string(),
    };
    match n {
        0 => label.to_string(),
        1 => format!("{label} {one}"),
        _ => format!(
            "{label} {}",
            fill(many, &[("n", &format::integer(n as i64, locale))])
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matching_line_names_tickets_of_no_account_in_each_language() {
        let m = Matching {
            by_account: 1,
            by_email: 2,
            by_domain: 1,
            anonymous: 2,
            unknown_account: 1,
            rematched: 0,
        };
        let tickets = vec!["ticket".to_string()];
        assert_eq!(
            matching_line(&m, &tickets, Locale::En).as_deref(),
            Some(
                "Matched to an account: 1 by the account the file names, 2 by a contact's e-mail, 1 by the e-mail's domain; 2 with no account (in the company's figures only), 1 of them naming an account not in this database."
            )
        );
        assert_eq!(
            matching_line(&m, &tickets, Locale::PtBr).as_deref(),
            Some(
                "Ligados a uma conta: 1 pela conta que o arquivo cita, 2 pelo e-mail de um contato, 1 pelo domínio do e-mail; 2 sem conta (só nos números da empresa), 1 citando uma conta que não está neste banco de dados."
            )
        );
        let surveys = vec!["survey_response".to_string()];
        let anonymous = Matching {
            anonymous: 1234,
            ..Matching::default()
        };
        assert_eq!(
            matching_line(&anonymous, &surveys, Locale::PtBr).as_deref(),
            Some("1.234 anônimas (só nos números da empresa).")
        );
        assert_eq!(
            matching_line(&Matching::default(), &tickets, Locale::En),
            None
        );
    }

    #[test]
    fn a_support_door_says_how_many_tickets_it_cannot_list() {
        let l = "Opened a ticket · Mar 2025";
        assert_eq!(door_label(l, Door::Ticketed, 0, Locale::En), l);
        assert_eq!(
            door_label(l, Door::Ticketed, 1, Locale::En),
            format!("{l} — and 1 ticket with no account, in the company's figure only")
        );
        assert_eq!(
            door_label(l, Door::OpenTickets, 2, Locale::PtBr),
            format!("{l} — e 2 chamados sem conta, só no número da empresa")
        );
        assert_eq!(
            door_label(l, Door::Respondents, 3, Locale::En),
            format!("{l} — and 3 anonymous responses, in the company's figure only")
        );
        // A door of accounts only says nothing more.
        assert_eq!(door_label(l, Door::Active, 5, Locale::En), l);
    }
}
