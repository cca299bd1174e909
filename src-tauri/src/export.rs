//! The commands that write the open map elsewhere: JSON, pictures, BPMN, Mermaid and the
//! leadership PDF, each where the user says (the shell asks), and the PDF opened after.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;
use tauri::ipc::Channel;
use throughline_core::{FileKind, json};
use throughline_report::{Paper, PictureFormat, ReportOptions, ReportStep};
use throughline_store::VersionRef;

use crate::commands::AppState;
use crate::error::AppError;

/// Asks where and writes the map there in the `throughline/1` JSON format; the path written,
/// or `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_json(state: State<'_, AppState>) -> Result<Option<String>, AppError> {
    let Some(path) = state.ask_where("Export the map as JSON", "json").await? else {
        return Ok(None);
    };
    let text = state.with(|s| Ok(json::to_string(s.map())))?;
    write_to(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// What the open map can be exported as besides JSON and the PDF.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A picture for slides, as the report draws the map.
    Png,
    Svg,
    /// For BPMN modelers (bpmn.io, Camunda, Signavio).
    Bpmn,
    /// A flowchart for READMEs and wikis.
    Mermaid,
}

impl ExportFormat {
    fn title(self) -> &'static str {
        match self {
            ExportFormat::Png => "Export a picture of the map (PNG)",
            ExportFormat::Svg => "Export a picture of the map (SVG)",
            ExportFormat::Bpmn => "Export the map as BPMN",
            ExportFormat::Mermaid => "Export the map as a Mermaid flowchart",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Png => FileKind::Png,
            ExportFormat::Svg => FileKind::Svg,
            ExportFormat::Bpmn => FileKind::Bpmn,
            ExportFormat::Mermaid => FileKind::Mermaid,
        }
        .extension()
    }
}

/// Asks where and writes the open map there as `format`; the path written, or `None` when
/// the user cancels. Made off the main thread (a large map's picture takes a moment), from the
/// map as it was when asked.
#[tauri::command]
#[specta::specta]
pub async fn export_as(
    state: State<'_, AppState>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let map = state.with(|s| Ok(s.map().clone()))?;
    let Some(path) = state.ask_where(format.title(), format.extension()).await? else {
        return Ok(None);
    };
    let make = move || {
        let picture = |kind| {
            throughline_report::picture(&map, kind)
                .map_err(|e| AppError::Report { message: e.to_string() })
        };
        match format {
            ExportFormat::Png => picture(PictureFormat::Png),
            ExportFormat::Svg => picture(PictureFormat::Svg),
            ExportFormat::Bpmn => Ok(throughline_bpmn::to_bpmn(&map).into_bytes()),
            ExportFormat::Mermaid => Ok(throughline_core::mermaid::to_mermaid(&map).into_bytes()),
        }
    };
    let bytes = tauri::async_runtime::spawn_blocking(make)
        .await
        .map_err(|e| AppError::Report { message: format!("the export stopped: {e}") })??;
    write_to(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Writes a file the user asked for whole or not at all, naming it in the error.
fn write_to(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    throughline_store::write_file_atomically(path, bytes)
        .map_err(|e| AppError::Storage { message: format!("{}: {e}", path.display()) })
}

/// Paper for the PDF report.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportPaper {
    A4,
    Letter,
}

/// How far an export has got, sent while it runs.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportProgress {
    /// The file being written.
    pub path: String,
    /// What is being done now, in words ("Typesetting").
    pub step: String,
    /// Steps finished, of `steps`.
    pub done: u32,
    pub steps: u32,
}

/// Asks where and writes the leadership PDF of the open map there, telling `progress` as it
/// goes; the path written, or `None` when the user cancels. Runs off the main thread, so the
/// window and edits go on meanwhile; the PDF shows the map as it was when the export began.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    state: State<'_, AppState>,
    paper: ReportPaper,
    since: Option<u32>,
    progress: Channel<ExportProgress>,
) -> Result<Option<String>, AppError> {
    // The version to compare with is read before asking where, so a bad one asks nothing.
    let (map, since, history, crm) = state.with(|s| {
        let since = match since {
            None => None,
            Some(id) => {
                let name =
                    s.document().versions()?.into_iter().find(|v| v.id == id).map(|v| v.name);
                let older = s.document().version_map(VersionRef::Saved(id))?;
                Some((name.unwrap_or_else(|| format!("version {id}")), older))
            }
        };
        let crm = s.crm().map(|c| c.config.clone());
        Ok((s.map().clone(), since, s.document().history().ok().flatten(), crm))
    })?;
    let Some(path) = state.ask_where("Export the leadership PDF", "pdf").await? else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let options = ReportOptions {
        paper: match paper {
            ReportPaper::A4 => Paper::A4,
            ReportPaper::Letter => Paper::Letter,
        },
        version: Some("Current map".to_owned()),
        date: None,
        since,
        history,
        crm,
    };
    let written = path.clone();
    let work = move || {
        let steps = ReportStep::ALL.len() as u32 + 1;
        let shown = path.display().to_string();
        let progress = |step: &str, done: u32| {
            let event = ExportProgress { path: shown.clone(), step: step.to_owned(), done, steps };
            // Progress is a courtesy: a window that went away does not fail the export.
            let _ = progress.send(event);
        };
        let pdf = throughline_report::render_with_progress(&map, &options, &mut |step| {
            progress(step.label(), step as u32);
        })
        .map_err(|e| AppError::Report { message: e.to_string() })?;
        progress("Saving", steps - 1);
        write_to(&path, &pdf)?;
        progress("Done", steps);
        Ok::<(), AppError>(())
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Report { message: format!("the export stopped: {e}") })??;
    *state.last_export.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(written);
    Ok(Some(shown))
}

/// What to do with the PDF exported last.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportAction {
    /// Open it with the desktop's PDF viewer.
    Open,
    /// Show it in the desktop's file manager.
    ShowInFolder,
}

/// Opens the PDF exported last, or shows it in its folder.
#[tauri::command]
#[specta::specta]
pub fn open_export(state: State<'_, AppState>, action: ExportAction) -> Result<(), AppError> {
    let path = state
        .last_export
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
        .ok_or_else(|| AppError::Storage { message: "nothing has been exported yet".into() })?;
    let opened = match action {
        ExportAction::Open => tauri_plugin_opener::open_path(&path, None::<&str>),
        // The file manager is asked over D-Bus; without one, the folder opens as a folder.
        ExportAction::ShowInFolder => {
            tauri_plugin_opener::reveal_item_in_dir(&path).or_else(|_| {
                let folder = path.parent().unwrap_or(&path);
                tauri_plugin_opener::open_path(folder, None::<&str>)
            })
        }
    };
    opened.map_err(|e| AppError::Storage {
        message: format!("{} could not be opened: {e}", path.display()),
    })
}
