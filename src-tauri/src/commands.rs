//! The commands the UI calls. Each locks the state, calls the core and the store, and maps
//! errors once; none of them holds logic of its own.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use specta::Type;
use tauri::State;
use throughline_core::compare::Comparison;
use throughline_core::{Edit, FileKind, Map, Rule, json};
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
    pub(crate) last_export: Mutex<Option<PathBuf>>,
    /// Starts sync connections; set once the app is up (a connection needs its handle).
    connect: std::sync::OnceLock<crate::sharing::Connect>,
    /// Numbers each connection, so that what an old one says is told apart.
    connections: std::sync::atomic::AtomicU64,
    /// A shared map opened before the app was up (the file it was started with) joins its
    /// server once it is.
    pending_share: Mutex<Option<(throughline_sync::Link, String)>>,
}

impl AppState {
    pub fn new(library: Library) -> Self {
        AppState {
            session: Mutex::new(None),
            library,
            problem: Mutex::new(None),
            save_place: std::sync::OnceLock::new(),
            last_export: Mutex::new(None),
            connect: std::sync::OnceLock::new(),
            connections: std::sync::atomic::AtomicU64::new(0),
            pending_share: Mutex::new(None),
        }
    }

    /// Sets how sync connections are started (once; later calls change nothing), and joins
    /// the server of a shared map opened before.
    pub fn set_connector(&self, connect: crate::sharing::Connect) {
        let _ = self.connect.set(connect);
        let pending = self.pending_share.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some((link, name)) = pending {
            let _ = self.with(|s| self.connect(s, link, name, None));
        }
    }

    pub(crate) fn library(&self) -> &Library {
        &self.library
    }

    /// Connects `session` to the server `link` names, sharing as `name`.
    pub(crate) fn connect(
        &self,
        session: &mut Session,
        link: throughline_sync::Link,
        name: String,
        links: Option<crate::sharing::SharedLinks>,
    ) -> Result<(), AppError> {
        let Some(connect) = self.connect.get() else {
            *self.pending_share.lock().unwrap_or_else(PoisonError::into_inner) = Some((link, name));
            return Ok(());
        };
        let client = session.document().shared_client_id().ok_or_else(|| AppError::ReadOnly {
            message: "a map open read-only cannot be shared from here; open a copy".into(),
        })?;
        let generation = self.connections.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let state = crate::sharing::SyncState {
            connection: crate::sharing::ConnectionState::Connecting { waiting: 0 },
            people: Vec::new(),
            links,
            problem: None,
        };
        let me = crate::sharing::Me { name, ..Default::default() };
        session.start_sharing(crate::sharing::Sharing {
            connection: connect.open(link, client, generation),
            generation,
            state,
            me,
        });
        Ok(())
    }

    /// Runs `f` on the open map if `generation` is still its connection.
    pub(crate) fn with_sharing<T>(
        &self,
        generation: u64,
        f: impl FnOnce(&mut Session) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.with(|s| match s.sharing() {
            Some(sharing) if sharing.generation == generation => f(s),
            _ => Err(AppError::NoMap),
        })
    }

    /// Sets where saved files go (once; later calls change nothing).
    pub fn set_save_place(&self, place: SavePlace) {
        let _ = self.save_place.set(place);
    }

