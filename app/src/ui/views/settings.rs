//! Settings: language and theme (window preferences), the database's
//! settings (currency, gross margin, CES scale, activation window, health
//! weights with a live preview of band changes), where the data file is,
//! and backup / restore. Reads, writes and previews run on the worker.

use super::super::TenureApp;
use super::super::file_choice::{Ask, Pending};
use super::super::i18n::{DataTr, fill, language_name};
use super::super::settings_jobs::{SettingsCmd, validate};
use crate::format::{self, Locale};
use std::path::PathBuf;

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let t = tr.data;
    let locale = app.prefs.locale;
    let ctx = ui.ctx().clone();
    let s = &mut app.data.settings;
    if !s.requested {
        s.requested = true;
        app.send_settings(SettingsCmd::Load);
    }
    poll_dialog(app, &ctx);
    ui.add_space(12.0);
    ui.heading(tr.view_settings);
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("settings_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            section(ui, t.window_section);
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
                });
            ui.add_space(12.0);
            database_settings(app, ui, t, locale);
            ui.add_space(12.0);
            // Once the rates are in: a scroll asked before the content's
            // size is known is clamped away.
            if app.scroll_to == Some(super::super::ScrollTo::Rates)
                && app.data.settings.fx.is_some()
            {
                app.scroll_to = None;
                ui.scroll_to_cursor(Some(egui::Align::TOP));
            }
            super::rates::show(app, ui);
            ui.add_space(12.0);
            data_file(app, ui, t, &ctx);
        });
    restore_confirmation(app, &ctx, t);
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.label(egui::RichText::new(title).strong().size(16.0));
    ui.add_space(4.0);
}

fn poll_dialog(app: &mut TenureApp, _ctx: &egui::Context) {
    let s = &mut app.data.settings;
    let Some((ask, answer)) = s
        .dialog
        .as_ref()
        .and_then(|d| d.poll().map(|a| (d.ask.clone(), a)))
    else {
        return;
    };
    s.dialog = None;
    let Some(path) = answer.and_then(|p| p.into_iter().next()) else {
        return;
    };
    s.backup_path = path.display().to_string();
    match ask {
        Ask::SaveBackup(_) => {
            s.busy = true;
            s.backup_result = None;
            app.send_settings(SettingsCmd::Backup(path));
        }
        Ask::OpenBackup => s.confirm_restore = Some(path),
        Ask::OpenDatabase => {
            s.backup_path.clear();
            switch_database(app, path);
        }
        _ => {}
    }
}

