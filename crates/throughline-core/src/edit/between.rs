//! What differs between two maps, as the changes an edit would report: for writing a map that
//! arrived whole (merged, received from a colleague) as exactly the parts that changed.

use crate::edit::Change;
use crate::model::{EntityKind, Map};

/// The changes that turn `before` into `after`: each entity added, changed or removed, each
/// list whose order changed, the map's own fields, the waivers and severities.
pub fn changes_between(before: &Map, after: &Map) -> Vec<Change> {
    let mut changes = Vec::new();
    if before.name != after.name || before.description != after.description {
        changes.push(Change::Map);
    }
    entities(&mut changes, EntityKind::Team, &before.teams, &after.teams, |t| &t.id, Change::Team);
    entities(
        &mut changes,
        EntityKind::Person,
        &before.people,
        &after.people,
        |p| &p.id,
        Change::Person,
    );
    entities(
        &mut changes,
        EntityKind::Stage,
        &before.stages,
        &after.stages,
        |s| &s.id,
        Change::Stage,
    );
    entities(
        &mut changes,
        EntityKind::Transition,
        &before.transitions,
        &after.transitions,
        |t| &t.id,
        Change::Transition,
    );
    entities(&mut changes, EntityKind::Term, &before.terms, &after.terms, |t| &t.id, Change::Term);
    if before.waivers != after.waivers {
        changes.push(Change::Waivers);
    }
    if before.severities != after.severities {
        changes.push(Change::Severities);
    }
    changes.sort_unstable();
    changes
}

fn entities<T: PartialEq>(
    changes: &mut Vec<Change>,
    kind: EntityKind,
    before: &[T],
    after: &[T],
    id: impl Fn(&T) -> &String,
    change: impl Fn(String) -> Change,
) {
    let old: std::collections::HashMap<&String, &T> = before.iter().map(|e| (id(e), e)).collect();
    let new: std::collections::HashSet<&String> = after.iter().map(&id).collect();
    for entity in after {
        if old.get(id(entity)) != Some(&entity) {
            changes.push(change(id(entity).clone()));
        }
    }
    for entity in before {
        if !new.contains(id(entity)) {
            changes.push(change(id(entity).clone()));
        }
    }
    // Changes are written sorted by id, not in list order: an added entity, or entities kept
    // in another order, need the order written too.
    let added = after.iter().any(|e| !old.contains_key(id(e)));
    let in_both = |i: &&String| old.contains_key(i) && new.contains(i);
    let kept_before = before.iter().map(&id).filter(in_both);
    if added || kept_before.ne(after.iter().map(&id).filter(in_both)) {
        changes.push(Change::Order(kind));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply;
    use crate::arbitrary::{base_map, edit};
    use proptest::prelude::*;

    proptest! {
        /// What an edit reports and what the two maps say differ name the same entities.
        #[test]
        fn the_changes_between_two_maps_are_those_the_edit_reported(e in edit()) {
            let before = base_map();
            let mut after = before.clone();
            if let Ok(applied) = apply(&mut after, e) {
                let found = changes_between(&before, &after);
                for change in &found {
                    prop_assert!(applied.changes.contains(change) || matches!(change, Change::Order(_)), "{change:?} not in {:?}", applied.changes);
                }
                prop_assert_eq!(found.is_empty(), before == after);
            }
        }
    }
}
