//! Import: choose files (dialog, path field or drop), check the plugin and
//! the mapping on a preview, dry run, import with progress and cancel, and
//! the history with undo. Work happens on the import thread
//! ([`crate::ui::import_jobs`]); this module only draws state and sends
//! commands.

use super::super::TenureApp;
use super::super::data_views::{AccountFocus, DataViews, ImportTab};
use super::super::file_choice::{Ask, Pending};
use super::super::i18n::{DataTr, fill};
use super::super::import_jobs::JobCmd;
use super::super::model::View;
use crate::domain::RecordKind;
use crate::format::{self, Locale};
use crate::importing::pipeline::FileReport;
use crate::importing::{RowProblem, Severity};
use crate::importing::{fields, problem_words};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// Record kinds as a person reads them ("contas, contatos").
fn kinds_text<S: AsRef<str>>(kinds: &[S], locale: Locale) -> String {
    let acc = &super::super::i18n::Tr::get(locale).acc;
    kinds
        .iter()
        .map(|k| acc.kinds(k.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn int(n: u64, locale: Locale) -> String {
    format::integer(n as i64, locale)
}

/// "2026-11-27T13:05:09Z" in the person's date format, with the UTC time.
pub fn when(text: &str, locale: Locale) -> String {
    let date = text
        .get(..10)
        .and_then(|d| crate::domain::Date::parse_iso(d).ok());
    let time = text.get(11..16).unwrap_or("");
    match date {
        // The history keeps UTC times (the store's clock has no zone).
        Some(d) => format!("{} {time} UTC", format::date(d, locale)),
        None => text.to_string(),
    }
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let t = app.tr().data;
    let locale = app.prefs.locale;
    let ctx = ui.ctx().clone();
    let db = app.current_db.clone();
    app.data.import.locale = locale.code();
    app.data.auto_import(&ctx, &db, locale.code());
    poll_dialog(&mut app.data, &ctx, &db);
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        ui.heading(app.tr().view_import);
        ui.add_space(24.0);
        let tab = &mut app.data.import.tab;
        ui.selectable_value(tab, ImportTab::New, t.tab_new);
        if ui
            .selectable_value(tab, ImportTab::History, t.tab_history)
            .clicked()
        {
            app.data.import.history_stale = true;
        }
    });
    ui.separator();
    match app.data.import.tab {
        ImportTab::New => new_import(app, ui, t, locale, &ctx, &db),
        ImportTab::History => {
            egui::ScrollArea::vertical()
                .id_salt("import_history_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| history(app, ui, t, locale, &ctx, &db));
        }
    }
    undo_confirmation(app, &ctx, t, locale, &db);
    super::currency_question::show(app, &ctx, locale, &db);
}

fn poll_dialog(data: &mut DataViews, ctx: &egui::Context, db: &std::path::Path) {
    let answer = data.import.dialog.as_ref().and_then(|d| d.poll());
    if let Some(answer) = answer {
        data.import.dialog = None;
        if let Some(paths) = answer {
            data.add_files(ctx, db, paths);
        }
    }
}

fn new_import(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    t: &'static DataTr,
    locale: Locale,
    ctx: &egui::Context,
    db: &std::path::Path,
) {
    let running = app.data.import.running.is_some();
    // 1. Files.
    ui.label(egui::RichText::new(t.files_title).strong().size(16.0));
    ui.horizontal(|ui| {
        let field = ui.add_enabled(
            !running,
            egui::TextEdit::singleline(&mut app.data.import.path_text)
                .hint_text(t.path_hint)
                .desired_width(460.0),
        );
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui
            .add_enabled(!running, egui::Button::new(t.add_file))
            .clicked()
            || enter)
            && !app.data.import.path_text.trim().is_empty()
        {
            let path = PathBuf::from(app.data.import.path_text.trim());
            app.data.import.path_text.clear();
            app.data.add_files(ctx, db, vec![path]);
        }
        let asking = app.data.import.dialog.is_some();
        if ui
            .add_enabled(!running && !asking, egui::Button::new(t.browse))
            .clicked()
        {
            app.data.import.dialog = Some(Pending::start(
                app.data.chooser.clone(),
                Ask::ImportFiles,
                ctx,
            ));
        }
        if asking {
            ui.spinner();
        }
    });
    ui.label(egui::RichText::new(t.drop_hint).weak());
    ui.add_space(8.0);
    if app.data.import.files.is_empty() {
        return;
    }
    let mut remove = None;
    for (i, f) in app.data.import.files.iter().enumerate() {
        ui.horizontal(|ui| {
            let name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.path.display().to_string());
            let plugin = f
                .inspection
                .as_ref()
                .and_then(|i| i.plugin.clone())
                .unwrap_or_else(|| "?".into());
            let kinds = match f.effective_kind() {
                Some(k) => kinds_text(&[k], locale),
                None => f
                    .inspection
                    .as_ref()
                    .map(|i| kinds_text(&i.kinds, locale))
                    .unwrap_or_default(),
            };
            let text = format!("📄 {name} — {plugin} · {kinds}");
            if ui
                .selectable_label(app.data.import.selected == i, text)
                .on_hover_text(f.path.display().to_string())
                .clicked()
            {
                app.data.import.selected = i;
            }
            if f.waiting.is_some() {
                ui.spinner();
            } else if f.inspection.as_ref().is_some_and(|i| i.error.is_some()) {
                ui.colored_label(ui.visuals().error_fg_color, "⚠");
            }
            if !running && ui.small_button("✖").on_hover_text(t.remove_file).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        app.data.import.files.remove(i);
        app.data.import.selected = app
            .data
            .import
            .selected
            .min(app.data.import.files.len().saturating_sub(1));
        app.data.import.changed_since_dry_run = true;
        app.data.import.outcome = None;
        if app.data.import.files.is_empty() {
            return;
        }
    }
    ui.add_space(4.0);
    ui.separator();
    // The file's choices on the left, the run and its report on the right:
    // both stay in view whatever the length of the other. Below ~1200 px
    // two columns are too narrow: the run and its report come first, then
    // the file's choices, in one scrolling column.
    if ui.available_width() < 1180.0 {
        egui::ScrollArea::vertical()
            .id_salt("import_stacked_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                run_controls(app, ui, t, locale, ctx, db);
                if let Some(outcome) = app.data.import.outcome.clone() {
                    ui.add_space(8.0);
                    outcome_view(app, ui, t, locale, &outcome);
                }
                ui.add_space(8.0);
                ui.separator();
                file_details(app, ui, t, ctx, db);
            });
        return;
    }
    ui.columns(2, |cols| {
        let [left, right] = cols else {
            return;
        };
        let top_down = egui::Layout::top_down(egui::Align::Min);
        egui::ScrollArea::vertical()
            .id_salt("import_file_scroll")
            .auto_shrink([false, false])
            .show(left, |ui| {
                ui.with_layout(top_down, |ui| file_details(app, ui, t, ctx, db));
            });
        egui::ScrollArea::vertical()
            .id_salt("import_run_scroll")
            .auto_shrink([false, false])
            .show(right, |ui| {
                ui.with_layout(top_down, |ui| {
                    run_controls(app, ui, t, locale, ctx, db);
                    if let Some(outcome) = app.data.import.outcome.clone() {
                        ui.add_space(8.0);
                        ui.separator();
                        outcome_view(app, ui, t, locale, &outcome);
                    }
                });
            });
    });
}

fn file_details(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    t: &'static DataTr,
    ctx: &egui::Context,
    db: &std::path::Path,
) {
    let running = app.data.import.running.is_some();
    let index = app.data.import.selected;
    let locale = app.prefs.locale;
    let acc = &super::super::i18n::Tr::get(locale).acc;
    let Some(file) = app.data.import.files.get_mut(index) else {
        return;
    };
    let mut reinspect = false;
    let Some(insp) = file.inspection.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t.inspecting);
        });
        return;
    };
    // Plugin, with every plugin's confidence.
    egui::Grid::new("import_choice")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label(t.plugin);
            let shown = file
                .plugin
                .clone()
                .or(insp.plugin.clone())
                .unwrap_or_else(|| t.choose_plugin.to_string());
            ui.add_enabled_ui(!running, |ui| {
                egui::ComboBox::from_id_salt("import_plugin")
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for d in &insp.detections {
                            let conf = match d.confidence {
                                Some(c) => format!("{c}%"),
                                None => t.no_answer.to_string(),
                            };
                            let label = format!("{} — {conf}", d.plugin);
                            let current = file.plugin.as_deref().or(insp.plugin.as_deref());
                            if ui
                                .selectable_label(current == Some(d.plugin.as_str()), label)
                                .clicked()
                            {
                                file.plugin = Some(d.plugin.clone());
                                file.edited = false;
                                reinspect = true;
                            }
                        }
                    });
            });
            ui.end_row();
            ui.label(t.confidence);
            // The three likeliest; every plugin's answer is in the tooltip.
            let every = |n: usize| {
                insp.detections
                    .iter()
                    .take(n)
                    .map(|d| match d.confidence {
                        Some(c) => format!("{} {c}%", d.plugin),
                        None => format!("{} —", d.plugin),
                    })
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            let mut short = every(3);
            if insp.detections.len() > 3 {
                short.push_str(" · …");
            }
            ui.label(short).on_hover_text(every(insp.detections.len()));
            ui.end_row();
            ui.label(t.record_kind);
            let detected = if insp.kinds.is_empty() {
                "?".to_string()
            } else {
                insp.kinds
                    .iter()
                    .map(|k| acc.kinds(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let shown = match &file.kind {
                Some(k) => acc.kinds(k).to_string(),
                None => fill(t.detected, &[("kind", &detected)]),
            };
            ui.add_enabled_ui(!running, |ui| {
                egui::ComboBox::from_id_salt("import_kind")
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(
                                file.kind.is_none(),
                                fill(t.detected, &[("kind", &detected)]),
                            )
                            .clicked()
                        {
                            file.kind = None;
                            reinspect = true;
                        }
                        for k in RecordKind::ALL {
                            if ui
                                .selectable_label(
                                    file.kind.as_deref() == Some(k.name()),
                                    acc.kinds(k.name()),
                                )
                                .clicked()
                            {
                                file.kind = Some(k.name().to_string());
                                file.edited = false;
                                reinspect = true;
                            }
                        }
                    });
            });
            ui.end_row();
            // A date typed (or the default filled in) reads the preview again
            // with it: the preview shows the rows as the import dates them.
            if super::survey_date::rows(ui, file, locale, running) {
                reinspect = true;
            }
            if insp.description.sheets.len() > 1 {
                ui.label(t.sheets);
                ui.label(
                    insp.description
                        .sheets
                        .iter()
                        .map(|s| {
                            format!(
                                "{} ➡ {}",
                                s.name.clone().unwrap_or_default(),
                                s.kind.as_deref().map_or("?", |k| acc.kinds(k))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" · "),
                );
                ui.end_row();
            }
            if let Some(sig) = &insp.mapping_reused {
                ui.label("");
                ui.label(egui::RichText::new(fill(t.mapping_reused, &[("signature", sig)])).weak());
                ui.end_row();
            }
        });
    if let Some(e) = &insp.error {
        ui.add_space(4.0);
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
    }
    // Preview.
    let chosen_kind = file.effective_kind();
    for sheet in &insp.description.sheets {
        ui.add_space(8.0);
        let title = match &sheet.name {
            Some(n) => format!("{} — {n}", t.preview),
            None => t.preview.to_string(),
        };
        ui.label(egui::RichText::new(title).strong());
        let kind = chosen_kind.as_deref().or(sheet.kind.as_deref());
        preview_table(ui, sheet, kind, t, locale);
        // Rows the preview leaves out are the rejected ones, not those with
        // a warning (an unread column, skipped scores).
        let hidden = sheet
            .problems
            .iter()
            .filter(|p| p.severity != Severity::Warning)
            .map(|p| p.row)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if let Some(line) = scores_skipped_line(sheet, locale) {
            ui.label(egui::RichText::new(line).weak());
        }
        if hidden > 0 {
            let ux = super::super::i18n::ux::get(locale);
            ui.label(
                egui::RichText::new(fill(
                    ux.preview_rejected_hidden,
                    &[("n", &hidden.to_string())],
                ))
                .weak(),
            );
        }
    }
    // The status values come before the columns, so that values the file
    // holds and no importer knows are seen before the dry run.
    let kind = file.effective_kind().and_then(|k| RecordKind::parse(&k));
    if file.mappable()
        && let Some(kind) = kind
        && let Some(values) = fields::value_choices(kind, "status")
    {
        let choice = StatusChoice {
            kind,
            locale,
            running,
        };
        status_values(ui, t, file, &values, choice, &mut reinspect);
    }
    // Mapping editor.
    ui.add_space(8.0);
    ui.label(egui::RichText::new(t.mapping_title).strong());
    if !file.mappable() {
        ui.label(egui::RichText::new(t.mapping_sheets_note).weak());
    } else if let Some(kind) = kind {
        ui.label(egui::RichText::new(t.mapping_hint).weak());
        let fields = fields::fields(kind);
        egui::Grid::new("import_mapping")
            .num_columns(2)
            .striped(true)
            .spacing([24.0, 4.0])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(t.column).strong());
                ui.label(egui::RichText::new(t.field).strong());
                ui.end_row();
                for (ci, (column, field)) in file.columns.clone().iter().enumerate() {
                    ui.label(column);
                    let shown = field
                        .as_deref()
                        .map_or(t.custom_field, |f| field_label(acc, f, locale))
                        .to_string();
                    ui.add_enabled_ui(!running, |ui| {
                        // Tall enough for every field of a kind without scrolling.
                        egui::ComboBox::from_id_salt(("map", ci))
                            .selected_text(shown)
                            .width(220.0)
                            .height(560.0)
                            .show_ui(ui, |ui| {
                                if ui
                                    .selectable_label(field.is_none(), t.custom_field)
                                    .clicked()
                                    && field.is_some()
                                {
                                    file.columns[ci].1 = None;
                                    file.edited = true;
                                    reinspect = true;
                                }
                                for f in fields {
                                    if ui
                                        .selectable_label(
                                            field.as_deref() == Some(*f),
                                            field_label(acc, f, locale),
                                        )
                                        .on_hover_text(*f)
                                        .clicked()
                                        && field.as_deref() != Some(*f)
                                    {
                                        // A field comes from one column.
                                        for c in file.columns.iter_mut() {
                                            if c.1.as_deref() == Some(*f) {
                                                c.1 = None;
                                            }
                                        }
                                        file.columns[ci].1 = Some(f.to_string());
                                        file.edited = true;
                                        reinspect = true;
                                    }
                                }
                            });
                    });
                    ui.end_row();
                }
            });
    } else {
        ui.label(egui::RichText::new(t.choose_kind_first).weak());
    }
    if reinspect {
        app.data.inspect(ctx, db, index);
    }
}

