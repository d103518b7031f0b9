//! The ICP view's Prospects tab: the prospects (accounts not yet
//! customers) ranked by their fit to the primary profile, with the criteria
//! each meets and misses, filters, a selection and an export to CSV/XLSX
//! for the sales team. The ranking comes from the worker
//! ([`crate::icp::rank_prospects`]); this tab only filters what it shows.

use super::super::i18n::{ProspectsTr, Tr, fill};
use super::super::icp_model::{IcpSnapshot, ProspectRow};
use crate::export::sheets::ProspectLine;
use crate::format::{self, Locale};
use crate::icp::{Condition, Criterion, Profile, Tier};
use egui::RichText;
use egui_extras::{Column, TableBuilder};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// Filters, selection and export of the tab (kept across frames).
#[derive(Debug, Default)]
pub struct ProspectsState {
    pub search: String,
    pub tier: Option<Tier>,
    pub industry: Option<String>,
    pub min_fit: u8,
    /// Account row ids.
    pub selected: BTreeSet<i64>,
    pub export_path: String,
    export_rx: Option<Receiver<Result<(usize, PathBuf), String>>>,
    /// The last export's sentence, and whether it is an error.
    pub message: Option<(String, bool)>,
}

impl ProspectsState {
    /// The positions in `rows` these filters keep, in rank order.
    pub fn shown(&self, rows: &[ProspectRow]) -> Vec<usize> {
        let needle = self.search.trim().to_lowercase();
        rows.iter()
            .enumerate()
            .filter(|(_, r)| {
                (needle.is_empty() || r.haystack.contains(&needle))
                    && self.tier.is_none_or(|t| r.ranked.tier == t)
                    && r.ranked.fit >= self.min_fit
                    && self.industry.as_ref().is_none_or(|i| {
                        r.industry
                            .as_deref()
                            .is_some_and(|v| v.trim().eq_ignore_ascii_case(i))
                    })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Writes `rows` to the file named in the export box, off the UI thread.
    fn start_export(&mut self, ctx: &egui::Context, rows: Vec<ProspectLine>) {
        let path = PathBuf::from(self.export_path.trim());
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("tenure-export-prospects".into())
            .spawn(move || {
                let sheet = crate::export::sheets::prospects(&rows);
                let result = crate::export::write(&path, &sheet)
                    .map(|()| (sheet.rows.len(), path))
                    .map_err(|e| e.to_string());
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.export_rx = Some(rx),
            Err(e) => self.message = Some((e.to_string(), true)),
        }
    }

    fn poll_export(&mut self, tr: &ProspectsTr, locale: Locale) {
        let Some(answer) = self.export_rx.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        self.export_rx = None;
        self.message = Some(match answer {
            Ok((n, path)) => (
                fill(
                    tr.exported,
                    &[
                        ("n", &format::integer(n as i64, locale)),
                        ("path", &path.display().to_string()),
                    ],
                ),
                false,
            ),
            Err(e) => (e, true),
        });
    }
}

/// Debug switch for screenshots (`TENURE_ICP_TAB=prospects`): the ICP
/// view opens on this tab.
pub fn screenshot_tab() -> bool {
    std::env::var("TENURE_ICP_TAB").is_ok_and(|v| v == "prospects")
}

/// A criterion in the window's language: the field's label, the
/// condition's words, values as the window names them.
pub fn criterion_words(c: &Criterion, locale: Locale) -> String {
    let all = Tr::get(locale);
    let field = crate::ui::i18n::ux::attribute(locale, &c.field);
    let n = |v: f64| {
        let d = if v.fract() == 0.0 { 0 } else { 2 };
        format::number(v, d, locale)
    };
    let tr = &all.icp;
    match &c.condition {
        Condition::OneOf { values } => {
            // A choice the schema declares (`high_touch`) by its label.
            let choices = tenure_schema::ACCOUNT
                .field(&c.field)
                .map_or(&[][..], |f| f.values.choices());
            let values: Vec<&str> = values
                .iter()
                .map(|v| {
                    choices
                        .iter()
                        .find(|ch| ch.name.eq_ignore_ascii_case(v.trim()))
                        .map_or_else(|| all.acc.choice(v), |ch| ch.label.get(all.acc.lang))
                })
                .collect();
            format!("{field} {} {}", tr.cond_one_of, values.join(", "))
        }
        Condition::Range {
            min: Some(a),
            max: Some(b),
        } => format!("{field} {} {} – {}", tr.cond_range, n(*a), n(*b)),
        Condition::Range { min: Some(a), .. } => format!("{field} ≥ {}", n(*a)),
        Condition::Range { max: Some(b), .. } => format!("{field} ≤ {}", n(*b)),
        Condition::Range { .. } => field,
        Condition::Contains { text } => format!("{field} {} \"{text}\"", tr.cond_contains),
    }
}

/// The criteria at `index` of `profile`, worded.
fn worded(profile: Option<&Profile>, index: &[usize], locale: Locale) -> Vec<String> {
    let Some(p) = profile else {
        return Vec::new();
    };
    index
        .iter()
        .filter_map(|&i| p.criteria.get(i))
        .map(|c| criterion_words(c, locale))
        .collect()
}

/// What the export writes for one row (criteria worded in `locale`).
pub fn line(
    r: &ProspectRow,
    ranked: bool,
    profile: Option<&Profile>,
    locale: Locale,
) -> ProspectLine {
    ProspectLine {
        external_id: r.ranked.external_id.clone(),
        name: r.ranked.name.clone(),
        industry: r.industry.clone(),
        country: r.country.clone(),
        plan: r.plan.clone(),
        employees: r.employees,
        fit: ranked.then_some(r.ranked.fit),
        tier: ranked.then(|| r.ranked.tier.name().to_string()),
        met: worded(profile, &r.ranked.met_index, locale),
        missed: worded(profile, &r.ranked.missed_index, locale),
    }
}

pub fn show(ui: &mut egui::Ui, snap: &IcpSnapshot, state: &mut ProspectsState, locale: Locale) {
    let tr = ProspectsTr::get(locale);
    state.poll_export(tr, locale);
    let total = snap.prospects.len();
    if total == 0 {
        ui.label(RichText::new(tr.none).italics());
        return;
    }
    ui.label(fill(
        tr.count_line,
        &[("n", &format::integer(total as i64, locale))],
    ));
    if !snap.prospects_ranked {
        ui.label(RichText::new(tr.no_profile).italics());
    }
    filters(ui, tr, snap, state);
    let shown = state.shown(&snap.prospects);
    actions(ui, tr, snap, state, &shown, locale);
    if let Some((m, error)) = &state.message {
        if *error {
            ui.colored_label(ui.visuals().error_fg_color, m);
        } else {
            ui.label(m);
        }
    }
    ui.separator();
    table(ui, tr, snap, state, &shown, locale);
}

fn filters(ui: &mut egui::Ui, tr: &ProspectsTr, snap: &IcpSnapshot, state: &mut ProspectsState) {
    ui.horizontal_wrapped(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text(tr.search_hint)
                .desired_width(180.0),
        );
        let tier_text = |t: Option<Tier>| match t {
            None => tr.all_tiers.to_string(),
            Some(t) => fill(tr.tier_n, &[("t", t.name())]),
        };
        egui::ComboBox::from_id_salt("prospect_tier")
            .selected_text(tier_text(state.tier))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.tier, None, tier_text(None));
                for t in Tier::ALL {
                    ui.selectable_value(&mut state.tier, Some(t), tier_text(Some(t)));
                }
            });
        let industries: BTreeSet<&str> = snap
            .prospects
            .iter()
            .filter_map(|r| r.industry.as_deref().map(str::trim))
            .filter(|v| !v.is_empty())
            .collect();
        egui::ComboBox::from_id_salt("prospect_industry")
            .selected_text(state.industry.as_deref().unwrap_or(tr.all_industries))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.industry, None, tr.all_industries);
                for i in industries {
                    ui.selectable_value(&mut state.industry, Some(i.to_string()), i);
                }
            });
        ui.label(tr.min_fit);
        ui.add(egui::Slider::new(&mut state.min_fit, 0..=100));
    });
}

