#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A small business's customer sheet, as it comes (`Código;Nome da
//! empresa;MRR;Cliente desde`, Brazilian amounts and dates), imported in
//! the window in Portuguese: the dashboard's MRR is the sheet's total, and
//! the same file through the command line gives the same figure.

mod common;

use common::csv_plugin;
use common::ui::{mrr_card, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::process::Command;
use tenure::format::Locale;
use tenure::store::Store;
use tenure::ui::TenureApp;
use tenure::ui::model::View;

const SHEET: &str = "Código;Nome da empresa;MRR;Cliente desde\n\
001;Padaria Pão Quente;1.234,56;15/03/2024\n\
002;Oficina Silva;890,00;02/01/2025\n\
003;Clínica Sorriso;2.500,10;28/11/2023\n\
004;Mercadinho Boa Vista;75,5;10/06/2025\n";

/// 1.234,56 + 890,00 + 2.500,10 + 75,50, by hand.
const TOTAL: f64 = 4_700.16;

fn metrics_mrr(db: &Path, month: Option<&str>) -> f64 {
    let mut args = vec!["metrics", "--json"];
    if let Some(m) = month {
        args.extend(["--month", m]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(db)
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["mrr"].as_f64().unwrap()
}

/// The window in Portuguese on the Import view, with `file` added and
/// inspected.
fn with_file(db: &Path, file: &Path) -> Harness<'static, TenureApp> {
    let mut h = common::ui::import_harness(db.to_path_buf(), View::Import, Locale::PtBr);
    wait_for(&mut h, "the database", |a| a.info().is_some());
    h.state_mut().data.import.path_text = file.display().to_string();
    h.run_steps(2);
    h.get_by_label("Adicionar").click();
    wait_for(&mut h, "the inspection", inspected);
    h
}

fn inspected(a: &TenureApp) -> bool {
    a.data
        .import
        .files
        .first()
        .is_some_and(|f| f.waiting.is_none() && f.inspection.is_some())
}

/// The same sheet read as MRR entries has no month: the preview says so,
/// naming the field, instead of a bare "no rows".
#[test]
fn ui_preview_of_a_kind_whose_required_columns_are_missing_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    drop(Store::open(&db).unwrap());
    let file = dir.path().join("clientes.csv");
    std::fs::write(&file, SHEET).unwrap();
    let mut h = with_file(&db, &file);
    // What the kind menu does when "mrr" is chosen.
    {
        let ctx = h.ctx.clone();
        let app = h.state_mut();
        app.data.import.files[0].kind = Some("mrr".into());
        app.data.import.files[0].edited = false;
        let current = app.current_db.clone();
        app.data.inspect(&ctx, &current, 0);
    }
    wait_for(&mut h, "the new inspection", inspected);
    let sheet = &h.state().data.import.files[0]
        .inspection
        .clone()
        .unwrap()
        .description
        .sheets[0];
    assert!(sheet.preview.is_empty(), "{:?}", sheet.preview);
    let missing = tenure::importing::fields::missing_required(
        tenure::domain::RecordKind::Mrr,
        &sheet.mapping,
    );
    assert!(
        missing.contains(&"month"),
        "{missing:?} {:?}",
        sheet.mapping
    );
    h.get_by_label_contains(
        "Nenhuma linha para mostrar: linhas lidas como “MRR de um mês” precisam de “Mês”",
    );
}

#[test]
fn ui_import_of_a_sheet_with_monthly_fees_gives_the_dashboard_its_mrr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    drop(Store::open(&db).unwrap());
    let file = dir.path().join("clientes.csv");
    std::fs::write(&file, SHEET).unwrap();
    let mut h = with_file(&db, &file);
    let insp = h.state().data.import.files[0].inspection.clone().unwrap();
    assert_eq!(insp.kinds, vec!["account".to_string()], "{:?}", insp.error);
    // The MRR column feeds the account's monthly fee, not a custom field.
    let mapping = &insp.description.sheets[0].mapping;
    assert!(
        mapping.contains(&("mrr".to_string(), "MRR".to_string())),
        "{mapping:?}"
    );
    h.get_by_label("🔍 Simular").click();
    wait_for(&mut h, "the dry run", |a| {
        a.data.import.running.is_none() && a.data.import.outcome.as_ref().is_some_and(|o| o.dry_run)
    });
    h.get_by_label("📥 Importar").click();
    h.step();
    wait_for(&mut h, "the import", |a| {
        a.data.import.running.is_none()
            && a.data.import.outcome.as_ref().is_some_and(|o| !o.dry_run)
    });
    let outcome = h.state().data.import.outcome.clone().unwrap();
    assert_eq!(
        outcome.reports[0].status, "committed",
        "{:?}",
        outcome.reports[0]
    );
    assert_eq!(outcome.reports[0].inserted, 4);

    // The dashboard: the sheet's total.
    h.state_mut().prefs.view = View::Dashboard;
    wait_for(&mut h, "the dashboard", |a| {
        a.cards.is_some() && !a.cards_busy() && mrr_card(a).is_some_and(|v| v > 0.0)
    });
    let shown = mrr_card(h.state()).unwrap();
    assert!((shown - TOTAL).abs() < 0.005, "dashboard MRR {shown}");
    h.get_by_label("R$ 4.700,16");
    // The window's database says the same on the command line.
    assert!((metrics_mrr(&db, None) - TOTAL).abs() < 0.005);
    // Each fee runs from its "Cliente desde" (read day first): in June 2024
    // only 001 (since 15/03/2024) and 003 (since 28/11/2023) paid,
    // 1.234,56 + 2.500,10 = 3.734,66.
    assert!((metrics_mrr(&db, Some("2024-06")) - 3_734.66).abs() < 0.005);

    // The same file through `tenure import`, into another database.
    let cli_db = dir.path().join("cli.db");
    let out = Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(&cli_db)
        .env("TENURE_PLUGIN_PATH", csv_plugin())
        .args(["import", "--locale", "pt-BR"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!((metrics_mrr(&cli_db, None) - TOTAL).abs() < 0.005);
    assert!((metrics_mrr(&cli_db, Some("2024-06")) - 3_734.66).abs() < 0.005);
}
