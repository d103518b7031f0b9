//! The ICP view: discovery (sortable table, retention and NRR bars), fit
//! and tiers (fit × health scatter, retention by tier, accounts with their
//! explanation) and the profile editor. It draws the worker's snapshot and
//! sends [`IcpCmd`]s; nothing is computed here.

use super::super::TenureApp;
use super::super::charts::band_color;
use super::super::i18n::ux;
use super::super::i18n::{IcpTr, fill};
use super::super::icp_model::{IcpCmd, IcpSnapshot, IcpState, IcpTab, SortKey};
use crate::format::{self, Locale};
use crate::icp::{Condition, Criterion, Outcome, Profile, Row, Tier, TierThresholds};
use crate::metrics::Band;
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, HoverPosition, Legend, Line, LineStyle, Plot, Points};

pub(super) const GOOD: Color32 = Color32::from_rgb(46, 160, 67);
const WARN: Color32 = Color32::from_rgb(230, 150, 30);
const BAD: Color32 = Color32::from_rgb(214, 60, 60);
const NEUTRAL: Color32 = Color32::from_rgb(140, 140, 140);

pub fn tier_color(t: Tier) -> Color32 {
    match t {
        Tier::A => GOOD,
        Tier::B => Color32::from_rgb(40, 120, 210),
        Tier::C => WARN,
        Tier::D => NEUTRAL,
    }
}

fn pct(v: Option<f64>, locale: Locale) -> String {
    v.map_or(format::UNDEFINED.into(), |v| format::percent(v, 1, locale))
}

fn num(v: Option<f64>, decimals: usize, locale: Locale) -> String {
    v.map_or(format::UNDEFINED.into(), |v| {
        format::number(v, decimals, locale)
    })
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let all = app.tr();
    let tr = &all.icp;
    let locale = app.prefs.locale;
    let mut cmds: Vec<IcpCmd> = Vec::new();
    if app.icp.snapshot.is_none() && !app.icp.busy {
        cmds.push(IcpCmd::Refresh);
        if super::icp_prospects::screenshot_tab() {
            app.icp.tab = IcpTab::Prospects;
        }
    }
    let state = &mut app.icp;
    ui.horizontal(|ui| {
        ui.heading(all.view_icp);
        if state.busy {
            ui.spinner();
            ui.label(all.computing);
        }
        ui.separator();
        for (tab, name) in [
            (IcpTab::Discovery, tr.tab_discovery),
            (IcpTab::Fit, tr.tab_fit),
            (IcpTab::Profiles, tr.tab_profiles),
            (
                IcpTab::Prospects,
                super::super::i18n::ProspectsTr::get(locale).tab,
            ),
        ] {
            ui.selectable_value(&mut state.tab, tab, RichText::new(name).size(15.0));
        }
    });
    if let Some(name) = state.created.clone() {
        let ux = ux::get(locale);
        ui.horizontal(|ui| {
            ui.colored_label(GOOD, fill(ux.icp_created, &[("name", &name)]));
            if ui.small_button("✖").clicked() {
                state.created = None;
            }
        });
    }
    if let Some(m) = state.message.clone() {
        ui.horizontal(|ui| {
            ui.colored_label(ui.visuals().error_fg_color, &m);
            if ui.small_button("✖").clicked() {
                state.message = None;
            }
        });
    }
    let Some(snap) = state.snapshot.take() else {
        ui.spinner();
        send(app, cmds);
        return;
    };
    primary_line(ui, tr, &snap, locale);
    ui.separator();
    match state.tab {
        IcpTab::Discovery => discovery(ui, tr, &snap, state, locale, &mut cmds),
        IcpTab::Fit => {
            let bands = [all.s_healthy, all.s_at_risk, all.s_critical];
            fit(ui, tr, bands, &snap, state, locale, &mut cmds);
        }
        IcpTab::Profiles => profiles(ui, tr, &snap, state, locale, &mut cmds),
        IcpTab::Prospects => {
            super::icp_prospects::show(ui, &snap, &mut state.prospects, locale);
        }
    }
    state.snapshot = Some(snap);
    send(app, cmds);
}

fn send(app: &mut TenureApp, cmds: Vec<IcpCmd>) {
    for c in cmds {
        app.send_icp(c);
    }
}

fn primary_line(ui: &mut egui::Ui, tr: &IcpTr, snap: &IcpSnapshot, locale: Locale) {
    match snap.primary() {
        Some(p) => {
            let c = snap.tier_counts.map(|n| format::integer(n as i64, locale));
            ui.label(RichText::new(fill(
                tr.primary_line,
                &[
                    ("name", &p.name),
                    ("a", &c[0]),
                    ("b", &c[1]),
                    ("c", &c[2]),
                    ("d", &c[3]),
                ],
            )))
            .on_hover_text(format!("{:.2} s", snap.seconds));
        }
        None => {
            ui.label(RichText::new(tr.no_primary).italics());
        }
    }
}

// ---------------------------------------------------------------- discovery

