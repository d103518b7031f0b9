//! The import view's survey-date question (issue #24): a survey file with
//! no date column takes the date a person gives, by default the file's
//! modification date. A date column, when the file has one, wins.

use super::super::data_views::FileEntry;
use super::super::i18n::fill;
use super::super::i18n::surveys::SurveysTr;
use super::super::values::parse_date;
use crate::domain::Date;
use crate::format::{self, Locale};

/// The day a file was last changed (UTC), if the system says.
pub fn modified_day(path: &std::path::Path) -> Option<Date> {
    let secs = std::fs::metadata(path)
        .ok()?
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::from_days((secs / 86_400) as i32))
}

/// Two grid rows (label and box, then the hint) when the file needs a date.
/// True when the date to give changed (the default filled in, or a valid
/// date typed): the preview is then read again with it.
pub fn rows(ui: &mut egui::Ui, file: &mut FileEntry, locale: Locale, running: bool) -> bool {
    if !file.needs_date() {
        return false;
    }
    let tr = SurveysTr::get(locale);
    let first = file.survey_date.is_none();
    let text = file.survey_date.get_or_insert_with(|| {
        modified_day(&file.path)
            .map(|d| format::date(d, locale))
            .unwrap_or_default()
    });
    let mut changed = first && parse_date(text, locale).is_some();
    ui.label(tr.survey_date);
    ui.horizontal(|ui| {
        let edit = ui.add_enabled(
            !running,
            egui::TextEdit::singleline(text).desired_width(110.0),
        );
        if edit.changed() && parse_date(text, locale).is_some() {
            changed = true;
        }
        if parse_date(text, locale).is_none() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                fill(
                    tr.survey_date_invalid,
                    &[("example", &format::date(Date::today(), locale))],
                ),
            );
        }
    });
    ui.end_row();
    ui.label("");
    ui.add(egui::Label::new(egui::RichText::new(tr.survey_date_hint).weak()).wrap());
    ui.end_row();
    changed
}
