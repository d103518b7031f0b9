//! The check in a child process (`tenure plugins probe …`): a plugin that
//! crashes or hangs takes only the child down; its last announced step is
//! named in the failure.

use super::{CheckOptions, CheckReport, ProbeEvent, check_in_process, step};
use crate::importing::DETECT_TIMEOUT;
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long the child may take in all: every step at its own limit, and
/// a margin for starting the process.
fn overall_timeout(options: &CheckOptions) -> Duration {
    options.stall_timeout * 3 + DETECT_TIMEOUT * 5 + Duration::from_secs(10)
}

pub(super) fn run(
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