fn sort_value(r: &Row, key: SortKey) -> Option<f64> {
    let f = &r.figures;
    match key {
        SortKey::Accounts => Some(f.accounts as f64),
        SortKey::Retention => f.retention,
        SortKey::Lift => r.retention_lift,
        SortKey::Nrr => f.nrr_12m,
        SortKey::Lifetime => f.lifetime_revenue_mean.map(|m| m.cents() as f64),
        SortKey::Health => f.health_mean,
        SortKey::Nps => f.nps,
        SortKey::Onboard => f.onboard_days_median,
        SortKey::Attribute | SortKey::Value => None,
    }
}

fn sorted_rows(snap: &IcpSnapshot, key: SortKey, desc: bool) -> Vec<&Row> {
    let mut rows: Vec<&Row> = snap.discovery.rows.iter().collect();
    match key {
        // The engine's order: attributes as the spec lists them, buckets in order.
        SortKey::Attribute | SortKey::Value => {
            if key == SortKey::Value {
                rows.sort_by_key(|r| r.value.to_lowercase());
            }
            if desc {
                rows.reverse();
            }
        }
        _ => rows.sort_by(|a, b| {
            // Undefined figures last in either direction.
            match (sort_value(a, key), sort_value(b, key)) {
                (Some(x), Some(y)) if desc => y.total_cmp(&x),
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        }),
    }
    rows
}

fn discovery(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    snap: &IcpSnapshot,
    state: &mut IcpState,
    locale: Locale,
    cmds: &mut Vec<IcpCmd>,
) {
    let d = &snap.discovery;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{}:", tr.base)).strong());
        ui.label(fill(
            tr.base_line,
            &[
                ("accounts", &format::integer(d.base.accounts as i64, locale)),
                ("retention", &pct(d.base.retention, locale)),
                ("nrr", &pct(d.base.nrr_12m, locale)),
            ],
        ));
    });
    let n = d.suggestions().count();
    ui.horizontal(|ui| {
        if n == 0 {
            ui.label(tr.no_suggestions);
        } else {
            ui.label(fill(tr.suggestions_count, &[("n", &n.to_string())]));
        }
        let button = egui::Button::new(RichText::new(tr.from_suggestions).strong());
        if ui.add_enabled(n > 0 && !state.busy, button).clicked() {
            cmds.push(IcpCmd::FromSuggestions(
                tr.from_suggestions_name.to_string(),
            ));
        }
    });
    ui.add_space(4.0);
    discovery_table(ui, tr, snap, state, locale);
    ui.add_space(8.0);
    // Bar charts for one attribute at a time.
    let mut attributes: Vec<&str> = Vec::new();
    for r in &d.rows {
        if !attributes.contains(&r.attribute.as_str()) {
            attributes.push(&r.attribute);
        }
    }
    let current = state
        .chart_attribute
        .clone()
        .filter(|a| attributes.contains(&a.as_str()))
        .or_else(|| attributes.first().map(|a| a.to_string()));
    ui.horizontal(|ui| {
        ui.label(format!("{}:", tr.chart_attribute));
        let mut choice = current.clone();
        egui::ComboBox::from_id_salt("icp_chart_attribute")
            .selected_text(
                current
                    .as_deref()
                    .map(|a| ux::attribute(locale, a))
                    .unwrap_or_default(),
            )
            .show_ui(ui, |ui| {
                for a in &attributes {
                    ui.selectable_value(&mut choice, Some(a.to_string()), ux::attribute(locale, a));
                }
            });
        state.chart_attribute = choice;
    });
    let Some(attr) = state.chart_attribute.clone() else {
        return;
    };
    let rows: Vec<&Row> = d.rows.iter().filter(|r| r.attribute == attr).collect();
    let height = (rows.len() as f32 * 26.0 + 60.0).clamp(180.0, 420.0);
    let full = ui.available_width();
    // Side by side when each gets 300 px or more, else one above the other.
    if full >= 2.0 * 300.0 + 16.0 {
        let width = (full - 16.0) / 2.0;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.label(RichText::new(tr.retention_chart).strong());
                retention_bars(ui, &rows, d.base.retention, locale, width, height);
            });
            ui.vertical(|ui| {
                ui.label(RichText::new(tr.nrr_chart).strong());
                nrr_bars(ui, &rows, d.base.nrr_12m, locale, width, height);
            });
        });
    } else {
        ui.label(RichText::new(tr.retention_chart).strong());
        retention_bars(ui, &rows, d.base.retention, locale, full, height);
        ui.add_space(8.0);
        ui.label(RichText::new(tr.nrr_chart).strong());
        nrr_bars(ui, &rows, d.base.nrr_12m, locale, full, height);
    }
}

fn header_button(ui: &mut egui::Ui, state: &mut IcpState, key: SortKey, text: &str) {
    let arrow = if state.sort == key {
        if state.sort_desc { " ⏷" } else { " ⏶" }
    } else {
        ""
    };
    if ui
        .add(egui::Button::new(RichText::new(format!("{text}{arrow}")).strong()).frame(false))
        .clicked()
    {
        if state.sort == key {
            state.sort_desc = !state.sort_desc;
        } else {
            state.sort = key;
            state.sort_desc = !matches!(key, SortKey::Attribute | SortKey::Value);
        }
    }
}

