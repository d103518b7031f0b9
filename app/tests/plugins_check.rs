//! `tenure plugins check LIB [FILE]` with the real binary and real
//! libraries: it passes on the example plugin and fails with the right
//! reason on each misbehaving one, in a child process that a crash or a
//! hang cannot take down. Also Ctrl-C during `tenure import`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tenure::importing::check::{CheckOptions, CheckReport, check_plugin};

const TENURE: &str = env!("CARGO_BIN_EXE_tenure");

#[path = "../../tests/support/plugin_libs.rs"]
mod plugin_libs;
#[path = "support/trusted.rs"]
mod trusted;

fn root() -> PathBuf {
    plugin_libs::workspace_root()
}

/// Builds the example and misbehaving libraries once.
fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        plugin_libs::build(
            "e2e-plugins",
            &[
                "tenure-plugin-example",
                "tenure-test-plugin-misbehaving",
                "tenure-plugin-example-jsonl",
                "tenure-plugin-surveymonkey",
            ],
            true,
        )
    })
}

fn lib(name: &str) -> PathBuf {
    plugin_libs::lib_in(plugin_dir(), name)
}

fn misbehaving() -> PathBuf {
    lib("tenure_test_misbehaving")
}

/// `tenure plugins check ARGS…` with a database that does not exist yet
/// (the dry run uses an empty temporary one).
fn cli_check(args: &[&Path]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(TENURE)
        .arg("--db")
        .arg(dir.path().join("none.db"))
        .args(["plugins", "check"])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn isolated(stall: Duration) -> CheckOptions {
    CheckOptions {
        runner: Some(PathBuf::from(TENURE)),
        db: None,
        stall_timeout: stall,
    }
}

fn failed_step<'r>(report: &'r CheckReport, name: &str) -> &'r str {
    let step = report
        .steps
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no step {name}: {report:#?}"));
    assert!(!step.passed, "{step:?}");
    &step.detail
}

fn example_file() -> PathBuf {
    root().join("plugins/example/tests/fixtures/shop.customers")
}

