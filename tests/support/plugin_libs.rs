//! Builds importer plugin libraries for tests that load them, and finds
//! them. `cargo test` does not build cdylibs for tests, so each test binary
//! builds the ones it needs, once, into a target folder of its own under
//! `target/` (the outer `cargo test` holds the lock on `target/` itself).
//! Included with `#[path]` by the end-to-end tests and the app's tests.

// Not every including test uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace folder (every including crate sits one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits inside the workspace")
        .to_path_buf()
}

/// Builds the libraries of `packages` (and their examples, where test
/// plugins live, when `examples`) into `target/TARGET_NAME`; returns the
/// folder they are in.
pub fn build(target_name: &str, packages: &[&str], examples: bool) -> PathBuf {
    let root = workspace_root();
    let target = root.join("target").join(target_name);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(&root).args(["build", "--lib"]);
    if examples {
        command.arg("--examples");
    }
    for package in packages {
        command.args(["-p", package]);
    }
    let output = command
        .arg("--target-dir")
        .arg(&target)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "building the plugins failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    target.join("debug")
}

/// The library of crate `name` (underscores) in `dir`, or among its
/// examples.
pub fn lib_in(dir: &Path, name: &str) -> PathBuf {
    let file = format!(
        "{}{name}.{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_EXTENSION
    );
    let direct = dir.join(&file);
    if direct.exists() {
        direct
    } else {
        dir.join("examples").join(file)
    }
}

/// Builds the bundled plugins `crates` (folder names under `plugins/`,
/// e.g. `stripe`) into `target/TARGET_NAME`; returns their libraries in
/// the same order.
#[allow(dead_code)] // not every test file that includes this module uses it
pub fn build_bundled(target_name: &str, crates: &[&str]) -> Vec<PathBuf> {
    let packages: Vec<String> = crates
        .iter()
        .map(|c| format!("tenure-plugin-{c}"))
        .collect();
    let packages: Vec<&str> = packages.iter().map(String::as_str).collect();
    let dir = build(target_name, &packages, false);
    crates
        .iter()
        .map(|c| lib_in(&dir, &format!("tenure_plugin_{}", c.replace('-', "_"))))
        .collect()
}
