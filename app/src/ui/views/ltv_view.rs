//! The LTV view (issue #22, revenue.md): each customer's probability of
//! still buying, expected purchases, expected value and CLV from the
//! BG/NBD + Gamma-Gamma fit made on the worker side (ui/ltv_jobs.rs), the
//! model's parameters, and metrics.md's contractual LTV beside them —
//! never added together. Sortable by any column, exportable to CSV.

use super::super::TenureApp;
use super::super::i18n::{fill, ltv::LtvTr};
use super::super::ltv_jobs::SortBy;
use crate::domain::Money;
use crate::format::{self, Locale};
use crate::ltv::NoModel;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

fn money(v: Option<f64>, currency: &str, locale: Locale) -> String {
    v.filter(|v| v.is_finite()).map_or("—".to_string(), |v| {
        format::money(
            Money::from_cents((v * 100.0).round() as i64),
            currency,
            locale,
        )
    })
}

fn num(v: Option<f64>, decimals: usize, locale: Locale) -> String {
    v.filter(|v| v.is_finite())
        .map_or("—".to_string(), |v| format::number(v, decimals, locale))
}

fn card(ui: &mut egui::Ui, title: &str, value: &str, hint: &str) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.set_width(300.0);
                ui.label(RichText::new(title).weak());
                ui.label(RichText::new(value).size(22.0).strong());
                ui.add(egui::Label::new(RichText::new(hint).size(11.0).weak()).wrap());
            });
        });
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let locale = app.prefs.locale;
    let t = super::super::i18n::ltv::get(locale);
    ui.heading(RichText::new(t.heading).size(22.0).strong());
    if let Some(why) = &app.ltv.failed {
        ui.colored_label(ui.visuals().error_fg_color, why);
        return;
    }
    let Some(f) = app.ltv.figures.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t.computing);
        });
        return;
    };
    let r = &f.report;
    if r.customers.is_empty() {
        ui.label(t.no_purchases);
        return;
    }
    if let Some(end) = r.calibration_end {
        ui.add(
            egui::Label::new(fill(
                t.hint,
                &[
                    ("end", &format::date(end, locale)),
                    ("weeks", &r.horizon_weeks.to_string()),
                ],
            ))
            .wrap(),
        );
    }
    model_lines(ui, t, r, locale);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let (mean, n) = r.mean_clv().map_or((None, 0), |(m, n)| (Some(m), n));
        card(
            ui,
            t.mean_clv,
            &money(mean, &r.currency, locale),
            &fill(
                t.mean_clv_hint,
                &[("n", &format::integer(n as i64, locale))],
            ),
        );
        card(
            ui,
            t.contractual,
            &f.contractual.map_or(t.contractual_none.to_string(), |m| {
                format::money(m, &r.currency, locale)
            }),
            t.contractual_hint,
        );
    });
    ui.label(RichText::new(t.never_summed).size(11.0).weak());
    ui.horizontal(|ui| {
        if ui.button(t.export).clicked() {
            export(app, t);
        }
        if let Some(m) = &app.ltv.message {
            ui.label(m);
        }
    });
    ui.add_space(4.0);
    // Narrow windows scroll the table sideways rather than clip its columns.
    egui::ScrollArea::horizontal()
        .id_salt("ltv-table")
        .show(ui, |ui| table(app, ui, t, locale));
}