fn database_settings(app: &mut TenureApp, ui: &mut egui::Ui, t: &DataTr, locale: Locale) {
    section(ui, t.database_section);
    if let Some(e) = &app.data.settings.load_error {
        ui.colored_label(ui.visuals().error_fg_color, e);
        return;
    }
    let (Some(mut edit), Some(stored)) = (
        app.data.settings.edit.clone(),
        app.data.settings.stored.clone(),
    ) else {
        ui.spinner();
        return;
    };
    let mut margin_pct = edit.gross_margin * 100.0;
    egui::Grid::new("db_settings")
        .num_columns(2)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            ui.label(t.currency);
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut edit.currency)
                        .desired_width(60.0)
                        .char_limit(3),
                );
                ui.label(egui::RichText::new(t.currency_hint).weak());
            });
            ui.end_row();
            ui.label(t.gross_margin);
            ui.horizontal(|ui| {
                ui.add(
                    egui::DragValue::new(&mut margin_pct)
                        .range(1.0..=100.0)
                        .speed(0.5)
                        .suffix(" %")
                        .custom_formatter(|v, _| format::number(v, 1, locale)),
                );
                ui.label(egui::RichText::new(t.gross_margin_hint).weak());
            });
            ui.end_row();
            ui.label(t.ces_scale);
            ui.vertical(|ui| {
                ui.radio_value(&mut edit.ces_high_is_easy, false, t.ces_low_is_easy);
                ui.radio_value(&mut edit.ces_high_is_easy, true, t.ces_high_is_easy);
            });
            ui.end_row();
            ui.label(t.activation_window);
            ui.horizontal(|ui| {
                ui.add(
                    egui::DragValue::new(&mut edit.activation_days)
                        .range(0..=3650)
                        .suffix(format!(" {}", t.days_unit)),
                );
                ui.label(egui::RichText::new(t.activation_hint).weak());
            });
            ui.end_row();
        });
    edit.gross_margin = (margin_pct / 100.0).clamp(0.01, 1.0);
    ui.add_space(8.0);
    ui.label(egui::RichText::new(t.health_weights).strong());
    ui.label(egui::RichText::new(t.health_weights_hint).weak());
    ui.label(egui::RichText::new(super::super::i18n::ScoreTr::get(locale).settings_rules).weak());
    egui::Grid::new("weights")
        .num_columns(2)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            let w = &mut edit.weights;
            for (label, value) in [
                (t.w_usage, &mut w.usage),
                (t.w_adoption, &mut w.adoption),
                (t.w_satisfaction, &mut w.satisfaction),
                (t.w_support, &mut w.support),
                (t.w_engagement, &mut w.engagement),
                (t.w_revenue_trend, &mut w.revenue_trend),
            ] {
                ui.label(label);
                ui.add(
                    egui::Slider::new(value, 0.0..=100.0)
                        .step_by(1.0)
                        .fixed_decimals(0),
                );
                ui.end_row();
            }
        });
    // Live preview: ask the worker whenever the weights differ from the
    // stored ones and from the last answer (one request at a time).
    let s = &mut app.data.settings;
    let wanted = edit.weights;
    let shown = s.preview.as_ref().map(|p| p.weights);
    if wanted != stored.weights && shown != Some(wanted) && s.preview_sent.is_none() {
        s.preview_sent = Some(wanted);
        app.send_settings(SettingsCmd::Preview(wanted));
    }
    let s = &mut app.data.settings;
    if wanted == stored.weights {
        ui.label(egui::RichText::new(t.preview_same).weak());
    } else if let Some(p) = s.preview.as_ref().filter(|p| p.weights == wanted) {
        let n = |x: u64| format::integer(x as i64, locale);
        ui.label(
            egui::RichText::new(fill(
                t.preview_changes,
                &[("changed", &n(p.changed)), ("scored", &n(p.scored))],
            ))
            .strong(),
        );
        ui.label(fill(
            t.preview_bands,
            &[
                ("h0", &n(p.before[0])),
                ("r0", &n(p.before[1])),
                ("c0", &n(p.before[2])),
                ("h1", &n(p.after[0])),
                ("r1", &n(p.after[1])),
                ("c1", &n(p.after[2])),
            ],
        ));
    } else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t.preview_computing);
        });
    }
    let dirty = edit != stored;
    if dirty {
        s.saved = false;
    }
    let problem = validate(&edit).err();
    let busy = s.busy;
    let saved = s.saved;
    let (mut save, mut revert) = (false, false);
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        save = ui
            .add_enabled(
                dirty && problem.is_none() && !busy,
                egui::Button::new(format!("💾 {}", t.save_settings)),
            )
            .clicked();
        revert = ui.add_enabled(dirty, egui::Button::new(t.revert)).clicked();
        if saved {
            ui.colored_label(egui::Color32::from_rgb(40, 150, 70), t.settings_saved);
        }
    });
    if save {
        let s = &mut app.data.settings;
        s.busy = true;
        s.error = None;
        app.send_settings(SettingsCmd::Save(edit.clone()));
    }
    let s = &mut app.data.settings;
    if revert {
        edit = stored.clone();
        s.preview = None;
    }
    if let Some(p) = problem.or(s.error.clone()) {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {p}"));
    }
    s.edit = Some(edit);
}

