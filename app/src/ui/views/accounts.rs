//! Accounts: the table of every account, an account's page, the record
//! forms, and the undo of what the forms changed. (Table, page and form
//! are modules of their own.)

use super::super::TenureApp;
use super::super::accounts_state::{Confirm, ManualOp};
use super::super::forms::FormKind;
use super::super::i18n::fill;
use super::super::worker::Cmd;
use super::{account_page, accounts_table, record_form};
use crate::domain::RecordKind;

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    // The welcome screen's "Add your first customer".
    if app.show_form {
        app.show_form = false;
        app.accounts.page = None;
        record_form::open(app, FormKind::Account, None, None);
    }
    let filters: Vec<(String, String)> = app
        .prefs
        .filters
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for cmd in app.accounts.tick(&filters, ui.ctx()) {
        app.send(cmd);
    }
    if let Some(answer) = app.accounts.poll_export() {
        let tr = app.tr();
        app.accounts.message = Some(match answer {
            Ok((n, path)) => (
                fill(
                    tr.acc.exported,
                    &[("n", &n.to_string()), ("path", &path.display().to_string())],
                ),
                false,
            ),
            Err(e) => (format!("{}: {e}", tr.export_failed), true),
        });
    }
    ui.add_space(6.0);
    message_bar(app, ui);
    confirm_dialog(app, ui);
    if app.accounts.page.is_some() {
        account_page::show(app, ui);
    } else if app.accounts.form.is_some() {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| record_form::show(app, ui));
    } else {
        accounts_table::show(app, ui);
    }
}

/// The last message, and Undo for the latest form change.
fn message_bar(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    if app.accounts.message.is_none() && app.accounts.undo.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        if let Some(last) = app.accounts.undo.last().cloned()
            && ui
                .button(format!("↩ {}: {}", tr.acc.undo, last.label))
                .clicked()
        {
            app.send(Cmd::Undo(last.import_id));
        }
        if let Some((text, error)) = &app.accounts.message {
            let color = if *error {
                ui.visuals().error_fg_color
            } else {
                egui::Color32::from_rgb(40, 150, 70)
            };
            ui.colored_label(color, text);
        }
    });
    ui.add_space(4.0);
}

fn confirm_dialog(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let Some(confirm) = app.accounts.confirm.clone() else {
        return;
    };
    let text = match &confirm {
        Confirm::Accounts(ids) => fill(
            tr.acc.confirm_delete_accounts,
            &[("n", &ids.len().to_string())],
        ),
        Confirm::Record { label, .. } => format!("{}\n{label}", tr.acc.confirm_delete_record),
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("confirm_delete")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        ui.label(egui::RichText::new(text).size(15.0));
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let delete =
                egui::Button::new(egui::RichText::new(tr.acc.delete).color(egui::Color32::WHITE))
                    .fill(egui::Color32::from_rgb(190, 50, 50));
            if ui.add(delete).clicked() {
                answer = Some(true);
            }
            if ui.button(tr.cancel).clicked() {
                answer = Some(false);
            }
        });
    });
    match answer {
        Some(true) => {
            app.accounts.confirm = None;
            let cmd = match confirm {
                Confirm::Accounts(ids) => {
                    let label = fill(tr.acc.log_delete_accounts, &[("n", &ids.len().to_string())]);
                    if app.accounts.page.is_some_and(|p| ids.contains(&p)) {
                        app.accounts.page = None;
                        app.accounts.detail = None;
                    }
                    app.accounts.run_op(
                        label,
                        ManualOp::Delete {
                            kind: RecordKind::Account,
                            ids,
                        },
                    )
                }
                Confirm::Record { kind, id, label } => app.accounts.run_op(
                    fill(tr.acc.log_delete, &[("what", &label)]),
                    ManualOp::Delete {
                        kind,
                        ids: vec![id],
                    },
                ),
            };
            app.send(cmd);
        }
        Some(false) => app.accounts.confirm = None,
        None => {}
    }
}
