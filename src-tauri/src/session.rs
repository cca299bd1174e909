//! One open map: its document, the undo and redo stacks, its sharing, and what the UI needs
//! after every change. Undo applies the inverse the core returned; redo applies the inverse of
//! that. Undo is personal (`personal_undo`): it never writes over a colleague's later change.

use serde::Serialize;
use specta::Type;
use throughline_core::analysis::{Analysis, WaivedFinding};
use throughline_core::{Change, Edit, Finding, Map, Summary, analyze_with, kept};
use throughline_crm::CrmConfig;
use throughline_crm::attach::Attached;
use throughline_history::History;
use throughline_replica::Conflict;
use throughline_store::{Document, StoreError};

use crate::error::AppError;
use crate::patch::{FindingPatch, MapPatch, findings_patch};
use crate::personal_undo::Undoable;
use crate::sharing::{ConnectionState, Participant, Sharing, SyncState};

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
    /// What edits made apart left to resolve (see docs/sharing.md).
    pub conflicts: Vec<Conflict>,
    pub sync: SyncState,
    /// What the file just imported (a BPMN model, a CRM's configuration) held that the map
    /// leaves out or had to repair, each with its file: said once, after the import.
    pub left_out: Vec<String>,
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
    pub conflicts: Vec<Conflict>,
}

/// Why a map joined with a viewer link cannot be edited (the server refuses a viewer's edits).
pub const VIEWER: &str =
    "You joined this map with a viewer link: you can follow every change, but not make any.";

#[derive(Debug)]
pub struct Session {
    document: Document,
    undo: Vec<Undoable>,
    redo: Vec<Undoable>,
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
    sharing: Option<Sharing>,
    conflicts: Vec<Conflict>,
    /// What this person's last edit changed, for its update.
    last_changes: Vec<Change>,
    /// Fields changed in both copies, met this session (merged or live).
    changed_in_both: Vec<Conflict>,
}

impl Session {
    pub fn new(document: Document) -> Self {
        // A history that cannot be read is left out: the map itself opens all the same.
        let history = document.history().ok().flatten();
        let crm = document.crm().ok().flatten();
        let conflicts = document.conflicts();
        Session {
            document,
            undo: Vec::new(),
            redo: Vec::new(),
            sent: Vec::new(),
            revision: 0,
            read_only: None,
            history,
            crm,
            conflicts,
            sharing: None,
            last_changes: Vec::new(),
            changed_in_both: Vec::new(),
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
            conflicts: self.conflicts.clone(),
            sync: self.sync_state(),
            left_out: Vec::new(),
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
            conflicts: self.conflicts.clone(),
        };
        self.sent = findings;
        update
    }

    /// Applies and saves an edit, and sends it to colleagues when the map is shared; a new
    /// edit ends the redo history.
    pub fn apply(&mut self, edit: Edit) -> Result<Update, AppError> {
        let inverse = self.apply_own(edit)?;
        self.undo.push(inverse);
        self.redo.clear();
        Ok(self.update_after_own())
    }

    pub fn undo(&mut self) -> Result<Update, AppError> {
        let Some(entry) = self.undo.pop() else { return Ok(self.update(&[])) };
        let edit = entry.rebased(self.map()).map_err(|_| over_colleague())?;
        let redo = self.apply_own(edit).inspect_err(|_| self.undo.push(entry))?;
        self.redo.push(redo);
        Ok(self.update_after_own())
    }

    pub fn redo(&mut self) -> Result<Update, AppError> {
        let Some(entry) = self.redo.pop() else { return Ok(self.update(&[])) };
        let edit = entry.rebased(self.map()).map_err(|_| over_colleague())?;
        let undo = self.apply_own(edit).inspect_err(|_| self.redo.push(entry))?;
        self.undo.push(undo);
        Ok(self.update_after_own())
    }

    /// Applies one of this person's edits (new, undone or redone): saved, sent when shared.
    /// Returns its inverse with what it left, and keeps its changes for the update.
    fn apply_own(&mut self, edit: Edit) -> Result<Undoable, AppError> {
        if let Some(reason) = &self.read_only {
            return Err(AppError::ReadOnly { message: reason.clone() });
        }
        let (applied, update) = self.write(|d| d.apply_sending(edit))?;
        if let (Some(update), Some(sharing)) = (update, &self.sharing) {
            sharing.connection.send(update);
        }
        // A conflict can only be resolved by an edit; with none, there is none to look for.
        if !self.conflicts.is_empty() {
            let now = self.document.conflicts();
            self.conflicts = self.with_changed_in_both(now);
        }
        let undoable = Undoable::new(applied.inverse, &applied.changes, self.map());
        self.last_changes = applied.changes;
        Ok(undoable)
    }

