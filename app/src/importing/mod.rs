//! The plugin host: finds importer libraries, loads them once (never
//! unloads), and talks to them through the C ABI of `tenure-plugin-api`.
//!
//! A library that fails to load is listed with the reason and skipped; a
//! plugin that panics, hangs in `detect` or sends garbage fails its own call
//! and nothing else. See `plugin-api/README.md` for the contract.

// `RowProblem` is the plugin API's error type (its contract); not boxed.
#![allow(clippy::result_large_err)]

// kit: `plugins check` as a library function (CLI and Plugins view).
pub mod check;
mod ffi;
pub mod fields;
// The first import's money sets the reporting currency (issue 22).
pub mod first_currency;
// Doors for the fuzz harness of the payload decoders (issue 20).
#[doc(hidden)]
pub mod fuzzing;
// Every plugin call in a child process (issue 20).
pub mod inspect;
pub mod isolation;
pub mod mapping;
mod payload;
pub mod pipeline;
// The one import service (CLI, window, `plugins check`) and its parts.
pub mod prepare;
pub mod problem_words;
pub mod service;
pub mod source;
// Unknown status values offered in the import view (issue 23).
pub mod status_values;
// Which libraries may be loaded at all (issue 20).
pub mod trust;
// Trust on first use: the SHA-256 of every trusted library (issue 20).
pub mod trust_store;
pub mod undated;
mod writer;

pub use ffi::{DETECT_TIMEOUT, HEAD_BYTES, STALL_TIMEOUT};
pub use pipeline::{FileReport, ImportSettings, Progress};
pub use service::{Control, FileJob, import, import_files};
pub use tenure_plugin_api::{
    FileDescription, ImportOptions, PluginInfo, RowProblem, Severity, SheetDescription,
};

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A loaded importer library.
#[derive(Clone)]
pub struct Plugin {
    pub info: PluginInfo,
    /// The library file it was loaded from.
    pub path: PathBuf,
    pub abi_major: u32,
    pub payload_version: u32,
    backend: Backend,
}

/// Where a plugin's code runs.
#[derive(Clone)]
enum Backend {
    /// In this process (`plugins check`'s own child, a plugin child, and
    /// library users without a runner: [`isolation::runner`]).
    InProcess(ffi::Table),
    /// In child processes of its own ([`isolation`]).
    Child(std::sync::Arc<isolation::Pool>),
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("id", &self.info.id)
            .field("path", &self.path)
            .finish()
    }
}

/// A library that could not be used, and why (one sentence).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadFailure {
    pub path: PathBuf,
    pub reason: String,
}

/// Every plugin found, every library that failed to load, and those not
/// trusted yet (none of whose code ran).
#[derive(Debug, Default, Clone)]
pub struct PluginHost {
    pub plugins: Vec<Plugin>,
    pub failures: Vec<LoadFailure>,
    pub untrusted: Vec<trust_store::Untrusted>,
}

/// One place to look for plugins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDir {
    pub path: PathBuf,
    /// Only `tenure_plugin_*` libraries (a cargo target folder also holds
    /// libraries that are not plugins).
    pub only_bundled: bool,
    /// Shipped with Tenure (beside the executable, the installed folders,
    /// the cargo target folder): no other library may take the id of a
    /// plugin found here.
    pub bundled: bool,
}

/// Where plugins are looked for, in order (the first library to provide a
/// plugin id wins):
/// 1. every entry of `$TENURE_PLUGIN_PATH` (folders or library files);
/// 2. `plugins/` beside the executable;
/// 3. `plugins/` in the platform data folder (`~/.local/share/tenure/plugins`);
/// 4. the installed plugins: `lib/tenure/plugins` of the executable's prefix
///    (`/usr/bin/tenure` → `/usr/lib/tenure/plugins`, and the same inside an
///    unpacked tar.gz), then, on Unix, `/usr/lib/tenure/plugins` itself;
/// 5. when the executable sits in a cargo target folder (`target/release`):
///    its `deps/` folder. The app crate depends on the bundled plugin
///    crates, so `cargo run --release` builds their libraries there with no
///    set-up.
pub fn search_dirs() -> Vec<SearchDir> {
    let mut dirs = Vec::new();
    if let Some(paths) = std::env::var_os("TENURE_PLUGIN_PATH") {
        for path in std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()) {
            dirs.push(SearchDir {
                path,
                only_bundled: false,
                bundled: false,
            });
        }
    }
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    if let Some(exe_dir) = &exe_dir {
        dirs.push(SearchDir {
            path: exe_dir.join("plugins"),
            only_bundled: false,
            bundled: true,
        });
    }
    if let Some(data) = crate::paths::data_dir() {
        dirs.push(SearchDir {
            path: data.join("plugins"),
            only_bundled: false,
            bundled: false,
        });
    }
    for path in system_plugin_dirs(exe_dir.as_deref()) {
        if !dirs.iter().any(|d| d.path == path) {
            dirs.push(SearchDir {
                path,
                only_bundled: false,
                bundled: true,
            });
        }
    }
    if let Some(exe_dir) = exe_dir.filter(|d| is_cargo_target_dir(d)) {
        dirs.push(SearchDir {
            path: exe_dir.join("deps"),
            only_bundled: true,
            bundled: true,
        });
    }
    dirs
}

