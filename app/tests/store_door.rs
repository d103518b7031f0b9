//! The store is the only door to SQLite (issue #15): no source file of the
//! application outside `app/src/store/` names `rusqlite`, reaches for the
//! store's connection or carries an SQL statement. They read and write
//! through the typed functions of `tenure::store`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

use std::path::{Path, PathBuf};

/// What only `store/` may contain: the driver, the raw connection, and SQL
/// statements (as string literals start them).
const FORBIDDEN: &[&str] = &[
    "rusqlite",
    ".conn()",
    "\"SELECT ",
    "\"INSERT ",
    "\"UPDATE ",
    "\"DELETE ",
    "\"REPLACE ",
    "\"CREATE ",
    "\"DROP ",
    "\"ALTER ",
    "\"PRAGMA ",
    "\"VACUUM ",
    "\"BEGIN",
    "\"WITH ",
];

/// Every `(line number, forbidden text)` of `source`.
fn violations(source: &str) -> Vec<(usize, &'static str)> {
    source
        .lines()
        .enumerate()
        .flat_map(|(i, line)| {
            FORBIDDEN
                .iter()
                .filter(move |f| line.contains(**f))
                .map(move |f| (i + 1, *f))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_store_talks_to_sqlite() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let store = src.join("store");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // The walk must see the sources, the store's own among them.
    assert!(
        files.iter().any(|f| f.ends_with("store/mod.rs")),
        "{} was not read",
        src.display()
    );
    let store_mentions = files
        .iter()
        .filter(|f| f.starts_with(&store))
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter(|text| !violations(text).is_empty())
        .count();
    assert!(store_mentions > 0, "the scan finds nothing even in store/");

    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&store)) {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (line, what) in violations(&text) {
            let shown = file.strip_prefix(&src).unwrap_or(file);
            found.push(format!("src/{}:{line}: {what}", shown.display()));
        }
    }
    assert!(
        found.is_empty(),
        "SQLite outside app/src/store/ (add a typed store function instead):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_catches_each_way_in() {
    assert!(violations("fn tidy(store: &Store) -> usize { store.count() }").is_empty());
    for bad in [
        "use rusqlite::Connection;",
        "let n = store.conn().changes();",
        r#"let sql = "SELECT id FROM account";"#,
        r#"store.run("DELETE FROM csm");"#,
    ] {
        assert_eq!(violations(bad).len(), 1, "{bad}");
    }
    assert_eq!(violations("ok\nuse rusqlite;\n")[0].0, 2);
}
