//! Trust on first use (issue 20): the SHA-256 of every library outside the
//! bundled folders that the person trusted, kept in `trusted-plugins.json`
//! in the data folder (`~/.local/share/tenure/` on Linux), beside the
//! user's plugin folder: trust belongs to the person and the installation,
//! not to one company's database. A library whose path is not there, or
//! whose bytes no longer hash to what was trusted, is "not trusted yet" and
//! no code of it runs until `tenure plugins trust` or the Plugins view's
//! Trust button records its hash.

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The file's name in the data folder.
pub const FILE_NAME: &str = "trusted-plugins.json";

/// One trusted library.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Trusted {
    /// Absolute path of the library.
    pub path: PathBuf,
    /// Hex SHA-256 of its bytes when it was trusted.
    pub sha256: String,
    /// The plugin id it declared once trusted (empty until it loaded).
    #[serde(default)]
    pub id: String,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Document {
    version: u32,
    libraries: Vec<Trusted>,
}

/// The trust file: where it is, and what it holds.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    /// `None`: the platform has no data folder, so nothing outside the
    /// bundled folders can be trusted.
    pub path: Option<PathBuf>,
    pub libraries: Vec<Trusted>,
    /// Why the file could not be used (it is then treated as empty, and
    /// never overwritten until the person deals with it).
    pub problem: Option<String>,
}

/// A library outside the bundled folders that is not trusted (yet).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Untrusted {
    pub path: PathBuf,
    pub sha256: String,
    /// The name `tenure plugins trust NAME` takes: the id it had when
    /// trusted before, else its file name without `lib` and extension.
    pub name: String,
    /// What it had when it was trusted, when its bytes changed since.
    pub trusted_before: Option<Trusted>,
    /// Why the trust file could not be used, when that is the reason.
    pub trust_file_problem: Option<String>,
    /// One sentence: why it does not load.
    pub reason: String,
}

impl TrustStore {
    /// The trust file of the data folder.
    pub fn default_path() -> Option<PathBuf> {
        crate::paths::data_dir().map(|d| d.join(FILE_NAME))
    }

    /// Reads the store at the default place.
    pub fn open_default() -> TrustStore {
        TrustStore::open(TrustStore::default_path())
    }

    /// Reads the store at `path` (a missing file is an empty store). A file
    /// others can change is not believed: it could trust anything.
    pub fn open(path: Option<PathBuf>) -> TrustStore {
        let Some(file) = path.clone() else {
            return TrustStore::default();
        };
        let mut store = TrustStore {
            path,
            ..TrustStore::default()
        };
        let text = match std::fs::read(&file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return store,
            Err(e) => {
                store.problem = Some(format!(
                    "the trust file {} cannot be read ({e}); nothing outside the bundled folders is trusted until it can",
                    file.display()
                ));
                return store;
            }
        };
        if let Some(reason) = super::trust::refusal(&file, false) {
            store.problem = Some(format!(
                "the trust file {} {reason}; nothing outside the bundled folders is trusted until it is fixed",
                file.display()
            ));
            return store;
        }
        match serde_json::from_slice::<Document>(&text) {
            Ok(doc) => store.libraries = doc.libraries,
            Err(e) => {
                let said = e.to_string();
                let said = said
                    .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                    .unwrap_or(&said);
                store.problem = Some(format!(
                    "the trust file {} is damaged (line {}, column {}: {said}); nothing outside the bundled folders is trusted until it is fixed or deleted (then trust the plugins again)",
                    file.display(),
                    e.line(),
                    e.column()
                ))
            }
        }
        store
    }

    /// Whether `path` with these bytes is trusted; else why not.
    pub fn judge(&self, path: &Path, sha256: &str) -> Result<(), Untrusted> {
        let known = self.libraries.iter().find(|t| t.path == path);
        if let Some(t) = known
            && t.sha256 == sha256
            && self.problem.is_none()
        {
            return Ok(());
        }
        let name = match known {
            Some(t) if !t.id.is_empty() => t.id.clone(),
            _ => file_name(path),
        };
        let reason = match (&self.problem, known) {
            (Some(problem), _) => format!("is not trusted yet: {problem}"),
            (None, Some(t)) => format!(
                "is not trusted yet: it changed since it was trusted (SHA-256 {} then, {} now); trust it again (`tenure plugins trust {name}`) if you expected the change",
                short(&t.sha256),
                short(sha256)
            ),
            (None, None) => format!(
                "is not trusted yet: no code of it runs until you trust it (`tenure plugins trust {name}`, or Trust in the Plugins view)"
            ),
        };
        Err(Untrusted {
            path: path.to_path_buf(),
            sha256: sha256.to_string(),
            name,
            trusted_before: known.cloned(),
            trust_file_problem: self.problem.clone(),
            reason,
        })
    }

