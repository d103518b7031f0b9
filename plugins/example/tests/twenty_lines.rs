//! The twenty-line importer of docs/plugins.md, compiled and run here so
//! that the docs' code stays true; the last test checks that the two are
//! the same code.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

#[rustfmt::skip]
mod twenty_lines {
    // --- docs/plugins.md, "A Rust importer in twenty lines" ---
    use std::path::Path;
    use tenure_plugin_api::*;

    #[derive(Default)]
    pub struct Names;

    impl Importer for Names {
        fn info(&self) -> PluginInfo {
            PluginInfo::new("names", "Account names", "1.0.0").description("One account name per line")
                .extensions(["names"]).kinds(["account"])
        }
        fn detect(&self, path: &Path, _head: &[u8]) -> u8 {
            if path.extension().is_some_and(|e| e == "names") { 80 } else { 0 }
        }
        fn describe(&self, path: &Path, _: &ImportOptions) -> Result<FileDescription, RowProblem> {
            std::fs::metadata(path).map_err(|e| RowProblem::fatal("cannot_read", format!("{} cannot be read ({e})", path.display())))?;
            Ok(FileDescription::default())
        }
        fn import(&self, path: &Path, _: &ImportOptions, sink: &mut dyn RecordSink) -> Result<(), RowProblem> {
            let text = std::fs::read_to_string(path).map_err(|e| RowProblem::fatal("cannot_read", format!("{} cannot be read ({e})", path.display())))?;
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let account = Account::new(line.trim(), line.trim());
                if sink.emit_at(None, Some(i as u64 + 1), account) == Flow::Cancel { break; }
            }
            Ok(())
        }
    }
    export_importer!(Names);
    // --- end of the docs' code ---
}

use std::path::Path;
use tenure_plugin_api::{EmittedRecord, Flow, ImportOptions, Importer, RecordSink, RowProblem};

#[derive(Default)]
struct Sink(Vec<EmittedRecord>);

impl RecordSink for Sink {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        self.0.push(record);
        Flow::Continue
    }
    fn problem(&mut self, _: RowProblem) -> Flow {
        Flow::Continue
    }
    fn progress(&mut self, _: u64, _: u64) -> Flow {
        Flow::Continue
    }
}

#[test]
fn the_docs_importer_reads_names() {
    let dir = std::env::temp_dir().join(format!("tenure-twenty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("clients.names");
    std::fs::write(&path, "Acme Ltda\n\nBeta SA\n").unwrap();
    let mut sink = Sink::default();
    twenty_lines::Names
        .import(&path, &ImportOptions::default(), &mut sink)
        .unwrap();
    let rows: Vec<(Option<u64>, String)> = sink
        .0
        .iter()
        .map(|r| (r.row, r.record["name"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        rows,
        [(Some(1), "Acme Ltda".into()), (Some(3), "Beta SA".into())]
    );
    assert_eq!(twenty_lines::Names.detect(&path, b""), 80);
    let _ = std::fs::remove_dir_all(dir);
}

/// The code above is, line for line, the code of docs/plugins.md.
#[test]
fn the_docs_show_this_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("../../docs/plugins.md")).unwrap();
    let block = guide
        .split("`src/lib.rs` — one account per line")
        .nth(1)
        .and_then(|rest| rest.split("```rust\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("the guide's twenty-line importer");
    let this = std::fs::read_to_string(root.join("tests/twenty_lines.rs")).unwrap();
    let ours: String = this
        .split("// --- docs/plugins.md, \"A Rust importer in twenty lines\" ---\n")
        .nth(1)
        .and_then(|rest| rest.split("    // --- end of the docs' code ---").next())
        .expect("the copy's markers")
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    assert_eq!(ours, block);
}
