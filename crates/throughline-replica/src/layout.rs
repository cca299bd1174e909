//! Where each part of a map lives in the document. `docs/sharing.md` documents the same layout
//! for other Yjs clients; change both together.
//!
//! - `map`: the map's own fields (`name`, `description`).
//! - `teams`, `people`, `stages`, `transitions`, `terms`, `waivers`: one Y.Map per collection,
//!   keyed by the entity's id (a waiver by its rule and subject), each entity a Y.Map of its
//!   fields named as in the `throughline/1` JSON, so two people changing different fields of one
//!   stage both win and the same field is last-writer-wins.
//! - Beside its fields each entity has `order` (a number: the list is sorted by order, then id),
//!   `removed` (a removal is a mark, so the data stays and undoing the removal brings it back)
//!   and `by` (who last changed it, for the conflicts panel).
//! - A term's `definitions` is a Y.Map of team id to `{text, criteria}`, so two teams defining
//!   one term at once both win.
//! - `severities`: rule to severity (`null` for the rule's default).

use throughline_core::model::EntityKind;

pub const MAP: &str = "map";
pub const SEVERITIES: &str = "severities";
pub const WAIVERS: &str = "waivers";

pub const ORDER: &str = "order";
pub const REMOVED: &str = "removed";
pub const BY: &str = "by";
pub const DEFINITIONS: &str = "definitions";

/// The keys every entity has beside its own fields.
pub const BOOKKEEPING: [&str; 3] = [ORDER, REMOVED, BY];

/// The collection holding entities of a kind.
pub fn collection(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Team => "teams",
        EntityKind::Person => "people",
        EntityKind::Stage => "stages",
        EntityKind::Transition => "transitions",
        EntityKind::Term => "terms",
    }
}

/// The key of a waiver: rule names have no `:`, so the rule and subject cannot run together.
pub fn waiver_key(rule: &str, subject: Option<&str>) -> String {
    match subject {
        Some(subject) => format!("{rule}:{subject}"),
        None => rule.to_owned(),
    }
}
