//! The workload view's editors: effort model, growth assumptions, scenarios.
//! They change the scenario in the view's state; the view recomputes.

use super::super::TenureApp;
use super::super::i18n::{Tr, WorkloadTr};
use super::super::workload_jobs::WorkloadCmd;
use super::workload::{num, send};
use crate::format;
use crate::workload::{FACTORS, Facts, Figures, Params, Scenario, Tier};

pub(super) fn model_editor(app: &mut TenureApp, ui: &mut egui::Ui, tr: &Tr) {
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
        // The multipliers themselves are settings too (the spec's by default).
        egui::CollapsingHeader::new(w.multipliers)
            .id_salt("wl_multipliers")
            .show(ui, |ui| {
                egui::Grid::new("wl_multiplier_grid")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        for (f, spec) in FACTORS.iter().enumerate() {
                            ui.label(w.factors[f]);
                            ui.horizontal(|ui| {
                                for j in 0..spec.levels.len() {
                                    ui.label(w.levels[f][j]);
                                    num(ui, &mut p.multipliers[f][j], 10.0, 0.01, 2, "×", l);
                                }
                            });
                            ui.end_row();
                        }
                    });
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
                ui.label(w.critical_below);
                let mut below = f64::from(p.critical_below);
                if num(ui, &mut below, 100.0, 1.0, 0, "", l).changed() {
                    p.critical_below = below.round().clamp(0.0, 100.0) as u8;
                }
                ui.end_row();
                ui.label(w.onboarding_hours);
                num(ui, &mut p.onboarding_hours, 200.0, 0.1, 1, " h", l);
                ui.end_row();
                ui.label(w.onboarding_days);
                days(ui, &mut p.onboarding_days, tr.days, l);
                ui.end_row();
                ui.label(w.renewal_freeze);
                days(ui, &mut p.renewal_freeze_days, tr.days, l);
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

/// A whole number of days (0 to 3 years).
fn days(ui: &mut egui::Ui, v: &mut i32, unit: &str, l: crate::format::Locale) {
    let mut d = f64::from(*v);
    if num(ui, &mut d, 1095.0, 1.0, 0, &format!(" {unit}"), l).changed() {
        *v = d.round().clamp(0.0, 1095.0) as i32;
    }
}

pub(super) fn growth_editor(
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

pub(super) fn scenarios_editor(app: &mut TenureApp, ui: &mut egui::Ui, w: &WorkloadTr) {
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
