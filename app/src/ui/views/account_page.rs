//! One account's page: every field (editable through the account form),
//! the health score with each component's value and weight, the MRR
//! history, and every record of the account (each editable and
//! deletable), its custom fields and the imports and edits that touched it.

use super::super::TenureApp;
use super::super::accounts_state::{AccountDetail, Confirm};
use super::super::forms::{self, FormKind};
use super::super::i18n::{ScoreTr, Tr, fill};
use super::accounts_table::band_color;
use super::record_form;
use crate::domain::{Record, RecordKind};
use crate::format::{self, Locale};
use crate::metrics::{RENEWAL_OVERDUE, Scoring};
use egui::RichText;

enum Action {
    Add(FormKind),
    Edit(i64, Box<Record>),
    Delete(RecordKind, i64, String),
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    let locale = app.prefs.locale;
    let mut action: Option<Action> = None;
    let mut back = false;
    ui.horizontal(|ui| {
        if ui.button(format!("⬅ {}", tr.acc.back)).clicked() {
            back = true;
        }
    });
    if back {
        app.accounts.page = None;
        app.accounts.detail = None;
        app.accounts.form = None;
        return;
    }
    let Some(detail) = app.accounts.detail.clone() else {
        ui.spinner();
        return;
    };
    let account_id = detail.account.id;
    let ext = detail.account.account.external_id.clone();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(
            RichText::new(&detail.account.account.name)
                .size(24.0)
                .strong(),
        );
        if detail.account.account.effective_status() == crate::domain::AccountStatus::Churned {
            ui.label(RichText::new(tr.acc.churned_mark).weak());
        }
        ui.add_space(16.0);
        if ui.button(format!("✏ {}", tr.acc.edit)).clicked() {
            action = Some(Action::Edit(
                account_id,
                Box::new(Record::Account(detail.account.account.clone())),
            ));
        }
        if ui.button(format!("🗑 {}", tr.acc.delete)).clicked() {
            app.accounts.confirm = Some(Confirm::Accounts(vec![account_id]));
        }
    });
    ui.add_space(6.0);
    // The open form stays in view above the page (with a scroll of its own).
    if app.accounts.form.is_some() {
        let max = ui.available_height() * 0.6;
        egui::ScrollArea::vertical()
            .id_salt("account_form_scroll")
            .max_height(max)
            .show(ui, |ui| record_form::show(app, ui));
        ui.add_space(10.0);
    }
    egui::ScrollArea::vertical()
        .id_salt(("account_page_scroll", account_id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Churn risk (issue 18): the model's probability and drivers.
            let risk = app.risk.account(account_id).cloned();
            let model = app.risk.run.as_ref().and_then(|r| r.model.as_ref());
            let (horizon, month) = (model.map(|m| m.horizon_months), model.map(|m| m.month));
            ui.columns(2, |cols| {
                fields(&mut cols[0], tr, &detail, locale);
                cols[0].add_space(10.0);
                super::risk_widgets::account_section(
                    &mut cols[0],
                    risk.as_ref(),
                    horizon,
                    month,
                    locale,
                );
                health(&mut cols[1], tr, &detail, locale);
                cols[1].add_space(10.0);
                mrr_plot(&mut cols[1], tr, &detail, locale);
            });
            ui.add_space(10.0);
            // playbooks (issue 21): the timeline of everything that happened.
            super::timeline::show(app, ui, &detail);
            ui.add_space(10.0);
            records(ui, tr, &detail, locale, &mut action);
            ui.add_space(10.0);
            imports(ui, tr, &detail, locale);
        });
    match action {
        Some(Action::Add(kind)) => {
            record_form::open(app, kind, Some((account_id, ext)), None);
        }
        Some(Action::Edit(row_id, record)) => {
            let kind = forms::from_record(&record, locale).0;
            let owner = kind.of_account().then(|| (account_id, ext.clone()));
            record_form::open(app, kind, owner, Some((row_id, &record)));
        }
        Some(Action::Delete(kind, id, label)) => {
            app.accounts.confirm = Some(Confirm::Record { kind, id, label });
        }
        None => {}
    }
}

