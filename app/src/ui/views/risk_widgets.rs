//! Pieces of the churn-risk model shown outside its own view (issue 18):
//! the dashboard's "ARR at risk" card, the MRR forecast with its band and
//! back-test error, the renewals ahead, and the account page's risk.
//! They draw what `crate::risk` computed; no figure is computed here.

use super::super::TenureApp;
use super::super::i18n::fill;
use super::super::i18n::risk::RiskTr;
use crate::domain::Money;
use crate::format::{self, Locale};
use crate::risk::forecast::Forecast;
use crate::risk::{AccountRisk, words};
use egui::{Color32, RichText};
use egui_plot::{FilledArea, Legend, Line, Plot};

fn money(cents: i64, currency: &str, locale: Locale) -> String {
    format::money(Money::from_cents(cents), currency, locale)
}

fn pct(v: Option<f64>, locale: Locale) -> String {
    v.map_or(format::UNDEFINED.to_string(), |v| {
        format::percent(v, 1, locale)
    })
}

/// The "ARR at risk" card, a button like the other cards; `true` when
/// clicked (the caller opens the accounts sorted by risk).
pub fn arr_at_risk_card(app: &TenureApp, ui: &mut egui::Ui) -> bool {
    let locale = app.prefs.locale;
    let rt = RiskTr::get(locale);
    let currency = app.info().map(|i| i.currency.clone()).unwrap_or_default();
    let value = match &app.risk.run {
        Some(run) if run.model.is_some() => money(run.arr_at_risk_cents(), &currency, locale),
        _ if app.risk.busy => "…".to_string(),
        _ => format::UNDEFINED.to_string(),
    };
    let text = RichText::new(format!("{}\n{value}", rt.arr_at_risk)).size(15.0);
    let hint = match app.risk.run.as_ref().and_then(|r| r.no_model.clone()) {
        Some(why) => why,
        None => rt.arr_at_risk_hint.to_string(),
    };
    ui.add_sized([182.0, 84.0], egui::Button::new(text))
        .on_hover_text(hint)
        .clicked()
}

/// Opens the accounts table sorted by churn risk, riskiest first.
pub fn open_by_risk(app: &mut TenureApp) {
    app.accounts.query.sort = crate::accounts::Column::Risk;
    app.accounts.query.descending = true;
    app.accounts.page = None;
    app.prefs.view = super::super::model::View::Accounts;
}

/// The MRR of the last two years and the forecast with its 95 % band,
/// with the back-test error under it.
pub fn forecast_plot(ui: &mut egui::Ui, f: &Forecast, currency: &str, locale: Locale, height: f32) {
    let rt = RiskTr::get(locale);
    ui.heading(rt.forecast);
    let units = |c: i64| Money::from_cents(c).as_units_f64();
    let past: Vec<_> = f.past.iter().rev().take(24).rev().copied().collect();
    let months: Vec<crate::domain::Month> = past
        .iter()
        .map(|p| p.0)
        .chain(f.mrr.iter().map(|p| p.month))
        .collect();
    let actual: Vec<[f64; 2]> = past
        .iter()
        .enumerate()
        .map(|(i, p)| [i as f64, units(p.1)])
        .collect();
    let k0 = past.len().saturating_sub(1) as f64;
    let mut line: Vec<[f64; 2]> = vec![[k0, units(f.actual_mrr)]];
    let mut xs = vec![k0];
    let mut lo = vec![units(f.actual_mrr)];
    let mut hi = vec![units(f.actual_mrr)];
    for (j, p) in f.mrr.iter().enumerate() {
        let x = k0 + 1.0 + j as f64;
        line.push([x, units(p.mrr)]);
        xs.push(x);
        lo.push(units(p.low));
        hi.push(units(p.high));
    }
    let cur = currency.to_string();
    let axis_months = months.clone();
    let plot = Plot::new("mrr_forecast")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .include_y(0.0)
        .y_axis_min_width(70.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            axis_months
                .get(i as usize)
                .map(|m| format::month(*m, locale))
                .unwrap_or_default()
        })
        .y_axis_formatter(move |mark, _| {
            super::super::values::axis(mark.value, crate::ui::model::Unit::Money, &cur, locale)
        });
    let accent = Color32::from_rgb(40, 110, 200);
    plot.show(ui, |p| {
        if !f.mrr.is_empty() {
            p.add(
                FilledArea::new(rt.band, &xs, &lo, &hi)
                    .fill_color(Color32::from_rgba_unmultiplied(230, 140, 40, 60)),
            );
            p.line(
                Line::new(rt.forecast_line, line)
                    .color(Color32::from_rgb(220, 120, 20))
                    .width(2.0)
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
        }
        p.line(Line::new(rt.actual, actual).color(accent).width(2.5));
    });
    if f.mrr.is_empty() {
        ui.label(RichText::new(rt.no_forecast).weak());
    } else {
        ui.label(fill(
            rt.backtest,
            &[
                ("m6", &pct(f.backtest.mape_6m, locale)),
                ("m12", &pct(f.backtest.mape_12m, locale)),
            ],
        ));
    }
}

