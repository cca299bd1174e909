//! One open map: its document, the undo and redo stacks, and what the UI needs after every
//! change. Undo applies the inverse the core returned; redo applies the inverse of that.

use serde::Serialize;
use specta::Type;
use throughline_core::analysis::{Analysis, WaivedFinding};
use throughline_core::{Change, Edit, Finding, Map, Summary, analyze};
use throughline_store::Document;

use crate::error::AppError;
use crate::patch::{FindingPatch, MapPatch, findings_patch};

/// Everything the UI shows after a change: the map, its findings and summary, and what the
/// undo and redo buttons can do. `revision` counts the map's changes in this session: the
/// updates that follow carry the next numbers.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Snapshot {
    pub revision: u32,
    pub path: String,
    pub map: Map,
    pub analysis: Analysis,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// What the UI receives after an edit, undo or redo: the same as a snapshot, but the map and
/// the findings as patches against the snapshot or update of the revision before this one.
/// The UI applies only that next revision; on a gap it asks for a whole snapshot again.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Update {
    pub revision: u32,
    pub path: String,
    pub patch: MapPatch,
    pub findings: Vec<FindingPatch>,
    pub waived: Vec<WaivedFinding>,
    pub summary: Summary,
    pub can_undo: bool,
    pub can_redo: bool,
}

#[derive(Debug)]
pub struct Session {
    document: Document,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// The findings the UI was last sent, which the next update's are patched against.
    sent: Vec<Finding>,
    /// The number of the last snapshot or update sent.
    revision: u32,
}

impl Session {
    pub fn new(document: Document) -> Self {
        Session { document, undo: Vec::new(), redo: Vec::new(), sent: Vec::new(), revision: 0 }
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

    /// The file, as the UI and the recent list show it.
    pub fn path(&self) -> String {
        self.document.path().display().to_string()
    }

    /// The whole map and its analysis, which the updates that follow are patched against.
    pub fn snapshot(&mut self) -> Snapshot {
        let analysis = analyze(self.document.map());
        self.sent.clone_from(&analysis.findings);
        Snapshot {
            revision: self.revision,
            path: self.path(),
            map: self.document.map().clone(),
            analysis,
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    fn update(&mut self, changes: &[Change]) -> Update {
        let Analysis { findings, waived, summary } = analyze(self.document.map());
        self.revision += 1;
        let update = Update {
            revision: self.revision,
            path: self.path(),
            patch: MapPatch::new(self.document.map(), changes),
            findings: findings_patch(&self.sent, &findings),
            waived,
            summary,
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        };
        self.sent = findings;
        update
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

    /// After a wholesale change (restoring a version): the edits before it cannot be undone
    /// one by one, and the UI needs the whole map again, as a new revision.
    pub fn replaced(&mut self) -> Snapshot {
        self.undo.clear();
        self.redo.clear();
        self.revision += 1;
        self.snapshot()
    }
}
