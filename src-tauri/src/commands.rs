//! The commands the UI calls. Each locks the state, calls the core and the store, and maps
//! errors once; none of them holds logic of its own.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;
use throughline_core::compare::Comparison;
use throughline_core::{Edit, Map, json};
use throughline_report::{Paper, ReportOptions};
use throughline_store::{Document, Version, VersionRef};

use crate::error::AppError;
use crate::session::{Session, Snapshot};

/// The open map, if any.
#[derive(Debug, Default)]
pub struct AppState(pub Mutex<Option<Session>>);

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T, AppError>) -> Result<T, AppError> {
        let mut guard = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let session = guard.as_mut().ok_or(AppError::NoMap)?;
        f(session)
    }

    fn replace(&self, session: Session) -> Snapshot {
        let snapshot = session.snapshot();
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(session);
        snapshot
    }

    /// Opens a `.throughline` file, or imports a `.json` map into a new document beside it.
    pub fn open(&self, path: &Path) -> Result<Snapshot, AppError> {
        let document = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            let bytes = std::fs::read(path).map_err(|e| AppError::CannotOpen {
                message: format!("{}: {e}", path.display()),
            })?;
            let map = json::from_slice(&bytes).map_err(|e| AppError::CannotOpen {
                message: format!("{}: {e}", path.display()),
            })?;
            Document::create(free_path(&path.with_extension("throughline")), &map)?
        } else {
            Document::open(path)?
        };
        Ok(self.replace(Session::new(document)))
    }
}

/// `map.throughline`, or `map 2.throughline` and so on when that exists.
fn free_path(wanted: &Path) -> PathBuf {
    let stem = wanted.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    (1..10_000)
        .map(|n| {
            if n == 1 {
                wanted.to_path_buf()
            } else {
                wanted.with_file_name(format!("{stem} {n}.throughline"))
            }
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| wanted.to_path_buf())
}

/// Opens a map file (a `.json` map is imported into a new `.throughline` beside it).
#[tauri::command]
#[specta::specta]
pub fn open_map(state: State<'_, AppState>, path: String) -> Result<Snapshot, AppError> {
    state.open(Path::new(&path))
}

/// Creates a new, empty map file.
#[tauri::command]
#[specta::specta]
pub fn create_map(
    state: State<'_, AppState>,
    path: String,
    name: String,
) -> Result<Snapshot, AppError> {
    let document = Document::create(&path, &Map::new(name))?;
    Ok(state.replace(Session::new(document)))
}

/// The open map, if any (the app opens the file it was started with).
#[tauri::command]
#[specta::specta]
pub fn current_map(state: State<'_, AppState>) -> Option<Snapshot> {
    state.with(|s| Ok(s.snapshot())).ok()
}

/// Applies an edit, saves it, and returns the new findings.
#[tauri::command]
#[specta::specta]
pub fn apply_edit(state: State<'_, AppState>, edit: Edit) -> Result<Snapshot, AppError> {
    state.with(|s| s.apply(edit))
}

#[tauri::command]
#[specta::specta]
pub fn undo(state: State<'_, AppState>) -> Result<Snapshot, AppError> {
    state.with(Session::undo)
}

#[tauri::command]
#[specta::specta]
pub fn redo(state: State<'_, AppState>) -> Result<Snapshot, AppError> {
    state.with(Session::redo)
}

/// Continues editing in a copy of the map at `path`.
#[tauri::command]
#[specta::specta]
pub fn save_as(state: State<'_, AppState>, path: String) -> Result<Snapshot, AppError> {
    state.with(|s| {
        s.document_mut().save_as(&path)?;
        Ok(s.snapshot())
    })
}

/// Writes the map in the `throughline/1` JSON format.
#[tauri::command]
#[specta::specta]
pub fn export_json(state: State<'_, AppState>, path: String) -> Result<(), AppError> {
    state.with(|s| {
        std::fs::write(&path, json::to_string(s.map()))
            .map_err(|e| AppError::Storage { message: format!("{path}: {e}") })
    })
}

/// Paper for the PDF report.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportPaper {
    A4,
    Letter,
}

/// Writes the leadership PDF of the open map.
#[tauri::command]
#[specta::specta]
pub fn export_report(
    state: State<'_, AppState>,
    path: String,
    paper: ReportPaper,
) -> Result<(), AppError> {
    let map = state.with(|s| Ok(s.map().clone()))?;
    let options = ReportOptions {
        paper: match paper {
            ReportPaper::A4 => Paper::A4,
            ReportPaper::Letter => Paper::Letter,
        },
        version: Some("Current map".to_owned()),
        date: None,
    };
    let pdf = throughline_report::render(&map, &options)
        .map_err(|e| AppError::Report { message: e.to_string() })?;
    std::fs::write(&path, pdf).map_err(|e| AppError::Storage { message: format!("{path}: {e}") })
}

#[tauri::command]
#[specta::specta]
pub fn save_version(state: State<'_, AppState>, name: String) -> Result<Version, AppError> {
    state.with(|s| Ok(s.document_mut().snapshot(&name)?))
}

#[tauri::command]
#[specta::specta]
pub fn list_versions(state: State<'_, AppState>) -> Result<Vec<Version>, AppError> {
    state.with(|s| Ok(s.document().versions()?))
}

/// Makes a saved version the current map (the map as it was is saved as a version first).
#[tauri::command]
#[specta::specta]
pub fn restore_version(state: State<'_, AppState>, id: u32) -> Result<Snapshot, AppError> {
    state.with(|s| {
        s.document_mut().restore(id)?;
        s.forget_history();
        Ok(s.snapshot())
    })
}

#[tauri::command]
#[specta::specta]
pub fn compare_versions(
    state: State<'_, AppState>,
    older: VersionRef,
    newer: VersionRef,
) -> Result<Comparison, AppError> {
    state.with(|s| Ok(s.document().compare(older, newer)?))
}
