//! Every plugin call in a child process (issue 20): `info`, `detect`,
//! `describe` and `import` run in `tenure plugin-child LIB`, the same
//! binary, which loads the library under an address-space and a CPU-time
//! limit and streams the plugin's answers back over a pipe (batches in the
//! binary payload, decoded here). The parent does all the writing, so a
//! plugin that crashes, aborts, runs out of memory, loops or prints takes
//! only its child down; the parent says what happened in one sentence.
//!
//! Children stay warm in a small pool per library, so that detection over
//! every plugin costs one round trip each, not a process start.

mod child;
mod os;
pub(super) mod pool;
pub(super) mod wire;

pub use child::serve;
pub(super) use pool::Pool;

use std::path::PathBuf;
use std::sync::RwLock;
use std::time::Duration;

/// What a plugin's child may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space, in bytes (`TENURE_PLUGIN_MEMORY_MB`; default 2 GiB).
    pub memory: u64,
    /// Processor time per call (`TENURE_PLUGIN_CPU_SECS`; default 10 min).
    pub cpu: Duration,
}

pub const DEFAULT_MEMORY: u64 = 2 << 30;
pub const DEFAULT_CPU: Duration = Duration::from_secs(600);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory: DEFAULT_MEMORY,
            cpu: DEFAULT_CPU,
        }
    }
}

impl Limits {
    /// The defaults, with the settings of the environment (a child reads
    /// the values its parent passed it the same way).
    pub fn from_env() -> Limits {
        let number = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|v| *v > 0)
        };
        let mut limits = Limits::default();
        if let Some(mb) = number("TENURE_PLUGIN_MEMORY_MB") {
            limits.memory = mb.saturating_mul(1 << 20);
        }
        if let Some(secs) = number("TENURE_PLUGIN_CPU_SECS") {
            limits.cpu = Duration::from_secs(secs);
        }
        limits
    }

    /// "2 GiB", "512 MiB".
    pub fn memory_words(&self) -> String {
        if self.memory >= 1 << 30 && self.memory.is_multiple_of(1 << 30) {
            format!("{} GiB", self.memory >> 30)
        } else {
            format!("{} MiB", self.memory >> 20)
        }
    }
}

static RUNNER: RwLock<Option<PathBuf>> = RwLock::new(None);

/// The executable that runs plugin children: the app sets its own
/// (`std::env::current_exe()`); tests set the built `tenure`. `None`
/// turns isolation off for this process (plugins then load in process, as
/// a library user without the binary gets them).
pub fn set_runner(runner: Option<PathBuf>) {
    if let Ok(mut slot) = RUNNER.write() {
        *slot = runner;
    }
}

/// The runner set, else `$TENURE_PLUGIN_RUNNER`; `None` when isolation is
/// off (`TENURE_PLUGIN_ISOLATION=off`, a developer's switch for measuring).
pub fn runner() -> Option<PathBuf> {
    if std::env::var("TENURE_PLUGIN_ISOLATION").is_ok_and(|v| v == "off") {
        return None;
    }
    if let Ok(slot) = RUNNER.read()
        && let Some(runner) = slot.clone()
    {
        return Some(runner);
    }
    std::env::var_os("TENURE_PLUGIN_RUNNER")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Ends a child process at once.
pub(super) fn kill(pid: u32) {
    os::kill(pid);
}

/// How a child ended, as the end of "The plugin `x` (lib) … while reading f":
/// "crashed (segmentation fault)", "ran out of memory (its limit is 2 GiB)".
pub(super) fn what_happened(
    status: Option<std::process::ExitStatus>,
    printed: &str,
    limits: &Limits,
) -> String {
    let out_of_memory = printed.contains("memory allocation of")
        || printed.contains("out of memory")
        || printed.contains("std::bad_alloc");
    if out_of_memory {
        return format!("ran out of memory (its limit is {})", limits.memory_words());
    }
    let Some(status) = status else {
        return "stopped answering".to_string();
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return match signal {
                libc::SIGSEGV => "crashed (segmentation fault)".to_string(),
                libc::SIGBUS => "crashed (bus error)".to_string(),
                libc::SIGILL => "crashed (illegal instruction)".to_string(),
                libc::SIGFPE => "crashed (arithmetic error)".to_string(),
                libc::SIGABRT => "aborted".to_string(),
                libc::SIGXCPU => format!(
                    "used more than its {} s of processor time",
                    limits.cpu.as_secs()
                ),
                libc::SIGKILL => "was killed (SIGKILL)".to_string(),
                other => format!("was ended by signal {other}"),
            };
        }
    }
    match status.code() {
        Some(code) => format!("exited on its own (exit code {code})"),
        None => "ended abnormally".to_string(),
    }
}

