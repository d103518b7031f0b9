//! Plugins: what is loaded, what failed and why, the plugin folder, and
//! "check a plugin" (the checks of `tenure plugins check LIB`, run on the
//! import thread).

use super::super::TenureApp;
use super::super::file_choice::{Ask, Pending};
use super::super::i18n::fill;
use super::super::import_jobs::JobCmd;
use crate::format;
use egui_extras::{Column, TableBuilder};
use std::path::{Path, PathBuf};

/// The user's plugin folder (created when asked to open it).
pub fn plugin_folder() -> Option<PathBuf> {
    crate::paths::data_dir().map(|d| d.join("plugins"))
}

/// Opens a folder in the platform's file manager, creating it first.
pub fn open_folder(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path).map_err(|e| format!("{} ({e})", path.display()))?;
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(path)
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("{program} {} ({e})", path.display()))
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let t = app.tr().data;
    let ctx = ui.ctx().clone();
    if !app.data.plugins.requested {
        app.data.plugins.requested = true;
        app.data.send(&ctx, JobCmd::Plugins);
    }
    // A library chosen in the dialog is checked at once.
    let answer = app.data.plugins.dialog.as_ref().and_then(|d| d.poll());
    if let Some(answer) = answer {
        app.data.plugins.dialog = None;
        if let Some(path) = answer.and_then(|p| p.into_iter().next()) {
            app.data.plugins.check_path = path.display().to_string();
            app.data.plugins.checking = true;
            app.data.plugins.check = None;
            app.data.send(&ctx, JobCmd::Check(path));
        }
    }
    ui.add_space(12.0);
    ui.heading(app.tr().view_plugins);
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("plugins_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let Some(list) = app.data.plugins.list.clone() else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t.loading_plugins);
                });
                return;
            };
            // First: what waits for the person's decision.
            untrusted_section(app, ui, &ctx, &list.untrusted);
            ui.label(egui::RichText::new(t.loaded_plugins).strong().size(16.0));
            if list.plugins.is_empty() {
                ui.label(t.no_plugins);
            } else {
                TableBuilder::new(ui)
                    .id_salt("plugins_table")
                    .striped(true)
                    .vscroll(false)
                    .column(Column::initial(110.0).clip(true))
                    .column(Column::initial(170.0).clip(true))
                    .column(Column::exact(70.0))
                    .column(Column::exact(40.0))
                    .column(Column::initial(150.0).clip(true))
                    .column(Column::initial(220.0).clip(true))
                    .column(Column::remainder().clip(true))
                    .header(22.0, |mut h| {
                        for c in [
                            t.id,
                            t.name,
                            t.version,
                            t.abi,
                            t.file_types,
                            t.kinds,
                            t.library,
                        ] {
                            h.col(|ui| {
                                ui.strong(c);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(22.0, list.plugins.len(), |mut row| {
                            let p = &list.plugins[row.index()];
                            row.col(|ui| {
                                ui.label(&p.id);
                            });
                            row.col(|ui| {
                                ui.label(&p.name).on_hover_text(&p.description);
                            });
                            row.col(|ui| {
                                ui.label(&p.version);
                            });
                            row.col(|ui| {
                                ui.label(p.abi.to_string());
                            });
                            row.col(|ui| {
                                ui.label(p.extensions.join(", "));
                            });
                            row.col(|ui| {
                                let acc = &app.tr().acc;
                                let kinds: Vec<&str> =
                                    p.kinds.iter().map(|k| acc.kinds(k)).collect();
                                ui.label(kinds.join(", "));
                            });
                            row.col(|ui| {
                                let path = p.path.display().to_string();
                                ui.label(&path);
                            });
                        });
                    });
            }
            ui.add_space(12.0);
            ui.label(egui::RichText::new(t.failed_libraries).strong().size(16.0));
            if list.failures.is_empty() {
                ui.label(t.no_failures);
            }
            for f in &list.failures {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, "⚠");
                    ui.strong(f.path.display().to_string());
                    ui.label(&f.reason);
                });
            }
            ui.add_space(12.0);
            ui.label(egui::RichText::new(t.searched).strong());
            for d in &list.searched {
                ui.label(egui::RichText::new(d.display().to_string()).monospace());
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(format!("📂 {}", t.open_plugin_folder)).clicked() {
                    app.data.plugins.message = Some(match plugin_folder() {
                        Some(dir) => match open_folder(&dir) {
                            Ok(()) => {
                                fill(t.opened_folder, &[("path", &dir.display().to_string())])
                            }
                            Err(e) => fill(t.cannot_open_folder, &[("error", &e)]),
                        },
                        None => t.no_data_folder.to_string(),
                    });
                }
                ui.label(egui::RichText::new(t.restart_note).weak());
            });
            if let Some(m) = &app.data.plugins.message {
                ui.label(m);
            }
            ui.add_space(16.0);
            ui.separator();
            check_section(app, ui, &ctx);
        });
}

