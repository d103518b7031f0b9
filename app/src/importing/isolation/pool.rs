//! The parent's side: a warm pool of children per library, and the calls
//! made through them. A child that fails, hangs or is cancelled is ended
//! and never reused; one that answered goes back to the pool.

use super::{Limits, kill, quoted, what_happened, wire};
use crate::importing::ffi::{Lent, Shared};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tenure_plugin_api::PluginInfo;
use tenure_plugin_api::abi::TN_CANCELLED;

/// How long a new child may take to load its library and say what it is.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// Idle children kept per library.
const KEEP_IDLE: usize = 2;
/// What is kept of a child's stdout and stderr, for the failure sentence.
const KEEP_PRINTED: usize = 4096;

/// What a library says when its child loads it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Hello {
    pub abi_major: u32,
    pub payload_version: u32,
    pub info: PluginInfo,
}

/// Why a call through a child gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer within the time given; the child was ended.
    Hung(Duration),
    /// The child ended: how ("crashed (segmentation fault)"), and what it
    /// printed (quoted, when it printed anything).
    Ended(String, Option<String>),
    /// The library no longer loads (it changed since it was listed).
    Load(String),
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    printed: Arc<Mutex<Vec<u8>>>,
    printing: Arc<std::sync::atomic::AtomicBool>,
    pid: u32,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Worker {
    fn send(&mut self, tag: u8, body: &[u8]) -> std::io::Result<()> {
        wire::write_frame(&mut self.stdin, tag, &[body])
    }

    fn recv(&mut self) -> std::io::Result<Option<(u8, Vec<u8>)>> {
        wire::read_frame(&mut self.stdout)
    }

    /// After the pipe broke: waits (briefly) for the child to end, then
    /// says how it ended, with what it printed.
    fn end(&mut self, limits: &Limits) -> Failure {
        let deadline = Instant::now() + Duration::from_secs(2);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                _ => {
                    let _ = self.child.kill();
                    break self.child.wait().ok();
                }
            }
        };
        // The printing thread reads the rest once the child is gone.
        let deadline = Instant::now() + Duration::from_millis(500);
        while self.printing.load(Ordering::Relaxed) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let printed = self
            .printed
            .lock()
            .map(|p| String::from_utf8_lossy(&p).into_owned())
            .unwrap_or_default();
        Failure::Ended(what_happened(status, &printed, limits), quoted(&printed))
    }
}

/// The children of one library.
pub struct Pool {
    pub lib: PathBuf,
    runner: PathBuf,
    pub limits: Limits,
    idle: Mutex<Vec<Worker>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool").field("lib", &self.lib).finish()
    }
}

fn spawn(runner: &Path, lib: &Path, limits: &Limits) -> std::io::Result<Worker> {
    let mut child = Command::new(runner)
        .arg("plugin-child")
        .arg(lib)
        .env("TENURE_PLUGIN_MEMORY_MB", (limits.memory >> 20).to_string())
        .env("TENURE_PLUGIN_CPU_SECS", limits.cpu.as_secs().to_string())
        // What a crashing plugin prints is quoted to the person: no backtrace.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (Some(stdin), Some(stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(std::io::Error::other("the child's pipes are missing"));
    };
    let printed = Arc::new(Mutex::new(Vec::new()));
    let printing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let (keep, flag) = (printed.clone(), printing.clone());
    std::thread::Builder::new()
        .name("plugin-stderr".into())
        .spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut kept) = keep.lock() {
                    kept.extend_from_slice(&buf[..n]);
                    let over = kept.len().saturating_sub(KEEP_PRINTED);
                    kept.drain(..over);
                }
            }
            flag.store(false, Ordering::Relaxed);
        })?;
    let pid = child.id();
    Ok(Worker {
        child,
        stdin,
        stdout: BufReader::with_capacity(1 << 20, stdout),
        printed,
        printing,
        pid,
    })
}

