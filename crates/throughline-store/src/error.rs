//! Why a document could not be opened, read or written, named so that a person can act.

use std::path::{Path, PathBuf};

use throughline_core::EditError;

/// Why a document could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    /// Not a regular file, or larger than its kind's limit: refused before it is read.
    #[error("{path}: {refused}")]
    Refused { path: PathBuf, refused: throughline_files::InputRefused },
    #[error("{path}: the file already exists")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: not a Throughline map (the file is not an SQLite database)")]
    NotSqlite { path: PathBuf },
    #[error("{path}: not a Throughline map (it is an SQLite database of another application)")]
    NotAMap { path: PathBuf },
    #[error(
        "{path}: the map was written by a newer version of Throughline (schema {found}; this \
         version reads up to {supported}); update Throughline to open it"
    )]
    NewerSchema { path: PathBuf, found: i32, supported: i32 },
    #[error(
        "{path}: the map is damaged: {detail}. The file was left as it was; restore it from a \
         backup or open a JSON export of it"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Json { path: PathBuf, source: throughline_core::LoadError },
    #[error("{path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error(
        "{path}: the map is open for editing elsewhere, by {}",
        if holder.is_empty() { "another program" } else { holder }
    )]
    Locked { path: PathBuf, holder: String },
    #[error(
        "{path}: the file was changed by another program since it was opened; this copy stops \
         saving so that neither overwrites the other. Open the file again to see its changes"
    )]
    ChangedElsewhere { path: PathBuf },
    #[error("{path}: the map is open read-only; open a copy to edit it")]
    ReadOnly { path: PathBuf },
    #[error("no version {0} in this map")]
    UnknownVersion(u32),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("{path}: {source}")]
    Shared { path: PathBuf, source: throughline_replica::ReplicaError },
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub(crate) fn damaged(path: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::Damaged { path: path.to_path_buf(), detail: detail.into() }
}

/// SQLite's own word for a damaged file becomes `Damaged`; the rest stays an SQLite error.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path: path.to_path_buf() },
        Some(ErrorCode::DatabaseCorrupt) => damaged(path, e.to_string()),
        _ => StoreError::Sqlite { path: path.to_path_buf(), source: e },
    }
}

pub(crate) fn migration(path: &Path, e: rusqlite_migration::Error) -> StoreError {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => classify(path, err),
        other => damaged(path, other.to_string()),
    }
}