/// A field's name in the mapping editor: a survey file's score columns
/// by their kind and scale, the others as the schema labels them.
fn field_label<'a>(
    acc: &super::super::i18n::AccountsTr,
    field: &'a str,
    locale: Locale,
) -> &'a str {
    super::super::i18n::surveys::SurveysTr::get(locale)
        .score_field(field)
        .unwrap_or_else(|| acc.field(field))
}

/// The preview's line on a survey file's empty and `NA` scores, from the
/// plugin's `scores_skipped` warning.
fn scores_skipped_line(
    sheet: &crate::importing::SheetDescription,
    locale: Locale,
) -> Option<String> {
    let p = sheet.problems.iter().find(|p| p.code == "scores_skipped")?;
    let n = p.args.get("count")?;
    let rows = p.args.get("rows_read").cloned().unwrap_or_default();
    let line = p.row.map(|r| r.to_string()).unwrap_or_default();
    Some(fill(
        super::super::i18n::surveys::SurveysTr::get(locale).scores_skipped,
        &[("n", n), ("rows", &rows), ("line", &line)],
    ))
}

/// A preview cell as a person reads it: dates and instants in the locale.
fn preview_cell(kind: Option<&str>, field: &str, value: &str, locale: Locale) -> String {
    let declared = kind
        .and_then(tenure_schema::kind)
        .and_then(|k| k.field(field));
    // A listed value by its label in the locale (`paid` → "paga").
    if let Some(choice) = declared.and_then(|f| f.choice(value)) {
        return choice.label.get(locale.code()).to_string();
    }
    let declared = declared.map(|f| f.ty);
    match declared {
        Some(tenure_schema::Type::Date) => crate::domain::Date::parse_iso(value)
            .map(|d| format::date(d, locale))
            .unwrap_or_else(|_| value.to_string()),
        Some(tenure_schema::Type::Instant) => format::instant_text(value, locale),
        // Amounts as the locale writes them, exactly (no float).
        Some(tenure_schema::Type::Money) => crate::domain::Money::parse_decimal(value)
            .map(|m| format::money(m, "", locale).trim().to_string())
            .unwrap_or_else(|_| value.to_string()),
        _ => value.to_string(),
    }
}