#[test]
fn check_passes_on_the_example_plugin() {
    let (code, out) = cli_check(&[&lib("tenure_plugin_example"), &example_file()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("checked in a separate process"), "{out}");
    assert!(out.contains("ok   detect (file): answered 90"), "{out}");
    assert!(
        out.contains("ok   import (dry run): 3 inserted, 0 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    let verdict = out.lines().last().unwrap();
    assert_eq!(
        verdict,
        "PASS: `example-customers` 0.1.0 reads shop.customers (3 records would be stored, nothing rejected)."
    );
    // Built-in probes without a file.
    let (code, out) = cli_check(&[&lib("tenure_plugin_example")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok   detect (binary garbage)"), "{out}");
    // The same check as a library function (what the Plugins view runs).
    let report = check_plugin(
        &lib("tenure_plugin_example"),
        Some(&example_file()),
        &isolated(Duration::from_secs(20)),
    );
    assert!(report.passed, "{report:#?}");
    assert!(report.isolated);
    assert_eq!(report.import.as_ref().unwrap().inserted, 3);
    assert_eq!(report.plugin.as_ref().unwrap().id, "example-customers");
}

#[test]
fn libraries_that_do_not_load_fail_with_their_reason() {
    for (name, reason) in [
        ("tenure_test_wrong_abi", "ABI version 2"),
        ("tenure_test_too_small", "smaller than"),
        ("tenure_test_no_symbol", "entry symbol"),
        ("tenure_test_panic_info", "`info` panicked"),
    ] {
        let (code, out) = cli_check(&[&lib(name)]);
        assert_eq!(code, 2, "{name}: {out}");
        let verdict = out.lines().last().unwrap();
        assert!(verdict.starts_with("FAIL: load: "), "{name}: {verdict}");
        assert!(verdict.contains(reason), "{name}: {verdict}");
    }
}

#[test]
fn misbehaving_plugins_fail_with_the_right_step_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, "whatever\n").unwrap();
        p
    };
    let options = isolated(Duration::from_secs(2));
    // A panic in import: caught at the boundary, reported, nothing written.
    let r = check_plugin(&misbehaving(), Some(&file("data.bad")), &options);
    assert!(!r.passed);
    assert!(
        failed_step(&r, "import (dry run)").contains("import panicked on purpose"),
        "{r:#?}"
    );
    // A detect slower than 2 s counts as "no".
    let r = check_plugin(&misbehaving(), Some(&file("slow-detect.bad")), &options);
    assert!(
        failed_step(&r, "detect (file)").contains("took longer than 2 s"),
        "{r:#?}"
    );
    // A detect that panics.
    let r = check_plugin(&misbehaving(), Some(&file("panic-detect.bad")), &options);
    assert!(
        failed_step(&r, "detect (file)").contains("failed"),
        "{r:#?}"
    );
    // describe and import that never return: reported as hung.
    let r = check_plugin(&misbehaving(), Some(&file("hang-describe.bad")), &options);
    assert!(
        failed_step(&r, "describe (file)").contains("stopped answering"),
        "{r:#?}"
    );
    let started = Instant::now();
    let r = check_plugin(&misbehaving(), Some(&file("hang-import.bad")), &options);
    assert!(
        failed_step(&r, "import (dry run)").contains("stopped answering"),
        "{r:#?}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    // A crash no catch_unwind contains: the check process dies, not us.
    let r = check_plugin(&misbehaving(), Some(&file("abort-import.bad")), &options);
    let detail = failed_step(&r, "import (dry run)");
    assert!(detail.contains("crashed the check process"), "{r:#?}");
    assert!(r.verdict.starts_with("FAIL: "), "{}", r.verdict);
    // The CLI exits 1 and prints the verdict last.
    let (code, out) = cli_check(&[&misbehaving(), &file("data.bad")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.lines().last().unwrap().starts_with("FAIL: "), "{out}");
}

#[test]
fn a_survey_plugin_is_checked_against_the_persons_database() {
    let plugin = lib("tenure_plugin_surveymonkey");
    let file = root().join("plugins/surveymonkey/tests/fixtures/nps_all_responses.csv");
    // An empty database knows no account: the responses would be stored
    // as anonymous ones (issue #24), which says nothing against the plugin.
    let (code, out) = cli_check(&[&plugin, &file]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().last().unwrap(),
        "PASS: `surveymonkey` 0.1.0 reads nps_all_responses.csv (2 records would be stored, nothing rejected)."
    );
    // The person's database has the accounts: the dry run resolves them.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mine.db");
    let accounts = dir.path().join("accounts.jsonl");
    std::fs::write(
        &accounts,
        "{\"kind\":\"account\",\"external_id\":\"A1\",\"name\":\"Alpha Ltda\"}\n{\"kind\":\"account\",\"external_id\":\"A2\",\"name\":\"Beta SA\"}\n",
    )
    .unwrap();
    let imported = Command::new(TENURE)
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&accounts)
        .env("TENURE_PLUGIN_PATH", lib("tenure_plugin_example_jsonl"))
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    let output = Command::new(TENURE)
        .arg("--db")
        .arg(&db)
        .args(["plugins", "check"])
        .arg(&plugin)
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert_eq!(
        out.lines().last().unwrap(),
        "PASS: `surveymonkey` 0.1.0 reads nps_all_responses.csv (2 records would be stored, nothing rejected)."
    );
    // A dry run: nothing written.
    assert_eq!(count(&db, "survey_response"), 0);
    assert_eq!(count(&db, "account"), 2);
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[cfg(unix)]
#[test]
fn ctrl_c_cancels_an_import_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = dir.path().join("slow-import.bad");
    std::fs::write(&file, "x\n").unwrap();
    let child = Command::new(TENURE)
        .arg("--db")
        .arg(&db)
        .args(["import", "--plugin", "test-misbehaving"])
        .arg(&file)
        .env("TENURE_PLUGIN_PATH", misbehaving())
        .env("XDG_DATA_HOME", trusted::data_home(&[misbehaving()]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The plugin sends one record every 20 ms for a minute.
    std::thread::sleep(Duration::from_millis(2500));
    let started = Instant::now();
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    // Generous: this says "it stopped", not how fast.
    assert!(started.elapsed() < Duration::from_secs(20));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("Cancelling the import"), "{err}");
    assert!(err.contains("was cancelled; nothing was written"), "{err}");
    assert_eq!(count(&db, "account"), 0);
    let status: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT status FROM import_run", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "cancelled");
}
