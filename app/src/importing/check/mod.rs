//! `tenure plugins check LIB [FILE]` as a library function, for the CLI and
//! the window's Plugins view alike.
//!
//! [`check_plugin`] runs the check in a child process (`tenure plugins
//! probe …`, hidden) so that a plugin that crashes the process or hangs
//! cannot take the caller down: the child streams each step as a JSON line,
//! and the parent turns a crash, a non-zero exit or a timeout into a failed
//! step naming what the plugin was doing. [`check_in_process`] is the check
//! itself (what the child runs).
//!
//! Steps: the library loads (entry symbol, ABI, table size, `info`); `info`
//! is well formed; `detect` answers in time on the file (or, without a
//! file, on built-in probes: empty, binary, text); a missing file fails
//! cleanly in `describe` and `import`; with a file, `describe` reads it and
//! a dry-run import (nothing written) reports what it would store.

mod isolated;
mod probe;

pub use probe::check_in_process;

use super::STALL_TIMEOUT;
use super::pipeline::FileReport;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How the check runs.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The `tenure` executable to run the check in (`std::env::current_exe()`
    /// from the app); `None` runs it in this process.
    pub runner: Option<PathBuf>,
    /// The database the dry run reads (its accounts, saved mappings);
    /// `None` or a missing file: an empty temporary database.
    pub db: Option<PathBuf>,
    /// How long `describe`, or `import` between signs of life, may take.
    pub stall_timeout: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            runner: None,
            db: None,
            stall_timeout: STALL_TIMEOUT,
        }
    }
}

/// Who the plugin says it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginSummary {
    pub id: String,
    pub name: String,
    pub version: String,
    pub abi_version: u32,
    pub payload_version: u32,
    pub extensions: Vec<String>,
    pub kinds: Vec<String>,
}

/// One step of the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckStep {
    pub name: String,
    pub passed: bool,
    pub detail: String,
    /// How long the step took, where timing matters (`detect`, the import).
    pub millis: Option<u64>,
}

/// The whole check: what the CLI prints and the Plugins view shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CheckReport {
    pub library: PathBuf,
    pub file: Option<PathBuf>,
    /// `None` when the library did not load.
    pub plugin: Option<PluginSummary>,
    pub steps: Vec<CheckStep>,
    /// The dry-run import of the file.
    pub import: Option<FileReport>,
    pub passed: bool,
    /// One line: `PASS: …` or `FAIL: <step>: <why>`.
    pub verdict: String,
    /// The check ran in a child process.
    pub isolated: bool,
}

impl CheckReport {
    /// Sets `passed` and the one-line verdict from the steps.
    pub(super) fn conclude(&mut self) {
        self.passed = !self.steps.is_empty() && self.steps.iter().all(|s| s.passed);
        let failed = self.steps.iter().filter(|s| !s.passed).count();
        self.verdict = match self.steps.iter().find(|s| !s.passed) {
            Some(step) if failed > 1 => format!(
                "FAIL: {}: {} (and {} more failed step{})",
                step.name,
                step.detail,
                failed - 1,
                if failed > 2 { "s" } else { "" }
            ),
            Some(step) => format!("FAIL: {}: {}", step.name, step.detail),
            None => {
                let who = self
                    .plugin
                    .as_ref()
                    .map(|p| format!("`{}` {}", p.id, p.version))
                    .unwrap_or_default();
                match (&self.file, &self.import) {
                    (Some(file), Some(r)) if r.rejected > 0 => format!(
                        "PASS: {who} reads {} ({} records; {} refer to accounts not in the check database).",
                        display(file),
                        r.inserted + r.updated + r.unchanged + r.rejected,
                        r.rejected
                    ),
                    (Some(file), Some(r)) => format!(
                        "PASS: {who} reads {} ({} records would be stored, nothing rejected).",
                        display(file),
                        r.inserted + r.updated + r.unchanged
                    ),
                    _ => format!(
                        "PASS: {who} loads, answers in time and fails cleanly on bad input."
                    ),
                }
            }
        };
    }
}

pub(super) fn display(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// What the child streams to the parent, one JSON object a line.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ProbeEvent {
    /// A step begins (so that a crash or a hang can be named).
    Start {
        step: String,
    },
    Step {
        step: CheckStep,
    },
    Report {
        report: Box<CheckReport>,
    },
}

/// Runs the check, in a child process when `options.runner` is set.
pub fn check_plugin(lib: &Path, file: Option<&Path>, options: &CheckOptions) -> CheckReport {
    match &options.runner {
        Some(runner) => isolated::run(runner, lib, file, options),
        None => check_in_process(lib, file, options, &mut |_| {}),
    }
}

pub(super) fn step(name: &str, passed: bool, detail: String, millis: Option<u64>) -> CheckStep {
    CheckStep {
        name: name.to_string(),
        passed,
        detail,
        millis,
    }
}
