//! End-to-end tests of the plugin host, the import pipeline and its CLI,
//! with real plugin libraries.
//!
//! `cargo test` does not build cdylibs for tests, so the harness builds the
//! example plugin and the misbehaving test plugins itself, once per test
//! binary, with `cargo build --target-dir target/e2e-plugins` (a separate
//! target folder: the outer `cargo test` holds the lock on `target/`).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tenure::cli::import::{ImportArgs, run_with};
use tenure::importing::{Choice, PluginHost};
use tenure::store::Store;

#[path = "../support/plugin_libs.rs"]
mod plugin_libs;

/// Builds the test plugins (once) and returns the folder holding them.
fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        plugin_libs::build(
            "e2e-plugins",
            &[
                "tenure-plugin-example-jsonl",
                "tenure-test-plugin-misbehaving",
                "tenure-test-plugin-legacy-v1",
            ],
            true,
        )
    })
}

fn lib(name: &str) -> PathBuf {
    plugin_libs::lib_in(plugin_dir(), name)
}

fn example() -> PathBuf {
    lib("tenure_plugin_example_jsonl")
}
fn misbehaving() -> PathBuf {
    lib("tenure_test_misbehaving")
}
fn legacy_v1() -> PathBuf {
    lib("tenure_test_legacy_v1")
}

fn host() -> PluginHost {
    let host = PluginHost::load_files(&[example(), misbehaving()]);
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

struct Env {
    dir: tempfile::TempDir,
    store: Store,
    host: PluginHost,
}

struct Outcome {
    code: u8,
    out: String,
    err: String,
}

impl Env {
    fn new() -> Env {
        Env::with(host())
    }

    fn with(host: PluginHost) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        Env { dir, store, host }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        path
    }

    fn import(&mut self, files: &[&Path], tweak: impl FnOnce(&mut ImportArgs)) -> Outcome {
        let mut args = ImportArgs {
            files: files.iter().map(|p| p.to_path_buf()).collect(),
            ..ImportArgs::default()
        };
        tweak(&mut args);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(&mut self.store, &self.host, &args, &mut out, &mut err).unwrap();
        Outcome {
            code,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        }
    }

    fn json(
        &mut self,
        files: &[&Path],
        tweak: impl FnOnce(&mut ImportArgs),
    ) -> (u8, Vec<serde_json::Value>) {
        let o = self.import(files, |a| {
            a.json = true;
            tweak(a)
        });
        let reports = o
            .out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (o.code, reports)
    }

    /// Every record row of every record table, for "unchanged" assertions.
    fn snapshot(&self) -> Vec<String> {
        let mut rows = Vec::new();
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
        ] {
            let conn = self.store.conn();
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
                .unwrap();
            let n = stmt.column_count();
            let mut q = stmt.query([]).unwrap();
            while let Some(r) = q.next().unwrap() {
                let values: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                rows.push(format!("{table}: {}", values.join(" | ")));
            }
        }
        rows
    }

    fn count(&self, table: &str) -> i64 {
        self.store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}

const ACCOUNTS: &str = r#"{"kind":"account","external_id":"A1","name":"Acme Ltda","plan":"Pro","employees":120,"customer_since":"2024-01-15","custom":{"Setor":"Varejo"}}
{"kind":"account","external_id":"A2","name":"Beta SA","status":"churned","churned_on":"2025-03-31"}
"#;

const MRR: &str = r#"{"kind":"mrr","account":"A1","month":"2025-01","mrr":"1234.56"}
{"kind":"mrr","account":"A2","month":"2025-01","mrr":99}
"#;