fn actions(
    ui: &mut egui::Ui,
    tr: &ProspectsTr,
    snap: &IcpSnapshot,
    state: &mut ProspectsState,
    shown: &[usize],
    locale: Locale,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(fill(
            tr.shown,
            &[
                ("shown", &format::integer(shown.len() as i64, locale)),
                (
                    "total",
                    &format::integer(snap.prospects.len() as i64, locale),
                ),
            ],
        ));
        if !state.selected.is_empty() {
            ui.label(fill(
                tr.selected,
                &[("n", &format::integer(state.selected.len() as i64, locale))],
            ));
        }
        if ui.button(tr.select_shown).clicked() {
            state.selected.extend(
                shown
                    .iter()
                    .filter_map(|&i| snap.prospects.get(i))
                    .map(|r| r.ranked.id),
            );
        }
        if !state.selected.is_empty() && ui.button(tr.clear_selection).clicked() {
            state.selected.clear();
        }
        ui.separator();
        ui.add(
            egui::TextEdit::singleline(&mut state.export_path)
                .hint_text(tr.export_hint)
                .desired_width(220.0),
        );
        let label = if state.selected.is_empty() {
            tr.export
        } else {
            tr.export_selected
        };
        let busy = state.export_rx.is_some();
        if ui
            .add_enabled(
                !busy && !state.export_path.trim().is_empty(),
                egui::Button::new(format!("💾 {label}")),
            )
            .clicked()
        {
            // The selection in rank order, else what the filters show.
            let rows: Vec<ProspectLine> = if state.selected.is_empty() {
                shown
                    .iter()
                    .filter_map(|&i| snap.prospects.get(i))
                    .map(|r| line(r, snap.prospects_ranked, snap.primary(), locale))
                    .collect()
            } else {
                snap.prospects
                    .iter()
                    .filter(|r| state.selected.contains(&r.ranked.id))
                    .map(|r| line(r, snap.prospects_ranked, snap.primary(), locale))
                    .collect()
            };
            let ctx = ui.ctx().clone();
            state.start_export(&ctx, rows);
        }
        if busy {
            ui.spinner();
        }
    });
}

