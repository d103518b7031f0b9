//! Every `unsafe` call into a plugin lives here. Slices are lent to the
//! plugin for one call; what the plugin lends back is copied before the
//! callback returns. Host callbacks catch their own panics.

use super::{Detection, Plugin};
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::time::{Duration, Instant};
use tenure_plugin_api::abi::{
    ENTRY_SYMBOL, TN_CANCEL, TN_CONTINUE, TN_FATAL, TN_OK, TenureHostV1, TenureImporterV1,
    TnEntryFn,
};
use tenure_plugin_api::glue::path_bytes;
use tenure_plugin_api::{
    ABI_VERSION, FileDescription, ImportOptions, PAYLOAD_VERSION, PluginInfo, RowProblem,
};

/// How long `detect` may take before its answer counts as "no".
pub const DETECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How many first bytes of a file `detect` sees.
pub const HEAD_BYTES: usize = 64 * 1024;
/// How long `describe`, or `import` between two signs of life (a batch, a
/// problem, progress), may take before the plugin counts as hung. Long
/// enough for a plugin that loads a whole 100,000-row workbook before its
/// first batch; `ImportSettings::stall_timeout` overrides it.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(60);

/// The writer lent to `info` and `describe`: appends to a `Vec<u8>`.
unsafe extern "C" fn write_vec(ctx: *mut c_void, data: *const u8, len: usize) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if ctx.is_null() || data.is_null() || len == 0 {
            return;
        }
        // SAFETY: `ctx` is the `Vec<u8>` the host passed for this call, and
        // the plugin lends `len` bytes at `data` until we return.
        unsafe {
            let out = &mut *(ctx.cast::<Vec<u8>>());
            out.extend_from_slice(std::slice::from_raw_parts(data, len));
        }
    }));
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub(super) fn load(path: &Path) -> Result<Plugin, String> {
    // SAFETY: loading a library runs its initialisers; that is the trust a
    // person gives a plugin by installing it. The library is never unloaded.
    let library = unsafe { libloading::Library::new(path) }
        .map_err(|e| format!("cannot be loaded as a library ({e})"))?;
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    // SAFETY: the symbol's type is fixed by the ABI.
    let entry: TnEntryFn = match unsafe { library.get::<TnEntryFn>(ENTRY_SYMBOL) } {
        Ok(symbol) => *symbol,
        Err(_) => {
            for other in 2..=9u32 {
                let name = format!("tenure_importer_v{other}\0");
                // SAFETY: only checks that the symbol exists; it is not called.
                if unsafe { library.get::<*const c_void>(name.as_bytes()) }.is_ok() {
                    return Err(format!(
                        "was built for plugin ABI version {other}, and this Tenure speaks version {ABI_VERSION}; update Tenure or install a build of the plugin for ABI {ABI_VERSION}"
                    ));
                }
            }
            return Err(
                "has no `tenure_importer_v1` entry symbol, so it is not a Tenure importer plugin; remove it from the plugin folder"
                    .to_string(),
            );
        }
    };
    // SAFETY: the entry function takes nothing and returns a pointer to a
    // static table.
    let table = unsafe { entry() };
    if table.is_null() {
        return Err("returned no function table from `tenure_importer_v1`; the plugin is broken, report it to its author".to_string());
    }
    // Read only the two leading integers before trusting the size.
    // SAFETY: every version of the table starts with `abi_major, struct_size`.
    let (abi_major, struct_size) = unsafe {
        let header = table.cast::<u32>();
        (header.read(), header.add(1).read())
    };
    if abi_major != ABI_VERSION {
        return Err(format!(
            "reports plugin ABI version {abi_major}, and this Tenure speaks version {ABI_VERSION}; install a build of the plugin for ABI {ABI_VERSION}"
        ));
    }
    let needed = std::mem::size_of::<TenureImporterV1>();
    if (struct_size as usize) < needed {
        return Err(format!(
            "has a function table of {struct_size} bytes, smaller than the {needed} bytes of ABI version {ABI_VERSION}; it was built against a broken plugin API, rebuild it with `tenure-plugin-api`"
        ));
    }
    // SAFETY: the table is at least as large as the version-1 table and
    // static for the life of the (never unloaded) library.
    let table: &'static TenureImporterV1 = unsafe { &*table };
    // Version 2 only adds binary record batches: plugins of version 1 still
    // write what this host reads.
    if !(1..=PAYLOAD_VERSION).contains(&table.payload_version) {
        return Err(format!(
            "writes payload version {}, and this Tenure reads versions 1 to {PAYLOAD_VERSION}; install a matching build of the plugin",
            table.payload_version
        ));
    }
    let mut out: Vec<u8> = Vec::new();
    // SAFETY: `write_vec` is valid for `&mut out` during the call.
    let code = unsafe { (table.info)((&raw mut out).cast::<c_void>(), write_vec) };
    if code != TN_OK {
        return Err(
            "failed while saying what it is (`info` panicked or returned an error); report this to the plugin's author"
                .to_string(),
        );
    }
    let info: PluginInfo = serde_json::from_slice(&out).map_err(|e| {
        format!(
            "answered `info` with data Tenure cannot read ({e}); report this to the plugin's author"
        )
    })?;
    if info.id.trim().is_empty() {
        return Err("has an empty plugin id; report this to the plugin's author".to_string());
    }
    Ok(Plugin {
        info,
        path: path.to_path_buf(),
        abi_major,
        payload_version: table.payload_version,
        table,
    })
}

