//! The check itself, in this process: what `tenure plugins probe` (the
//! child of [`super::check_plugin`]) runs.

use super::{CheckOptions, CheckReport, CheckStep, PluginSummary, ProbeEvent, display, step};
use crate::importing::pipeline::{FileReport, ImportSettings};
use crate::importing::prepare::{self, Described, Look};
use crate::importing::service::{self, Control, FileJob};
use crate::importing::source::Source;
use crate::importing::{DETECT_TIMEOUT, FileDescription, ImportOptions, PluginHost};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

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
    let plugin = match crate::importing::load(lib) {
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
    for c in crate::importing::self_test(&plugin) {
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
    let source = match Source::open(file) {
        Ok(s) => s,
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
    let answer = plugin.detect(file, source.head());
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
    // The dry run's database (its currency and saved mappings decide the
    // options), and this library alone as the host.
    let db = CheckDb::new(options);
    let store = crate::store::Store::open(db.path()).map_err(|e| e.to_string());
    let host = PluginHost {
        plugins: vec![plugin.clone()],
        ..PluginHost::default()
    };
    let settings = ImportSettings {
        plugin: Some(plugin.info.id.clone()),
        dry_run: true,
        stall_timeout: Some(options.stall_timeout),
        ..ImportSettings::default()
    };
    let started = Instant::now();
    // The import's own preparation, so that the dry run needs no second
    // `describe`; without a database, the plugin's bare `describe`.
    let described: Result<Result<Described, FileReport>, String> = match &store {
        Ok(store) => {
            Ok(
                prepare::prepare(store, &host, file, &settings, Look::default(), Some(source))
                    .1
                    .map(|p| p.described),
            )
        }
        Err(e) => Err(e.clone()),
    };
    let millis = Some(started.elapsed().as_millis() as u64);
    let describe = match &described {
        Ok(Ok(d)) => describe_step(Ok(&d.description), millis),
        Ok(Err(r)) => describe_step(Err(first_message(r)), millis),
        Err(_) => {
            let bare =
                plugin.describe_within(file, &ImportOptions::default(), options.stall_timeout);
            let millis = Some(started.elapsed().as_millis() as u64);
            describe_step(bare.as_ref().map_err(|p| p.message.clone()), millis)
        }
    };
    push(&mut report, describe, events);
    events(ProbeEvent::Start {
        step: "import (dry run)".into(),
    });
    let started = Instant::now();
    let used_empty_db = db.temp;
    let import = match (store, described) {
        (Ok(mut store), Ok(Ok(known))) => {
            let job = FileJob {
                path: file.to_path_buf(),
                settings,
                known: Some(known),
            };
            let mut quiet = |_| {};
            let mut control = Control::new(Arc::new(AtomicBool::new(false)), &mut quiet);
            service::import(&mut store, &host, &[job], &mut control)
                .into_iter()
                .next()
                .ok_or_else(|| "the import gave no report".to_string())
        }
        // The file could not be prepared: that report is the dry run's.
        (Ok(_), Ok(Err(report))) => Ok(report),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
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
                .find(|p| p.severity != crate::importing::Severity::Warning);
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

/// The database of the dry run: the person's when it exists (its accounts
/// and saved mappings), else an empty temporary one, removed on drop.
struct CheckDb {
    path: PathBuf,
    temp: bool,
}

impl CheckDb {
    fn new(options: &CheckOptions) -> CheckDb {
        match options.db.as_ref().filter(|p| p.is_file()) {
            Some(existing) => CheckDb {
                path: existing.clone(),
                temp: false,
            },
            None => CheckDb {
                path: std::env::temp_dir().join(format!(
                    "tenure-check-{}-{}.db",
                    std::process::id(),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos())
                )),
                temp: true,
            },
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for CheckDb {
    fn drop(&mut self) {
        if self.temp {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
            }
        }
    }
}

fn first_message(report: &FileReport) -> String {
    report
        .problems
        .first()
        .map(|p| p.message.clone())
        .unwrap_or_else(|| format!("{} cannot be described", report.file))
}

fn describe_step(described: Result<&FileDescription, String>, millis: Option<u64>) -> CheckStep {
    match described {
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
        Err(message) => step("describe (file)", false, message, millis),
    }
}
