//! The top bar: period selector, segment filter, database name, demo label.

use super::TenureApp;
use super::i18n::{Tr, language_name};
use super::model::{PeriodKind, SEGMENT_FIELDS};
use crate::domain::Month;
use crate::format::{self, Locale};

pub fn period_kind_name(tr: &Tr, kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Month => tr.period_month,
        PeriodKind::Quarter => tr.period_quarter,
        PeriodKind::Year => tr.period_year,
        PeriodKind::Ttm => tr.period_ttm,
        PeriodKind::Custom => tr.period_custom,
    }
}

/// A segment field's label: the schema's, like the table's column.
pub fn field_name<'a>(tr: &Tr, field: &'a str) -> &'a str {
    match field {
        "icp_tier" => tr.icp.segment_name,
        _ => tr.acc.field(field),
    }
}

/// `mar/2025` or `jan/2025 – mar/2025`.
pub fn range_label(from: Month, to: Month, locale: Locale) -> String {
    if from == to {
        format::month(from, locale)
    } else {
        format!(
            "{} – {}",
            format::month(from, locale),
            format::month(to, locale)
        )
    }
}

fn month_combo(
    ui: &mut egui::Ui,
    id: &str,
    value: &mut Option<i32>,
    months: &[Month],
    locale: Locale,
) -> bool {
    let current = value
        .map(Month::from_index)
        .or_else(|| months.last().copied());
    let mut changed = false;
    egui::ComboBox::from_id_salt(id)
        .selected_text(
            current
                .map(|m| format::month(m, locale))
                .unwrap_or_default(),
        )
        .height(300.0)
        .show_ui(ui, |ui| {
            for m in months.iter().rev() {
                if ui
                    .selectable_label(current == Some(*m), format::month(*m, locale))
                    .clicked()
                {
                    *value = Some(m.index());
                    changed = true;
                }
            }
        });
    changed
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.add_space(4.0);
        // Rows that wrap: at 1024 px (or in Portuguese, or with a custom
        // period) controls move to the next line instead of overlapping.
        ui.horizontal_wrapped(|ui| {
            ui.heading(egui::RichText::new(tr.app_title).strong());
            ui.separator();
            let ready = app.info().map(|i| i.accounts > 0).unwrap_or(false);
            ui.add_enabled_ui(ready, |ui| {
                ui.horizontal(|ui| period_selector(app, ui));
            });
            ui.separator();
            ui.horizontal(|ui| {
                theme_and_language(app, ui);
                super::help::button(ui, app.prefs.locale, super::i18n::help(app.prefs.locale));
            });
        });
        ui.horizontal_wrapped(|ui| {
            database_label(app, ui);
            if app.info().map(|i| i.accounts > 0).unwrap_or(false) {
                ui.separator();
                segment_filter(app, ui);
            }
        });
        ui.add_space(2.0);
    });
}

fn database_label(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    ui.label(format!("{}:", tr.database));
    let name = app
        .current_db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ui.label(egui::RichText::new(name).monospace())
        .on_hover_text(format!("{}: {}", tr.database, app.current_db.display()));
    if app.is_demo() {
        let label = egui::RichText::new(format!(" {} ", tr.demo_label))
            .strong()
            .color(egui::Color32::WHITE)
            .background_color(egui::Color32::from_rgb(196, 92, 0));
        ui.label(label).on_hover_text(tr.demo_tooltip);
        if app.current_db != app.real_db && ui.button(tr.back_to_real).clicked() {
            let real = app.real_db.clone();
            app.open_db(real);
        }
    }
}

fn period_selector(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let locale = app.prefs.locale;
    let latest = app.latest_month();
    ui.label(format!("{}:", tr.period));
    let mut kind = app.prefs.period.kind;
    egui::ComboBox::from_id_salt("period_kind")
        .selected_text(period_kind_name(tr, kind))
        .show_ui(ui, |ui| {
            for k in PeriodKind::ALL {
                ui.selectable_value(&mut kind, k, period_kind_name(tr, k));
            }
        });
    if kind != app.prefs.period.kind {
        app.prefs.period.kind = kind;
    }
    if ui.button("◀").on_hover_text(tr.previous).clicked() {
        app.prefs.period.step(latest, -1);
    }
    let (from, to) = app.prefs.period.range(latest);
    if kind == PeriodKind::Custom {
        let months = app.available_months();
        ui.label(tr.period_from);
        if app.prefs.period.custom_from.is_none() {
            app.prefs.period.custom_from = Some(from.index());
        }
        month_combo(
            ui,
            "custom_from",
            &mut app.prefs.period.custom_from,
            &months,
            locale,
        );
        ui.label(tr.period_to);
        if app.prefs.period.custom_to.is_none() {
            app.prefs.period.custom_to = Some(to.index());
        }
        month_combo(
            ui,
            "custom_to",
            &mut app.prefs.period.custom_to,
            &months,
            locale,
        );
    } else {
        ui.label(egui::RichText::new(range_label(from, to, locale)).strong());
    }
    if ui.button("▶").on_hover_text(tr.next).clicked() {
        app.prefs.period.step(latest, 1);
    }
    if ui.button(tr.latest).clicked() {
        app.prefs.period.anchor = None;
        app.prefs.period.custom_from = None;
        app.prefs.period.custom_to = None;
    }
}

fn segment_filter(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    ui.label(format!("{}:", tr.segment));
    let options = app.info().map(|i| i.options.clone()).unwrap_or_default();
    // ICP (issue 7): the primary profile's tier, once one exists.
    let icp = options
        .contains_key(crate::metrics::ICP_TIER_FIELD)
        .then_some(crate::metrics::ICP_TIER_FIELD);
    for field in SEGMENT_FIELDS.into_iter().chain(icp) {
        let values = options.get(field).cloned().unwrap_or_default();
        let current = app.prefs.filters.get(field).cloned();
        let text = match &current {
            Some(v) => format!("{}: {}", field_name(tr, field), tr.acc.choice(v)),
            None => format!("{}: {}", field_name(tr, field), tr.all),
        };
        let mut choice = current.clone();
        egui::ComboBox::from_id_salt(("segment", field))
            .selected_text(text)
            .height(320.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut choice, None, tr.all);
                for v in &values {
                    ui.selectable_value(&mut choice, Some(v.clone()), tr.acc.choice(v));
                }
            });
        if choice != current {
            match choice {
                Some(v) => {
                    app.prefs.filters.insert(field.to_string(), v);
                }
                None => {
                    app.prefs.filters.remove(field);
                }
            }
        }
    }
    if !app.prefs.filters.is_empty() && ui.button(tr.clear_filters).clicked() {
        app.prefs.filters.clear();
    }
}

fn theme_and_language(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let icon = if app.prefs.dark { "☀" } else { "🌙" };
    let tip = if app.prefs.dark {
        tr.theme_light
    } else {
        tr.theme_dark
    };
    if ui.button(icon).on_hover_text(tip).clicked() {
        app.prefs.dark = !app.prefs.dark;
    }
    let mut locale = app.prefs.locale;
    egui::ComboBox::from_id_salt("language")
        .selected_text(language_name(locale))
        .show_ui(ui, |ui| {
            for l in [Locale::En, Locale::PtBr] {
                ui.selectable_value(&mut locale, l, language_name(l));
            }
        });
    app.prefs.locale = locale;
}