/// Where a package or an unpacked tar.gz puts the bundled plugins (packaging/).
pub fn system_plugin_dirs(exe_dir: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(prefix) = exe_dir.and_then(Path::parent) {
        dirs.push(prefix.join("lib/tenure/plugins"));
    }
    let system = PathBuf::from("/usr/lib/tenure/plugins");
    if cfg!(unix) && !dirs.contains(&system) {
        dirs.push(system);
    }
    dirs
}

/// `target/<profile>` (or `target/<triple>/<profile>`): cargo leaves a
/// `.fingerprint` folder there.
fn is_cargo_target_dir(dir: &Path) -> bool {
    dir.join(".fingerprint").is_dir()
}

fn is_library(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e == std::env::consts::DLL_EXTENSION)
}

fn is_bundled_plugin(path: &Path) -> bool {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .is_some_and(|s| s.trim_start_matches("lib").starts_with("tenure_plugin_"))
}

impl PluginHost {
    /// Loads the plugins of [`search_dirs`], trusting what the data
    /// folder's trust file trusts.
    pub fn discover() -> PluginHost {
        PluginHost::load_from(&search_dirs(), &trust_store::TrustStore::open_default())
    }

    /// Loads every library in `dirs` (a folder's libraries in name order).
    /// Relative, symbolically linked, world-writable or other users'
    /// libraries and folders are refused before any of their code runs, and
    /// so is a library outside the bundled folders that `trusted` does not
    /// hold with its current SHA-256 (listed in `untrusted`); a plugin of a
    /// bundled folder keeps its id against every other.
    pub fn load_from(dirs: &[SearchDir], trusted: &trust_store::TrustStore) -> PluginHost {
        let mut files: Vec<(PathBuf, bool)> = Vec::new();
        let mut refused = Vec::new();
        for dir in dirs {
            if is_library(&dir.path) {
                match trust::refusal(&dir.path, false) {
                    Some(reason) => refused.push(LoadFailure {
                        path: dir.path.clone(),
                        reason,
                    }),
                    None => files.push((dir.path.clone(), dir.bundled)),
                }
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir.path) else {
                if !dir.path.is_absolute() {
                    refused.push(LoadFailure {
                        path: dir.path.clone(),
                        reason: trust::refusal(&dir.path, true).unwrap_or_default(),
                    });
                }
                continue;
            };
            if let Some(reason) = trust::refusal(&dir.path, true) {
                refused.push(LoadFailure {
                    path: dir.path.clone(),
                    reason,
                });
                continue;
            }
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_library(p) && (!dir.only_bundled || is_bundled_plugin(p)))
                .collect();
            found.sort();
            for file in found {
                match trust::refusal(&file, false) {
                    Some(reason) => refused.push(LoadFailure { path: file, reason }),
                    None => files.push((file, dir.bundled)),
                }
            }
        }
        // A file of a bundled folder named again elsewhere (in
        // $TENURE_PLUGIN_PATH) is still the bundled file.
        let bundled_files: HashSet<PathBuf> = files
            .iter()
            .filter(|(_, bundled)| *bundled)
            .filter_map(|(file, _)| std::fs::canonicalize(file).ok())
            .collect();
        for (file, bundled) in &mut files {
            if !*bundled && std::fs::canonicalize(&*file).is_ok_and(|c| bundled_files.contains(&c))
            {
                *bundled = true;
            }
        }
        // Bundled libraries are trusted by where they are; the others by
        // their bytes, hashed here before any child loads them.
        let mut untrusted = Vec::new();
        files.retain(|(file, bundled)| {
            if *bundled {
                return true;
            }
            match trust_store::sha256_of(file) {
                Ok(sha256) => match trusted.judge(file, &sha256) {
                    Ok(()) => true,
                    Err(not_yet) => {
                        untrusted.push(not_yet);
                        false
                    }
                },
                Err(e) => {
                    refused.push(LoadFailure {
                        path: file.clone(),
                        reason: format!("cannot be read ({e}), so it is not loaded"),
                    });
                    false
                }
            }
        });
        let bundled: Vec<bool> = files.iter().map(|(_, b)| *b).collect();
        let paths: Vec<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
        let mut host = PluginHost::load_files_with(&paths, &bundled);
        host.failures.splice(0..0, refused);
        host.untrusted = untrusted;
        host
    }

    /// Loads these library files, in order (none of them bundled).
    pub fn load_files(files: &[PathBuf]) -> PluginHost {
        PluginHost::load_files_with(files, &[])
    }

    /// Loads these library files, in order: each in a child process of
    /// its own when [`isolation::runner`] gives one (the app always does),
    /// else in this process. `bundled[i]` marks a file of a bundled folder:
    /// its id cannot be taken by a library that is not.
    fn load_files_with(files: &[PathBuf], bundled: &[bool]) -> PluginHost {
        let mut seen_files = HashSet::new();
        let files: Vec<(&PathBuf, bool)> = files
            .iter()
            .enumerate()
            .filter(|(_, file)| {
                let canonical = std::fs::canonicalize(file).unwrap_or_else(|_| (*file).clone());
                seen_files.insert(canonical)
            })
            .map(|(i, file)| (file, bundled.get(i).copied().unwrap_or(false)))
            .collect();
        let runner = isolation::runner();
        let limits = isolation::Limits::from_env();
        // Children start at once, so that 13 libraries load in the time of one.
        let loaded: Vec<Result<Plugin, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .iter()
                .map(|(file, _)| {
                    let runner = runner.clone();
                    scope.spawn(move || match runner {
                        Some(runner) => load_isolated(&runner, file, limits),
                        None => load(file),
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("could not be loaded (internal error)".into()))
                })
                .collect()
        });
        // The first bundled library to provide an id owns it.
        let mut owners: Vec<(String, PathBuf)> = Vec::new();
        for ((file, is_bundled), loaded) in files.iter().zip(&loaded) {
            if let (true, Ok(plugin)) = (is_bundled, loaded)
                && !owners.iter().any(|(id, _)| *id == plugin.info.id)
            {
                owners.push((plugin.info.id.clone(), (*file).clone()));
            }
        }
        let mut host = PluginHost::default();
        for ((file, is_bundled), loaded) in files.into_iter().zip(loaded) {
            match loaded {
                Ok(plugin) if !is_bundled && owners.iter().any(|(id, _)| *id == plugin.info.id) => {
                    let owner = owners
                        .iter()
                        .find(|(id, _)| *id == plugin.info.id)
                        .map(|(_, path)| path.display().to_string())
                        .unwrap_or_default();
                    host.failures.push(LoadFailure {
                        path: file.clone(),
                        reason: format!(
                            "declares the id `{}`, which belongs to the plugin bundled with Tenure ({owner}); a plugin may not take a bundled plugin's id, so it is not loaded",
                            plugin.info.id
                        ),
                    });
                }
                Ok(plugin) => {
                    if let Some(first) = host.plugins.iter().find(|p| p.info.id == plugin.info.id) {
                        host.failures.push(LoadFailure {
                            path: file.clone(),
                            reason: format!(
                                "provides plugin `{}`, which {} already provides; remove one of the two",
                                plugin.info.id,
                                first.path.display()
                            ),
                        });
                    } else {
                        host.plugins.push(plugin);
                    }
                }
                Err(reason) => host.failures.push(LoadFailure {
                    path: file.clone(),
                    reason,
                }),
            }
        }
        host
    }

    pub fn get(&self, id: &str) -> Option<&Plugin> {
        self.plugins.iter().find(|p| p.info.id == id)
    }

    /// The ids of the loaded plugins, for messages.
    pub fn ids(&self) -> String {
        if self.plugins.is_empty() {
            "none are installed".to_string()
        } else {
            self.plugins
                .iter()
                .map(|p| p.info.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// What trusting a library did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustOutcome {
    pub trusted: trust_store::Trusted,
    /// Its plugin id once loaded (in a child of its own), or why it does
    /// not load.
    pub loaded: Result<String, String>,
}

/// Trusts the library at `path`: records its SHA-256 in `store` (when
/// `expected` is given, only if the file still hashes to it, so that what
/// the person was shown is what they trust), then loads it in its own
/// child to learn its id.
pub fn trust_library(
    store: &mut trust_store::TrustStore,
    path: &Path,
    expected: Option<&str>,
) -> Result<TrustOutcome, String> {
    if let Some(reason) = trust::refusal(path, false) {
        return Err(format!("{} {reason}.", path.display()));
    }
    let sha256 = trust_store::sha256_of(path)
        .map_err(|e| format!("{} cannot be read ({e}).", path.display()))?;
    if let Some(expected) = expected
        && expected != sha256
    {
        return Err(format!(
            "{} changed since it was shown (its SHA-256 is now {sha256}); nothing was trusted, look at it again first.",
            path.display()
        ));
    }
    store.trust(path, &sha256, "")?;
    let host = PluginHost::load_files(&[path.to_path_buf()]);
    let loaded = match (host.plugins.first(), host.failures.first()) {
        (Some(plugin), _) => {
            // Only a name for later messages: failing to note it loses nothing.
            let _ = store.note_id(path, &plugin.info.id);
            Ok(plugin.info.id.clone())
        }
        (None, Some(failure)) => Err(failure.reason.clone()),
        (None, None) => Err("it provides no plugin".to_string()),
    };
    Ok(TrustOutcome {
        trusted: trust_store::Trusted {
            path: path.to_path_buf(),
            sha256,
            id: loaded.clone().unwrap_or_default(),
        },
        loaded,
    })
}

/// Loads one library in this process: entry symbol, ABI version, table
/// size, `info`.
pub fn load(path: &Path) -> Result<Plugin, String> {
    ffi::load(path)
}

/// Loads one library in a child process that stays warm for its calls.
fn load_isolated(runner: &Path, path: &Path, limits: isolation::Limits) -> Result<Plugin, String> {
    use isolation::pool::Failure;
    match isolation::Pool::open(runner, path, limits) {
        Ok((pool, hello)) if hello.info.id.trim().is_empty() => {
            drop(pool);
            Err("has an empty plugin id; report this to the plugin's author".to_string())
        }
        Ok((pool, hello)) => Ok(Plugin {
            info: hello.info,
            path: path.to_path_buf(),
            abi_major: hello.abi_major,
            payload_version: hello.payload_version,
            backend: Backend::Child(pool),
        }),
        Err(Failure::Load(reason)) => Err(reason),
        Err(Failure::Ended(what, printed)) => Err(format!(
            "{what} while saying what it is (`info`), so it is not loaded; report this to the plugin's author{}",
            printed
                .map(|p| format!(" (it printed “{p}”)"))
                .unwrap_or_default()
        )),
        Err(Failure::Hung(waited)) => Err(format!(
            "did not say what it is within {} s (`info` hangs), so it is not loaded; report this to the plugin's author",
            waited.as_secs()
        )),
    }
}

/// A plugin's answer to `detect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub plugin: String,
    /// `None`: the plugin failed or took longer than [`DETECT_TIMEOUT`].
    pub confidence: Option<u8>,
    /// Why there is no answer, when its child crashed or hung ("crashed
    /// (segmentation fault)"); the plugin is left out of the choice.
    pub failure: Option<String>,
}

/// How a file's plugin was chosen.
#[derive(Debug, Clone)]
pub enum Choice {
    Chosen(Plugin),
    /// A tie at the top, or a best answer under 50: the person must choose.
    Ambiguous(Vec<Detection>),
}

/// Reads the first bytes of `path` (the head every `detect` sees).
pub fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    source::Source::open(path).map(source::Source::into_head)
}

