//! Accounts: for now, the form that adds one account (the list arrives with
//! a later version).

use super::super::TenureApp;
use super::coming;

fn field(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str, error: Option<&str>) {
    ui.label(label);
    ui.add_sized(
        [280.0, 24.0],
        egui::TextEdit::singleline(value).hint_text(hint),
    );
    match error {
        Some(e) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
        }
        None => {
            ui.label("");
        }
    }
    ui.end_row();
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let empty = app.info().map(|i| i.accounts == 0).unwrap_or(true);
    if !app.show_form && !empty {
        coming::show(app, ui);
        ui.add_space(16.0);
        if ui.button(format!("➕ {}", tr.form_title)).clicked() {
            app.show_form = true;
        }
        return;
    }
    ui.add_space(16.0);
    ui.heading(tr.form_title);
    ui.add_space(12.0);
    let errors = app.form.errors.clone();
    let err = |name: &str| {
        errors
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.clone())
    };
    let name_err = err("name");
    let id_err = err("external_id");
    let since_err = err("customer_since");
    let mrr_err = err("mrr").or_else(|| err("amount"));
    let f = &mut app.form;
    egui::Grid::new("account_form")
        .num_columns(3)
        .spacing([12.0, 10.0])
        .show(ui, |ui| {
            field(ui, tr.form_name, &mut f.name, "", name_err.as_deref());
            field(
                ui,
                tr.form_external_id,
                &mut f.external_id,
                "",
                id_err.as_deref(),
            );
            field(
                ui,
                tr.form_customer_since,
                &mut f.customer_since,
                tr.form_date_hint,
                since_err.as_deref(),
            );
            let money_hint = match app.prefs.locale {
                crate::format::Locale::PtBr => "1.234,56",
                crate::format::Locale::En => "1,234.56",
            };
            field(ui, tr.form_mrr, &mut f.mrr, money_hint, mrr_err.as_deref());
        });
    // Errors about fields the form does not show.
    for (field_name, message) in &errors {
        if !["name", "external_id", "customer_since", "mrr", "amount"]
            .contains(&field_name.as_str())
        {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
    }
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        let saving = app.form.saving;
        if ui
            .add_enabled(!saving, egui::Button::new(tr.form_save))
            .clicked()
        {
            app.save_form();
        }
        if saving {
            ui.spinner();
        }
        if app.form.saved {
            ui.label(
                egui::RichText::new(tr.form_saved).color(egui::Color32::from_rgb(40, 150, 70)),
            );
        }
    });
}
