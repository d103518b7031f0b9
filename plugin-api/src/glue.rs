//! The ABI glue [`export_importer!`](crate::export_importer) expands to.
//! Plugin authors never call this module directly.
//!
//! Every function catches panics (an unwind must never cross `extern "C"`)
//! and turns them into a fatal problem or a negative answer.

use crate::abi::*;
use crate::{EmittedRecord, Flow, ImportOptions, Importer, RecordSink, RowProblem, Severity};
use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Records per batch sent across the boundary.
pub const BATCH_RECORDS: usize = 1000;
/// A batch is also sent when its JSON grows past this many bytes.
const BATCH_BYTES: usize = 4 << 20;

/// How the generated glue reaches the plugin's single instance.
pub type InstanceFn = fn() -> &'static dyn Importer;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Replaces this library's panic hook (each cdylib has its own std) with one
/// that prints nothing and keeps the message for the fatal problem.
fn install_quiet_hook() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{text}{location}")));
        }));
    });
}

fn take_panic_message() -> String {
    LAST_PANIC
        .with(|p| p.borrow_mut().take())
        .unwrap_or_else(|| "unknown panic".to_string())
}

fn panic_problem(what: &str) -> RowProblem {
    RowProblem::fatal(
        "plugin_panicked",
        format!(
            "the importer plugin panicked while {what} ({}); report this to the plugin's author",
            take_panic_message()
        ),
    )
}

/// Borrows a lent `(ptr, len)` slice.
///
/// # Safety
/// `ptr` must be null (with `len` 0) or valid for `len` bytes for the call.
unsafe fn lent<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller lends `len` readable bytes for this call.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// A path from its bytes: the raw bytes on Unix, UTF-8 elsewhere.
pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

fn write_out(ctx: *mut c_void, out: TnWriteFn, bytes: &[u8]) {
    // SAFETY: `out` and `ctx` come from the host for this call; the bytes are
    // lent for the duration of the call only.
    unsafe { out(ctx, bytes.as_ptr(), bytes.len()) }
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

/// `info`.
///
/// # Safety
/// `out` must be a valid writer for `ctx`.
pub unsafe fn info(instance: InstanceFn, ctx: *mut c_void, out: TnWriteFn) -> i32 {
    install_quiet_hook();
    match catch_unwind(|| json(&instance().info())) {
        Ok(bytes) => {
            write_out(ctx, out, &bytes);
            TN_OK
        }
        Err(_) => -TN_PLUGIN_FAILED,
    }
}

/// `detect`.
///
/// # Safety
/// The slices must be lent as the ABI says.
pub unsafe fn detect(
    instance: InstanceFn,
    path: *const u8,
    path_len: usize,
    head: *const u8,
    head_len: usize,
) -> i32 {
    install_quiet_hook();
    // SAFETY: lent by the host for this call.
    let (path, head) = unsafe { (lent(path, path_len), lent(head, head_len)) };
    let path = path_from_bytes(path);
    match catch_unwind(AssertUnwindSafe(|| instance().detect(&path, head))) {
        Ok(confidence) => i32::from(confidence.min(100)),
        Err(_) => -TN_PLUGIN_FAILED,
    }
}

fn parse_options(bytes: &[u8]) -> Result<ImportOptions, RowProblem> {
    if bytes.is_empty() {
        return Ok(ImportOptions::default());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        RowProblem::fatal(
            "invalid_options",
            format!("the host sent import options the plugin cannot read ({e}); update Tenure or the plugin so that both speak the same payload version"),
        )
    })
}

/// `describe`.
///
/// # Safety
/// The slices must be lent as the ABI says and `out` valid for `ctx`.
pub unsafe fn describe(
    instance: InstanceFn,
    path: *const u8,
    path_len: usize,
    options: *const u8,
    options_len: usize,
    ctx: *mut c_void,
    out: TnWriteFn,
) -> i32 {
    install_quiet_hook();
    // SAFETY: lent by the host for this call.
    let (path, options) = unsafe { (lent(path, path_len), lent(options, options_len)) };
    let path = path_from_bytes(path);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let options = parse_options(options)?;
        instance().describe(&path, &options)
    }));
    match result {
        Ok(Ok(description)) => {
            write_out(ctx, out, &json(&description));
            TN_OK
        }
        Ok(Err(problem)) => {
            write_out(ctx, out, &json(&problem));
            TN_FATAL
        }
        Err(_) => {
            write_out(ctx, out, &json(&panic_problem("describing the file")));
            TN_PLUGIN_FAILED
        }
    }
}