fn fields(ui: &mut egui::Ui, tr: &Tr, d: &AccountDetail, locale: Locale) {
    let (_, values) = forms::from_record(&Record::Account(d.account.account.clone()), locale);
    egui::Grid::new("account_fields")
        .num_columns(2)
        .spacing([14.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for def in forms::fields(FormKind::Account) {
                if def.key == "custom" {
                    continue;
                }
                ui.label(RichText::new(tr.acc.field(def.key)).weak());
                let v = values.get(def.key).map_or("", String::as_str);
                let shown = match (def.key, v) {
                    (_, "") => format::UNDEFINED.to_string(),
                    ("status" | "tier", v) => tr.acc.choice(v).to_string(),
                    ("acquisition_cost", _) => d
                        .account
                        .account
                        .acquisition_cost
                        .map_or(String::new(), |m| format::money(m, &d.currency, locale)),
                    ("mrr", _) => d
                        .account
                        .account
                        .mrr
                        .map_or(String::new(), |m| format::money(m, &d.currency, locale)),
                    _ => v.to_string(),
                };
                ui.label(shown);
                ui.end_row();
            }
            ui.label(RichText::new(tr.acc.source).weak());
            ui.label(&d.account.source);
            ui.end_row();
        });
    ui.add_space(8.0);
    ui.label(RichText::new(tr.acc.sec_custom).strong());
    if d.account.account.custom.is_empty() {
        ui.label(RichText::new(tr.acc.none_yet).weak());
    } else {
        egui::Grid::new("account_custom")
            .num_columns(2)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                for (k, v) in &d.account.account.custom {
                    ui.label(RichText::new(k).weak());
                    ui.label(v);
                    ui.end_row();
                }
            });
    }
}

fn health(ui: &mut egui::Ui, tr: &Tr, d: &AccountDetail, locale: Locale) {
    let month = format::month(d.month, locale);
    ui.label(
        RichText::new(fill(tr.acc.health_at, &[("month", &month)]))
            .strong()
            .size(16.0),
    );
    let Some(h) = &d.health else {
        return;
    };
    ui.horizontal(|ui| match (h.score, h.band) {
        (Some(score), Some(band)) => {
            ui.label(
                RichText::new(score.to_string())
                    .size(30.0)
                    .strong()
                    .color(band_color(band)),
            );
            ui.label(
                RichText::new(super::super::i18n::ux::get(locale).band_one(band))
                    .size(16.0)
                    .color(band_color(band)),
            );
        }
        _ => {
            ui.label(RichText::new(format::UNDEFINED).size(30.0));
            let st = ScoreTr::get(locale);
            match h.scoring {
                Scoring::NotEnoughData => ui.label(RichText::new(st.not_enough_data).size(16.0)),
                Scoring::NotACustomer => ui.label(st.not_a_customer),
                Scoring::Scored => ui.label(tr.acc.no_score),
            };
        }
    });
    if h.scoring == Scoring::NotEnoughData {
        let missing = missing_list(tr, &h.missing);
        let text = fill(
            ScoreTr::get(locale).missing_components,
            &[("missing", &missing)],
        );
        // Clear of the column's scroll bar.
        ui.scope(|ui| {
            ui.set_max_width(ui.available_width() - 16.0);
            ui.label(RichText::new(text).weak());
        });
    }
    egui::Grid::new("health_components")
        .num_columns(3)
        .spacing([14.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new(tr.acc.component).strong());
            ui.label(RichText::new(tr.acc.value).strong());
            ui.label(RichText::new(tr.acc.weight).strong());
            ui.end_row();
            for c in &h.components {
                if c.name == RENEWAL_OVERDUE {
                    renewal_row(ui, h, locale);
                    continue;
                }
                ui.label(tr.acc.component(c.name));
                match c.value {
                    Some(v) => ui.label(format::number(v, 0, locale)),
                    None => ui.label(RichText::new(tr.acc.no_data).weak()),
                };
                let decimals = if c.weight.fract().abs() < 1e-9 { 0 } else { 2 };
                ui.label(format::number(c.weight, decimals, locale));
                ui.end_row();
            }
        });
}