#[test]
fn misbehaving_libraries_are_listed_with_their_reason() {
    let files = vec![
        example(),
        misbehaving(),
        lib("tenure_test_wrong_abi"),
        lib("tenure_test_too_small"),
        lib("tenure_test_no_symbol"),
        lib("tenure_test_panic_info"),
    ];
    let host = PluginHost::load_files(&files);
    let ids: Vec<&str> = host.plugins.iter().map(|p| p.info.id.as_str()).collect();
    assert_eq!(ids, ["example-jsonl", "test-misbehaving"]);
    let reason = |name: &str| {
        host.failures
            .iter()
            .find(|f| f.path.to_string_lossy().contains(name))
            .map(|f| f.reason.clone())
            .unwrap_or_else(|| panic!("{name} not listed: {:?}", host.failures))
    };
    assert!(
        reason("wrong_abi").contains("ABI version 2"),
        "{}",
        reason("wrong_abi")
    );
    assert!(
        reason("too_small").contains("smaller than"),
        "{}",
        reason("too_small")
    );
    assert!(
        reason("no_symbol").contains("entry symbol"),
        "{}",
        reason("no_symbol")
    );
    assert!(
        reason("panic_info").contains("info"),
        "{}",
        reason("panic_info")
    );
    assert_eq!(host.failures.len(), 4);

    // The CLI lists them too.
    let mut out = Vec::new();
    tenure::cli::plugins::list(&host, true, &mut out).unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(listed["plugins"].as_array().unwrap().len(), 2);
    assert_eq!(listed["plugins"][0]["abi_version"], 1);
    assert_eq!(listed["failed"].as_array().unwrap().len(), 4);
}

#[test]
fn a_panic_in_import_fails_cleanly_and_changes_nothing() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    assert_eq!(env.import(&[&accounts], |_| {}).code, 0);
    let before = env.snapshot();
    let bad = env.file("data.bad", "whatever\n");
    let o = env.import(&[&bad], |a| a.plugin = Some("test-misbehaving".into()));
    assert_eq!(o.code, 2, "{}{}", o.out, o.err);
    assert!(o.err.contains("test-misbehaving"), "{}", o.err);
    assert!(o.err.contains("panicked on purpose"), "{}", o.err);
    assert_eq!(env.snapshot(), before);
    // The host keeps working.
    let mrr = env.file("mrr.jsonl", MRR);
    let o = env.import(&[&mrr], |_| {});
    assert_eq!(o.code, 0, "{}{}", o.out, o.err);
    assert_eq!(env.count("mrr"), 2);
    // The failed attempt is in the history, not undoable.
    let runs = env.store.imports().unwrap();
    assert!(
        runs.iter()
            .any(|r| r.status == "failed" && r.plugin == "test-misbehaving")
    );
}

#[test]
fn a_panic_in_describe_fails_cleanly() {
    let mut env = Env::new();
    let bad = env.file("panic-describe.bad", "x\n");
    let o = env.import(&[&bad], |a| a.plugin = Some("test-misbehaving".into()));
    assert_eq!(o.code, 2);
    assert!(o.err.contains("describe panicked on purpose"), "{}", o.err);
    assert!(env.snapshot().is_empty());
}

#[test]
fn a_panic_in_detect_counts_as_no() {
    let env = Env::new();
    let path = env.file("panic-detect.jsonl", ACCOUNTS);
    let head = std::fs::read(&path).unwrap();
    let answers = env.host.detect(&path, &head);
    let of = |id: &str| answers.iter().find(|a| a.plugin == id).unwrap().confidence;
    assert_eq!(of("test-misbehaving"), None);
    assert_eq!(of("example-jsonl"), Some(95));
    assert!(
        matches!(env.host.choose(&path, &head), Choice::Chosen(p) if p.info.id == "example-jsonl")
    );
}

#[test]
fn a_slow_detect_is_abandoned_after_two_seconds() {
    let mut env = Env::new();
    let path = env.file("slow-detect.jsonl", ACCOUNTS);
    let started = Instant::now();
    let o = env.import(&[&path], |_| {});
    let took = started.elapsed();
    assert_eq!(o.code, 0, "{}{}", o.out, o.err);
    assert!(took < Duration::from_millis(2900), "took {took:?}");
    assert!(took >= Duration::from_secs(2), "took {took:?}");
    assert_eq!(env.count("account"), 2);
}

