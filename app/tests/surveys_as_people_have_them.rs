//! Issue #24 end to end with the real CSV plugin: survey and helpdesk
//! files as people have them (no account, keyed by e-mail, no date, `NA`
//! scores, several scores a row) are read as what they are, never as
//! accounts; responses find their account by a contact's e-mail or by
//! domain, or stay anonymous and count in the company's figures only;
//! a later accounts import matches the ones kept unmatched.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use tenure::cli::import::{ImportArgs, run_with};
use tenure::importing::{FileReport, PluginHost};
use tenure::store::Store;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/tabular/tests/fixtures")
        .join(rel)
}

fn host() -> PluginHost {
    let host = PluginHost::load_files(&[common::csv_plugin()]);
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

fn import(
    store: &mut Store,
    host: &PluginHost,
    file: &Path,
    tweak: impl FnOnce(&mut ImportArgs),
) -> FileReport {
    let mut args = ImportArgs {
        files: vec![file.to_path_buf()],
        json: true,
        ..ImportArgs::default()
    };
    tweak(&mut args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    run_with(store, host, &args, &mut out, &mut err).unwrap();
    let text = String::from_utf8(out).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// `tenure metrics --json` on the database file, with extra arguments.
fn metrics(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(db)
        .args(["metrics", "--json"])
        .args(args)
        .env("TENURE_LANG", "en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Acme (plan Pro, acme.com) with contact ana@acme.com; Beta (Basic, beta.io).
fn accounts_and_contacts(dir: &Path) -> (PathBuf, PathBuf) {
    (
        write(
            dir,
            "accounts.csv",
            "Account ID,Name,Domain,Plan\nA1,Acme,https://www.acme.com,Pro\nB2,Beta,beta.io,Basic\n",
        ),
        write(
            dir,
            "contacts.csv",
            "Account ID,Contact name,Email\nA1,Ana Souza,Ana@Acme.com\n",
        ),
    )
}

#[test]
fn an_anonymous_undated_latin1_survey_is_responses_dated_at_import_never_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let host = host();
    let file = fixture("surveys/retail_latin1.csv");

    // Without a date every row says how to give one; nothing is written.
    let r = import(&mut store, &host, &file, |_| {});
    assert_eq!(r.kinds, vec!["survey_response".to_string()]);
    assert_eq!((r.inserted, r.rejected), (0, 5));
    assert!(
        r.problems
            .iter()
            .any(|p| p.message.contains("--date YYYY-MM-DD"))
    );

    let r = import(&mut store, &host, &file, |a| {
        a.date = Some("2025-03-31".into())
    });
    // 5 rows × (nps, satisfaction) = 10 scores, 2 of them NA.
    assert_eq!(
        (r.status.as_str(), r.inserted, r.rejected),
        ("committed", 8, 0)
    );
    assert_eq!(r.matching.anonymous, 8);
    let skipped = r
        .problems
        .iter()
        .find(|p| p.code == "scores_skipped")
        .expect("the NA scores are counted");
    assert_eq!(skipped.args.get("count").map(String::as_str), Some("2"));
    // The unnamed index column and the id are not accounts.
    assert_eq!(count(&store, "SELECT count(*) FROM account"), 0);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE date = '2025-03-31' AND account_id IS NULL"
        ),
        8
    );
    // Latin-1 comments, on each score of their row.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE comment = 'Trop d''attente à la caisse'"
        ),
        2
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE kind = 'csat'"
        ),
        4
    );
    drop(store);
    // NPS of 9, 3, 10, 6: 2 promoters, 2 detractors → 0; CSAT 4, 5, 2, 3 → 50 %.
    let m = metrics(&dir.path().join("t.db"), &["--month", "2025-03"]);
    assert_eq!(m["nps_responses"], 4);
    assert_eq!(m["nps"], 0.0);
    assert_eq!(m["csat"], 0.5);
}

#[test]
fn e_mail_keyed_responses_match_by_contact_then_domain_and_segments_see_only_matched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).unwrap();
    let host = host();
    let (accounts, contacts) = accounts_and_contacts(dir.path());
    import(&mut store, &host, &accounts, |_| {});
    import(&mut store, &host, &contacts, |_| {});

    let r = import(
        &mut store,
        &host,
        &fixture("surveys/email_keyed.csv"),
        |_| {},
    );
    assert_eq!(r.kinds, vec!["survey_response".to_string()]);
    // ana: her contact's e-mail (NPS 10, CSAT 5); joe@beta.io: Beta's domain
    // (4, 2); bia@acme.com: Acme's domain (CSAT 4, her NPS is NA);
    // someone@unknown.org: anonymous (NPS 8, no CSAT).
    assert_eq!(r.inserted, 6);
    assert_eq!(
        (
            r.matching.by_email,
            r.matching.by_domain,
            r.matching.anonymous
        ),
        (2, 3, 1)
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE comment = 'Too many bugs'"
        ),
        2
    );
    drop(store);
    // Company: NPS 10, 4, 8 → (1 − 1) / 3 = 0; segment Pro: Acme's 10 → 100;
    // Basic: Beta's 4 → −100. The anonymous 8 is in no segment.
    let all = metrics(&db, &["--month", "2025-03"]);
    assert_eq!(
        (all["nps_responses"].clone(), all["nps"].clone()),
        (3.into(), 0.0.into())
    );
    let pro = metrics(&db, &["--month", "2025-03", "--where", "plan=Pro"]);
    assert_eq!(
        (pro["nps_responses"].clone(), pro["nps"].clone()),
        (1.into(), 100.0.into())
    );
    let basic = metrics(&db, &["--month", "2025-03", "--where", "plan=Basic"]);
    assert_eq!(basic["nps"], -100.0);
}

