use std::path::PathBuf;

/// Store errors, phrased for the person who will read them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} is not a Tenure database (it is not an SQLite file or it is damaged); choose another file or restore a backup"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} belongs to another application (SQLite application id {found:#x}); choose another file"
    )]
    ForeignDatabase { path: PathBuf, found: i64 },
    #[error(
        "{path} was written by a newer version of Tenure (schema {found}, this version understands up to {supported}); update Tenure to open it. The file was left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("cannot create the folder for the database {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database is busy or locked by another program; close it there and try again")]
    Busy,
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
