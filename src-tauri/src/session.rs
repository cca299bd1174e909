//! One open map: its document, the undo and redo stacks, and what the UI needs after every
//! change. Undo applies the inverse the core returned; redo applies the inverse of that.

use serde::Serialize;
use specta::Type;
use throughline_core::analysis::Analysis;
use throughline_core::{Change, Edit, Map, analyze};
use throughline_store::Document;

use crate::error::AppError;
use crate::patch::MapPatch;

/// Everything the UI shows after a change: the map, its findings and summary, and what the
/// undo and redo buttons can do.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Snapshot {
    pub path: String,
    pub map: Map,
    pub analysis: Analysis,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// What the UI receives after an edit, undo or redo: the same as a snapshot, but the map as a
/// patch of what changed.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Update {
    pub path: String,
    pub patch: MapPatch,
    pub analysis: Analysis,
    pub can_undo: bool,
    pub can_redo: bool,
}

#[derive(Debug)]
pub struct Session {
    document: Document,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl Session {
    pub fn new(document: Document) -> Self {
        Session { document, undo: Vec::new(), redo: Vec::new() }
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn document_mut(&mut self) -> &mut Document {
        &mut self.document
    }

    pub fn map(&self) -> &Map {
        self.document.map()
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            path: self.document.path().display().to_string(),
            map: self.document.map().clone(),
            analysis: analyze(self.document.map()),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    fn update(&self, changes: &[Change]) -> Update {
        Update {
            path: self.document.path().display().to_string(),
            patch: MapPatch::new(self.document.map(), changes),
            analysis: analyze(self.document.map()),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    /// Applies and saves an edit; a new edit ends the redo history.
    pub fn apply(&mut self, edit: Edit) -> Result<Update, AppError> {
        let applied = self.document.apply(edit)?;
        self.undo.push(applied.inverse);
        self.redo.clear();
        Ok(self.update(&applied.changes))
    }

    pub fn undo(&mut self) -> Result<Update, AppError> {
        let Some(inverse) = self.undo.pop() else { return Ok(self.update(&[])) };
        let applied = self.document.apply(inverse)?;
        self.redo.push(applied.inverse);
        Ok(self.update(&applied.changes))
    }

    pub fn redo(&mut self) -> Result<Update, AppError> {
        let Some(edit) = self.redo.pop() else { return Ok(self.update(&[])) };
        let applied = self.document.apply(edit)?;
        self.undo.push(applied.inverse);
        Ok(self.update(&applied.changes))
    }

    /// Edits made before a wholesale change (restoring a version) cannot be undone one by one.
    pub fn forget_history(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
