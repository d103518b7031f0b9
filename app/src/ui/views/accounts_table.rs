//! The accounts table: search, band and churn filters (the top bar's
//! segment applies too), sort by any column, multi-select with bulk
//! actions, export of what is shown. Virtualized: only visible rows are
//! laid out, from the precomputed snapshot.

use super::super::TenureApp;
use super::super::accounts_state::{Confirm, ManualOp};
use super::super::forms::FormKind;
use super::super::i18n::{Tr, fill};
use super::record_form;
use crate::accounts::{AccountRow, BandFilter, ChurnFilter, Column, RiskFilter};
use crate::format::{self, Locale};
use egui::{Color32, RichText};
use egui_extras::{Column as Col, TableBuilder};

pub const ROW_HEIGHT: f32 = 24.0;

pub use super::super::charts::band_color;

fn band_filter_name(tr: &Tr, f: BandFilter) -> &'static str {
    match f {
        BandFilter::All => tr.acc.band_all,
        BandFilter::Healthy => tr.s_healthy,
        BandFilter::AtRisk => tr.s_at_risk,
        BandFilter::Critical => tr.s_critical,
        BandFilter::NoScore => tr.s_no_score,
    }
}

fn churn_name(tr: &Tr, f: ChurnFilter) -> &'static str {
    match f {
        ChurnFilter::All => tr.acc.churn_all,
        ChurnFilter::Active => tr.acc.churn_active,
        ChurnFilter::Churned => tr.acc.churn_churned,
    }
}

fn toolbar(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    // "Show the affected accounts" of an import: list only those.
    if let Some(focus) = app.account_focus.take() {
        let mut ids = focus.account_ids;
        ids.sort_unstable();
        ids.dedup();
        app.accounts.query.only_ids = Some(ids);
        app.accounts.focus_label = Some(focus.label);
    }
    if app.accounts.query.only_ids.is_some() {
        ui.horizontal(|ui| {
            let label = app.accounts.focus_label.clone().unwrap_or_default();
            ui.label(egui::RichText::new(format!("📥 {label}")).strong());
            if ui.button(tr.acc.focus_clear).clicked() {
                app.accounts.query.only_ids = None;
                app.accounts.focus_label = None;
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut app.accounts.query.search)
                .hint_text(format!("🔍 {}", tr.acc.search_hint))
                .desired_width(260.0)
                .id_salt("accounts_search"),
        );
        egui::ComboBox::from_id_salt("band_filter")
            .selected_text(band_filter_name(tr, app.accounts.query.band))
            .show_ui(ui, |ui| {
                for f in [
                    BandFilter::All,
                    BandFilter::Healthy,
                    BandFilter::AtRisk,
                    BandFilter::Critical,
                    BandFilter::NoScore,
                ] {
                    ui.selectable_value(&mut app.accounts.query.band, f, band_filter_name(tr, f));
                }
            });
        // Churn risk (issue 18): filter by the model's probability.
        let rt = super::super::i18n::risk::RiskTr::get(app.prefs.locale);
        let risk_name = |f: RiskFilter| match f {
            RiskFilter::All => rt.filter_all,
            RiskFilter::High => rt.filter_high,
            RiskFilter::Medium => rt.filter_medium,
            RiskFilter::Low => rt.filter_low,
            RiskFilter::NoRisk => rt.filter_none,
        };
        egui::ComboBox::from_id_salt("risk_filter")
            .selected_text(risk_name(app.accounts.query.risk))
            .show_ui(ui, |ui| {
                for f in [
                    RiskFilter::All,
                    RiskFilter::High,
                    RiskFilter::Medium,
                    RiskFilter::Low,
                    RiskFilter::NoRisk,
                ] {
                    ui.selectable_value(&mut app.accounts.query.risk, f, risk_name(f));
                }
            });
        egui::ComboBox::from_id_salt("churn_filter")
            .selected_text(churn_name(tr, app.accounts.query.churn))
            .show_ui(ui, |ui| {
                for f in [ChurnFilter::All, ChurnFilter::Active, ChurnFilter::Churned] {
                    ui.selectable_value(&mut app.accounts.query.churn, f, churn_name(tr, f));
                }
            });
        ui.separator();
        if ui.button(format!("➕ {}", tr.acc.new_account)).clicked() {
            record_form::open(app, FormKind::Account, None, None);
        }
        if ui.button(format!("➕ {}", tr.acc.new_csm)).clicked() {
            record_form::open(app, FormKind::Csm, None, None);
        }
        if ui.button(format!("➕ {}", tr.acc.new_spend)).clicked() {
            record_form::open(app, FormKind::Spend, None, None);
        }
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let total = app.accounts.table.as_ref().map_or(0, |t| t.len());
        let shown = app.accounts.rows.len();
        let locale = app.prefs.locale;
        ui.label(
            RichText::new(fill(
                tr.acc.shown_of,
                &[
                    ("shown", &format::integer(shown as i64, locale)),
                    ("total", &format::integer(total as i64, locale)),
                ],
            ))
            .strong(),
        );
        if app.accounts.busy() {
            ui.spinner();
        }
        ui.separator();
        {
            let exporting = app.accounts.exporting();
            if ui
                .add_enabled(
                    !exporting && app.accounts.table.is_some(),
                    egui::Button::new(format!("💾 {}", tr.acc.export)),
                )
                .clicked()
            {
                let ctx = ui.ctx().clone();
                app.accounts.start_export(&ctx);
            }
            ui.add(
                egui::TextEdit::singleline(&mut app.accounts.export_path)
                    .hint_text(tr.acc.export_hint)
                    .desired_width(280.0),
            );
            if exporting {
                ui.spinner();
            }
        }
    });
}

