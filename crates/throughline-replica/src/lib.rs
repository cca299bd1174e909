//! A map as a replicated document, so that copies edited apart — on two laptops, offline, or
//! live through a sync server — join into one without losing an edit.
//!
//! The document is a Yjs document (through `yrs`), chosen over Automerge and Loro because the
//! servers teams already run to share documents (Hocuspocus, y-websocket, y-sweet) speak Yjs,
//! and because Yjs clients exist for every language a script or integration is written in. Its
//! layout is in `layout` and `docs/sharing.md`.
//!
//! Edits keep their one path: core applies an `Edit` to the map and says what changed; the
//! `Replica` writes exactly that into the document as one transaction (`record`), whose update
//! is what is saved and sent. What arrives from elsewhere (`receive`) changes the document; the
//! map shown is then its projection (`project`), the same on every replica, with the conflicts
//! it resolved.

mod conflict;
mod layout;
mod order;
mod project;
mod record;
mod roots;
mod same_field;
mod values;
mod writes;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use throughline_core::edit::Change;
use throughline_core::model::Map;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

pub use conflict::{Conflict, ConflictKind};
pub use project::{Projection, UNNAMED};

use record::By;
use roots::Roots;

/// One replica of a map's document, writing as one person.
#[derive(Debug)]
pub struct Replica {
    doc: Doc,
    roots: Roots,
    by: By,
}

/// Why bytes from a file or a peer were not taken into the document. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplicaError {
    #[error("the shared document's data cannot be read: {reason}")]
    Unreadable { reason: String },
}

impl Replica {
    /// An empty document, written by `author` (a display name; `None` for nobody in
    /// particular). Every replica gets a client id of its own, as Yjs requires.
    pub fn new(author: Option<&str>) -> Replica {
        Replica::with_client(fresh_client_id(), author)
    }

    fn with_client(client_id: u64, author: Option<&str>) -> Replica {
        let doc = Doc::with_client_id(client_id);
        let roots = Roots::of(&doc);
        Replica { doc, roots, by: By(author.map(Arc::from)) }
    }

    /// The document of a map that has none yet (a new map, or a file from before documents).
    /// The same map gives the same document on every machine, so two copies of one old file
    /// converted apart merge without duplicates; later edits are written under a fresh id.
    pub fn of_map(map: &Map, author: Option<&str>) -> Replica {
        let converted = Replica::with_client(content_client_id(map), None);
        {
            let mut txn = converted.doc.transact_mut();
            record::whole(&mut txn, &converted.roots, map, &By(None));
        }
        let mut replica = Replica::new(author);
        replica.receive(&converted.state()).expect("a document just written is readable");
        replica
    }

    /// A replica of a saved document (`state`, as `state` returns it), writing as `author`.
    pub fn load(state: &[u8], author: Option<&str>) -> Result<Replica, ReplicaError> {
        let mut replica = Replica::new(author);
        replica.receive(state)?;
        Ok(replica)
    }

    /// Whose name goes with the edits written from now on.
    pub fn set_author(&mut self, author: Option<&str>) {
        self.by = By(author.map(Arc::from));
    }

    /// Whose name goes with this replica's edits.
    pub fn author(&self) -> Option<&str> {
        self.by.0.as_deref()
    }

    /// Writes an applied edit as one transaction: `changes` as core reported them, the
    /// entities' state taken from `map` (the map after the edit). Returns the update to save
    /// and send; `None` when the document already held all of it.
    pub fn record(&mut self, map: &Map, changes: &[Change]) -> Option<Vec<u8>> {
        let mut txn = self.doc.transact_mut();
        record::changes(&mut txn, &self.roots, map, changes, &self.by);
        encoded(&txn)
    }

    /// Writes every difference between `map` and the document as one transaction (a map
    /// edited elsewhere, as JSON, written back); `None` when there is none.
    pub fn record_map(&mut self, map: &Map) -> Option<Vec<u8>> {
        let mut txn = self.doc.transact_mut();
        record::whole(&mut txn, &self.roots, map, &self.by);
        encoded(&txn)
    }

    /// Takes in an update from a peer or a file: a whole document's state or one edit's
    /// update, in any order, any number of times. Bytes that are not an update are refused and
    /// change nothing. Should yrs fail inside an update that decodes (a hostile one), the error
    /// says so and this replica must not be used further: read it again from where it was kept
    /// (the store does).
    pub fn receive(&mut self, update: &[u8]) -> Result<(), ReplicaError> {
        let unreadable = |reason: String| ReplicaError::Unreadable { reason };
        let decoded = Update::decode_v1(update).map_err(|e| unreadable(e.to_string()))?;
        let applied =
            catch_unwind(AssertUnwindSafe(|| self.doc.transact_mut().apply_update(decoded)));
        match applied {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(unreadable(e.to_string())),
            Err(_) => Err(unreadable("it does not fit the document".to_owned())),
        }
    }

    /// Takes in a colleague's update like `receive`, and says which fields it changed that
    /// this replica had changed too without the colleague having seen it: one value is kept
    /// (the same on every replica), the other set aside.
    pub fn receive_noting(&mut self, update: &[u8]) -> Result<Vec<Conflict>, ReplicaError> {
        let apart = same_field::written_apart_live(self, update);
        self.receive(update)?;
        Ok(same_field::resolved(apart, self))
    }

    /// Joins another copy of the map (its whole document, as `state` gives it) into this one:
    /// every edit of both is kept. Returns the fields both copies changed apart, where one
    /// value was kept (the same one on every replica) and the other set aside; the map's other
    /// conflicts are in its projection.
    pub fn merge(&mut self, other: &[u8]) -> Result<Vec<Conflict>, ReplicaError> {
        let theirs = Replica::load(other, None)?;
        let apart = same_field::written_apart(self, &theirs);
        // Only what this copy lacks: the rest it has already.
        self.receive(&theirs.missing_from(&self.state_vector())?)?;
        Ok(same_field::resolved(apart, self))
    }

    /// The map the document shows, and the conflicts resolved to show it.
    pub fn project(&self) -> Projection {
        project::project(&self.doc.transact(), &self.roots)
    }

    /// The whole document, as one update.
    pub fn state(&self) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(&StateVector::default())
    }

    /// What this replica has seen: send it to a peer to learn what it is missing.
    pub fn state_vector(&self) -> Vec<u8> {
        self.doc.transact().state_vector().encode_v1()
    }

    /// What a peer that has seen `state_vector` is missing.
    pub fn missing_from(&self, state_vector: &[u8]) -> Result<Vec<u8>, ReplicaError> {
        let sv = StateVector::decode_v1(state_vector)
            .map_err(|e| ReplicaError::Unreadable { reason: e.to_string() })?;
        Ok(self.doc.transact().encode_state_as_update_v1(&sv))
    }

    /// This replica's Yjs client id.
    pub fn client_id(&self) -> u64 {
        self.doc.client_id().get()
    }
}

/// The transaction's update; `None` when it changed nothing.
fn encoded(txn: &yrs::TransactionMut) -> Option<Vec<u8>> {
    let changed = txn.before_state() != txn.after_state() || !txn.delete_set().is_empty();
    changed.then(|| txn.encode_update_v1())
}

/// A random client id within what JavaScript clients can hold exactly (Yjs uses 32 bits).
fn fresh_client_id() -> u64 {
    u64::from(fastrand::u32(1..))
}

/// A client id that is a function of the map alone (FNV-1a of its JSON), for conversions.
fn content_client_id(map: &Map) -> u64 {
    let json = throughline_core::json::to_string(map);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in json.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash & u64::from(u32::MAX)).max(1)
}