/// The components without data, by their short names.
pub fn missing_list(tr: &Tr, missing: &[&str]) -> String {
    missing
        .iter()
        .map(|name| short_component(tr, name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn short_component<'a>(tr: &Tr, name: &'a str) -> &'a str {
    let t = tr.data;
    match name {
        "usage" => t.w_usage,
        "adoption" => t.w_adoption,
        "satisfaction" => t.w_satisfaction,
        "support" => t.w_support,
        "engagement" => t.w_engagement,
        "revenue_trend" => t.w_revenue_trend,
        other => other,
    }
}

/// The overdue-renewal deduction, shown only while a renewal is overdue.
fn renewal_row(ui: &mut egui::Ui, h: &crate::metrics::HealthScore, locale: Locale) {
    let (Some(days), Some(points)) = (
        h.renewal_overdue_days,
        h.components
            .iter()
            .find(|c| c.name == RENEWAL_OVERDUE)
            .and_then(|c| c.value),
    ) else {
        return;
    };
    let st = ScoreTr::get(locale);
    let red = ui.visuals().error_fg_color;
    ui.label(RichText::new(st.renewal_overdue).color(red));
    ui.label(
        RichText::new(fill(
            st.renewal_overdue_value,
            &[
                ("points", &format::number(points, 0, locale)),
                ("days", &format::integer(i64::from(days), locale)),
            ],
        ))
        .color(red),
    );
    ui.label(RichText::new(st.deduction).weak());
    ui.end_row();
}

fn mrr_plot(ui: &mut egui::Ui, tr: &Tr, d: &AccountDetail, locale: Locale) {
    use egui_plot::{Line, Plot};
    ui.label(RichText::new(tr.acc.mrr_history).strong().size(16.0));
    if d.mrr_history.is_empty() {
        ui.label(RichText::new(tr.acc.none_yet).weak());
        return;
    }
    let months: Vec<crate::domain::Month> = d.mrr_history.iter().map(|(m, _)| *m).collect();
    let points: Vec<[f64; 2]> = d
        .mrr_history
        .iter()
        .enumerate()
        .map(|(i, (_, v))| [i as f64, v.as_units_f64()])
        .collect();
    let (m_axis, m_hover) = (months.clone(), months);
    let (cur, cur2) = (d.currency.clone(), d.currency.clone());
    // Headroom, so a flat MRR line is not drawn along the plot's top edge.
    let top = points.iter().map(|p| p[1]).fold(0.0, f64::max);
    Plot::new(("account_mrr", d.account.id))
        .height(200.0)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(top * 1.15)
        // Steps sized to the data, so that a few labelled lines show on
        // each axis (the default base-10 spacing fades most labels out).
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            let span = input.bounds.1 - input.bounds.0;
            let step = if span > 36.0 {
                6.0
            } else if span > 12.0 {
                3.0
            } else {
                1.0
            };
            [step, step * 2.0, step * 4.0]
        }))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            let step = nice_step((input.bounds.1 - input.bounds.0) / 4.0);
            [step, step * 2.0, step * 4.0]
        }))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            m_axis
                .get(i as usize)
                .map(|m| format::month(*m, locale))
                .unwrap_or_default()
        })
        .y_axis_formatter(move |mark, _| {
            super::super::values::axis(mark.value, super::super::model::Unit::Money, &cur, locale)
        })
        .y_axis_min_width(64.0)
        .label_formatter(move |pos: &egui_plot::HoverPosition<'_>| {
            let p = match pos {
                egui_plot::HoverPosition::NearDataPoint { position, .. } => *position,
                egui_plot::HoverPosition::Elsewhere { position } => *position,
            };
            let i = p.x.round();
            let m = (i >= 0.0).then(|| m_hover.get(i as usize)).flatten()?;
            Some(format!(
                "{}\n{}",
                format::month(*m, locale),
                super::super::values::show(p.y, super::super::model::Unit::Money, &cur2, locale)
            ))
        })
        .show(ui, |plot_ui| {
            plot_ui.line(
                Line::new("MRR", points)
                    .color(egui::Color32::from_rgb(60, 120, 220))
                    .width(2.5),
            );
        });
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p)
}

