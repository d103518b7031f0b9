//! Workload (issue 8): the effort model and growth assumptions with their
//! effect at once, books of business, utilization and headcount plots,
//! scenarios, rebalancing and the team.
//!
//! The worker builds [`Facts`] once; edits recompute books and sizing here
//! from those facts (a few milliseconds for 100,000 accounts, and only when
//! something changed). No SQL runs in a frame: writes and the proposal go to
//! the worker.

use super::super::TenureApp;
use super::super::i18n::{Tr, WorkloadTr};
use super::super::worker::Cmd;
use super::super::workload_jobs::{WorkloadCmd, WorkloadMsg};
use super::workload_plots;
use crate::domain::Money;
use crate::format::{self, Locale};
use crate::workload::{
    self, FACTORS, Facts, Figures, Params, ProjectionPoint, Proposal, Scenario, Tier,
};
use egui_extras::{Column, TableBuilder};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What the last write said.
enum Note {
    Saved(i64),
    Undone(i64),
    Error(String),
}

const ORANGE_NOTE: egui::Color32 = egui::Color32::from_rgb(200, 120, 20);

#[derive(Default)]
pub struct WorkloadState {
    requested: bool,
    pub(crate) facts: Option<Arc<Facts>>,
    pub(crate) scenario: Scenario,
    saved: Scenario,
    scenarios: Vec<Scenario>,
    compare: BTreeSet<String>,
    figures: Option<(Scenario, Arc<Figures>)>,
    compared: Vec<(String, Scenario, Vec<ProjectionPoint>)>,
    proposal: Option<Proposal>,
    /// The parameters the proposal was made with.
    proposal_for: Option<Params>,
    proposal_asked: bool,
    selected: Vec<bool>,
    busy: bool,
    last_change: Option<i64>,
    message: Option<Note>,
    new_name: String,
    new_capacity: Option<f64>,
    scenario_name: String,
    find: String,
    found_for: Option<String>,
    found: Vec<usize>,
    pick: Option<usize>,
    pick_csm: Option<usize>,
    capacities: HashMap<String, f64>,
}

impl WorkloadState {
    pub fn receive(&mut self, msg: WorkloadMsg) {
        match msg {
            WorkloadMsg::Model {
                facts,
                scenario,
                scenarios,
            } => {
                self.facts = Some(facts);
                self.scenario = (*scenario).clone();
                self.saved = *scenario;
                self.scenarios = scenarios;
                self.figures = None;
                self.compared.clear();
                self.found_for = None;
                self.busy = false;
            }
            WorkloadMsg::Scenarios(list) => {
                self.scenarios = list;
                self.compared.clear();
            }
            WorkloadMsg::Proposal(p) => {
                self.proposal_for = Some(self.scenario.params.clone());
                self.selected = vec![true; p.moves.len()];
                self.proposal = Some(p);
                self.busy = false;
            }
            WorkloadMsg::Written(result) => {
                self.busy = false;
                match result {
                    Ok(id) => {
                        self.last_change = Some(id);
                        self.proposal = None;
                        self.proposal_asked = false;
                        // The rebuilt model follows; nothing is proposed from the old one.
                        self.facts = None;
                        self.requested = true;
                        self.message = Some(Note::Saved(id));
                    }
                    Err(e) => {
                        // Without a model, ask for it again.
                        self.requested = self.facts.is_some();
                        self.message = Some(Note::Error(e));
                    }
                }
            }
            WorkloadMsg::Undone(result) => {
                self.busy = false;
                match result {
                    Ok(id) => {
                        self.last_change = None;
                        self.proposal = None;
                        self.proposal_asked = false;
                        self.facts = None;
                        self.requested = true;
                        self.message = Some(Note::Undone(id));
                    }
                    Err(e) => {
                        // Without a model, ask for it again.
                        self.requested = self.facts.is_some();
                        self.message = Some(Note::Error(e));
                    }
                }
            }
        }
    }

    /// Books and sizing of the scenario in force (recomputed on change only).
    pub(crate) fn figures(&mut self) -> Option<Arc<Figures>> {
        let facts = self.facts.clone()?;
        match &self.figures {
            Some((s, f)) if *s == self.scenario => Some(f.clone()),
            _ => {
                let f = Arc::new(workload::figures(&facts, &self.scenario));
                self.figures = Some((self.scenario.clone(), f.clone()));
                Some(f)
            }
        }
    }

