//! Renewals (issue 21): every active customer renewing within the window
//! (90 days unless changed), overdue renewals first, with the ARR at
//! stake, health, band, churn risk, CSM and open tasks; a click opens the
//! account. Below it, the renewals of each month ahead with the ARR the
//! risk model expects to renew (issue 18).

use super::super::TenureApp;
use super::super::i18n::fill;
use super::super::i18n::playbooks::PlaybooksTr;
use super::super::i18n::risk::RiskTr;
use super::today::{open_account, request};
use crate::format;
use crate::risk::forecast::Forecast;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    request(app);
    let locale = app.prefs.locale;
    let t = PlaybooksTr::get(locale);
    let mut days = app.pb.renewal_days;
    ui.horizontal(|ui| {
        ui.heading(RichText::new(t.view_renewals).size(22.0).strong());
        if let Some(s) = &app.pb.snapshot {
            ui.label(fill(
                t.today_is,
                &[("date", &format::date(s.today, locale))],
            ));
        }
        ui.add_space(16.0);
        ui.label(t.window);
        ui.add(egui::DragValue::new(&mut days).range(1..=730));
        ui.label(t.days);
    });
    if days != app.pb.renewal_days {
        app.pb.renewal_days = days;
        app.pb.refresh();
    }
    let Some(s) = app.pb.snapshot.clone() else {
        ui.spinner();
        return;
    };
    let forecast = app.risk.forecast.clone();
    let busy = app.risk.busy;
    let currency = s.currency.clone();
    let list = &s.renewals;
    if list.is_empty() {
        ui.label(t.no_renewals);
        forecast_section(ui, forecast.as_deref(), busy, &currency, locale);
        return;
    }
    let at_stake = crate::playbooks::arr_at_stake(list);
    let overdue = list.iter().filter(|r| r.overdue).count();
    ui.label(fill(
        t.at_stake,
        &[
            ("n", &format::integer(list.len() as i64, locale)),
            ("arr", &format::money(at_stake, &s.currency, locale)),
        ],
    ));
    if overdue > 0 {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("{}: {overdue}", t.overdue_renewals),
        );
    }
    ui.separator();
    let mut open = None;
    let rt = RiskTr::get(locale);
    let headers = [
        t.col_renewal,
        t.col_days_left,
        t.col_account,
        t.col_arr,
        t.col_health,
        rt.column,
        t.col_csm,
        t.col_tasks,
    ];
    let risk = &app.risk;
    // The list takes what the monthly forecast below leaves.
    let list_height = (ui.available_height() - 300.0).max(160.0);
    TableBuilder::new(ui)
        .striped(true)
        .auto_shrink([false, true])
        .max_scroll_height(list_height)
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(160.0).clip(true))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(100.0).clip(true))
        .column(Column::remainder().at_least(110.0))
        .header(22.0, |mut h| {
            for x in headers {
                h.col(|ui| {
                    ui.strong(x);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, list.len(), |mut row| {
                let Some(r) = list.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(format::date(r.renewal_on, locale));
                });
                row.col(|ui| {
                    if r.overdue {
                        let n = (-r.days_left).to_string();
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            fill(t.overdue_days, &[("n", &n)]),
                        );
                    } else {
                        ui.label(r.days_left.to_string());
                    }
                });
                row.col(|ui| {
                    if ui.link(&r.account_name).clicked() {
                        open = Some(r.account_id);
                    }
                });
                row.col(|ui| {
                    ui.label(format::money(r.arr, &s.currency, locale));
                });
                row.col(|ui| {
                    let band = r.band.map_or("", |b| t.band(b));
                    ui.label(match r.health {
                        Some(h) => format!("{h} · {band}"),
                        None => format::UNDEFINED.to_string(),
                    });
                });
                row.col(|ui| {
                    ui.label(risk.account(r.account_id).map_or_else(
                        || format::UNDEFINED.to_string(),
                        |a| format::percent(a.churn_probability, 0, locale),
                    ));
                });
                row.col(|ui| {
                    ui.label(if r.csm.is_empty() {
                        t.unassigned
                    } else {
                        &r.csm
                    });
                });
                row.col(|ui| {
                    let text = fill(
                        t.open_overdue,
                        &[
                            ("n", &r.open_tasks.to_string()),
                            ("m", &r.overdue_tasks.to_string()),
                        ],
                    );
                    // One line: the row is one line high.
                    let text = if r.overdue_tasks > 0 {
                        RichText::new(text).color(ui.visuals().warn_fg_color)
                    } else {
                        RichText::new(text)
                    };
                    ui.add(egui::Label::new(text).truncate());
                });
            });
        });
    forecast_section(ui, forecast.as_deref(), busy, &currency, locale);
    if let Some(id) = open {
        open_account(app, id);
    }
}

/// The renewals due in each month ahead and the ARR expected to renew, or
/// why there is no such forecast yet.
fn forecast_section(
    ui: &mut egui::Ui,
    forecast: Option<&Forecast>,
    busy: bool,
    currency: &str,
    locale: crate::format::Locale,
) {
    ui.add_space(12.0);
    ui.separator();
    match forecast {
        Some(f) => {
            egui::ScrollArea::vertical()
                .id_salt("renewals_ahead_scroll")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    super::risk_widgets::renewals_table(ui, f, currency, locale);
                });
        }
        None => {
            let rt = RiskTr::get(locale);
            ui.heading(rt.renewals);
            if busy {
                ui.spinner();
            } else {
                ui.label(RichText::new(rt.no_forecast).weak());
            }
        }
    }
}