/// Runs `talk` on `worker` on a thread of its own, for at most `timeout`;
/// a child that overruns is ended. The worker comes back only when `talk`
/// succeeded.
fn with_timeout<T: Send + 'static>(
    mut worker: Worker,
    limits: &Limits,
    timeout: Duration,
    talk: impl FnOnce(&mut Worker) -> std::io::Result<Option<T>> + Send + 'static,
) -> Result<(T, Worker), Failure> {
    let pid = worker.pid;
    let (tx, rx) = std::sync::mpsc::channel();
    let limits = *limits;
    let spawned = std::thread::Builder::new()
        .name("plugin-call".into())
        .spawn(move || {
            let answer = match talk(&mut worker) {
                Ok(Some(answer)) => Ok((answer, worker)),
                _ => Err(worker.end(&limits)),
            };
            let _ = tx.send(answer);
        });
    if let Err(e) = spawned {
        return Err(Failure::Ended(format!("could not be started ({e})"), None));
    }
    match rx.recv_timeout(timeout) {
        Ok(answer) => answer,
        Err(RecvTimeoutError::Timeout) => {
            // Not reaped before this: the thread owns the child until the
            // ended pipe wakes it.
            kill(pid);
            Err(Failure::Hung(timeout))
        }
        Err(RecvTimeoutError::Disconnected) => Err(Failure::Ended("ended".into(), None)),
    }
}

fn hello(frame: (u8, Vec<u8>)) -> Result<Hello, Failure> {
    match frame {
        (wire::HELLO, body) => serde_json::from_slice::<Hello>(&body).map_err(|e| {
            Failure::Load(format!(
                "answered `info` with data Tenure cannot read ({e}); report this to the plugin's author"
            ))
        }),
        (wire::LOAD_ERROR, body) => Err(Failure::Load(String::from_utf8_lossy(&body).into_owned())),
        _ => Err(Failure::Ended("sent something other than its name".into(), None)),
    }
}

impl Pool {
    /// Starts the first child of `lib`: the library loads there and says
    /// what it is; that child stays warm.
    pub fn open(runner: &Path, lib: &Path, limits: Limits) -> Result<(Arc<Pool>, Hello), Failure> {
        let pool = Arc::new(Pool {
            lib: lib.to_path_buf(),
            runner: runner.to_path_buf(),
            limits,
            idle: Mutex::new(Vec::new()),
        });
        let (hello, worker) = pool.start()?;
        pool.give(worker);
        Ok((pool, hello))
    }

    fn start(&self) -> Result<(Hello, Worker), Failure> {
        let worker = spawn(&self.runner, &self.lib, &self.limits)
            .map_err(|e| Failure::Ended(format!("could not be started ({e})"), None))?;
        let (frame, worker) = with_timeout(worker, &self.limits, HELLO_TIMEOUT, |w| w.recv())?;
        Ok((hello(frame)?, worker))
    }