fn discovery_table(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    snap: &IcpSnapshot,
    state: &mut IcpState,
    locale: Locale,
) {
    let rows = sorted_rows(snap, state.sort, state.sort_desc);
    let cur = snap.currency.as_str();
    let headers: [(SortKey, &str); 11] = [
        (SortKey::Attribute, tr.attribute),
        (SortKey::Value, tr.value),
        (SortKey::Accounts, tr.accounts),
        (SortKey::Retention, tr.retention),
        (SortKey::Retention, tr.interval),
        (SortKey::Lift, tr.lift),
        (SortKey::Nrr, tr.nrr),
        (SortKey::Lifetime, tr.lifetime_revenue),
        (SortKey::Health, tr.health),
        (SortKey::Nps, tr.nps),
        (SortKey::Onboard, tr.onboard),
    ];
    // Eleven columns are wider than the view at 1024 px: scroll sideways.
    egui::ScrollArea::horizontal()
        .id_salt("icp_discovery_h")
        .show(ui, |ui| {
            discovery_columns(ui, tr, snap, state, locale, &rows, cur, headers)
        });
}

#[allow(clippy::too_many_arguments)]
fn discovery_columns(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    snap: &IcpSnapshot,
    state: &mut IcpState,
    locale: Locale,
    rows: &[&Row],
    cur: &str,
    headers: [(SortKey, &str); 11],
) {
    let mut table = TableBuilder::new(ui)
        .id_salt("icp_discovery")
        .striped(true)
        .max_scroll_height(300.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for i in 0..headers.len() {
        table = table.column(if i < 2 {
            Column::auto().at_least(90.0).clip(true)
        } else {
            Column::auto().at_least(60.0)
        });
    }
    table = table.column(Column::remainder().at_least(110.0));
    table
        .header(22.0, |mut h| {
            for (key, text) in headers {
                h.col(|ui| header_button(ui, state, key, text));
            }
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let r = rows[row.index()];
                let f = &r.figures;
                let strong = r.suggested;
                let txt = |s: String| {
                    if strong {
                        RichText::new(s).strong()
                    } else {
                        RichText::new(s)
                    }
                };
                row.col(|ui| {
                    ui.label(txt(ux::attribute(locale, &r.attribute)));
                });
                row.col(|ui| {
                    ui.label(txt(r.value.clone()));
                });
                row.col(|ui| {
                    ui.label(format::integer(f.accounts as i64, locale));
                });
                row.col(|ui| {
                    ui.label(txt(pct(f.retention, locale)));
                });
                row.col(|ui| {
                    ui.label(format!(
                        "{} – {}",
                        pct(f.retention_low, locale),
                        pct(f.retention_high, locale)
                    ));
                });
                row.col(|ui| {
                    // Green or red only when the whole interval is above or
                    // below the base, as the suggestion count says.
                    let lift = r.retention_lift;
                    let base = snap.discovery.base.retention;
                    let color = match (f.retention_low, f.retention_high, base) {
                        (Some(low), _, Some(b)) if low > b => GOOD,
                        (_, Some(high), Some(b)) if high < b => BAD,
                        _ => ui.visuals().text_color(),
                    };
                    ui.colored_label(color, num(lift, 2, locale) + "×");
                });
                row.col(|ui| {
                    ui.label(pct(f.nrr_12m, locale));
                });
                row.col(|ui| {
                    ui.label(
                        f.lifetime_revenue_mean
                            .map_or(format::UNDEFINED.into(), |m| format::money(m, cur, locale)),
                    );
                });
                row.col(|ui| {
                    ui.label(num(f.health_mean, 0, locale));
                });
                row.col(|ui| {
                    ui.label(num(f.nps, 0, locale));
                });
                row.col(|ui| {
                    ui.label(num(f.onboard_days_median, 0, locale));
                });
                row.col(|ui| {
                    if r.too_few {
                        ui.colored_label(NEUTRAL, tr.too_few);
                    } else if r.suggested {
                        ui.colored_label(GOOD, format!("✔ {}", tr.suggested));
                    }
                });
            });
        });
}

/// Horizontal bars, one per value (top = first), labelled on the y axis.
fn value_plot<'a>(
    id: &str,
    names: Vec<String>,
    locale: Locale,
    width: f32,
    height: f32,
) -> Plot<'a> {
    let labels = names.clone();
    let n = names.len();
    Plot::new(id.to_string())
        .width(width)
        .height(height)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_x(0.0)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .y_axis_min_width(120.0)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            // Index 0 is drawn at the top.
            let k = n as f64 - 1.0 - i;
            if k < 0.0 {
                return String::new();
            }
            labels.get(k as usize).cloned().unwrap_or_default()
        })
        .x_axis_formatter(move |mark, _| format::percent(mark.value, 0, locale))
        .label_formatter(move |pos: &HoverPosition<'_>| {
            let p = match pos {
                HoverPosition::NearDataPoint { position, .. } => *position,
                HoverPosition::Elsewhere { .. } => return None,
            };
            let k = n as f64 - 1.0 - p.y.round();
            let name = names.get(k.max(0.0) as usize).cloned().unwrap_or_default();
            Some(format!("{name}\n{}", format::percent(p.x, 1, locale)))
        })
}

