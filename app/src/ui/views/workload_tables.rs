//! The workload view's tables: books of business, the rebalancing proposal
//! with its before/after, and the team (capacity, add, deactivate, reassign).

use super::super::TenureApp;
use super::super::i18n::WorkloadTr;
use super::super::workload_jobs::WorkloadCmd;
use super::workload::{num, send};
use super::workload_plots;
use crate::domain::Money;
use crate::format::{self, Locale};
use crate::workload::{Facts, Figures, Tier};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;

const ORANGE_NOTE: egui::Color32 = egui::Color32::from_rgb(200, 120, 20);

fn opt_pct(v: Option<f64>, l: Locale) -> String {
    v.map_or(format::UNDEFINED.into(), |v| format::percent(v, 0, l))
}

pub(super) fn books_table(
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    fig: &Figures,
    currency: &str,
    tasks: Option<&std::collections::HashMap<Option<String>, crate::playbooks::TaskCounts>>,
    l: Locale,
) {
    // A short team shows whole; a long one scrolls inside the view.
    let scroll = fig.books.len() > 20;
    // Wider than a small window: the table scrolls sideways.
    egui::ScrollArea::horizontal()
        .id_salt("wl_books_wide")
        .show(ui, |ui| books_grid(ui, w, fig, currency, tasks, l, scroll));
}

fn books_grid(
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    fig: &Figures,
    currency: &str,
    tasks: Option<&std::collections::HashMap<Option<String>, crate::playbooks::TaskCounts>>,
    l: Locale,
    scroll: bool,
) {
    let books = &fig.books;
    let tasks_tr = crate::ui::i18n::playbooks::PlaybooksTr::get(l);
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
        tasks_tr.col_book_tasks,
    ];
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
                        tasks.map_or(format::UNDEFINED.into(), |t| {
                            let c = t
                                .get(&b.name.as_deref().map(str::to_lowercase))
                                .copied()
                                .unwrap_or_default();
                            format!(
                                "{} · ⚠ {}",
                                format::integer(c.open as i64, l),
                                format::integer(c.overdue as i64, l)
                            )
                        }),
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

pub(super) fn rebalancing(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    facts: &Facts,
    l: Locale,
) {
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

pub(super) fn team(
    app: &mut TenureApp,
    ui: &mut egui::Ui,
    w: &WorkloadTr,
    facts: &Facts,
    l: Locale,
) {
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
