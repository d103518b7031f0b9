//! Store: round trips, upserts, validation, migrations, refusals, undo.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

mod common;

use common::*;
use rusqlite::Connection;
use tenure::domain::*;
use tenure::store::{ChangeSetMeta, Store, StoreError, WriteMode, WriteOutcome, queries};

fn every_kind() -> Vec<Record> {
    let mut acme = account("A1", "Acme Ltda");
    acme.industry = Some("Retail".into());
    acme.employees = Some(42);
    acme.plan = Some("Pro".into());
    acme.tier = Some("high_touch".into());
    acme.csm = Some("Ana Souza".into());
    acme.customer_since = Some(date("2024-01-15"));
    acme.renewal_on = Some(date("2025-01-15"));
    acme.licenses = Some(30);
    acme.acquisition_cost = Some(Money::from_cents(350_000));
    acme.custom
        .insert("CNPJ".into(), "00.123.456/0001-90".into());
    vec![
        Record::Csm(Csm {
            name: "Bruno Lima".into(),
            email: Some("bruno@example.com".into()),
            capacity_hours: Some(100.0),
            active: Some(true),
        }),
        Record::Account(acme),
        Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: month("2024-02"),
            mrr: Money::from_cents(149_000),
        }),
        Record::Subscription(Subscription {
            account: "A1".into(),
            external_id: Some("S-9".into()),
            start: date("2024-01-15"),
            end: None,
            amount: Money::from_cents(1_200_000),
            billing_period: Some(BillingPeriod::Annual),
            product: Some("Analytics add-on".into()),
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: None,
        }),
        Record::SurveyResponse(SurveyResponse {
            account: "Acme Ltda".into(), // by exact name
            date: date("2024-03-01"),
            kind: SurveyKind::Nps,
            score: 9,
            respondent: Some("Carla".into()),
            comment: Some("ótimo".into()),
        }),
        Record::Ticket(Ticket {
            requester: None,
            account: "A1".into(),
            external_id: Some("T-1".into()),
            opened_at: Instant::parse("2024-03-02T10:00:00-03:00").unwrap(),
            first_response_at: Some(Instant::parse("2024-03-02T11:30:00-03:00").unwrap()),
            resolved_at: None,
            category: Some("billing".into()),
            priority: Some("high".into()),
            channel: Some("email".into()),
        }),
        Record::Usage(Usage {
            account: "A1".into(),
            month: month("2024-03"),
            active_users: Some(25),
            total_users: Some(30),
            adopters: Some(12),
            licenses: Some(30),
            events: Some(900),
        }),
        Record::Activity(Activity {
            account: "A1".into(),
            external_id: None,
            date: date("2024-03-05"),
            kind: "qbr".into(),
            csm: Some("Ana Souza".into()),
            minutes: Some(90),
            notes: None,
        }),
        Record::Opportunity(Opportunity {
            account: "A1".into(),
            external_id: Some("O-1".into()),
            kind: OpportunityKind::Upsell,
            status: OpportunityStatus::Won,
            amount: Some(Money::from_cents(50_000)),
            created_on: Some(date("2024-03-01")),
            closed_on: Some(date("2024-03-20")),
        }),
        Record::AcquisitionSpend(AcquisitionSpend {
            month: month("2024-01"),
            amount: Money::from_cents(1_000_050),
            channel: Some("events".into()),
        }),
    ]
}

