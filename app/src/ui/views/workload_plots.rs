//! The workload view's plots (egui_plot), drawn from precomputed figures.

use super::super::i18n::WorkloadTr;
use super::super::model::Unit;
use super::super::values;
use crate::domain::Month;
use crate::format::{self, Locale};
use crate::workload::{Facts, Figures, ProjectionPoint, Tier};
use egui::Color32;
use egui_plot::{Bar, BarChart, Corner, HLine, Legend, Line, LineStyle, Plot, PlotPoint, Text};

const GREEN: Color32 = Color32::from_rgb(46, 160, 67);
const ORANGE: Color32 = Color32::from_rgb(240, 150, 40);
const RED: Color32 = Color32::from_rgb(214, 60, 60);
const TIER_COLORS: [Color32; 3] = [
    Color32::from_rgb(110, 80, 200),
    Color32::from_rgb(40, 120, 210),
    Color32::from_rgb(92, 196, 160),
];
const SCENARIO_COLORS: [Color32; 5] = [
    Color32::from_rgb(40, 120, 210),
    Color32::from_rgb(230, 140, 30),
    Color32::from_rgb(110, 80, 200),
    Color32::from_rgb(46, 160, 67),
    Color32::from_rgb(200, 60, 140),
];

/// Green within the target, orange up to capacity, red above.
pub fn util_color(u: Option<f64>, target: f64) -> Color32 {
    match u {
        Some(u) if u > 1.0 => RED,
        Some(u) if u > target => ORANGE,
        Some(_) => GREEN,
        None => Color32::GRAY,
    }
}

/// The CSM rows (unassigned has no capacity, so no utilization bar).
fn names(fig: &Figures, w: &WorkloadTr) -> Vec<String> {
    fig.books
        .iter()
        .map(|b| b.name.clone().unwrap_or_else(|| w.unassigned.to_string()))
        .collect()
}

/// Up to this many CSMs, each bar carries its CSM's first name.
const NAMED_BARS: usize = 24;

/// The name under each bar: the first name, with the last name's initial
/// where two CSMs share it ("Pedro S.", "Pedro A."); "(unassigned)" whole.
fn short_names(names: &[String]) -> Vec<String> {
    let first = |n: &String| n.split_whitespace().next().unwrap_or(n).to_string();
    names
        .iter()
        .map(|n| {
            if n.starts_with('(') {
                return n.clone();
            }
            let f = first(n);
            let shared = names.iter().filter(|m| first(m) == f).count() > 1;
            match n.split_whitespace().last().and_then(|l| l.chars().next()) {
                Some(initial) if shared && n.split_whitespace().count() > 1 => {
                    format!("{f} {initial}.")
                }
                _ => f,
            }
        })
        .collect()
}

/// Short names under the bars (an axis would drop most of them).
fn name_texts(names: &[String], y: f64) -> Vec<Text> {
    if names.len() > NAMED_BARS {
        return Vec::new();
    }
    short_names(names)
        .into_iter()
        .enumerate()
        .map(|(i, short)| {
            Text::new(
                String::new(),
                PlotPoint::new(i as f64, y),
                egui::RichText::new(short).size(11.0),
            )
            .anchor(egui::Align2::CENTER_TOP)
        })
        .collect()
}

fn no_axis_labels(_: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>) -> String {
    String::new()
}

pub fn utilization(ui: &mut egui::Ui, w: &WorkloadTr, fig: &Figures, target: f64, l: Locale) {
    ui.strong(w.plot_utilization);
    let names = names(fig, w);
    let bars: Vec<Bar> = fig
        .books
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            b.utilization.map(|u| {
                Bar::new(i as f64, u * 100.0)
                    .width(0.7)
                    .fill(util_color(Some(u), target))
                    .name(names.get(i).cloned().unwrap_or_default())
            })
        })
        .collect();
    let n = fig.books.len();
    let hover_names = names.clone();
    // Unnamed: each bar has its own colour (over or under target), so a
    // legend entry in one colour would not match; the lines keep theirs.
    let chart = BarChart::new("", bars).element_formatter(Box::new(move |bar, _| {
        let name = hover_names
            .get(bar.argument.round() as usize)
            .cloned()
            .unwrap_or_default();
        format!("{name}\n{}", format::percent(bar.value / 100.0, 0, l))
    }));
    let names_for_text = names.clone();
    Plot::new("wl_utilization")
        .height(230.0)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_scroll(false)
        .include_y(-14.0)
        .include_y(110.0)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .x_axis_formatter(no_axis_labels)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [5.0, 25.0, 50.0]))
        .y_axis_formatter(move |mark, _| format::percent(mark.value / 100.0, 0, l))
        .y_axis_min_width(48.0)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(chart);
            for t in name_texts(&names_for_text, -2.0) {
                plot_ui.text(t);
            }
            plot_ui.hline(HLine::new(w.capacity_line, 100.0).color(RED).width(1.5));
            plot_ui.hline(
                HLine::new(
                    format!("{} {}", w.target_line, format::percent(target, 0, l)),
                    target * 100.0,
                )
                .color(ORANGE)
                .style(LineStyle::dashed_loose())
                .width(1.5),
            );
        });
}

