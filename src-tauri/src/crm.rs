//! The commands for the CRM's own configuration: a new map from it, attaching it to the open
//! map (and saying what changed in the CRM since the one before), and adding the values the
//! map lacks. The files come from the native open dialog, as paths to read.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::PathBuf;

use serde::Serialize;
use specta::Type;
use tauri::State;
use throughline_crm::CrmConfig;

use crate::commands::AppState;
use crate::error::AppError;
use crate::session::{Snapshot, Update};

/// Reads the configuration off the main thread (a project folder walks the disk), with what
/// it left out or repaired, each note led by its file's name.
async fn read(paths: Vec<String>) -> Result<(CrmConfig, Vec<String>), AppError> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let (config, notes) =
        tauri::async_runtime::spawn_blocking(move || throughline_crm::read_noting(&paths))
            .await
            .map_err(|e| AppError::CannotOpen { message: format!("reading stopped: {e}") })?
            .map_err(|e| AppError::CannotOpen { message: e.to_string() })?;
    let named = |file: &str| {
        std::path::Path::new(file)
            .file_name()
            .map_or(file.to_owned(), |n| n.to_string_lossy().into())
    };
    Ok((config, notes.into_iter().map(|n| format!("{}: {}", named(&n.file), n.message)).collect()))
}

/// A new map in the maps folder from the CRM's configuration (files, or a Salesforce
/// project folder), with the configuration attached to it.
#[tauri::command]
#[specta::specta]
pub async fn new_map_from_crm(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<Snapshot, AppError> {
    let (config, left_out) = read(paths).await?;
    let name = config.journey_name();
    let map = throughline_crm::import::map(&config, &name);
    state.create_in_library(&name, &map)?;
    let snapshot = state.with(|s| s.set_crm(Some(&config)))?;
    Ok(Snapshot { left_out, ..snapshot })
}

/// The open map with a CRM configuration attached, and what changed in the CRM since the
/// configuration attached before (empty the first time).
#[derive(Debug, Serialize, Type)]
pub struct CrmAttached {
    pub snapshot: Snapshot,
    /// When the configuration before was attached, if there was one.
    pub since: Option<String>,
    pub changes: Vec<String>,
}

/// Holds the open map against the CRM's configuration (files, or a Salesforce project
/// folder), replacing the one attached before.
#[tauri::command]
#[specta::specta]
pub async fn attach_crm(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<CrmAttached, AppError> {
    let (config, left_out) = read(paths).await?;
    state.with(|s| {
        let before = s.crm().cloned();
        let snapshot = Snapshot { left_out, ..s.set_crm(Some(&config))? };
        Ok(CrmAttached {
            changes: before
                .as_ref()
                .map(|b| throughline_crm::attach::changes(&b.config, &config))
                .unwrap_or_default(),
            since: before.map(|b| b.attached_at),
            snapshot,
        })
    })
}

/// Takes the CRM configuration off the open map.
#[tauri::command]
#[specta::specta]
pub fn detach_crm(state: State<'_, AppState>) -> Result<Snapshot, AppError> {
    state.with(|s| s.set_crm(None))
}

/// Adds a stage for every value of the attached configuration that no stage maps to, in the
/// right lane, as one undoable edit.
#[tauri::command]
#[specta::specta]
pub fn add_crm_values(state: State<'_, AppState>) -> Result<Update, AppError> {
    state.with(|s| {
        let crm = s.crm().ok_or_else(|| AppError::CannotOpen {
            message: "no CRM configuration is attached to this map".into(),
        })?;
        match throughline_crm::attach::add_unmapped(s.map(), &crm.config) {
            Some(edit) => s.apply(edit),
            None => Err(AppError::InvalidEdit {
                message: "every value of the CRM's configuration is on the map already".into(),
                at: String::new(),
            }),
        }
    })
}
