//! The dashboard's "Revenue from purchases" section (revenue.md): eight
//! figure cards and a monthly revenue chart, shown only when the database
//! has purchases. The figures come from the engine (`Cards::revenue`);
//! this file only lays them out.

use super::super::TenureApp;
use super::super::i18n::revenue::{self as rtr, RevenueTr};
use super::super::model::{RevenueCards, Unit};
use super::super::values;
use crate::domain::Money;
use crate::format::{self, Locale};
use crate::metrics::{MissingRate, PurchaseFigures, purchases::KEYS};
use egui::RichText;

const CARD_W: f32 = 182.0;
const CARD_H: f32 = 84.0;

/// A card's value as text, or why it has none (a missing rate).
pub fn value_text(
    f: &PurchaseFigures,
    key: &str,
    currency: &str,
    locale: Locale,
) -> Result<String, String> {
    let money = |m: &Result<Money, MissingRate>| match m {
        Ok(m) => Ok(format::money(*m, currency, locale)),
        Err(why) => Err(rtr::missing_rate(locale, why)),
    };
    let opt = |v: Option<String>| Ok(v.unwrap_or_else(|| format::UNDEFINED.to_string()));
    match key {
        "revenue" => money(&f.revenue),
        "returning_revenue" => money(&f.returning_revenue),
        "average_order_value" => match &f.average_order_value {
            Ok(v) => opt(v.map(|m| format::money(m, currency, locale))),
            Err(why) => Err(rtr::missing_rate(locale, why)),
        },
        "purchasing_customers" => Ok(format::integer(f.purchasing_customers as i64, locale)),
        "orders" => Ok(format::integer(f.orders as i64, locale)),
        "lapsed_customers" => Ok(format::integer(f.lapsed_customers as i64, locale)),
        "repeat_customer_rate" => opt(f
            .repeat_customer_rate
            .map(|v| format::percent(v, 1, locale))),
        "purchase_frequency" => opt(f.purchase_frequency.map(|v| format::number(v, 2, locale))),
        _ => opt(None),
    }
}

fn card(
    ui: &mut egui::Ui,
    tr: &RevenueTr,
    i: usize,
    rc: &RevenueCards,
    currency: &str,
    locale: Locale,
) {
    let key = KEYS[i];
    let (rect, _) = ui.allocate_exact_size(egui::vec2(CARD_W, CARD_H), egui::Sense::hover());
    let visuals = ui.visuals();
    ui.painter().rect(
        rect,
        6.0,
        visuals.extreme_bg_color,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(12.0, 9.0)))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    let value = value_text(&rc.figures, key, currency, locale);
    let previous = rc
        .previous
        .as_ref()
        .and_then(|p| value_text(p, key, currency, locale).ok());
    {
        let ui = &mut child;
        ui.spacing_mut().item_spacing.y = 3.0;
        ui.add(egui::Label::new(RichText::new(tr.cards[i]).size(13.0).weak()).truncate());
        let shown = value
            .clone()
            .unwrap_or_else(|_| format::UNDEFINED.to_string());
        ui.add(egui::Label::new(RichText::new(shown).size(22.0).strong()).truncate());
        let below = match (&value, &previous) {
            (Err(why), _) => why.clone(),
            (Ok(_), Some(p)) => format!("{} {p}", tr.vs_previous),
            (Ok(_), None) => String::new(),
        };
        ui.add(egui::Label::new(RichText::new(below).size(11.0).weak()).truncate());
    }
    let response = ui.interact(
        rect,
        ui.scope_id().with(("revenue_card", i)),
        egui::Sense::hover(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, tr.cards[i]));
    response.on_hover_ui(|ui| {
        ui.set_max_width(320.0);
        ui.label(RichText::new(tr.cards[i]).strong());
        ui.label(tr.formulas[i]);
    });
}

