//! The CLI as a script would use it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

use std::process::Command;

fn tenure(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TENURE_DB")
        .output()
        .unwrap()
}

#[test]
fn demo_then_accounts_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = tenure(
        &db,
        &[
            "demo",
            "--accounts",
            "40",
            "--months",
            "6",
            "--end",
            "2025-06",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tenure(&db, &["accounts", "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 40);
    let first = &list[0];
    for key in [
        "external_id",
        "name",
        "status",
        "plan",
        "tier",
        "csm",
        "custom",
        "source",
        "mrr",
        "health",
        "band",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["source"], "demo");
    // Every demo id is C000001..C000040.
    let mut ids: Vec<&str> = list
        .iter()
        .map(|a| a["external_id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids.first(), Some(&"C000001"));
    assert_eq!(ids.last(), Some(&"C000040"));

    // Filters select accounts before printing.
    let out = tenure(&db, &["accounts", "--json", "--where", "plan=Starter"]);
    let starters: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = starters.as_array().unwrap().len();
    let expected = list.iter().filter(|a| a["plan"] == "Starter").count();
    assert_eq!(n, expected);
    assert!(n > 0 && n < 40);
}

#[test]
fn errors_are_one_plain_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.db");
    std::fs::write(&bad, "not a database at all, just words ".repeat(100)).unwrap();
    let out = tenure(&bad, &["accounts"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is not a Tenure database"));
    assert!(!stderr.contains("panicked"));

    let db = dir.path().join("ok.db");
    let out = tenure(&db, &["accounts", "--where", "plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FIELD=VALUE"));
    let out = tenure(&db, &["demo", "--end", "2025-13"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `tenure accounts | head -1`: the reader leaves early; Tenure stops
/// quietly with SIGPIPE's status, not with "internal error".
#[test]
fn a_reader_that_leaves_early_gets_no_internal_error() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // More rows than a pipe's buffer holds, so the write fails.
    let out = tenure(&db, &["demo", "--accounts", "3000", "--months", "6"]);
    assert!(out.status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(&db)
        .arg("accounts")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, as `head -c1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("internal error"), "{err}");
    assert_eq!(status.code(), Some(141), "{err}");
}
