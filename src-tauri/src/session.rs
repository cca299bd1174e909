//! One open map: its document, the undo and redo stacks, and what the UI needs after every
//! change. Undo applies the inverse the core returned; redo applies the inverse of that.

use serde::Serialize;
use specta::Type;
use throughline_core::analysis::{Analysis, WaivedFinding};
use throughline_core::{Change, Edit, Finding, Map, Summary, analyze_with, kept};
use throughline_crm::CrmConfig;
use throughline_crm::attach::Attached;
use throughline_history::History;
use throughline_store::{Document, StoreError};

use crate::error::AppError;
use crate::patch::{FindingPatch, MapPatch, findings_patch};

/// Everything the UI shows after a change: the map, its findings and summary, and what the
/// undo and redo buttons can do. `revision` counts the map's changes in this session: the
/// updates that follow carry the next numbers.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Snapshot {
    pub revision: u32,
    pub path: String,
    /// Why edits are refused, when they are: the map is open for editing elsewhere, or
    /// another program changed the file.
    pub read_only: Option<String>,
    pub map: Map,
    pub analysis: Analysis,
    /// The CRM's stage history laid over the map, when one is loaded.
    pub history: Option<History>,
    /// The CRM's configuration held against the map, when one is attached.
    pub crm: Option<Attached>,
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
    pub read_only: Option<String>,
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
    /// Why the map cannot be edited, once it cannot.
    read_only: Option<String>,
    /// The stage history kept with the map (read once; written through the document).
    history: Option<History>,
    /// The CRM configuration kept with the map (likewise).
    crm: Option<Attached>,
}

impl Session {
    pub fn new(document: Document) -> Self {
        // A history that cannot be read is left out: the map itself opens all the same.
        let history = document.history().ok().flatten();
        let crm = document.crm().ok().flatten();
        Session {
            document,
            undo: Vec::new(),
            redo: Vec::new(),
            sent: Vec::new(),
            revision: 0,
            read_only: None,
            history,
            crm,
        }
    }

    /// A session on a map that cannot be edited here, saying why.
    pub fn read_only(document: Document, reason: String) -> Self {
        Session { read_only: Some(reason), ..Session::new(document) }
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

    /// The map's analysis, with the findings of the rules on reality when a stage history is
    /// loaded (settled against the map as it is now: its waivers, its severities).
    fn analysis(&self) -> Analysis {
        let crm = self.crm.as_ref().map(|attached| &attached.config);
        analyze_with(self.document.map(), [kept(self.history.as_ref()), kept(crm)])
    }

    /// The whole map and its analysis, which the updates that follow are patched against.
    pub fn snapshot(&mut self) -> Snapshot {
        let analysis = self.analysis();
        self.sent.clone_from(&analysis.findings);
        Snapshot {
            revision: self.revision,
            path: self.path(),
            read_only: self.read_only.clone(),
            map: self.document.map().clone(),
            analysis,
            history: self.history.clone(),
            crm: self.crm.clone(),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    /// Keeps `history` with the map (or removes it) and shows the map again with it, as a new
    /// revision; the edits before stay undoable.
    pub fn set_history(&mut self, history: Option<History>) -> Result<Snapshot, AppError> {
        self.write(|d| d.set_history(history.as_ref()))?;
        self.history = history;
        self.revision += 1;
        Ok(self.snapshot())
    }

    /// Keeps `config` with the map as its CRM configuration (or removes it) and shows the map
    /// again with its drift, as a new revision; the edits before stay undoable.
    pub fn set_crm(&mut self, config: Option<&CrmConfig>) -> Result<Snapshot, AppError> {
        self.crm = self.write(|d| d.set_crm(config))?;
        self.revision += 1;
        Ok(self.snapshot())
    }

    /// The CRM configuration attached to the map.
    pub fn crm(&self) -> Option<&Attached> {
        self.crm.as_ref()
    }

    fn update(&mut self, changes: &[Change]) -> Update {
        let Analysis { findings, waived, summary } = self.analysis();
        self.revision += 1;
        let update = Update {
            revision: self.revision,
            path: self.path(),
            read_only: self.read_only.clone(),
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
        let applied = self.write(|d| d.apply(edit))?;
        self.undo.push(applied.inverse);
        self.redo.clear();
        Ok(self.update(&applied.changes))
    }

    pub fn undo(&mut self) -> Result<Update, AppError> {
        let Some(inverse) = self.undo.last().cloned() else { return Ok(self.update(&[])) };
        let applied = self.write(|d| d.apply(inverse))?;
        self.undo.pop();
        self.redo.push(applied.inverse);
        Ok(self.update(&applied.changes))
    }

    pub fn redo(&mut self) -> Result<Update, AppError> {
        let Some(edit) = self.redo.last().cloned() else { return Ok(self.update(&[])) };
        let applied = self.write(|d| d.apply(edit))?;
        self.redo.pop();
        self.undo.push(applied.inverse);
        Ok(self.update(&applied.changes))
    }

    /// Runs a write on the document; when it finds the file changed by another program the
    /// session turns read-only and says so from then on.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&mut Document) -> Result<T, StoreError>,
    ) -> Result<T, AppError> {
        work(&mut self.document).map_err(|e| {
            if let StoreError::ChangedElsewhere { .. } = e {
                self.read_only = Some(e.to_string());
            }
            AppError::from(e)
        })
    }

    /// After a wholesale change (restoring a version): the edits before it cannot be undone
    /// one by one, and the UI needs the whole map again, as a new revision.
    pub fn replaced(&mut self) -> Snapshot {
        self.undo.clear();
        self.redo.clear();
        self.revision += 1;
        // A restored version brings back the stage history it had.
        self.history = self.document.history().ok().flatten();
        self.snapshot()
    }
}
