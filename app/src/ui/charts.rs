//! The dashboard's charts (egui_plot) and their export to PNG and CSV.
//! Everything here draws from a precomputed [`SeriesSet`].

use super::i18n::Tr;
use super::model::{ChartKind, SeriesKey, SeriesSet, Unit};
use super::values;
use crate::domain::Month;
use crate::format::{self, Locale};
use egui::Color32;
use egui_plot::{Bar, BarChart, Corner, Heatmap, HoverPosition, Legend, Line, Plot, PlotPoint};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct ChartState {
    /// A PNG export waiting for the chart to be drawn this frame.
    pending_png: Option<PathBuf>,
    /// What the last export said (shared with the screenshot callback).
    pub message: Arc<Mutex<Option<String>>>,
}

pub fn series_name(tr: &Tr, key: SeriesKey) -> &'static str {
    use SeriesKey::*;
    match key {
        New => tr.s_new,
        Expansion => tr.s_expansion,
        Reactivation => tr.s_reactivation,
        Contraction => tr.s_contraction,
        Churn => tr.s_churn,
        Net => tr.s_net,
        Mrr => tr.s_mrr,
        Arr => tr.s_arr,
        Nrr => tr.s_nrr,
        Grr => tr.s_grr,
        LogoChurn => tr.s_logo_churn,
        LogoRetention => tr.s_logo_retention,
        Nps => tr.s_nps,
        Promoters => tr.s_promoters,
        Passives => tr.s_passives,
        Detractors => tr.s_detractors,
        Csat => tr.s_csat,
        Ces => tr.s_ces,
        Healthy => tr.s_healthy,
        AtRisk => tr.s_at_risk,
        Critical => tr.s_critical,
        NoScore => tr.s_no_score,
        FirstResponse => tr.s_first_response,
        Resolution => tr.s_resolution,
        Adoption => tr.s_adoption,
        Utilization => tr.s_utilization,
        Active => tr.s_active,
    }
}

/// The colour of a health band, everywhere it is drawn (charts, tables,
/// the ICP scatter); dark enough to read as text on the light theme.
pub fn band_color(band: crate::metrics::Band) -> Color32 {
    match band {
        crate::metrics::Band::Healthy => Color32::from_rgb(46, 160, 67),
        crate::metrics::Band::AtRisk => Color32::from_rgb(219, 150, 20),
        crate::metrics::Band::Critical => Color32::from_rgb(210, 55, 55),
    }
}

fn series_color(key: SeriesKey) -> Color32 {
    use SeriesKey::*;
    match key {
        New => Color32::from_rgb(46, 160, 67),
        Expansion => Color32::from_rgb(92, 196, 120),
        Reactivation => Color32::from_rgb(64, 140, 200),
        Contraction => Color32::from_rgb(240, 150, 60),
        Churn => Color32::from_rgb(214, 60, 60),
        Net => Color32::from_rgb(110, 80, 200),
        Mrr | Nrr | LogoRetention | Csat | FirstResponse | Adoption | Active => {
            Color32::from_rgb(40, 120, 210)
        }
        Arr | Grr | Ces | Resolution | Utilization => Color32::from_rgb(230, 140, 30),
        LogoChurn => Color32::from_rgb(214, 60, 60),
        Nps => Color32::from_rgb(110, 80, 200),
        Promoters => Color32::from_rgb(46, 160, 67),
        Passives | NoScore => Color32::from_rgb(160, 160, 160),
        Detractors => Color32::from_rgb(214, 60, 60),
        Healthy => band_color(crate::metrics::Band::Healthy),
        AtRisk => band_color(crate::metrics::Band::AtRisk),
        Critical => band_color(crate::metrics::Band::Critical),
    }
}

/// How a series is plotted: percent shares of the NPS chart are drawn in
/// points (×100) beside the NPS score.
fn plot_scale(chart: ChartKind, key: SeriesKey) -> f64 {
    match (chart, key.unit()) {
        (ChartKind::Nps, Unit::Percent) => 100.0,
        _ => 1.0,
    }
}

/// Bars (stacked) or lines.
fn is_bar(chart: ChartKind, key: SeriesKey) -> bool {
    use SeriesKey::*;
    match chart {
        ChartKind::Movements => key != Net,
        ChartKind::Nps => key != Nps,
        ChartKind::Health => true,
        _ => false,
    }
}