impl PluginHost {
    /// Asks every plugin's `detect` at once; a plugin that does not answer
    /// within [`DETECT_TIMEOUT`] counts as "no" (its thread is abandoned).
    pub fn detect(&self, path: &Path, head: &[u8]) -> Vec<Detection> {
        detect_all(&self.plugins, path, head)
    }

    /// The plugin for `path`: the highest confidence, unless it is under 50
    /// or shared by several plugins.
    pub fn choose(&self, path: &Path, head: &[u8]) -> Choice {
        self.pick(self.detect(path, head))
    }

    /// [`PluginHost::choose`] from answers already given.
    pub fn pick(&self, mut answers: Vec<Detection>) -> Choice {
        answers.sort_by_key(|a| std::cmp::Reverse(a.confidence));
        let best = answers.first().and_then(|a| a.confidence).unwrap_or(0);
        let at_best = answers
            .iter()
            .filter(|a| a.confidence == Some(best))
            .count();
        if best >= 50
            && at_best == 1
            && let Some(plugin) = answers.first().and_then(|a| self.get(&a.plugin))
        {
            return Choice::Chosen(plugin.clone());
        }
        Choice::Ambiguous(answers)
    }
}

/// Every plugin's `detect` at once: those in this process on threads,
/// those in children through their warm child; each within
/// [`DETECT_TIMEOUT`].
fn detect_all(plugins: &[Plugin], path: &Path, head: &[u8]) -> Vec<Detection> {
    let tables: Vec<(usize, ffi::Table)> = plugins
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match &p.backend {
            Backend::InProcess(table) => Some((i, *table)),
            Backend::Child(_) => None,
        })
        .collect();
    let mut answers: Vec<(Option<u8>, Option<String>)> = vec![(None, None); plugins.len()];
    std::thread::scope(|scope| {
        let children: Vec<_> = plugins
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match &p.backend {
                Backend::Child(pool) => Some((i, pool)),
                Backend::InProcess(_) => None,
            })
            .map(|(i, pool)| {
                (
                    i,
                    scope.spawn(move || pool.detect(path, head, DETECT_TIMEOUT)),
                )
            })
            .collect();
        let here: Vec<ffi::Table> = tables.iter().map(|(_, t)| *t).collect();
        for ((i, _), answer) in tables.iter().zip(ffi::detect_all(&here, path, head)) {
            answers[*i] = (answer, None);
        }
        for (i, handle) in children {
            answers[i] = match handle.join() {
                Ok(Ok(answer)) => (answer, None),
                Ok(Err(isolation::pool::Failure::Hung(_))) => (None, None),
                Ok(Err(isolation::pool::Failure::Ended(what, _))) => (None, Some(what)),
                Ok(Err(isolation::pool::Failure::Load(reason))) => (None, Some(reason)),
                Err(_) => (None, None),
            };
        }
    });
    plugins
        .iter()
        .zip(answers)
        .map(|(p, (confidence, failure))| Detection {
            plugin: p.info.id.clone(),
            confidence,
            failure,
        })
        .collect()
}