/// A section of records: a title with Add, then one line per record
/// with Edit and Delete.
fn section(
    ui: &mut egui::Ui,
    tr: &Tr,
    title: &str,
    add: Option<FormKind>,
    items: Vec<(i64, Record, String)>,
    action: &mut Option<Action>,
) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(title).strong().size(16.0));
        if let Some(kind) = add
            && ui.small_button(format!("➕ {}", tr.acc.add)).clicked()
        {
            *action = Some(Action::Add(kind));
        }
    });
    if items.is_empty() {
        ui.label(RichText::new(tr.acc.none_yet).weak());
        return;
    }
    egui::Grid::new(("records", title))
        .num_columns(2)
        .spacing([10.0, 3.0])
        .striped(true)
        .show(ui, |ui| {
            for (id, record, text) in items {
                ui.horizontal(|ui| {
                    if ui.small_button("✏").on_hover_text(tr.acc.edit).clicked() {
                        *action = Some(Action::Edit(id, Box::new(record.clone())));
                    }
                    if ui.small_button("🗑").on_hover_text(tr.acc.delete).clicked() {
                        *action = Some(Action::Delete(record.kind(), id, text.clone()));
                    }
                });
                ui.label(text);
                ui.end_row();
            }
        });
}

/// The account's purchases (revenue.md): a totals line per currency, then
/// one line per purchase, in the currency it was paid in.
fn purchases(
    ui: &mut egui::Ui,
    tr: &Tr,
    d: &AccountDetail,
    locale: Locale,
    action: &mut Option<Action>,
) {
    let rt = super::super::i18n::revenue::get(locale);
    let list: Vec<crate::domain::Purchase> = d
        .records
        .purchases
        .iter()
        .map(|s| s.record.clone())
        .collect();
    let money_in = |m: crate::domain::Money, c: &Option<String>| {
        let code = c
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&d.currency);
        format::money(m, code, locale)
    };
    section(
        ui,
        tr,
        rt.sec_purchases,
        Some(FormKind::Purchase),
        d.records
            .purchases
            .iter()
            .map(|s| {
                let x = &s.record;
                let refunded = x
                    .refunded
                    .filter(|r| r.cents() > 0)
                    .map_or(String::new(), |r| {
                        format!("({} {})", rt.refunded, money_in(r, &x.currency))
                    });
                let status = x
                    .status
                    .as_deref()
                    .filter(|s| *s != "paid")
                    .map_or(String::new(), |s| tr.acc.choice(s).to_string());
                // Paid in another currency: its amount in the reporting one beside it.
                let amount = super::super::i18n::currency::with_converted(
                    money_in(x.amount, &x.currency),
                    d.converted_purchases.get(&s.id),
                    &d.currency,
                    locale,
                );
                let text = format!(
                    "{}   {}   {}   {}   {}",
                    format::date(x.date, locale),
                    amount,
                    refunded,
                    x.product.clone().unwrap_or_default(),
                    status
                );
                (s.id, crate::domain::Record::Purchase(x.clone()), text)
            })
            .collect(),
        action,
    );
    for t in crate::metrics::purchases::totals_by_currency(&list, &d.currency) {
        ui.label(
            RichText::new(super::super::i18n::fill(
                rt.purchases_total,
                &[
                    ("n", &format::integer(t.purchases as i64, locale)),
                    ("total", &format::money(t.net, &t.currency, locale)),
                    ("refunded", &format::money(t.refunded, &t.currency, locale)),
                ],
            ))
            .strong(),
        );
    }
}