pub(super) fn detect_all(plugins: &[Plugin], path: &Path, head: &[u8]) -> Vec<Detection> {
    let head: Arc<[u8]> = Arc::from(head);
    let path_bytes: Arc<[u8]> = Arc::from(path_bytes(path));
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Option<u8>)>();
    for (index, plugin) in plugins.iter().enumerate() {
        let table = plugin.table;
        let (head, path_bytes, answer_tx) = (head.clone(), path_bytes.clone(), tx.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("detect-{}", plugin.info.id))
            .spawn(move || {
                // SAFETY: the slices live until the call returns; the glue
                // catches the plugin's panics.
                let answer = unsafe {
                    (table.detect)(
                        path_bytes.as_ptr(),
                        path_bytes.len(),
                        head.as_ptr(),
                        head.len(),
                    )
                };
                let answer = u8::try_from(answer).ok().map(|a| a.min(100));
                let _ = answer_tx.send((index, answer));
            });
        if spawned.is_err() {
            let _ = tx.send((index, None));
        }
    }
    drop(tx);
    let mut answers: Vec<Option<u8>> = vec![None; plugins.len()];
    let deadline = Instant::now() + DETECT_TIMEOUT;
    let mut pending = plugins.len();
    while pending > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((index, answer)) => {
                if let Some(slot) = answers.get_mut(index) {
                    *slot = answer;
                }
                pending -= 1;
            }
            // Too slow, or every thread is done: the rest count as "no".
            Err(_) => break,
        }
    }
    plugins
        .iter()
        .zip(answers)
        .map(|(p, confidence)| Detection {
            plugin: p.info.id.clone(),
            confidence,
        })
        .collect()
}

fn options_json(options: &ImportOptions) -> Vec<u8> {
    serde_json::to_vec(options).unwrap_or_else(|_| b"{}".to_vec())
}

fn plugin_failed(plugin: &Plugin, path: &Path, what: &str) -> RowProblem {
    let mut p = RowProblem::fatal(
        "plugin_failed",
        format!(
            "the `{}` plugin failed while {what} {}; nothing was written. Report this to the plugin's author, or choose another plugin with --plugin",
            plugin.info.id,
            display_name(path)
        ),
    );
    p.file = Some(display_name(path));
    p
}

/// A panic the glue caught, said by the host with the plugin's name.
pub(super) fn plugin_panicked(
    plugin: &Plugin,
    path: &Path,
    what: &str,
    problem: &RowProblem,
) -> RowProblem {
    let detail = problem
        .message
        .trim_start_matches("the importer plugin ")
        .trim_end_matches("; report this to the plugin's author");
    let mut p = RowProblem::fatal(
        "plugin_panicked",
        format!(
            "the `{}` plugin failed while {what} {} (it {detail}); nothing was written. Report this to the plugin's author, or choose another plugin with --plugin",
            plugin.info.id,
            display_name(path)
        ),
    );
    p.file = Some(display_name(path));
    p
}

