//! The dashboard: KPI cards for the selected period and the charts.

use super::super::TenureApp;
use super::super::charts;
use super::super::i18n::Tr;
use super::super::model::{ChartKind, CountKind, Kpi, KpiValue, Undefined, Unit};
use super::super::topbar::range_label;
use super::super::values;
use crate::format::{self, Locale};
use egui::{Color32, RichText};

const CARD_W: f32 = 182.0;
const CARD_H: f32 = 84.0;

pub fn count_name(tr: &Tr, kind: CountKind) -> &'static str {
    match kind {
        CountKind::Accounts => tr.c_accounts,
        CountKind::StartAccounts => tr.c_start_accounts,
        CountKind::Responses => tr.c_responses,
        CountKind::Tickets => tr.c_tickets,
        CountKind::NewAccounts => tr.c_new_accounts,
        CountKind::Churned => tr.c_churned,
    }
}

fn undefined_reason(tr: &Tr, locale: Locale, why: &Undefined) -> String {
    match why {
        Undefined::NoBase => tr.undefined_no_base.to_string(),
        Undefined::NoData => tr.undefined_no_data.to_string(),
        Undefined::MissingRate(m) => super::super::i18n::revenue::missing_rate(locale, m),
        Undefined::Reason(text) => super::super::i18n::engine_sentence(locale, text)
            .unwrap_or(tr.undefined_no_base)
            .to_string(),
    }
}

/// The change against the previous period: `⬆ 4.2%` for amounts, `⬆ 1.3 pp`
/// for rates, and whether it is good news.
pub fn change_text(kpi: Kpi, now: f64, before: f64, locale: Locale) -> (String, Option<bool>) {
    // The change itself is the engine's (metrics::Change); this only writes it.
    let change = crate::metrics::Change::between(now, before);
    let delta = change.delta;
    let arrow = match change.direction {
        1 => "⬆",
        -1 => "⬇",
        _ => "=",
    };
    let text = match kpi.unit() {
        Unit::Money | Unit::Count | Unit::Hours => match change.relative {
            None => match kpi.unit() {
                Unit::Money | Unit::Hours => {
                    format!("{arrow} {}", format::number(delta.abs(), 0, locale))
                }
                _ => format!(
                    "{arrow} {}",
                    format::integer(delta.abs().round() as i64, locale)
                ),
            },
            Some(relative) => format!("{arrow} {}", format::percent(relative.abs(), 1, locale)),
        },
        Unit::Percent => format!(
            "{arrow} {} pp",
            format::number(delta.abs() * 100.0, 1, locale)
        ),
        Unit::Score => format!("{arrow} {}", format::number(delta.abs(), 0, locale)),
        Unit::Ratio | Unit::Mean => format!("{arrow} {}", format::number(delta.abs(), 2, locale)),
    };
    (text, change.good(kpi.higher_is_better()))
}

fn good_color(ui: &egui::Ui, good: Option<bool>) -> Color32 {
    let dark = ui.visuals().dark_mode;
    match good {
        Some(true) if dark => Color32::from_rgb(90, 200, 110),
        Some(true) => Color32::from_rgb(20, 130, 50),
        Some(false) if dark => Color32::from_rgb(255, 110, 100),
        Some(false) => Color32::from_rgb(200, 40, 40),
        None => ui.visuals().weak_text_color(),
    }
}

/// The text a card shows for its value (used by tests too).
pub fn card_value_text(v: &KpiValue, currency: &str, locale: Locale) -> String {
    match v.value {
        Ok(x) => values::show(x, v.kpi.unit(), currency, locale),
        Err(_) => format::UNDEFINED.to_string(),
    }
}

