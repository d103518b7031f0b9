//! Form edits on the store (update, delete, write for a known account) and
//! their undo; the accounts table's search, filters and sort; export sheets.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

mod common;

use common::*;
use tenure::accounts::{AccountTable, BandFilter, ChurnFilter, Column, TableQuery};
use tenure::domain::*;
use tenure::export::{Cell, sheets};
use tenure::metrics::Dataset;
use tenure::store::{ChangeSetMeta, Store, WriteMode, WriteOutcome};

fn base() -> Vec<Record> {
    let mut acme = account("A1", "Acme Ltda");
    acme.plan = Some("Pro".into());
    acme.tier = Some("high_touch".into());
    acme.csm = Some("Ana Souza".into());
    acme.domain = Some("acme.com.br".into());
    acme.customer_since = Some(date("2024-01-15"));
    acme.custom.insert("CNPJ".into(), "00.123".into());
    let mut beta = account("B2", "Beta SA");
    beta.plan = Some("Basic".into());
    beta.csm = Some("Ana Souza".into());
    beta.renewal_on = Some(date("2025-06-30"));
    let mut gone = account("C3", "Cia Gone");
    gone.plan = Some("Pro".into());
    gone.status = Some(AccountStatus::Churned);
    vec![
        Record::Account(acme),
        Record::Account(beta),
        Record::Account(gone),
        Record::Mrr(MrrRecord {
            account: "A1".into(),
            month: month("2024-03"),
            mrr: Money::from_cents(100_000),
        }),
        Record::Mrr(MrrRecord {
            account: "B2".into(),
            month: month("2024-03"),
            mrr: Money::from_cents(30_000),
        }),
        Record::SurveyResponse(SurveyResponse {
            account: "A1".into(),
            date: date("2024-03-01"),
            kind: SurveyKind::Nps,
            score: 9,
            respondent: Some("Carla".into()),
            comment: None,
        }),
        Record::Activity(Activity {
            account: "A1".into(),
            external_id: None,
            date: date("2024-03-21"),
            kind: "qbr".into(),
            csm: None,
            minutes: Some(60),
            notes: None,
        }),
        Record::Ticket(Ticket {
            requester: None,
            account: "A1".into(),
            external_id: Some("T-1".into()),
            opened_at: Instant::parse("2024-03-02T10:00:00").unwrap(),
            first_response_at: None,
            resolved_at: None,
            category: None,
            priority: None,
            channel: None,
        }),
    ]
}

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    write_all(&mut s, "crm", &base());
    s
}

fn manual(store: &mut Store) -> tenure::store::ChangeSet<'_> {
    let mut meta = ChangeSetMeta::new("manual", "manual");
    meta.mode = WriteMode::Replace;
    store.change_set(meta).unwrap()
}

fn id_of(store: &Store, external_id: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM account WHERE external_id = ?1",
            [external_id],
            |r| r.get(0),
        )
        .unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn delete_account_then_undo_restores_everything() {
    let mut s = store();
    let before = dump(&s);
    let a1 = id_of(&s, "A1");
    let mut cs = manual(&mut s);
    // The account, its MRR, survey, activity and ticket.
    assert_eq!(cs.delete_row(RecordKind::Account, a1).unwrap(), 5);
    let id = cs.commit().unwrap().import_id.unwrap();
    assert_eq!(count(&s, "account"), 2);
    assert_eq!(count(&s, "survey_response"), 0);
    assert_eq!(count(&s, "mrr"), 1);
    let report = s.undo_import(id).unwrap();
    assert_eq!(report.restored, 5);
    assert_eq!(dump(&s), before);
}

#[test]
fn delete_csm_then_undo_gives_the_accounts_their_csm_back() {
    let mut s = store();
    let before = dump(&s);
    let csm: i64 = s
        .conn()
        .query_row("SELECT id FROM csm WHERE name = 'Ana Souza'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut cs = manual(&mut s);
    cs.delete_row(RecordKind::Csm, csm).unwrap();
    let id = cs.commit().unwrap().import_id.unwrap();
    let with_csm: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM account WHERE csm_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with_csm, 0);
    s.undo_import(id).unwrap();
    assert_eq!(dump(&s), before);
}

