//! The commands the UI calls. Each locks the state, calls the core and the store, and maps
//! errors once; none of them holds logic of its own.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;
use tauri::ipc::Channel;
use throughline_core::compare::Comparison;
use throughline_core::{Edit, Map, Rule, json};
use throughline_report::{Paper, PictureFormat, ReportOptions, ReportStep};
use throughline_store::{Document, MapFormat, StoreError, Version, VersionRef};

use crate::error::AppError;
use crate::library::{self, Library, RecentMap, Sample, file_name_for, free_path};
use crate::save_place::{SavePlace, SaveRequest};
use crate::session::{Session, Snapshot, Update};

/// The open map, the library of recent maps and samples, and a problem to show on the start
/// screen (the file the app was started with could not be opened).
#[derive(Debug)]
pub struct AppState {
    session: Mutex<Option<Session>>,
    library: Library,
    problem: Mutex<Option<String>>,
    /// Where saved files go; set once the app is up (the native dialog needs it).
    save_place: std::sync::OnceLock<SavePlace>,
    /// The PDF exported last, which "Open" and "Show in folder" act on: the webview never
    /// names a path for the shell to open.
    last_export: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn new(library: Library) -> Self {
        AppState {
            session: Mutex::new(None),
            library,
            problem: Mutex::new(None),
            save_place: std::sync::OnceLock::new(),
            last_export: Mutex::new(None),
        }
    }

    /// Sets where saved files go (once; later calls change nothing).
    pub fn set_save_place(&self, place: SavePlace) {
        let _ = self.save_place.set(place);
    }

    /// Asks where to save something made from the open map (named after it, beside it);
    /// `None` when the user cancels.
    async fn ask_where(
        &self,
        title: &'static str,
        extension: &'static str,
    ) -> Result<Option<PathBuf>, AppError> {
        let request =
            self.with(|s| Ok(SaveRequest::beside(s.document().path(), title, extension)))?;
        Ok(self.save_place().ask(request).await)
    }

    fn save_place(&self) -> SavePlace {
        // Set during setup, before any window can ask; a folder of the user's is the fallback.
        self.save_place.get().cloned().unwrap_or_else(|| {
            SavePlace::folder(
                self.library.maps_dir().map_or_else(|_| std::env::temp_dir(), Path::to_path_buf),
            )
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        f(self.lock().as_mut().ok_or(AppError::NoMap)?)
    }

    /// Makes `session` the open map and puts it at the top of the recent list.
    fn replace(&self, mut session: Session) -> Snapshot {
        let snapshot = session.snapshot();
        // The recent list is a convenience: failing to write it must not fail the open.
        if let Err(e) = self.library.remember(&snapshot.path, &snapshot.map.name) {
            eprintln!("throughline: the recent maps list could not be saved: {e}");
        }
        *self.lock() = Some(session);
        snapshot
    }

    /// Opens a `.throughline` file, or imports a `.json` map into a new document beside it.
    pub fn open(&self, path: &Path) -> Result<Snapshot, AppError> {
        // A process model from a BPMN modeler becomes a map beside it, as a JSON map does.
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("bpmn")) {
            let cannot = |e: &dyn std::fmt::Display| AppError::CannotOpen {
                message: format!("{}: {e}", path.display()),
            };
            let text = std::fs::read_to_string(path).map_err(|e| cannot(&e))?;
            let map = throughline_bpmn::from_bpmn(&text).map_err(|e| cannot(&e))?;
            let document = Document::create(free_path(&path.with_extension("throughline")), &map)?;
            return Ok(self.replace(Session::new(document)));
        }
        let document = match MapFormat::of_file(path) {
            MapFormat::Json => {
                let map = throughline_store::read_json(path)?;
                Document::create(free_path(&path.with_extension("throughline")), &map)?
            }
            MapFormat::Document => match Document::open(path) {
                Err(StoreError::Locked { holder, .. }) => {
                    let who = if holder.is_empty() { "another program".to_owned() } else { holder };
                    let reason = format!(
                        "Someone is editing this map already: {who}. You are looking at it \
                         read-only; open a copy to make changes of your own."
                    );
                    let document = Document::open_read_only(path)?;
                    return Ok(self.replace(Session::read_only(document, reason)));
                }
                opened => opened?,
            },
        };
        Ok(self.replace(Session::new(document)))
    }

    /// Opens the file the app was started with; a failure waits for the start screen.
    pub fn open_at_launch(&self, path: &Path) {
        if let Err(e) = self.open(path) {
            *self.problem.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some(e.to_string());
        }
    }

    pub(crate) fn create_in_library(&self, name: &str, map: &Map) -> Result<Snapshot, AppError> {
        let dir = self.library.maps_dir().map_err(|e| AppError::Storage {
            message: format!("the maps folder could not be created: {e}"),
        })?;
        let path = free_path(&dir.join(format!("{}.throughline", file_name_for(name))));
        let document = Document::create(path, map)?;
        Ok(self.replace(Session::new(document)))
    }
}

/// Opens a map file (a `.json` map or a BPMN model is imported into a new `.throughline`
/// beside it).
#[tauri::command]
#[specta::specta]
pub fn open_map(state: State<'_, AppState>, path: String) -> Result<Snapshot, AppError> {
    state.open(Path::new(&path))
}

/// The open map, if any (the app opens the file it was started with).
#[tauri::command]
#[specta::specta]
pub fn current_map(state: State<'_, AppState>) -> Option<Snapshot> {
    state.with(|s| Ok(s.snapshot())).ok()
}

/// Applies an edit, saves it, and returns what changed and the new findings.
#[tauri::command]
#[specta::specta]
pub fn apply_edit(state: State<'_, AppState>, edit: Edit) -> Result<Update, AppError> {
    state.with(|s| s.apply(edit))
}

#[tauri::command]
#[specta::specta]
pub fn undo(state: State<'_, AppState>) -> Result<Update, AppError> {
    state.with(Session::undo)
}

#[tauri::command]
#[specta::specta]
pub fn redo(state: State<'_, AppState>) -> Result<Update, AppError> {
    state.with(Session::redo)
}

/// Asks where (see `save_place`) and continues editing in a copy of the map there; `None`
/// when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_as(state: State<'_, AppState>) -> Result<Option<Snapshot>, AppError> {
    let Some(path) = state.ask_where("Save a copy as", "throughline").await? else {
        return Ok(None);
    };
    let snapshot = state.with(|s| {
        s.document_mut().save_as(&path)?;
        Ok(s.snapshot())
    })?;
    state.library.remember(&snapshot.path, &snapshot.map.name).ok();
    Ok(Some(snapshot))
}

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
            ExportFormat::Png => "png",
            ExportFormat::Svg => "svg",
            ExportFormat::Bpmn => "bpmn",
            ExportFormat::Mermaid => "mmd",
        }
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