fn card(ui: &mut egui::Ui, app: &TenureApp, v: &KpiValue, busy: bool) -> egui::Response {
    let tr = app.tr();
    let locale = app.prefs.locale;
    let currency = app.info().map(|i| i.currency.clone()).unwrap_or_default();
    let text = tr.kpis[v.kpi.index()];
    let (rect, _) = ui.allocate_exact_size(egui::vec2(CARD_W, CARD_H), egui::Sense::hover());
    let hovered = ui.rect_contains_pointer(rect);
    let visuals = ui.visuals();
    let stroke = if hovered {
        visuals.widgets.hovered.bg_stroke
    } else {
        visuals.widgets.noninteractive.bg_stroke
    };
    ui.painter().rect(
        rect,
        6.0,
        visuals.extreme_bg_color,
        stroke,
        egui::StrokeKind::Inside,
    );
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(12.0, 9.0)))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    {
        let ui = &mut child;
        ui.spacing_mut().item_spacing.y = 3.0;
        ui.horizontal(|ui| {
            ui.add(egui::Label::new(RichText::new(text.name).size(13.0).weak()).truncate());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if busy {
                    ui.add(egui::Spinner::new().size(12.0));
                }
                // playbooks (issue 21): open and overdue tasks behind the risk cards.
                let slot = match v.kpi {
                    Kpi::AtRisk => Some(0),
                    Kpi::Critical => Some(1),
                    _ => None,
                };
                if let (Some(i), Some(s)) = (slot, &app.pb.snapshot) {
                    let c = s.band_tasks[i];
                    let t = crate::ui::i18n::playbooks::PlaybooksTr::get(locale);
                    let hint = crate::ui::i18n::fill(
                        t.task_counts,
                        &[("n", &c.open.to_string()), ("m", &c.overdue.to_string())],
                    );
                    ui.label(RichText::new(format!("☑ {} · ⚠ {}", c.open, c.overdue)).size(11.0))
                        .on_hover_text(hint);
                }
                if let Some(n) = v.small_sample {
                    ui.label(
                        RichText::new(format!("⚠ n={}", format::integer(n, locale)))
                            .size(11.0)
                            .color(ui.visuals().warn_fg_color),
                    );
                }
            });
        });
        ui.add(
            egui::Label::new(
                RichText::new(card_value_text(v, &currency, locale))
                    .size(22.0)
                    .strong(),
            )
            .truncate(),
        );
        match (&v.value, v.previous) {
            (Ok(now), Some(before)) if before.is_finite() => {
                let (t, good) = change_text(v.kpi, *now, before, locale);
                ui.label(RichText::new(t).size(12.0).color(good_color(ui, good)));
            }
            (Err(why), _) => {
                ui.add(
                    egui::Label::new(
                        RichText::new(undefined_reason(tr, locale, why))
                            .size(11.0)
                            .weak(),
                    )
                    .truncate(),
                );
            }
            _ => {
                ui.label(RichText::new(tr.no_previous).size(11.0).weak());
            }
        }
    }
    let response = ui.interact(
        rect,
        ui.scope_id().with(("card", v.kpi.index())),
        egui::Sense::click(),
    );
    // A button named by its figure, for screen readers and UI tests.
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, text.name));
    response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_ui(|ui| {
            ui.set_max_width(320.0);
            ui.label(RichText::new(text.name).strong());
            ui.label(text.formula);
            if let Err(why) = &v.value {
                ui.label(format!(
                    "{} {}",
                    tr.undefined_because,
                    undefined_reason(tr, locale, why)
                ));
            }
            if !v.counts.is_empty() {
                let counts: Vec<String> = v
                    .counts
                    .iter()
                    .map(|(k, n)| format!("{} {}", format::integer(*n, locale), count_name(tr, *k)))
                    .collect();
                ui.label(format!("{}: {}", tr.counts_behind, counts.join(", ")));
            }
            if let (Ok(_), Some(before)) = (&v.value, v.previous) {
                ui.label(format!(
                    "{} {}",
                    tr.vs_previous,
                    values::show(before, v.kpi.unit(), &currency, locale)
                ));
            }
            if let Some(n) = v.small_sample {
                ui.label(format!("⚠ {} (n = {n})", tr.small_sample));
            }
            // LTV rests on the gross margin: say which one, since the
            // default (100 %) flatters it.
            if matches!(v.kpi, Kpi::Ltv | Kpi::LtvCac) {
                let margin = app.cards.as_ref().map_or(1.0, |c| c.gross_margin);
                let ux = super::super::i18n::ux::get(locale);
                ui.label(
                    RichText::new(super::super::i18n::fill(
                        ux.margin_assumed,
                        &[("margin", &format::percent(margin, 0, locale))],
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
            // Anonymous responses and tickets are the company's alone.
            if matches!(
                v.kpi,
                Kpi::Nps | Kpi::Csat | Kpi::Ces | Kpi::FirstResponse | Kpi::Resolution
            ) {
                let st = super::super::i18n::surveys::SurveysTr::get(locale);
                let segment = !app.prefs.filters.is_empty();
                ui.label(if segment {
                    st.segment_note
                } else {
                    st.company_note
                });
            }
            let ux = super::super::i18n::ux::get(locale);
            let hint = match survey_kind(v.kpi) {
                Some(_) => super::super::i18n::surveys::SurveysTr::get(locale).card_hint,
                None => ux.card_hint,
            };
            ui.label(RichText::new(format!("👥 {hint}")).weak());
        })
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    // playbooks (issue 21): the task counts of the risk cards.
    super::today::request(app);
    super::responses::screenshot_open(app);
    if app.responses.is_some() {
        if !super::responses::show(app, ui) {
            app.responses = None;
        }
        return;
    }
    let tr = app.tr();
    let locale = app.prefs.locale;
    let busy = app.cards_busy();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.heading(tr.view_dashboard);
                if let Some(c) = &app.cards
                    && let (Some(from), Some(to)) = (c.from, c.to)
                {
                    ui.label(RichText::new(range_label(from, to, locale)).weak());
                }
                if busy {
                    ui.spinner();
                    ui.label(RichText::new(tr.computing).weak());
                }
            });
            ui.add_space(6.0);
            let Some(cards) = app.cards.clone() else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr.computing);
                });
                return;
            };
            let mut clicked: Option<Kpi> = None;
            if let Some(revenue) = cards.revenue.as_ref().filter(|r| r.first) {
                super::revenue_cards::show(app, ui, revenue);
                ui.add_space(14.0);
            }
            let mut by_risk = false;
            ui.horizontal_wrapped(|ui| {
                ui.set_max_width(ui.available_width());
                ui.spacing_mut().item_spacing = egui::vec2(8.0, 8.0);
                for v in &cards.kpis {
                    if card(ui, app, v, busy).clicked() {
                        clicked = Some(v.kpi);
                    }
                }
                // Churn risk (issue 18): Σ ARR × probability.
                if super::risk_widgets::arr_at_risk_card(app, ui) {
                    by_risk = true;
                }
            });
            if by_risk {
                super::risk_widgets::open_by_risk(app);
            }
            // A card is a door: it lists the accounts behind the figure.
            if let Some(kpi) = clicked {
                match survey_kind(kpi) {
                    // What customers say, not only who they are (issue #24).
                    Some(kind) => super::responses::open(app, kind),
                    None => open_door(app, kpi.door()),
                }
            }
            if let Some(revenue) = cards.revenue.as_ref().filter(|r| !r.first) {
                if app.scroll_to == Some(super::super::ScrollTo::Revenue) {
                    app.scroll_to = None;
                    ui.scroll_to_cursor(Some(egui::Align::TOP));
                }
                super::revenue_cards::show(app, ui, revenue);
            }
            ui.add_space(14.0);
            let scroll = app.scroll_to_chart && app.series.is_some();
            if app.series.is_some() {
                app.scroll_to_chart = false;
            }
            chart_section(app, ui, scroll);
            // Churn risk (issue 18): the MRR forecast; the renewals ahead
            // are in the Renewals view.
            if let Some(f) = app.risk.forecast.clone() {
                let currency = app.info().map(|i| i.currency.clone()).unwrap_or_default();
                ui.add_space(16.0);
                super::risk_widgets::forecast_plot(ui, &f, &currency, locale, 260.0);
            }
        });
}