pub fn headcount(
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    fig: &Figures,
    facts: &Facts,
    compared: &[(String, Vec<ProjectionPoint>)],
    l: Locale,
) {
    ui.strong(w.plot_headcount);
    let s = &fig.sizing;
    let now = facts.as_of.month();
    let mut lines: Vec<(String, Vec<[f64; 2]>)> = Vec::new();
    let mut current: Vec<[f64; 2]> = vec![[0.0, s.required_now]];
    current.extend(
        s.projection
            .iter()
            .map(|p| [f64::from(p.month.index() - now.index()), p.required]),
    );
    lines.push((w.in_force.to_string(), current));
    for (name, points) in compared {
        lines.push((
            name.clone(),
            points
                .iter()
                .map(|p| [f64::from(p.month.index() - now.index()), p.required])
                .collect(),
        ));
    }
    let horizon = lines
        .iter()
        .flat_map(|(_, p)| p.iter().map(|x| x[0]))
        .fold(0.0f64, f64::max);
    Plot::new("wl_headcount")
        .height(230.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(s.current as f64 + 1.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            format::month(Month::from_index(now.index() + i as i32), l)
        })
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 3.0, 12.0]))
        .y_axis_formatter(move |mark, _| format::number(mark.value, 0, l))
        .y_axis_min_width(40.0)
        .label_formatter(move |pos: &egui_plot::HoverPosition<'_>| {
            let (name, p) = match pos {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (Some(*plot_name), *position),
                egui_plot::HoverPosition::Elsewhere { position } => (None, *position),
            };
            let month = format::month(
                Month::from_index(now.index() + p.x.round().max(0.0) as i32),
                l,
            );
            match name {
                Some(n) => Some(format!("{n}\n{month}\n{}", format::number(p.y, 2, l))),
                None => Some(month),
            }
        })
        .show(ui, |plot_ui| {
            for (i, (name, points)) in lines.into_iter().enumerate() {
                plot_ui.line(
                    Line::new(name, points)
                        .color(SCENARIO_COLORS[i % SCENARIO_COLORS.len()])
                        .width(2.5),
                );
            }
            plot_ui.line(
                Line::new(
                    format!("{} ({})", w.current_line, s.current),
                    vec![[0.0, s.current as f64], [horizon, s.current as f64]],
                )
                .color(Color32::GRAY)
                .style(LineStyle::dashed_loose())
                .width(2.0),
            );
        });
}

/// Accounts (or ARR) per CSM, stacked by tier.
pub fn by_tier(
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    fig: &Figures,
    arr: bool,
    currency: &str,
    l: Locale,
) {
    ui.strong(if arr { w.plot_arr } else { w.plot_accounts });
    let names = names(fig, w);
    let n = fig.books.len();
    let mut charts: Vec<BarChart> = Vec::new();
    for t in Tier::ALL {
        let bars: Vec<Bar> = fig
            .books
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let v = if arr {
                    crate::domain::Money::from_cents(b.arr_by_tier[t.index()]).as_units_f64()
                } else {
                    b.count_by_tier(t) as f64
                };
                Bar::new(i as f64, v)
                    .width(0.7)
                    .fill(TIER_COLORS[t.index()])
            })
            .collect();
        let hover = names.clone();
        let cur = currency.to_string();
        let tier_name = w.tiers[t.index()];
        let mut chart = BarChart::new(tier_name, bars)
            .color(TIER_COLORS[t.index()])
            .element_formatter(Box::new(move |bar, _| {
                let name = hover
                    .get(bar.argument.round() as usize)
                    .cloned()
                    .unwrap_or_default();
                let v = if arr {
                    values::show(bar.value, Unit::Money, &cur, l)
                } else {
                    format::integer(bar.value.round() as i64, l)
                };
                format!("{name}\n{tier_name}\n{v}")
            }));
        let refs: Vec<&BarChart> = charts.iter().collect();
        if !refs.is_empty() {
            chart = chart.stack_on(&refs);
        }
        charts.push(chart);
    }
    let cur = currency.to_string();
    let names_for_text = names.clone();
    let top = fig
        .books
        .iter()
        .map(|b| {
            if arr {
                b.arr.as_units_f64()
            } else {
                b.accounts as f64
            }
        })
        .fold(0.0f64, f64::max);
    Plot::new(("wl_by_tier", arr))
        .height(220.0)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_scroll(false)
        // Room under the bars for the names.
        .include_y(-0.12 * top)
        .include_y(top * 1.05)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .x_axis_formatter(no_axis_labels)
        .y_axis_formatter(move |mark, _| {
            if arr {
                values::axis(mark.value, Unit::Money, &cur, l)
            } else {
                format::number(mark.value, 0, l)
            }
        })
        .y_axis_min_width(64.0)
        .show(ui, |plot_ui| {
            for c in charts {
                plot_ui.bar_chart(c);
            }
            for t in name_texts(&names_for_text, 0.0) {
                plot_ui.text(t);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::short_names;

    #[test]
    fn shared_first_names_get_the_last_initial() {
        let names: Vec<String> = ["Pedro Silva", "Ana Lima", "Pedro Almeida", "(unassigned)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            short_names(&names),
            ["Pedro S.", "Ana", "Pedro A.", "(unassigned)"]
        );
    }
}
