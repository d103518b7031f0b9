#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every card is a door: clicking "At risk" on the demo dashboard opens the
//! Accounts view on exactly the accounts the engine counts at risk, with
//! the filter shown and removable.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use tenure::format::Locale;
use tenure::metrics::{Band, Dataset, Query};
use tenure::store::Store;
use tenure::ui::TenureApp;
use tenure::ui::model::View;

fn harness(db: PathBuf, locale: Locale) -> Harness<'static, TenureApp> {
    common::ui::demo_harness(db, locale, 90, 18, 11)
}

/// The ids of the accounts the health score puts at risk in the default
/// month, from the per-account scores (not the door under test).
fn at_risk_by_scores(db: &std::path::Path) -> Vec<i64> {
    let store = Store::open_reader(db).expect("reader");
    let data = Dataset::load(&store).expect("dataset");
    let month = data.default_month();
    let mut ids: Vec<i64> = data
        .account_health(&Query::month(month))
        .expect("health")
        .into_iter()
        // Active customers (MRR this month) whose band is "at risk".
        .filter(|h| h.health.band == Some(Band::AtRisk))
        .filter(|h| {
            data.account_mrr(h.account_id, month)
                .is_some_and(|m| m.cents() > 0)
        })
        .map(|h| h.account_id)
        .collect();
    ids.sort_unstable();
    ids
}

fn shown_ids(app: &TenureApp) -> Vec<i64> {
    let table = app.accounts.table.as_ref().expect("table");
    let mut ids: Vec<i64> = app
        .accounts
        .rows
        .iter()
        .map(|&i| table.rows[i as usize].id)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn ui_at_risk_card_opens_exactly_those_accounts() {
    for (locale, card, clear) in [
        (Locale::En, "At risk", "Show all accounts"),
        (Locale::PtBr, "Em risco", "Mostrar todas as contas"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut h = harness(dir.path().join("tenure.db"), locale);
        wait_for(&mut h, "the welcome screen", |a| a.info().is_some());
        let explore = match locale {
            Locale::En => "Explore with demo data",
            Locale::PtBr => "Explorar com dados de demonstração",
        };
        h.get_by_label_contains(explore).click();
        wait_for(&mut h, "the demo dashboard", |a| {
            a.is_demo() && a.cards.is_some() && !a.cards_busy()
        });
        let expected = at_risk_by_scores(&h.state().current_db.clone());
        assert!(!expected.is_empty(), "the demo has accounts at risk");
        h.get_by_role_and_label(egui::accesskit::Role::Button, card)
            .click();
        wait_for(&mut h, "the accounts behind the card", |a| {
            a.prefs.view == View::Accounts
                && a.accounts.query.only_ids.is_some()
                && a.accounts.table.is_some()
                && !a.accounts.busy()
        });
        assert_eq!(shown_ids(h.state()), expected);
        // The filter is shown above the table, named, and removable.
        let label = h.state().accounts.focus_label.clone().expect("focus label");
        assert!(label.starts_with(card), "{label}");
        h.get_by_label_contains(&label);
        h.get_by_label(clear).click();
        wait_for(&mut h, "every account again", |a| {
            a.accounts.query.only_ids.is_none() && !a.accounts.busy()
        });
        assert!(shown_ids(h.state()).len() > expected.len());
    }
}