impl Plugin {
    /// `detect`, with the timeout.
    pub fn detect(&self, path: &Path, head: &[u8]) -> Option<u8> {
        detect_all(std::slice::from_ref(self), path, head)
            .into_iter()
            .next()
            .and_then(|d| d.confidence)
    }

    /// Runs in a child process of its own.
    pub fn isolated(&self) -> bool {
        matches!(self.backend, Backend::Child(_))
    }

    /// `describe`: what the file holds and how the plugin would map it.
    pub fn describe(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        self.describe_within(path, options, STALL_TIMEOUT)
    }

    /// `describe`, reported as hung after `timeout`.
    pub fn describe_within(
        &self,
        path: &Path,
        options: &ImportOptions,
        timeout: std::time::Duration,
    ) -> Result<FileDescription, RowProblem> {
        match &self.backend {
            Backend::InProcess(table) => ffi::describe(self, table, path, options, timeout),
            Backend::Child(pool) => {
                let options = ffi::options_json(options);
                match pool.describe(path, &options, timeout) {
                    Ok((code, out)) => ffi::described(self, path, code, &out),
                    Err(isolation::pool::Failure::Hung(waited)) => {
                        Err(ffi::plugin_hung(self, path, "describing", waited))
                    }
                    Err(failure) => Err(isolation::failure_problem(
                        &self.info.id,
                        &self.path,
                        path,
                        "describing",
                        failure,
                    )),
                }
            }
        }
    }