fn records(
    ui: &mut egui::Ui,
    tr: &Tr,
    d: &AccountDetail,
    locale: Locale,
    action: &mut Option<Action>,
) {
    let money = |m: crate::domain::Money| format::money(m, &d.currency, locale);
    let date = |x: crate::domain::Date| format::date(x, locale);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let rt = super::super::i18n::revenue::get(locale);
    let r = &d.records;
    contacts(ui, tr, &r.contacts, action);
    section(
        ui,
        tr,
        tr.acc.sec_mrr,
        Some(FormKind::Mrr),
        r.mrr
            .iter()
            .map(|s| {
                let text = format!(
                    "{}   {}   ({})",
                    format::month(s.record.month, locale),
                    money(s.record.mrr),
                    s.source
                );
                (s.id, Record::Mrr(s.record.clone()), text)
            })
            .collect(),
        action,
    );
    section(
        ui,
        tr,
        tr.acc.sec_subscriptions,
        Some(FormKind::Subscription),
        r.subscriptions
            .iter()
            .map(|s| {
                let x = &s.record;
                // Priced in another currency: its own, then the reporting one.
                let own = x
                    .currency
                    .as_deref()
                    .filter(|c| !c.is_empty())
                    .unwrap_or(&d.currency);
                let amount = super::super::i18n::currency::with_converted(
                    format::money(x.amount, own, locale),
                    d.converted_subscriptions.get(&s.id),
                    &d.currency,
                    locale,
                );
                let mut text = format!(
                    "{} – {}   {} {}   {}",
                    date(x.start),
                    x.end.map_or("…".to_string(), date),
                    amount,
                    tr.acc.choice(x.billing_period.unwrap_or_default().name()),
                    opt(&x.product)
                );
                let off = match (x.discount, x.discount_percent) {
                    (Some(m), _) => Some(format::money(m, own, locale)),
                    (None, Some(p)) => Some(format::percent(p / 100.0, 1, locale)),
                    _ => None,
                };
                let terms = [
                    x.trial_end
                        .map(|t| rt.sub_trial.replace("{date}", &date(t))),
                    off.map(|o| rt.sub_discount.replace("{off}", &o)),
                    x.cancel_at
                        .map(|c| rt.sub_cancels.replace("{date}", &date(c))),
                ];
                for t in terms.into_iter().flatten() {
                    text.push_str("   ");
                    text.push_str(&t);
                }
                (s.id, Record::Subscription(x.clone()), text)
            })
            .collect(),
        action,
    );
    section(
        ui,
        tr,
        tr.acc.sec_surveys,
        Some(FormKind::Survey),
        r.surveys
            .iter()
            .map(|s| {
                let x = &s.record;
                let text = format!(
                    "{}   {} {}   {}   {}",
                    date(x.date),
                    x.kind.name().to_uppercase(),
                    x.score,
                    opt(&x.respondent),
                    opt(&x.comment)
                );
                (s.id, Record::SurveyResponse(x.clone()), text)
            })
            .collect(),
        action,
    );
    section(
        ui,
        tr,
        tr.acc.sec_tickets,
        Some(FormKind::Ticket),
        r.tickets
            .iter()
            .map(|s| {
                let x = &s.record;
                let text = format!(
                    "{}   ⏵ {}   ✔ {}   {} {} {}",
                    format::instant_text(&x.opened_at.to_string(), locale),
                    x.first_response_at
                        .map_or("—".into(), |i| format::instant_text(
                            &i.to_string(),
                            locale
                        )),
                    x.resolved_at.map_or("—".into(), |i| format::instant_text(
                        &i.to_string(),
                        locale
                    )),
                    opt(&x.category),
                    opt(&x.priority),
                    opt(&x.channel)
                );
                (s.id, Record::Ticket(x.clone()), text)
            })
            .collect(),
        action,
    );
    section(
        ui,
        tr,
        tr.acc.sec_activities,
        Some(FormKind::Activity),
        r.activities
            .iter()
            .map(|s| {
                let x = &s.record;
                let minutes = x.minutes.map_or(String::new(), |m| format!("{m} min"));
                let text = format!(
                    "{}   {}   {}   {}   {}",
                    date(x.date),
                    tr.acc.choice(&x.kind),
                    opt(&x.csm),
                    minutes,
                    opt(&x.notes)
                );
                (s.id, Record::Activity(x.clone()), text)
            })
            .collect(),
        action,
    );
    section(
        ui,
        tr,
        tr.acc.sec_opportunities,
        Some(FormKind::Opportunity),
        r.opportunities
            .iter()
            .map(|s| {
                let x = &s.record;
                let text = format!(
                    "{}   {}   {}   {}",
                    x.created_on.map_or("—".to_string(), date),
                    tr.acc.choice(x.kind.name()),
                    tr.acc.choice(x.status.name()),
                    x.amount.map_or(String::new(), money)
                );
                (s.id, Record::Opportunity(x.clone()), text)
            })
            .collect(),
        action,
    );
    // Last, so that the sections above keep their places.
    purchases(ui, tr, d, locale, action);
}