/// A plugin that stopped answering, said with its name.
pub(super) fn plugin_hung(
    plugin: &Plugin,
    path: &Path,
    what: &str,
    waited: Duration,
) -> RowProblem {
    let mut p = RowProblem::fatal(
        "plugin_hung",
        format!(
            "the `{}` plugin stopped answering while {what} {} (nothing for {} s); nothing was written. Report this to the plugin's author, or choose another plugin with --plugin",
            plugin.info.id,
            display_name(path),
            waited.as_secs_f64().round()
        ),
    );
    p.file = Some(display_name(path));
    p
}

/// `describe` on its own thread: a plugin that does not answer within
/// `timeout` is reported as hung (its thread is abandoned; the library is
/// never unloaded, so that is safe).
pub(super) fn describe(
    plugin: &Plugin,
    path: &Path,
    options: &ImportOptions,
    timeout: Duration,
) -> Result<FileDescription, RowProblem> {
    let path_bytes = path_bytes(path);
    let options = options_json(options);
    let table = plugin.table;
    let (tx, rx) = std::sync::mpsc::channel::<(i32, Vec<u8>)>();
    let spawned = std::thread::Builder::new()
        .name(format!("describe-{}", plugin.info.id))
        .spawn(move || {
            let mut out: Vec<u8> = Vec::new();
            // SAFETY: slices and writer are valid for the call; they live on
            // this thread until it returns.
            let code = unsafe {
                (table.describe)(
                    path_bytes.as_ptr(),
                    path_bytes.len(),
                    options.as_ptr(),
                    options.len(),
                    (&raw mut out).cast::<c_void>(),
                    write_vec,
                )
            };
            let _ = tx.send((code, out));
        });
    if spawned.is_err() {
        return Err(plugin_failed(plugin, path, "describing"));
    }
    let (code, out) = match rx.recv_timeout(timeout) {
        Ok(answer) => answer,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            return Err(plugin_hung(plugin, path, "describing", timeout));
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            return Err(plugin_failed(plugin, path, "describing"));
        }
    };
    if code == TN_OK {
        return serde_json::from_slice(&out).map_err(|_| plugin_failed(plugin, path, "describing"));
    }
    match serde_json::from_slice::<RowProblem>(&out) {
        Ok(problem) if problem.code == "plugin_panicked" => {
            Err(plugin_panicked(plugin, path, "describing", &problem))
        }
        Ok(mut problem) if code == TN_FATAL => {
            problem.file.get_or_insert_with(|| display_name(path));
            Err(problem)
        }
        _ => Err(plugin_failed(plugin, path, "describing")),
    }
}

/// What the import thread sends the writer, in the plugin's order.
pub(super) enum Message {
    /// A batch, decoded on a thread of its own (so that decoding overlaps
    /// both the plugin's reading and the writes); `Err` is a batch that is
    /// not valid payload.
    Records(Result<Vec<Decoded>, String>),
    Problem(Vec<u8>),
    /// The plugin returned this status code; nothing follows.
    Done(i32),
}

/// One record of a batch, decoded.
pub(super) struct Decoded {
    pub sheet: Option<String>,
    pub row: Option<u64>,
    pub record: Result<crate::domain::Record, String>,
}

/// Shared with the import thread and the person's cancel button.
pub(super) struct Shared {
    pub cancel: Arc<AtomicBool>,
    pub done: AtomicU64,
    pub total: AtomicU64,
    /// Counts progress calls: a plugin that reports progress is alive.
    pub beat: AtomicU64,
}

impl Shared {
    pub fn new(cancel: Arc<AtomicBool>) -> Arc<Shared> {
        Arc::new(Shared {
            cancel,
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            beat: AtomicU64::new(0),
        })
    }
}

/// What the plugin's callbacks hand the decoding thread.
enum Lent {
    /// A batch's payload bytes, copied.
    Records(Vec<u8>),
    Problem(Vec<u8>),
    Done(i32),
}

struct HostContext {
    tx: SyncSender<Lent>,
    shared: Arc<Shared>,
}

impl HostContext {
    fn answer(&self, sent: bool) -> i32 {
        if sent && !self.shared.cancel.load(Ordering::Relaxed) {
            TN_CONTINUE
        } else {
            TN_CANCEL
        }
    }
}