fn model_lines(ui: &mut egui::Ui, t: &LtvTr, r: &crate::ltv::LtvReport, locale: Locale) {
    match (&r.model, r.no_model) {
        (Some(m), _) => {
            let p = |v: f64| format::number(v, 4, locale);
            ui.label(format!(
                "{}: r = {} · α = {} · a = {} · b = {}",
                t.params_bg,
                p(m.r),
                p(m.alpha),
                p(m.a),
                p(m.b)
            ));
            match (m.p, m.q, m.gamma) {
                (Some(pp), Some(q), Some(g)) => {
                    ui.label(format!(
                        "{}: p = {} · q = {} · γ = {}",
                        t.params_gg,
                        p(pp),
                        p(q),
                        p(g)
                    ));
                }
                _ => {
                    ui.colored_label(ui.visuals().warn_fg_color, t.no_spend);
                }
            }
            ui.label(
                RichText::new(fill(
                    t.fit_line,
                    &[
                        ("ll", &format::number(m.log_likelihood, 2, locale)),
                        ("n", &format::integer(m.customers as i64, locale)),
                        ("k", &format::integer(m.repeaters as i64, locale)),
                    ],
                ))
                .weak(),
            );
        }
        (None, Some(NoModel::TooFewRepeaters(n))) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                fill(
                    if n == 1 { t.too_few_one } else { t.too_few },
                    &[
                        ("n", &n.to_string()),
                        ("min", &crate::ltv::MIN_REPEATERS.to_string()),
                    ],
                ),
            );
        }
        (None, _) => {
            ui.colored_label(ui.visuals().warn_fg_color, t.edge);
        }
    }
    if let Some(m) = &r.left_out_rate {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            fill(
                t.left_out,
                &[
                    ("n", &format::integer(r.left_out as i64, locale)),
                    ("why", &super::super::i18n::revenue::missing_rate(locale, m)),
                ],
            ),
        );
    }
}

fn table(app: &mut TenureApp, ui: &mut egui::Ui, t: &LtvTr, locale: Locale) {
    let Some(f) = app.ltv.figures.clone() else {
        return;
    };
    let r = &f.report;
    let order = app.ltv.order.clone();
    let (sort, descending) = (app.ltv.sort, app.ltv.descending);
    let mut clicked = None;
    TableBuilder::new(ui)
        .striped(true)
        .auto_shrink([false, false])
        .column(Column::exact(64.0).clip(true))
        .column(Column::exact(150.0).clip(true))
        // 84 px: the whole table fits beside the side panel at 1024 px.
        .columns(Column::initial(84.0).at_least(62.0), 6)
        .column(Column::remainder().at_least(56.0))
        .header(34.0, |mut h| {
            for (i, by) in SortBy::ALL.iter().enumerate() {
                h.col(|ui| {
                    let arrow = if *by == sort {
                        if descending { " ⏷" } else { " ⏶" }
                    } else {
                        ""
                    };
                    let text = RichText::new(format!("{}{arrow}", t.columns[i])).strong();
                    if ui
                        .add(egui::Button::new(text).frame(false).wrap())
                        .clicked()
                    {
                        clicked = Some(*by);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(22.0, order.len(), |mut row| {
                let Some(c) = order.get(row.index()).and_then(|&i| r.customers.get(i)) else {
                    return;
                };
                let right = |row: &mut egui_extras::TableRow<'_, '_>, text: String| {
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(text);
                        });
                    });
                };
                row.col(|ui| {
                    ui.label(&c.external_id);
                });
                row.col(|ui| {
                    ui.label(&c.name);
                });
                right(&mut row, format::integer(i64::from(c.frequency), locale));
                right(
                    &mut row,
                    c.p_alive
                        .map_or("—".into(), |p| format::percent(p, 1, locale)),
                );
                right(&mut row, num(c.expected_purchases, 2, locale));
                right(&mut row, money(c.expected_value, &r.currency, locale));
                right(&mut row, money(c.clv, &r.currency, locale));
                right(&mut row, num(Some(c.weeks_since_last), 1, locale));
                row.col(|ui| {
                    if c.contract {
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.label(t.yes);
                        });
                    }
                });
            });
        });
    if let Some(by) = clicked {
        app.ltv.sort_by(by);
    }
}

fn export(app: &mut TenureApp, t: &LtvTr) {
    let Some(csv) = app.ltv.csv() else {
        return;
    };
    let end = app
        .ltv
        .figures
        .as_ref()
        .and_then(|f| f.report.calibration_end)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let dir = app
        .current_db
        .parent()
        .map(|p| p.join("exports"))
        .unwrap_or_else(|| std::path::PathBuf::from("exports"));
    let path = dir.join(format!("customer-value-{end}.csv"));
    let result = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, csv));
    app.ltv.message = Some(match result {
        Ok(()) => format!("{} {}", t.exported, path.display()),
        Err(e) => format!("{}: {e}", t.export_failed),
    });
}