fn retention_bars(
    ui: &mut egui::Ui,
    rows: &[&Row],
    base: Option<f64>,
    locale: Locale,
    width: f32,
    height: f32,
) {
    let n = rows.len();
    let y = |i: usize| (n - 1 - i) as f64;
    let names: Vec<String> = rows.iter().map(|r| r.value.clone()).collect();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let color = if r.too_few {
                NEUTRAL.gamma_multiply(0.5)
            } else if r.suggested {
                GOOD
            } else {
                Color32::from_rgb(64, 140, 200)
            };
            r.figures
                .retention
                .map(|v| Bar::new(y(i), v).width(0.6).fill(color).name(&r.value))
        })
        .collect();
    let stroke = ui.visuals().text_color();
    value_plot("icp_retention_bars", names, locale, width, height)
        .include_x(1.0)
        .show(ui, |p| {
            p.bar_chart(
                BarChart::new("retention", bars)
                    .horizontal()
                    .element_formatter(Box::new(move |bar, _| {
                        format!("{}\n{}", bar.name, format::percent(bar.value, 1, locale))
                    })),
            );
            for (i, r) in rows.iter().enumerate() {
                if let (Some(lo), Some(hi)) = (r.figures.retention_low, r.figures.retention_high) {
                    let yy = y(i);
                    p.line(
                        Line::new("interval", vec![[lo, yy], [hi, yy]])
                            .color(stroke)
                            .width(1.5)
                            .allow_hover(false),
                    );
                    for x in [lo, hi] {
                        p.line(
                            Line::new("interval", vec![[x, yy - 0.15], [x, yy + 0.15]])
                                .color(stroke)
                                .width(1.5)
                                .allow_hover(false),
                        );
                    }
                }
            }
            if let Some(b) = base {
                p.add(
                    egui_plot::VLine::new("base", b)
                        .color(BAD)
                        .style(LineStyle::dashed_loose()),
                );
            }
        });
}

fn nrr_bars(
    ui: &mut egui::Ui,
    rows: &[&Row],
    base: Option<f64>,
    locale: Locale,
    width: f32,
    height: f32,
) {
    let n = rows.len();
    let names: Vec<String> = rows.iter().map(|r| r.value.clone()).collect();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let color = match (r.figures.nrr_12m, base) {
                (Some(v), Some(b)) if v >= b => GOOD,
                (Some(_), Some(_)) => WARN,
                _ => NEUTRAL,
            };
            r.figures.nrr_12m.map(|v| {
                Bar::new((n - 1 - i) as f64, v)
                    .width(0.6)
                    .fill(color)
                    .name(&r.value)
            })
        })
        .collect();
    value_plot("icp_nrr_bars", names, locale, width, height)
        .include_x(1.0)
        .show(ui, |p| {
            p.bar_chart(
                BarChart::new("nrr", bars)
                    .horizontal()
                    .element_formatter(Box::new(move |bar, _| {
                        format!("{}\n{}", bar.name, format::percent(bar.value, 1, locale))
                    })),
            );
            if let Some(b) = base {
                p.add(
                    egui_plot::VLine::new("base", b)
                        .color(BAD)
                        .style(LineStyle::dashed_loose()),
                );
            }
        });
}

// ---------------------------------------------------------------- fit

fn fit(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    bands: [&str; 3],
    snap: &IcpSnapshot,
    state: &mut IcpState,
    locale: Locale,
    cmds: &mut Vec<IcpCmd>,
) {
    if snap.primary().is_none() {
        // Say what the tab needs instead of showing nothing.
        let ux = ux::get(locale);
        ui.add_space(12.0);
        ui.label(RichText::new(ux.fit_needs_profile).size(15.0));
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            let n = snap.discovery.suggestions().count();
            let button = egui::Button::new(RichText::new(tr.from_suggestions).strong());
            if ui.add_enabled(n > 0 && !state.busy, button).clicked() {
                cmds.push(IcpCmd::FromSuggestions(
                    tr.from_suggestions_name.to_string(),
                ));
            }
            if ui.button(tr.tab_profiles).clicked() {
                state.tab = IcpTab::Profiles;
            }
        });
        return;
    }
    if state.selected.is_some() {
        egui::Panel::right("icp_explain")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| explanation(ui, tr, snap, state, locale));
    }
    let width = ((ui.available_width() - 16.0) / 2.0).max(300.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new(tr.scatter_title).strong());
            if let Some(id) = scatter_plot(ui, tr, bands, snap, width, locale) {
                state.selected = Some(id);
                state.explanation = None;
                cmds.push(IcpCmd::Explain(id));
            }
            if snap.scatter.without_health > 0 {
                ui.label(
                    RichText::new(fill(
                        tr.no_health,
                        &[(
                            "n",
                            &format::integer(snap.scatter.without_health as i64, locale),
                        )],
                    ))
                    .small(),
                );
            }
        });
        ui.vertical(|ui| {
            ui.label(RichText::new(tr.curves_title).strong());
            curves_plot(ui, tr, snap, width, locale);
        });
    });
    ui.add_space(6.0);
    ui.label(RichText::new(tr.accounts_title).strong());
    if let Some(id) = accounts_table(ui, tr, snap, state.selected, locale) {
        state.selected = Some(id);
        state.explanation = None;
        cmds.push(IcpCmd::Explain(id));
    }
}

