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

use super::pipeline::{FileReport, ImportSettings, import_files};
use super::{DETECT_TIMEOUT, ImportOptions, PluginHost, STALL_TIMEOUT};
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

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
    fn conclude(&mut self) {
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

fn display(path: &Path) -> String {
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
        Some(runner) => run_isolated(runner, lib, file, options),
        None => check_in_process(lib, file, options, &mut |_| {}),
    }
}

fn step(name: &str, passed: bool, detail: String, millis: Option<u64>) -> CheckStep {
    CheckStep {
        name: name.to_string(),
        passed,
        detail,
        millis,
    }
}

/// The check itself, in this process; `events` hears each step as it
/// starts and ends (the child prints them).
pub fn check_in_process(
    lib: &Path,
    file: Option<&Path>,
    options: &CheckOptions,
    events: &mut dyn FnMut(ProbeEvent),
) -> CheckReport {
    let mut report = CheckReport {
        library: lib.to_path_buf(),
        file: file.map(Path::to_path_buf),
        ..CheckReport::default()
    };
    let push = |report: &mut CheckReport, s: CheckStep, events: &mut dyn FnMut(ProbeEvent)| {
        events(ProbeEvent::Step { step: s.clone() });
        report.steps.push(s);
    };
    events(ProbeEvent::Start {
        step: "load".into(),
    });
    let plugin = match super::load(lib) {
        Ok(p) => p,
        Err(reason) => {
            push(
                &mut report,
                step("load", false, format!("{} {reason}", display(lib)), None),
                events,
            );
            report.conclude();
            return report;
        }
    };
    report.plugin = Some(PluginSummary {
        id: plugin.info.id.clone(),
        name: plugin.info.name.clone(),
        version: plugin.info.version.clone(),
        abi_version: plugin.abi_major,
        payload_version: plugin.payload_version,
        extensions: plugin.info.extensions.clone(),
        kinds: plugin.info.kinds.clone(),
    });
    push(
        &mut report,
        step(
            "load",
            true,
            format!(
                "plugin `{}` {} (ABI {}, payload {})",
                plugin.info.id, plugin.info.version, plugin.abi_major, plugin.payload_version
            ),
            None,
        ),
        events,
    );
    // info, kinds, extensions, detect on probes, missing file in describe
    // and import: the self-test.
    events(ProbeEvent::Start {
        step: "self-test (info, detect probes, missing file)".into(),
    });
    for c in super::self_test(&plugin) {
        if file.is_some() && c.name.starts_with("detect (") {
            continue;
        }
        push(&mut report, step(&c.name, c.passed, c.detail, None), events);
    }
    let Some(file) = file else {
        report.conclude();
        return report;
    };
    events(ProbeEvent::Start {
        step: "detect (file)".into(),
    });
    let head = match super::read_head(file) {
        Ok(h) => h,
        Err(e) => {
            push(
                &mut report,
                step(
                    "detect (file)",
                    false,
                    format!("{} cannot be read ({e})", file.display()),
                    None,
                ),
                events,
            );
            report.conclude();
            return report;
        }
    };
    let started = Instant::now();
    let answer = plugin.detect(file, &head);
    let millis = started.elapsed().as_millis() as u64;
    let detect = match answer {
        None => step(
            "detect (file)",
            false,
            format!(
                "failed or took longer than {} s on {}",
                DETECT_TIMEOUT.as_secs(),
                display(file)
            ),
            Some(millis),
        ),
        Some(0) => step(
            "detect (file)",
            false,
            format!(
                "answered 0: the plugin says it cannot read {}",
                display(file)
            ),
            Some(millis),
        ),
        Some(c) if c < 50 => step(
            "detect (file)",
            true,
            format!(
                "answered {c} in {millis} ms; under 50, Tenure will not choose this plugin by itself (use --plugin {})",
                plugin.info.id
            ),
            Some(millis),
        ),
        Some(c) => step(
            "detect (file)",
            true,
            format!("answered {c} in {millis} ms"),
            Some(millis),
        ),
    };
    push(&mut report, detect, events);
    events(ProbeEvent::Start {
        step: "describe (file)".into(),
    });
    let started = Instant::now();
    let described = plugin.describe_within(file, &ImportOptions::default(), options.stall_timeout);
    let millis = Some(started.elapsed().as_millis() as u64);
    let describe = match &described {
        Ok(d) => {
            let kinds: Vec<String> = d.sheets.iter().filter_map(|s| s.kind.clone()).collect();
            let columns: usize = d.sheets.iter().map(|s| s.mapping.len()).sum();
            step(
                "describe (file)",
                true,
                format!(
                    "{} sheet(s), kinds [{}], {columns} column(s) mapped",
                    d.sheets.len(),
                    kinds.join(", ")
                ),
                millis,
            )
        }
        Err(p) => step("describe (file)", false, p.message.clone(), millis),
    };
    push(&mut report, describe, events);
    events(ProbeEvent::Start {
        step: "import (dry run)".into(),
    });
    let started = Instant::now();
    let used_empty_db = options.db.as_ref().is_none_or(|p| !p.is_file());
    let import = dry_run(lib, file, options);
    let millis = Some(started.elapsed().as_millis() as u64);
    let import_step = match &import {
        Ok(r) => {
            let counts = format!(
                "{} inserted, {} updated, {} unchanged, {} rejected (dry run, nothing written)",
                r.inserted, r.updated, r.unchanged, r.rejected
            );
            let first = r
                .problems
                .iter()
                .find(|p| p.severity != super::Severity::Warning);
            // In an empty database every reference to an account is
            // unknown: that says nothing about the plugin.
            let unknown_accounts = r
                .problems
                .iter()
                .filter(|p| p.code == "unknown_account")
                .count() as u64;
            let only_missing_accounts = used_empty_db
                && r.exit_code == 1
                && r.more_problems == 0
                && r.rejected > 0
                && unknown_accounts == r.rejected;
            match (r.exit_code, first) {
                (0, _) => step("import (dry run)", true, counts, millis),
                _ if only_missing_accounts => step(
                    "import (dry run)",
                    true,
                    format!(
                        "{counts}; the {} rejected rows refer to accounts that the empty check database does not have (check with --db YOUR.db to resolve them)",
                        r.rejected
                    ),
                    millis,
                ),
                (_, Some(p)) => step(
                    "import (dry run)",
                    false,
                    format!("{counts}; first problem: {}", p.message),
                    millis,
                ),
                (_, None) => step("import (dry run)", false, counts, millis),
            }
        }
        Err(message) => step("import (dry run)", false, message.clone(), millis),
    };
    report.import = import.ok();
    push(&mut report, import_step, events);
    report.conclude();
    report
}

