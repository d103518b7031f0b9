#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Status values chosen in the window (issue 23), headless (egui_kittest)
//! with the real CSV plugin: a status the importer does not know is offered
//! in the import view's mapping before the dry run (from the preview's
//! rows), one further down after the dry run has read every row; chosen as
//! prospect and skip, the import lands whole. Checked in the database with
//! SQL of its own.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use tenure::format::Locale;
use tenure::store::Store;
use tenure::ui::TenureApp;
use tenure::ui::i18n::ProspectsTr;
use tenure::ui::model::View;

fn harness(db: PathBuf) -> Harness<'static, TenureApp> {
    common::ui::import_harness(db, View::Import, Locale::En)
}

fn dry_run(h: &mut Harness<'static, TenureApp>) {
    h.get_by_label("🔍 Dry run").click();
    wait_for(h, "the dry run", |a| {
        a.data.import.running.is_none() && a.data.import.outcome.as_ref().is_some_and(|o| o.dry_run)
    });
}

fn settled(a: &TenureApp) -> bool {
    a.data
        .import
        .files
        .first()
        .is_some_and(|f| f.waiting.is_none() && f.inspection.is_some())
}

#[test]
fn unknown_status_values_are_chosen_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    drop(Store::open(&db).unwrap());
    // 30 rows: `Parceiro` on line 3 (in the 20-row preview), `Fornecedor`
    // on line 28 (after it), `Lead` a prospect the reader knows.
    let mut text = String::from("external_id,name,situacao\n");
    for i in 1..=30 {
        let status = match i {
            2 => "Parceiro",
            27 => "Fornecedor",
            5 => "Lead",
            _ => "Ativo",
        };
        text.push_str(&format!("C{i:02},Conta {i},{status}\n"));
    }
    let file = dir.path().join("contas.csv");
    std::fs::write(&file, text).unwrap();
    let mut h = harness(db.clone());
    wait_for(&mut h, "the database", |a| a.info().is_some());
    h.state_mut().data.import.path_text = file.display().to_string();
    h.run_steps(2);
    h.get_by_label("Add").click();
    wait_for(&mut h, "the inspection", settled);

    // Before any dry run: the preview's unknown value, not yet chosen.
    let tr = ProspectsTr::get(Locale::En);
    assert_eq!(
        h.state().data.import.files[0].status_map,
        [("Parceiro".to_string(), String::new())]
    );
    h.get_by_label(tr.unknown_status);
    h.get_by_value(tr.status_choose).click();
    h.run_steps(2);
    h.get_by_label(tr.status_prospect).click();
    wait_for(&mut h, "the new inspection", settled);
    assert_eq!(
        h.state().data.import.files[0].status_map,
        [("Parceiro".to_string(), "prospect".to_string())]
    );

    // The dry run reads every row: `Fornecedor` is rejected, with a
    // sentence that names no flag, and offered in turn.
    dry_run(&mut h);
    let outcome = h.state().data.import.outcome.clone().unwrap();
    let report = &outcome.reports[0];
    assert_eq!(report.rejected, 1);
    let p = &report.problems[0];
    assert_eq!((p.row, p.code.as_str()), (Some(28), "unknown_status"));
    assert!(p.message.contains("`Fornecedor`") && !p.message.contains("--"));
    assert_eq!(
        h.state().data.import.files[0].status_map,
        [
            ("Parceiro".to_string(), "prospect".to_string()),
            ("Fornecedor".to_string(), String::new())
        ]
    );
    h.get_by_label(tr.unknown_status);

    // Skip it: the next dry run rejects nothing; the import lands.
    h.get_by_value(tr.status_choose).click();
    h.run_steps(2);
    h.get_by_label(tr.status_skip).click();
    wait_for(&mut h, "the new inspection", settled);
    dry_run(&mut h);
    let outcome = h.state().data.import.outcome.clone().unwrap();
    assert_eq!(outcome.reports[0].rejected, 0);
    assert_eq!(outcome.reports[0].inserted, 29);
    h.get_by_label("📥 Import").click();
    h.step();
    wait_for(&mut h, "the import", |a| {
        a.data.import.running.is_none()
            && a.data.import.outcome.as_ref().is_some_and(|o| !o.dry_run)
    });
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(String, String)> = conn
        .prepare(
            "SELECT external_id, status FROM account WHERE status <> 'active' ORDER BY external_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("C02".to_string(), "prospect".to_string()),
            ("C05".to_string(), "prospect".to_string())
        ]
    );
    let n: i64 = conn
        .query_row("SELECT count(*) FROM account", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 29);
}