/// Returns the account clicked, if any.
fn scatter_plot(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    bands: [&str; 3],
    snap: &IcpSnapshot,
    width: f32,
    locale: Locale,
) -> Option<i64> {
    let s = &snap.scatter;
    let names = |fit: f64, health: f64| -> Option<String> {
        let key = (
            fit.round().clamp(0.0, 100.0) as u8,
            health.round().clamp(0.0, 100.0) as u8,
        );
        let cell = s.cells.get(&key)?;
        let mut lines: Vec<String> = cell
            .iter()
            .take(5)
            .filter_map(|&i| snap.accounts.get(i as usize).map(|a| a.name.clone()))
            .collect();
        if cell.len() > 5 {
            lines.push(fill(
                tr.more_accounts,
                &[("n", &format::integer(cell.len() as i64 - 5, locale))],
            ));
        }
        Some(format!(
            "{}\n{} {} · {} {}",
            lines.join("\n"),
            tr.fit,
            key.0,
            tr.health_score,
            key.1
        ))
    };
    let response = Plot::new("icp_scatter")
        .width(width)
        .height(340.0)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .allow_scroll(false)
        .include_x(0.0)
        .include_x(100.0)
        .include_y(0.0)
        // Room above 100 for the legend, clear of the points.
        .include_y(128.0)
        .y_axis_formatter(|mark, _| {
            if mark.value > 100.0 {
                String::new()
            } else {
                format!("{}", mark.value.round())
            }
        })
        .x_axis_label(tr.fit)
        .y_axis_label(tr.health_score)
        .label_formatter(move |pos: &HoverPosition<'_>| match pos {
            HoverPosition::NearDataPoint { position, .. } => names(position.x, position.y),
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |p| {
            let colors = [Band::Healthy, Band::AtRisk, Band::Critical].map(band_color);
            let labels = [
                format!("{} (70–100)", bands[0]),
                format!("{} (40–69)", bands[1]),
                format!("{} (0–39)", bands[2]),
            ];
            for (k, pts) in s.points.iter().enumerate() {
                p.points(
                    Points::new(labels[k].clone(), pts.clone())
                        .color(colors[k])
                        .radius(2.5)
                        .filled(true),
                );
            }
            p.pointer_coordinate()
        });
    if response.response.clicked()
        && let Some(at) = response.inner
    {
        let key = (
            at.x.round().clamp(0.0, 100.0) as u8,
            at.y.round().clamp(0.0, 100.0) as u8,
        );
        // Nearest occupied cell within two points of the click.
        let mut best: Option<(f64, u32)> = None;
        for dx in -2i32..=2 {
            for dy in -2i32..=2 {
                let (x, y) = (i32::from(key.0) + dx, i32::from(key.1) + dy);
                if !(0..=100).contains(&x) || !(0..=100).contains(&y) {
                    continue;
                }
                if let Some(cell) = s.cells.get(&(x as u8, y as u8)) {
                    let d = (f64::from(x) - at.x).powi(2) + (f64::from(y) - at.y).powi(2);
                    if best.is_none_or(|(bd, _)| d < bd)
                        && let Some(&first) = cell.first()
                    {
                        best = Some((d, first));
                    }
                }
            }
        }
        return best.and_then(|(_, i)| snap.accounts.get(i as usize).map(|a| a.account_id));
    }
    None
}

fn curves_plot(ui: &mut egui::Ui, tr: &IcpTr, snap: &IcpSnapshot, width: f32, locale: Locale) {
    let months = tr.months_since_start;
    Plot::new("icp_curves")
        .width(width)
        .height(340.0)
        // Curves start at 100 %: the bottom left stays free.
        .legend(Legend::default().position(egui_plot::Corner::LeftBottom))
        .allow_scroll(false)
        .include_x(0.0)
        .include_y(0.0)
        .include_y(1.0)
        .x_axis_label(months)
        .y_axis_formatter(move |mark, _| format::percent(mark.value, 0, locale))
        .label_formatter(move |pos: &HoverPosition<'_>| match pos {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{months}: {}\n{}",
                position.x.round(),
                format::percent(position.y, 1, locale)
            )),
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |p| {
            for c in &snap.curves {
                if c.accounts == 0 {
                    continue;
                }
                let pts: Vec<[f64; 2]> = c
                    .retention
                    .iter()
                    .enumerate()
                    .filter_map(|(k, v)| v.map(|v| [k as f64, v]))
                    .collect();
                let name = format!(
                    "{} {} ({})",
                    tr.tier,
                    c.tier.name(),
                    format::integer(c.accounts as i64, locale)
                );
                p.line(Line::new(name, pts).color(tier_color(c.tier)).width(2.0));
            }
        });
}