fn preview_table(
    ui: &mut egui::Ui,
    sheet: &crate::importing::SheetDescription,
    kind: Option<&str>,
    t: &DataTr,
    locale: Locale,
) {
    if sheet.preview.is_empty() {
        ui.label(egui::RichText::new(no_preview_reason(sheet, kind, t, locale)).weak());
        return;
    }
    // Columns: the fields the plugin fills, in mapping order (a survey's
    // score columns give each row its kind and score, shown as those).
    let mut cols: Vec<String> = sheet
        .mapping
        .iter()
        .map(|(f, _)| f.clone())
        .filter(|f| !fields::is_score_field(f))
        .collect();
    for row in &sheet.preview {
        for k in row.keys() {
            if !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    let rows = sheet.preview.len();
    egui::ScrollArea::horizontal()
        .id_salt(("preview", sheet.name.clone()))
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt(("preview_table", sheet.name.clone()))
                .striped(true)
                .vscroll(false)
                .columns(
                    Column::auto().at_least(70.0).at_most(240.0).clip(true),
                    cols.len(),
                )
                .header(22.0, |mut header| {
                    let acc = &super::super::i18n::Tr::get(locale).acc;
                    for c in &cols {
                        header.col(|ui| {
                            ui.strong(acc.field(c)).on_hover_text(c);
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, rows, |mut row| {
                        let r = &sheet.preview[row.index()];
                        for c in &cols {
                            row.col(|ui| {
                                let value = r.get(c).map(String::as_str).unwrap_or("");
                                let kind = sheet.kind.as_deref();
                                if !super::unmatched::preview_cell(ui, kind, c, value, locale) {
                                    ui.label(preview_cell(kind, c, value, locale));
                                }
                            });
                        }
                    });
                });
        });
}

fn run_controls(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    t: &'static DataTr,
    locale: Locale,
    ctx: &egui::Context,
    db: &std::path::Path,
) {
    let busy = app.data.import.files.iter().any(|f| f.waiting.is_some());
    if let Some(job) = &app.data.import.running {
        let p = &job.progress;
        let records = p.records.load(Ordering::Relaxed);
        let (done, total) = (
            p.done.load(Ordering::Relaxed),
            p.total.load(Ordering::Relaxed),
        );
        let (file, files) = (
            p.file.load(Ordering::Relaxed),
            p.files.load(Ordering::Relaxed),
        );
        let secs = job.started.elapsed().as_secs_f64().max(0.001);
        let rate = (records as f64 / secs).round() as u64;
        let fraction = if total > 0 {
            (done as f32 / total as f32).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let what = if job.dry_run {
            t.dry_running
        } else {
            t.importing
        };
        ui.label(egui::RichText::new(what).strong());
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(520.0)
                .show_percentage()
                .animate(true),
        );
        ui.label(fill(
            t.progress,
            &[
                ("file", &(file + 1).min(files.max(1)).to_string()),
                ("files", &files.max(1).to_string()),
                ("rows", &int(records, locale)),
                ("rate", &int(rate, locale)),
            ],
        ));
        let cancelled = job.cancel.load(Ordering::Relaxed);
        if ui
            .add_enabled(
                !cancelled,
                egui::Button::new(format!("⏹ {}", t.cancel_import)),
            )
            .clicked()
        {
            job.cancel.store(true, Ordering::Relaxed);
        }
        if cancelled {
            ui.label(t.cancelling);
        }
        // Keep the bar moving even when the thread is between batches.
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(!busy, egui::Button::new(format!("🔍 {}", t.dry_run)))
            .on_hover_text(t.dry_run_hint)
            .clicked()
        {
            app.data.start_run(ctx, db, true, locale.code());
        }
        let dry_done = app.data.import.outcome.as_ref().is_some_and(|o| o.dry_run)
            && !app.data.import.changed_since_dry_run;
        let import = ui
            .add_enabled(
                dry_done && !busy,
                egui::Button::new(egui::RichText::new(format!("📥 {}", t.import_now)).strong()),
            )
            .on_disabled_hover_text(t.dry_run_first);
        if import.clicked() {
            // A first import whose money is all in another currency asks first.
            match super::currency_question::proposal(app.data.import.outcome.as_ref()) {
                Some(q) => app.data.import.currency_question = Some(q),
                None => app.data.start_run(ctx, db, false, locale.code()),
            }
        }
        if ui
            .checkbox(&mut app.data.import.skip_invalid, t.skip_invalid)
            .changed()
        {
            app.data.import.changed_since_dry_run = true;
        }
    });
    if app.data.import.changed_since_dry_run && app.data.import.outcome.is_some() {
        ui.label(egui::RichText::new(t.choices_changed).weak());
    }
}

fn outcome_view(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    t: &'static DataTr,
    locale: Locale,
    outcome: &super::super::import_jobs::RunOutcome,
) {
    let title = if outcome.dry_run {
        t.dry_run_report
    } else {
        t.import_report
    };
    ui.label(egui::RichText::new(title).strong().size(16.0));
    let secs = outcome.elapsed.as_secs_f64().max(0.001);
    let rows: u64 = outcome
        .reports
        .iter()
        .map(|r| r.inserted + r.updated + r.unchanged + r.rejected)
        .sum();
    // A rate means something only over a second or more.
    let text = if secs >= 1.0 {
        fill(
            t.read_in,
            &[
                ("rows", &int(rows, locale)),
                ("secs", &format::number(secs, 1, locale)),
                ("rate", &int((rows as f64 / secs).round() as u64, locale)),
            ],
        )
    } else {
        fill(t.rows_checked, &[("rows", &int(rows, locale))])
    };
    ui.label(egui::RichText::new(text).weak());
    for r in &outcome.reports {
        report_summary(ui, t, locale, r);
    }
    if let Some(line) = super::currency_question::outcome_line(outcome, locale) {
        ui.label(egui::RichText::new(line).strong());
    }
    // "Show the affected accounts".
    if !outcome.dry_run && !outcome.touched.is_empty() {
        ui.add_space(6.0);
        let names: Vec<&str> = outcome
            .touched
            .iter()
            .take(8)
            .map(|a| a.name.as_str())
            .collect();
        let more = outcome.touched.len().saturating_sub(names.len());
        let mut list = names.join(", ");
        if more > 0 {
            list.push_str(&fill(t.and_more, &[("n", &int(more as u64, locale))]));
        }
        ui.label(fill(
            t.touched,
            &[
                ("n", &int(outcome.touched.len() as u64, locale)),
                ("list", &list),
            ],
        ));
        if ui.button(format!("👥 {}", t.show_accounts)).clicked() {
            let ids: Vec<String> = outcome
                .reports
                .iter()
                .filter_map(|r| r.import_id.map(|i| i.to_string()))
                .collect();
            app.account_focus = Some(AccountFocus {
                label: fill(t.focus_label, &[("ids", &ids.join(", "))]),
                account_ids: outcome.touched.iter().map(|a| a.id).collect(),
                external_ids: outcome
                    .touched
                    .iter()
                    .map(|a| a.external_id.clone())
                    .collect(),
            });
            app.prefs.view = View::Accounts;
        }
    }
    let problems: Vec<&RowProblem> = outcome
        .reports
        .iter()
        .flat_map(|r| r.problems.iter())
        .collect();
    if !problems.is_empty() {
        ui.add_space(8.0);
        problem_table(
            ui,
            t,
            locale,
            &problems,
            &mut app.data.import.problem_filter,
        );
    }
}

fn status_text(t: &DataTr, status: &str, undone: &'static str) -> &'static str {
    match status {
        "committed" => t.st_committed,
        "undone" => undone,
        "committed_skipping_invalid" => t.st_committed_skipping,
        "dry_run" => t.st_dry_run,
        "rejected" => t.st_rejected,
        "cancelled" => t.st_cancelled,
        "ambiguous" => t.st_ambiguous,
        "unreadable" => t.st_unreadable,
        _ => t.st_failed,
    }
}

fn report_summary(ui: &mut egui::Ui, t: &DataTr, locale: Locale, r: &FileReport) {
    let name = std::path::Path::new(&r.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| r.file.clone());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_min_width(520.0);
        ui.horizontal(|ui| {
            ui.strong(format!("📄 {name}"));
            ui.label(format!(
                "— {} · {}",
                r.plugin.clone().unwrap_or_else(|| "?".into()),
                kinds_text(&r.kinds, locale)
            ));
        });
        ui.horizontal(|ui| {
            for (label, n, colour) in [
                (t.inserted, r.inserted, None),
                (t.updated, r.updated, None),
                (t.unchanged, r.unchanged, None),
                (
                    t.rejected,
                    r.rejected,
                    (r.rejected > 0).then(|| ui.visuals().error_fg_color),
                ),
            ] {
                let text = egui::RichText::new(format!("{label}: {}", int(n, locale))).strong();
                match colour {
                    Some(c) => ui.colored_label(c, text),
                    None => ui.label(text),
                };
                ui.add_space(12.0);
            }
        });
        let mut line =
            status_text(t, &r.status, super::super::i18n::ux::get(locale).st_undone).to_string();
        if let Some(id) = r.import_id {
            line = format!(
                "{line} · {}",
                fill(t.import_number, &[("id", &id.to_string())])
            );
        }
        ui.label(line);
        if let Some(m) = super::unmatched::matching_line(&r.matching, &r.kinds, locale) {
            ui.label(m);
        }
        if r.status == "rejected" {
            ui.label(egui::RichText::new(t.rejected_hint).weak());
        }
        if r.more_problems > 0 {
            ui.label(fill(
                t.more_problems,
                &[("n", &int(r.more_problems, locale))],
            ));
        }
    });
}