#[test]
fn every_kind_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    let summary = write_all(&mut store, "crm", &every_kind());
    assert_eq!(summary.inserted, 10);
    assert_eq!(summary.rejected, 0);

    let conn = store.conn();
    let accounts = queries::accounts(&store).unwrap();
    assert_eq!(accounts.len(), 1);
    let a = &accounts[0].account;
    assert_eq!(accounts[0].source, "crm");
    assert_eq!(
        a.csm.as_deref(),
        Some("Ana Souza"),
        "unknown CSM created and linked"
    );
    assert_eq!(a.employees, Some(42));
    assert_eq!(a.customer_since, Some(date("2024-01-15")));
    assert_eq!(a.acquisition_cost, Some(Money::from_cents(350_000)));
    assert_eq!(
        a.custom.get("CNPJ").map(String::as_str),
        Some("00.123.456/0001-90")
    );
    assert_eq!(a.effective_status(), AccountStatus::Active);

    let csms: Vec<(String, f64)> = conn
        .prepare("SELECT name, capacity_hours FROM csm ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        csms,
        [
            ("Ana Souza".to_string(), 120.0),
            ("Bruno Lima".to_string(), 100.0)
        ]
    );

    let row = |sql: &str| -> String {
        conn.query_row(sql, [], |r| {
            let n = r.as_ref().column_count();
            let mut parts = Vec::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                parts.push(match v {
                    rusqlite::types::Value::Null => "∅".to_string(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(_) => "blob".to_string(),
                });
            }
            Ok(parts.join("|"))
        })
        .unwrap()
    };
    assert_eq!(row("SELECT month, mrr_cents FROM mrr"), "202402|149000");
    assert_eq!(
        row("SELECT start, \"end\", amount_cents, billing_period, product FROM subscription"),
        "2024-01-15|∅|1200000|annual|Analytics add-on"
    );
    assert_eq!(
        row("SELECT date, kind, score, respondent, comment FROM survey_response"),
        "2024-03-01|nps|9|Carla|ótimo"
    );
    assert_eq!(
        row("SELECT external_id, opened_at, first_response_at, resolved_at, category FROM ticket"),
        "T-1|2024-03-02T10:00:00-03:00|2024-03-02T11:30:00-03:00|∅|billing"
    );
    assert_eq!(
        row("SELECT month, active_users, total_users, adopters, licenses, events FROM usage"),
        "202403|25|30|12|30|900"
    );
    assert_eq!(
        row("SELECT date, kind, csm, minutes FROM activity"),
        "2024-03-05|qbr|Ana Souza|90"
    );
    assert_eq!(
        row("SELECT kind, status, amount_cents, created_on, closed_on FROM opportunity"),
        "upsell|won|50000|2024-03-01|2024-03-20"
    );
    assert_eq!(
        row("SELECT month, amount_cents, channel FROM acquisition_spend"),
        "202401|1000050|events"
    );
    // The annual subscription adds 12,000.00 / 12 to every month it covers.
    let data = tenure::metrics::Dataset::load(&store).unwrap();
    assert_eq!(
        data.account_mrr(accounts[0].id, month("2024-02")),
        Some(Money::from_cents(249_000))
    );
}

#[test]
fn reimport_is_idempotent_and_counts_unchanged() {
    let mut store = Store::open_in_memory().unwrap();
    write_all(&mut store, "crm", &every_kind());
    let before = dump(&store);
    let second = write_all(&mut store, "crm", &every_kind());
    assert_eq!(
        (second.inserted, second.updated, second.unchanged),
        (0, 0, 10)
    );
    assert_eq!(dump(&store), before);
}

#[test]
fn update_then_undo_restores_exact_state() {
    let mut store = Store::open_in_memory().unwrap();
    write_all(&mut store, "crm", &every_kind());
    let before = dump(&store);

    let mut changed = account("A1", "Acme Ltda");
    changed.plan = Some("Enterprise".into());
    changed.custom.insert("Segment".into(), "SMB".into());
    let records = vec![
        Record::Account(changed),
        Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: month("2024-02"),
            mrr: Money::from_cents(200_000),
        }),
        Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: month("2024-03"),
            mrr: Money::from_cents(200_000),
        }),
        Record::Account(account("A2", "Beta SA")),
    ];
    let summary = write_all(&mut store, "crm", &records);
    assert_eq!((summary.inserted, summary.updated), (2, 2));
    let a = &queries::accounts(&store).unwrap()[0].account;
    assert_eq!(a.plan.as_deref(), Some("Enterprise"));
    // Merge: fields the import left empty keep their values; custom fields merge.
    assert_eq!(a.industry.as_deref(), Some("Retail"));
    assert_eq!(a.custom.len(), 2);

    let report = store.undo_import(summary.import_id.unwrap()).unwrap();
    assert_eq!((report.removed, report.restored), (2, 2));
    assert_eq!(dump(&store), before);
    let err = store.undo_import(summary.import_id.unwrap()).unwrap_err();
    assert!(err.to_string().contains("already undone"), "{err}");
}

#[test]
fn undo_refuses_when_a_later_import_depends_on_it() {
    let mut store = Store::open_in_memory().unwrap();
    let first = write_all(&mut store, "crm", &[Record::Account(account("A1", "Acme"))]);
    let later = write_all(
        &mut store,
        "crm",
        &[Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: month("2024-01"),
            mrr: Money::from_cents(100),
        })],
    );
    let err = store.undo_import(first.import_id.unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "import {} changed records that import {} wrote; undo import {} first",
            later.import_id.unwrap(),
            first.import_id.unwrap(),
            later.import_id.unwrap()
        )
    );
    store.undo_import(later.import_id.unwrap()).unwrap();
    store.undo_import(first.import_id.unwrap()).unwrap();
    assert_eq!(dump(&store), "");
}

