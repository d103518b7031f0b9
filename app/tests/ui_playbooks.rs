#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Today, Renewals and the account's timeline (issue 21), headless: a task
//! marked done from Today with its touch logged shows up, call and task,
//! in the account's timeline; a renewal opens its account.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use tenure::format::Locale;
use tenure::store::Store;
use tenure::ui::TenureApp;
use tenure::ui::model::View;

/// A small demo database ending this month.
fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("t.db");
    let mut store = Store::open(&path).unwrap();
    let params = tenure::demo::DemoParams {
        accounts: 120,
        months: 18,
        seed: 21,
        end: tenure::domain::Date::today().month(),
    };
    tenure::demo::generate(&mut store, &params, &mut |_| true).unwrap();
    path
}

fn harness(db: PathBuf, view: View, locale: Locale) -> Harness<'static, TenureApp> {
    let prefs = tenure::ui::Prefs {
        locale,
        view,
        ..tenure::ui::Prefs::default()
    };
    let app = TenureApp::new(db, prefs);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app)
}

#[test]
fn ui_done_from_today_logs_the_touch_seen_in_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut h = harness(db, View::Today, Locale::En);
    wait_for(&mut h, "today's tasks", |a| a.pb.settled());
    // The first button is the first task shown: overdue first, then by due date.
    let task = h.state().pb.snapshot.as_ref().unwrap().tasks[0].clone();
    h.get_all_by_label("✔ Done + log call")
        .next()
        .unwrap()
        .click();
    wait_for(&mut h, "the task done", |a| {
        a.pb.settled()
            && a.pb
                .snapshot
                .as_ref()
                .is_some_and(|s| s.tasks.iter().all(|t| t.id != task.id))
    });
    // Its account's page, from Today's own door.
    let next = h.state().pb.snapshot.as_ref().unwrap().tasks[0].clone();
    h.get_all_by_label("➡ Open account").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(h.state().prefs.view, View::Accounts);
    assert_eq!(h.state().accounts.page, Some(next.account_id));
    // Then the account of the task done.
    h.state_mut().accounts.page = Some(task.account_id);
    h.state_mut().accounts.detail = None;
    wait_for(&mut h, "the account's timeline", |a| {
        a.accounts
            .detail
            .as_ref()
            .is_some_and(|d| d.account.id == task.account_id)
            && a.pb
                .account_tasks
                .as_ref()
                .is_some_and(|(id, _)| *id == task.account_id)
    });
    assert!(h.query_all_by_label("Timeline").count() == 1);
    // The task, done, and the call it logged, with the task's title as its note.
    assert_eq!(
        h.query_all_by_label(&format!("☑ {} (done)", task.title))
            .count(),
        1
    );
    let note = if task.csm.is_empty() {
        task.title.clone()
    } else {
        format!("{} · {}", task.title, task.csm)
    };
    assert_eq!(h.query_all_by_label(&note).count(), 1, "{note}");
    assert!(h.query_all_by_label("💬 call").count() >= 1);
    // Filtered to tasks, the call is gone and the task stays.
    // (Below the risk section on the page: scrolled to first.)
    h.get_by_label("☑ Tasks").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("☑ Tasks").click();
    h.run_steps(3);
    assert_eq!(h.query_all_by_label(&note).count(), 0);
    assert_eq!(
        h.query_all_by_label(&format!("☑ {} (done)", task.title))
            .count(),
        1
    );
}

#[test]
fn ui_a_renewal_opens_its_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut h = harness(db, View::Renewals, Locale::PtBr);
    wait_for(&mut h, "the renewals", |a| a.pb.settled());
    let renewals = h.state().pb.snapshot.as_ref().unwrap().renewals.clone();
    assert!(!renewals.is_empty());
    // Overdue renewals first, then by date.
    assert!(
        renewals
            .windows(2)
            .all(|w| w[0].renewal_on <= w[1].renewal_on)
    );
    assert!(h.query_all_by_label("Renovação").count() >= 1);
    let r = &renewals[0];
    h.get_all_by_label(&r.account_name).next().unwrap().click();
    wait_for(&mut h, "the account page", |a| {
        a.accounts
            .detail
            .as_ref()
            .is_some_and(|d| d.account.id == r.account_id)
    });
    assert_eq!(h.state().prefs.view, View::Accounts);
    assert_eq!(h.state().accounts.page, Some(r.account_id));
    assert!(h.query_all_by_label("Linha do tempo").count() == 1);
}

#[test]
fn ui_renewals_show_each_accounts_churn_risk_and_the_months_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut h = harness(db, View::Renewals, Locale::PtBr);
    wait_for(&mut h, "the renewals and the risk model", |a| {
        a.pb.settled() && a.risk.run.is_some() && a.risk.forecast.is_some()
    });
    let renewals = h.state().pb.snapshot.as_ref().unwrap().renewals.clone();
    let run = h.state().risk.run.clone().unwrap();
    // The risk column: each renewal's probability from the trained model.
    // The first rows are in view (the table draws only what is visible).
    let scored = renewals
        .iter()
        .take(3)
        .filter_map(|r| {
            run.accounts
                .iter()
                .find(|a| a.account_id == r.account_id)
                .map(|a| a.churn_probability)
        })
        .collect::<Vec<_>>();
    assert!(!scored.is_empty(), "some renewing account is scored");
    assert!(h.query_all_by_label("Risco de churn").count() >= 1);
    for p in &scored {
        let shown = tenure::format::percent(*p, 0, Locale::PtBr);
        assert!(h.query_all_by_label(&shown).count() >= 1, "{shown} shown");
    }
    // The months ahead: due ARR and the ARR expected to renew.
    let f = h.state().risk.forecast.clone().unwrap();
    assert!(h.query_all_by_label("Renovações à frente").count() == 1);
    let first = f.renewals.iter().find(|m| m.due_arr > 0).unwrap();
    let due = tenure::format::money(
        tenure::domain::Money::from_cents(first.due_arr),
        "BRL",
        Locale::PtBr,
    );
    assert!(h.query_all_by_label(&due).count() >= 1, "{due} shown");
    // Expected ARR is due ARR × (1 − p): never more than what is due.
    assert!(first.expected_arr.unwrap() <= first.due_arr);
}