/// Every problem: row, column, value, reason; filtered by any text.
fn problem_table(
    ui: &mut egui::Ui,
    t: &DataTr,
    locale: Locale,
    problems: &[&RowProblem],
    filter: &mut String,
) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(t.problems).strong());
        ui.label(format!("({})", int(problems.len() as u64, locale)));
        ui.add_space(16.0);
        ui.add(
            egui::TextEdit::singleline(filter)
                .hint_text(t.filter_problems)
                .desired_width(260.0),
        );
    });
    let needle = filter.trim().to_lowercase();
    let shown: Vec<&RowProblem> = problems
        .iter()
        .copied()
        .filter(|p| {
            needle.is_empty()
                || p.message.to_lowercase().contains(&needle)
                || p.column
                    .as_deref()
                    .unwrap_or("")
                    .to_lowercase()
                    .contains(&needle)
                || p.code.contains(&needle)
                || p.row.is_some_and(|r| r.to_string() == needle)
        })
        .collect();
    TableBuilder::new(ui)
        .id_salt("problems")
        .striped(true)
        .max_scroll_height(320.0)
        .column(Column::exact(70.0))
        .column(Column::initial(140.0).clip(true))
        .column(Column::initial(140.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut h| {
            for c in [t.row, t.column, t.value, t.reason] {
                h.col(|ui| {
                    ui.strong(c);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, shown.len(), |mut row| {
                let p = shown[row.index()];
                row.col(|ui| {
                    let mark = match p.severity {
                        Severity::Warning => "⚠ ",
                        _ => "",
                    };
                    ui.label(format!(
                        "{mark}{}",
                        p.row.map(|r| int(r, locale)).unwrap_or_else(|| "—".into())
                    ));
                });
                row.col(|ui| {
                    ui.label(p.column.clone().unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(problem_value(p));
                });
                row.col(|ui| {
                    // In the person's language, an unknown status with the
                    // way the window maps it; the plugin's own words on hover.
                    let reason = crate::ui::i18n::ProspectsTr::get(locale)
                        .unknown_status_reason(p)
                        .unwrap_or_else(|| problem_words::reason(p, locale.code()));
                    ui.label(reason).on_hover_text(&p.message);
                });
            });
        });
}

/// The value a problem is about: the one it carries (`args`), else the
/// first backticked word of its English sentence ("`12x` is not a number";
/// "`name` is required" names a field, not a value).
fn problem_value(p: &RowProblem) -> String {
    if let Some(v) = p.args.get("value") {
        return v.clone();
    }
    let reason = problem_words::reason(p, "en");
    reason
        .strip_prefix('`')
        .and_then(|r| r.split_once('`'))
        .filter(|(_, rest)| !rest.starts_with(" is required"))
        .map(|(v, _)| v.to_string())
        .unwrap_or_default()
}

fn history(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    t: &'static DataTr,
    locale: Locale,
    ctx: &egui::Context,
    db: &std::path::Path,
) {
    if let Some(r) = &app.data.import.undo_result {
        match r {
            Ok(u) => ui.colored_label(
                egui::Color32::from_rgb(40, 150, 70),
                fill(
                    t.undone,
                    &[
                        ("id", &u.import_id.to_string()),
                        ("removed", &int(u.removed, locale)),
                        ("restored", &int(u.restored, locale)),
                    ],
                ),
            ),
            Err(e) => ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}")),
        };
        ui.add_space(6.0);
    }
    let runs = match &app.data.import.history {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t.loading_history);
            });
            return;
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        Some(Ok(runs)) if runs.is_empty() => {
            ui.label(t.no_imports);
            return;
        }
        Some(Ok(runs)) => runs.clone(),
    };
    let mut ask_undo = None;
    let mut show_report = None;
    TableBuilder::new(ui)
        .id_salt("import_history")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .max_scroll_height(420.0)
        .column(Column::exact(50.0))
        .column(Column::exact(140.0))
        .column(Column::initial(200.0).clip(true))
        .column(Column::initial(150.0).clip(true))
        .column(Column::initial(250.0).clip(true))
        .column(Column::initial(200.0).clip(true))
        .column(Column::remainder().at_least(200.0))
        .header(22.0, |mut h| {
            for c in [
                "#",
                t.started,
                t.file,
                t.plugin_kinds,
                t.status,
                t.counts,
                "",
            ] {
                h.col(|ui| {
                    ui.strong(c);
                });
            }
        })
        .body(|body| {
            // Newest first.
            body.rows(24.0, runs.len(), |mut row| {
                let run = &runs[runs.len() - 1 - row.index()];
                row.col(|ui| {
                    ui.label(run.id.to_string());
                });
                row.col(|ui| {
                    ui.label(when(&run.started_at, locale));
                });
                row.col(|ui| {
                    ui.label(run.file_name.clone().unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(format!(
                        "{} · {}",
                        run.plugin,
                        kinds_text(&run.kinds, locale)
                    ));
                });
                row.col(|ui| {
                    let mut s = status_text(
                        t,
                        &run.status,
                        super::super::i18n::ux::get(locale).st_undone,
                    )
                    .to_string();
                    if let Some(u) = &run.undone_at {
                        s = format!("{} {}", t.undone_at, when(u, locale));
                    }
                    // A clipped label shows its whole text on hover by itself.
                    ui.label(&s);
                });
                row.col(|ui| {
                    ui.label(format!(
                        "+{} ~{} ={} ✖{}",
                        int(run.inserted as u64, locale),
                        int(run.updated as u64, locale),
                        int(run.unchanged as u64, locale),
                        int(run.rejected as u64, locale)
                    ))
                    .on_hover_text(t.counts_hint);
                });
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        if ui.small_button(t.report).clicked() {
                            show_report = Some(run.id);
                        }
                        let undoable =
                            run.undone_at.is_none() && run.status.starts_with("committed");
                        if undoable && ui.small_button(format!("↩ {}", t.undo)).clicked() {
                            ask_undo = Some(run.id);
                        }
                    });
                });
            });
        });
    if let Some(id) = ask_undo {
        app.data.import.undo_plan = None;
        app.data.import.undo_result = None;
        app.data.import.shown_report = None;
        app.data.send(ctx, JobCmd::UndoPlan(db.to_path_buf(), id));
        app.data.import.pending_undo = Some(id);
    }
    if let Some(id) = show_report {
        app.data.import.shown_report = if app.data.import.shown_report == Some(id) {
            None
        } else {
            Some(id)
        };
    }
    if let Some(id) = app.data.import.shown_report {
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(fill(t.report_of, &[("id", &id.to_string())]))
                .strong()
                .size(16.0),
        );
        match app.data.import.reports.get(&id).cloned() {
            Some(r) => {
                report_summary(ui, t, locale, &r);
                let problems: Vec<&RowProblem> = r.problems.iter().collect();
                if !problems.is_empty() {
                    problem_table(
                        ui,
                        t,
                        locale,
                        &problems,
                        &mut app.data.import.problem_filter,
                    );
                }
            }
            None => {
                if let Some(run) = runs.iter().find(|r| r.id == id) {
                    let r = FileReport {
                        file: run.file_name.clone().unwrap_or_default(),
                        plugin: Some(run.plugin.clone()),
                        kinds: run.kinds.clone(),
                        inserted: run.inserted as u64,
                        updated: run.updated as u64,
                        unchanged: run.unchanged as u64,
                        rejected: run.rejected as u64,
                        import_id: Some(run.id),
                        status: run.status.clone(),
                        ..FileReport::default()
                    };
                    report_summary(ui, t, locale, &r);
                    ui.label(egui::RichText::new(t.report_earlier).weak());
                }
            }
        }
    }
}

