//! The few system calls process isolation needs (Unix): resource limits,
//! moving stdout out of a plugin's reach, ending a child. Elsewhere these
//! are no-ops: the child still isolates crashes, without the limits.

/// Limits this process's address space to `bytes` (the child, before it
/// loads the library): an allocation beyond fails instead of growing.
#[cfg(unix)]
pub fn limit_memory(bytes: u64) -> std::io::Result<()> {
    set(libc::RLIMIT_AS, bytes, bytes)
}

/// Lets this process use `secs` more seconds of processor time from now
/// (SIGXCPU at the soft limit, SIGKILL five seconds later).
#[cfg(unix)]
pub fn limit_cpu_from_now(secs: u64) -> std::io::Result<()> {
    let used = cpu_seconds_used();
    let soft = used.saturating_add(secs.max(1));
    set(libc::RLIMIT_CPU, soft, soft.saturating_add(5))
}

#[cfg(unix)]
fn set(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> std::io::Result<()> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `current` is a valid rlimit to write into.
    if unsafe { libc::getrlimit(resource, &mut current) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // An unprivileged process cannot raise its hard limit: stay under it.
    let hard = hard.min(current.rlim_max);
    let limit = libc::rlimit {
        rlim_cur: soft.min(hard),
        rlim_max: hard,
    };
    // SAFETY: `limit` is a valid rlimit.
    if unsafe { libc::setrlimit(resource, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(unix)]
fn cpu_seconds_used() -> u64 {
    // SAFETY: an all-zero rusage is valid, and getrusage only writes it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is valid for writing.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0;
    }
    let secs = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec;
    u64::try_from(secs).unwrap_or(0) + 1
}

/// Takes this process's stdout for the protocol and points fd 1 at stderr,
/// so that a plugin that prints cannot corrupt the protocol (what it prints
/// is captured with stderr). Returns the protocol's file.
#[cfg(unix)]
pub fn take_stdout() -> std::io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain descriptor calls; the duplicate is owned by the File.
    unsafe {
        let proto = libc::dup(1);
        if proto < 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::dup2(2, 1) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        libc::fcntl(proto, libc::F_SETFD, libc::FD_CLOEXEC);
        // A larger pipe: fewer wake-ups per batch (best effort).
        libc::fcntl(proto, libc::F_SETPIPE_SZ, 1 << 20);
        Ok(std::fs::File::from_raw_fd(proto))
    }
}

/// Ctrl-C in a terminal reaches the whole process group: the child leaves
/// it to the parent, which cancels (and ends the child) itself.
#[cfg(unix)]
pub fn ignore_interrupt() {
    // SAFETY: setting a signal to "ignore" has no handler to be unsafe in.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
    }
}

/// Ends process `pid` at once (a child of ours, not yet waited for).
#[cfg(unix)]
pub fn kill(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: signalling a process has no memory effects here.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
pub fn limit_memory(_bytes: u64) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn limit_cpu_from_now(_secs: u64) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn take_stdout() -> std::io::Result<std::fs::File> {
    Err(std::io::Error::other("no protocol pipe on this system"))
}

#[cfg(not(unix))]
pub fn ignore_interrupt() {}

#[cfg(not(unix))]
pub fn kill(_pid: u32) {}