    /// Records `path` with `sha256` (replacing what it had), and writes the
    /// file: a new file beside it renamed over the old one, readable and
    /// writable by its owner only.
    pub fn trust(&mut self, path: &Path, sha256: &str, id: &str) -> Result<(), String> {
        if let Some(problem) = &self.problem {
            return Err(format!("Nothing was trusted: {problem}."));
        }
        let Some(file) = self.path.clone() else {
            return Err(
                "Nothing was trusted: this system has no user data folder to keep the trust file in."
                    .to_string(),
            );
        };
        let entry = Trusted {
            path: path.to_path_buf(),
            sha256: sha256.to_string(),
            id: id.to_string(),
        };
        match self.libraries.iter_mut().find(|t| t.path == path) {
            Some(t) => *t = entry,
            None => self.libraries.push(entry),
        }
        self.save(&file)
    }

    /// Notes the id a trusted library declared (shown for it once it changes).
    pub fn note_id(&mut self, path: &Path, id: &str) -> Result<(), String> {
        let Some(file) = self.path.clone() else {
            return Ok(());
        };
        match self.libraries.iter_mut().find(|t| t.path == path) {
            Some(t) if t.id != id => t.id = id.to_string(),
            _ => return Ok(()),
        }
        self.save(&file)
    }

    fn save(&self, file: &Path) -> Result<(), String> {
        let fail = |what: &str, e: std::io::Error| {
            format!(
                "Nothing was trusted: the trust file {} cannot be {what} ({e}).",
                file.display()
            )
        };
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder).map_err(|e| fail("created", e))?;
        }
        let doc = Document {
            version: 1,
            libraries: self.libraries.clone(),
        };
        let mut text = serde_json::to_vec_pretty(&doc).unwrap_or_default();
        text.push(b'\n');
        let temporary = file.with_extension("json.new");
        write_private(&temporary, &text).map_err(|e| fail("written", e))?;
        std::fs::rename(&temporary, file).map_err(|e| fail("written", e))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// The hex SHA-256 of the file's bytes.
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// `libfoo.so` → `foo`.
fn file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.strip_prefix(std::env::consts::DLL_PREFIX) {
        Some(rest) if !rest.is_empty() && !std::env::consts::DLL_PREFIX.is_empty() => {
            rest.to_string()
        }
        _ => stem,
    }
}

/// The first 12 hex digits, for sentences (the full hash is listed beside).
fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_known_text() {
        // `printf abc | sha256sum` (FIPS 180-2's first example).
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("abc");
        std::fs::write(&f, b"abc").unwrap();
        assert_eq!(
            sha256_of(&f).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn new_trusted_changed_and_trusted_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data").join(FILE_NAME);
        let lib = Path::new("/opt/p/libfoo.so");
        let mut store = TrustStore::open(Some(file.clone()));
        let new = store.judge(lib, "aa11").unwrap_err();
        assert_eq!(new.name, "foo");
        assert_eq!(new.trusted_before, None);
        assert_eq!(
            new.reason,
            "is not trusted yet: no code of it runs until you trust it (`tenure plugins trust foo`, or Trust in the Plugins view)"
        );
        store.trust(lib, "aa11", "").unwrap();
        store.note_id(lib, "foo-crm").unwrap();
        // Read back from the file, as the next run does.
        let store = TrustStore::open(Some(file.clone()));
        assert_eq!(store.problem, None);
        assert_eq!(store.judge(lib, "aa11"), Ok(()));
        let changed = store.judge(lib, "bb22").unwrap_err();
        assert_eq!(changed.name, "foo-crm");
        assert_eq!(
            changed.reason,
            "is not trusted yet: it changed since it was trusted (SHA-256 aa11 then, bb22 now); trust it again (`tenure plugins trust foo-crm`) if you expected the change"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_trust_file_trusts_nothing_and_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        std::fs::write(&file, "{\"version\": 1,\n \"libraries\": [oops]}").unwrap();
        let mut store = TrustStore::open(Some(file.clone()));
        let problem = store.problem.clone().unwrap();
        assert!(
            problem.starts_with(&format!(
                "the trust file {} is damaged (line 2, column 16: expected value);",
                file.display()
            )),
            "{problem}"
        );
        let why = store.judge(Path::new("/x/libfoo.so"), "aa").unwrap_err();
        assert!(why.reason.contains("is damaged"), "{}", why.reason);
        assert!(store.trust(Path::new("/x/libfoo.so"), "aa", "").is_err());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "{\"version\": 1,\n \"libraries\": [oops]}"
        );
    }
}