fn data_file(app: &mut TenureApp, ui: &mut egui::Ui, t: &DataTr, ctx: &egui::Context) {
    section(ui, t.data_section);
    let db = app.current_db.clone();
    ui.horizontal(|ui| {
        ui.label(format!("{}:", app.tr().database));
        ui.label(egui::RichText::new(db.display().to_string()).monospace());
        if let Some(dir) = db.parent()
            && ui.small_button(format!("📂 {}", t.open_folder)).clicked()
        {
            let _ = super::plugins::open_folder(dir);
        }
    });
    other_database(app, ui, ctx);
    ui.add_space(8.0);
    let s = &mut app.data.settings;
    let busy = s.busy || s.dialog.is_some() || app.data.import.running.is_some();
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut s.backup_path)
                .hint_text(t.backup_path_hint)
                .desired_width(420.0),
        );
    });
    let typed = s.backup_path.trim().to_string();
    let (mut backup, mut restore) = (false, false);
    ui.horizontal(|ui| {
        backup = ui
            .add_enabled(!busy, egui::Button::new(format!("💾 {}", t.backup)))
            .on_hover_text(t.backup_hint)
            .clicked();
        restore = ui
            .add_enabled(!busy, egui::Button::new(format!("⟲ {}", t.restore)))
            .on_hover_text(t.restore_hint)
            .clicked();
        if busy {
            ui.spinner();
        }
    });
    if backup {
        if typed.is_empty() {
            let name = format!(
                "{}-backup-{}.db",
                db.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "tenure".into()),
                crate::domain::Date::today()
            );
            app.data.settings.dialog = Some(Pending::start(
                app.data.chooser.clone(),
                Ask::SaveBackup(name),
                ctx,
            ));
        } else {
            let s = &mut app.data.settings;
            s.busy = true;
            s.backup_result = None;
            app.send_settings(SettingsCmd::Backup(PathBuf::from(&typed)));
        }
    }
    if restore {
        if typed.is_empty() {
            app.data.settings.dialog = Some(Pending::start(
                app.data.chooser.clone(),
                Ask::OpenBackup,
                ctx,
            ));
        } else {
            app.data.settings.confirm_restore = Some(PathBuf::from(&typed));
        }
    }
    let s = &app.data.settings;
    match &s.backup_result {
        Some(Ok(p)) => {
            ui.colored_label(
                egui::Color32::from_rgb(40, 150, 70),
                fill(t.backed_up, &[("path", &p.display().to_string())]),
            );
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
        }
        None => {}
    }
    match &s.restore_result {
        Some(Ok(p)) => {
            ui.colored_label(
                egui::Color32::from_rgb(40, 150, 70),
                fill(t.restored, &[("kept", &p.display().to_string())]),
            );
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
        }
        None => {}
    }
}

/// Opens `path` as the window's database (created when new). A folder that
/// does not exist is refused: a typo must not create directories.
fn switch_database(app: &mut TenureApp, path: PathBuf) {
    let ux = super::super::i18n::ux::get(app.prefs.locale);
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty())
        && !folder.is_dir()
    {
        app.data.settings.other_db_error = Some(fill(
            ux.db_missing_folder,
            &[("folder", &folder.display().to_string())],
        ));
        return;
    }
    app.data.settings.other_db_error = None;
    app.real_db = path.clone();
    app.open_db(path);
}

/// Another data file, chosen or typed, opened at once (no restart).
fn other_database(app: &mut TenureApp, ui: &mut egui::Ui, ctx: &egui::Context) {
    let ux = super::super::i18n::ux::get(app.prefs.locale);
    ui.label(egui::RichText::new(ux.db_section_hint).weak());
    let mut typed = std::mem::take(&mut app.data.settings.other_db);
    let mut open = None;
    ui.horizontal_wrapped(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut typed)
                .hint_text(ux.db_path_hint)
                .desired_width(360.0),
        );
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui
            .add_enabled(!typed.trim().is_empty(), egui::Button::new(ux.db_open))
            .clicked()
            || enter)
            && !typed.trim().is_empty()
        {
            open = Some(PathBuf::from(typed.trim()));
        }
        if ui.button(format!("📂 {}", ux.open_other_db)).clicked() {
            app.data.settings.dialog = Some(Pending::start(
                app.data.chooser.clone(),
                Ask::OpenDatabase,
                ctx,
            ));
        }
    });
    if let Some(e) = &app.data.settings.other_db_error {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
    }
    match open {
        Some(path) => switch_database(app, path),
        None => app.data.settings.other_db = typed,
    }
}

fn restore_confirmation(app: &mut TenureApp, ctx: &egui::Context, t: &DataTr) {
    let Some(from) = app.data.settings.confirm_restore.clone() else {
        return;
    };
    let mut close = false;
    let mut confirm = false;
    egui::Modal::new(egui::Id::unique("restore_modal")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(t.restore_title);
        ui.add_space(8.0);
        ui.label(fill(
            t.restore_body,
            &[
                ("from", &from.display().to_string()),
                ("db", &app.current_db.display().to_string()),
            ],
        ));
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button(format!("⟲ {}", t.restore_confirm)).clicked() {
                confirm = true;
            }
            if ui.button(t.keep).clicked() {
                close = true;
            }
        });
    });
    if confirm {
        let s = &mut app.data.settings;
        s.busy = true;
        s.restore_result = None;
        app.send_settings(SettingsCmd::Restore(from));
        close = true;
    }
    if close {
        app.data.settings.confirm_restore = None;
    }
}
