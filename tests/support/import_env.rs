//! A store in a temporary folder and a plugin host, importing as
//! `tenure import --json` does: shared by the vendor-plugin end-to-end tests.

use std::path::Path;
use tenure::cli::import::{ImportArgs, run_with};
use tenure::importing::PluginHost;
use tenure::store::Store;

pub struct Env {
    _dir: tempfile::TempDir,
    pub store: Store,
    pub host: PluginHost,
}

impl Env {
    pub fn new(host: PluginHost) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        Env {
            _dir: dir,
            store,
            host,
        }
    }

    /// Imports `files`; the exit code and each file's JSON report.
    pub fn import(&mut self, files: &[&Path]) -> (u8, Vec<serde_json::Value>) {
        let args = ImportArgs {
            files: files.iter().map(|p| p.to_path_buf()).collect(),
            json: true,
            ..ImportArgs::default()
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(&mut self.store, &self.host, &args, &mut out, &mut err).unwrap();
        let reports = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (code, reports)
    }

    /// A report's (inserted, updated, unchanged).
    pub fn counts(r: &serde_json::Value) -> (Option<u64>, Option<u64>, Option<u64>) {
        (
            r["inserted"].as_u64(),
            r["updated"].as_u64(),
            r["unchanged"].as_u64(),
        )
    }
}
