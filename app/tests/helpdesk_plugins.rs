//! The helpdesk importers (Freshdesk, Zoho Desk, Movidesk, and Zendesk
//! beside them) as the built libraries, through the real host, store and
//! `tenure metrics`: each export is chosen above the generic CSV plugin
//! and the CRM importers, read as tickets (never accounts), matched by the
//! account it names, the requester's e-mail (a contact) or its domain, or
//! else counted in the company's support figures only; a first response
//! before the opening loses its time, not its ticket; importing again
//! changes nothing. Fixtures: each plugin's `tests/fixtures`, built to the
//! layouts its README documents (Zendesk's: the export header its
//! README lists).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use tenure::cli::import::{ImportArgs, run_with};
use tenure::importing::{FileReport, PluginHost};
use tenure::store::Store;

const PLUGINS: [&str; 7] = [
    "tenure_plugin_csv",
    "tenure_plugin_hubspot",
    "tenure_plugin_salesforce",
    "tenure_plugin_zendesk",
    "tenure_plugin_freshdesk",
    "tenure_plugin_zoho_desk",
    "tenure_plugin_movidesk",
];

fn host() -> PluginHost {
    let libs: Vec<PathBuf> = PLUGINS.iter().map(|p| common::bundled_plugin(p)).collect();
    let host = PluginHost::load_files(&libs);
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

fn fixture(plugin: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../plugins")
        .join(plugin)
        .join("tests/fixtures")
        .join(name)
}

fn import(store: &mut Store, host: &PluginHost, file: &Path) -> FileReport {
    let args = ImportArgs {
        files: vec![file.to_path_buf()],
        json: true,
        ..ImportArgs::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    run_with(store, host, &args, &mut out, &mut err).unwrap();
    let text = String::from_utf8(out).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// (ticket id, account id or None, opened, first response, resolved, channel)
type Stored = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn tickets(store: &Store) -> Vec<Stored> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT t.external_id, a.external_id, t.opened_at, t.first_response_at,
                    t.resolved_at, t.channel
             FROM ticket t LEFT JOIN account a ON a.id = t.account_id
             ORDER BY t.external_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn ticket(
    id: &str,
    account: Option<&str>,
    opened: &str,
    first: Option<&str>,
    resolved: Option<&str>,
    channel: Option<&str>,
) -> Stored {
    (
        id.into(),
        account.map(str::to_string),
        opened.into(),
        first.map(str::to_string),
        resolved.map(str::to_string),
        channel.map(str::to_string),
    )
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

/// Alpha (Pro, alpha.com.br), Beta (Basic, beta.com.br) with contact
/// carla@beta.com.br, Açaí & Cia (Basic, acai.com.br).
fn database(dir: &Path, host: &PluginHost) -> (PathBuf, Store) {
    let db = dir.join("t.db");
    let mut store = Store::open(&db).unwrap();
    let accounts = dir.join("accounts.csv");
    std::fs::write(
        &accounts,
        "Account ID,Name,Domain,Plan\nA1,Alpha Ltda,alpha.com.br,Pro\nA2,Beta SA,beta.com.br,Basic\nA3,Açaí & Cia,acai.com.br,Basic\n",
    )
    .unwrap();
    let contacts = dir.join("contacts.csv");
    std::fs::write(
        &contacts,
        "Account ID,Contact name,Email\nA2,Carla Lima,Carla@Beta.com.br\n",
    )
    .unwrap();
    assert_eq!(import(&mut store, host, &accounts).inserted, 3);
    assert_eq!(import(&mut store, host, &contacts).inserted, 1);
    (db, store)
}

/// (by account, by e-mail, by domain, anonymous)
fn matching(r: &FileReport) -> (u64, u64, u64, u64) {
    (
        r.matching.by_account,
        r.matching.by_email,
        r.matching.by_domain,
        r.matching.anonymous,
    )
}

/// Imports `file` a second time: every ticket unchanged, nothing else.
fn again_unchanged(store: &mut Store, host: &PluginHost, file: &Path, expected: &[Stored]) {
    let r = import(store, host, file);
    assert_eq!(
        (r.inserted, r.updated, r.unchanged),
        (0, 0, expected.len() as u64),
        "{r:?}"
    );
    assert_eq!(tickets(store), expected);
    assert_eq!(count(store, "SELECT count(*) FROM account"), 3);
}

#[test]
fn each_helpdesk_export_is_chosen_above_the_csv_and_crm_importers() {
    let host = host();
    for (plugin, id, name) in [
        ("freshdesk", "freshdesk", "freshdesk_tickets.csv"),
        ("zoho-desk", "zoho-desk", "zoho_desk_tickets_latin1.csv"),
        ("zoho-desk", "zoho-desk", "zoho_desk_report.csv"),
        ("movidesk", "movidesk", "movidesk_tickets.csv"),
    ] {
        let path = fixture(plugin, name);
        let head = std::fs::read(&path).unwrap();
        match host.choose(&path, &head) {
            tenure::importing::Choice::Chosen(p) => assert_eq!(p.info.id, id, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        let answers = host.detect(&path, &head);
        let of = |id: &str| {
            answers
                .iter()
                .find(|a| a.plugin == id)
                .and_then(|a| a.confidence)
                .unwrap_or(0)
        };
        // The generic reader sees a ticket file, at most 55.
        assert!(of("csv") <= 55, "{name}: csv {}", of("csv"));
        for other in ["hubspot", "salesforce", "zendesk"] {
            assert!(of(other) < of(id), "{name}: {other} {}", of(other));
        }
    }
}

#[test]
fn freshdesk_tickets_match_by_company_contact_and_domain_and_anonymous_ones_count_for_the_company()
{
    let dir = tempfile::tempdir().unwrap();
    let host = host();
    let (db, mut store) = database(dir.path(), &host);
    let file = fixture("freshdesk", "freshdesk_tickets.csv");
    let r = import(&mut store, &host, &file);
    assert_eq!(r.kinds, vec!["ticket".to_string()]);
    assert_eq!(
        (r.status.as_str(), r.inserted, r.rejected),
        ("committed", 4, 0)
    );
    // 1001 names Alpha Ltda; 1002 is Carla's (Beta's contact); 1003's
    // e-mail is at acai.com.br; 1004's matches nothing.
    assert_eq!(matching(&r), (1, 1, 1, 1));
    // 1002 answered at 09:00, opened at 10:00 (line 3): time dropped.
    assert!(
        r.problems
            .iter()
            .any(|p| p.code == "response_before_opening" && p.row == Some(3))
    );
    let expected = [
        ticket(
            "1001",
            Some("A1"),
            "2025-03-03T09:00:00",
            Some("2025-03-03T09:45:00"),
            Some("2025-03-03T17:30:00"),
            Some("Email"),
        ),
        ticket(
            "1002",
            Some("A2"),
            "2025-03-04T10:00:00",
            None,
            None,
            Some("Portal"),
        ),
        ticket(
            "1003",
            Some("A3"),
            "2025-03-05T08:00:00",
            Some("2025-03-05T08:20:00"),
            Some("2025-03-05T12:00:00"),
            Some("Phone"),
        ),
        ticket(
            "1004",
            None,
            "2025-03-06T11:00:00",
            None,
            None,
            Some("Chat"),
        ),
    ];
    assert_eq!(tickets(&store), expected);
    again_unchanged(&mut store, &host, &file, &expected);
    drop(store);

    // Company figures for March 2025 (by hand): open at the month's end
    // 1002 and the anonymous 1004 → 2; first responses 45 and 20 minutes →
    // median 32.5 min = 0.5417 h; resolutions 8.5 h and 4 h → 6.25 h.
    let all = metrics(&db, &["--month", "2025-03"]);
    assert_eq!(all["open_tickets"], 2);
    let first = all["first_response_hours_median"].as_f64().unwrap();
    assert!((first - 32.5 / 60.0).abs() < 1e-9, "{first}");
    assert_eq!(all["resolution_hours_median"], 6.25);
    // Basic's segment: Beta's 1002 and Açaí's 1003 only, never 1004.
    let basic = metrics(&db, &["--month", "2025-03", "--where", "plan=Basic"]);
    assert_eq!(basic["open_tickets"], 1);
    assert_eq!(basic["resolution_hours_median"], 4.0);
}

#[test]
fn zoho_desk_exports_latin1_module_and_report_are_tickets_matched_the_same_ways() {
    let dir = tempfile::tempdir().unwrap();
    let host = host();
    let (_db, mut store) = database(dir.path(), &host);
    let module = fixture("zoho-desk", "zoho_desk_tickets_latin1.csv");
    let r = import(&mut store, &host, &module);
    assert_eq!((r.inserted, r.rejected), (3, 0), "{r:?}");
    // 2001 Alpha Ltda and 2003 "Açaí & Cia" (Latin-1) by name; 2002 Carla's.
    assert_eq!(matching(&r), (2, 1, 0, 0));
    let report = fixture("zoho-desk", "zoho_desk_report.csv");
    let r = import(&mut store, &host, &report);
    assert_eq!(matching(&r), (1, 0, 0, 1));
    let expected = [
        ticket(
            "2001",
            Some("A1"),
            "2025-03-13T09:00:00",
            None,
            Some("2025-03-13T17:30:00"),
            Some("Email"),
        ),
        ticket(
            "2002",
            Some("A2"),
            "2025-03-14T10:00:00",
            None,
            None,
            Some("Web"),
        ),
        ticket(
            "2003",
            Some("A3"),
            "2025-03-15T08:00:00",
            None,
            None,
            Some("Phone"),
        ),
        ticket(
            "3001",
            Some("A1"),
            "2025-03-10T09:00:00",
            None,
            Some("2025-03-10T11:00:00"),
            None,
        ),
        ticket("3002", None, "2025-03-11T14:00:00", None, None, None),
    ];
    assert_eq!(tickets(&store), expected);
    for (file, rows) in [(&module, 3), (&report, 2)] {
        let r = import(&mut store, &host, file);
        assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, rows));
    }
    assert_eq!(tickets(&store), expected);
    assert_eq!(count(&store, "SELECT count(*) FROM account"), 3);
}

#[test]
fn movidesk_api_tables_are_tickets_with_the_real_first_response_and_channel_names() {
    let dir = tempfile::tempdir().unwrap();
    let host = host();
    let (_db, mut store) = database(dir.path(), &host);
    let file = fixture("movidesk", "movidesk_tickets.csv");
    let r = import(&mut store, &host, &file);
    assert_eq!((r.inserted, r.rejected), (3, 0), "{r:?}");
    assert_eq!(matching(&r), (1, 1, 0, 1));
    let expected = [
        ticket(
            "4001",
            Some("A1"),
            "2025-03-03T09:00:00",
            Some("2025-03-03T09:45:00"),
            Some("2025-03-03T17:30:00"),
            Some("email"),
        ),
        ticket(
            "4002",
            Some("A2"),
            "2025-03-04T10:00:00",
            None,
            None,
            Some("web (client)"),
        ),
        ticket(
            "4003",
            None,
            "2025-03-05T08:00:00",
            None,
            None,
            Some("chat"),
        ),
    ];
    assert_eq!(tickets(&store), expected);
    again_unchanged(&mut store, &host, &file, &expected);
}

#[test]
fn zendesk_tickets_match_by_organization_contact_and_domain_rematch_later_and_reimport_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let host = host();
    let (db, mut store) = database(dir.path(), &host);
    let file = fixture("zendesk", "zendesk_tickets.csv");
    let head = std::fs::read(&file).unwrap();
    match host.choose(&file, &head) {
        tenure::importing::Choice::Chosen(p) => assert_eq!(p.info.id, "zendesk"),
        other => panic!("{other:?}"),
    }
    let r = import(&mut store, &host, &file);
    assert_eq!(r.kinds, vec!["ticket".to_string()]);
    assert_eq!(
        (r.status.as_str(), r.inserted, r.rejected),
        ("committed", 5, 0),
        "{r:?}"
    );
    // 5001's Organization is "Alpha Ltda"; 5002 is Carla's (Beta's contact,
    // written Carla@Beta.com.br in the file); 5003's e-mail is at
    // acai.com.br; 5004 names only "Gamma Inc", which the database lacks;
    // 5005's luis@delta.org is no one's yet.
    assert_eq!(matching(&r), (1, 1, 1, 2));
    assert_eq!(r.matching.unknown_account, 1);
    // Created at + First reply time in minutes (45 and 20).
    let mut expected = vec![
        ticket(
            "5001",
            Some("A1"),
            "2025-03-03T09:00:00",
            Some("2025-03-03T09:45:00"),
            Some("2025-03-03T17:30:00"),
            Some("Email"),
        ),
        ticket(
            "5002",
            Some("A2"),
            "2025-03-04T10:00:00",
            None,
            None,
            Some("Web"),
        ),
        ticket(
            "5003",
            Some("A3"),
            "2025-03-05T08:00:00",
            Some("2025-03-05T08:20:00"),
            Some("2025-03-05T12:00:00"),
            Some("Phone call (incoming)"),
        ),
        ticket(
            "5004",
            None,
            "2025-03-06T11:00:00",
            None,
            None,
            Some("Chat"),
        ),
        ticket(
            "5005",
            None,
            "2025-03-07T09:00:00",
            None,
            None,
            Some("Email"),
        ),
    ];
    assert_eq!(tickets(&store), expected);
    again_unchanged(&mut store, &host, &file, &expected);

    // A later contacts import gives 5005 its account (re-matching).
    let contacts = dir.path().join("more-contacts.csv");
    std::fs::write(
        &contacts,
        "Account ID,Contact name,Email\nA1,Luís Prado,luis@delta.org\n",
    )
    .unwrap();
    let r = import(&mut store, &host, &contacts);
    assert_eq!((r.inserted, r.matching.rematched), (1, 1), "{r:?}");
    expected[4].1 = Some("A1".into());
    assert_eq!(tickets(&store), expected);
    // Importing the export again now matches 5005 by e-mail, and changes
    // nothing: its key never held the matched account.
    let r = import(&mut store, &host, &file);
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, 5), "{r:?}");
    assert_eq!(matching(&r), (1, 2, 1, 1));
    assert_eq!(tickets(&store), expected);
    assert_eq!(count(&store, "SELECT count(*) FROM account"), 3);
    drop(store);

    // March 2025 by hand. Company: open at the month's end 5002, 5004,
    // 5005 → 3; first replies 45 and 20 min → median 32.5 min; resolutions
    // 8.5 h and 4 h → median 6.25 h. Pro (Alpha): 5001 and now 5005 → one
    // open, resolution 8.5 h. Basic: 5002 open, 5003 in 4 h; never 5004.
    let all = metrics(&db, &["--month", "2025-03"]);
    assert_eq!(all["open_tickets"], 3);
    let first = all["first_response_hours_median"].as_f64().unwrap();
    assert!((first - 32.5 / 60.0).abs() < 1e-9, "{first}");
    assert_eq!(all["resolution_hours_median"], 6.25);
    let pro = metrics(&db, &["--month", "2025-03", "--where", "plan=Pro"]);
    assert_eq!(pro["open_tickets"], 1);
    assert_eq!(pro["resolution_hours_median"], 8.5);
    let basic = metrics(&db, &["--month", "2025-03", "--where", "plan=Basic"]);
    assert_eq!(basic["open_tickets"], 1);
    assert_eq!(basic["resolution_hours_median"], 4.0);
}