#[test]
fn rejections_name_field_and_value_and_write_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    write_all(&mut store, "crm", &[Record::Account(account("A1", "Acme"))]);
    let before = dump(&store);
    let mut cs = store.change_set(ChangeSetMeta::new("test", "crm")).unwrap();
    let nps = cs
        .write(&Record::SurveyResponse(SurveyResponse {
            account: "A1".into(),
            date: date("2024-01-01"),
            kind: SurveyKind::Nps,
            score: 11,
            respondent: None,
            comment: None,
        }))
        .unwrap_err();
    assert_eq!(
        nps[0].to_string(),
        "field `score`: `11` is outside the NPS scale 0–10"
    );
    let negative = cs
        .write(&Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: month("2024-01"),
            mrr: Money::from_cents(-500),
        }))
        .unwrap_err();
    assert_eq!(
        (negative[0].field.as_str(), negative[0].value.as_str()),
        ("mrr", "-5.00")
    );
    let unknown = cs
        .write(&Record::Mrr(MrrRecord {
            account: "NOPE".into(),
            month: month("2024-01"),
            mrr: Money::from_cents(500),
        }))
        .unwrap_err();
    assert_eq!(
        (unknown[0].field.as_str(), unknown[0].value.as_str()),
        ("account", "NOPE")
    );
    assert!(matches!(
        cs.write(&Record::Account(account("B1", "Beta"))),
        Ok(WriteOutcome::Inserted(_))
    ));
    let dup = cs
        .write(&Record::Account(account("B1", "Beta again")))
        .unwrap_err();
    assert_eq!(
        (dup[0].field.as_str(), dup[0].value.as_str()),
        ("external_id", "B1")
    );
    assert_eq!(cs.summary().rejected, 4);
    let summary = cs.rollback();
    assert_eq!(summary.inserted, 1);
    assert_eq!(
        dump(&store),
        before,
        "a rolled-back change set writes nothing"
    );
    assert!(
        store.imports().unwrap().iter().all(|r| r.id == 1),
        "no history row left"
    );
}

#[test]
fn replace_mode_clears_fields_a_form_leaves_empty() {
    let mut store = Store::open_in_memory().unwrap();
    write_all(&mut store, "manual", &every_kind()[1..2]);
    let mut meta = ChangeSetMeta::new("manual", "manual");
    meta.mode = WriteMode::Replace;
    let mut cs = store.change_set(meta).unwrap();
    let mut edited = account("A1", "Acme Ltda");
    edited.plan = Some("Starter".into());
    assert!(matches!(
        cs.write(&Record::Account(edited)),
        Ok(WriteOutcome::Updated(_))
    ));
    cs.commit().unwrap();
    let a = &queries::accounts(&store).unwrap()[0].account;
    assert_eq!(a.plan.as_deref(), Some("Starter"));
    assert_eq!(a.industry, None);
    assert_eq!(a.csm, None);
    assert_eq!(a.effective_status(), AccountStatus::Active);
}

#[test]
fn records_without_ids_are_keyed_by_occurrence() {
    // Two identical anonymous NPS answers the same day are two responses,
    // and importing the same file again still changes nothing.
    let nps = Record::SurveyResponse(SurveyResponse {
        account: "A1".into(),
        date: date("2024-05-01"),
        kind: SurveyKind::Nps,
        score: 10,
        respondent: None,
        comment: None,
    });
    let records = vec![Record::Account(account("A1", "Acme")), nps.clone(), nps];
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(write_all(&mut store, "s", &records).inserted, 3);
    let again = write_all(&mut store, "s", &records);
    assert_eq!((again.inserted, again.unchanged), (0, 3));
}

fn temp_db(dir: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    dir.path().join(name)
}

#[test]
fn migrates_a_new_file_and_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "nested/folder/t.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        tenure::store::schema::current_version()
    );
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // 16, then task and playbook_fired (issue #21), purchase and fx_rate
    // (revenue.md).
    assert_eq!(tables, 20);
    drop(conn);
    Store::open(&path).unwrap();
}