/// The section, below the KPI cards.
pub fn show(app: &TenureApp, ui: &mut egui::Ui, rc: &RevenueCards) {
    let locale = app.prefs.locale;
    let tr = rtr::get(locale);
    let currency = app.info().map(|i| i.currency.clone()).unwrap_or_default();
    ui.add_space(14.0);
    ui.heading(tr.section);
    ui.label(RichText::new(tr.section_hint).size(11.0).weak());
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.set_max_width(ui.available_width());
        ui.spacing_mut().item_spacing = egui::vec2(8.0, 8.0);
        for i in 0..KEYS.len() {
            card(ui, tr, i, rc, &currency, locale);
        }
    });
    ui.add_space(10.0);
    ui.label(RichText::new(tr.chart_title).strong().size(16.0));
    chart(ui, tr, rc, &currency, locale);
}

fn chart(ui: &mut egui::Ui, tr: &RevenueTr, rc: &RevenueCards, currency: &str, locale: Locale) {
    use egui_plot::{Bar, BarChart, Legend, Plot};
    // Months before the first purchase are left out, as the MRR charts do.
    let first = rc
        .series
        .iter()
        .position(|p| p.purchasing_customers > 0)
        .unwrap_or(rc.series.len());
    let points = &rc.series[first..];
    if points.is_empty() {
        ui.label(RichText::new(tr.no_purchases).weak());
        return;
    }
    let missing = points.iter().filter(|p| p.revenue.is_none()).count();
    let units = |m: Option<Money>| m.map_or(0.0, Money::as_units_f64);
    let all: Vec<Bar> = points
        .iter()
        .enumerate()
        .map(|(i, p)| Bar::new(i as f64, units(p.revenue)).width(0.7))
        .collect();
    let returning: Vec<Bar> = points
        .iter()
        .enumerate()
        .map(|(i, p)| Bar::new(i as f64, units(p.returning_revenue)).width(0.4))
        .collect();
    // Headroom above the tallest bar, so the legend never covers it.
    let top = points
        .iter()
        .map(|p| units(p.revenue))
        .fold(0.0_f64, f64::max)
        * 1.25;
    let months: Vec<crate::domain::Month> = points.iter().map(|p| p.month).collect();
    let (cur, cur2) = (currency.to_string(), currency.to_string());
    let hover_points = points.to_vec();
    let names = (tr.chart_revenue, tr.chart_returning);
    Plot::new("revenue_by_month")
        .height(240.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_y(0.0)
        .include_y(top)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            months
                .get(i as usize)
                .map(|m| format::month(*m, locale))
                .unwrap_or_default()
        })
        .y_axis_formatter(move |mark, _| values::axis(mark.value, Unit::Money, &cur, locale))
        .y_axis_min_width(64.0)
        .label_formatter(move |pos: &egui_plot::HoverPosition<'_>| {
            let p = match pos {
                egui_plot::HoverPosition::NearDataPoint { position, .. } => *position,
                egui_plot::HoverPosition::Elsewhere { position } => *position,
            };
            let i = p.x.round();
            let point = (i >= 0.0).then(|| hover_points.get(i as usize)).flatten()?;
            let money = |m: Option<Money>| {
                m.map_or(format::UNDEFINED.to_string(), |m| {
                    format::money(m, &cur2, locale)
                })
            };
            Some(format!(
                "{}\n{}: {}\n{}: {}",
                format::month(point.month, locale),
                names.0,
                money(point.revenue),
                names.1,
                money(point.returning_revenue)
            ))
        })
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new(tr.chart_revenue, all).color(egui::Color32::from_rgb(120, 170, 235)),
            );
            plot_ui.bar_chart(
                BarChart::new(tr.chart_returning, returning)
                    .color(egui::Color32::from_rgb(30, 90, 180)),
            );
        });
    if missing > 0 {
        let n = format::integer(missing as i64, locale);
        ui.label(
            RichText::new(super::super::i18n::fill(tr.chart_missing, &[("n", &n)]))
                .size(11.0)
                .color(ui.visuals().warn_fg_color),
        );
    }
}
