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
    /// The file cannot be written (read-only, disk full, I/O error): one
    /// sentence naming it.
    #[error("{}", trouble.sentence(path))]
    File { path: PathBuf, trouble: FileTrouble },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// What went wrong with the database file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileTrouble {
    /// The file or its folder cannot be written.
    ReadOnly,
    /// The disk (or SQLite's size limit) is full.
    Full,
    /// The operating system reported an I/O error.
    Io(String),
}

impl FileTrouble {
    fn sentence(&self, path: &std::path::Path) -> String {
        let path = path.display();
        match self {
            FileTrouble::ReadOnly => format!(
                "The database {path} is read-only (the file or its folder cannot be written), so nothing was changed; make it writable, or copy it to a folder you can write to, to change it."
            ),
            FileTrouble::Full => format!(
                "The disk holding the database {path} is full, so nothing was written; free some space and try again."
            ),
            FileTrouble::Io(detail) => format!(
                "The database {path} could not be read or written ({detail}), so nothing was written; check the disk and try again."
            ),
        }
    }
}

/// A file trouble in `err`, if it is one.
pub(crate) fn file_trouble(err: &rusqlite::Error) -> Option<FileTrouble> {
    use rusqlite::ErrorCode;
    match err.sqlite_error_code()? {
        ErrorCode::ReadOnly => Some(FileTrouble::ReadOnly),
        ErrorCode::DiskFull => Some(FileTrouble::Full),
        ErrorCode::SystemIoFailure => Some(FileTrouble::Io(err.to_string())),
        ErrorCode::CannotOpen => Some(FileTrouble::Io(err.to_string())),
        _ => None,
    }
}

/// `err` naming the file of `conn` when it is a file trouble.
pub(crate) fn named(conn: &rusqlite::Connection, err: rusqlite::Error) -> StoreError {
    match (file_trouble(&err), conn.path().filter(|p| !p.is_empty())) {
        (Some(trouble), Some(path)) => StoreError::File {
            path: PathBuf::from(path),
            trouble,
        },
        _ => StoreError::Sqlite(err),
    }
}
