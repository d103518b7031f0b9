//! Issue 20: a database that cannot be written still opens for reading,
//! and a write then gets one sentence naming the file; a full disk names
//! the file too, and nothing of the change is written.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use tenure::domain::Record;
use tenure::store::{ChangeSetMeta, FileTrouble, Store, StoreError};

const TENURE: &str = env!("CARGO_BIN_EXE_tenure");

fn tenure(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(TENURE)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TENURE_DB")
        .env("TENURE_TODAY", "2026-01-15")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn seed(db: &Path) {
    let mut store = Store::open(db).unwrap();
    common::write_all(
        &mut store,
        "seed",
        &[
            Record::Account(common::account("A1", "Acme Ltda")),
            Record::Account(common::account("A2", "Beta SA")),
        ],
    );
}

/// A folder this process cannot write. As an ordinary user a `chmod` does
/// it; root writes through permissions, so as root the folder is a small
/// tmpfs mounted read-only (unmounted on drop).
struct ReadOnlyFolder {
    path: PathBuf,
    mounted: bool,
    _dir: tempfile::TempDir,
}

impl ReadOnlyFolder {
    /// Runs `fill` on the folder while it is writable, then makes it read-only.
    fn new(fill: impl FnOnce(&Path)) -> ReadOnlyFolder {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro");
        std::fs::create_dir(&path).unwrap();
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        if root {
            let ok = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
                .arg(&path)
                .status()
                .unwrap()
                .success();
            assert!(ok, "as root this test needs to mount a tmpfs");
        }
        fill(&path);
        if root {
            let ok = Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(&path)
                .status()
                .unwrap()
                .success();
            assert!(ok, "remount read-only");
        } else {
            use std::os::unix::fs::PermissionsExt;
            for entry in std::fs::read_dir(&path).unwrap() {
                let file = entry.unwrap().path();
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
            }
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        ReadOnlyFolder {
            path,
            mounted: root,
            _dir: dir,
        }
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Command::new("umount").arg(&self.path).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_database_reads_and_a_write_names_the_file() {
    let folder = ReadOnlyFolder::new(|dir| {
        let db = dir.join("ro.db");
        seed(&db);
        // Closed cleanly: the WAL is folded back and its files removed.
        assert!(!dir.join("ro.db-wal").exists());
    });
    let db = folder.path.join("ro.db");
    let before = std::fs::read(&db).unwrap();

    // Reads work, through the library and the CLI.
    let store = Store::open(&db).unwrap();
    assert!(store.read_only());
    drop(store);
    let (code, out, err) = tenure(&db, &["accounts"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Acme Ltda") && out.contains("Beta SA"),
        "{out}"
    );
    let (code, out, err) = tenure(&db, &["tasks"]);
    assert_eq!(code, 0, "{out}{err}");

    // A write: one sentence naming the file, exit 2, nothing changed.
    let sentence = format!(
        "The database {} is read-only (the file or its folder cannot be written), so nothing was changed; make it writable, or copy it to a folder you can write to, to change it.",
        db.display()
    );
    let file = folder.path.parent().unwrap().join("more.jsonl");
    std::fs::write(
        &file,
        "{\"kind\":\"account\",\"external_id\":\"A3\",\"name\":\"Gama\"}\n",
    )
    .unwrap();
    let (code, out, err) = tenure(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(format!("{out}{err}").contains(&sentence), "{out}{err}");
    let mut store = Store::open(&db).unwrap();
    let e = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .err()
        .unwrap();
    assert_eq!(e.to_string(), sentence);
    assert!(matches!(
        e,
        StoreError::File {
            trouble: FileTrouble::ReadOnly,
            ..
        }
    ));
    let e = store.settings().set("currency", "USD").unwrap_err();
    assert_eq!(e.to_string(), sentence);
    drop(store);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
}

#[test]
fn a_full_disk_names_the_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    seed(&db);
    let mut store = Store::open(&db).unwrap();
    // SQLite's own size limit stands for the disk: a few pages more than
    // the file has (each account row and its index entries need room).
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn()
        .pragma_update(None, "max_page_count", pages + 2)
        .unwrap();
    let sentence = format!(
        "The disk holding the database {} is full, so nothing was written; free some space and try again.",
        db.display()
    );
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap();
    let mut first_error = None;
    for i in 0..5000 {
        let name = format!("Company {i} {}", "x".repeat(200));
        if let Err(errors) = cs.write(&Record::Account(common::account(&format!("F{i}"), &name))) {
            first_error.get_or_insert(errors[0].message.clone());
        }
    }
    assert_eq!(first_error.as_deref(), Some(sentence.as_str()));
    assert_eq!(cs.failure().map(|e| e.to_string()), Some(sentence.clone()));
    let e = cs.commit().unwrap_err();
    assert_eq!(e.to_string(), sentence);
    drop(store);
    let store = Store::open(&db).unwrap();
    let accounts: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM account", [], |r| r.get(0))
        .unwrap();
    assert_eq!(accounts, 2, "nothing of the change set was written");
}