#[test]
fn responses_kept_unmatched_are_matched_by_a_later_accounts_import_and_undo_unmatches_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let host = host();
    let r = import(
        &mut store,
        &host,
        &fixture("surveys/email_keyed.csv"),
        |_| {},
    );
    assert_eq!((r.inserted, r.matching.anonymous), (6, 6));

    let (accounts, _) = accounts_and_contacts(dir.path());
    let r = import(&mut store, &host, &accounts, |_| {});
    // Every response but someone@unknown.org's now has its account by domain.
    assert_eq!(r.matching.rematched, 5);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE account_id IS NULL"
        ),
        1
    );
    // Undoing the accounts import leaves the responses, unmatched again.
    store.undo_import(r.import_id.unwrap()).unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE account_id IS NULL"
        ),
        6
    );
}

#[test]
fn a_product_teams_nps_export_with_multi_line_comments_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let r = import(
        &mut store,
        &host(),
        &fixture("surveys/product_nps.csv"),
        |a| a.date = Some("2025-04-01".into()),
    );
    assert_eq!((r.status.as_str(), r.inserted), ("committed", 4));
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM survey_response WHERE comment = 'Great support,\nfast answers\nthank you' AND score = 10 AND respondent = 'u-4'"
        ),
        1
    );
    assert_eq!(count(&store, "SELECT count(*) FROM account"), 0);
}

#[test]
fn a_helpdesk_export_is_tickets_matched_by_requester_with_bad_times_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).unwrap();
    let host = host();
    let (accounts, contacts) = accounts_and_contacts(dir.path());
    import(&mut store, &host, &accounts, |_| {});
    import(&mut store, &host, &contacts, |_| {});
    let r = import(
        &mut store,
        &host,
        &fixture("tickets/helpdesk_generic.csv"),
        |_| {},
    );
    assert_eq!(r.kinds, vec!["ticket".to_string()]);
    assert_eq!((r.inserted, r.rejected), (3, 0));
    assert_eq!(
        (
            r.matching.by_email,
            r.matching.by_domain,
            r.matching.anonymous
        ),
        (1, 1, 1)
    );
    // Ticket 1003's first response (07:30) is before its opening (08:00).
    assert!(
        r.problems
            .iter()
            .any(|p| p.code == "response_before_opening" && p.row == Some(4))
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM ticket WHERE external_id = '1003' AND first_response_at IS NULL AND resolved_at IS NOT NULL"
        ),
        1
    );
    // `NA` resolution: still open.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM ticket WHERE external_id = '1002' AND resolved_at IS NULL AND channel = 'Phone' AND category = 'Bug'"
        ),
        1
    );
    assert_eq!(count(&store, "SELECT count(*) FROM account"), 2);
    drop(store);
    // Opened in March 2025 and open at its end: 1002 (Beta's) only; the
    // anonymous 1003 counts in the company, not in Basic's segment.
    let all = metrics(&db, &["--month", "2025-03"]);
    assert_eq!(all["open_tickets"], 1);
    // 1001: 45 minutes to first response; 1003 has none any more.
    assert_eq!(all["first_response_hours_median"], 0.75);
    // Resolution: 1001 8.5 h, 1003 4 h → median 6.25 h (anonymous included).
    assert_eq!(all["resolution_hours_median"], 6.25);
    let pro = metrics(&db, &["--month", "2025-03", "--where", "plan=Pro"]);
    assert_eq!(pro["resolution_hours_median"], 8.5);
}

#[test]
fn a_satisfaction_column_scored_zero_to_ten_is_refused_unless_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let host = host();
    let file = fixture("surveys/satisfaction_ten.csv");
    let r = import(&mut store, &host, &file, |a| {
        a.date = Some("2025-04-01".into());
        a.dry_run = true;
    });
    assert_eq!(r.inserted, 2); // the nps column only
    assert!(
        r.problems.iter().any(
            |p| p.code == "score_scale_mismatch" && p.column.as_deref() == Some("satisfaction")
        )
    );
    let r = import(&mut store, &host, &file, |a| {
        a.date = Some("2025-04-01".into());
        a.map = vec!["nps=satisfaction".into(), "nps=nps".into()];
    });
    assert_eq!((r.inserted, r.rejected), (4, 0));
}