    fn update_after_own(&mut self) -> Update {
        let changes = std::mem::take(&mut self.last_changes);
        self.update(&changes)
    }

    /// Takes in an update from a colleague; `None` when it changed nothing to show.
    pub fn receive(&mut self, update: &[u8]) -> Result<Option<Update>, AppError> {
        let joined = self.write(|d| d.receive(update))?;
        let conflicts = self.with_changed_in_both(joined.conflicts);
        if joined.changes.is_empty() && conflicts == self.conflicts {
            return Ok(None);
        }
        self.conflicts = conflicts;
        Ok(Some(self.update(&joined.changes)))
    }

    /// The fields changed in both copies stay listed for the session (each is an event, not
    /// a state of the document), before the map's conflicts as they are now.
    fn with_changed_in_both(&mut self, mut found: Vec<Conflict>) -> Vec<Conflict> {
        let (mut both, rest): (Vec<Conflict>, Vec<Conflict>) =
            found.drain(..).partition(|c| c.kind == throughline_replica::ConflictKind::SameField);
        for c in both.drain(..) {
            if !self.changed_in_both.contains(&c) {
                self.changed_in_both.push(c);
            }
        }
        self.changed_in_both.iter().cloned().chain(rest).collect()
    }

    /// Merges another copy of the map: every edit of both kept. Returns the whole map again,
    /// with the conflicts the merge listed.
    pub fn merge(&mut self, other: &[u8]) -> Result<Snapshot, AppError> {
        let joined = self.write(|d| d.merge(other))?;
        if let Some(sharing) = &self.sharing {
            // What the other copy brought goes to everyone on the map.
            sharing.connection.send(other.to_vec());
        }
        self.conflicts = self.with_changed_in_both(joined.conflicts);
        self.revision += 1;
        Ok(self.snapshot())
    }

    /// Starts sharing this map's edits over `connection`.
    pub fn start_sharing(&mut self, sharing: Sharing) {
        sharing.connection.set_presence(sharing.me.presence());
        self.document.set_author(Some(&sharing.me.name));
        self.sharing = Some(sharing);
    }

    /// Stops sharing from here (the connection closes; the others see this person leave).
    pub fn stop_sharing(&mut self) {
        self.sharing = None;
    }

    pub fn sharing(&self) -> Option<&Sharing> {
        self.sharing.as_ref()
    }

    /// The sharing's state, as the UI shows it.
    pub fn sync_state(&self) -> SyncState {
        self.sharing.as_ref().map_or_else(SyncState::not_shared, |s| s.state.clone())
    }

    pub fn set_connection(&mut self, connection: ConnectionState) -> SyncState {
        if let ConnectionState::Connected { read_only: true, .. } = connection {
            self.read_only = Some(VIEWER.to_owned());
        }
        if let Some(sharing) = &mut self.sharing {
            sharing.state.connection = connection;
        }
        self.sync_state()
    }

    pub fn set_people(&mut self, people: Vec<Participant>) -> SyncState {
        if let Some(sharing) = &mut self.sharing {
            sharing.state.people = people;
        }
        self.sync_state()
    }

    /// Something from the server that was not taken in: said with the sharing's state.
    pub fn sharing_problem(&mut self, problem: &str) {
        if let Some(sharing) = &mut self.sharing {
            sharing.state.problem = Some(problem.to_owned());
        }
    }

    /// What this person shares: their selection and the slide they present.
    pub fn set_presence(
        &mut self,
        selection: Vec<String>,
        presenting: Option<u32>,
        walk: Option<String>,
    ) {
        if let Some(sharing) = &mut self.sharing {
            sharing.me.selection = selection;
            sharing.me.presenting = presenting;
            sharing.me.walk = walk;
            sharing.connection.set_presence(sharing.me.presence());
        }
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

/// An undo (or redo) would write over a colleague's later change: it is dropped, and the
/// person told; the next one goes on.
fn over_colleague() -> AppError {
    AppError::InvalidEdit {
        message: "Not undone: a colleague changed this since your edit, and their change stays. \
                  Press again for your edit before it."
            .to_owned(),
        at: String::new(),
    }
}