/// Lays a CRM's stage history (a CSV, a Salesforce history export or XES, at `path`) over
/// the open map and keeps it with the map, replacing the one before; tells `progress` how far
/// reading has got. The log is read off the main thread: the window and edits go on.
#[tauri::command]
#[specta::specta]
pub async fn load_history(
    state: State<'_, AppState>,
    path: String,
    progress: Channel<HistoryProgress>,
) -> Result<Snapshot, AppError> {
    let map = state.with(|s| Ok(s.map().clone()))?;
    let read = tauri::async_runtime::spawn_blocking(move || {
        let path = Path::new(&path);
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut told = |p: throughline_flow::Progress| {
            // Progress is a courtesy: a window that went away does not stop the reading.
            let _ =
                progress.send(HistoryProgress { file: file.clone(), read: p.read, total: p.total });
        };
        let source = throughline_flow::Source::File(path);
        throughline_flow::history_from(
            &map,
            source,
            &throughline_flow::Columns::default(),
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
        Ok(s.replaced())
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

/// What the start screen shows.
#[derive(Debug, Serialize, Type)]
pub struct StartScreen {
    pub recent: Vec<RecentMap>,
    pub samples: Vec<Sample>,
    /// Why the file the app was started with could not be opened, shown once.
    pub problem: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn start_screen(state: State<'_, AppState>) -> StartScreen {
    StartScreen {
        recent: state.library.recent(),
        samples: library::samples(),
        problem: state.problem.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take(),
    }
}

/// Creates a new map in the maps folder, named `name`; it saves itself from the first edit.
#[tauri::command]
#[specta::specta]
pub fn new_map(state: State<'_, AppState>, name: String) -> Result<Snapshot, AppError> {
    state.create_in_library(&name, &Map::new(name.clone()))
}

/// Opens a copy of a bundled sample (the sample itself never changes).
#[tauri::command]
#[specta::specta]
pub fn open_sample(state: State<'_, AppState>, id: String) -> Result<Snapshot, AppError> {
    let text = library::sample_json(&id)
        .ok_or_else(|| AppError::CannotOpen { message: format!("no sample called {id:?}") })?;
    let map = json::from_str(text).map_err(|e| AppError::CannotOpen { message: e.to_string() })?;
    // A sample opens as a workshop would see it: with how its records really moved.
    let history = library::sample_history(&id)
        .map(|(name, bytes)| {
            let log = throughline_flow::Source::Bytes { name: &name, bytes };
            throughline_flow::history_from(
                &map,
                log,
                &throughline_flow::Columns::default(),
                &mut |_| {},
            )
        })
        .transpose()
        .map_err(|e| AppError::CannotOpen { message: e.to_string() })?;
    state.create_in_library(&map.name.clone(), &map)?;
    state.with(|s| s.set_history(history))
}

/// Opens a copy of the open map in the maps folder, to edit what cannot be edited here.
#[tauri::command]
#[specta::specta]
pub fn open_copy(state: State<'_, AppState>) -> Result<Snapshot, AppError> {
    let map = state.with(|s| Ok(s.map().clone()))?;
    state.create_in_library(&format!("{} (copy)", map.name), &map)
}

/// Closes the open map (every edit is already saved) and returns to the start screen.
#[tauri::command]
#[specta::specta]
pub fn close_map(state: State<'_, AppState>) {
    if let Some(session) = state.lock().take() {
        state.library.remember(&session.path(), &session.map().name).ok();
    }
}

/// Removes a map from the recent list; the file itself is left alone.
#[tauri::command]
#[specta::specta]
pub fn forget_recent(state: State<'_, AppState>, path: String) -> Result<(), AppError> {
    state.library.forget(&path).map_err(|e| AppError::Storage { message: e.to_string() })
}

/// A rule explained for the findings panel.
#[derive(Debug, Serialize, Type)]
pub struct RuleInfo {
    pub rule: Rule,
    pub title: String,
    pub fires_when: String,
    pub why: String,
    pub fix: String,
}

/// Every rule with its explanation.
#[tauri::command]
#[specta::specta]
pub fn rule_docs() -> Vec<RuleInfo> {
    Rule::ALL
        .iter()
        .map(|&rule| {
            let doc = rule.doc();
            RuleInfo {
                rule,
                title: doc.title.to_owned(),
                fires_when: doc.fires_when.to_owned(),
                why: doc.why.to_owned(),
                fix: doc.fix.to_owned(),
            }
        })
        .collect()
}