/// The survey kind a card opens the Responses list on, if it is a survey's.
fn survey_kind(kpi: Kpi) -> Option<crate::domain::SurveyKind> {
    match kpi {
        Kpi::Nps => Some(crate::domain::SurveyKind::Nps),
        Kpi::Csat => Some(crate::domain::SurveyKind::Csat),
        Kpi::Ces => Some(crate::domain::SurveyKind::Ces),
        _ => None,
    }
}

/// Asks the worker for the accounts behind `door` in the shown period; the
/// Accounts view opens on them when they arrive.
pub fn open_door(app: &mut TenureApp, door: crate::metrics::Door) {
    let Some(query) = app.wanted_query() else {
        return;
    };
    let ux = super::super::i18n::ux::get(app.prefs.locale);
    let label = super::super::i18n::fill(
        ux.focus_from_card,
        &[
            ("what", ux.door(door)),
            (
                "period",
                &range_label(query.from, query.to, app.prefs.locale),
            ),
        ],
    );
    app.send(super::super::worker::Cmd::Behind { query, door, label });
}

fn chart_section(app: &mut TenureApp, ui: &mut egui::Ui, scroll_to: bool) {
    let tr = app.tr();
    let locale = app.prefs.locale;
    let section = ui.horizontal_wrapped(|ui| {
        for kind in ChartKind::ALL {
            ui.selectable_value(&mut app.prefs.chart, kind, tr.charts[kind.index()]);
        }
    });
    if scroll_to {
        section.response.scroll_to_me(Some(egui::Align::TOP));
    }
    ui.separator();
    let chart = app.prefs.chart;
    // The exported picture covers the title, the axes and the plot.
    let section_top_left = ui.cursor().min;
    ui.horizontal(|ui| {
        ui.heading(tr.charts[chart.index()]);
        if chart == ChartKind::Cohorts {
            ui.separator();
            ui.selectable_value(&mut app.prefs.cohort_revenue, false, tr.cohort_logo);
            ui.selectable_value(&mut app.prefs.cohort_revenue, true, tr.cohort_revenue);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let ready = app.series.is_some();
            if ui
                .add_enabled(ready, egui::Button::new(format!("⬇ {}", tr.export_csv)))
                .clicked()
            {
                export_csv(app);
            }
            if ui
                .add_enabled(ready, egui::Button::new(format!("🖼 {}", tr.export_png)))
                .clicked()
            {
                let path = export_path(app, "png");
                app.charts.request_png(path);
            }
        });
    });
    if let Some(m) = app.charts.message() {
        ui.label(RichText::new(m).weak());
    }
    ui.label(RichText::new(tr.chart_hint).size(11.0).weak());
    let Some(series) = app.series.as_ref() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr.computing);
        });
        return;
    };
    if series.months.is_empty() {
        ui.label(tr.no_data_period);
        return;
    }
    // A chart with nothing to draw says so instead of drawing empty axes.
    let ux = super::super::i18n::ux::get(locale);
    match charts::drawable(chart, series) {
        charts::Drawable::Nothing => {
            ui.add_space(12.0);
            ui.label(RichText::new(ux.chart_empty).size(15.0));
            return;
        }
        charts::Drawable::OneMonth => {
            ui.add_space(12.0);
            ui.label(RichText::new(ux.chart_one_month).size(15.0));
            return;
        }
        charts::Drawable::Yes => {}
    }
    let currency = app.info().map(|i| i.currency.clone()).unwrap_or_default();
    let height = (ui.available_height() - 10.0).max(360.0);
    let rect = charts::draw(
        ui,
        tr,
        chart,
        series,
        &currency,
        locale,
        app.prefs.cohort_revenue,
        height,
    );
    let picture = egui::Rect::from_min_max(
        section_top_left,
        egui::pos2(
            rect.right() + 4.0,
            (rect.bottom() + 24.0).min(ui.clip_rect().bottom()),
        ),
    );
    let ctx = ui.ctx().clone();
    app.charts
        .after_draw(&ctx, picture, tr.exported_to, tr.export_failed);
}

fn export_path(app: &TenureApp, ext: &str) -> std::path::PathBuf {
    let dir = app
        .current_db
        .parent()
        .map(|p| p.join("exports"))
        .unwrap_or_else(|| std::path::PathBuf::from("exports"));
    let chart = format!("{:?}", app.prefs.chart).to_lowercase();
    let (from, to) = app
        .cards
        .as_ref()
        .and_then(|c| Some((c.from?, c.to?)))
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .unwrap_or_default();
    dir.join(format!("{chart}-{from}-{to}.{ext}"))
}

fn export_csv(app: &mut TenureApp) {
    let tr = app.tr();
    let Some(series) = app.series.as_ref() else {
        return;
    };
    let csv = charts::to_csv(tr, app.prefs.chart, series, app.prefs.cohort_revenue);
    let path = export_path(app, "csv");
    let result = path
        .parent()
        .map(std::fs::create_dir_all)
        .unwrap_or(Ok(()))
        .and_then(|()| std::fs::write(&path, csv));
    app.charts.set_message(match result {
        Ok(()) => format!("{} {}", tr.exported_to, path.display()),
        Err(e) => format!("{}: {e}", tr.export_failed),
    });
}
