//! What applying an edit gives: its inverse and what it changed, or why it was refused.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::Edit;
use crate::model::EntityKind;
use crate::validate::{Invalid, Problem};

/// Which part of a map an edit touched. Entity changes name an id: the entity was added,
/// changed or removed, and the map now holds its current state (or nothing).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Change {
    Map,
    Team(String),
    Person(String),
    Stage(String),
    Transition(String),
    Term(String),
    Waivers,
    Severities,
    /// The order of a whole list changed.
    Order(EntityKind),
}

/// The result of applying an edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Applied {
    /// Applying this undoes the edit.
    pub inverse: Edit,
    pub changes: Vec<Change>,
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize, Type)]
#[error("{invalid}")]
pub struct EditError {
    /// Where in the edited entity the problem is, when it is inside one.
    pub path: String,
    pub invalid: Invalid,
}

impl From<Problem> for EditError {
    fn from(p: Problem) -> Self {
        EditError { path: p.path, invalid: p.invalid }
    }
}

impl From<Invalid> for EditError {
    fn from(invalid: Invalid) -> Self {
        EditError { path: String::new(), invalid }
    }
}
