//! A plugin that misbehaves on purpose (never shipped):
//! - `detect` panics for files whose name contains `panic-detect`, sleeps
//!   3 s for names containing `slow-detect`, and otherwise claims 60;
//! - `import` sends a few records, then panics;
//! - `describe` panics for names containing `panic-describe`, and never
//!   returns for names containing `hang-describe`;
//! - for names containing `hang-import`, `import` sends a few records and
//!   then never returns nor calls back (a hung plugin);
//! - for names containing `abort-import`, `import` aborts the process (a
//!   crash no `catch_unwind` can contain);
//! - for names containing `slow-import`, `import` sends one record every
//!   20 ms for a minute, stopping when the host cancels (Ctrl-C tests).

use std::path::Path;
use tenure_plugin_api::{
    EmittedRecord, FileDescription, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem,
    export_importer,
};

#[derive(Default)]
pub struct Misbehaving;

fn name_has(path: &Path, text: &str) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().contains(text))
}

impl Importer for Misbehaving {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("test-misbehaving", "Misbehaving test plugin", "0.0.1")
            .description("Panics and hangs on purpose.")
            .extensions(["bad"])
            .kinds(["account"])
    }

    fn detect(&self, path: &Path, _head: &[u8]) -> u8 {
        if name_has(path, "panic-detect") {
            panic!("detect panicked on purpose");
        }
        if name_has(path, "slow-detect") {
            std::thread::sleep(std::time::Duration::from_secs(3));
            return 100;
        }
        if name_has(path, ".bad") { 60 } else { 0 }
    }

    fn describe(
        &self,
        path: &Path,
        _options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        if name_has(path, "panic-describe") {
            panic!("describe panicked on purpose");
        }
        if name_has(path, "hang-describe") {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
        Ok(FileDescription::default())
    }

    fn import(
        &self,
        path: &Path,
        _options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        let account = |i: u64| {
            EmittedRecord::new(
                None,
                Some(i),
                serde_json::json!({
                    "kind": "account", "external_id": format!("M{i}"), "name": format!("Bad {i}")
                }),
            )
        };
        if name_has(path, "hang-import") {
            for i in 1..=10u64 {
                sink.record(account(i));
            }
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
        if name_has(path, "abort-import") {
            std::process::abort();
        }
        if name_has(path, "slow-import") {
            for i in 1..=3000u64 {
                if sink.record(account(i)) == tenure_plugin_api::Flow::Cancel {
                    return Ok(());
                }
                // Progress on every record, so the host sees it is alive.
                if sink.progress(i, 3000) == tenure_plugin_api::Flow::Cancel {
                    return Ok(());
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            return Ok(());
        }
        for i in 1..=1500u64 {
            sink.record(account(i));
        }
        panic!("import panicked on purpose after 1500 records");
    }
}

export_importer!(Misbehaving);
