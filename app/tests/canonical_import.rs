//! The spec's own files import as they are: one CSV per kind with exactly
//! the schema's field names, and one workbook with a sheet per kind, go
//! through the real `tenure import` (real plugins, real database) with no
//! `--map` and no `--kind`, and give the same stored rows and the same
//! `metrics --json`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tenure_tabular::schema::KINDS;
use tenure_tabular::testing::canonical_table;

const TENURE: &str = env!("CARGO_BIN_EXE_tenure");

#[path = "../../tests/support/plugin_libs.rs"]
mod plugin_libs;

/// The generic CSV and Excel importers, built once.
fn plugin_path() -> String {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        plugin_libs::build(
            "e2e-canonical-plugins",
            &["tenure-plugin-csv", "tenure-plugin-excel"],
            false,
        )
    });
    std::env::join_paths([
        plugin_libs::lib_in(dir, "tenure_plugin_csv"),
        plugin_libs::lib_in(dir, "tenure_plugin_excel"),
    ])
    .unwrap()
    .to_string_lossy()
    .into_owned()
}

fn tenure(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(TENURE)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TENURE_PLUGIN_PATH", plugin_path())
        .env_remove("TENURE_DB")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_csvs(dir: &Path) -> Vec<PathBuf> {
    KINDS
        .iter()
        .map(|kind| {
            let (headers, rows) = canonical_table(kind);
            let mut text = headers.join(",");
            for row in &rows {
                text.push('\n');
                text.push_str(&row.join(","));
            }
            text.push('\n');
            let path = dir.join(format!("{}.csv", kind.name));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn write_workbook(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for kind in KINDS {
        let (headers, rows) = canonical_table(kind);
        let ws = wb.add_worksheet();
        ws.set_name(kind.name).unwrap();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_only(0, c as u16, h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string_only(1 + r as u32, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save(path.to_str().unwrap()).unwrap();
}

/// Every stored record kind as the export writes it (CSV text per kind).
fn stored(db: &Path, dir: &Path) -> Vec<(String, String)> {
    KINDS
        .iter()
        .map(|kind| {
            let out = dir.join(format!("export-{}.csv", kind.name));
            let (code, _, err) = tenure(db, &["export", kind.name, out.to_str().unwrap()]);
            assert_eq!(code, 0, "{}: {err}", kind.name);
            (
                kind.name.to_string(),
                std::fs::read_to_string(&out).unwrap(),
            )
        })
        .collect()
}

#[test]
fn canonical_csvs_and_workbook_import_as_they_are_and_agree() {
    let dir = tempfile::tempdir().unwrap();
    let csv_db = dir.path().join("csv.db");
    let xlsx_db = dir.path().join("xlsx.db");

    let files = write_csvs(dir.path());
    let mut args = vec!["import", "--json"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let (code, out, err) = tenure(&csv_db, &args);
    assert_eq!(code, 0, "{out}\n{err}");
    let reports: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), KINDS.len());
    for r in &reports {
        assert_eq!(r["rejected"], 0, "{r}");
        assert_eq!(r["inserted"], 3, "{r}");
    }

    let workbook = dir.path().join("canonical.xlsx");
    write_workbook(&workbook);
    let (code, out, err) = tenure(&xlsx_db, &["import", "--json", workbook.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let report: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(report["rejected"], 0, "{report}");
    // Every row written; within one workbook an account's CSM may be
    // created before the CSM sheet's row for it updates it.
    let written = report["inserted"].as_u64().unwrap() + report["updated"].as_u64().unwrap();
    assert_eq!(written, 3 * KINDS.len() as u64, "{report}");

    let from_csv = stored(&csv_db, dir.path());
    let from_xlsx = stored(&xlsx_db, dir.path());
    assert_eq!(from_csv, from_xlsx);

    // The ticket keeps its own id and its account; the contacts landed.
    let tickets = &from_csv.iter().find(|(k, _)| k == "ticket").unwrap().1;
    assert!(
        tickets
            .lines()
            .any(|l| l.starts_with("ACC-1,") && l.contains("ticket-1")),
        "{tickets}"
    );
    let contacts = &from_csv.iter().find(|(k, _)| k == "contact").unwrap().1;
    assert_eq!(contacts.lines().count(), 4, "{contacts}");
    assert!(
        contacts.contains("ACC-1,name 1,import,name 1,person1@example.com,"),
        "{contacts}"
    );

    let metrics = |db: &Path| {
        let (code, out, err) = tenure(db, &["metrics", "--json", "--month", "2025-03"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let (m_csv, m_xlsx) = (metrics(&csv_db), metrics(&xlsx_db));
    assert_eq!(m_csv, m_xlsx);
    let m: serde_json::Value = serde_json::from_str(&m_csv).unwrap();
    assert!(m.is_object(), "{m_csv}");
}
