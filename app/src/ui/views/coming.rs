//! The note shown by views that later versions build.

use super::super::TenureApp;
use super::view_name;

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    ui.add_space(24.0);
    ui.heading(view_name(tr, app.prefs.view));
    ui.add_space(12.0);
    egui::Frame::group(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            ui.set_max_width(560.0);
            ui.label(egui::RichText::new(tr.coming_title).strong().size(16.0));
            ui.add_space(6.0);
            ui.label(tr.coming_body);
        });
}