/// The names of the indexes `condition` picks from `sqlite_master`, sorted.
fn index_names(conn: &Connection, condition: &str) -> Vec<String> {
    conn.prepare(&format!(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND {condition} ORDER BY name"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn migrating_a_version_1_file_keeps_every_row_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "v1.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(tenure::store::schema::MIGRATIONS[0])
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 1;
             INSERT INTO import_run (id, plugin, source, started_at, status)
                 VALUES (7, 'csv', 'csv', '2025-01-01T00:00:00Z', 'committed');
             INSERT INTO account (id, source, external_id, name) VALUES (3, 'csv', 'A1', 'Acme');
             INSERT INTO mrr (id, account_id, month, source, mrr_cents, import_id)
                 VALUES (11, 3, 202401, 'csv', 1000, 7), (12, 3, 202402, 'csv', 1250, NULL);
             INSERT INTO usage (id, account_id, month, source, active_users, total_users,
                     adopters, licenses, events, import_id)
                 VALUES (5, 3, 202401, 'csv', 4, 10, 3, 10, 99, 7);
             INSERT INTO survey_response (id, source, nkey, account_id, date, kind, score,
                     respondent, comment, import_id)
                 VALUES (8, 'csv', '3|2024-01-05|nps|#1', 3, '2024-01-05', 'nps', 9, 'ana@acme.com', 'ok', 7);
             INSERT INTO ticket (id, source, nkey, account_id, external_id, opened_at, import_id)
                 VALUES (9, 'csv', 'x:T-1', 3, 'T-1', '2024-01-06T10:00:00', 7);",
            tenure::store::schema::APPLICATION_ID
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    // 4: the account's monthly fee column (issue #16); 5: the prospect
    // status; 6: tasks and the playbook rules' fired triggers (issue #21);
    // 7, 8: purchase and fx_rate (revenue.md); 9: survey responses and
    // tickets without an account (#24); 10: a subscription's trial,
    // discount and scheduled cancellation (revenue.md); 11: a
    // subscription's own currency (revenue.md); 12: the (source, nkey)
    // keys as named unique indexes; 13: no month indexes.
    assert_eq!(store.schema_version().unwrap(), 13);
    assert_eq!(
        store.schema_version().unwrap(),
        tenure::store::schema::current_version()
    );
    let conn = store.conn();
    // Migration 9 rebuilt both tables: same rows, ids and accounts.
    let survey: (i64, i64, String, i64, String) = conn
        .query_row(
            "SELECT id, account_id, nkey, score, respondent FROM survey_response",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        survey,
        (8, 3, "3|2024-01-05|nps|#1".into(), 9, "ana@acme.com".into())
    );
    let ticket: (i64, i64, String, Option<String>) = conn
        .query_row(
            "SELECT id, account_id, external_id, requester FROM ticket",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(ticket, (9, 3, "T-1".into(), None));
    // Migration 12 moved their keys into named unique indexes.
    assert_eq!(
        index_names(
            conn,
            "tbl_name IN ('survey_response', 'ticket') AND sql LIKE 'CREATE UNIQUE%'"
        ),
        ["survey_response_key", "ticket_key"]
    );
    let twice = conn.execute(
        "INSERT INTO ticket (source, nkey, account_id, opened_at) VALUES ('csv', 'x:T-1', 3, '2024-02-01')",
        [],
    );
    assert!(twice.is_err(), "the ticket's key is still unique");
    let mrr: Vec<(i64, i64, i64, String, i64, Option<i64>)> = conn
        .prepare("SELECT id, account_id, month, source, mrr_cents, import_id FROM mrr ORDER BY id")
        .unwrap()
        .query_map([], |r| {
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
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        mrr,
        vec![
            (11, 3, 202401, "csv".to_string(), 1000, Some(7)),
            (12, 3, 202402, "csv".to_string(), 1250, None)
        ]
    );
    let usage: (i64, i64, i64, i64, i64, i64, i64) = conn
        .query_row(
            "SELECT id, account_id, month, active_users, total_users, adopters, events FROM usage",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(usage, (5, 3, 202401, 4, 10, 3, 99));
    // The keys are still unique, now through named indexes.
    for (table, value) in [("mrr", "mrr_cents"), ("usage", "events")] {
        let duplicate = conn
            .execute(
                &format!("INSERT INTO {table} (account_id, month, source, {value}) SELECT account_id, month, source, 1 FROM {table} LIMIT 1"),
                [],
            )
            .unwrap_err();
        assert!(
            duplicate.to_string().contains("UNIQUE"),
            "{table}: {duplicate}"
        );
    }
    // 13 dropped the month indexes.
    assert_eq!(
        index_names(conn, "tbl_name IN ('mrr', 'usage')"),
        ["mrr_key", "usage_key"]
    );
    // Migration 5 (issue 23): the account table was rebuilt with the
    // `prospect` status and its rows, ids and references kept (the mrr
    // rows above still point at account 3); a prospect written as active
    // gets the store's `converted_on`, cleared when written back.
    let (id, status): (i64, String) = conn
        .query_row("SELECT id, status FROM account", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((id, status.as_str()), (3, "active"));
    conn.execute("UPDATE account SET status = 'prospect' WHERE id = 3", [])
        .unwrap();
    let converted = |c: &Connection| -> Option<String> {
        c.query_row("SELECT converted_on FROM account WHERE id = 3", [], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(converted(conn), None);
    conn.execute("UPDATE account SET status = 'active' WHERE id = 3", [])
        .unwrap();
    assert!(converted(conn).is_some_and(|d| d.len() == 10));
    conn.execute("UPDATE account SET status = 'prospect' WHERE id = 3", [])
        .unwrap();
    assert_eq!(converted(conn), None);
    assert!(
        conn.execute("UPDATE account SET status = 'lead' WHERE id = 3", [])
            .is_err()
    );
}

#[test]
fn refuses_a_newer_database_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "newer.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; CREATE TABLE future(x);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer version of Tenure"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn refuses_corrupt_and_foreign_files_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = temp_db(&dir, "garbage.db");
    std::fs::write(
        &garbage,
        b"this is a spreadsheet, not a database\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&garbage).unwrap();
    let err = Store::open(&garbage).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("is not a Tenure database"));
    assert_eq!(std::fs::read(&garbage).unwrap(), before);

    // A real database cut in half.
    let truncated = temp_db(&dir, "truncated.db");
    {
        let mut store = Store::open(&truncated).unwrap();
        tenure::demo::generate(
            &mut store,
            &tenure::demo::DemoParams {
                accounts: 50,
                months: 6,
                seed: 1,
                end: month("2025-06"),
            },
            &mut |_| true,
        )
        .unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let _ = std::fs::remove_file(truncated.with_extension("db-wal"));
    match Store::open(&truncated) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(store) => {
            // SQLite may open a truncated file lazily; reading it must fail cleanly.
            assert!(queries::record_counts(&store).is_err());
        }
    }

    let foreign = temp_db(&dir, "foreign.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes(name TEXT);")
        .unwrap();
    let err = Store::open(&foreign).err().unwrap();
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err}");
}

// Undo plan and touched accounts (import view, importui).
#[test]
fn undo_plan_says_what_undo_will_do_and_touched_accounts_are_listed() {
    let mut store = Store::open_in_memory().unwrap();
    let first = write_all(
        &mut store,
        "crm",
        &[
            Record::Account(account("A1", "Acme")),
            Record::Account(account("A2", "Beta")),
        ],
    );
    let mut changed = account("A1", "Acme");
    changed.plan = Some("Pro".into());
    let later = write_all(
        &mut store,
        "crm",
        &[
            Record::Account(changed),
            Record::Account(account("A3", "Gama")),
            Record::Mrr(MrrRecord {
                account: "A2".into(),
                month: month("2024-01"),
                mrr: Money::from_cents(100),
            }),
        ],
    );
    let (first, later) = (first.import_id.unwrap(), later.import_id.unwrap());
    let plan = store.undo_plan(later).unwrap();
    assert_eq!(
        plan.remove,
        vec![("account".to_string(), 1), ("mrr".to_string(), 1)]
    );
    assert_eq!(plan.restore, vec![("account".to_string(), 1)]);
    assert_eq!(plan.blocked_by, None);
    // The first import is blocked by the later one, as undo_import says.
    assert_eq!(store.undo_plan(first).unwrap().blocked_by, Some(later));
    // Touched by the later import: A1 (updated), A2 (an MRR row), A3 (new).
    let touched: Vec<String> = store
        .accounts_touched_by(later)
        .unwrap()
        .into_iter()
        .map(|(_, ext, _)| ext)
        .collect();
    assert_eq!(touched, vec!["A1", "A2", "A3"]);
    // The plan matches what undo then does.
    let report = store.undo_import(later).unwrap();
    assert_eq!((report.removed, report.restored), (2, 1));
    assert_eq!(store.undo_plan(first).unwrap().blocked_by, None);
}

/// Two connections creating the same new file at once (the window's worker
/// and its import thread on a first start with `tenure FILE`): both open
/// it, and the schema is made once.
#[test]
fn two_openers_of_a_new_file_at_once_both_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("new-{round}.db"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path).map(|s| s.schema_version().unwrap())
                })
            })
            .collect();
        for h in handles {
            let version = h
                .join()
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(version, tenure::store::schema::current_version());
        }
    }
}
