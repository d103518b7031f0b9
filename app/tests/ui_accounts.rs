#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The accounts view, headless (egui_kittest): a new account by form shows
//! in the table with no health; an MRR entry moves the dashboard's MRR by
//! exactly its amount; an invalid NPS is refused beside its field and
//! writes nothing; a deletion is undone to the exact previous state.

mod common;

use common::ui::{mrr_card, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use tenure::demo::DemoParams;
use tenure::domain::Money;
use tenure::format::{self, Locale};
use tenure::metrics::{Dataset, Query};
use tenure::store::Store;
use tenure::ui::{Prefs, TenureApp};

fn harness(db: PathBuf) -> Harness<'static, TenureApp> {
    let prefs = Prefs {
        locale: Locale::En,
        ..Prefs::default()
    };
    let mut app = TenureApp::new(db, prefs);
    app.demo_params = DemoParams {
        accounts: 60,
        months: 12,
        seed: 11,
        end: tenure::domain::Date::today().month(),
    };
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app)
}

fn settled(app: &TenureApp) -> bool {
    app.cards.is_some() && !app.cards_busy()
}

/// The table is in and answers the current query.
fn table_ready(app: &TenureApp) -> bool {
    app.accounts.table.is_some() && !app.accounts.busy()
}

fn open_demo(dir: &Path) -> (Harness<'static, TenureApp>, PathBuf) {
    let real = dir.join("tenure.db");
    let mut h = harness(real.clone());
    wait_for(&mut h, "the welcome screen", |a| a.info().is_some());
    h.get_by_label_contains("Explore with demo data").click();
    wait_for(&mut h, "the demo dashboard", |a| a.is_demo() && settled(a));
    (h, tenure::paths::demo_db_path_for(&real))
}

/// Accounts view → the account page of the table's first account.
fn open_first_account(h: &mut Harness<'static, TenureApp>) -> (i64, String) {
    h.get_by_label_contains("Accounts").click();
    wait_for(h, "the accounts table", table_ready);
    let (id, name) = {
        let a = &h.state().accounts;
        let t = a.table.as_ref().unwrap();
        let r = &t.rows[a.rows[0] as usize];
        (r.id, r.name.clone())
    };
    h.get_by_label(&name).click();
    wait_for(h, "the account page", |a| {
        a.accounts
            .detail
            .as_ref()
            .is_some_and(|d| d.account.id == id)
    });
    (id, name)
}

fn set(h: &mut Harness<'static, TenureApp>, field: &'static str, value: &str) {
    h.state_mut()
        .accounts
        .form
        .as_mut()
        .expect("an open form")
        .values
        .insert(field, value.to_string());
    h.run_steps(2);
}

#[test]
fn ui_new_account_by_form_appears_in_the_table_with_no_health() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    let mut h = harness(db.clone());
    wait_for(&mut h, "the welcome screen", |a| a.info().is_some());
    h.get_by_label_contains("Add your first customer").click();
    h.run_steps(3);
    h.get_by_label("Save").click();
    h.run_steps(3);
    // The error sits beside the field; nothing was sent.
    h.get_by_label("⚠ required");
    assert_eq!(h.state().info().map(|i| i.accounts), Some(0));
    set(&mut h, "name", "Zeta Comércio");
    set(&mut h, "customer_since", "31/01/2025");
    h.get_by_label("Save").click();
    h.run_steps(3);
    h.get_by_label("⚠ not a date; write it as MM/DD/YYYY");
    set(&mut h, "customer_since", "01/31/2025");
    set(&mut h, "plan", "Pro");
    h.get_by_label("Save").click();
    wait_for(&mut h, "the new account in the table", |a| {
        table_ready(a)
            && a.accounts
                .table
                .as_ref()
                .is_some_and(|t| t.rows.iter().any(|r| r.name == "Zeta Comércio"))
    });
    h.get_by_label("Zeta Comércio");
    h.get_by_label("Pro");
    let row = h.state().accounts.table.as_ref().unwrap().rows[0].clone();
    assert_eq!(row.external_id, "zeta-comércio");
    assert_eq!(row.health, None);
    assert_eq!(
        row.customer_since.map(|d| d.to_string()).as_deref(),
        Some("2025-01-31")
    );
    // Health, MRR and days since touch all show "—" for it.
    assert!(h.query_all_by_label("—").count() >= 3);
    // The undo button and the message both name the change.
    assert!(h.query_all_by_label_contains("Form: new Account").count() >= 1);
    h.get_by_label("↩ Undo: Form: new Account");
    // Written like any import: one change set in the history (beside the
    // one the playbook rules wrote for the new customer's onboarding task).
    let store = Store::open(&db).unwrap();
    let runs: Vec<_> = store
        .imports()
        .unwrap()
        .into_iter()
        .filter(|r| r.plugin != "playbooks")
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].plugin, "manual");
    assert_eq!(runs[0].inserted, 1);
}

