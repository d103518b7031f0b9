//! An importer built the old way: the version-1 C ABI written by hand
//! (as a C plugin would, from `tenure_importer.h`), payload version 1 and
//! so JSON record batches only, with the JSON names of a record's own
//! `kind` field (`survey_kind`, …). It depends on nothing, so today's
//! plugin API cannot change what it sends.
//!
//! It reads `.v1jsonl` files: each non-blank line is one record's JSON
//! object, sent as it is, two records to a batch; a line that does not
//! start with `{` is a row problem.

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

type WriteFn = unsafe extern "C" fn(ctx: *mut c_void, data: *const u8, len: usize);
type BytesFn = unsafe extern "C" fn(ctx: *mut c_void, data: *const u8, len: usize) -> i32;
type ProgressFn = unsafe extern "C" fn(ctx: *mut c_void, done: u64, total: u64) -> i32;

/// `TenureHostV1` of the header.
#[repr(C)]
pub struct Host {
    struct_size: u32,
    payload_version: u32,
    ctx: *mut c_void,
    records: BytesFn,
    problem: BytesFn,
    progress: ProgressFn,
}

/// `TenureImporterV1` of the header.
#[repr(C)]
pub struct Table {
    abi_major: u32,
    struct_size: u32,
    payload_version: u32,
    reserved: u32,
    info: unsafe extern "C" fn(ctx: *mut c_void, out: WriteFn) -> i32,
    detect: unsafe extern "C" fn(*const u8, usize, *const u8, usize) -> i32,
    describe: unsafe extern "C" fn(*const u8, usize, *const u8, usize, *mut c_void, WriteFn) -> i32,
    import: unsafe extern "C" fn(*const u8, usize, *const u8, usize, *const Host) -> i32,
}

const TN_OK: i32 = 0;
const TN_CANCELLED: i32 = 1;
const TN_FATAL: i32 = 2;
const TN_PLUGIN_FAILED: i32 = 3;
const TN_CONTINUE: i32 = 0;

const INFO: &str = r#"{"id":"test-legacy-v1","name":"Legacy payload-1 test plugin","version":"0.9.0","description":"Built the old way: hand-written ABI, JSON batches.","extensions":["v1jsonl"],"kinds":["account","mrr","survey_response","activity","opportunity"]}"#;

/// The `FileDescription` of payload version 1, every key written.
const DESCRIPTION: &str = r#"{"sheets":[{"name":null,"header_row":null,"headers":[],"header_signature":"test-legacy-v1","kind":null,"mapping":[],"unmapped":[],"preview":[],"problems":[]}]}"#;

/// Records per batch: small, so that a test file spans several batches.
const BATCH: usize = 2;

/// # Safety
/// `ptr` must be null or valid for `len` bytes for the call.
unsafe fn lent<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the host lends `len` bytes for this call.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

fn path_of(bytes: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// A JSON string of `text`, escaped by hand (no serde here).
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn problem_json(severity: &str, row: Option<u64>, code: &str, message: &str) -> String {
    let row = row.map_or("null".to_string(), |r| r.to_string());
    format!(
        r#"{{"severity":"{severity}","file":null,"sheet":null,"row":{row},"column":null,"code":"{code}","message":{}}}"#,
        json_string(message)
    )
}

unsafe extern "C" fn info(ctx: *mut c_void, out: WriteFn) -> i32 {
    // SAFETY: the host lends `out` and `ctx` for this call.
    unsafe { out(ctx, INFO.as_ptr(), INFO.len()) };
    TN_OK
}

unsafe extern "C" fn detect(path: *const u8, path_len: usize, _: *const u8, _: usize) -> i32 {
    // SAFETY: lent by the host for this call.
    let path = path_of(unsafe { lent(path, path_len) });
    if path.extension().is_some_and(|e| e == "v1jsonl") {
        90
    } else {
        0
    }
}

unsafe extern "C" fn describe(
    _: *const u8,
    _: usize,
    _: *const u8,
    _: usize,
    ctx: *mut c_void,
    out: WriteFn,
) -> i32 {
    // SAFETY: the host lends `out` and `ctx` for this call.
    unsafe { out(ctx, DESCRIPTION.as_ptr(), DESCRIPTION.len()) };
    TN_OK
}

/// Sends the batch held in `batch` (envelopes joined by commas); whether
/// the host wants more.
fn send(host: &Host, batch: &mut String, count: &mut usize) -> bool {
    if *count == 0 {
        return true;
    }
    let bytes = format!("[{batch}]");
    batch.clear();
    *count = 0;
    // SAFETY: the host lent its callbacks for the duration of `import`.
    unsafe { (host.records)(host.ctx, bytes.as_ptr(), bytes.len()) == TN_CONTINUE }
}

fn run(host: &Host, path: &std::path::Path) -> i32 {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            let p = problem_json(
                "fatal",
                None,
                "cannot_open",
                &format!("{} cannot be read ({e})", path.display()),
            );
            // SAFETY: as in `send`.
            unsafe { (host.problem)(host.ctx, p.as_ptr(), p.len()) };
            return TN_FATAL;
        }
    };
    let (mut batch, mut count) = (String::new(), 0usize);
    let lines = text.lines().count() as u64;
    for (i, line) in text.lines().enumerate() {
        let row = i as u64 + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !line.starts_with('{') {
            if !send(host, &mut batch, &mut count) {
                return TN_CANCELLED;
            }
            let p = problem_json(
                "error",
                Some(row),
                "not_an_object",
                &format!("line {row} is not a JSON object; fix it"),
            );
            // SAFETY: as in `send`.
            if unsafe { (host.problem)(host.ctx, p.as_ptr(), p.len()) } != TN_CONTINUE {
                return TN_CANCELLED;
            }
            continue;
        }
        if count > 0 {
            batch.push(',');
        }
        batch.push_str(&format!(r#"{{"sheet":null,"row":{row},"record":{line}}}"#));
        count += 1;
        if count >= BATCH && !send(host, &mut batch, &mut count) {
            return TN_CANCELLED;
        }
    }
    if !send(host, &mut batch, &mut count) {
        return TN_CANCELLED;
    }
    // SAFETY: as in `send`.
    if unsafe { (host.progress)(host.ctx, lines, lines) } != TN_CONTINUE {
        return TN_CANCELLED;
    }
    TN_OK
}

unsafe extern "C" fn import(
    path: *const u8,
    path_len: usize,
    _: *const u8,
    _: usize,
    host: *const Host,
) -> i32 {
    if host.is_null() {
        return TN_PLUGIN_FAILED;
    }
    // SAFETY: non-null and lent for this call; version 1's fields are all
    // this plugin reads, and the host's table is at least that large.
    let host = unsafe { &*host };
    if (host.struct_size as usize) < std::mem::size_of::<Host>() {
        return TN_PLUGIN_FAILED;
    }
    // SAFETY: lent by the host for this call.
    let path = path_of(unsafe { lent(path, path_len) });
    // No unwind may cross `extern "C"`.
    catch_unwind(AssertUnwindSafe(|| run(host, &path))).unwrap_or(TN_PLUGIN_FAILED)
}

static TABLE: Table = Table {
    abi_major: 1,
    struct_size: std::mem::size_of::<Table>() as u32,
    payload_version: 1,
    reserved: 0,
    info,
    detect,
    describe,
    import,
};

/// The entry symbol of ABI version 1.
#[unsafe(no_mangle)]
pub extern "C" fn tenure_importer_v1() -> *const Table {
    &TABLE
}