/// A dry-run import of `file` with this library only, against the person's
/// database when it exists (its accounts and saved mappings), else against
/// an empty temporary one that is removed afterwards.
fn dry_run(lib: &Path, file: &Path, options: &CheckOptions) -> Result<FileReport, String> {
    let host = PluginHost::load_files(&[lib.to_path_buf()]);
    let plugin = host
        .plugins
        .first()
        .ok_or_else(|| "the library did not load a second time".to_string())?
        .info
        .id
        .clone();
    let existing = options.db.as_ref().filter(|p| p.is_file());
    let temp = std::env::temp_dir().join(format!(
        "tenure-check-{}-{}.db",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let db = existing.cloned().unwrap_or_else(|| temp.clone());
    let result = (|| {
        let mut store = crate::store::Store::open(&db).map_err(|e| e.to_string())?;
        let settings = ImportSettings {
            plugin: Some(plugin),
            dry_run: true,
            stall_timeout: Some(options.stall_timeout),
            ..ImportSettings::default()
        };
        let cancel = Arc::new(AtomicBool::new(false));
        import_files(
            &mut store,
            &host,
            &[file.to_path_buf()],
            &settings,
            cancel,
            &mut |_| {},
        )
        .into_iter()
        .next()
        .ok_or_else(|| "the import gave no report".to_string())
    })();
    if existing.is_none() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
        }
    }
    result
}

/// How long the child may take in all: every step at its own limit, and
/// a margin for starting the process.
fn overall_timeout(options: &CheckOptions) -> Duration {
    options.stall_timeout * 3 + DETECT_TIMEOUT * 5 + Duration::from_secs(10)
}

fn run_isolated(
    runner: &Path,
    lib: &Path,
    file: Option<&Path>,
    options: &CheckOptions,
) -> CheckReport {
    let mut command = Command::new(runner);
    command.arg("plugins").arg("probe").arg(lib);
    if let Some(file) = file {
        command.arg(file);
    }
    command
        .arg("--stall-secs")
        .arg(options.stall_timeout.as_secs_f64().to_string());
    if let Some(db) = &options.db {
        command.arg("--db").arg(db);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut report = CheckReport {
        library: lib.to_path_buf(),
        file: file.map(Path::to_path_buf),
        isolated: true,
        ..CheckReport::default()
    };
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            // No child process: check here rather than not at all.
            let mut r = check_in_process(lib, file, options, &mut |_| {});
            r.steps.insert(
                0,
                step(
                    "isolation",
                    true,
                    format!(
                        "could not start {} ({e}); checked in this process",
                        runner.display()
                    ),
                    None,
                ),
            );
            return r;
        }
    };
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let deadline = Instant::now() + overall_timeout(options);
    let mut current = "load".to_string();
    let mut finished: Option<CheckReport> = None;
    let mut timed_out = false;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => match serde_json::from_str::<ProbeEvent>(&line) {
                Ok(ProbeEvent::Start { step }) => current = step,
                Ok(ProbeEvent::Step { step }) => report.steps.push(step),
                Ok(ProbeEvent::Report { report }) => finished = Some(*report),
                Err(_) => {}
            },
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                timed_out = true;
                break;
            }
        }
    }
    if timed_out {
        let _ = child.kill();
        let _ = child.wait();
        report.steps.push(step(
            &current,
            false,
            format!(
                "the plugin did not finish within {} s: it hangs (the check process was stopped)",
                overall_timeout(options).as_secs()
            ),
            None,
        ));
        report.conclude();
        return report;
    }
    let status = child.wait();
    if let Some(mut done) = finished {
        done.isolated = true;
        return done;
    }
    let how = match status {
        Ok(s) => exit_text(&s),
        Err(e) => format!("could not be waited for ({e})"),
    };
    report.steps.push(step(
        &current,
        false,
        format!("the plugin crashed the check process ({how}); in the app it would have taken Tenure down"),
        None,
    ));
    report.conclude();
    report
}

fn exit_text(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => " (SIGABRT)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                _ => "",
            };
            return format!("killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "ended abnormally".to_string(),
    }
}
