//! Helpers shared by the app's integration tests.
#![allow(dead_code)]

#[cfg(feature = "gui")]
pub mod ui;

pub mod cli;

use std::path::PathBuf;
use tenure::domain::*;
use tenure::store::{ChangeSetMeta, Store, WriteSummary};

pub fn date(text: &str) -> Date {
    Date::parse_iso(text).unwrap()
}

pub fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

pub fn account(id: &str, name: &str) -> Account {
    Account {
        external_id: id.into(),
        name: name.into(),
        ..Account::default()
    }
}

/// Writes `records` in one committed change set from `source`; panics on rejection.
pub fn write_all(store: &mut Store, source: &str, records: &[Record]) -> WriteSummary {
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", source))
        .unwrap();
    for r in records {
        cs.write(r)
            .unwrap_or_else(|e| panic!("{r:?} rejected: {e:?}"));
    }
    cs.commit().unwrap()
}

/// A stable text dump of every record table, ordered by id, for comparing states.
pub fn dump(store: &Store) -> String {
    let conn = store.conn();
    let mut out = String::new();
    for table in [
        "csm",
        "account",
        "mrr",
        "subscription",
        "survey_response",
        "ticket",
        "usage",
        "activity",
        "opportunity",
        "acquisition_spend",
        "purchase",
        "fx_rate",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(table);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

/// The CSV plugin library cargo built beside this test binary.
pub fn csv_plugin() -> PathBuf {
    bundled_plugin("tenure_plugin_csv")
}

/// A bundled plugin's library (crate name with underscores) that cargo
/// built beside this test binary (the app depends on every bundled plugin).
pub fn bundled_plugin(crate_name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let name = format!(
        "{}{crate_name}.{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_EXTENSION
    );
    for dir in [deps, deps.parent().unwrap()] {
        if dir.join(&name).exists() {
            return dir.join(&name);
        }
    }
    panic!("{name} not found beside {}", exe.display());
}