fn bulk_bar(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let n = app.accounts.selected.len();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(fill(tr.acc.selected, &[("n", &n.to_string())])).strong());
        if ui.button(tr.acc.select_all).clicked()
            && let Some(t) = app.accounts.table.clone()
        {
            let rows = app.accounts.rows.clone();
            app.accounts.selected.extend(
                rows.iter()
                    .filter_map(|&i| t.rows.get(i as usize))
                    .map(|r| r.id),
            );
        }
        if n == 0 {
            return;
        }
        if ui.button(tr.acc.clear_selection).clicked() {
            app.accounts.selected.clear();
        }
        ui.separator();
        let busy = app.accounts.ops_running();
        let ids: Vec<i64> = app.accounts.selected.iter().copied().collect();
        ui.add(
            egui::TextEdit::singleline(&mut app.accounts.bulk_csm)
                .hint_text(tr.field_csm)
                .desired_width(140.0),
        );
        if ui
            .add_enabled(!busy, egui::Button::new(tr.acc.assign_csm))
            .clicked()
        {
            let label = fill(tr.acc.log_assign_csm, &[("n", &n.to_string())]);
            let op = ManualOp::BulkAccounts {
                ids: ids.clone(),
                csm: Some(app.accounts.bulk_csm.trim().to_string()),
                tier: None,
            };
            let cmd = app.accounts.run_op(label, op);
            app.send(cmd);
        }
        let tier_text = if app.accounts.bulk_tier.is_empty() {
            tr.field_tier.to_string()
        } else {
            tr.acc.choice(&app.accounts.bulk_tier).to_string()
        };
        egui::ComboBox::from_id_salt("bulk_tier")
            .selected_text(tier_text)
            .show_ui(ui, |ui| {
                for tier in tenure_schema::TIERS {
                    ui.selectable_value(
                        &mut app.accounts.bulk_tier,
                        tier.name.to_string(),
                        tier.label.get(tr.acc.lang),
                    );
                }
            });
        if ui
            .add_enabled(!busy, egui::Button::new(tr.acc.set_tier))
            .clicked()
        {
            let label = fill(tr.acc.log_set_tier, &[("n", &n.to_string())]);
            let op = ManualOp::BulkAccounts {
                ids: ids.clone(),
                csm: None,
                tier: Some(app.accounts.bulk_tier.trim().to_string()),
            };
            let cmd = app.accounts.run_op(label, op);
            app.send(cmd);
        }
        ui.separator();
        if ui
            .add_enabled(!busy, egui::Button::new(format!("🗑 {}", tr.acc.delete)))
            .clicked()
        {
            app.accounts.confirm = Some(Confirm::Accounts(ids));
        }
        if busy {
            ui.spinner();
        }
    });
}

