#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Tickets of no account in the window (issue #24), headless with the real
//! CSV plugin, in both languages: the import preview writes "no account" /
//! "sem conta" where the file names none (never a blank cell), the import
//! report says how the tickets found their account, and the First
//! response card's door lists the one account and says how many tickets
//! of no account the figure counts besides.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use tenure::cli::import::{ImportArgs, run_with};
use tenure::format::Locale;
use tenure::importing::PluginHost;
use tenure::store::Store;
use tenure::ui::TenureApp;
use tenure::ui::model::View;

use common::ui::wait_for;

/// T1 names Alpha Ltda; T2 only a company the database lacks; T3 only an
/// e-mail no contact has. All opened in March 2025.
const TICKETS: &str = "ticket_id,created_time,initial_time,resolved_time,company,requester email
T1,2025-03-03 09:00,2025-03-03 09:30,2025-03-03 11:00,Alpha Ltda,
T2,2025-03-04 10:00,2025-03-04 11:00,,Gamma Inc,
T3,2025-03-05 08:00,,,,ze@unknown.org
";

/// A database with Alpha Ltda (A1), imported by the CLI.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("t.db");
    let mut store = Store::open(&db).unwrap();
    let host = PluginHost::load_files(&[common::csv_plugin()]);
    let accounts = dir.join("accounts.csv");
    std::fs::write(
        &accounts,
        "Account ID,Name,Domain,Plan\nA1,Alpha Ltda,alpha.com.br,Pro\n",
    )
    .unwrap();
    let args = ImportArgs {
        files: vec![accounts],
        ..ImportArgs::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    run_with(&mut store, &host, &args, &mut out, &mut err).unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM account", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "{}", String::from_utf8_lossy(&out));
    db
}

struct Words {
    add: &'static str,
    dry_run: &'static str,
    import: &'static str,
    no_account: &'static str,
    report: &'static str,
    card: &'static str,
    door: &'static str,
}

const EN: Words = Words {
    add: "Add",
    dry_run: "🔍 Dry run",
    import: "📥 Import",
    no_account: "no account",
    report: "Matched to an account: 1 by the account the file names; 2 with no account (in the company's figures only), 1 of them naming an account not in this database.",
    card: "First response",
    door: "— and 2 tickets with no account, in the company's figure only",
};

const PT: Words = Words {
    add: "Adicionar",
    dry_run: "🔍 Simular",
    import: "📥 Importar",
    no_account: "sem conta",
    report: "Ligados a uma conta: 1 pela conta que o arquivo cita; 2 sem conta (só nos números da empresa), 1 citando uma conta que não está neste banco de dados.",
    card: "Primeira resposta",
    door: "— e 2 chamados sem conta, só no número da empresa",
};

fn run(locale: Locale, w: &Words) {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let file = dir.path().join("helpdesk.csv");
    std::fs::write(&file, TICKETS).unwrap();
    let mut h: Harness<'static, TenureApp> =
        common::ui::import_harness(db.clone(), View::Import, locale);
    wait_for(&mut h, "the database", |a| a.info().is_some());
    h.state_mut().data.import.path_text = file.display().to_string();
    h.run_steps(2);
    h.get_by_label(w.add).click();
    wait_for(&mut h, "the preview", |a| {
        a.data.import.files.first().is_some_and(|f| {
            f.waiting.is_none()
                && f.inspection.as_ref().is_some_and(|i| {
                    i.description
                        .sheets
                        .iter()
                        .any(|s| s.kind.as_deref() == Some("ticket") && !s.preview.is_empty())
                })
        })
    });
    // T3's row names no account: the cell says so (T2's keeps the company
    // the file wrote, matched or not at import).
    let cells = h.query_all_by_label(w.no_account).count();
    assert_eq!(cells, 1, "one ticket of the preview names no account");
    h.get_by_label("Gamma Inc");

    // The dry run's report already says how the tickets will be matched.
    h.get_by_label(w.dry_run).click();
    wait_for(&mut h, "the dry run", |a| {
        a.data.import.running.is_none() && a.data.import.outcome.as_ref().is_some_and(|o| o.dry_run)
    });
    h.get_by_label(w.report);
    h.get_by_label(w.import).click();
    h.step();
    wait_for(&mut h, "the import", |a| {
        a.data.import.running.is_none()
            && a.data.import.outcome.as_ref().is_some_and(|o| !o.dry_run)
    });
    h.get_by_label(w.report);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: (i64, i64) = conn
        .query_row("SELECT count(*), count(account_id) FROM ticket", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, (3, 1));

    // The First response card of March 2025: its door lists Alpha alone
    // and names the two tickets it cannot list.
    h.state_mut().prefs.view = View::Dashboard;
    wait_for(&mut h, "the cards after the import", |a| {
        a.cards.is_some() && !a.cards_busy() && a.info().is_some_and(|i| i.anonymous == 2)
    });
    h.get_by_role_and_label(egui::accesskit::Role::Button, w.card)
        .click();
    wait_for(&mut h, "the accounts behind the card", |a| {
        a.prefs.view == View::Accounts && a.accounts.query.only_ids.is_some()
    });
    let label = h.state().accounts.focus_label.clone().unwrap_or_default();
    assert!(label.ends_with(w.door), "{label}");
    let ids = h.state().accounts.query.only_ids.clone().unwrap();
    assert_eq!(ids.len(), 1, "{ids:?}");
    h.get_by_label_contains(w.door);
}

#[test]
fn ui_tickets_of_no_account_are_named_so_in_the_preview_report_and_support_door() {
    run(Locale::En, &EN);
}

#[test]
fn ui_tickets_of_no_account_are_named_so_in_portuguese() {
    run(Locale::PtBr, &PT);
}