/// The confirmation before an undo says exactly what will change.
fn undo_confirmation(
    app: &mut TenureApp,
    ctx: &egui::Context,
    t: &'static DataTr,
    locale: Locale,
    db: &std::path::Path,
) {
    let Some(id) = app.data.import.pending_undo else {
        return;
    };
    let plan = app.data.import.undo_plan.clone();
    let mut close = false;
    let mut confirm = false;
    egui::Modal::new(egui::Id::unique("undo_modal")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(fill(t.undo_title, &[("id", &id.to_string())]));
        ui.add_space(8.0);
        match &plan {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t.undo_checking);
                });
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Some(Ok(plan)) => {
                let list = |items: &[(String, u64)]| {
                    items
                        .iter()
                        .map(|(k, n)| format!("{}: {}", kinds_text(&[k], locale), int(*n, locale)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if plan.remove.is_empty() && plan.restore.is_empty() {
                    ui.label(t.undo_nothing);
                }
                if !plan.remove.is_empty() {
                    ui.label(fill(t.undo_removes, &[("list", &list(&plan.remove))]));
                }
                if !plan.restore.is_empty() {
                    ui.label(fill(t.undo_restores, &[("list", &list(&plan.restore))]));
                }
                if let Some(later) = plan.blocked_by {
                    ui.add_space(6.0);
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        fill(t.undo_blocked, &[("later", &later.to_string())]),
                    );
                }
            }
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let can = matches!(&plan, Some(Ok(p)) if p.blocked_by.is_none());
            if ui
                .add_enabled(can, egui::Button::new(format!("↩ {}", t.undo_confirm)))
                .clicked()
            {
                confirm = true;
            }
            if ui.button(t.keep).clicked() {
                close = true;
            }
        });
    });
    if confirm {
        app.data.send(ctx, JobCmd::Undo(db.to_path_buf(), id));
        close = true;
    }
    if close {
        app.data.import.pending_undo = None;
        app.data.import.undo_plan = None;
    }
}

