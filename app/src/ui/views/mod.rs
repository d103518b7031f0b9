//! The views of the side panel, registered in one place: [`view_name`] and
//! [`central`] are the only lists. Each view is one module.

mod accounts;
// accounts area: the table, an account's page, record forms
mod account_page;
mod accounts_table;
mod dashboard;
// Import, Plugins and Settings views (importui).
mod icp;
pub mod icp_prospects;
mod import;
// The first import's currency question (issue #22)
mod currency_question;
mod plugins;
mod rates;
mod record_form;
mod revenue_cards;
// Surveys as people have them (issue #24): the NPS card's Responses list
// and the import view's survey-date question.
pub mod responses;
mod settings;
mod survey_date;
mod welcome;
// playbooks (issue 21): Today, Renewals, Playbooks, the account's timeline
mod playbooks;
mod renewals;
mod timeline;
mod today;
pub mod unmatched;
// churn risk and forecasts (issue 18)
mod risk_view;
// issue #22
mod ltv_view;
pub mod risk_widgets;
// workload view (issue 8)
pub mod workload;
mod workload_edit;
mod workload_plots;
mod workload_tables;

use super::i18n::Tr;
use super::model::View;
use super::{DbState, TenureApp};

pub fn view_name(tr: &Tr, view: View) -> &'static str {
    match view {
        View::Dashboard => tr.view_dashboard,
        View::Accounts => tr.view_accounts,
        View::Icp => tr.view_icp,
        View::Workload => tr.view_workload,
        View::Import => tr.view_import,
        View::Plugins => tr.view_plugins,
        View::Settings => tr.view_settings,
        View::Today | View::Renewals | View::Playbooks => {
            let t = super::i18n::playbooks::PlaybooksTr::get(
                crate::format::Locale::parse(tr.acc.lang).unwrap_or_default(),
            );
            match view {
                View::Today => t.view_today,
                View::Renewals => t.view_renewals,
                _ => t.view_playbooks,
            }
        }
        View::Model => super::i18n::risk::of(tr).view,
        View::Ltv => {
            super::i18n::ltv::get(crate::format::Locale::parse(tr.acc.lang).unwrap_or_default())
                .view
        }
    }
}

fn view_icon(view: View) -> &'static str {
    match view {
        View::Dashboard => "📊",
        View::Accounts => "👥",
        View::Icp => "🎯",
        View::Workload => "⚖",
        View::Import => "📥",
        View::Plugins => "🔌",
        View::Settings => "⚙",
        View::Today => "☑",
        View::Renewals => "📅",
        View::Playbooks => "📋",
        View::Model => "📈",
        View::Ltv => "💰",
    }
}

pub fn side_panel(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    egui::Panel::left("views")
        .resizable(false)
        .exact_size(170.0)
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
                for view in View::ALL {
                    let text = egui::RichText::new(format!(
                        "{}  {}",
                        view_icon(view),
                        view_name(tr, view)
                    ))
                    .size(15.0);
                    if ui.selectable_label(app.prefs.view == view, text).clicked() {
                        app.prefs.view = view;
                        app.show_form = false;
                    }
                    ui.add_space(2.0);
                }
            });
        });
}

pub fn central(app: &mut TenureApp, ui: &mut egui::Ui) {
    let tr = app.tr();
    if app.demo.is_some()
        || app.notice.is_some() && app.info().map(|i| i.is_empty()).unwrap_or(false)
    {
        welcome::show(app, ui);
        return;
    }
    match &app.db {
        DbState::Loading => {
            ui.centered_and_justified(|ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr.loading);
                });
            });
        }
        DbState::Failed(message) => {
            ui.heading(tr.open_failed);
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        DbState::Ready(info) => {
            let empty = info.is_empty();
            match app.prefs.view {
                View::Dashboard if empty => welcome::show(app, ui),
                View::Dashboard => dashboard::show(app, ui),
                View::Accounts => accounts::show(app, ui),
                View::Settings => settings::show(app, ui),
                View::Import => import::show(app, ui),
                View::Plugins => plugins::show(app, ui),
                View::Icp => icp::show(app, ui),
                View::Workload => workload::show(app, ui),
                View::Today => today::show(app, ui),
                View::Renewals => renewals::show(app, ui),
                View::Playbooks => playbooks::show(app, ui),
                View::Model => risk_view::show(app, ui),
                View::Ltv => ltv_view::show(app, ui),
            }
        }
    }
}