    /// Projections of the saved scenarios ticked for comparison.
    fn compared(&mut self) -> Vec<(String, Vec<ProjectionPoint>)> {
        let Some(facts) = self.facts.clone() else {
            return Vec::new();
        };
        let wanted: Vec<&Scenario> = self
            .scenarios
            .iter()
            .filter(|s| self.compare.contains(&s.name))
            .collect();
        let fresh = wanted.len() == self.compared.len()
            && wanted
                .iter()
                .zip(&self.compared)
                .all(|(s, (n, c, _))| s.name == *n && **s == *c);
        if !fresh {
            self.compared = wanted
                .iter()
                .map(|s| {
                    let hours = workload::all_hours(&facts, &s.params);
                    let z = workload::sizing(&facts, &s.params, &s.assumptions, &hours);
                    let mut points = vec![ProjectionPoint {
                        month: facts.as_of.month(),
                        accounts: facts.accounts.len() as f64,
                        hours: z.total_hours,
                        required: z.required_now,
                        utilization: z.utilization_now,
                    }];
                    points.extend(z.projection);
                    (s.name.clone(), (*s).clone(), points)
                })
                .collect();
        }
        self.compared
            .iter()
            .map(|(n, _, p)| (n.clone(), p.clone()))
            .collect()
    }
}

fn send(app: &TenureApp, cmd: WorkloadCmd) {
    if let Some(w) = &app.worker {
        w.send(Cmd::Workload(cmd));
    }
}

/// A number editor that reads and writes in the person's locale.
fn num(
    ui: &mut egui::Ui,
    v: &mut f64,
    max: f64,
    speed: f64,
    decimals: usize,
    suffix: &str,
    l: Locale,
) -> egui::Response {
    ui.add(
        egui::DragValue::new(v)
            .range(0.0..=max)
            .speed(speed)
            .suffix(suffix.to_string())
            .custom_formatter(move |x, _| format::number(x, decimals, l))
            .custom_parser(move |t| {
                let t = t.trim();
                let t = match l {
                    Locale::PtBr => t.replace('.', "").replace(',', "."),
                    Locale::En => t.replace(',', ""),
                };
                t.parse().ok()
            }),
    )
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let w = &tr.wl;
    let l = app.prefs.locale;
    if app.workload.facts.is_none() {
        if !app.workload.requested {
            app.workload.requested = true;
            send(app, WorkloadCmd::Load);
        }
        ui.add_space(24.0);
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr.computing);
        });
        return;
    }
    // Save the edited model once the pointer is released (not every drag step).
    if app.workload.scenario != app.workload.saved && !ui.input(|i| i.pointer.any_down()) {
        app.workload.saved = app.workload.scenario.clone();
        send(
            app,
            WorkloadCmd::SaveModel(Box::new(app.workload.saved.clone())),
        );
    }
    let Some(fig) = app.workload.figures() else {
        return;
    };
    let Some(facts) = app.workload.facts.clone() else {
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.heading(tr.view_workload);
            ui.label(
                egui::RichText::new(format!(
                    "{} {} · {} {}",
                    w.as_of_month,
                    format::month(facts.month, l),
                    w.as_of_day,
                    format::date(facts.as_of, l)
                ))
                .weak(),
            );
            ui.add_space(8.0);
            summary(ui, w, &fig, l);
            if let Some(note) = &app.workload.message {
                let (color, text) = match note {
                    Note::Saved(id) => (
                        egui::Color32::from_rgb(40, 150, 70),
                        format!("✔ {} #{id}", w.saved_change),
                    ),
                    Note::Undone(id) => (
                        egui::Color32::from_rgb(40, 150, 70),
                        format!("✔ {} #{id}", w.undone),
                    ),
                    Note::Error(e) => (ui.visuals().error_fg_color, format!("⚠ {e}")),
                };
                ui.colored_label(color, text);
            }
            ui.add_space(8.0);
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(430.0);
                    model_editor(app, ui, tr);
                    ui.add_space(8.0);
                    growth_editor(app, ui, w, &facts, &fig);
                    ui.add_space(8.0);
                    scenarios_editor(app, ui, w);
                });
                ui.add_space(12.0);
                ui.vertical(|ui| {
                    let compared = app.workload.compared();
                    workload_plots::utilization(
                        ui,
                        w,
                        &fig,
                        app.workload.scenario.params.target_utilization,
                        l,
                    );
                    ui.add_space(8.0);
                    workload_plots::headcount(ui, w, &fig, &facts, &compared, l);
                    ui.add_space(8.0);
                    workload_plots::by_tier(ui, w, &fig, false, &facts.currency, l);
                    ui.add_space(8.0);
                    workload_plots::by_tier(ui, w, &fig, true, &facts.currency, l);
                });
            });
            ui.add_space(12.0);
            ui.heading(w.books);
            books_table(ui, w, &fig, &facts.currency, l);
            ui.add_space(16.0);
            rebalancing(app, ui, w, &facts, l);
            ui.add_space(16.0);
            team(app, ui, w, &facts, l);
            ui.add_space(24.0);
        });
}

