//! The one import service with the real CSV plugin: the CLI's way in
//! (`tenure import` through `run_with`) and the window's (an inspection
//! handed to `service::import`) store the same rows and give the same
//! reports for the same files and choices; a cancel, before or during a
//! file, leaves nothing written.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tenure::cli::import::{ImportArgs, run_with};
use tenure::importing::inspect::inspect;
use tenure::importing::service::{self, Control, FileJob};
use tenure::importing::{FileReport, ImportSettings, PluginHost};
use tenure::store::Store;

use common::csv_plugin;

fn host() -> PluginHost {
    let host = PluginHost::load_files(&[csv_plugin()]);
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

/// Records, the history (without its times) and the saved mappings (without
/// theirs): what an import leaves behind.
fn stored(store: &Store) -> String {
    let mut out = common::dump(store);
    let conn = store.conn();
    for sql in [
        "SELECT id, plugin, source, file_name, file_hash, kinds, status, skip_invalid,
                inserted, updated, unchanged, rejected FROM import_run ORDER BY id",
        "SELECT plugin, header_signature, mapping FROM column_mapping ORDER BY 1, 2",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

/// `tenure import --json FILES…` with `tweak`ed arguments: exit code and reports.
fn cli(
    store: &mut Store,
    host: &PluginHost,
    files: &[&Path],
    tweak: impl FnOnce(&mut ImportArgs),
) -> (u8, Vec<FileReport>) {
    let mut args = ImportArgs {
        files: files.iter().map(|p| p.to_path_buf()).collect(),
        json: true,
        ..ImportArgs::default()
    };
    tweak(&mut args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_with(store, host, &args, &mut out, &mut err).unwrap();
    let reports = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (code, reports)
}

/// The window's way: each file inspected with its choices, the inspection
/// handed to the service with the run's choices.
fn window(
    store: &mut Store,
    host: &PluginHost,
    files: &[(&Path, ImportSettings)],
    dry_run: bool,
    skip_invalid: bool,
) -> Vec<FileReport> {
    let jobs: Vec<FileJob> = files
        .iter()
        .map(|(path, settings)| {
            let inspection = inspect(store, host, path, settings);
            assert!(inspection.error.is_none(), "{:?}", inspection.error);
            assert!(inspection.described.is_some());
            let mut settings = settings.clone();
            settings.dry_run = dry_run;
            settings.skip_invalid = skip_invalid;
            FileJob {
                path: path.to_path_buf(),
                settings,
                known: inspection.described,
            }
        })
        .collect();
    let mut quiet = |_| {};
    let mut control = Control::new(Arc::new(AtomicBool::new(false)), &mut quiet);
    service::import(store, host, &jobs, &mut control)
}

fn json(reports: &[FileReport]) -> Vec<serde_json::Value> {
    reports
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

struct Files {
    _dir: tempfile::TempDir,
    accounts: PathBuf,
    mrr: PathBuf,
    more_accounts: PathBuf,
}

fn files() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("clientes.csv");
    // `bucket` is no alias of any field; `employees` of C3 is no number.
    std::fs::write(
        &accounts,
        "external_id,name,bucket,employees\nA1,Acme,Gold,10\nB2,Beta,Silver,20\nC3,Gama,Gold,many\n",
    )
    .unwrap();
    let mrr = dir.path().join("mrr.csv");
    // Z9 is no account.
    std::fs::write(
        &mrr,
        "account,month,mrr\nA1,2025-01,100.50\nB2,2025-01,200\nZ9,2025-01,5\n",
    )
    .unwrap();
    let more_accounts = dir.path().join("more-clientes.csv");
    std::fs::write(
        &more_accounts,
        "external_id,name,bucket,employees\nD4,Delta,Bronze,5\n",
    )
    .unwrap();
    Files {
        _dir: dir,
        accounts,
        mrr,
        more_accounts,
    }
}

#[test]
fn cli_and_window_store_the_same_rows_and_reports() {
    let f = files();
    let host = host();
    let dir = tempfile::tempdir().unwrap();
    let mut by_cli = Store::open(&dir.path().join("cli.db")).unwrap();
    let mut by_window = Store::open(&dir.path().join("window.db")).unwrap();
    let plain = ImportSettings {
        locale: Some("en".into()),
        ..ImportSettings::default()
    };
    let mapped = ImportSettings {
        map: vec![("tier".into(), "bucket".into())],
        ..plain.clone()
    };
    let both = [
        (f.mrr.as_path(), plain.clone()),
        (&f.accounts, plain.clone()),
    ];

    // A dry run of both files, given in the wrong order: rows rejected in
    // each, nothing written, the same reports.
    let (code, cli_reports) = cli(&mut by_cli, &host, &[&f.mrr, &f.accounts], |a| {
        a.locale = Some("en".into());
        a.dry_run = true;
    });
    let window_reports = window(&mut by_window, &host, &both, true, false);
    assert_eq!(code, 1, "{cli_reports:?}");
    assert_eq!(json(&cli_reports), json(&window_reports));
    assert_eq!(
        cli_reports
            .iter()
            .map(|r| (r.file.as_str(), r.status.as_str(), r.rejected))
            .collect::<Vec<_>>(),
        vec![
            (f.accounts.to_str().unwrap(), "dry_run", 1),
            (f.mrr.to_str().unwrap(), "dry_run", 3),
        ]
    );
    assert_eq!(
        cli_reports[1].problems[0].message,
        "mrr.csv, line 2, column `account`: `A1` matches no account (by external id in this source, or by exact name); import or add the account first, or correct the reference"
    );
    assert_eq!(stored(&by_cli), stored(&by_window));
    assert_eq!(common::dump(&by_cli), "");

    // The import, skipping the invalid rows.
    let (code, cli_reports) = cli(&mut by_cli, &host, &[&f.mrr, &f.accounts], |a| {
        a.locale = Some("en".into());
        a.skip_invalid = true;
    });
    let window_reports = window(&mut by_window, &host, &both, false, true);
    assert_eq!(code, 1);
    assert_eq!(json(&cli_reports), json(&window_reports));
    assert_eq!(
        cli_reports
            .iter()
            .map(|r| (r.status.as_str(), r.inserted, r.rejected, r.import_id))
            .collect::<Vec<_>>(),
        vec![
            ("committed_skipping_invalid", 2, 1, Some(1)),
            ("committed_skipping_invalid", 2, 1, Some(2)),
        ]
    );
    assert_eq!(stored(&by_cli), stored(&by_window));

    // A mapping of the person's: applied and saved for these headers.
    let (code, cli_reports) = cli(&mut by_cli, &host, &[&f.more_accounts], |a| {
        a.locale = Some("en".into());
        a.map = vec!["tier=bucket".into()];
    });
    let one = [(f.more_accounts.as_path(), mapped)];
    let window_reports = window(&mut by_window, &host, &one, false, false);
    assert_eq!(code, 0, "{cli_reports:?}");
    assert_eq!(json(&cli_reports), json(&window_reports));
    let after_mapping = stored(&by_cli);
    assert_eq!(after_mapping, stored(&by_window));
    assert!(after_mapping.contains("\"Bronze\""), "{after_mapping}");

    // A file with the same headers and no choices: the saved mapping is
    // used by both (the tiers of A1 and B2 arrive).
    let (code, cli_reports) = cli(&mut by_cli, &host, &[&f.accounts], |a| {
        a.locale = Some("en".into());
        a.skip_invalid = true;
    });
    let again = [(f.accounts.as_path(), plain)];
    let window_reports = window(&mut by_window, &host, &again, false, true);
    assert_eq!(code, 1);
    assert_eq!(json(&cli_reports), json(&window_reports));
    assert!(cli_reports[0].mapping_reused.is_some(), "{cli_reports:?}");
    assert_eq!(cli_reports[0].updated, 2, "{cli_reports:?}");
    let after_reuse = stored(&by_cli);
    assert_eq!(after_reuse, stored(&by_window));
    assert!(after_reuse.contains("\"Silver\""), "{after_reuse}");
}

#[test]
fn an_inspection_made_stale_is_described_again() {
    let f = files();
    let host = host();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let settings = ImportSettings::default();
    let inspection = inspect(&store, &host, &f.mrr, &settings);
    // The file changes after the window looked at it: what is imported is
    // what the file says now, its columns named as they are now.
    std::fs::write(&f.mrr, "customer,month,mrr\nZ9,2025-01,5\nY8,2025-02,6\n").unwrap();
    let job = FileJob {
        path: f.mrr.clone(),
        settings,
        known: inspection.described,
    };
    let mut quiet = |_| {};
    let mut control = Control::new(Arc::new(AtomicBool::new(false)), &mut quiet);
    let reports = service::import(&mut store, &host, &[job], &mut control);
    let r = &reports[0];
    assert_eq!((r.status.as_str(), r.rejected), ("rejected", 2), "{r:?}");
    assert!(
        r.problems[1]
            .message
            .starts_with("mrr.csv, line 3, column `customer`: `Y8` matches no account"),
        "{:?}",
        r.problems
    );
}

/// 5,000 accounts: several batches, so a cancel lands inside the file.
fn many_accounts(dir: &Path) -> PathBuf {
    let path = dir.join("accounts.csv");
    let mut text = String::from("external_id,name\n");
    for i in 0..5_000 {
        text.push_str(&format!("X{i},Company {i}\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn statuses(store: &Store) -> Vec<String> {
    store
        .conn()
        .prepare("SELECT status FROM import_run ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_cancel_during_a_file_writes_nothing_and_reads_no_further_file() {
    let f = files();
    let dir = tempfile::tempdir().unwrap();
    let accounts = many_accounts(dir.path());
    let host = host();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    for dry_run in [true, false] {
        let settings = ImportSettings {
            dry_run,
            ..ImportSettings::default()
        };
        let jobs = [
            FileJob::new(f.mrr.clone(), settings.clone()),
            FileJob::new(accounts.clone(), settings),
        ];
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let mut heard = Vec::new();
        // The person presses Cancel as the first batch comes in.
        let mut on_progress = |p: tenure::importing::Progress| {
            heard.push((p.file, p.records));
            flag.store(true, Ordering::Relaxed);
        };
        let mut control = Control::new(cancel, &mut on_progress);
        let reports = service::import(&mut store, &host, &jobs, &mut control);
        assert_eq!(heard.len(), 1, "{heard:?}");
        assert_eq!(heard[0].0, 0);
        assert!(heard[0].1 < 5_000, "{heard:?}");
        let seen: Vec<(&str, &str, u8)> = reports
            .iter()
            .map(|r| {
                (
                    Path::new(&r.file).file_name().unwrap().to_str().unwrap(),
                    r.status.as_str(),
                    r.exit_code,
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("accounts.csv", "cancelled", 2),
                ("mrr.csv", "cancelled", 2)
            ]
        );
        assert_eq!(
            reports[1].problems[0].message,
            "the import of mrr.csv was cancelled; nothing was written"
        );
        assert_eq!(common::dump(&store), "");
    }
    // The dry run keeps no history; the import records both attempts.
    assert_eq!(statuses(&store), vec!["cancelled", "cancelled"]);
}

#[test]
fn a_cancel_before_the_start_reads_nothing_and_writes_nothing() {
    let f = files();
    let host = host();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let inspection = inspect(&store, &host, &f.accounts, &ImportSettings::default());
    let jobs = [
        FileJob {
            path: f.accounts.clone(),
            settings: ImportSettings::default(),
            known: inspection.described,
        },
        FileJob::new(f.mrr.clone(), ImportSettings::default()),
    ];
    let mut heard = 0;
    let mut on_progress = |_| heard += 1;
    let mut control = Control::new(Arc::new(AtomicBool::new(true)), &mut on_progress);
    let reports = service::import(&mut store, &host, &jobs, &mut control);
    assert_eq!(heard, 0);
    assert_eq!(
        reports
            .iter()
            .map(|r| r.status.as_str())
            .collect::<Vec<_>>(),
        vec!["cancelled", "cancelled"]
    );
    assert_eq!(common::dump(&store), "");
    assert_eq!(statuses(&store), vec!["cancelled", "cancelled"]);
}
