//! Helpers for the tests that run the `tenure` binary.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `tenure --db DB ARGS…` in English.
pub fn tenure(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TENURE_LANG", "en")
        .output()
        .unwrap()
}

/// The standard output of a run that must have succeeded.
pub fn ok(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}