fn card(ui: &mut egui::Ui, title: &str, value: &str, id: &str) {
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_min_width(170.0);
            ui.vertical(|ui| {
                ui.label(egui::RichText::new(title).weak());
                // The title is part of the value's accessible label, so that
                // a test can find the figure by it.
                let r = ui.label(egui::RichText::new(value).size(20.0).strong());
                r.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{id}: {value}"))
                });
            });
        });
}

fn summary(ui: &mut egui::Ui, w: &WorkloadTr, fig: &Figures, l: Locale) {
    let s = &fig.sizing;
    ui.horizontal_wrapped(|ui| {
        card(
            ui,
            w.required_now,
            &format!(
                "{} ({})",
                format::number(s.required_now, 2, l),
                s.required_now_rounded
            ),
            w.required_now,
        );
        card(
            ui,
            w.current_team,
            &format!(
                "{} · {} h",
                s.current,
                format::number(s.team_capacity_hours, 0, l)
            ),
            w.current_team,
        );
        card(
            ui,
            w.utilization_now,
            &s.utilization_now
                .map_or(format::UNDEFINED.into(), |u| format::percent(u, 0, l)),
            w.utilization_now,
        );
        let passes = match s.passes_target_in {
            Some(m) => format::month(m, l),
            None => w.never.to_string(),
        };
        card(
            ui,
            &format!(
                "{} {}",
                w.passes_target,
                format::percent(s.target_utilization, 0, l)
            ),
            &passes,
            w.passes_target,
        );
        let groups: Vec<(crate::domain::Month, u32)> =
            s.hires.iter().map(|h| (h.by, h.total)).collect();
        let hires = if groups.is_empty() {
            w.no_hires.to_string()
        } else {
            groups
                .iter()
                .take(3)
                .map(|(m, n)| format!("{n} · {}", format::month(*m, l)))
                .collect::<Vec<_>>()
                .join("  ")
                + if groups.len() > 3 { " …" } else { "" }
        };
        card(ui, w.hires, &hires, w.hires);
    });
}

fn model_editor(app: &mut TenureApp, ui: &mut egui::Ui, tr: &Tr) {
    let w = &tr.wl;
    let l = app.prefs.locale;
    let p = &mut app.workload.scenario.params;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.strong(w.effort_model);
            if ui.small_button(w.defaults).clicked() {
                *p = Params::default();
            }
        });
        egui::Grid::new("wl_factors")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for (f, spec) in FACTORS.iter().enumerate() {
                    ui.label(w.factors[f]);
                    ui.horizontal(|ui| {
                        for j in 0..spec.levels.len() {
                            let text = format!(
                                "{} ×{}",
                                w.levels[f][j],
                                format::number(p.multipliers[f][j], 2, l)
                                    .trim_end_matches('0')
                                    .trim_end_matches([',', '.'])
                            );
                            let selected = p.level(f) == j;
                            if ui.selectable_label(selected, text).clicked() {
                                p.levels[f] = j;
                            }
                        }
                    });
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        egui::Grid::new("wl_params")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for (t, tier) in Tier::ALL.iter().enumerate() {
                    ui.label(format!("{} · {}", w.base_hours, w.tiers[tier.index()]));
                    num(ui, &mut p.base_hours[t], 200.0, 0.05, 2, " h", l);
                    ui.end_row();
                }
                ui.label(w.ticket_hours);
                num(ui, &mut p.ticket_hours, 100.0, 0.05, 2, " h", l);
                ui.end_row();
                ui.label(w.critical_multiplier);
                num(ui, &mut p.critical_multiplier, 10.0, 0.01, 2, "×", l);
                ui.end_row();
                ui.label(w.onboarding_hours);
                num(ui, &mut p.onboarding_hours, 200.0, 0.1, 1, " h", l);
                ui.end_row();
                ui.label(w.hours_per_csm);
                num(ui, &mut p.hours_per_csm, 400.0, 1.0, 0, " h", l);
                ui.end_row();
                ui.label(w.target);
                let mut pct = p.target_utilization * 100.0;
                if num(ui, &mut pct, 200.0, 0.5, 0, "%", l).changed() {
                    p.target_utilization = pct / 100.0;
                }
                ui.end_row();
            });
        if p.hours_per_csm <= 0.0 {
            p.hours_per_csm = 1.0;
        }
        if p.target_utilization <= 0.0 {
            p.target_utilization = 0.01;
        }
    });
}