/// A small filled circle in the band's colour.
pub fn dot(ui: &mut egui::Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
}

/// The text of a cell (the health cell draws its band beside it).
fn cell_text(tr: &Tr, r: &AccountRow, col: Column, currency: &str, locale: Locale) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let date =
        |d: Option<crate::domain::Date>| d.map_or(String::new(), |d| format::date(d, locale));
    match col {
        Column::Name => r.name.clone(),
        Column::Plan => text(&r.plan),
        Column::Tier => r
            .tier
            .as_deref()
            .map_or(String::new(), |t| tr.acc.choice(t).to_string()),
        Column::Csm => text(&r.csm),
        Column::Mrr => r.mrr.map_or(format::UNDEFINED.into(), |m| {
            format::money(m, currency, locale)
        }),
        Column::Health => r.health.map_or(format::UNDEFINED.into(), |h| h.to_string()),
        Column::Risk => r
            .churn_risk
            .map_or(format::UNDEFINED.into(), |p| format::percent(p, 1, locale)),
        Column::Icp => match (&r.icp_tier, r.fit) {
            (Some(tier), Some(fit)) => format!("{tier} · {fit}"),
            (Some(tier), None) => tier.clone(),
            _ => String::new(),
        },
        Column::CustomerSince => date(r.customer_since),
        Column::Renewal => date(r.renewal_on),
        Column::LastTouch => r.days_since_touch.map_or(format::UNDEFINED.into(), |d| {
            format::integer(i64::from(d), locale)
        }),
    }
}

