//! Every `unsafe` call into a plugin lives here. Slices are lent to the
//! plugin for one call; what the plugin lends back is copied before the
//! callback returns. Host callbacks catch their own panics.

use super::{Backend, Plugin};
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

/// A loaded library's function table (static: libraries are never unloaded).
pub(super) type Table = &'static TenureImporterV1;

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
        backend: Backend::InProcess(table),
    })
}

/// `detect` on the calling thread (the plugin child's way: its parent
/// keeps the clock). An answer over 100 counts as 100; a negative one (a
/// panic the glue caught) as `None`.
pub(super) fn detect_here(table: Table, path: &Path, head: &[u8]) -> Option<u8> {
    let path_bytes = path_bytes(path);
    // SAFETY: the slices live until the call returns; the glue catches the
    // plugin's panics.
    let answer = unsafe {
        (table.detect)(
            path_bytes.as_ptr(),
            path_bytes.len(),
            head.as_ptr(),
            head.len(),
        )
    };
    u8::try_from(answer).ok().map(|a| a.min(100))
}

/// `describe` on the calling thread: its status code and what it wrote.
pub(super) fn describe_here(table: Table, path: &Path, options: &[u8]) -> (i32, Vec<u8>) {
    let path_bytes = path_bytes(path);
    let mut out: Vec<u8> = Vec::new();
    // SAFETY: slices and writer are valid for the call.
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
    (code, out)
}

/// What a plugin's `import` hands [`import_here`]'s listener.
pub(super) enum Event<'a> {
    Records(&'a [u8]),
    Problem(&'a [u8]),
    Progress(u64, u64),
}

struct Listener<'l> {
    on_event: &'l mut dyn FnMut(Event<'_>) -> bool,
}

/// # Safety
/// `ctx` must be the `Listener` of the running `import_here`.
unsafe fn listen(ctx: *mut c_void, event: Event<'_>) -> i32 {
    // SAFETY: per the function's contract.
    let listener = unsafe { &mut *(ctx.cast::<Listener<'_>>()) };
    if (listener.on_event)(event) {
        TN_CONTINUE
    } else {
        TN_CANCEL
    }
}

/// # Safety
/// `data` must be null or valid for `len` bytes for the duration of `'a`.
unsafe fn lent<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if data.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: per the function's contract.
        unsafe { std::slice::from_raw_parts(data, len) }
    }
}

unsafe extern "C" fn here_records(ctx: *mut c_void, data: *const u8, len: usize) -> i32 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the plugin lends `data` for this call; `ctx` is ours.
        unsafe { listen(ctx, Event::Records(lent(data, len))) }
    }))
    .unwrap_or(TN_CANCEL)
}

unsafe extern "C" fn here_problem(ctx: *mut c_void, data: *const u8, len: usize) -> i32 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `here_records`.
        unsafe { listen(ctx, Event::Problem(lent(data, len))) }
    }))
    .unwrap_or(TN_CANCEL)
}

unsafe extern "C" fn here_progress(ctx: *mut c_void, done: u64, total: u64) -> i32 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `here_records`.
        unsafe { listen(ctx, Event::Progress(done, total)) }
    }))
    .unwrap_or(TN_CANCEL)
}

/// `import` on the calling thread, each batch, problem and progress handed
/// to `on_event` while the plugin lends it (`false` asks the plugin to
/// stop). Returns the plugin's status code.
pub(super) fn import_here(
    table: Table,
    path: &Path,
    options: &[u8],
    on_event: &mut dyn FnMut(Event<'_>) -> bool,
) -> i32 {
    let path_bytes = path_bytes(path);
    let mut listener = Listener { on_event };
    let host = TenureHostV1 {
        struct_size: std::mem::size_of::<TenureHostV1>() as u32,
        payload_version: PAYLOAD_VERSION,
        ctx: (&raw mut listener).cast::<c_void>(),
        records: here_records,
        problem: here_problem,
        progress: here_progress,
    };
    // SAFETY: the slices, the callback table and its listener live on this
    // thread until `import` returns.
    unsafe {
        (table.import)(
            path_bytes.as_ptr(),
            path_bytes.len(),
            options.as_ptr(),
            options.len(),
            &raw const host,
        )
    }
}

/// `detect` of every table at once, each on its own thread; a plugin that
/// does not answer within [`DETECT_TIMEOUT`] counts as "no" (its thread is
/// abandoned).
pub(super) fn detect_all(tables: &[Table], path: &Path, head: &[u8]) -> Vec<Option<u8>> {
    let head: Arc<[u8]> = Arc::from(head);
    let path: Arc<Path> = Arc::from(path);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Option<u8>)>();
    for (index, &table) in tables.iter().enumerate() {
        let (head, path, answer_tx) = (head.clone(), path.clone(), tx.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("detect-{index}"))
            .spawn(move || {
                let _ = answer_tx.send((index, detect_here(table, &path, &head)));
            });
        if spawned.is_err() {
            let _ = tx.send((index, None));
        }
    }
    drop(tx);
    let mut answers: Vec<Option<u8>> = vec![None; tables.len()];
    let deadline = Instant::now() + DETECT_TIMEOUT;
    let mut pending = tables.len();
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
    answers
}

