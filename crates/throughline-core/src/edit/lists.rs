//! Finding, inserting and naming the entities of a map's lists, for the edits.

use super::{Change, EditError, EntityKind, Invalid, Map, Rule, validate};

pub(super) fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "person") => format!("{n} people"),
        _ => format!("{n} {noun}s"),
    }
}

pub(super) fn waiver_position(map: &Map, rule: Rule, subject: Option<&str>) -> Option<usize> {
    map.waivers.iter().position(|w| w.rule == rule && w.subject.as_deref() == subject)
}

pub(super) fn bad(message: impl Into<String>) -> EditError {
    Invalid::BadValue { message: message.into() }.into()
}

pub(super) fn unique(exists: bool, kind: EntityKind, id: &str) -> Result<(), EditError> {
    if exists {
        return Err(Invalid::DuplicateId { kind, id: id.to_owned() }.into());
    }
    validate::check_id("id", id)?;
    Ok(())
}

fn missing(kind: EntityKind, id: &str) -> EditError {
    Invalid::UnknownReference { kind, id: id.to_owned() }.into()
}

pub(super) fn position_of<T>(
    items: &[T],
    kind: EntityKind,
    id: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<usize, EditError> {
    items.iter().position(|x| id_of(x) == id).ok_or_else(|| missing(kind, id))
}

pub(super) fn get<'a, T>(
    items: &'a [T],
    kind: EntityKind,
    id: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<&'a T, EditError> {
    items.iter().find(|x| id_of(x) == id).ok_or_else(|| missing(kind, id))
}

pub(super) fn find_mut<'a, T>(
    items: &'a mut [T],
    kind: EntityKind,
    id: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<&'a mut T, EditError> {
    items.iter_mut().find(|x| id_of(x) == id).ok_or_else(|| missing(kind, id))
}

/// Inserts at `index` (the end when `None`); an insertion before the end reorders the list.
pub(super) fn insert<T>(
    items: &mut Vec<T>,
    item: T,
    index: Option<u32>,
    kind: EntityKind,
    changes: &mut Vec<Change>,
) -> Result<(), EditError> {
    if insert_at(items, item, index, kind.noun())? {
        changes.push(Change::Order(kind));
    }
    Ok(())
}

/// Inserts at `index` (the end when `None`); true when that moved the items after it.
pub(super) fn insert_at<T>(
    items: &mut Vec<T>,
    item: T,
    index: Option<u32>,
    noun: &str,
) -> Result<bool, EditError> {
    let at = index.map_or(items.len(), |i| i as usize);
    if at > items.len() {
        return Err(bad(format!("there is no position {} among the {noun}s", at + 1)));
    }
    items.insert(at, item);
    Ok(at + 1 < items.len())
}