/// The sink the glue hands to [`Importer::import`]: batches records as JSON
/// and forwards problems and progress to the host's callbacks.
struct HostSink<'h> {
    host: &'h TenureHostV1,
    buffer: Vec<u8>,
    count: usize,
    cancelled: bool,
}

impl HostSink<'_> {
    fn answer(&mut self, code: i32) -> Flow {
        if code == TN_CONTINUE && !self.cancelled {
            Flow::Continue
        } else {
            self.cancelled = true;
            Flow::Cancel
        }
    }

    fn flush(&mut self) -> Flow {
        if self.count == 0 {
            return self.answer(TN_CONTINUE);
        }
        self.buffer.push(b']');
        // SAFETY: the host lent these callbacks for the duration of `import`.
        let code =
            unsafe { (self.host.records)(self.host.ctx, self.buffer.as_ptr(), self.buffer.len()) };
        self.buffer.clear();
        self.count = 0;
        self.answer(code)
    }
}

impl RecordSink for HostSink<'_> {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        if self.cancelled {
            return Flow::Cancel;
        }
        self.buffer.push(if self.count == 0 { b'[' } else { b',' });
        if serde_json::to_writer(&mut self.buffer, &record).is_err() {
            self.buffer.extend_from_slice(b"null");
        }
        self.count += 1;
        if self.count >= BATCH_RECORDS || self.buffer.len() >= BATCH_BYTES {
            self.flush()
        } else {
            Flow::Continue
        }
    }

    fn problem(&mut self, problem: RowProblem) -> Flow {
        // Records before the problem reach the host first: order is kept.
        if self.flush() == Flow::Cancel {
            return Flow::Cancel;
        }
        let bytes = json(&problem);
        // SAFETY: as in `flush`.
        let code = unsafe { (self.host.problem)(self.host.ctx, bytes.as_ptr(), bytes.len()) };
        self.answer(code)
    }

    fn progress(&mut self, done: u64, total: u64) -> Flow {
        if self.cancelled {
            return Flow::Cancel;
        }
        // SAFETY: as in `flush`.
        let code = unsafe { (self.host.progress)(self.host.ctx, done, total) };
        self.answer(code)
    }
}

fn send_problem(host: &TenureHostV1, problem: &RowProblem) {
    let bytes = json(problem);
    // SAFETY: the host lent its callbacks for the duration of `import`.
    unsafe { (host.problem)(host.ctx, bytes.as_ptr(), bytes.len()) };
}

/// `import`.
///
/// # Safety
/// The slices must be lent as the ABI says and `host` valid for the call.
pub unsafe fn import(
    instance: InstanceFn,
    path: *const u8,
    path_len: usize,
    options: *const u8,
    options_len: usize,
    host: *const TenureHostV1,
) -> i32 {
    install_quiet_hook();
    if host.is_null() {
        return TN_PLUGIN_FAILED;
    }
    // SAFETY: non-null and lent for this call; only `struct_size` is read
    // before the size is checked.
    let size = unsafe { (*host).struct_size } as usize;
    if size < std::mem::size_of::<TenureHostV1>() {
        return TN_PLUGIN_FAILED;
    }
    // SAFETY: the table is at least as large as the version this glue knows.
    let host = unsafe { &*host };
    // SAFETY: lent by the host for this call.
    let (path, options) = unsafe { (lent(path, path_len), lent(options, options_len)) };
    let path = path_from_bytes(path);
    let mut sink = HostSink {
        host,
        buffer: Vec::with_capacity(256 * 1024),
        count: 0,
        cancelled: false,
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let options = parse_options(options)?;
        instance().import(&path, &options, &mut sink)
    }));
    match result {
        Ok(Ok(())) => {
            let flow = catch_unwind(AssertUnwindSafe(|| sink.flush()));
            match flow {
                Ok(Flow::Continue) => TN_OK,
                Ok(Flow::Cancel) => TN_CANCELLED,
                Err(_) => TN_PLUGIN_FAILED,
            }
        }
        Ok(Err(mut problem)) => {
            if sink.cancelled {
                return TN_CANCELLED;
            }
            problem.severity = Severity::Fatal;
            let sent = catch_unwind(AssertUnwindSafe(|| {
                sink.flush();
                send_problem(host, &problem);
            }));
            if sent.is_err() {
                return TN_PLUGIN_FAILED;
            }
            TN_FATAL
        }
        Err(_) => {
            let problem = panic_problem("reading the file");
            let _ = catch_unwind(AssertUnwindSafe(|| send_problem(host, &problem)));
            TN_PLUGIN_FAILED
        }
    }
}

/// Reads a path lent as bytes (for C-side tests and hosts).
pub fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned().into_bytes()
    }
}