    /// Starts `import`: its decoded batches arrive on the returned channel.
    fn start_import(
        &self,
        path: &Path,
        options: &ImportOptions,
        shared: std::sync::Arc<ffi::Shared>,
    ) -> Result<std::sync::mpsc::Receiver<ffi::Message>, RowProblem> {
        match &self.backend {
            Backend::InProcess(table) => ffi::start_import(self, table, path, options, shared),
            Backend::Child(pool) => {
                let (tx, rx) = ffi::spawn_decoder(&self.info.id)?;
                let (id, lib, file) = (self.info.id.clone(), self.path.clone(), path.to_path_buf());
                let failed = Box::new(move |failure| {
                    isolation::failure_problem(&id, &lib, &file, "reading", failure)
                });
                pool.start_import(path, &ffi::options_json(options), shared, tx, failed)?;
                Ok(rx)
            }
        }
    }
}

/// One check of `tenure plugins check LIB`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub detail: String,
}

/// Runs a loaded plugin's self-test: its `info` is well formed, `detect`
/// answers fast on odd input, and a missing file fails cleanly in both
/// `describe` and `import`.
pub fn self_test(plugin: &Plugin) -> Vec<Check> {
    use crate::domain::RecordKind;
    let mut checks = Vec::new();
    let mut check = |name: &str, passed: bool, detail: String| {
        checks.push(Check {
            name: name.to_string(),
            passed,
            detail,
        })
    };
    let info = &plugin.info;
    let id_ok = info
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    check(
        "info",
        id_ok && !info.name.trim().is_empty() && !info.version.trim().is_empty(),
        format!(
            "id `{}`, name `{}`, version `{}` (the id must be lowercase letters, digits, - or _; name and version must not be empty)",
            info.id, info.name, info.version
        ),
    );
    let unknown: Vec<&String> = info
        .kinds
        .iter()
        .filter(|k| RecordKind::parse(k).is_none())
        .collect();
    check(
        "kinds",
        !info.kinds.is_empty() && unknown.is_empty(),
        if unknown.is_empty() {
            format!("emits {}", info.kinds.join(", "))
        } else {
            format!("unknown kinds: {unknown:?}")
        },
    );
    let bad_ext: Vec<&String> = info
        .extensions
        .iter()
        .filter(|e| e.starts_with('.') || e.to_lowercase() != **e)
        .collect();
    check(
        "extensions",
        bad_ext.is_empty(),
        if bad_ext.is_empty() {
            format!("reads {}", info.extensions.join(", "))
        } else {
            format!("extensions must be lowercase without the dot: {bad_ext:?}")
        },
    );
    let ext = info
        .extensions
        .first()
        .cloned()
        .unwrap_or_else(|| "txt".into());
    let odd_inputs: [(&str, Vec<u8>); 3] = [
        ("detect (empty file)", Vec::new()),
        (
            "detect (binary garbage)",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        ("detect (text)", b"hello\nworld\n".to_vec()),
    ];
    for (name, head) in odd_inputs {
        let path = PathBuf::from(format!("tenure-self-test.{ext}"));
        let started = std::time::Instant::now();
        let answer = plugin.detect(&path, &head);
        check(
            name,
            answer.is_some(),
            match answer {
                Some(c) => format!("answered {c} in {} ms", started.elapsed().as_millis()),
                None => format!("failed or took longer than {} s", DETECT_TIMEOUT.as_secs()),
            },
        );
    }
    let missing = std::env::temp_dir().join(format!(
        "tenure-self-test-missing-{}.{ext}",
        std::process::id()
    ));
    match plugin.describe(&missing, &ImportOptions::default()) {
        Err(p) if p.code != "plugin_failed" && p.code != "plugin_panicked" => check(
            "describe (missing file)",
            true,
            format!("clean error: {}", p.message),
        ),
        Err(p) => check("describe (missing file)", false, p.message),
        Ok(_) => check(
            "describe (missing file)",
            false,
            "described a file that does not exist".into(),
        ),
    }
    let (passed, detail) = writer::import_missing_file(plugin, &missing);
    check("import (missing file)", passed, detail);
    checks
}

#[cfg(test)]
mod system_dir_tests {
    use super::*;

    #[test]
    fn usr_bin_gives_the_system_folder_once() {
        assert_eq!(
            system_plugin_dirs(Some(Path::new("/usr/bin"))),
            vec![PathBuf::from("/usr/lib/tenure/plugins")]
        );
    }

    #[test]
    fn an_unpacked_tarball_uses_its_own_lib_folder_first() {
        let dirs = system_plugin_dirs(Some(Path::new("/home/ana/tenure-0.1.0/bin")));
        assert_eq!(
            dirs[0],
            PathBuf::from("/home/ana/tenure-0.1.0/lib/tenure/plugins")
        );
        if cfg!(unix) {
            assert_eq!(dirs[1], PathBuf::from("/usr/lib/tenure/plugins"));
        }
    }
}