#[test]
fn import_stores_exact_values() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    let mrr = env.file("mrr.jsonl", MRR);
    // Given in the wrong order: accounts are imported first anyway.
    let (code, reports) = env.json(&[&mrr, &accounts], |_| {});
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(
        reports[0]["file"].as_str().unwrap(),
        accounts.display().to_string()
    );
    assert_eq!(reports[0]["kind"], "account");
    assert_eq!(reports[0]["inserted"], 2);
    assert_eq!(reports[1]["kind"], "mrr");
    assert_eq!(reports[1]["inserted"], 2);
    assert!(reports[1]["import_id"].as_i64().is_some());
    let conn = env.store.conn();
    let row: (String, String, Option<String>, Option<i64>, Option<String>, String, String) = conn
        .query_row(
            "SELECT external_id, name, plan, employees, customer_since, status, custom FROM account WHERE external_id = 'A1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "A1".into(),
            "Acme Ltda".into(),
            Some("Pro".into()),
            Some(120),
            Some("2024-01-15".into()),
            "active".into(),
            r#"{"Setor":"Varejo"}"#.into()
        )
    );
    let churned: (String, Option<String>) = conn
        .query_row(
            "SELECT status, churned_on FROM account WHERE external_id = 'A2'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(churned, ("churned".into(), Some("2025-03-31".into())));
    let mut stmt = conn
        .prepare("SELECT a.external_id, m.month, m.mrr_cents FROM mrr m JOIN account a ON a.id = m.account_id ORDER BY a.external_id")
        .unwrap();
    let mrr: Vec<(String, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(mrr.len(), 2);
    assert_eq!((mrr[0].0.as_str(), mrr[0].2), ("A1", 123_456));
    assert_eq!((mrr[1].0.as_str(), mrr[1].2), ("A2", 9_900));
}

#[test]
fn reimport_is_idempotent() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    let mrr = env.file("mrr.jsonl", MRR);
    assert_eq!(env.json(&[&accounts, &mrr], |_| {}).0, 0);
    let before = env.snapshot();
    let (code, reports) = env.json(&[&accounts, &mrr], |_| {});
    assert_eq!(code, 0);
    for r in &reports {
        assert_eq!(
            (
                r["inserted"].as_u64(),
                r["updated"].as_u64(),
                r["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(2)),
            "{r}"
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn undo_restores_the_exact_previous_state() {
    let mut env = Env::new();
    let v1 = env.file("v1.jsonl", ACCOUNTS);
    let (_, r1) = env.json(&[&v1], |_| {});
    let first = r1[0]["import_id"].as_i64().unwrap();
    let after_v1 = env.snapshot();
    let v2 = env.file(
        "v2.jsonl",
        r#"{"kind":"account","external_id":"A1","name":"Acme Brasil","plan":"Enterprise","custom":{"Região":"Sul"}}
{"kind":"account","external_id":"A3","name":"Gamma","csm":"Ana Souza"}
{"kind":"mrr","account":"A1","month":"2025-02","mrr":"10"}
"#,
    );
    let (code, r2) = env.json(&[&v2], |_| {});
    assert_eq!(code, 0, "{r2:?}");
    assert_eq!(
        (r2[0]["inserted"].as_u64(), r2[0]["updated"].as_u64()),
        (Some(2), Some(1))
    );
    assert_ne!(env.snapshot(), after_v1);
    let second = r2[0]["import_id"].as_i64().unwrap();
    // Undoing the first while the second changed its records is refused.
    assert!(env.store.undo_import(first).is_err());
    env.store.undo_import(second).unwrap();
    assert_eq!(env.snapshot(), after_v1);
    env.store.undo_import(first).unwrap();
    assert!(env.snapshot().is_empty());
}

#[test]
fn dry_run_writes_nothing() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    let (code, reports) = env.json(&[&accounts], |a| a.dry_run = true);
    assert_eq!(code, 0);
    assert_eq!(reports[0]["inserted"], 2);
    assert_eq!(reports[0]["import_id"], serde_json::Value::Null);
    assert!(env.snapshot().is_empty());
    assert!(env.store.imports().unwrap().is_empty());
}

const BAD_ROWS: &str = r#"{"kind":"account","external_id":"B1","name":"Dup One"}
{"kind":"account","external_id":"B1","name":"Dup Two"}
{"kind":"mrr","account":"A1","month":"2025-01","mrr":"-5"}

{"kind":"mrr","account":"NOPE","month":"2025-01","mrr":"5"}
{"kind":"mrr","account":"A2","month":"2025-02","mrr":"1"}
{"kind":"survey_response","account":"A1","date":"2025-01-10","survey_kind":"nps","score":11}
"#;

#[test]
fn rejected_rows_exit_1_with_line_numbers_and_write_nothing() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    assert_eq!(env.import(&[&accounts], |_| {}).code, 0);
    let before = env.snapshot();
    let bad = env.file("bad.jsonl", BAD_ROWS);
    let o = env.import(&[&bad], |_| {});
    assert_eq!(o.code, 1, "{}{}", o.out, o.err);
    assert!(
        o.out
            .contains("bad.jsonl, line 2, column `external_id`: `B1` appears more than once"),
        "{}",
        o.out
    );
    assert!(
        o.out
            .contains("bad.jsonl, line 3, column `mrr`: `-5.00` must not be negative"),
        "{}",
        o.out
    );
    assert!(
        o.out
            .contains("bad.jsonl, line 5, column `account`: `NOPE` matches no account"),
        "{}",
        o.out
    );
    assert!(
        o.out.contains("bad.jsonl, line 7, column `score`: `11`"),
        "{}",
        o.out
    );
    assert!(o.out.contains("nothing was written"), "{}", o.out);
    assert_eq!(env.snapshot(), before);

    // JSON shape of cli.md.
    let (code, reports) = env.json(&[&bad], |_| {});
    assert_eq!(code, 1);
    let r = &reports[0];
    assert_eq!(r["rejected"], 4);
    assert_eq!(r["import_id"], serde_json::Value::Null);
    let p = &r["problems"][0];
    for key in ["severity", "sheet", "row", "column", "code", "message"] {
        assert!(p.get(key).is_some(), "{key} missing in {p}");
    }
    assert_eq!(p["row"], 2);
    assert_eq!(p["code"], "duplicate");
    assert_eq!(env.snapshot(), before);

    // --skip-invalid writes the valid rows and says so in the history.
    let (code, reports) = env.json(&[&bad], |a| a.skip_invalid = true);
    assert_eq!(code, 1);
    assert_eq!(reports[0]["inserted"], 2, "{}", reports[0]);
    let id = reports[0]["import_id"].as_i64().unwrap();
    let run = env
        .store
        .imports()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert!(run.skip_invalid);
    assert_eq!(run.status, "committed_skipping_invalid");
}

#[test]
fn nps_11_is_rejected() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    assert_eq!(env.import(&[&accounts], |_| {}).code, 0);
    let before = env.snapshot();
    // The scale (`kind` in data-model.md) travels as `survey_kind`.
    let ok = serde_json::json!({"kind": "survey_response", "account": "A1", "date": "2025-01-10", "score": 10, "survey_kind": "nps", "comment": "great"});
    let bad = serde_json::json!({"kind": "survey_response", "account": "A1", "date": "2025-01-11", "score": 11, "survey_kind": "nps"});
    let nps = env.file("nps.jsonl", &format!("{ok}\n{bad}\n"));
    let o = env.import(&[&nps], |_| {});
    assert_eq!(o.code, 1, "{}{}", o.out, o.err);
    assert!(
        o.out.contains("nps.jsonl, line 2, column `score`: `11`"),
        "{}",
        o.out
    );
    assert_eq!(env.snapshot(), before);
    let only_ok = env.file("nps-ok.jsonl", &format!("{ok}\n"));
    assert_eq!(env.import(&[&only_ok], |_| {}).code, 0);
    let stored: (String, i64, Option<String>) = env
        .store
        .conn()
        .query_row(
            "SELECT kind, score, comment FROM survey_response",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(stored, ("nps".into(), 10, Some("great".into())));
}

#[test]
fn unreadable_files_exit_2() {
    let mut env = Env::new();
    let missing = env.dir.path().join("missing.jsonl");
    let o = env.import(&[&missing], |_| {});
    assert_eq!(o.code, 2);
    assert!(o.err.contains("missing.jsonl cannot be read"), "{}", o.err);
    let garbage = env.file("garbage.bin", "\u{0}\u{1}\u{2}binary");
    let o = env.import(&[&garbage], |_| {});
    assert_eq!(o.code, 2);
    assert!(o.err.contains("--plugin"), "{}", o.err);
    assert!(env.snapshot().is_empty());
}

#[test]
fn a_saved_mapping_is_reused() {
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    assert_eq!(env.import(&[&accounts], |_| {}).code, 0);
    let first = env.file(
        "receita.jsonl",
        "{\"cliente\":\"A1\",\"mes\":\"2025-01\",\"receita\":\"10\"}\n",
    );
    let (code, reports) = env.json(&[&first], |a| {
        a.kind = Some("mrr".into());
        a.map = vec![
            "account=cliente".into(),
            "month=mes".into(),
            "mrr=receita".into(),
        ];
    });
    assert_eq!(code, 0, "{reports:?}");
    let second = env.file(
        "receita-2.jsonl",
        "{\"cliente\":\"A2\",\"mes\":\"2025-01\",\"receita\":\"20\"}\n",
    );
    let (code, reports) = env.json(&[&second], |_| {});
    assert_eq!(code, 0, "{reports:?}");
    assert!(reports[0]["mapping_reused"].is_string(), "{}", reports[0]);
    assert_eq!(env.count("mrr"), 2);
}

#[test]
fn plugins_check_runs_the_self_test() {
    // In this process here; tenure's own tests run it in a child process.
    let options = tenure::importing::check::CheckOptions::default();
    let mut out = Vec::new();
    assert_eq!(
        tenure::cli::plugins::check(&example(), None, &options, false, &mut out).unwrap(),
        0
    );
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("PASS: `example-jsonl`"), "{text}");
    let mut out = Vec::new();
    assert_eq!(
        tenure::cli::plugins::check(&misbehaving(), None, &options, true, &mut out).unwrap(),
        1
    );
    let failed: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(failed["passed"], false);
    assert!(
        failed["verdict"]
            .as_str()
            .unwrap()
            .starts_with("FAIL: describe (missing file)"),
        "{failed}"
    );
    let mut out = Vec::new();
    let code = tenure::cli::plugins::check(
        &lib("tenure_test_no_symbol"),
        None,
        &options,
        false,
        &mut out,
    )
    .unwrap();
    assert_eq!(code, 2);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("FAIL: load:"), "{text}");
    assert!(text.contains("entry symbol"), "{text}");
}

#[test]
fn a_hung_import_or_describe_times_out_and_changes_nothing() {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use tenure::importing::pipeline::{ImportSettings, import_files};
    let mut env = Env::new();
    let accounts = env.file("accounts.jsonl", ACCOUNTS);
    assert_eq!(env.import(&[&accounts], |_| {}).code, 0);
    let before = env.snapshot();
    let settings = ImportSettings {
        plugin: Some("test-misbehaving".into()),
        stall_timeout: Some(Duration::from_secs(1)),
        ..ImportSettings::default()
    };
    // `import` sends ten records, then never returns nor calls back.
    let hung = env.file("hang-import.bad", "x\n");
    let started = Instant::now();
    let reports = import_files(
        &mut env.store,
        &env.host,
        &[hung],
        &settings,
        Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    );
    // Generous: this says "it did not wait forever", not how fast.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let r = &reports[0];
    assert_eq!((r.status.as_str(), r.exit_code), ("failed", 2), "{r:?}");
    let p = &r.problems[0];
    assert_eq!(p.code, "plugin_hung");
    assert_eq!(
        p.message,
        "the `test-misbehaving` plugin stopped answering while reading hang-import.bad (nothing for 1 s); nothing was written. Report this to the plugin's author, or choose another plugin with --plugin"
    );
    assert_eq!(env.snapshot(), before);
    // `describe` that never returns: the file is not imported at all.
    let hung = env.file("hang-describe.bad", "x\n");
    let reports = import_files(
        &mut env.store,
        &env.host,
        &[hung],
        &settings,
        Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    );
    assert_eq!(
        reports[0].problems[0].code, "plugin_hung",
        "{:?}",
        reports[0]
    );
    assert!(
        reports[0].problems[0]
            .message
            .contains("stopped answering while describing hang-describe.bad")
    );
    assert_eq!(env.snapshot(), before);
    // The host keeps working.
    let mrr = env.file("mrr.jsonl", MRR);
    assert_eq!(env.import(&[&mrr], |_| {}).code, 0);
    assert_eq!(env.count("mrr"), 2);
}

/// A plugin built the old way — its own copy of the version-1 C ABI, no
/// plugin API, payload version 1: JSON record batches with `survey_kind`,
/// `activity_kind` and `opportunity_kind` — loads in this host and imports
/// end to end into a real database. The ABI major stays 1.
#[test]
fn a_payload_version_1_plugin_built_the_old_way_imports_end_to_end() {
    let host = PluginHost::load_files(&[legacy_v1()]);
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    let plugin = &host.plugins[0];
    assert_eq!(
        (
            plugin.info.id.as_str(),
            plugin.abi_major,
            plugin.payload_version
        ),
        ("test-legacy-v1", 1, 1)
    );
    let mut env = Env::with(host);
    let file = env.file(
        "crm.v1jsonl",
        r#"{"kind":"account","external_id":"A1","name":"Acme Ltda","plan":"Pro","acquisition_cost":"3500.10","custom":{"Setor":"Varejo"}}
{"kind":"mrr","account":"A1","month":"2025-01","mrr":"1234.56"}

{"kind":"survey_response","account":"A1","date":"2025-01-10","survey_kind":"nps","score":9,"comment":"great"}
{"kind":"activity","account":"A1","date":"2025-01-11","activity_kind":"call","minutes":30}
{"kind":"opportunity","account":"A1","external_id":"O-1","opportunity_kind":"upsell","status":"won","amount":"500"}
"#,
    );
    let (code, reports) = env.json(&[&file], |_| {});
    assert_eq!(code, 0, "{reports:?}");
    let inserted: i64 = reports
        .iter()
        .map(|r| r["inserted"].as_i64().unwrap())
        .sum();
    assert_eq!(inserted, 5, "{reports:?}");
    let conn = env.store.conn();
    let one = |sql: &str| -> String {
        conn.query_row(sql, [], |r| r.get::<_, String>(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    assert_eq!(
        one(
            "SELECT name || '|' || plan || '|' || acquisition_cost_cents || '|' || custom FROM account"
        ),
        r#"Acme Ltda|Pro|350010|{"Setor":"Varejo"}"#
    );
    assert_eq!(
        one("SELECT month || '|' || mrr_cents FROM mrr"),
        "202501|123456"
    );
    assert_eq!(
        one("SELECT kind || '|' || score || '|' || comment FROM survey_response"),
        "nps|9|great"
    );
    assert_eq!(
        one("SELECT kind || '|' || minutes FROM activity"),
        "call|30"
    );
    assert_eq!(
        one("SELECT kind || '|' || status || '|' || amount_cents FROM opportunity"),
        "upsell|won|50000"
    );

    // Re-importing changes nothing; a bad line rejects the file, with the
    // plugin's row number.
    let (code, reports) = env.json(&[&file], |_| {});
    assert_eq!(code, 0, "{reports:?}");
    assert!(reports.iter().all(|r| r["inserted"] == 0), "{reports:?}");
    let before = env.snapshot();
    let bad = env.file(
        "bad.v1jsonl",
        "{\"kind\":\"mrr\",\"account\":\"A1\",\"month\":\"2025-02\",\"mrr\":\"1\"}\nnot json\n",
    );
    let o = env.import(&[&bad], |_| {});
    assert_eq!(o.code, 1, "{}{}", o.out, o.err);
    assert!(o.out.contains("line 2"), "{}", o.out);
    assert_eq!(env.snapshot(), before);
}