/// Copies lent bytes.
///
/// # Safety
/// `data` must be null or valid for `len` bytes.
unsafe fn copy_lent(data: *const u8, len: usize) -> Vec<u8> {
    if data.is_null() || len == 0 {
        Vec::new()
    } else {
        // SAFETY: per the function's contract.
        unsafe { std::slice::from_raw_parts(data, len) }.to_vec()
    }
}

unsafe extern "C" fn on_records(ctx: *mut c_void, data: *const u8, len: usize) -> i32 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `ctx` is the `HostContext` of this import, alive until the
        // plugin's `import` returns; the plugin lends `data` for this call,
        // and it is copied before we return.
        let (host, bytes) = unsafe { (&*(ctx.cast::<HostContext>()), copy_lent(data, len)) };
        host.answer(host.tx.send(Lent::Records(bytes)).is_ok())
    }))
    .unwrap_or(TN_CANCEL)
}

unsafe extern "C" fn on_problem(ctx: *mut c_void, data: *const u8, len: usize) -> i32 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `on_records`.
        let (host, bytes) = unsafe { (&*(ctx.cast::<HostContext>()), copy_lent(data, len)) };
        host.answer(host.tx.send(Lent::Problem(bytes)).is_ok())
    }))
    .unwrap_or(TN_CANCEL)
}

unsafe extern "C" fn on_progress(ctx: *mut c_void, done: u64, total: u64) -> i32 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `on_records`.
        let host = unsafe { &*(ctx.cast::<HostContext>()) };
        host.shared.done.store(done, Ordering::Relaxed);
        host.shared.total.store(total, Ordering::Relaxed);
        host.shared.beat.fetch_add(1, Ordering::Relaxed);
        host.answer(true)
    }))
    .unwrap_or(TN_CANCEL)
}

/// Starts the plugin's `import` on its own thread, and a thread that decodes
/// its batches; they arrive on the returned channel in the plugin's order
/// (bounded channels, so a fast plugin waits for the writer). Three threads
/// on two cores: the scheduler balances reading, decoding and writing.
pub(super) fn start_import(
    plugin: &Plugin,
    path: &Path,
    options: &ImportOptions,
    shared: Arc<Shared>,
) -> Result<Receiver<Message>, RowProblem> {
    let (decoded_tx, rx) = std::sync::mpsc::sync_channel::<Message>(4);
    let (tx, lent_rx) = std::sync::mpsc::sync_channel::<Lent>(4);
    let no_thread = |e: std::io::Error| {
        RowProblem::fatal(
            "no_thread",
            format!("Tenure could not start the import ({e}); close other programs and try again"),
        )
    };
    std::thread::Builder::new()
        .name(format!("decode-{}", plugin.info.id))
        .spawn(move || {
            // Ends when the plugin's thread is gone (its sender dropped) or
            // the writer stopped listening.
            while let Ok(lent) = lent_rx.recv() {
                let message = match lent {
                    Lent::Records(bytes) => Message::Records(super::payload::decode(&bytes)),
                    Lent::Problem(bytes) => Message::Problem(bytes),
                    Lent::Done(code) => Message::Done(code),
                };
                if decoded_tx.send(message).is_err() {
                    break;
                }
            }
        })
        .map_err(no_thread)?;
    let table = plugin.table;
    let path_bytes = path_bytes(path);
    let options = options_json(options);
    let done_tx = tx.clone();
    std::thread::Builder::new()
        .name(format!("import-{}", plugin.info.id))
        .spawn(move || {
            let context = HostContext { tx, shared };
            let host = TenureHostV1 {
                struct_size: std::mem::size_of::<TenureHostV1>() as u32,
                payload_version: PAYLOAD_VERSION,
                ctx: (&raw const context).cast_mut().cast::<c_void>(),
                records: on_records,
                problem: on_problem,
                progress: on_progress,
            };
            // SAFETY: the slices, the callback table and its context live on
            // this thread until `import` returns.
            let code = unsafe {
                (table.import)(
                    path_bytes.as_ptr(),
                    path_bytes.len(),
                    options.as_ptr(),
                    options.len(),
                    &raw const host,
                )
            };
            drop(context);
            let _ = done_tx.send(Lent::Done(code));
        })
        .map_err(no_thread)?;
    Ok(rx)
}