/// The account's people: name, role, and the e-mail and phone as buttons
/// that copy them (a CSM calls or writes from another program).
fn contacts(
    ui: &mut egui::Ui,
    tr: &Tr,
    contacts: &[crate::store::account_records::Stored<crate::domain::Contact>],
    action: &mut Option<Action>,
) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr.acc.sec_contacts).strong().size(16.0));
        if ui.small_button(format!("➕ {}", tr.acc.add)).clicked() {
            *action = Some(Action::Add(FormKind::Contact));
        }
    });
    if contacts.is_empty() {
        ui.label(RichText::new(tr.acc.none_yet).weak());
        return;
    }
    egui::Grid::new("contacts")
        .num_columns(2)
        .spacing([10.0, 3.0])
        .striped(true)
        .show(ui, |ui| {
            for s in contacts {
                let c = &s.record;
                ui.horizontal(|ui| {
                    if ui.small_button("✏").on_hover_text(tr.acc.edit).clicked() {
                        *action = Some(Action::Edit(s.id, Box::new(Record::Contact(c.clone()))));
                    }
                    if ui.small_button("🗑").on_hover_text(tr.acc.delete).clicked() {
                        *action = Some(Action::Delete(
                            crate::domain::RecordKind::Contact,
                            s.id,
                            c.name.clone(),
                        ));
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&c.name).strong());
                    if c.is_primary == Some(true) {
                        ui.label(RichText::new(format!("({})", tr.acc.primary_contact)).weak());
                    }
                    if let Some(role) = c.role.as_deref().filter(|r| !r.is_empty()) {
                        ui.label(role);
                    }
                    for value in [&c.email, &c.phone].into_iter().flatten() {
                        if !value.is_empty()
                            && ui.link(value).on_hover_text(tr.acc.copy_hint).clicked()
                        {
                            ui.ctx().copy_text(value.clone());
                        }
                    }
                });
                ui.end_row();
            }
        });
}

fn imports(ui: &mut egui::Ui, tr: &Tr, d: &AccountDetail, locale: Locale) {
    ui.label(RichText::new(tr.acc.sec_imports).strong().size(16.0));
    if d.imports.is_empty() {
        ui.label(RichText::new(tr.acc.none_yet).weak());
        return;
    }
    egui::Grid::new("account_imports")
        .num_columns(4)
        .spacing([14.0, 3.0])
        .striped(true)
        .show(ui, |ui| {
            for run in &d.imports {
                ui.label(format!("#{}", run.id));
                ui.label(super::import::when(&run.started_at, locale));
                ui.label(&run.plugin);
                ui.label(run.file_name.clone().unwrap_or_else(|| run.source.clone()));
                ui.end_row();
            }
        });
}
