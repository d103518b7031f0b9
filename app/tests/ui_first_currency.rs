#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The first import's currency question in the window (revenue.md
//! "Currencies"): a database with accounts but no money, a purchases file
//! all in US$; pressing Import asks "Report in USD?", and the answer
//! applies — Yes sets USD, "Keep BRL" keeps the setting.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use tenure::domain::{Account, Record};
use tenure::format::Locale;
use tenure::store::{ChangeSetMeta, Store};
use tenure::ui::TenureApp;
use tenure::ui::model::View;

const PURCHASES: &str = "account,date,amount,currency,external_id\n\
A,2026-01-10,120.00,USD,P1\n\
A,2026-02-10,80.00,USD,P2\n";

/// A database with one account (no money), and the purchases file.
fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("tenure.db");
    let mut store = Store::open(&db).unwrap();
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "import"))
        .unwrap();
    cs.write(&Record::Account(Account {
        external_id: "A".into(),
        name: "Alpha".into(),
        ..Default::default()
    }))
    .unwrap();
    cs.commit().unwrap();
    drop(store);
    let file = dir.join("purchases.csv");
    std::fs::write(&file, PURCHASES).unwrap();
    (db, file)
}

/// The window on the Import view with `file` added, inspected and dry-run,
/// then Import pressed.
fn asked(db: &Path, file: &Path, locale: Locale) -> Harness<'static, TenureApp> {
    let mut h = common::ui::import_harness(db.to_path_buf(), View::Import, locale);
    wait_for(&mut h, "the database", |a| a.info().is_some());
    h.state_mut().data.import.path_text = file.display().to_string();
    h.run_steps(2);
    let (add, dry, import) = match locale {
        Locale::PtBr => ("Adicionar", "🔍 Simular", "📥 Importar"),
        Locale::En => ("Add", "🔍 Dry run", "📥 Import"),
    };
    h.get_by_label(add).click();
    wait_for(&mut h, "the inspection", |a| {
        a.data
            .import
            .files
            .first()
            .is_some_and(|f| f.waiting.is_none() && f.inspection.is_some())
    });
    h.get_by_label(dry).click();
    wait_for(&mut h, "the dry run", |a| {
        a.data.import.running.is_none() && a.data.import.outcome.as_ref().is_some_and(|o| o.dry_run)
    });
    h.get_by_label(import).click();
    h.run_steps(3);
    h
}

fn imported(h: &mut Harness<'static, TenureApp>) {
    wait_for(h, "the import", |a| {
        a.data.import.running.is_none()
            && a.data.import.outcome.as_ref().is_some_and(|o| !o.dry_run)
    });
    let o = h.state().data.import.outcome.clone().unwrap();
    assert_eq!(o.reports[0].status, "committed", "{:?}", o.reports[0]);
    assert_eq!(o.reports[0].inserted, 2);
}

#[test]
fn ui_yes_sets_the_reporting_currency_to_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = setup(dir.path());
    let mut h = asked(&db, &file, Locale::En);
    // Nothing is imported until the question is answered.
    assert!(h.state().data.import.running.is_none());
    h.get_by_label("This file's money is in USD. Report in USD?");
    h.get_by_label("Keep BRL");
    h.get_by_label("Yes, report in USD").click();
    h.step();
    imported(&mut h);
    h.get_by_label("Reporting currency set to USD: the first import's money is all in it.");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.settings().currency().unwrap(), "USD");
}

#[test]
fn ui_keep_leaves_the_setting_in_portuguese() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = setup(dir.path());
    let mut h = asked(&db, &file, Locale::PtBr);
    h.get_by_label("O dinheiro deste arquivo está em USD. Relatar em USD?");
    h.get_by_label("Sim, relatar em USD");
    h.get_by_label("Manter BRL").click();
    h.step();
    imported(&mut h);
    h.get_by_label(
        "Moeda dos relatórios mantida em BRL; os valores em USD são convertidos pela cotação de cada mês.",
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.settings().currency().unwrap(), "BRL");
}