pub(super) fn options_json(options: &ImportOptions) -> Vec<u8> {
    serde_json::to_vec(options).unwrap_or_else(|_| b"{}".to_vec())
}

pub(super) fn plugin_failed(plugin: &Plugin, path: &Path, what: &str) -> RowProblem {
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
    table: Table,
    path: &Path,
    options: &ImportOptions,
    timeout: Duration,
) -> Result<FileDescription, RowProblem> {
    let options = options_json(options);
    let (tx, rx) = std::sync::mpsc::channel::<(i32, Vec<u8>)>();
    let owned = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name(format!("describe-{}", plugin.info.id))
        .spawn(move || {
            let _ = tx.send(describe_here(table, &owned, &options));
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
    described(plugin, path, code, &out)
}

/// `describe`'s answer, read (the same for both backends).
pub(super) fn described(
    plugin: &Plugin,
    path: &Path,
    code: i32,
    out: &[u8],
) -> Result<FileDescription, RowProblem> {
    if code == TN_OK {
        return serde_json::from_slice(out).map_err(|_| plugin_failed(plugin, path, "describing"));
    }
    match serde_json::from_slice::<RowProblem>(out) {
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
    /// The plugin's process ended without an answer (a crash, a limit):
    /// the sentence that says so; nothing follows.
    Failed(RowProblem),
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
    /// The plugin's child process while it imports (`None` in process, or
    /// once it answered): [`Shared::stop`] ends it.
    pub child: std::sync::Mutex<Option<u32>>,
    /// The host ended the child (cancel, hang): its end is no crash.
    pub stopped: AtomicBool,
}

impl Shared {
    pub fn new(cancel: Arc<AtomicBool>) -> Arc<Shared> {
        Arc::new(Shared {
            cancel,
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            beat: AtomicU64::new(0),
            child: std::sync::Mutex::new(None),
            stopped: AtomicBool::new(false),
        })
    }

    /// Ends the plugin's child process, if one still reads the file (a
    /// plugin in this process is only asked to stop, by `cancel`).
    pub fn stop(&self) {
        let guard = self.child.lock();
        if let Ok(guard) = guard
            && let Some(pid) = *guard
        {
            self.stopped.store(true, Ordering::SeqCst);
            super::isolation::kill(pid);
        }
    }
}

/// What the plugin's side hands the decoding thread.
pub(super) enum Lent {
    /// A batch's payload bytes, copied.
    Records(Vec<u8>),
    Problem(Vec<u8>),
    Done(i32),
    Failed(RowProblem),
}

fn no_thread(e: std::io::Error) -> RowProblem {
    RowProblem::fatal(
        "no_thread",
        format!("Tenure could not start the import ({e}); close other programs and try again"),
    )
}

/// The thread that decodes batches: what the plugin's side sends into the
/// returned sender comes out of the receiver decoded, in order (bounded
/// channels, so a fast plugin waits for the writer).
pub(super) fn spawn_decoder(id: &str) -> Result<(SyncSender<Lent>, Receiver<Message>), RowProblem> {
    let (decoded_tx, rx) = std::sync::mpsc::sync_channel::<Message>(4);
    let (tx, lent_rx) = std::sync::mpsc::sync_channel::<Lent>(4);
    std::thread::Builder::new()
        .name(format!("decode-{id}"))
        .spawn(move || {
            // Ends when the plugin's side is gone (its sender dropped) or
            // the writer stopped listening.
            while let Ok(lent) = lent_rx.recv() {
                let message = match lent {
                    Lent::Records(bytes) => Message::Records(super::payload::decode(&bytes)),
                    Lent::Problem(bytes) => Message::Problem(bytes),
                    Lent::Done(code) => Message::Done(code),
                    Lent::Failed(problem) => Message::Failed(problem),
                };
                if decoded_tx.send(message).is_err() {
                    break;
                }
            }
        })
        .map_err(no_thread)?;
    Ok((tx, rx))
}

/// Starts the plugin's `import` on its own thread in this process, and a
/// thread that decodes its batches; they arrive on the returned channel in
/// the plugin's order. Three threads on two cores: the scheduler balances
/// reading, decoding and writing.
pub(super) fn start_import(
    plugin: &Plugin,
    table: Table,
    path: &Path,
    options: &ImportOptions,
    shared: Arc<Shared>,
) -> Result<Receiver<Message>, RowProblem> {
    let (tx, rx) = spawn_decoder(&plugin.info.id)?;
    let path = path.to_path_buf();
    let options = options_json(options);
    std::thread::Builder::new()
        .name(format!("import-{}", plugin.info.id))
        .spawn(move || {
            let answer = |sent: bool| sent && !shared.cancel.load(Ordering::Relaxed);
            let code = import_here(table, &path, &options, &mut |event| match event {
                Event::Records(bytes) => answer(tx.send(Lent::Records(bytes.to_vec())).is_ok()),
                Event::Problem(bytes) => answer(tx.send(Lent::Problem(bytes.to_vec())).is_ok()),
                Event::Progress(done, total) => {
                    shared.done.store(done, Ordering::Relaxed);
                    shared.total.store(total, Ordering::Relaxed);
                    shared.beat.fetch_add(1, Ordering::Relaxed);
                    answer(true)
                }
            });
            let _ = tx.send(Lent::Done(code));
        })
        .map_err(no_thread)?;
    Ok(rx)
}
