//! The host's own reads of a file: the head every `detect` sees and, from
//! the same open handle, the SHA-256 the import history keeps. One open
//! serves both (the plugin opens the file itself to describe and import it).

use super::HEAD_BYTES;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

/// A file opened by the host, its head read.
pub struct Source {
    file: File,
    head: Vec<u8>,
}

impl Source {
    /// Opens `path` and reads its first [`HEAD_BYTES`].
    pub fn open(path: &Path) -> std::io::Result<Source> {
        let mut file = File::open(path)?;
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
        Ok(Source { file, head })
    }

    pub fn head(&self) -> &[u8] {
        &self.head
    }

    pub fn into_head(self) -> Vec<u8> {
        self.head
    }

    /// The SHA-256 (hex) of the whole file: the head already read, then the
    /// rest from the same handle. `None` when `cancel` was set meanwhile
    /// (a large file is not read to the end for an import that will not
    /// happen).
    pub fn hash(mut self, cancel: &AtomicBool) -> std::io::Result<Option<String>> {
        let mut hasher = Sha256::new();
        hasher.update(&self.head);
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let n = self.file.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        Ok(Some(
            hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        ))
    }
}

/// Size and modification time: whether a file changed since it was
/// described, learnt without opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// `None` when the file cannot be looked at (then nothing about it is
    /// taken as known).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_hash_covers_the_head_and_the_rest_in_one_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        // Longer than the head, and not a multiple of the read buffer.
        let text: Vec<u8> = (0..HEAD_BYTES * 3 + 17).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let source = Source::open(&path).unwrap();
        assert_eq!(source.head(), &text[..HEAD_BYTES]);
        let hash = source.hash(&AtomicBool::new(false)).unwrap().unwrap();
        let expected: String = Sha256::digest(&text)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, expected);
        // A small file: the head is the whole file.
        let small = dir.path().join("small.csv");
        std::fs::write(&small, b"a,b\n1,2\n").unwrap();
        let source = Source::open(&small).unwrap();
        assert_eq!(source.head(), b"a,b\n1,2\n");
        let hash = source.hash(&AtomicBool::new(false)).unwrap().unwrap();
        assert_eq!(hash.len(), 64);
    }

    #[test]
    fn a_cancel_stops_the_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, vec![b'x'; HEAD_BYTES * 2]).unwrap();
        let source = Source::open(&path).unwrap();
        assert_eq!(source.hash(&AtomicBool::new(true)).unwrap(), None);
    }

    #[test]
    fn the_stamp_changes_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, b"a\n").unwrap();
        let before = Stamp::of(&path).unwrap();
        assert_eq!(Stamp::of(&path), Some(before));
        std::fs::write(&path, b"a\nb\n").unwrap();
        assert_ne!(Stamp::of(&path), Some(before));
        assert_eq!(Stamp::of(&dir.path().join("missing.csv")), None);
    }
}