fn growth_editor(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    facts: &Facts,
    fig: &Figures,
) {
    let l = app.prefs.locale;
    let a = &mut app.workload.scenario.assumptions;
    let g = fig.sizing.growth;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.strong(w.growth);
            if ui.small_button(w.from_data).clicked() {
                a.new_accounts_per_month = None;
                a.monthly_churn = None;
                a.tier_mix = None;
            }
        });
        ui.label(
            egui::RichText::new(format!(
                "{}: {} {} · {} {}",
                w.data_says,
                format::number(facts.growth.new_accounts_per_month, 1, l),
                w.per_month,
                format::percent(facts.growth.monthly_churn, 2, l),
                w.churn_short
            ))
            .weak(),
        );
        egui::Grid::new("wl_growth")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label(w.new_accounts);
                let mut v = g.new_accounts_per_month;
                if num(ui, &mut v, 1e6, 0.5, 1, "", l).changed() {
                    a.new_accounts_per_month = Some(v);
                }
                ui.end_row();
                ui.label(w.monthly_churn);
                let mut v = g.monthly_churn * 100.0;
                if num(ui, &mut v, 100.0, 0.05, 2, "%", l).changed() {
                    a.monthly_churn = Some(v / 100.0);
                }
                ui.end_row();
                for t in Tier::ALL {
                    ui.label(format!("{} · {}", w.mix, w.tiers[t.index()]));
                    let mut v = g.tier_mix[t.index()] * 100.0;
                    if num(ui, &mut v, 100.0, 0.5, 0, "%", l).changed() {
                        let mut mix = g.tier_mix.map(|m| m * 100.0);
                        mix[t.index()] = v;
                        if mix.iter().sum::<f64>() > 0.0 {
                            a.tier_mix = Some(mix);
                        }
                    }
                    ui.end_row();
                }
                ui.label(w.horizon);
                ui.add(
                    egui::Slider::new(&mut a.horizon_months, 12..=36)
                        .suffix(format!(" {}", w.months)),
                );
                ui.end_row();
            });
    });
}

fn scenarios_editor(app: &mut TenureApp, ui: &mut egui::Ui, w: &WorkloadTr) {
    let mut cmd = None;
    let st = &mut app.workload;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.strong(w.scenarios);
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut st.scenario_name)
                    .hint_text(w.scenario_name)
                    .desired_width(200.0),
            );
            let ok = !st.scenario_name.trim().is_empty();
            if ui
                .add_enabled(ok, egui::Button::new(w.save_scenario))
                .clicked()
            {
                cmd = Some(WorkloadCmd::SaveScenarioAs(
                    st.scenario_name.trim().to_string(),
                    Box::new(st.scenario.clone()),
                ));
                st.compare.insert(st.scenario_name.trim().to_string());
                st.scenario_name.clear();
            }
        });
        if st.scenarios.is_empty() {
            ui.label(egui::RichText::new(w.no_scenarios).weak());
        }
        let mut use_it = None;
        for s in &st.scenarios {
            ui.horizontal(|ui| {
                let mut on = st.compare.contains(&s.name);
                if ui
                    .checkbox(&mut on, &s.name)
                    .on_hover_text(w.compare_hint)
                    .changed()
                {
                    if on {
                        st.compare.insert(s.name.clone());
                    } else {
                        st.compare.remove(&s.name);
                    }
                }
                if ui.small_button(w.use_scenario).clicked() {
                    use_it = Some(s.clone());
                }
                if ui.small_button("🗑").on_hover_text(w.delete).clicked() {
                    cmd = Some(WorkloadCmd::DeleteScenario(s.name.clone()));
                }
            });
        }
        if let Some(s) = use_it {
            st.scenario = Scenario {
                name: String::new(),
                ..s
            };
        }
    });
    if let Some(c) = cmd {
        send(app, c);
    }
}

