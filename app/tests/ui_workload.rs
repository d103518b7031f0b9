#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Workload view, headless (egui_kittest): editing the product
//! complexity factor changes the required headcount shown, to the figure
//! the workload engine computes on its own.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::time::{Duration, Instant};
use tenure::demo::{DemoParams, generate};
use tenure::domain::Date;
use tenure::format::{self, Locale};
use tenure::metrics::Dataset;
use tenure::store::Store;
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};
use tenure::workload::{Facts, Scenario, figures, load_csms};

fn demo(db: &Path) {
    let mut store = Store::open(db).unwrap();
    let params = DemoParams {
        accounts: 400,
        months: 14,
        seed: 11,
        end: Date::today().month(),
    };
    generate(&mut store, &params, &mut |_| true).unwrap();
}

/// "X.XX (N)" as the summary card shows it.
fn expected(db: &Path, scenario: &Scenario) -> String {
    let store = Store::open(db).unwrap();
    let data = Dataset::load(&store).unwrap();
    let facts = Facts::build(&data, load_csms(&store).unwrap(), Date::today());
    let s = figures(&facts, scenario).sizing;
    format!(
        "Required CSMs now: {} ({})",
        format::number(s.required_now, 2, Locale::En),
        s.required_now_rounded
    )
}

fn shown(h: &Harness<'static, TenureApp>) -> Option<String> {
    // Labels carry their text as the accessible value.
    h.query_by(|n| {
        n.value()
            .is_some_and(|v| v.starts_with("Required CSMs now: "))
    })
    .and_then(|n| n.value())
}

#[test]
fn product_complexity_changes_the_required_headcount() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    demo(&db);
    let before = expected(&db, &Scenario::default());
    let mut high = Scenario::default();
    high.set("product_complexity", "high", [0.0; 3]).unwrap();
    let after = expected(&db, &high);
    assert_ne!(before, after, "the factor must change the figure");

    let prefs = Prefs {
        locale: Locale::En,
        view: View::Workload,
        ..Prefs::default()
    };
    let app = TenureApp::new(db.clone(), prefs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    let start = Instant::now();
    while shown(&h).is_none() {
        h.step();
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the view never loaded"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
    assert_eq!(shown(&h).as_deref(), Some(before.as_str()));
    // Each book's open tasks (issue #21), summed over the books, are every
    // open task of the database, counted by the store on its own.
    let start = Instant::now();
    while h.state().pb.snapshot.is_none() {
        h.step();
        assert!(start.elapsed() < Duration::from_secs(60), "no tasks loaded");
        std::thread::sleep(Duration::from_millis(10));
    }
    let in_books: u32 = h
        .state()
        .pb
        .snapshot
        .as_ref()
        .unwrap()
        .book_tasks
        .values()
        .map(|c| c.open)
        .sum();
    let today = h.state().pb.snapshot.as_ref().unwrap().today;
    let counted: u32 =
        tenure::playbooks::open_task_counts(&Store::open_reader(&db).unwrap(), today)
            .unwrap()
            .values()
            .map(|c| c.open)
            .sum();
    assert!(counted > 0, "the demo's rules open tasks");
    assert_eq!(in_books, counted);
    // Product complexity's "High ×1.3" (customer expectations' is ×1.2).
    h.get_by_label("High ×1.3").click();
    h.run_steps(3);
    assert_eq!(shown(&h).as_deref(), Some(after.as_str()));
    // The edit is saved as the model in force (after the pointer is released).
    let start = Instant::now();
    loop {
        h.run_steps(2);
        let store = Store::open_reader(&db).unwrap();
        let text: Option<String> = store.settings().get("workload_model").ok().flatten();
        if text.is_some_and(|t| t.contains("\"levels\":[2,")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the edit was not saved"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn workload_runs(db: &Path) -> Vec<(i64, Option<String>)> {
    let store = Store::open_reader(db).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT id, undone_at FROM import_run WHERE plugin = 'workload' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn step_until(
    h: &mut Harness<'static, TenureApp>,
    what: &str,
    done: impl Fn(&Harness<'static, TenureApp>) -> bool,
) {
    let start = Instant::now();
    while !done(h) {
        h.step();
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
}

#[test]
fn accepting_the_proposal_in_the_view_writes_moves_and_undo_restores_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    demo(&db);
    {
        // A low target, so that the demo team has moves to make.
        let store = Store::open(&db).unwrap();
        let mut s = Scenario::default();
        s.set("target_utilization", "0.6", [0.0; 3]).unwrap();
        tenure::workload::save_scenario(&store.settings(), &s).unwrap();
    }
    let prefs = Prefs {
        locale: Locale::En,
        view: View::Workload,
        ..Prefs::default()
    };
    let app = TenureApp::new(db.clone(), prefs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 4000.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    step_until(&mut h, "the proposal", |h| {
        h.query_by_label_contains("Accept selected (").is_some()
    });
    // The accounts table is built before the moves (it must not stay stale).
    h.state_mut().prefs.view = View::Accounts;
    step_until(&mut h, "the accounts table", |h| {
        h.state().accounts.table.is_some()
    });
    h.state_mut().prefs.view = View::Workload;
    step_until(&mut h, "the proposal again", |h| {
        h.query_by_label_contains("Accept selected (").is_some()
    });
    h.get_by_label_contains("Accept selected (").click();
    step_until(&mut h, "the moves to be written", |_| {
        workload_runs(&db).len() == 1
    });
    let id = workload_runs(&db)[0].0;
    // The accounts table shows a moved account under its new CSM.
    let (moved, csm): (i64, Option<String>) = Store::open_reader(&db)
        .unwrap()
        .conn()
        .query_row(
            "SELECT a.id, c.name FROM import_change x JOIN account a ON a.id = x.row_id
             LEFT JOIN csm c ON c.id = a.csm_id WHERE x.import_id = ?1 AND x.tbl = 'account' LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    h.state_mut().prefs.view = View::Accounts;
    step_until(&mut h, "the accounts table with the move", |h| {
        h.state()
            .accounts
            .table
            .as_ref()
            .is_some_and(|t| t.rows.iter().any(|r| r.id == moved && r.csm == csm))
    });
    h.state_mut().prefs.view = View::Workload;
    let undo = format!("Undo change #{id}");
    step_until(&mut h, "the undo button", |h| {
        h.query_by_label(&undo).is_some()
    });
    h.get_by_label(&undo).click();
    step_until(&mut h, "the undo", |_| workload_runs(&db)[0].1.is_some());
}
