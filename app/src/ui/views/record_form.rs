//! Draws a record form: one row per field with its error beside it, then
//! Save and Cancel. Saving sends the form to the worker, which validates
//! and writes it on the single write path.

use super::super::TenureApp;
use super::super::accounts_state::{ManualOp, OpenForm};
use super::super::forms::{self, FieldType};
use super::super::i18n::fill;
use super::super::worker::Cmd;
use crate::format::Locale;

fn hint(ty: FieldType, locale: Locale, app: &TenureApp) -> &'static str {
    let acc = &app.tr().acc;
    match ty {
        FieldType::Date => app.tr().form_date_hint,
        FieldType::Month => acc.month_hint,
        FieldType::Instant => acc.instant_hint,
        FieldType::Money => match locale {
            Locale::PtBr => "1.234,56",
            Locale::En => "1,234.56",
        },
        FieldType::Custom => acc.custom_hint,
        _ => "",
    }
}

/// Draws the open form, if any; handles Save and Cancel.
pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let locale = app.prefs.locale;
    let Some(form) = app.accounts.form.as_ref() else {
        return;
    };
    let kind = form.kind;
    let hints: Vec<&'static str> = forms::fields(kind)
        .iter()
        .map(|d| hint(d.ty, locale, app))
        .collect();
    let Some(form) = app.accounts.form.as_mut() else {
        return;
    };
    let mut save = false;
    let mut cancel = false;
    egui::Frame::group(ui.style())
        .inner_margin(14.0)
        .show(ui, |ui| {
            let title = tr.acc.form_titles[kind.index()];
            let verb = if form.editing.is_some() {
                tr.acc.edit
            } else {
                tr.acc.add
            };
            ui.heading(format!("{verb}: {title}"));
            ui.add_space(8.0);
            egui::Grid::new(("record_form", kind.index()))
                .num_columns(3)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    for (d, hint) in forms::fields(kind).iter().zip(&hints) {
                        let label = tr.acc.field(d.key);
                        ui.label(if d.required {
                            format!("{label} *")
                        } else {
                            label.to_string()
                        });
                        let value = form.values.entry(d.key).or_default();
                        match d.ty {
                            FieldType::Choice(options) => {
                                egui::ComboBox::from_id_salt(("choice", d.key))
                                    .width(280.0)
                                    .selected_text(tr.acc.choice(value))
                                    .show_ui(ui, |ui| {
                                        if !d.required {
                                            ui.selectable_value(value, String::new(), "—");
                                        }
                                        for o in options {
                                            ui.selectable_value(
                                                value,
                                                o.to_string(),
                                                tr.acc.choice(o),
                                            );
                                        }
                                    });
                            }
                            FieldType::Custom => {
                                ui.add_sized(
                                    [280.0, 60.0],
                                    egui::TextEdit::multiline(value).hint_text(*hint),
                                );
                            }
                            _ => {
                                ui.add_sized(
                                    [280.0, 22.0],
                                    egui::TextEdit::singleline(value)
                                        .hint_text(*hint)
                                        .id_salt(("field", d.key)),
                                );
                            }
                        }
                        match form.error(d.key) {
                            Some(e) => {
                                ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
                            }
                            None => {
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
            // Errors about something the form does not show (the database).
            let keys: Vec<&str> = forms::fields(kind).iter().map(|d| d.key).collect();
            for (k, m) in &form.errors {
                if !keys.contains(&k.as_str()) {
                    ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {k}: {m}"));
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!form.saving, egui::Button::new(tr.acc.save))
                    .clicked()
                {
                    save = true;
                }
                if ui.button(tr.cancel).clicked() {
                    cancel = true;
                }
                if form.saving {
                    ui.spinner();
                }
            });
        });
    if cancel {
        app.accounts.form = None;
    } else if save {
        submit(app);
    }
}

/// Reads the form and sends it; errors that reading finds stay beside
/// their fields and nothing is sent.
fn submit(app: &mut TenureApp) {
    let tr = app.tr();
    let locale = app.prefs.locale;
    let tag = app.accounts.new_tag();
    let Some(form) = app.accounts.form.as_mut() else {
        return;
    };
    let account_ref = form
        .account
        .as_ref()
        .map(|(_, ext)| ext.clone())
        .unwrap_or_default();
    match forms::to_record(form.kind, &form.values, &account_ref, locale, &tr.acc) {
        Err(errors) => form.errors = errors,
        Ok(record) => {
            form.errors.clear();
            form.saving = true;
            form.tag = tag;
            let what = tr.acc.form_titles[form.kind.index()];
            let account_id = form.account.as_ref().map(|(id, _)| *id);
            let (label, op) = match form.editing {
                Some(row_id) => (
                    fill(tr.acc.log_edit, &[("what", what)]),
                    ManualOp::Update {
                        row_id,
                        record,
                        account_id,
                    },
                ),
                None => (
                    fill(tr.acc.log_new, &[("what", what)]),
                    ManualOp::Insert { record, account_id },
                ),
            };
            app.send(Cmd::Manual {
                tag,
                label,
                op: Box::new(op),
            });
        }
    }
}

/// Opens a blank form (or an edit of `record` at `row_id`).
pub fn open(
    app: &mut TenureApp,
    kind: forms::FormKind,
    account: Option<(i64, String)>,
    edit: Option<(i64, &crate::domain::Record)>,
) {
    let locale = app.prefs.locale;
    let (editing, values) = match edit {
        Some((row_id, record)) => (Some(row_id), forms::from_record(record, locale).1),
        None => (None, forms::blank(kind)),
    };
    app.accounts.form = Some(OpenForm {
        kind,
        values,
        errors: Vec::new(),
        editing,
        account,
        tag: 0,
        saving: false,
    });
}
