//! The command line the package relies on (issue 19): `--version`, the
//! hidden `package-files` that writes the man pages and completions, and a
//! word that is neither a file nor a command.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

use std::process::Command;

fn tenure(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args(args)
        .env_remove("TENURE_DB")
        .output()
        .unwrap()
}

#[test]
fn version_names_the_crate_version() {
    let out = tenure(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!("tenure {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn package_files_writes_man_pages_and_three_completions() {
    let dir = tempfile::tempdir().unwrap();
    let out = tenure(&["package-files", dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let man = std::fs::read_to_string(dir.path().join("man/tenure.1")).unwrap();
    assert!(man.contains(".TH tenure 1"), "{man}");
    assert!(man.contains("offline customer\\-success desk"), "{man}");
    // One page per visible subcommand, none for the hidden ones.
    for page in [
        "tenure-import.1",
        "tenure-metrics.1",
        "tenure-undo.1",
        "tenure-workload.1",
    ] {
        assert!(dir.path().join("man").join(page).is_file(), "{page}");
    }
    assert!(!dir.path().join("man/tenure-package-files.1").exists());
    assert!(!dir.path().join("man/tenure-bench.1").exists());
    let bash = std::fs::read_to_string(dir.path().join("completions/tenure.bash")).unwrap();
    assert!(
        bash.contains("complete -F _tenure"),
        "bash completion registers itself"
    );
    assert!(bash.contains("plugins") && bash.contains("import"));
    let zsh = std::fs::read_to_string(dir.path().join("completions/_tenure")).unwrap();
    assert!(zsh.starts_with("#compdef tenure"));
    let fish = std::fs::read_to_string(dir.path().join("completions/tenure.fish")).unwrap();
    assert!(fish.contains("complete -c tenure"));
    // The listing printed names every file written.
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.lines().any(|l| l.ends_with("man/tenure.1")));
    assert!(
        listed
            .lines()
            .any(|l| l.ends_with("completions/tenure.fish"))
    );
}

#[test]
fn a_word_that_is_neither_a_file_nor_a_command_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("acounts");
    let out = tenure(&["--db", "x.db", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("is neither a file nor a command of Tenure"),
        "{err}"
    );
}