/// What a chart has to draw: nothing, a single month of lines (invisible
/// as lines), or something worth axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawable {
    Nothing,
    OneMonth,
    Yes,
}

pub fn drawable(chart: ChartKind, data: &SeriesSet) -> Drawable {
    if chart == ChartKind::Cohorts {
        return if data.cohorts.cohorts.is_empty() {
            Drawable::Nothing
        } else {
            Drawable::Yes
        };
    }
    let mut bars = false;
    let mut line_points = 0usize;
    for key in chart.series() {
        let Some(s) = data.get(*key) else { continue };
        let mut defined = s.values.iter().flatten().filter(|v| v.is_finite());
        if is_bar(chart, *key) {
            bars |= defined.any(|v| v.abs() > 1e-9);
        } else {
            line_points = line_points.max(defined.count());
        }
    }
    if bars || line_points > 1 {
        Drawable::Yes
    } else if line_points == 1 {
        Drawable::OneMonth
    } else {
        Drawable::Nothing
    }
}

/// The chart's main y unit (axis labels).
fn axis_unit(chart: ChartKind) -> Unit {
    match chart {
        ChartKind::Movements | ChartKind::MrrArr => Unit::Money,
        ChartKind::NrrGrr | ChartKind::LogoChurn | ChartKind::Adoption => Unit::Percent,
        ChartKind::Nps => Unit::Score,
        ChartKind::CsatCes => Unit::Percent,
        ChartKind::Cohorts => Unit::Percent,
        ChartKind::Health => Unit::Count,
        ChartKind::Support => Unit::Hours,
    }
}

/// Draws `chart` from `data`; returns the plot's screen rectangle.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    ui: &mut egui::Ui,
    tr: &'static Tr,
    chart: ChartKind,
    data: &SeriesSet,
    currency: &str,
    locale: Locale,
    cohort_revenue: bool,
    height: f32,
) -> egui::Rect {
    if chart == ChartKind::Cohorts {
        return draw_cohorts(ui, tr, data, locale, cohort_revenue, height);
    }
    if chart == ChartKind::CsatCes {
        // CSAT is a share, CES a 1–7 mean: two plots side by side.
        let width = ui.available_width();
        let r = ui.horizontal(|ui| {
            let w = (width - 8.0) / 2.0;
            let a = draw_series(
                ui,
                tr,
                chart,
                &[SeriesKey::Csat],
                Unit::Percent,
                data,
                currency,
                locale,
                height,
                w,
                "csat",
            );
            let b = draw_series(
                ui,
                tr,
                chart,
                &[SeriesKey::Ces],
                Unit::Mean,
                data,
                currency,
                locale,
                height,
                w,
                "ces",
            );
            a.union(b)
        });
        return r.inner;
    }
    let width = ui.available_width();
    draw_series(
        ui,
        tr,
        chart,
        chart.series(),
        axis_unit(chart),
        data,
        currency,
        locale,
        height,
        width,
        "main",
    )
}