fn opt_pct(v: Option<f64>, l: Locale) -> String {
    v.map_or(format::UNDEFINED.into(), |v| format::percent(v, 0, l))
}

fn books_table(ui: &mut egui::Ui, w: &WorkloadTr, fig: &Figures, currency: &str, l: Locale) {
    let books = &fig.books;
    let headers = [
        w.col_csm,
        w.col_accounts,
        w.tiers[0],
        w.tiers[1],
        w.tiers[2],
        w.col_arr,
        w.col_load,
        w.col_capacity,
        w.col_utilization,
        w.col_at_risk,
        w.col_critical,
        w.col_tickets,
        w.col_renewals,
        w.col_touch,
    ];
    // A short team shows whole; a long one scrolls inside the view.
    let scroll = books.len() > 20;
    ui.push_id("wl_books", |ui| {
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .vscroll(scroll)
            .max_scroll_height(460.0)
            .column(Column::auto().at_least(160.0));
        for i in 1..headers.len() {
            let width = if i == 5 { 130.0 } else { 60.0 };
            table = table.column(Column::auto().at_least(width));
        }
        table
            .header(22.0, |mut h| {
                for t in headers {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, books.len(), |mut row| {
                    let Some(b) = books.get(row.index()) else {
                        return;
                    };
                    let util = b.utilization;
                    let cells = [
                        b.name.clone().unwrap_or_else(|| w.unassigned.to_string()),
                        format::integer(b.accounts as i64, l),
                        format::integer(b.count_by_tier(Tier::High) as i64, l),
                        format::integer(b.count_by_tier(Tier::Mid) as i64, l),
                        format::integer(b.count_by_tier(Tier::Tech) as i64, l),
                        format::money(b.arr, currency, l),
                        format::number(b.load_hours, 1, l),
                        b.capacity_hours
                            .map_or(format::UNDEFINED.into(), |c| format::number(c, 0, l)),
                        opt_pct(util, l),
                        format::integer(b.at_risk as i64, l),
                        format::integer(b.critical as i64, l),
                        format::integer(b.open_tickets as i64, l),
                        format::integer(b.renewals_90d as i64, l),
                        b.median_days_since_touch
                            .map_or(format::UNDEFINED.into(), |d| format::number(d, 0, l)),
                    ];
                    for (i, c) in cells.into_iter().enumerate() {
                        row.col(|ui| {
                            if i == 8 {
                                ui.colored_label(
                                    workload_plots::util_color(util, fig.sizing.target_utilization),
                                    c,
                                );
                            } else if i == 0 && !b.active {
                                ui.label(
                                    egui::RichText::new(format!("{c} ({})", w.inactive)).weak(),
                                );
                            } else {
                                ui.label(c);
                            }
                        });
                    }
                });
            });
    });
}