/// Why a sheet has no rows to preview: the required fields of its kind
/// that no column is mapped to, in the person's language.
fn no_preview_reason(
    sheet: &crate::importing::SheetDescription,
    kind: Option<&str>,
    t: &DataTr,
    locale: Locale,
) -> String {
    let Some(kind) = kind.and_then(RecordKind::parse) else {
        return t.no_preview.to_string();
    };
    let missing = fields::missing_required(kind, &sheet.mapping);
    if missing.is_empty() {
        return t.no_preview.to_string();
    }
    let lang = if locale == Locale::PtBr { "pt" } else { "en" };
    let declared = kind.schema();
    let names: Vec<String> = missing
        .iter()
        .map(|f| {
            let label = declared.field(f).map_or(*f, |d| d.label.get(lang));
            format!("“{label}”")
        })
        .collect();
    fill(
        super::super::i18n::ScoreTr::get(locale).preview_missing,
        &[
            ("kind", declared.label.get(lang)),
            ("fields", &names.join(", ")),
        ],
    )
}

/// The status values editor: source text ➡ what it means. Account status
/// values the importer did not know arrive unchosen ("choose…", with a
/// sentence saying so) and can be mapped to active, churned, prospect or
/// skip; other kinds' statuses (opportunities) to their own values.
struct StatusChoice {
    kind: RecordKind,
    locale: Locale,
    running: bool,
}

