//! Settings: language and theme (more settings arrive with later views).

use super::super::TenureApp;
use super::super::i18n::language_name;
use crate::format::Locale;

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    ui.add_space(16.0);
    ui.heading(tr.view_settings);
    ui.add_space(12.0);
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([24.0, 12.0])
        .show(ui, |ui| {
            ui.label(tr.language);
            ui.horizontal(|ui| {
                for l in [Locale::En, Locale::PtBr] {
                    ui.radio_value(&mut app.prefs.locale, l, language_name(l));
                }
            });
            ui.end_row();
            ui.label(tr.theme);
            ui.horizontal(|ui| {
                ui.radio_value(&mut app.prefs.dark, false, tr.theme_light);
                ui.radio_value(&mut app.prefs.dark, true, tr.theme_dark);
            });
            ui.end_row();
            ui.label(tr.database);
            ui.label(app.current_db.display().to_string());
            ui.end_row();
        });
}
