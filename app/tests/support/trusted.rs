//! A data folder for the `tenure` binary (its `XDG_DATA_HOME`) whose trust
//! file trusts these libraries (issue 20: a library outside the bundled
//! folders loads only once trusted), so tests that name their plugins in
//! `TENURE_PLUGIN_PATH` never touch the real data folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use tenure::importing::trust_store::{FILE_NAME, TrustStore, sha256_of};

/// Trusts `libs` in `data_home` (`$XDG_DATA_HOME/tenure/trusted-plugins.json`).
pub fn trust_in(data_home: &Path, libs: &[PathBuf]) {
    let mut store = TrustStore::open(Some(data_home.join("tenure").join(FILE_NAME)));
    for lib in libs {
        let sha256 = sha256_of(lib).expect("the library is readable");
        store
            .trust(lib, &sha256, "")
            .expect("the trust file is written");
    }
}

/// A new data folder trusting `libs`, kept for the life of the test process.
pub fn data_home(libs: &[PathBuf]) -> PathBuf {
    let dir = tempfile::tempdir().expect("a temporary folder").keep();
    trust_in(&dir, libs);
    dir
}
