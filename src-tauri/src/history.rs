//! The commands that lay a CRM's stage history over the open map and take it off again.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::Path;

use serde::Serialize;
use specta::Type;
use tauri::State;
use tauri::ipc::Channel;

use crate::commands::AppState;
use crate::error::AppError;
use crate::session::Snapshot;

/// How far reading a stage history has got, sent while it is read.
#[derive(Debug, Clone, Serialize, Type)]
pub struct HistoryProgress {
    /// The log's file name.
    pub file: String,
    /// Bytes read, of `total`.
    #[specta(type = f64)]
    pub read: u64,
    #[specta(type = f64)]
    pub total: u64,
}

/// Lays a CRM's stage history (a CSV, a Salesforce history export, XES, or OCEL 2.0 — several
/// files read as one log, at `paths`) over the open map and keeps it with the map, replacing
/// the one before; tells `progress` how far reading has got. The log is read off the main
/// thread: the window and edits go on.
#[tauri::command]
#[specta::specta]
pub async fn load_history(
    state: State<'_, AppState>,
    paths: Vec<String>,
    progress: Channel<HistoryProgress>,
) -> Result<Snapshot, AppError> {
    let map = state.with(|s| Ok(s.map().clone()))?;
    let read = tauri::async_runtime::spawn_blocking(move || {
        let paths: Vec<&Path> = paths.iter().map(Path::new).collect();
        let names: Vec<String> = paths
            .iter()
            .map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
            .collect();
        let file = names.join(", ");
        let mut told = |p: throughline_history::Progress| {
            // Progress is a courtesy: a window that went away does not stop the reading.
            let _ =
                progress.send(HistoryProgress { file: file.clone(), read: p.read, total: p.total });
        };
        let sources: Vec<throughline_history::Source<'_>> =
            paths.iter().map(|p| throughline_history::Source::File(p)).collect();
        throughline_history::history_from_many(
            &map,
            &sources,
            &throughline_history::Columns::default(),
            &mut told,
        )
    })
    .await
    .map_err(|e| AppError::CannotOpen { message: format!("the stage history stopped: {e}") })?
    .map_err(|e| AppError::CannotOpen { message: e.to_string() })?;
    state.with(|s| s.set_history(Some(read)))
}

/// Removes the stage history from the open map.
#[tauri::command]
#[specta::specta]
pub fn clear_history(state: State<'_, AppState>) -> Result<Snapshot, AppError> {
    state.with(|s| s.set_history(None))
}
