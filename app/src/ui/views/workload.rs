//! Workload (issue 8): the effort model and growth assumptions with their
//! effect at once, books of business, utilization and headcount plots,
//! scenarios, rebalancing and the team.
//!
//! The worker builds [`Facts`] once; edits recompute books and sizing here
//! from those facts (a few milliseconds for 100,000 accounts, and only when
//! something changed). No SQL runs in a frame: writes and the proposal go to
//! the worker.

use super::super::TenureApp;
use super::super::i18n::WorkloadTr;
use super::super::worker::Cmd;
use super::super::workload_jobs::{WorkloadCmd, WorkloadMsg};
use super::{workload_edit, workload_plots, workload_tables};
use crate::format::{self, Locale};
use crate::workload::{self, Facts, Figures, Params, ProjectionPoint, Proposal, Scenario};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What the last write said.
pub(crate) enum Note {
    Saved(i64),
    Undone(i64),
    Error(String),
}

#[derive(Default)]
pub struct WorkloadState {
    pub(crate) requested: bool,
    pub(crate) facts: Option<Arc<Facts>>,
    pub(crate) scenario: Scenario,
    pub(crate) saved: Scenario,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) compare: BTreeSet<String>,
    pub(crate) figures: Option<(Scenario, Arc<Figures>)>,
    pub(crate) compared: Vec<(String, Scenario, Vec<ProjectionPoint>)>,
    pub(crate) proposal: Option<Proposal>,
    /// The parameters the proposal was made with.
    pub(crate) proposal_for: Option<Params>,
    pub(crate) proposal_asked: bool,
    pub(crate) selected: Vec<bool>,
    pub(crate) busy: bool,
    pub(crate) last_change: Option<i64>,
    pub(crate) message: Option<Note>,
    pub(crate) new_name: String,
    pub(crate) new_capacity: Option<f64>,
    pub(crate) scenario_name: String,
    pub(crate) find: String,
    pub(crate) found_for: Option<String>,
    pub(crate) found: Vec<usize>,
    pub(crate) pick: Option<usize>,
    pub(crate) pick_csm: Option<usize>,
    pub(crate) capacities: HashMap<String, f64>,
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

pub(super) fn send(app: &TenureApp, cmd: WorkloadCmd) {
    if let Some(w) = &app.worker {
        w.send(Cmd::Workload(cmd));
    }
}

/// A number editor that reads and writes in the person's locale.
pub(super) fn num(
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
            .custom_parser(move |t| crate::ui::values::parse_number(t, l)),
    )
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    // The books show their open tasks (issue #21).
    super::today::request(app);
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
    // The view's width, taken outside the scroll area: inside it, last
    // frame's widest row would widen the view and nothing would wrap.
    let full = ui.available_width();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(full);
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
            let editors = |app: &mut TenureApp, ui: &mut egui::Ui| {
                workload_edit::model_editor(app, ui, tr);
                ui.add_space(8.0);
                workload_edit::growth_editor(app, ui, w, &facts, &fig);
                ui.add_space(8.0);
                workload_edit::scenarios_editor(app, ui, w);
            };
            let plots = |app: &mut TenureApp, ui: &mut egui::Ui| {
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
            };
            // Side by side when both fit; at 1024 px the plots go below.
            if full >= 430.0 + 12.0 + 480.0 {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(430.0);
                        editors(app, ui);
                    });
                    ui.add_space(12.0);
                    ui.vertical(|ui| plots(app, ui));
                });
            } else {
                ui.vertical(|ui| {
                    ui.set_max_width(560.0);
                    editors(app, ui);
                });
                ui.add_space(12.0);
                plots(app, ui);
            }
            ui.add_space(12.0);
            ui.heading(w.books);
            workload_tables::books_table(
                ui,
                w,
                &fig,
                &facts.currency,
                app.pb.snapshot.as_ref().map(|s| &s.book_tasks),
                l,
            );
            ui.add_space(16.0);
            workload_tables::rebalancing(app, ui, w, &facts, l);
            ui.add_space(16.0);
            workload_tables::team(app, ui, w, &facts, l);
            ui.add_space(24.0);
        });
}

const CARD_W: f32 = 176.0;

fn card(ui: &mut egui::Ui, title: &str, value: &str, id: &str) {
    // A frame's size is known only once drawn, so the wrapping row cannot
    // wrap before it by itself.
    if ui.available_size_before_wrap().x < CARD_W + 24.0 {
        ui.end_row();
    }
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            // A fixed width: the row can wrap before a card that would not fit.
            ui.set_width(CARD_W);
            ui.vertical(|ui| {
                ui.add(egui::Label::new(egui::RichText::new(title).weak()).wrap());
                // The title is part of the value's accessible label, so that
                // a test can find the figure by it.
                let size = if value.chars().count() > 14 {
                    15.0
                } else {
                    20.0
                };
                let r =
                    ui.add(egui::Label::new(egui::RichText::new(value).size(size).strong()).wrap());
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
            &crate::ui::i18n::fill(
                crate::ui::i18n::ux::get(l).team_and_hours,
                &[
                    ("n", &s.current.to_string()),
                    ("hours", &format::number(s.team_capacity_hours, 0, l)),
                ],
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
                .map(|(m, n)| {
                    crate::ui::i18n::fill(
                        crate::ui::i18n::ux::get(l).hires_by,
                        &[("n", &n.to_string()), ("month", &format::month(*m, l))],
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
                + if groups.len() > 3 { " …" } else { "" }
        };
        card(ui, w.hires, &hires, w.hires);
    });
}