#[test]
fn edit_account_then_undo_restores_it() {
    let mut s = store();
    let before = dump(&s);
    let a1 = id_of(&s, "A1");
    let mut edited = account("A1-new", "Acme Ltda");
    edited.tier = Some("tech_touch".into());
    edited.csm = Some("Bruno Lima".into()); // a new CSM is created
    let mut cs = manual(&mut s);
    let out = cs.update_row(a1, &Record::Account(edited), None).unwrap();
    assert_eq!(out, WriteOutcome::Updated(a1));
    let id = cs.commit().unwrap().import_id.unwrap();
    let (ext, tier, plan, custom, csm): (String, String, Option<String>, String, String) = s
        .conn()
        .query_row(
            "SELECT a.external_id, a.tier, a.plan, a.custom, c.name FROM account a
             JOIN csm c ON c.id = a.csm_id WHERE a.id = ?1",
            [a1],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    // A form is the whole truth: the plan and custom fields it left empty are cleared.
    assert_eq!(
        (
            ext.as_str(),
            tier.as_str(),
            plan,
            custom.as_str(),
            csm.as_str()
        ),
        ("A1-new", "tech_touch", None, "{}", "Bruno Lima")
    );
    s.undo_import(id).unwrap();
    assert_eq!(dump(&s), before);
}

#[test]
fn invalid_nps_in_an_edit_is_rejected_and_changes_nothing() {
    let mut s = store();
    let before = dump(&s);
    let a1 = id_of(&s, "A1");
    let survey: i64 = s
        .conn()
        .query_row("SELECT id FROM survey_response", [], |r| r.get(0))
        .unwrap();
    let mut cs = manual(&mut s);
    let bad = Record::SurveyResponse(SurveyResponse {
        account: "A1".into(),
        date: date("2024-03-01"),
        kind: SurveyKind::Nps,
        score: 11,
        respondent: None,
        comment: None,
    });
    let errors = cs.update_row(survey, &bad, Some(a1)).unwrap_err();
    assert_eq!(errors[0].field, "score");
    assert_eq!(errors[0].value, "11");
    assert_eq!(cs.summary().rejected, 1);
    let _ = cs.rollback();
    assert_eq!(dump(&s), before);
}

#[test]
fn write_for_account_adds_mrr_and_undo_removes_it() {
    let mut s = store();
    let before = dump(&s);
    let a1 = id_of(&s, "A1");
    let mut cs = manual(&mut s);
    let rec = Record::Mrr(MrrRecord {
        account: "A1".into(),
        month: month("2024-03"),
        mrr: Money::from_cents(25_050),
    });
    assert!(matches!(
        cs.write_for_account(&rec, a1).unwrap(),
        WriteOutcome::Inserted(_)
    ));
    let id = cs.commit().unwrap().import_id.unwrap();
    // Snapshots of different sources for one month add up: 1000.00 + 250.50.
    let data = Dataset::load(&s).unwrap();
    assert_eq!(
        data.account_mrr(a1, month("2024-03")),
        Some(Money::from_cents(125_050))
    );
    s.undo_import(id).unwrap();
    assert_eq!(dump(&s), before);
}

#[test]
fn undoing_an_import_whose_rows_a_form_deleted_is_refused() {
    let mut s = store();
    let first = s.imports().unwrap()[0].id;
    let b2 = id_of(&s, "B2");
    let mut cs = manual(&mut s);
    cs.delete_row(RecordKind::Account, b2).unwrap();
    let later = cs.commit().unwrap().import_id.unwrap();
    let err = s.undo_import(first).unwrap_err().to_string();
    assert!(err.contains(&format!("undo import {later} first")), "{err}");
}

fn table(s: &Store) -> (AccountTable, Dataset) {
    let data = Dataset::load(s).unwrap();
    (
        AccountTable::build(&data, &tenure::metrics::Segments::none()),
        data,
    )
}

fn names(t: &AccountTable, q: &TableQuery) -> Vec<String> {
    t.select(q)
        .into_iter()
        .map(|i| t.rows[i as usize].name.clone())
        .collect()
}

#[test]
fn table_rows_search_filters_and_sort() {
    let s = store();
    let (t, _) = table(&s);
    assert_eq!(t.month, Some(month("2024-03")));
    let acme = &t.rows[0];
    assert_eq!(acme.name, "Acme Ltda");
    assert_eq!(acme.mrr, Some(Money::from_cents(100_000)));
    // Last activity on 2024-03-21, counted to 2024-03-31.
    assert_eq!(acme.days_since_touch, Some(10));
    assert_eq!(acme.csm.as_deref(), Some("Ana Souza"));
    assert!(t.rows[2].churned);
    assert_eq!(t.rows[2].health, None);
    let all = TableQuery::default();
    assert_eq!(names(&t, &all), ["Acme Ltda", "Beta SA", "Cia Gone"]);
    // Search by domain, external id, name; case-insensitive.
    let q = |search: &str| TableQuery {
        search: search.into(),
        ..TableQuery::default()
    };
    assert_eq!(names(&t, &q("ACME.COM")), ["Acme Ltda"]);
    assert_eq!(names(&t, &q("b2")), ["Beta SA"]);
    assert_eq!(names(&t, &q("gone")), ["Cia Gone"]);
    // Segment, churn and band filters.
    let pro = TableQuery {
        filters: vec![("plan".into(), "pro".into())],
        churn: ChurnFilter::Active,
        ..TableQuery::default()
    };
    assert_eq!(names(&t, &pro), ["Acme Ltda"]);
    let churned = TableQuery {
        churn: ChurnFilter::Churned,
        ..TableQuery::default()
    };
    assert_eq!(names(&t, &churned), ["Cia Gone"]);
    let no_score = TableQuery {
        band: BandFilter::NoScore,
        ..TableQuery::default()
    };
    assert!(names(&t, &no_score).contains(&"Cia Gone".to_string()));
    // Sort by MRR, both ways; the account without MRR stays last.
    let by_mrr = |descending| TableQuery {
        sort: Column::Mrr,
        descending,
        ..TableQuery::default()
    };
    assert_eq!(
        names(&t, &by_mrr(false)),
        ["Cia Gone", "Beta SA", "Acme Ltda"]
    );
    assert_eq!(
        names(&t, &by_mrr(true)),
        ["Acme Ltda", "Beta SA", "Cia Gone"]
    );
    // Empty renewal dates sort last whatever the direction.
    let by_renewal = TableQuery {
        sort: Column::Renewal,
        descending: true,
        ..TableQuery::default()
    };
    assert_eq!(names(&t, &by_renewal)[0], "Beta SA");
    let by_name_desc = TableQuery {
        sort: Column::Name,
        descending: true,
        ..TableQuery::default()
    };
    assert_eq!(
        names(&t, &by_name_desc),
        ["Cia Gone", "Beta SA", "Acme Ltda"]
    );
}

#[test]
fn export_sheets_of_the_filtered_table_and_of_records() {
    let s = store();
    let (t, _) = table(&s);
    let pro = TableQuery {
        filters: vec![("plan".into(), "Pro".into())],
        ..TableQuery::default()
    };
    let sheet = sheets::accounts(&t, Some(&t.select(&pro)));
    assert_eq!(sheet.rows.len(), 2);
    let mrr_col = sheet.headers.iter().position(|h| h == "mrr").unwrap();
    assert_eq!(
        sheet.rows[0][mrr_col],
        Cell::Money(Money::from_cents(100_000))
    );
    let mrr = sheets::records(&s, RecordKind::Mrr).unwrap();
    assert_eq!(
        mrr.headers,
        ["account", "account_name", "month", "source", "mrr"]
    );
    assert_eq!(
        mrr.rows[0],
        vec![
            Cell::text("A1"),
            Cell::text("Acme Ltda"),
            Cell::text("2024-03"),
            Cell::text("crm"),
            Cell::Money(Money::from_cents(100_000)),
        ]
    );
}

#[test]
fn cli_export_writes_the_filtered_accounts_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut s = Store::open(&db).unwrap();
    write_all(&mut s, "crm", &base());
    drop(s);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let csv = dir.path().join("pro.csv");
    let out = run(&[
        "export",
        "accounts",
        csv.to_str().unwrap(),
        "--where",
        "plan=pro",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("external_id,name,domain,plan,tier,csm,"));
    assert!(lines[1].starts_with("A1,Acme Ltda,acme.com.br,Pro,high_touch,Ana Souza,"));
    assert!(lines[1].contains(",1000.00,"));
    assert!(lines[2].starts_with("C3,Cia Gone,,Pro,"));
    let xlsx = dir.path().join("mrr.xlsx");
    let out = run(&["export", "mrr", xlsx.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let out = run(&[
        "export",
        "nothing",
        dir.path().join("x.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not something to export"));
    let out = run(&[
        "export",
        "accounts",
        dir.path().join("x.txt").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}