/// A column's header: the risk column's from the risk strings (issue 18),
/// the others from `tr.acc.columns`, which lists them without it.
fn column_name(tr: &Tr, col: Column, i: usize) -> &'static str {
    let risk_at = Column::ALL
        .iter()
        .position(|c| *c == Column::Risk)
        .unwrap_or(usize::MAX);
    if col == Column::Risk {
        return super::super::i18n::risk::of(tr).column;
    }
    let k = if i > risk_at { i - 1 } else { i };
    tr.acc.columns.get(k).copied().unwrap_or("")
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    toolbar(app, ui);
    ui.add_space(2.0);
    bulk_bar(app, ui);
    ui.label(RichText::new(tr.acc.open_hint).weak().small());
    ui.add_space(4.0);
    let Some(table) = app.accounts.table.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr.acc.loading_table);
        });
        return;
    };
    let rows = app.accounts.rows.clone();
    if rows.is_empty() && !app.accounts.busy() {
        ui.add_space(12.0);
        ui.label(tr.acc.no_match);
        return;
    }
    let locale = app.prefs.locale;
    let currency = table.currency.clone();
    let mut sort_click: Option<Column> = None;
    let mut click: Option<(usize, egui::Modifiers)> = None;
    let mut open: Option<i64> = None;
    let modifiers = ui.input(|i| i.modifiers);
    let (sort, descending) = (app.accounts.query.sort, app.accounts.query.descending);
    let selected = &app.accounts.selected;
    let right = egui::Layout::right_to_left(egui::Align::Center);
    // Cell text must not take the click for text selection: a click
    // anywhere in a row selects the row.
    ui.style_mut().interaction.selectable_labels = false;
    let ux = super::super::i18n::ux::get(locale);
    // Columns shrink towards 1024 px so that name to risk stay in view;
    // the rest scroll sideways.
    let s = (ui.available_width() / 1250.0).clamp(0.78, 1.0);
    egui::ScrollArea::horizontal()
        .id_salt("accounts_table_h")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("accounts_table")
                .striped(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Col::initial(230.0 * s).at_least(140.0).clip(true))
                .column(Col::initial(90.0 * s).clip(true))
                .column(Col::initial(100.0).clip(true))
                .column(Col::initial(130.0 * s).clip(true))
                .column(Col::initial(110.0 * s).clip(true))
                .column(Col::initial(115.0).clip(true))
                .column(Col::initial(100.0).clip(true))
                .column(Col::initial(64.0).clip(true))
                .column(Col::initial(105.0).clip(true))
                .column(Col::initial(100.0).clip(true))
                .column(Col::remainder().at_least(90.0).clip(true))
                .resizable(true)
                .header(26.0, |mut header| {
                    for (i, col) in Column::ALL.into_iter().enumerate() {
                        header.col(|ui| {
                            let arrow = if col == sort {
                                if descending { " ⏷" } else { " ⏶" }
                            } else {
                                ""
                            };
                            let text = RichText::new(format!("{}{arrow}", column_name(tr, col, i)))
                                .strong();
                            if ui.add(egui::Button::new(text).frame(false)).clicked() {
                                sort_click = Some(col);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                        let pos = row.index();
                        let Some(r) = rows.get(pos).and_then(|&i| table.rows.get(i as usize))
                        else {
                            return;
                        };
                        row.set_selected(selected.contains(&r.id));
                        for col in Column::ALL {
                            row.col(|ui| match col {
                                Column::Name => {
                                    if ui.link(&r.name).clicked() {
                                        open = Some(r.id);
                                    }
                                    if r.churned {
                                        ui.label(RichText::new(tr.acc.churned_mark).weak().small());
                                    }
                                }
                                Column::Mrr | Column::LastTouch | Column::Risk => {
                                    ui.with_layout(right, |ui| {
                                        ui.add_space(6.0);
                                        ui.label(cell_text(tr, r, col, &currency, locale));
                                    });
                                }
                                Column::Health => match r.band() {
                                    Some(band) => {
                                        dot(ui, band_color(band));
                                        ui.label(
                                            RichText::new(cell_text(tr, r, col, &currency, locale))
                                                .strong(),
                                        );
                                        ui.label(
                                            RichText::new(ux.band_one(band))
                                                .color(band_color(band))
                                                .small(),
                                        );
                                    }
                                    None => {
                                        ui.label(format::UNDEFINED);
                                        if let Some(missing) = &r.not_enough_data {
                                            let st = super::super::i18n::ScoreTr::get(locale);
                                            let list =
                                                super::account_page::missing_list(tr, missing);
                                            ui.label(
                                                RichText::new(st.cell_not_enough).weak().small(),
                                            )
                                            .on_hover_text(fill(
                                                st.cell_missing_hint,
                                                &[("missing", &list)],
                                            ));
                                        }
                                    }
                                },
                                _ => {
                                    ui.label(cell_text(tr, r, col, &currency, locale));
                                }
                            });
                        }
                        let response = row.response();
                        if response.double_clicked() {
                            open = Some(r.id);
                        } else if response.clicked() && open.is_none() {
                            click = Some((pos, modifiers));
                        }
                    });
                });
        });
    if let Some(col) = sort_click {
        let q = &mut app.accounts.query;
        if q.sort == col {
            q.descending = !q.descending;
        } else {
            q.sort = col;
            // Money, health and dates read best largest first.
            q.descending = !matches!(
                col,
                Column::Name | Column::Plan | Column::Tier | Column::Csm
            );
        }
    }
    if let Some((pos, m)) = click {
        select(app, &rows, &table, pos, m);
    }
    if let Some(id) = open {
        app.accounts.page = Some(id);
        app.accounts.detail = None;
        app.accounts.form = None;
    }
}

/// Click: only this row; Ctrl/Cmd-click: toggle it; Shift-click: the range
/// from the last clicked row.
fn select(
    app: &mut TenureApp,
    rows: &[u32],
    table: &crate::accounts::AccountTable,
    pos: usize,
    m: egui::Modifiers,
) {
    let id_at = |p: usize| {
        rows.get(p)
            .and_then(|&i| table.rows.get(i as usize))
            .map(|r| r.id)
    };
    let Some(id) = id_at(pos) else {
        return;
    };
    let s = &mut app.accounts;
    if m.shift
        && let Some(anchor) = s.anchor
    {
        let (a, b) = (anchor.min(pos), anchor.max(pos));
        s.selected.extend((a..=b).filter_map(id_at));
    } else if m.command || m.ctrl {
        if !s.selected.remove(&id) {
            s.selected.insert(id);
        }
        s.anchor = Some(pos);
    } else {
        s.selected.clear();
        s.selected.insert(id);
        s.anchor = Some(pos);
    }
}
