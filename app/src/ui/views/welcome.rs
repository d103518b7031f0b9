//! The welcome screen of an empty database: three ways in.

use super::super::TenureApp;
use super::super::model::View;
use std::sync::atomic::Ordering;

fn way_in(ui: &mut egui::Ui, title: &str, hint: &str, icon: &str) -> bool {
    let button = egui::Button::new(
        egui::RichText::new(format!("{icon}  {title}"))
            .size(18.0)
            .strong(),
    )
    .min_size(egui::vec2(420.0, 48.0));
    let clicked = ui.add(button).clicked();
    ui.label(egui::RichText::new(hint).weak());
    ui.add_space(14.0);
    clicked
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading(egui::RichText::new(tr.welcome_title).size(28.0).strong());
        ui.add_space(8.0);
        ui.label(egui::RichText::new(tr.welcome_body).size(16.0));
        ui.add_space(28.0);
        if let Some(job) = &app.demo {
            let done = job.done.load(Ordering::Relaxed);
            let fraction = if job.total == 0 {
                0.0
            } else {
                done as f32 / job.total as f32
            };
            ui.label(egui::RichText::new(tr.demo_generating).size(16.0));
            ui.add_space(8.0);
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(420.0)
                    .show_percentage()
                    .animate(true),
            );
            ui.add_space(8.0);
            if ui.button(tr.cancel).clicked() {
                job.cancel.store(true, Ordering::Relaxed);
            }
            return;
        }
        if way_in(ui, tr.welcome_import, tr.welcome_import_hint, "📥") {
            app.prefs.view = View::Import;
        }
        if way_in(ui, tr.welcome_demo, tr.welcome_demo_hint, "✨") {
            let ctx = ui.ctx().clone();
            app.start_demo(&ctx);
        }
        if way_in(ui, tr.welcome_add, tr.welcome_add_hint, "➕") {
            app.prefs.view = View::Accounts;
            app.show_form = true;
        }
        if let Some(notice) = &app.notice {
            ui.add_space(8.0);
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
    });
}