fn status_values(
    ui: &mut egui::Ui,
    t: &DataTr,
    file: &mut crate::ui::data_views::FileEntry,
    values: &[&'static str],
    choice: StatusChoice,
    reinspect: &mut bool,
) {
    let StatusChoice {
        kind,
        locale,
        running,
    } = choice;
    let pt = crate::ui::i18n::ProspectsTr::get(locale);
    let targets: Vec<&'static str> = if kind == RecordKind::Account {
        crate::importing::status_values::TARGETS.to_vec()
    } else {
        values.to_vec()
    };
    let label = |v: &str| -> String {
        if kind == RecordKind::Account || v.is_empty() {
            pt.status(v).to_string()
        } else {
            v.to_string()
        }
    };
    ui.add_space(6.0);
    ui.label(egui::RichText::new(t.status_values).strong());
    // Wrapped to the editor's own width: the dry run's report sits beside it.
    ui.scope(|ui| {
        ui.set_max_width(400.0);
        ui.label(egui::RichText::new(t.status_values_hint).weak());
        if file.status_map.iter().any(|(_, to)| to.is_empty()) {
            ui.colored_label(ui.visuals().warn_fg_color, pt.unknown_status);
        }
    });
    let mut remove = None;
    let mut changed = false;
    for (i, (from, to)) in file.status_map.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            changed |= ui
                .add_enabled(
                    !running,
                    egui::TextEdit::singleline(from)
                        .hint_text(t.source_value)
                        .desired_width(130.0),
                )
                .lost_focus();
            ui.label("➡");
            ui.add_enabled_ui(!running, |ui| {
                egui::ComboBox::from_id_salt(("status_to", i))
                    .selected_text(label(to))
                    .width(205.0)
                    .show_ui(ui, |ui| {
                        for v in &targets {
                            if ui.selectable_label(to == v, label(v)).clicked() {
                                *to = v.to_string();
                                changed = true;
                            }
                        }
                    });
            });
            if !running && ui.small_button("✖").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        file.status_map.remove(i);
        changed = true;
    }
    if !running && ui.button(t.add_value).clicked() {
        file.status_map.push((
            String::new(),
            targets.first().copied().unwrap_or("").to_string(),
        ));
    }
    if changed {
        *reinspect = true;
    }
}