/// What a child printed, made safe to quote in one sentence: control
/// characters out, whitespace folded, the last 300 characters.
pub(super) fn quoted(printed: &str) -> Option<String> {
    let text: String = printed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let text = words.join(" ");
    let count = text.chars().count();
    Some(if count > 300 {
        let tail: String = text.chars().skip(count - 300).collect();
        format!("…{tail}")
    } else {
        text
    })
}

/// The one sentence for a child that gave no answer: "The plugin `crash0`
/// (/…/libcrash0.so) crashed (segmentation fault) while reading f.crash;
/// nothing was imported." `doing` is "reading" or "describing".
pub(super) fn failure_problem(
    id: &str,
    lib: &std::path::Path,
    file: &std::path::Path,
    doing: &str,
    failure: pool::Failure,
) -> tenure_plugin_api::RowProblem {
    let name = crate::importing::pipeline::display_name(file);
    let mut printed = None;
    let what = match failure {
        pool::Failure::Ended(what, said) => {
            printed = said;
            what
        }
        pool::Failure::Hung(waited) => format!(
            "stopped answering (nothing for {} s)",
            waited.as_secs_f64().round()
        ),
        pool::Failure::Load(reason) => format!("no longer loads (it {reason})"),
    };
    let mut p = tenure_plugin_api::RowProblem::fatal(
        "plugin_crashed",
        format!(
            "The plugin `{id}` ({}) {what} while {doing} {name}; nothing was imported.{}",
            lib.display(),
            printed
                .as_deref()
                .map(|p| format!(" It printed: “{p}”"))
                .unwrap_or_default()
        ),
    );
    p.file = Some(name.clone());
    for (k, v) in [
        ("plugin", id.to_string()),
        ("library", lib.display().to_string()),
        ("file", name),
        ("doing", doing.to_string()),
        ("what", what),
        ("printed", printed.unwrap_or_default()),
    ] {
        p.args.insert(k.to_string(), v);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_text_is_folded_stripped_and_cut() {
        assert_eq!(quoted(" \n\t"), None);
        assert_eq!(
            quoted("boom\x1b[31m\nline two\r\n").as_deref(),
            Some("boom [31m line two")
        );
        let long = "x".repeat(400);
        let q = quoted(&long).unwrap();
        assert_eq!(q.chars().count(), 301);
        assert!(q.starts_with('…'));
    }

    #[test]
    fn an_allocation_failure_reads_as_out_of_memory_with_the_limit() {
        let limits = Limits {
            memory: 512 << 20,
            cpu: DEFAULT_CPU,
        };
        assert_eq!(
            what_happened(
                None,
                "memory allocation of 8589934592 bytes failed",
                &limits
            ),
            "ran out of memory (its limit is 512 MiB)"
        );
        assert_eq!(Limits::default().memory_words(), "2 GiB");
    }

    #[cfg(unix)]
    #[test]
    fn signals_and_exit_codes_are_named() {
        use std::os::unix::process::ExitStatusExt;
        let limits = Limits::default();
        let said = |raw: i32| what_happened(Some(ExitStatusExt::from_raw(raw)), "", &limits);
        assert_eq!(said(11), "crashed (segmentation fault)");
        assert_eq!(said(6), "aborted");
        assert_eq!(said(24), "used more than its 600 s of processor time");
        assert_eq!(said(7 << 8), "exited on its own (exit code 7)");
    }
}
