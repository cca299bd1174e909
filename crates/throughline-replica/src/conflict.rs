//! What the projection had to resolve: edits that met, made apart, and left the map in a state
//! no single person made. Each is resolved by a rule in `docs/sharing.md`; nothing is deleted
//! from the document, so undoing either edit brings everything back.

use serde::Serialize;
use specta::Type;

/// One conflict, with who did what and how it was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The id of the entity the resolution hides or changes.
    pub subject: String,
    /// The conflict in words ("Ana removed the stage \"Demo\" while Ben connected …").
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// A transition from or to a removed stage, or from a stage to itself: hidden.
    HiddenTransition,
    /// A removed lane that still has stages or people: kept.
    KeptLane,
    /// A removed person in an owner list: left out of it.
    DroppedOwner,
    /// A stage bound to a removed term: unbound.
    UnboundTerm,
    /// A team's definition of a term, the team removed: hidden.
    HiddenDefinition,
    /// A waiver for something removed: hidden.
    HiddenWaiver,
    /// A value another client wrote that this version cannot read: left out.
    UnreadableValue,
    /// An entity another client wrote without what it needs (a name, a lane): left out.
    UnreadableEntity,
    /// The same field changed in two copies: one value kept, the same on every replica.
    SameField,
}

/// Who did something, in a sentence: their name, or "someone" for a client that gave none.
pub fn who(by: Option<&str>) -> &str {
    by.filter(|b| !b.trim().is_empty()).unwrap_or("someone")
}