fn table(
    ui: &mut egui::Ui,
    tr: &ProspectsTr,
    snap: &IcpSnapshot,
    state: &mut ProspectsState,
    shown: &[usize],
    locale: Locale,
) {
    let ranked = snap.prospects_ranked;
    let profile = snap.primary();
    let row_h = 20.0;
    TableBuilder::new(ui)
        .id_salt("prospects_table")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(24.0))
        .column(Column::initial(60.0).at_least(40.0).clip(true))
        .column(Column::initial(160.0).at_least(80.0).clip(true))
        .column(Column::initial(110.0).at_least(60.0).clip(true))
        .column(Column::initial(50.0).at_least(40.0))
        .column(Column::initial(44.0).at_least(36.0))
        .column(Column::initial(190.0).at_least(80.0).clip(true))
        .column(Column::remainder().at_least(80.0).clip(true))
        .header(row_h, |mut h| {
            for t in [
                "",
                tr.col_id,
                tr.col_name,
                tr.col_industry,
                tr.col_fit,
                tr.col_tier,
                tr.col_met,
                tr.col_missed,
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, shown.len(), |mut row| {
                let Some(r) = shown.get(row.index()).and_then(|&i| snap.prospects.get(i)) else {
                    return;
                };
                let id = r.ranked.id;
                row.col(|ui| {
                    let mut on = state.selected.contains(&id);
                    if ui.checkbox(&mut on, "").changed() {
                        if on {
                            state.selected.insert(id);
                        } else {
                            state.selected.remove(&id);
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(&r.ranked.external_id);
                });
                row.col(|ui| {
                    ui.label(&r.ranked.name);
                });
                row.col(|ui| {
                    ui.label(r.industry.as_deref().unwrap_or(""));
                });
                row.col(|ui| {
                    ui.label(if ranked {
                        r.ranked.fit.to_string()
                    } else {
                        format::UNDEFINED.to_string()
                    });
                });
                row.col(|ui| {
                    if ranked {
                        ui.colored_label(
                            super::icp::tier_color(r.ranked.tier),
                            r.ranked.tier.name(),
                        );
                    }
                });
                let met = worded(profile, &r.ranked.met_index, locale);
                let missed = worded(profile, &r.ranked.missed_index, locale);
                row.col(|ui| {
                    if !met.is_empty() {
                        ui.colored_label(super::icp::GOOD, format!("✔ {}", met.join(" · ")))
                            .on_hover_text(met.join("\n"));
                    }
                });
                row.col(|ui| {
                    if !missed.is_empty() {
                        ui.label(format!("✖ {}", missed.join(" · ")))
                            .on_hover_text(missed.join("\n"));
                    }
                });
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::icp::RankedProspect;

    fn row(id: i64, name: &str, industry: &str, fit: u8, tier: Tier) -> ProspectRow {
        ProspectRow {
            ranked: RankedProspect {
                id,
                index: id as usize,
                external_id: format!("P{id}"),
                name: name.into(),
                fit,
                tier,
                met: vec![],
                missed: vec![],
                met_index: vec![],
                missed_index: vec![],
            },
            industry: Some(industry.into()),
            country: None,
            plan: None,
            employees: None,
            haystack: format!("{name}\u{1}P{id}").to_lowercase(),
        }
    }

    #[test]
    fn criteria_are_worded_in_the_window_language() {
        let w = |text: &str, locale| criterion_words(&Criterion::parse(text).unwrap(), locale);
        assert_eq!(
            w("tier in high_touch,tech_touch:3", Locale::PtBr),
            "Nível é um de alto contato, tech touch"
        );
        assert_eq!(
            w("tier in high_touch:3", Locale::En),
            "Tier is one of high touch"
        );
        assert_eq!(
            w("starting_mrr between 1830.01..:3", Locale::PtBr),
            "MRR inicial ≥ 1.830,01"
        );
        assert_eq!(
            w("employees between 10..100:1", Locale::PtBr),
            "Funcionários está entre 10 – 100"
        );
        assert_eq!(
            w("lead_source in partner:2", Locale::En),
            "lead_source is one of partner"
        );
    }

    #[test]
    fn an_unknown_status_is_said_in_the_window_language() {
        let mut p = crate::importing::RowProblem::fatal(
            "unknown_status",
            "`Parceiro` is not a status Tenure knows (active, churned or prospect); map the value to one of them, or to skip to leave its rows out.",
        );
        let pt = ProspectsTr::get(Locale::PtBr);
        assert_eq!(
            pt.unknown_status_reason(&p).as_deref(),
            Some(
                "`Parceiro` não é uma situação que o Tenure conhece (ativa, cancelada ou prospecto): escolha o que significa nos valores de status, ou ignorar para deixar as linhas de fora."
            )
        );
        p.code = "not_a_number".into();
        assert_eq!(pt.unknown_status_reason(&p), None);
    }

    #[test]
    fn filters_keep_rank_order_and_combine() {
        let rows = [
            row(1, "Alpha Ltda", "Software", 90, Tier::A),
            row(2, "Beta SA", "Retail", 60, Tier::B),
            row(3, "Gama ME", "software", 55, Tier::B),
            row(4, "Delta", "Retail", 10, Tier::D),
        ];
        let mut s = ProspectsState::default();
        assert_eq!(s.shown(&rows), [0, 1, 2, 3]);
        s.tier = Some(Tier::B);
        assert_eq!(s.shown(&rows), [1, 2]);
        s.industry = Some("Software".into());
        assert_eq!(s.shown(&rows), [2]);
        s.tier = None;
        s.min_fit = 60;
        assert_eq!(s.shown(&rows), [0]);
        s.industry = None;
        s.min_fit = 0;
        s.search = "p4".into();
        assert_eq!(s.shown(&rows), [3]);
    }
}
