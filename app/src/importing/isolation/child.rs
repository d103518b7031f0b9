//! The plugin's side: `tenure plugin-child LIB` (hidden) loads one library
//! under the limits its parent set and answers requests until its stdin
//! closes. It never writes to a database; it only streams what the plugin
//! says.

use super::{Limits, os, wire};
use crate::importing::{Backend, ffi};
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

/// Serves `lib`; the process's exit code (0 when the parent closed the
/// pipe, 3 when the protocol could not be set up).
pub fn serve(lib: &Path) -> u8 {
    os::ignore_interrupt();
    let Ok(proto) = os::take_stdout() else {
        return 3;
    };
    let limits = Limits::from_env();
    let mut out = BufWriter::with_capacity(256 << 10, proto);
    // Before the library loads: its constructors are plugin code too.
    if let Err(e) = os::limit_memory(limits.memory) {
        eprintln!("the memory limit could not be set ({e})");
    }
    let _ = os::limit_cpu_from_now(limits.cpu.as_secs());
    let plugin = match ffi::load(lib) {
        Ok(p) => p,
        Err(reason) => {
            let _ = wire::write_frame(&mut out, wire::LOAD_ERROR, &[reason.as_bytes()]);
            return 0;
        }
    };
    let Backend::InProcess(table) = plugin.backend else {
        return 3;
    };
    let hello = serde_json::json!({
        "abi_major": plugin.abi_major,
        "payload_version": plugin.payload_version,
        "info": plugin.info,
    });
    if wire::write_frame(&mut out, wire::HELLO, &[hello.to_string().as_bytes()]).is_err() {
        return 0;
    }
    let mut input = BufReader::new(std::io::stdin().lock());
    while let Ok(Some((tag, body))) = wire::read_frame(&mut input) {
        let Some((path, rest)) = wire::parse_request(&body) else {
            return 3;
        };
        let _ = os::limit_cpu_from_now(limits.cpu.as_secs());
        let sent = match tag {
            wire::DETECT => {
                let answer = ffi::detect_here(table, &path, rest).unwrap_or(wire::NO_ANSWER);
                wire::write_frame(&mut out, wire::DETECTED, &[&[answer]])
            }
            wire::DESCRIBE => {
                let (code, said) = ffi::describe_here(table, &path, rest);
                wire::write_frame(&mut out, wire::DESCRIBED, &[&code.to_le_bytes(), &said])
            }
            wire::IMPORT => import(table, &path, rest, &mut out),
            _ => return 3,
        };
        if sent.is_err() {
            // The parent is gone or stopped listening.
            return 0;
        }
    }
    0
}

/// Streams one import; the pipe's back-pressure paces the plugin, and the
/// parent ends this process to cancel.
fn import(
    table: ffi::Table,
    path: &Path,
    options: &[u8],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut failed: Option<std::io::Error> = None;
    let code = ffi::import_here(table, path, options, &mut |event| {
        if failed.is_some() {
            return false;
        }
        let sent = match event {
            ffi::Event::Records(bytes) => wire::write_frame(out, wire::RECORDS, &[bytes]),
            ffi::Event::Problem(bytes) => wire::write_frame(out, wire::PROBLEM, &[bytes]),
            ffi::Event::Progress(done, total) => wire::write_frame(
                out,
                wire::PROGRESS,
                &[&done.to_le_bytes(), &total.to_le_bytes()],
            ),
        };
        match sent {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    wire::write_frame(out, wire::DONE, &[&code.to_le_bytes()])
}