#[allow(clippy::too_many_arguments)]
fn draw_series(
    ui: &mut egui::Ui,
    tr: &'static Tr,
    chart: ChartKind,
    keys: &[SeriesKey],
    unit: Unit,
    data: &SeriesSet,
    currency: &str,
    locale: Locale,
    height: f32,
    width: f32,
    salt: &str,
) -> egui::Rect {
    let months: Arc<Vec<Month>> = Arc::new(data.months.clone());
    let n = months.len();
    // name → (unit, scale) for hover labels.
    let mut legend_units: HashMap<String, (Unit, f64)> = HashMap::new();
    for k in keys {
        legend_units.insert(
            series_name(tr, *k).to_string(),
            (k.unit(), plot_scale(chart, *k)),
        );
    }
    // Headroom above the highest bar stack or line point, so the legend
    // (top left) sits over empty plot, not over the data.
    let mut top = 0.0f64;
    let mut stacks = vec![0.0f64; n];
    for k in keys {
        let Some(s) = data.get(*k) else { continue };
        let scale = plot_scale(chart, *k);
        for (i, v) in s.values.iter().enumerate() {
            let Some(v) = v.filter(|v| v.is_finite()) else {
                continue;
            };
            if is_bar(chart, *k) {
                if v > 0.0
                    && let Some(slot) = stacks.get_mut(i)
                {
                    *slot += v * scale;
                }
            } else {
                top = top.max(v * scale);
            }
        }
    }
    let top = stacks.into_iter().fold(top, f64::max);
    let legend_rows = keys.len() as f64;
    let headroom = top * (1.0 + 0.09 * legend_rows.max(2.0));
    let cur = currency.to_string();
    let cur2 = currency.to_string();
    let m_axis = months.clone();
    let m_hover = months.clone();
    let plot = Plot::new(("chart", chart.index(), salt))
        .height(height)
        .width(width)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_scroll(false)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .include_y(0.0)
        .include_y(headroom)
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            let span = input.bounds.1 - input.bounds.0;
            if span > 48.0 {
                [3.0, 12.0, 24.0]
            } else if span > 14.0 {
                [1.0, 3.0, 12.0]
            } else {
                [1.0, 2.0, 6.0]
            }
        }))
        .x_axis_formatter(move |mark, _range| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            m_axis
                .get(i as usize)
                .map(|m| format::month(*m, locale))
                .unwrap_or_default()
        })
        .y_axis_formatter(move |mark, _range| values::axis(mark.value, unit, &cur, locale))
        .y_axis_min_width(64.0)
        .label_formatter(move |pos: &HoverPosition<'_>| {
            let (name, point) = match pos {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (Some(*plot_name), *position),
                HoverPosition::Elsewhere { position } => (None, *position),
            };
            let i = point.x.round();
            let month = if i >= 0.0 {
                m_hover.get(i as usize).map(|m| format::month(*m, locale))
            } else {
                None
            };
            match name {
                Some(name) => {
                    let (u, scale) = legend_units.get(name).copied().unwrap_or((unit, 1.0));
                    Some(format!(
                        "{name}\n{}\n{}",
                        month.unwrap_or_default(),
                        values::show(point.y / scale, u, &cur2, locale)
                    ))
                }
                None => month,
            }
        });
    let chart_keys: Vec<SeriesKey> = keys.to_vec();
    let series: Vec<(SeriesKey, Vec<Option<f64>>)> = chart_keys
        .iter()
        .filter_map(|k| data.get(*k).map(|s| (*k, s.values.clone())))
        .collect();
    let currency_bar = currency.to_string();
    let response = plot.show(ui, move |plot_ui| {
        // Stacked bars: ups on ups, downs on downs.
        let mut ups: Vec<BarChart> = Vec::new();
        let mut downs: Vec<BarChart> = Vec::new();
        for (key, vals) in &series {
            let scale = plot_scale(chart, *key);
            if is_bar(chart, *key) {
                let sign = if matches!(key, SeriesKey::Contraction | SeriesKey::Churn) {
                    -1.0
                } else {
                    1.0
                };
                let bars: Vec<Bar> = vals
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Bar::new(i as f64, sign * v.unwrap_or(0.0) * scale).width(0.7))
                    .collect();
                let u = key.unit();
                let cur = currency_bar.clone();
                let months = months.clone();
                let name = series_name(tr, *key);
                let mut bc = BarChart::new(name, bars)
                    .color(series_color(*key))
                    .element_formatter(Box::new(move |bar, _chart| {
                        let i = bar.argument.round();
                        let month = if i >= 0.0 {
                            months
                                .get(i as usize)
                                .map(|m| format::month(*m, locale))
                                .unwrap_or_default()
                        } else {
                            String::new()
                        };
                        format!(
                            "{name}\n{month}\n{}",
                            values::show(bar.value.abs() / scale, u, &cur, locale)
                        )
                    }));
                let stack = if sign < 0.0 { &mut downs } else { &mut ups };
                {
                    let refs: Vec<&BarChart> = stack.iter().collect();
                    if !refs.is_empty() {
                        bc = bc.stack_on(&refs);
                    }
                }
                stack.push(bc);
            }
        }
        for bc in ups.into_iter().chain(downs) {
            plot_ui.bar_chart(bc);
        }
        for (key, vals) in &series {
            if is_bar(chart, *key) {
                continue;
            }
            let scale = plot_scale(chart, *key);
            // Undefined months break the line instead of dropping to zero.
            let mut segment: Vec<[f64; 2]> = Vec::new();
            let mut segments: Vec<Vec<[f64; 2]>> = Vec::new();
            for (i, v) in vals.iter().enumerate() {
                match v {
                    Some(v) if v.is_finite() => segment.push([i as f64, v * scale]),
                    _ => {
                        if !segment.is_empty() {
                            segments.push(std::mem::take(&mut segment));
                        }
                    }
                }
            }
            if !segment.is_empty() {
                segments.push(segment);
            }
            for seg in segments {
                let single = seg.len() == 1;
                let line = Line::new(series_name(tr, *key), seg)
                    .color(series_color(*key))
                    .width(2.5)
                    .id(("line", *key as u8));
                plot_ui.line(line);
                if single {
                    // A lone point would be invisible as a line.
                }
            }
        }
        let _ = PlotPoint::new(0.0, 0.0);
    });
    response.response.rect
}