#[test]
fn ui_mrr_entry_moves_the_dashboard_mrr_by_its_amount() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, demo) = open_demo(dir.path());
    let before = mrr_card(h.state()).expect("an MRR card");
    let month = h.state().cards.as_ref().and_then(|c| c.to).unwrap();
    let (id, _) = open_first_account(&mut h);
    // The first "Add" is the contacts', the second the MRR entries' (below
    // the timeline: scrolled to first).
    h.get_all_by_label("➕ Add").nth(1).unwrap().scroll_to_me();
    h.run_steps(3);
    h.get_all_by_label("➕ Add").nth(1).unwrap().click();
    h.run_steps(3);
    set(
        &mut h,
        "month",
        &format!("{:02}/{}", month.month(), month.year()),
    );
    set(&mut h, "mrr", "1,234.56");
    let undo_before = h.state().accounts.undo.len();
    h.get_by_label("Save").click();
    wait_for(&mut h, "the saved entry", |a| {
        a.accounts.undo.len() > undo_before && a.accounts.form.is_none()
    });
    h.get_by_label_contains("Dashboard").click();
    wait_for(&mut h, "the dashboard's new figures", |a| {
        settled(a) && mrr_card(a).is_some_and(|m| (m - before).abs() > 0.001)
    });
    let after = mrr_card(h.state()).unwrap();
    assert_eq!(
        Money::from_cents((after * 100.0).round() as i64)
            - Money::from_cents((before * 100.0).round() as i64),
        Money::from_cents(123_456)
    );
    // The engine, loaded on its own, agrees.
    let conn = Store::open_reader(&demo).unwrap();
    let data = Dataset::load(&conn).unwrap();
    assert_eq!(
        data.report(&Query::month(month))
            .unwrap()
            .mrr
            .as_units_f64(),
        after
    );
    let shown = format::money(
        Money::from_cents((after * 100.0).round() as i64),
        data.currency(),
        Locale::En,
    );
    h.get_by_label(&shown);
    let _ = id;
}

#[test]
fn ui_invalid_nps_is_shown_beside_the_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, demo) = open_demo(dir.path());
    let surveys = |p: &Path| -> i64 {
        let reader = Store::open_reader(p).unwrap();
        tenure::store::queries::count(&reader, tenure::domain::RecordKind::SurveyResponse).unwrap()
    };
    let n = surveys(&demo);
    open_first_account(&mut h);
    // Sections: contacts, MRR entries, subscriptions, survey responses, …
    h.get_all_by_label("➕ Add").nth(3).unwrap().scroll_to_me();
    h.run_steps(3);
    h.get_all_by_label("➕ Add").nth(3).unwrap().click();
    h.run_steps(3);
    assert_eq!(
        h.state().accounts.form.as_ref().map(|f| f.kind),
        Some(tenure::ui::forms::FormKind::Survey)
    );
    set(&mut h, "date", "03/15/2025");
    set(&mut h, "score", "11");
    h.get_by_label("Save").click();
    wait_for(&mut h, "the refusal", |a| {
        a.accounts
            .form
            .as_ref()
            .is_some_and(|f| !f.saving && !f.errors.is_empty())
    });
    h.get_by_label("⚠ `11` is outside the NPS scale 0–10");
    assert_eq!(
        h.state().accounts.form.as_ref().unwrap().errors[0].0,
        "score"
    );
    assert!(h.state().accounts.undo.is_empty());
    assert_eq!(surveys(&demo), n);
    let store = Store::open(&demo).unwrap();
    assert!(
        store
            .imports()
            .unwrap()
            .iter()
            .all(|r| r.plugin != "manual")
    );
}

#[test]
fn ui_delete_then_undo_restores_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, demo) = open_demo(dir.path());
    let before = common::dump(&Store::open(&demo).unwrap());
    let (id, name) = open_first_account(&mut h);
    h.get_by_label("🗑 Delete").click();
    h.run_steps(3);
    h.get_by_label_contains("Delete 1 accounts with all their records?");
    h.get_by_label("Delete").click();
    wait_for(&mut h, "the table without the account", |a| {
        a.accounts.page.is_none()
            && !a.accounts.undo.is_empty()
            && table_ready(a)
            && a.accounts
                .table
                .as_ref()
                .is_some_and(|t| t.rows.iter().all(|r| r.id != id))
    });
    assert!(h.query_by_label(&name).is_none());
    assert_ne!(common::dump(&Store::open(&demo).unwrap()), before);
    h.get_by_label_contains("Undo: Delete 1 accounts").click();
    wait_for(&mut h, "the account back", |a| {
        a.accounts.undo.is_empty()
            && table_ready(a)
            && a.accounts
                .table
                .as_ref()
                .is_some_and(|t| t.rows.iter().any(|r| r.id == id))
    });
    h.get_by_label(&name);
    h.get_by_label("Undone.");
    assert_eq!(common::dump(&Store::open(&demo).unwrap()), before);
}

