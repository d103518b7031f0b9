//! Where Tenure keeps its files.

use std::path::PathBuf;

/// The platform data folder (`~/.local/share/tenure` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tenure").map(|d| d.data_dir().to_path_buf())
}

/// `--db`, else `$TENURE_DB` (clap reads it), else the data folder.
pub fn default_db_path() -> PathBuf {
    data_dir()
        .map(|d| d.join("tenure.db"))
        .unwrap_or_else(|| PathBuf::from("tenure.db"))
}

/// The separate database that "Explore with demo data" fills, beside the real one.
pub fn demo_db_path_for(real: &std::path::Path) -> PathBuf {
    let stem = real
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tenure".into());
    real.with_file_name(format!("{stem}-demo.db"))
}