fn draw_cohorts(
    ui: &mut egui::Ui,
    tr: &'static Tr,
    data: &SeriesSet,
    locale: Locale,
    revenue: bool,
    height: f32,
) -> egui::Rect {
    let table = &data.cohorts;
    let rows = table.cohorts.len();
    let cols = table
        .logo
        .iter()
        .chain(table.revenue.iter())
        .map(|r| r.len())
        .max()
        .unwrap_or(0);
    let source = if revenue { &table.revenue } else { &table.logo };
    // Row 0 is drawn at the bottom: newest cohort first so the oldest is on top.
    let mut cells = Vec::with_capacity(rows * cols);
    for r in (0..rows).rev() {
        for c in 0..cols {
            let v = source.get(r).and_then(|row| row.get(c)).copied().flatten();
            cells.push(v.unwrap_or(f64::NAN));
        }
    }
    let cohorts = Arc::new(table.cohorts.clone());
    let cohorts_axis = cohorts.clone();
    let width = ui.available_width();
    let plot = Plot::new(("chart_cohorts", revenue))
        .height(height)
        .width(width)
        .allow_scroll(false)
        .show_grid(false)
        .x_axis_label(tr.age_axis)
        .y_axis_min_width(80.0)
        .x_axis_formatter(|mark, _| {
            if (mark.value - mark.value.round()).abs() < 1e-6 && mark.value >= 0.0 {
                format!("{}", mark.value as i64)
            } else {
                String::new()
            }
        })
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 6.0, 12.0]))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 6.0, 12.0]))
        .y_axis_formatter(move |mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() > 1e-6 || v < 0.0 {
                return String::new();
            }
            let r = v.round() as usize;
            // Bottom row is the newest cohort.
            cohorts_axis
                .len()
                .checked_sub(r + 1)
                .and_then(|i| cohorts_axis.get(i))
                .map(|m| format::month(*m, locale))
                .unwrap_or_default()
        })
        .label_formatter(move |pos: &HoverPosition<'_>| {
            let p = match pos {
                HoverPosition::NearDataPoint { position, .. } => *position,
                HoverPosition::Elsewhere { position } => *position,
            };
            let r = (p.y + 0.5).floor();
            if r < 0.0 {
                return None;
            }
            let cohort = cohorts
                .len()
                .checked_sub(r as usize + 1)
                .and_then(|i| cohorts.get(i))?;
            Some(format!(
                "{}\n+{} {}",
                format::month(*cohort, locale),
                (p.x + 0.5).floor().max(0.0) as i64,
                tr.months
            ))
        });
    let response = plot.show(ui, move |plot_ui| {
        if rows == 0 || cols == 0 {
            return;
        }
        let heat = Heatmap::new(cells, cols)
            .at(PlotPoint::new(-0.5, -0.5))
            .tile_size(1.0, 1.0)
            .show_labels(true)
            .formatter(Box::new(move |v| {
                if v.is_finite() {
                    format::percent(v, 0, locale)
                } else {
                    String::new()
                }
            }))
            .custom_mapping(Box::new(|v| {
                if !v.is_finite() {
                    return Color32::TRANSPARENT;
                }
                // Most retention sits between 30% and 100%: spread that range.
                let t = ((v - 0.3) / 0.7).clamp(0.0, 1.0) as f32;
                // From pale to a strong blue.
                let lerp = |a: f32, b: f32| (a + (b - a) * t).round() as u8;
                Color32::from_rgb(lerp(235.0, 20.0), lerp(240.0, 90.0), lerp(250.0, 170.0))
            }))
            .name(if revenue {
                tr.cohort_revenue
            } else {
                tr.cohort_logo
            });
        plot_ui.heatmap(heat);
    });
    response.response.rect
}