#[test]
fn ui_bulk_assign_csm_to_selected_rows_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _demo) = open_demo(dir.path());
    h.get_by_label_contains("Accounts").click();
    wait_for(&mut h, "the accounts table", table_ready);
    // Two rows told apart by their renewal dates (a cell that is not a link).
    let picks: Vec<(i64, String)> = {
        let a = &h.state().accounts;
        let t = a.table.as_ref().unwrap();
        let mut seen = std::collections::HashMap::new();
        for &i in a.rows.iter().take(20) {
            let r = &t.rows[i as usize];
            if let Some(d) = r.renewal_on {
                *seen.entry(format::date(d, Locale::En)).or_insert(0) += 1;
            }
        }
        a.rows
            .iter()
            .take(20)
            .map(|&i| &t.rows[i as usize])
            .filter_map(|r| {
                let d = format::date(r.renewal_on?, Locale::En);
                (seen[&d] == 1).then_some((r.id, d))
            })
            .take(2)
            .collect()
    };
    assert_eq!(picks.len(), 2);
    h.get_by_label(&picks[0].1).click();
    h.run_steps(2);
    h.get_by_label(&picks[1].1)
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run_steps(2);
    let selected: Vec<i64> = h.state().accounts.selected.iter().copied().collect();
    let mut want = vec![picks[0].0, picks[1].0];
    want.sort();
    assert_eq!(selected, want);
    h.get_by_label("2 selected");
    h.state_mut().accounts.bulk_csm = "Nova Pessoa".into();
    h.get_by_label("Assign CSM").click();
    wait_for(&mut h, "the CSM on both rows", |a| {
        table_ready(a)
            && a.accounts.undo.len() == 1
            && a.accounts.table.as_ref().is_some_and(|t| {
                t.rows
                    .iter()
                    .filter(|r| r.csm.as_deref() == Some("Nova Pessoa"))
                    .count()
                    == 2
            })
    });
    h.get_by_label_contains("Undo: Assign CSM to 2 accounts")
        .click();
    wait_for(&mut h, "the CSMs back", |a| {
        table_ready(a)
            && a.accounts.undo.is_empty()
            && a.accounts.table.as_ref().is_some_and(|t| {
                t.rows
                    .iter()
                    .all(|r| r.csm.as_deref() != Some("Nova Pessoa"))
            })
    });
}

/// The "Add customer" form's monthly fee opens the account's revenue: the
/// table and the dashboard show it at once, and undo of the form takes it
/// away with the account.
#[test]
fn ui_new_customer_with_a_monthly_fee_has_that_mrr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    let mut h = harness(db.clone());
    wait_for(&mut h, "the welcome screen", |a| a.info().is_some());
    h.get_by_label_contains("Add your first customer").click();
    h.run_steps(3);
    h.get_by_label("Monthly fee (MRR)");
    set(&mut h, "name", "Sorveteria Gelato");
    set(&mut h, "customer_since", "03/15/2025");
    set(&mut h, "mrr", "1,499.90");
    h.get_by_label("Save").click();
    wait_for(&mut h, "the new account in the table", |a| {
        table_ready(a)
            && a.accounts
                .table
                .as_ref()
                .is_some_and(|t| t.rows.iter().any(|r| r.name == "Sorveteria Gelato"))
    });
    let row = h.state().accounts.table.as_ref().unwrap().rows[0].clone();
    assert_eq!(row.mrr, Some(Money::from_cents(149_990)));
    h.get_by_label("R$1,499.90");
    // One subscription from the customer-since date, in the same change set.
    let store = Store::open(&db).unwrap();
    let data = Dataset::load(&store).unwrap();
    let month = tenure::domain::Month::parse("2025-03").unwrap();
    assert_eq!(
        data.report(&Query::month(month)).unwrap().new_mrr,
        Money::from_cents(149_990)
    );
    let forms = store
        .imports()
        .unwrap()
        .into_iter()
        .filter(|r| r.plugin != "playbooks")
        .count();
    assert_eq!(forms, 1);
    drop(store);
    h.get_by_label("↩ Undo: Form: new Account").click();
    wait_for(&mut h, "the undo", |a| {
        table_ready(a) && a.info().is_some_and(|i| i.accounts == 0)
    });
    let store = Store::open(&db).unwrap();
    let data = Dataset::load(&store).unwrap();
    assert_eq!(data.account_count(), 0);
    assert!(!data.has_revenue());
}