fn accounts_table(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    snap: &IcpSnapshot,
    selected: Option<i64>,
    locale: Locale,
) -> Option<i64> {
    let mut clicked = None;
    let height = ui.available_height().max(160.0);
    TableBuilder::new(ui)
        .id_salt("icp_accounts")
        .striped(true)
        .sense(egui::Sense::click())
        .max_scroll_height(height)
        .column(Column::auto().at_least(220.0).clip(true))
        .column(Column::auto().at_least(110.0).clip(true))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::remainder().at_least(80.0))
        .header(22.0, |mut h| {
            for t in [tr.name, "ID", tr.fit, tr.tier, tr.health_score] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, snap.accounts.len(), |mut row| {
                let a = &snap.accounts[row.index()];
                row.set_selected(selected == Some(a.account_id));
                row.col(|ui| {
                    ui.label(&a.name);
                });
                row.col(|ui| {
                    ui.label(&a.external_id);
                });
                row.col(|ui| {
                    ui.label(format::integer(i64::from(a.fit), locale));
                });
                row.col(|ui| {
                    ui.colored_label(tier_color(a.tier), RichText::new(a.tier.name()).strong());
                });
                row.col(|ui| {
                    ui.label(
                        a.health
                            .map_or(format::UNDEFINED.to_string(), |h| h.to_string()),
                    );
                });
                if row.response().clicked() {
                    clicked = Some(a.account_id);
                }
            });
        });
    clicked
}

fn explanation(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    snap: &IcpSnapshot,
    state: &mut IcpState,
    locale: Locale,
) {
    let Some(id) = state.selected else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(tr.explain_title);
        if ui.small_button(tr.close).clicked() {
            state.selected = None;
        }
    });
    if let Some(a) = snap.accounts.iter().find(|a| a.account_id == id) {
        ui.label(RichText::new(&a.name).strong().size(15.0));
        ui.label(&a.external_id);
    }
    let Some((_, e)) = state.explanation.as_ref().filter(|(i, _)| *i == id) else {
        ui.spinner();
        return;
    };
    ui.horizontal(|ui| {
        ui.label(format!(
            "{}: {}",
            tr.fit,
            format::integer(i64::from(e.fit), locale)
        ));
        ui.label(format!("{}:", tr.tier));
        ui.colored_label(
            tier_color(e.tier),
            RichText::new(e.tier.name()).strong().size(16.0),
        );
    });
    ui.separator();
    for r in &e.results {
        let (mark, color, word) = match r.outcome {
            Outcome::Met => ("✔", GOOD, tr.met),
            Outcome::NotMet => ("✖", BAD, tr.not_met),
            Outcome::Unknown => ("?", NEUTRAL, tr.unknown),
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, RichText::new(format!("{mark} {word}")).strong());
            ui.label(super::icp_prospects::criterion_words(&r.criterion, locale));
            ui.label(RichText::new(format!("({} {})", tr.weight, r.criterion.weight)).small());
        });
        if let Some(v) = &r.value {
            ui.label(RichText::new(format!("    = {v}")).weak());
        }
    }
}

// ---------------------------------------------------------------- profiles

/// The editor's texts of a criterion; range bounds with the locale's
/// decimal mark and no grouping, so that they read back unchanged.
fn texts_of(c: &Criterion, locale: Locale) -> [String; 3] {
    let (_, decimal) = locale.separators();
    let n = |v: &Option<f64>| {
        v.map(|v| v.to_string().replace('.', &decimal.to_string()))
            .unwrap_or_default()
    };
    match &c.condition {
        Condition::OneOf { values } => [values.join(", "), String::new(), String::new()],
        Condition::Range { min, max } => [String::new(), n(min), n(max)],
        Condition::Contains { text } => [text.clone(), String::new(), String::new()],
    }
}

fn start_edit(state: &mut IcpState, p: Profile, locale: Locale) {
    state.draft_text = p.criteria.iter().map(|c| texts_of(c, locale)).collect();
    state.draft = Some(p);
}

/// A range bound as the person's locale writes numbers (`1.234,5` in
/// pt-BR, `1,234.5` in English); empty means no bound.
fn parse_bound(text: &str, locale: Locale) -> Result<Option<f64>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::ui::values::parse_number(text, locale)
        .map(Some)
        .ok_or(())
}

/// The draft's criteria from the edited texts, or the first problem.
fn built_criteria(
    tr: &IcpTr,
    p: &Profile,
    texts: &[[String; 3]],
    locale: Locale,
) -> Result<Vec<Criterion>, String> {
    p.criteria
        .iter()
        .zip(texts)
        .map(|(c, t)| {
            let condition = match &c.condition {
                Condition::OneOf { .. } => Condition::OneOf {
                    values: t[0]
                        .split(',')
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty())
                        .collect(),
                },
                Condition::Range { .. } => {
                    let bad = |s: &str| format!("{}: `{s}` {}", c.field, tr.bad_number);
                    Condition::Range {
                        min: parse_bound(&t[1], locale).map_err(|_| bad(&t[1]))?,
                        max: parse_bound(&t[2], locale).map_err(|_| bad(&t[2]))?,
                    }
                }
                Condition::Contains { .. } => Condition::Contains {
                    text: t[0].trim().to_string(),
                },
            };
            Ok(Criterion {
                field: c.field.clone(),
                condition,
                weight: c.weight,
            })
        })
        .collect()
}