/// Renewals due in each month ahead, with the ARR expected to renew.
pub fn renewals_table(ui: &mut egui::Ui, f: &Forecast, currency: &str, locale: Locale) {
    let rt = RiskTr::get(locale);
    ui.heading(rt.renewals);
    egui::Grid::new("renewals_ahead")
        .num_columns(4)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for h in [rt.month, rt.accounts, rt.due_arr, rt.expected_arr] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in &f.renewals {
                ui.label(format::month(r.month, locale));
                ui.label(format::integer(r.accounts as i64, locale));
                ui.label(money(r.due_arr, currency, locale));
                ui.label(r.expected_arr.map_or(format::UNDEFINED.to_string(), |c| {
                    money(c, currency, locale)
                }));
                ui.end_row();
            }
        });
}

/// The account page's churn risk: the probability, its three drivers in
/// words and the last twelve months of probability.
pub fn account_section(
    ui: &mut egui::Ui,
    risk: Option<&AccountRisk>,
    horizon: Option<u32>,
    last: Option<crate::domain::Month>,
    locale: Locale,
) {
    let rt = RiskTr::get(locale);
    ui.heading(rt.page_heading);
    let Some(r) = risk else {
        ui.label(RichText::new(rt.page_not_scored).weak());
        return;
    };
    ui.label(
        RichText::new(fill(
            rt.page_probability,
            &[
                ("p", &format::percent(r.churn_probability, 1, locale)),
                ("horizon", &horizon.unwrap_or(3).to_string()),
            ],
        ))
        .size(16.0)
        .strong(),
    );
    if r.drivers.is_empty() {
        ui.label(RichText::new(rt.page_no_drivers).weak());
    } else {
        ui.label(rt.page_drivers);
        for d in &r.drivers {
            ui.label(format!("•  {}", words::driver(d, locale)));
        }
    }
    if r.history.iter().any(Option::is_some)
        && let Some(last) = last
    {
        ui.add_space(4.0);
        ui.label(RichText::new(rt.page_history).weak());
        let n = r.history.len() as i32;
        let first = last.plus(-(n - 1));
        let points: Vec<[f64; 2]> = r
            .history
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| [i as f64, f64::from(p) * 100.0]))
            .collect();
        Plot::new(("account_risk_history", r.account_id))
            .height(120.0)
            .allow_scroll(false)
            .allow_drag(false)
            .include_y(0.0)
            .x_axis_formatter(move |mark, _| {
                let i = mark.value.round();
                if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                    return String::new();
                }
                format::month(first.plus(i as i32), locale)
            })
            .y_axis_formatter(move |mark, _| format!("{}%", format::number(mark.value, 0, locale)))
            .show(ui, |p| {
                p.line(
                    Line::new(RiskTr::get(locale).column, points)
                        .color(Color32::from_rgb(200, 60, 50))
                        .width(2.0),
                );
            });
    }
}