/// Libraries not trusted yet: path, SHA-256, new or changed, and Trust.
fn untrusted_section(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    untrusted: &[crate::importing::trust_store::Untrusted],
) {
    let t = app.tr().data;
    if let Some(outcome) = &app.data.plugins.trusted {
        ui.add_space(8.0);
        match outcome {
            Ok(o) => {
                let path = o.trusted.path.display().to_string();
                match &o.loaded {
                    Ok(id) => ui.colored_label(
                        egui::Color32::from_rgb(40, 150, 70),
                        fill(t.trusted_loaded, &[("path", &path), ("id", id)]),
                    ),
                    Err(reason) => ui.colored_label(
                        ui.visuals().error_fg_color,
                        fill(t.trusted_not_loaded, &[("path", &path), ("reason", reason)]),
                    ),
                };
            }
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
            }
        }
    }
    if untrusted.is_empty() {
        return;
    }
    ui.label(egui::RichText::new(t.untrusted_title).strong().size(16.0));
    ui.label(egui::RichText::new(t.untrusted_hint).weak());
    let busy = app.data.plugins.trusting.is_some();
    for u in untrusted {
        ui.add_space(6.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, "🔒");
                ui.strong(u.path.display().to_string());
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}:", t.sha256));
                ui.label(egui::RichText::new(&u.sha256).monospace());
            });
            let state = match (&u.trust_file_problem, &u.trusted_before) {
                (Some(problem), _) => fill(t.untrusted_unreadable, &[("problem", problem)]),
                (None, Some(before)) => fill(t.untrusted_changed, &[("then", &before.sha256)]),
                (None, None) => t.untrusted_new.to_string(),
            };
            ui.label(state);
            ui.horizontal(|ui| {
                let pressed = ui
                    .add_enabled(!busy, egui::Button::new(t.trust))
                    .on_hover_text(u.path.display().to_string());
                if pressed.clicked() {
                    app.data.plugins.trusting = Some(u.path.clone());
                    app.data.plugins.trusted = None;
                    app.data.send(
                        ctx,
                        JobCmd::Trust {
                            path: u.path.clone(),
                            sha256: u.sha256.clone(),
                        },
                    );
                }
                if app.data.plugins.trusting.as_ref() == Some(&u.path) {
                    ui.spinner();
                }
            });
        });
    }
    ui.add_space(12.0);
}

fn check_section(app: &mut TenureApp, ui: &mut egui::Ui, ctx: &egui::Context) {
    let t = app.tr().data;
    ui.label(egui::RichText::new(t.check_title).strong().size(16.0));
    ui.label(egui::RichText::new(t.check_hint).weak());
    let checking = app.data.plugins.checking;
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut app.data.plugins.check_path)
                .hint_text(t.library_path)
                .desired_width(460.0),
        );
        let path = app.data.plugins.check_path.trim().to_string();
        if ui
            .add_enabled(!checking && !path.is_empty(), egui::Button::new(t.check))
            .clicked()
        {
            app.data.plugins.checking = true;
            app.data.plugins.check = None;
            app.data.send(ctx, JobCmd::Check(PathBuf::from(path)));
        }
        if ui
            .add_enabled(
                !checking && app.data.plugins.dialog.is_none(),
                egui::Button::new(t.browse),
            )
            .clicked()
        {
            app.data.plugins.dialog = Some(Pending::start(
                app.data.chooser.clone(),
                Ask::PluginLibrary,
                ctx,
            ));
        }
        if checking {
            ui.spinner();
        }
    });
    match &app.data.plugins.check {
        None => {}
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
        }
        Some(Ok(c)) => {
            ui.add_space(6.0);
            if let Some(p) = &c.plugin {
                ui.strong(format!(
                    "{} {} (ABI {}, payload {})",
                    p.id, p.version, p.abi_version, p.payload_version
                ));
            }
            egui::Grid::new("check_results")
                .num_columns(4)
                .striped(true)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for step in &c.steps {
                        if step.passed {
                            ui.colored_label(egui::Color32::from_rgb(40, 150, 70), "✔");
                        } else {
                            ui.colored_label(ui.visuals().error_fg_color, "✖");
                        }
                        ui.label(&step.name);
                        ui.label(&step.detail);
                        ui.label(
                            step.millis
                                .map(|ms| {
                                    format!("{} ms", format::integer(ms as i64, app.prefs.locale))
                                })
                                .unwrap_or_default(),
                        );
                        ui.end_row();
                    }
                });
            let (text, ok) = if c.passed {
                (t.all_passed, true)
            } else {
                (t.some_failed, false)
            };
            let colour = if ok {
                egui::Color32::from_rgb(40, 150, 70)
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(egui::RichText::new(&c.verdict).weak());
            ui.colored_label(colour, text);
        }
    }
}
