//! The Model view (issue 18): how well the learned churn-risk model does
//! against the health score on data it did not see, its calibration by
//! decile, its lift and its features with their weights, then the MRR
//! forecast and the renewals ahead.

use super::super::TenureApp;
use super::super::i18n::fill;
use super::super::i18n::risk::RiskTr;
use super::risk_widgets;
use crate::format::{self, Locale};
use crate::risk::{Mode, ModelReport, words};
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Legend, Line, Plot};

fn num(v: Option<f64>, decimals: usize, locale: Locale) -> String {
    v.map_or(format::UNDEFINED.to_string(), |v| {
        format::number(v, decimals, locale)
    })
}

/// One figure in a framed box: name above, value below.
fn tile(ui: &mut egui::Ui, name: &str, value: &str, note: Option<&str>, hint: Option<&str>) {
    let r = egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_min_width(150.0);
            ui.vertical(|ui| {
                ui.label(RichText::new(name).weak());
                ui.label(RichText::new(value).size(22.0).strong());
                if let Some(n) = note {
                    ui.label(RichText::new(n).small().weak());
                }
            });
        });
    if let Some(h) = hint {
        r.response.on_hover_text(h);
    }
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let locale = app.prefs.locale;
    let rt = RiskTr::get(locale);
    let currency = app.info().map(|i| i.currency.clone()).unwrap_or_default();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading(rt.heading);
            if app.risk.busy {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(rt.training);
                });
                return;
            }
            if let Some(e) = &app.risk.failed {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            let Some(run) = app.risk.run.clone() else {
                return;
            };
            match &run.model {
                Some(m) => report(ui, m, locale),
                None => {
                    ui.label(RichText::new(rt.no_model).strong());
                    ui.label(run.no_model.clone().unwrap_or_default());
                }
            }
            if let Some(f) = app.risk.forecast.clone() {
                ui.add_space(16.0);
                ui.separator();
                risk_widgets::forecast_plot(ui, &f, &currency, locale, 260.0);
                ui.add_space(12.0);
                risk_widgets::renewals_table(ui, &f, &currency, locale);
            }
        });
}

fn report(ui: &mut egui::Ui, m: &ModelReport, locale: Locale) {
    let rt = RiskTr::get(locale);
    let mode = match m.mode {
        Mode::History => rt.mode_history,
        Mode::Snapshot => rt.mode_snapshot,
    };
    ui.label(fill(
        rt.summary,
        &[
            ("mode", mode),
            ("rows", &format::integer(m.rows as i64, locale)),
            ("churned", &format::integer(m.churned as i64, locale)),
            ("rate", &format::percent(m.base_rate, 1, locale)),
            ("months", &m.validated_on),
            ("horizon", &m.horizon_months.to_string()),
        ],
    ));
    ui.add_space(6.0);
    ui.label(RichText::new(words::verdict(m, locale)).size(16.0).strong());
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let interval = format!(
            "{}: {} – {}",
            rt.interval,
            num(m.auc_low, 3, locale),
            num(m.auc_high, 3, locale)
        );
        tile(ui, rt.auc, &num(m.auc, 3, locale), Some(&interval), None);
        tile(ui, rt.health_auc, &num(m.health_auc, 3, locale), None, None);
        tile(ui, rt.brier, &num(m.brier, 3, locale), None, None);
        let lift = m
            .lift_top_decile
            .map_or(format::UNDEFINED.to_string(), |l| {
                format!("{}×", format::number(l, 1, locale))
            });
        tile(ui, rt.lift, &lift, None, Some(rt.lift_hint));
    });
    if m.sampled {
        ui.label(RichText::new(rt.sampled).weak().small());
    }
    ui.add_space(12.0);
    ui.columns(2, |cols| {
        calibration(&mut cols[0], m, locale);
        features(&mut cols[1], m, locale);
    });
}

/// Predicted against observed churn by decile (bars observed, line
/// predicted): where they meet, the probabilities mean what they say.
fn calibration(ui: &mut egui::Ui, m: &ModelReport, locale: Locale) {
    let rt = RiskTr::get(locale);
    ui.label(RichText::new(rt.calibration).strong());
    let bars: Vec<Bar> = m
        .deciles
        .iter()
        .map(|d| Bar::new(f64::from(d.decile), d.observed * 100.0).width(0.6))
        .collect();
    let predicted: Vec<[f64; 2]> = m
        .deciles
        .iter()
        .map(|d| [f64::from(d.decile), d.predicted * 100.0])
        .collect();
    Plot::new("risk_calibration")
        .height(240.0)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .allow_scroll(false)
        .allow_drag(false)
        .include_y(0.0)
        .include_x(0.4)
        .include_x(10.6)
        .x_axis_label(rt.decile)
        .y_axis_formatter(move |mark, _| format!("{}%", format::number(mark.value, 0, locale)))
        .show(ui, |p| {
            p.bar_chart(BarChart::new(rt.observed, bars).color(Color32::from_rgb(90, 140, 210)));
            p.line(
                Line::new(rt.predicted, predicted)
                    .color(Color32::from_rgb(220, 120, 20))
                    .width(2.5),
            );
        });
}

/// Every feature with its weight, largest first, as a signed bar.
fn features(ui: &mut egui::Ui, m: &ModelReport, locale: Locale) {
    let rt = RiskTr::get(locale);
    ui.label(RichText::new(rt.features).strong())
        .on_hover_text(rt.weight_hint);
    let top = m
        .features
        .iter()
        .map(|f| f.weight.abs())
        .fold(0.0, f64::max)
        .max(1e-9);
    egui::ScrollArea::vertical()
        .id_salt("risk_features")
        .max_height(240.0)
        .show(ui, |ui| {
            egui::Grid::new("risk_features_grid")
                .num_columns(3)
                .striped(true)
                .spacing([10.0, 3.0])
                .show(ui, |ui| {
                    ui.label(RichText::new(rt.feature).weak());
                    ui.label(RichText::new(rt.weight).weak());
                    ui.label("");
                    ui.end_row();
                    for f in &m.features {
                        ui.label(words::feature(&f.name, locale));
                        ui.label(format::number(f.weight, 2, locale));
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(120.0, 10.0), egui::Sense::hover());
                        let w = (f.weight.abs() / top) as f32 * 60.0;
                        let mid = rect.center().x;
                        let bar = if f.weight >= 0.0 {
                            egui::Rect::from_min_max(
                                egui::pos2(mid, rect.top()),
                                egui::pos2(mid + w, rect.bottom()),
                            )
                        } else {
                            egui::Rect::from_min_max(
                                egui::pos2(mid - w, rect.top()),
                                egui::pos2(mid, rect.bottom()),
                            )
                        };
                        let color = if f.weight >= 0.0 {
                            Color32::from_rgb(200, 70, 60)
                        } else {
                            Color32::from_rgb(40, 140, 80)
                        };
                        ui.painter().rect_filled(bar, 2.0, color);
                        ui.end_row();
                    }
                });
        });
}
