//! The first import's currency question (revenue.md "Currencies"): when the
//! dry run found that the database has no money yet and the files' money
//! is all in one other currency, pressing Import asks whether to report in
//! it; the answer goes with the import. Also the line each report shows
//! about what the import did to the reporting currency.

use crate::format::Locale;
use crate::importing::first_currency::{CurrencyChoice, CurrencyDecision};
use crate::ui::TenureApp;
use crate::ui::i18n::{currency, fill};
use crate::ui::import_jobs::RunOutcome;

/// The dry run's proposal, if it found one the person must answer.
pub fn proposal(outcome: Option<&RunOutcome>) -> Option<CurrencyDecision> {
    let o = outcome.filter(|o| o.dry_run)?;
    o.reports
        .iter()
        .find_map(|r| r.reporting_currency.clone())
        .filter(CurrencyDecision::changes)
}

/// The modal, while a question is open; an answer starts the import.
pub fn show(app: &mut TenureApp, ctx: &egui::Context, locale: Locale, db: &std::path::Path) {
    // Screenshot switch (`TENURE_ASK_CURRENCY=1`, with `tenure FILE`): ask
    // as soon as the automatic dry run proposes, as pressing Import would.
    if app.screenshot.is_some()
        && app.data.import.currency_question.is_none()
        && app.data.import.running.is_none()
        && std::env::var_os("TENURE_ASK_CURRENCY").is_some()
    {
        app.data.import.currency_question = proposal(app.data.import.outcome.as_ref());
    }
    let Some(q) = app.data.import.currency_question.clone() else {
        return;
    };
    let t = currency::get(locale);
    let found = q.currency.as_str();
    let current = q.previous.as_str();
    let pairs = [("found", found), ("current", current)];
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("currency_question")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(t.title);
        ui.add_space(8.0);
        ui.label(egui::RichText::new(fill(t.question, &pairs)).strong());
        ui.add_space(4.0);
        ui.label(fill(t.explain, &pairs));
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui
                .button(egui::RichText::new(fill(t.adopt, &pairs)).strong())
                .clicked()
            {
                answer = Some(CurrencyChoice::Adopt);
            }
            if ui.button(fill(t.keep, &pairs)).clicked() {
                answer = Some(CurrencyChoice::Keep);
            }
        });
    });
    if let Some(choice) = answer {
        app.data.import.currency_question = None;
        app.data
            .start_run_choosing(ctx, db, false, locale.code(), choice);
    }
}

/// What the run did (or, dry, would do) to the reporting currency, in the
/// person's language; `None` when it did nothing.
pub fn outcome_line(outcome: &RunOutcome, locale: Locale) -> Option<String> {
    let d = outcome
        .reports
        .iter()
        .find_map(|r| r.reporting_currency.as_ref())?;
    let t = currency::get(locale);
    let found = d
        .found
        .iter()
        .map(|c| if c.is_empty() { "—" } else { c.as_str() })
        .collect::<Vec<_>>()
        .join(", ");
    let pairs = [("currency", d.currency.as_str()), ("found", found.as_str())];
    Some(match d.outcome.as_str() {
        "set" => fill(t.set_line, &pairs),
        "would_set" => fill(t.would_set_line, &pairs),
        "kept_by_choice" => fill(t.kept_line, &pairs),
        _ => fill(t.mixed_line, &pairs),
    })
}
