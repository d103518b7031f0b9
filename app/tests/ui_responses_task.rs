#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Responses list (issue #24), headless: a detractor's row links to
//! the task the `nps_detractor` rule opened for it, one click from the
//! list to the account's page with its timeline showing tasks; a promoter
//! and an anonymous response have no task link. Alone in its binary: it
//! opens the list through the window's `TENURE_RESPONSES` switch.

mod common;

use egui_kittest::kittest::Queryable;
use tenure::domain::*;
use tenure::format::{self, Locale};
use tenure::store::{ChangeSetMeta, Store};
use tenure::ui::model::View;
use tenure::ui::playbooks_state::EventKind;

fn nps(account: &str, date: Date, score: i64, comment: &str) -> Record {
    Record::SurveyResponse(SurveyResponse {
        account: account.into(),
        date,
        kind: SurveyKind::Nps,
        score,
        respondent: None,
        comment: Some(comment.into()),
    })
}

#[test]
fn ui_a_detractors_task_is_one_click_from_the_responses_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    let today = Date::today();
    let account_id = {
        let mut store = Store::open(&db).unwrap();
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", "test"))
            .unwrap();
        for r in [
            Record::Account(Account {
                external_id: "A1".into(),
                name: "Padaria Pão Quente".into(),
                csm: Some("Ana Souza".into()),
                ..Account::default()
            }),
            nps("A1", today, 3, "Nobody called back"),
            nps("A1", today, 10, "Great"),
            nps("", today, 2, "Anonymous and angry"),
        ] {
            cs.write(&r).unwrap();
        }
        cs.commit().unwrap();
        let data = tenure::metrics::Dataset::load(&store).unwrap();
        let report = tenure::playbooks::run(&mut store, &data, today).unwrap();
        // One task: the matched detractor's (the anonymous one has no account).
        assert_eq!(report.opened.len(), 1);
        store
            .conn()
            .query_row("SELECT id FROM account", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    // SAFETY: set before the window and its threads start; the only test
    // of this binary.
    unsafe { std::env::set_var("TENURE_RESPONSES", "1") };
    let mut h = common::ui::import_harness(db, View::Dashboard, Locale::En);
    common::ui::wait_for(&mut h, "the responses", |a| {
        a.responses
            .as_ref()
            .is_some_and(|r| r.rows.as_ref().is_some_and(|x| x.is_ok()))
    });
    let rows = h
        .state()
        .responses
        .as_ref()
        .unwrap()
        .rows
        .clone()
        .unwrap()
        .unwrap();
    let tasks: Vec<(i64, bool)> = rows.iter().map(|r| (r.score, r.task.is_some())).collect();
    // Detractors first (2 anonymous and 3 the same day: lower first), then 10.
    assert_eq!(tasks, vec![(2, false), (3, true), (10, false)]);
    // The link reads the task's due date (the rule's reply days after the
    // response).
    let due = rows[1].task.as_ref().unwrap().due_on;
    assert!(due >= today);
    let link = format!("☑ {}", format::date(due, Locale::En));
    h.get_by_label("Task");
    h.get_by_label(&link).click();
    h.run_steps(4);
    let app = h.state();
    assert_eq!(app.prefs.view, View::Accounts);
    assert_eq!(app.accounts.page, Some(account_id));
    assert_eq!(app.pb.filter, Some(EventKind::Task));
}