    fn take(&self) -> Result<Worker, Failure> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(worker) => Ok(worker),
            None => self.start().map(|(_, worker)| worker),
        }
    }

    fn give(&self, worker: Worker) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP_IDLE
        {
            idle.push(worker);
        }
    }

    /// One request, one answer, within `timeout`.
    fn call(&self, tag: u8, body: Vec<u8>, timeout: Duration) -> Result<(u8, Vec<u8>), Failure> {
        let worker = self.take()?;
        let (answer, worker) = with_timeout(worker, &self.limits, timeout, move |w| {
            w.send(tag, &body)?;
            w.recv()
        })?;
        self.give(worker);
        Ok(answer)
    }

    /// `detect`: `Ok(None)` when the plugin gave no answer (a caught panic).
    pub fn detect(
        &self,
        path: &Path,
        head: &[u8],
        timeout: Duration,
    ) -> Result<Option<u8>, Failure> {
        match self.call(wire::DETECT, wire::request(path, head), timeout)? {
            (wire::DETECTED, body) if body.len() == 1 => Ok(Some(body[0])
                .filter(|a| *a != wire::NO_ANSWER)
                .map(|a| a.min(100))),
            _ => Err(Failure::Ended(
                "answered `detect` with something else".into(),
                None,
            )),
        }
    }

    /// `describe`: its status code and what it wrote.
    pub fn describe(
        &self,
        path: &Path,
        options: &[u8],
        timeout: Duration,
    ) -> Result<(i32, Vec<u8>), Failure> {
        match self.call(wire::DESCRIBE, wire::request(path, options), timeout)? {
            (wire::DESCRIBED, body) if body.len() >= 4 => {
                let code = i32::from_le_bytes([body[0], body[1], body[2], body[3]]);
                Ok((code, body[4..].to_vec()))
            }
            _ => Err(Failure::Ended(
                "answered `describe` with something else".into(),
                None,
            )),
        }
    }

    /// Starts `import` in a child; its batches, problems and end go into
    /// `tx` as the plugin sends them. `failed` turns a child's end into the
    /// sentence the writer reports. The child is ended by
    /// [`Shared::stop`] (cancel, hang) or when the writer stops listening.
    pub fn start_import(
        self: &Arc<Self>,
        path: &Path,
        options: &[u8],
        shared: Arc<Shared>,
        tx: SyncSender<Lent>,
        failed: Box<dyn Fn(Failure) -> tenure_plugin_api::RowProblem + Send>,
    ) -> Result<(), tenure_plugin_api::RowProblem> {
        let mut worker = self.take().map_err(&failed)?;
        if let Ok(mut child) = shared.child.lock() {
            *child = Some(worker.pid);
        }
        if worker
            .send(wire::IMPORT, &wire::request(path, options))
            .is_err()
        {
            release(&shared);
            return Err(failed(worker.end(&self.limits)));
        }
        let pool = self.clone();
        let spawned = std::thread::Builder::new()
            .name("plugin-import".into())
            .spawn(move || pool.follow(worker, &shared, &tx, &*failed));
        spawned.map(|_| ()).map_err(|e| {
            tenure_plugin_api::RowProblem::fatal(
                "no_thread",
                format!(
                    "Tenure could not start the import ({e}); close other programs and try again"
                ),
            )
        })
    }

    fn follow(
        &self,
        mut worker: Worker,
        shared: &Shared,
        tx: &SyncSender<Lent>,
        failed: &dyn Fn(Failure) -> tenure_plugin_api::RowProblem,
    ) {
        loop {
            let lent = match worker.recv() {
                Ok(Some((wire::RECORDS, body))) => Lent::Records(body),
                Ok(Some((wire::PROBLEM, body))) => Lent::Problem(body),
                Ok(Some((wire::PROGRESS, body))) if body.len() == 16 => {
                    let word = |at: usize| {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(&body[at..at + 8]);
                        u64::from_le_bytes(b)
                    };
                    shared.done.store(word(0), Ordering::Relaxed);
                    shared.total.store(word(8), Ordering::Relaxed);
                    shared.beat.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                Ok(Some((wire::DONE, body))) if body.len() == 4 => {
                    let code = i32::from_le_bytes([body[0], body[1], body[2], body[3]]);
                    if !release(shared) {
                        self.give(worker);
                    }
                    let _ = tx.send(Lent::Done(code));
                    return;
                }
                Ok(Some(_)) => {
                    release(shared);
                    let _ = tx.send(Lent::Failed(failed(Failure::Ended(
                        "sent data Tenure cannot read".into(),
                        None,
                    ))));
                    return;
                }
                Ok(None) | Err(_) => {
                    let lent = if release(shared) {
                        Lent::Done(TN_CANCELLED)
                    } else {
                        Lent::Failed(failed(worker.end(&self.limits)))
                    };
                    let _ = tx.send(lent);
                    return;
                }
            };
            if tx.send(lent).is_err() {
                // The writer stopped listening: the child is ended (drop).
                release(shared);
                return;
            }
        }
    }
}

/// Forgets the child's pid (so that a later stop cannot reach it); says
/// whether the host had ended it.
fn release(shared: &Shared) -> bool {
    if let Ok(mut child) = shared.child.lock() {
        *child = None;
    }
    shared.stopped.load(Ordering::SeqCst)
}
