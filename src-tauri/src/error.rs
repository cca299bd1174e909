//! Errors as the UI receives them: a kind it can act on and a message it can show.

use serde::Serialize;
use specta::Type;
use throughline_core::EditError;
use throughline_store::StoreError;

#[derive(Debug, thiserror::Error, Serialize, Type)]
#[serde(tag = "type", content = "data")]
pub enum AppError {
    /// No map is open.
    #[error("no map is open")]
    NoMap,
    /// The file could not be opened: not a map, damaged, from a newer version, bad JSON.
    #[error("{message}")]
    CannotOpen { message: String },
    /// The edit was refused; nothing changed. `at` is where in the edited entity the
    /// problem is (`"name"`, `"entry[2].op"`; empty for the entity as a whole).
    #[error("{message}")]
    InvalidEdit { message: String, at: String },
    /// Reading or writing the file failed.
    #[error("{message}")]
    Storage { message: String },
    /// The map cannot be edited here: it is open for editing elsewhere, or another program
    /// changed the file. Opening a copy is the way on.
    #[error("{message}")]
    ReadOnly { message: String },
    /// The PDF could not be made.
    #[error("{message}")]
    Report { message: String },
}

impl From<EditError> for AppError {
    fn from(e: EditError) -> Self {
        AppError::InvalidEdit { message: e.invalid.to_string(), at: e.path }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Edit(e) => e.into(),
            StoreError::NotFound { .. }
            | StoreError::Refused { .. }
            | StoreError::NotSqlite { .. }
            | StoreError::NotAMap { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::Damaged { .. }
            | StoreError::Json { .. } => AppError::CannotOpen { message: e.to_string() },
            StoreError::ReadOnly { .. } | StoreError::ChangedElsewhere { .. } => {
                AppError::ReadOnly { message: e.to_string() }
            }
            other => AppError::Storage { message: other.to_string() },
        }
    }
}
