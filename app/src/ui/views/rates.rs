//! Settings' exchange-rates editor (revenue.md): the stored rates, the
//! months purchases lack a rate for, and a line to type one. The table and
//! the writing are the library's (`metrics::fx_table`), run on the worker.

use super::super::TenureApp;
use super::super::forms::{parse_month, show_month};
use super::super::i18n::{fill, revenue};
use super::super::settings_jobs::SettingsCmd;
use crate::format::Locale;
use egui::RichText;

/// A stored rate (exact decimal text, `.` as its mark) in the locale's
/// decimal mark, digit for digit: `6.2140` → `6,2140` in pt-BR.
fn rate_text(rate: &str, locale: Locale) -> String {
    match locale {
        Locale::En => rate.to_string(),
        Locale::PtBr => rate.replace('.', ","),
    }
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let locale = app.prefs.locale;
    let tr = revenue::get(locale);
    if !app.data.settings.fx_requested {
        app.data.settings.fx_requested = true;
        app.send_settings(SettingsCmd::Rates);
    }
    ui.label(RichText::new(tr.rates_section).strong().size(16.0));
    ui.add_space(4.0);
    let s = &mut app.data.settings;
    let Some(o) = s.fx.clone() else {
        ui.spinner();
        return;
    };
    ui.label(RichText::new(fill(tr.rates_hint, &[("reporting", &o.reporting)])).weak());
    ui.add_space(4.0);
    if o.missing.is_empty() {
        ui.label(tr.rates_none_missing);
    } else {
        let list: Vec<String> = o
            .missing
            .iter()
            .map(|(m, c)| format!("{c} {}", show_month(*m)))
            .collect();
        ui.label(
            RichText::new(format!("⚠ {} {}", tr.rates_missing, list.join(", ")))
                .color(ui.visuals().warn_fg_color),
        );
    }
    ui.add_space(6.0);
    let mut save = None;
    egui::Grid::new("fx_entry")
        .num_columns(4)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label(tr.rate_month);
            ui.label(tr.rate_currency);
            ui.label(tr.rate_value);
            ui.label("");
            ui.end_row();
            ui.add(egui::TextEdit::singleline(&mut s.fx_month).desired_width(90.0));
            ui.add(egui::TextEdit::singleline(&mut s.fx_currency).desired_width(60.0));
            ui.add(egui::TextEdit::singleline(&mut s.fx_rate).desired_width(90.0));
            if ui.button(tr.rate_save).clicked() {
                save = Some((s.fx_month.clone(), s.fx_currency.clone(), s.fx_rate.clone()));
            }
            ui.end_row();
        });
    // A missing month can be picked to fill the fields.
    if !o.missing.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for (m, c) in &o.missing {
                if ui
                    .small_button(format!("➕ {c} {}", show_month(*m)))
                    .clicked()
                {
                    s.fx_month = show_month(*m);
                    s.fx_currency = c.clone();
                }
            }
        });
    }
    if let Some(e) = &s.fx_error {
        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
    }
    ui.add_space(6.0);
    if o.rates.is_empty() {
        ui.label(RichText::new(tr.rates_empty).weak());
    } else {
        egui::ScrollArea::vertical()
            .id_salt("fx_rates")
            .max_height(180.0)
            .show(ui, |ui| {
                egui::Grid::new("fx_rates_grid")
                    .num_columns(3)
                    .striped(true)
                    .spacing([18.0, 3.0])
                    .show(ui, |ui| {
                        for (m, c, r) in o.rates.iter().rev() {
                            ui.label(show_month(*m));
                            ui.label(rate_text(r, locale));
                            ui.label(
                                RichText::new(fill(
                                    tr.rate_per,
                                    &[("reporting", &o.reporting), ("currency", c)],
                                ))
                                .weak(),
                            );
                            ui.end_row();
                        }
                    });
            });
    }
    if let Some((month, currency, rate)) = save {
        match parse_month(&month) {
            Some(m) => {
                s.fx_error = None;
                app.send_settings(SettingsCmd::SaveRate(m, currency, rate));
            }
            None => s.fx_error = Some(tr.rate_bad_month.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_written_with_the_locales_decimal_mark_digit_for_digit() {
        assert_eq!(rate_text("6.2140", Locale::PtBr), "6,2140");
        assert_eq!(rate_text("6.2140", Locale::En), "6.2140");
        assert_eq!(rate_text("0.0312345678", Locale::PtBr), "0,0312345678");
    }
}