fn rebalancing(app: &mut TenureApp, ui: &mut egui::Ui, w: &WorkloadTr, facts: &Facts, l: Locale) {
    let Some(facts_arc) = app.workload.facts.clone() else {
        return;
    };
    ui.heading(w.rebalancing);
    ui.label(egui::RichText::new(w.rebalancing_hint).weak());
    let mut cmd = None;
    let st = &mut app.workload;
    // The first proposal comes unasked (under a second on the worker).
    if !st.proposal_asked && !st.busy {
        st.proposal_asked = true;
        st.busy = true;
        cmd = Some(WorkloadCmd::Propose(
            Box::new(st.scenario.params.clone()),
            facts_arc.clone(),
        ));
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!st.busy, egui::Button::new(w.propose))
            .clicked()
        {
            st.busy = true;
            cmd = Some(WorkloadCmd::Propose(
                Box::new(st.scenario.params.clone()),
                facts_arc.clone(),
            ));
        }
        if let Some(id) = st.last_change
            && ui
                .add_enabled(!st.busy, egui::Button::new(format!("{} #{id}", w.undo)))
                .clicked()
        {
            st.busy = true;
            cmd = Some(WorkloadCmd::Undo(id));
        }
        if st.busy {
            ui.spinner();
        }
    });
    if let Some(p) = &st.proposal {
        if st.proposal_for.as_ref() != Some(&st.scenario.params) {
            ui.colored_label(ORANGE_NOTE, w.proposal_stale);
        }
        if p.moves.is_empty() {
            ui.label(w.no_moves);
        } else {
            let n_sel = st.selected.iter().filter(|s| **s).count();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !st.busy && n_sel > 0,
                        egui::Button::new(format!("{} ({n_sel})", w.accept_selected)),
                    )
                    .clicked()
                {
                    let moves = p
                        .moves
                        .iter()
                        .zip(&st.selected)
                        .filter(|(_, s)| **s)
                        .map(|(m, _)| m.clone())
                        .collect();
                    st.busy = true;
                    cmd = Some(WorkloadCmd::Accept(moves));
                }
                if ui.button(w.select_all).clicked() {
                    st.selected.iter_mut().for_each(|s| *s = true);
                }
                if ui.button(w.select_none).clicked() {
                    st.selected.iter_mut().for_each(|s| *s = false);
                }
            });
            ui.push_id("wl_moves", |ui| {
                let moves = &p.moves;
                let selected = &mut st.selected;
                TableBuilder::new(ui)
                    .striped(true)
                    .vscroll(true)
                    .max_scroll_height(260.0)
                    .column(Column::exact(30.0))
                    .column(Column::auto().at_least(200.0))
                    .columns(Column::auto().at_least(130.0), 2)
                    .columns(Column::auto().at_least(80.0), 2)
                    .header(22.0, |mut h| {
                        for t in [
                            "",
                            w.col_account,
                            w.col_from,
                            w.col_to,
                            w.col_load,
                            w.col_arr,
                        ] {
                            h.col(|ui| {
                                ui.strong(t);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(22.0, moves.len(), |mut row| {
                            let i = row.index();
                            let Some(m) = moves.get(i) else { return };
                            row.col(|ui| {
                                if let Some(s) = selected.get_mut(i) {
                                    ui.checkbox(s, "");
                                }
                            });
                            row.col(|ui| {
                                ui.label(&m.name);
                            });
                            row.col(|ui| {
                                ui.label(m.from_name.as_deref().unwrap_or(w.unassigned));
                            });
                            row.col(|ui| {
                                ui.label(&m.to_name);
                            });
                            row.col(|ui| {
                                ui.label(format::number(m.load_hours, 1, l));
                            });
                            row.col(|ui| {
                                ui.label(format::money(
                                    Money::from_cents(m.arr_cents),
                                    &facts.currency,
                                    l,
                                ));
                            });
                        });
                    });
            });
            // Before / after of the selected moves.
            let mut after: HashMap<&str, f64> = p
                .loads
                .iter()
                .map(|c| (c.name.as_str(), c.before_hours))
                .collect();
            for (m, s) in p.moves.iter().zip(&st.selected) {
                if *s {
                    if let Some(from) = m.from_name.as_deref().and_then(|f| after.get_mut(f)) {
                        *from -= m.load_hours;
                    }
                    if let Some(to) = after.get_mut(m.to_name.as_str()) {
                        *to += m.load_hours;
                    }
                }
            }
            ui.add_space(6.0);
            egui::Grid::new("wl_before_after")
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.strong(w.col_csm);
                    ui.strong(w.before);
                    ui.strong(w.after);
                    ui.end_row();
                    for c in &p.loads {
                        let a = after
                            .get(c.name.as_str())
                            .copied()
                            .unwrap_or(c.before_hours);
                        if (a - c.before_hours).abs() < 1e-9 {
                            continue;
                        }
                        let u = |h: f64| (c.capacity_hours > 0.0).then(|| h / c.capacity_hours);
                        ui.label(&c.name);
                        ui.label(opt_pct(c.before.and(u(c.before_hours)), l));
                        ui.label(opt_pct(u(a), l));
                        ui.end_row();
                    }
                });
        }
    }
    if let Some(c) = cmd {
        send(app, c);
    }
}