    /// Asks where to save something made from the open map (named after it, beside it);
    /// `None` when the user cancels. The open map's own file, and what is not a regular file,
    /// are refused: an export never writes over its input or a device.
    pub(crate) async fn ask_where(
        &self,
        title: &'static str,
        extension: &'static str,
    ) -> Result<Option<PathBuf>, AppError> {
        let (request, map_file) = self.with(|s| {
            let file = s.document().path().to_path_buf();
            Ok((SaveRequest::beside(&file, title, extension), file))
        })?;
        let Some(path) = self.save_place().ask(request).await else { return Ok(None) };
        throughline_store::check_output(&path, &[&map_file])
            .map_err(|e| AppError::Storage { message: e.to_string() })?;
        Ok(Some(path))
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
    pub(crate) fn replace(&self, mut session: Session) -> Snapshot {
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
        if FileKind::of(path) == Some(FileKind::Bpmn) {
            let cannot = |e: &dyn std::fmt::Display| AppError::CannotOpen {
                message: format!("{}: {e}", path.display()),
            };
            let text = throughline_files::read_text(path, throughline_files::limits::BPMN)
                .map_err(|e| cannot(&e))?;
            let (map, notes) = throughline_bpmn::from_bpmn_noting(&text).map_err(|e| cannot(&e))?;
            let document = Document::create(free_path(&path.with_extension("throughline")), &map)?;
            let file = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into());
            let left_out = notes.into_iter().map(|n| format!("{file}: {n}")).collect();
            return Ok(Snapshot { left_out, ..self.replace(Session::new(document)) });
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
        let shared = document.sharing_link().ok().flatten();
        let snapshot = self.replace(Session::new(document));
        // A map shared before joins its server again (once it is the open map, which is what
        // the connection feeds).
        match shared.map(|link| throughline_sync::Link::parse(&link)) {
            Some(Ok(link)) => self.with(|s| {
                self.connect(s, link, self.library.my_name(), None)?;
                Ok(s.snapshot())
            }),
            _ => Ok(snapshot),
        }
    }

    /// Opens what the desktop hands the app: a file, a `file://` URI, or a shared map's
    /// `throughline://` link (joined into a new file).
    pub fn open_target(&self, target: &str) -> Result<Snapshot, AppError> {
        if target.starts_with("throughline://") {
            return self.join(target, self.library.my_name());
        }
        match target.strip_prefix("file://") {
            Some(uri) => self.open(&PathBuf::from(percent_decoded(uri))),
            None => self.open(Path::new(target)),
        }
    }

    /// Opens the file the app was started with; a failure waits for the start screen.
    pub fn open_at_launch(&self, path: &Path) {
        if let Err(e) = self.open_target(&path.to_string_lossy()) {
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
    state.open_target(&path)
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

/// The edit that arranges the open map compactly for a window `width` × `height` (canvas
/// units), to apply as one step; `None` when it is arranged so already.
#[tauri::command]
#[specta::specta]
pub fn arrangement(
    state: State<'_, AppState>,
    width: f64,
    height: f64,
) -> Result<Option<Edit>, AppError> {
    state.with(|s| Ok(throughline_core::arrange::arrange_edit(s.map(), width, height)))
}

/// `edit` with the moves that keep the open map arranged for a window `width` × `height`
/// after it, when it is arranged so now; else `edit` alone. To apply as one step.
#[tauri::command]
#[specta::specta]
pub fn keeping_arranged(
    state: State<'_, AppState>,
    edit: Edit,
    width: f64,
    height: f64,
) -> Result<Edit, AppError> {
    state.with(|s| Ok(throughline_core::arrange::keeping_arranged(s.map(), edit, width, height)))
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

#[tauri::command]
#[specta::specta]
pub fn save_version(state: State<'_, AppState>, name: String) -> Result<Version, AppError> {
    state.with(|s| Ok(s.document_mut().save_version(&name)?))
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
            let log = throughline_history::Source::Bytes { name: &name, bytes };
            throughline_history::history_from(
                &map,
                log,
                &throughline_history::Columns::default(),
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

/// A `file://` URI's path with its `%XX` escapes decoded (what a file manager passes for `%u`).
fn percent_decoded(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) =
                (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bpmn_model_opened_says_once_what_it_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(Library::new(dir.path().into(), dir.path().join("maps")));
        let model = dir.path().join("model.bpmn");
        std::fs::write(
            &model,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <process id="p" name="Sales">
    <task id="a" name="Qualify"/><task id="b" name="Propose"/>
    <sequenceFlow id="f1" sourceRef="a" targetRef="b"/>
    <sequenceFlow id="f2" sourceRef="b" targetRef="missing"/>
  </process>
</definitions>"#,
        )
        .unwrap();
        let opened = state.open(&model).unwrap();
        assert_eq!(
            opened.left_out,
            [
                "model.bpmn: flow \"f2\" ends at \"missing\", which the model does not have: left out"
            ]
        );
        assert_eq!(opened.map.stages.len(), 2);
        // Said once: the map as it is now says nothing more.
        assert!(state.with(|s| Ok(s.snapshot())).unwrap().left_out.is_empty());
    }
}