/// The chart's data as CSV: months (YYYY-MM) down, series across; figures
/// with a dot decimal so any tool reads them.
pub fn to_csv(tr: &Tr, chart: ChartKind, data: &SeriesSet, revenue: bool) -> String {
    let mut out = String::new();
    let esc = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let num = |v: Option<f64>| match v {
        Some(v) if v.is_finite() => format!("{}", (v * 1e6).round() / 1e6),
        _ => String::new(),
    };
    if chart == ChartKind::Cohorts {
        let t = &data.cohorts;
        let source = if revenue { &t.revenue } else { &t.logo };
        let cols = source.iter().map(|r| r.len()).max().unwrap_or(0);
        out.push_str(&esc(tr.cohort_axis));
        out.push_str(",n");
        for c in 0..cols {
            out.push_str(&format!(",{c}"));
        }
        out.push('\n');
        for (i, m) in t.cohorts.iter().enumerate() {
            out.push_str(&m.to_string());
            out.push_str(&format!(",{}", t.sizes.get(i).copied().unwrap_or(0)));
            for c in 0..cols {
                out.push(',');
                out.push_str(&num(source
                    .get(i)
                    .and_then(|r| r.get(c))
                    .copied()
                    .flatten()));
            }
            out.push('\n');
        }
        return out;
    }
    out.push_str(tr.month_col);
    for k in chart.series() {
        out.push(',');
        out.push_str(&esc(series_name(tr, *k)));
    }
    out.push('\n');
    for (i, m) in data.months.iter().enumerate() {
        out.push_str(&m.to_string());
        for k in chart.series() {
            out.push(',');
            out.push_str(&num(data
                .get(*k)
                .and_then(|s| s.values.get(i))
                .copied()
                .flatten()));
        }
        out.push('\n');
    }
    out
}

/// Saves `image` (cropped to `crop`, in pixels) as a PNG file.
pub fn save_png(
    image: &egui::ColorImage,
    crop: Option<egui::Rect>,
    path: &Path,
) -> Result<(), String> {
    let [w, h] = image.size;
    let (x0, y0, x1, y1) = match crop {
        Some(r) => (
            (r.min.x.max(0.0) as usize).min(w),
            (r.min.y.max(0.0) as usize).min(h),
            (r.max.x.max(0.0).ceil() as usize).min(w),
            (r.max.y.max(0.0).ceil() as usize).min(h),
        ),
        None => (0, 0, w, h),
    };
    if x1 <= x0 || y1 <= y0 {
        return Err("empty image".into());
    }
    let mut bytes = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        for x in x0..x1 {
            let c = image.pixels[y * w + x];
            bytes.extend_from_slice(&[c.r(), c.g(), c.b(), 255]);
        }
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    image::save_buffer(
        path,
        &bytes,
        (x1 - x0) as u32,
        (y1 - y0) as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| e.to_string())
}

impl ChartState {
    /// Asks for a PNG of the chart drawn next.
    pub fn request_png(&mut self, path: PathBuf) {
        self.pending_png = Some(path);
    }

    /// Called after the chart is drawn, with its rectangle.
    pub fn after_draw(
        &mut self,
        ctx: &egui::Context,
        rect: egui::Rect,
        saved_label: &'static str,
        failed_label: &'static str,
    ) {
        let Some(path) = self.pending_png.take() else {
            return;
        };
        let ppp = ctx.pixels_per_point();
        let crop = egui::Rect::from_min_max(
            (rect.min.to_vec2() * ppp).to_pos2(),
            (rect.max.to_vec2() * ppp).to_pos2(),
        );
        let message = self.message.clone();
        let c = ctx.clone();
        ctx.request_screenshot(move |image| {
            let text = match save_png(&image, Some(crop), &path) {
                Ok(()) => format!("{saved_label} {}", path.display()),
                Err(e) => format!("{failed_label}: {e}"),
            };
            if let Ok(mut m) = message.lock() {
                *m = Some(text);
            }
            c.request_repaint();
        });
    }

    pub fn set_message(&self, text: String) {
        if let Ok(mut m) = self.message.lock() {
            *m = Some(text);
        }
    }

    pub fn message(&self) -> Option<String> {
        self.message.lock().ok().and_then(|m| m.clone())
    }
}