fn profiles(
    ui: &mut egui::Ui,
    tr: &IcpTr,
    snap: &IcpSnapshot,
    state: &mut IcpState,
    locale: Locale,
    cmds: &mut Vec<IcpCmd>,
) {
    egui::Panel::left("icp_profiles_list")
        .resizable(false)
        .exact_size(260.0)
        .show(ui, |ui| {
            if ui.button(format!("➕ {}", tr.new_profile)).clicked() {
                let mut p = Profile::new(tr.new_profile);
                p.criteria.push(Criterion {
                    field: "industry".into(),
                    condition: Condition::OneOf { values: Vec::new() },
                    weight: 5,
                });
                start_edit(state, p, locale);
            }
            ui.add_space(6.0);
            if snap.profiles.is_empty() {
                ui.label(tr.no_profiles);
            }
            for p in &snap.profiles {
                let editing = state.draft.as_ref().and_then(|d| d.id) == p.id && p.id.is_some();
                let label = if p.primary {
                    format!("★ {} ({})", p.name, tr.primary)
                } else {
                    p.name.clone()
                };
                if ui.selectable_label(editing, label).clicked() {
                    start_edit(state, p.clone(), locale);
                }
            }
            ui.add_space(12.0);
            ui.separator();
            ui.label(RichText::new(tr.thresholds).strong());
            let t = state.thresholds_draft.get_or_insert(snap.thresholds);
            ui.horizontal(|ui| {
                ui.label("A ≥");
                ui.add(egui::DragValue::new(&mut t.a).range(0..=100));
                ui.label("B ≥");
                ui.add(egui::DragValue::new(&mut t.b).range(0..=100));
                ui.label("C ≥");
                ui.add(egui::DragValue::new(&mut t.c).range(0..=100));
            });
            let valid = t.a >= t.b && t.b >= t.c;
            let changed = *t != snap.thresholds;
            if ui
                .add_enabled(valid && changed, egui::Button::new(tr.save))
                .clicked()
            {
                let t: TierThresholds = *t;
                cmds.push(IcpCmd::SaveThresholds(t));
                state.thresholds_draft = None;
            }
        });
    let Some(mut draft) = state.draft.take() else {
        ui.add_space(12.0);
        ui.label(RichText::new(tr.pick_profile).italics());
        return;
    };
    let mut keep = true;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(format!("{}:", tr.profile_name));
            ui.add(egui::TextEdit::singleline(&mut draft.name).desired_width(260.0));
            if draft.primary {
                ui.label(RichText::new(format!("★ {}", tr.primary)).strong());
            }
        });
        ui.add_space(6.0);
        ui.label(RichText::new(tr.criteria_title).strong());
        let mut remove: Option<usize> = None;
        state
            .draft_text
            .resize(draft.criteria.len(), Default::default());
        const W_FIELD: f32 = 180.0;
        const W_COND: f32 = 120.0;
        const W_VALUE: f32 = 320.0;
        const W_WEIGHT: f32 = 170.0;
        ui.horizontal(|ui| {
            for (text, w) in [
                (tr.field, W_FIELD),
                (tr.condition, W_COND),
                (tr.value, W_VALUE),
                (tr.weight, W_WEIGHT),
            ] {
                ui.add_sized([w, 20.0], egui::Label::new(RichText::new(text).strong()));
            }
        });
        let row_layout = egui::Layout::left_to_right(egui::Align::Center);
        for (i, c) in draft.criteria.iter_mut().enumerate() {
            let texts = &mut state.draft_text[i];
            ui.horizontal(|ui| {
                ui.allocate_ui_with_layout(egui::vec2(W_FIELD, 24.0), row_layout, |ui| {
                    egui::ComboBox::from_id_salt(("icp_field", i))
                        .selected_text(c.field.clone())
                        .width(W_FIELD - 8.0)
                        .height(300.0)
                        .show_ui(ui, |ui| {
                            for f in &snap.fields {
                                ui.selectable_value(&mut c.field, f.clone(), f);
                            }
                        });
                });
                let kind = match c.condition {
                    Condition::OneOf { .. } => 0,
                    Condition::Range { .. } => 1,
                    Condition::Contains { .. } => 2,
                };
                let mut new_kind = kind;
                let names = [tr.cond_one_of, tr.cond_range, tr.cond_contains];
                ui.allocate_ui_with_layout(egui::vec2(W_COND, 24.0), row_layout, |ui| {
                    egui::ComboBox::from_id_salt(("icp_cond", i))
                        .selected_text(names[kind])
                        .width(W_COND - 8.0)
                        .show_ui(ui, |ui| {
                            for (k, n) in names.iter().enumerate() {
                                ui.selectable_value(&mut new_kind, k, *n);
                            }
                        });
                });
                if new_kind != kind {
                    c.condition = match new_kind {
                        0 => Condition::OneOf { values: Vec::new() },
                        1 => Condition::Range {
                            min: None,
                            max: None,
                        },
                        _ => Condition::Contains {
                            text: String::new(),
                        },
                    };
                    *texts = Default::default();
                }
                ui.allocate_ui_with_layout(egui::vec2(W_VALUE, 24.0), row_layout, |ui| {
                    ui.set_min_width(W_VALUE);
                    match c.condition {
                        Condition::Range { .. } => {
                            ui.add(
                                egui::TextEdit::singleline(&mut texts[1])
                                    .hint_text(tr.min)
                                    .desired_width(130.0),
                            );
                            ui.label("–");
                            ui.add(
                                egui::TextEdit::singleline(&mut texts[2])
                                    .hint_text(tr.max)
                                    .desired_width(130.0),
                            );
                        }
                        Condition::OneOf { .. } => {
                            ui.add(
                                egui::TextEdit::singleline(&mut texts[0])
                                    .hint_text(tr.values_hint)
                                    .desired_width(W_VALUE - 8.0),
                            );
                        }
                        Condition::Contains { .. } => {
                            ui.add(
                                egui::TextEdit::singleline(&mut texts[0])
                                    .desired_width(W_VALUE - 8.0),
                            );
                        }
                    }
                });
                ui.allocate_ui_with_layout(egui::vec2(W_WEIGHT, 24.0), row_layout, |ui| {
                    ui.add(egui::Slider::new(&mut c.weight, 1..=10));
                });
                if ui.button(tr.remove).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            draft.criteria.remove(i);
            state.draft_text.remove(i);
        }
        if ui.button(format!("➕ {}", tr.add_criterion)).clicked() {
            draft.criteria.push(Criterion {
                field: "industry".into(),
                condition: Condition::OneOf { values: Vec::new() },
                weight: 5,
            });
            state.draft_text.push(Default::default());
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new(tr.save).strong()).clicked() {
                match built_criteria(tr, &draft, &state.draft_text, locale) {
                    Ok(criteria) => {
                        let mut p = draft.clone();
                        p.criteria = criteria;
                        cmds.push(IcpCmd::SaveProfile(p));
                        keep = false;
                    }
                    Err(m) => state.message = Some(m),
                }
            }
            if let Some(id) = draft.id {
                let stored = snap.profiles.iter().find(|p| p.id == Some(id));
                if !draft.primary && ui.button(tr.make_primary).clicked() {
                    if let Some(p) = stored {
                        cmds.push(IcpCmd::SetPrimary(p.name.clone()));
                    }
                    keep = false;
                }
                if ui.button(tr.delete).clicked() {
                    if let Some(p) = stored {
                        cmds.push(IcpCmd::DeleteProfile(p.name.clone()));
                    }
                    keep = false;
                }
            }
            if ui.button(tr.revert).clicked() {
                keep = false;
            }
        });
        let _ = locale;
    });
    if keep {
        state.draft = Some(draft);
    } else {
        state.draft_text.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test
    use super::*;
    use crate::ui::i18n::Tr;

    fn range_profile(min: Option<f64>, max: Option<f64>) -> Profile {
        let mut p = Profile::new("Core");
        p.criteria.push(Criterion {
            field: "employees".into(),
            condition: Condition::Range { min, max },
            weight: 5,
        });
        p
    }

    fn bounds(p: &Profile, texts: &[[String; 3]], locale: Locale) -> (Option<f64>, Option<f64>) {
        let criteria = built_criteria(&Tr::get(locale).icp, p, texts, locale).unwrap();
        match &criteria[0].condition {
            Condition::Range { min, max } => (*min, *max),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn undefined_figures_sort_last_in_both_directions() {
        let row = |value: &str, retention: Option<f64>| Row {
            attribute: "industry".into(),
            value: value.into(),
            figures: crate::icp::Figures {
                retention,
                ..Default::default()
            },
            retention_lift: None,
            nrr_lift: None,
            lifetime_revenue_lift: None,
            health_lift: None,
            nps_lift: None,
            onboard_days_lift: None,
            too_few: false,
            suggested: false,
            criterion: Criterion {
                field: "industry".into(),
                condition: Condition::OneOf { values: Vec::new() },
                weight: 1,
            },
        };
        let mut snap = IcpSnapshot::default();
        snap.discovery.rows = vec![
            row("A", Some(0.5)),
            row("B", None),
            row("C", Some(0.9)),
            row("D", Some(0.7)),
        ];
        let order = |desc| -> String {
            sorted_rows(&snap, SortKey::Retention, desc)
                .iter()
                .map(|r| r.value.as_str())
                .collect()
        };
        assert_eq!(order(false), "ADCB");
        assert_eq!(order(true), "CDAB");
    }

    #[test]
    fn range_bounds_are_read_as_the_locale_writes_numbers() {
        let p = range_profile(None, None);
        let typed = |min: &str, max: &str| [[String::new(), min.to_string(), max.to_string()]];
        assert_eq!(
            bounds(&p, &typed("1.234,5", "50"), Locale::PtBr),
            (Some(1234.5), Some(50.0))
        );
        assert_eq!(
            bounds(&p, &typed("1.234", ""), Locale::PtBr),
            (Some(1234.0), None)
        );
        assert_eq!(
            bounds(&p, &typed("1,234.5", "50.25"), Locale::En),
            (Some(1234.5), Some(50.25))
        );
        assert!(
            built_criteria(&Tr::get(Locale::En).icp, &p, &typed("many", ""), Locale::En).is_err()
        );
    }

    #[test]
    fn stored_bounds_read_back_unchanged_in_both_locales() {
        for locale in [Locale::PtBr, Locale::En] {
            let p = range_profile(Some(10.5), Some(2500.0));
            let mut state = IcpState::default();
            start_edit(&mut state, p.clone(), locale);
            assert_eq!(
                bounds(&p, &state.draft_text, locale),
                (Some(10.5), Some(2500.0)),
                "{locale:?}: {:?}",
                state.draft_text
            );
        }
    }
}