fn team(app: &mut TenureApp, ui: &mut egui::Ui, w: &WorkloadTr, facts: &Facts, l: Locale) {
    ui.heading(w.team);
    let mut cmd = None;
    let st = &mut app.workload;
    egui::Grid::new("wl_team")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(w.col_csm);
            ui.strong(w.col_capacity);
            ui.label("");
            ui.label("");
            ui.end_row();
            for c in &facts.csms {
                let label = if c.active {
                    egui::RichText::new(&c.name)
                } else {
                    egui::RichText::new(format!("{} ({})", c.name, w.inactive)).weak()
                };
                ui.label(label);
                let cap = st
                    .capacities
                    .entry(c.name.clone())
                    .or_insert(c.capacity_hours);
                num(ui, cap, 400.0, 1.0, 0, " h", l);
                let changed = (*cap - c.capacity_hours).abs() > 1e-9;
                if ui
                    .add_enabled(changed && !st.busy, egui::Button::new(w.save))
                    .clicked()
                {
                    st.busy = true;
                    cmd = Some(WorkloadCmd::EditCsm {
                        name: c.name.clone(),
                        capacity: Some(*cap),
                        active: None,
                    });
                }
                let (text, active) = if c.active {
                    (w.deactivate, false)
                } else {
                    (w.reactivate, true)
                };
                if ui.add_enabled(!st.busy, egui::Button::new(text)).clicked() {
                    st.busy = true;
                    cmd = Some(WorkloadCmd::EditCsm {
                        name: c.name.clone(),
                        capacity: None,
                        active: Some(active),
                    });
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut st.new_name)
                .hint_text(w.new_csm)
                .desired_width(200.0),
        );
        let cap = st.new_capacity.get_or_insert(120.0);
        num(ui, cap, 400.0, 1.0, 0, " h", l);
        let cap = *cap;
        if ui
            .add_enabled(
                !st.new_name.trim().is_empty() && !st.busy,
                egui::Button::new(w.add_csm),
            )
            .clicked()
        {
            st.busy = true;
            cmd = Some(WorkloadCmd::AddCsm {
                name: st.new_name.trim().to_string(),
                capacity: cap,
            });
            st.new_name.clear();
        }
    });
    ui.add_space(10.0);
    ui.strong(w.reassign);
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut st.find)
                .hint_text(w.find_account)
                .desired_width(240.0),
        );
        let names: Vec<&str> = facts
            .csms
            .iter()
            .filter(|c| c.active)
            .map(|c| c.name.as_str())
            .collect();
        let chosen = st
            .pick_csm
            .and_then(|i| names.get(i).copied())
            .unwrap_or(w.pick_csm);
        egui::ComboBox::from_id_salt("wl_pick_csm")
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(&mut st.pick_csm, Some(i), *n);
                }
            });
        let target = st
            .pick_csm
            .and_then(|i| names.get(i))
            .map(|n| n.to_string());
        let account = st.pick.and_then(|i| facts.accounts.get(i));
        if ui
            .add_enabled(
                target.is_some() && account.is_some() && !st.busy,
                egui::Button::new(w.assign),
            )
            .clicked()
            && let (Some(csm), Some(a)) = (target, account)
        {
            st.busy = true;
            cmd = Some(WorkloadCmd::Reassign {
                account_id: a.id,
                csm,
            });
        }
    });
    // Matches are searched only when the text changes (at most 8 shown).
    let needle = st.find.trim().to_lowercase();
    if st.found_for.as_deref() != Some(needle.as_str()) {
        st.found = if needle.len() < 2 {
            Vec::new()
        } else {
            facts
                .accounts
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    a.name.to_lowercase().contains(&needle)
                        || a.external_id.to_lowercase() == needle
                })
                .map(|(i, _)| i)
                .take(8)
                .collect()
        };
        st.found_for = Some(needle);
    }
    for &i in &st.found {
        let Some(a) = facts.accounts.get(i) else {
            continue;
        };
        let csm = a
            .csm
            .and_then(|c| facts.csms.get(c as usize))
            .map_or(w.unassigned, |c| c.name.as_str());
        let text = format!("{} · {} · {}", a.name, w.tiers[a.tier.index()], csm);
        if ui.selectable_label(st.pick == Some(i), text).clicked() {
            st.pick = Some(i);
        }
    }
    if let Some(c) = cmd {
        send(app, c);
    }
}
