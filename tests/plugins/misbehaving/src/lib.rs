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
//!   20 ms for a minute, stopping when the host cancels (Ctrl-C tests);
//! - process-killing faults no `catch_unwind` can contain (issue 20: each
//!   must take only the plugin's child process down): `segv-import`,
//!   `segv-describe` and `segv-detect` dereference a null pointer there;
//!   `exit-import` calls `exit(7)`; `alloc-import` allocates without end;
//!   `loop-import` spins without a sign of life; `print-import` writes to
//!   stdout and stderr, then imports two accounts normally.

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
        if name_has(path, "segv-detect") {
            segfault();
        }
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
        if name_has(path, "segv-describe") {
            segfault();
        }
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
        if name_has(path, "segv-import") {
            sink.record(account(1));
            segfault();
        }
        if name_has(path, "exit-import") {
            sink.record(account(1));
            std::process::exit(7);
        }
        if name_has(path, "alloc-import") {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                // Written, so that the pages are really taken.
                hoard.push(vec![1u8; 16 << 20]);
                std::hint::black_box(&hoard);
            }
        }
        if name_has(path, "loop-import") {
            let mut n: u64 = 0;
            loop {
                n = std::hint::black_box(n.wrapping_add(1));
            }
        }
        if name_has(path, "print-import") {
            println!("{{\"this\": \"is the plugin printing to stdout\"}}");
            eprintln!("the plugin writes to stderr too");
            sink.record(account(1));
            sink.record(account(2));
            return Ok(());
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

/// A crash no `catch_unwind` can contain.
fn segfault() -> ! {
    // SAFETY: none, on purpose: a write through a null pointer.
    unsafe { std::ptr::null_mut::<u64>().write_volatile(1) };
    std::process::abort()
}

export_importer!(Misbehaving);
