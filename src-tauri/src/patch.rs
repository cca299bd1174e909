//! What an edit changed, for the UI: the entities it touched and, for each kind of entity it
//! touched, the order of the whole list; and the findings, each one the UI already has sent
//! as its place in the previous list. A 500-stage map is ~400 KB of JSON and its findings
//! ~125 KB; sending them whole after every edit cost more than the edit itself.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use specta::Type;
use throughline_core::model::EntityKind;
use throughline_core::model::{Person, Stage, Team, Term, Transition, Waiver};
use throughline_core::{Change, Finding, Map, Rule, Severity};

/// One list of entities after an edit: its ids in order, and the entities that changed.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ListPatch<T> {
    pub order: Vec<String>,
    pub changed: Vec<T>,
}

/// The map after an edit, as far as it differs from before. Lists the edit did not touch are
/// `None`; the small map-level fields are always sent.
#[derive(Debug, Clone, Serialize, Type)]
pub struct MapPatch {
    pub name: String,
    pub description: Option<String>,
    pub waivers: Vec<Waiver>,
    pub severities: BTreeMap<Rule, Severity>,
    pub teams: Option<ListPatch<Team>>,
    pub people: Option<ListPatch<Person>>,
    pub stages: Option<ListPatch<Stage>>,
    pub transitions: Option<ListPatch<Transition>>,
    pub terms: Option<ListPatch<Term>>,
}

impl MapPatch {
    /// The patch for `changes`, read from the map as it is after them.
    pub fn new(map: &Map, changes: &[Change]) -> Self {
        let mut ids: BTreeMap<EntityKind, HashSet<&str>> = BTreeMap::new();
        for change in changes {
            let (kind, id) = match change {
                Change::Team(id) => (EntityKind::Team, Some(id.as_str())),
                Change::Person(id) => (EntityKind::Person, Some(id.as_str())),
                Change::Stage(id) => (EntityKind::Stage, Some(id.as_str())),
                Change::Transition(id) => (EntityKind::Transition, Some(id.as_str())),
                Change::Term(id) => (EntityKind::Term, Some(id.as_str())),
                Change::Order(kind) => (*kind, None),
                Change::Map | Change::Waivers | Change::Severities => continue,
            };
            let set = ids.entry(kind).or_default();
            set.extend(id);
        }
        MapPatch {
            name: map.name.clone(),
            description: map.description.clone(),
            waivers: map.waivers.clone(),
            severities: map.severities.clone(),
            teams: list(ids.get(&EntityKind::Team), &map.teams, |t| &t.id),
            people: list(ids.get(&EntityKind::Person), &map.people, |p| &p.id),
            stages: list(ids.get(&EntityKind::Stage), &map.stages, |s| &s.id),
            transitions: list(ids.get(&EntityKind::Transition), &map.transitions, |t| &t.id),
            terms: list(ids.get(&EntityKind::Term), &map.terms, |t| &t.id),
        }
    }
}

fn list<T: Clone>(
    changed: Option<&HashSet<&str>>,
    items: &[T],
    id: impl Fn(&T) -> &String,
) -> Option<ListPatch<T>> {
    let changed = changed?;
    Some(ListPatch {
        order: items.iter().map(|item| id(item).clone()).collect(),
        changed: items.iter().filter(|item| changed.contains(id(item).as_str())).cloned().collect(),
    })
}

/// A finding after an edit: the index of the same finding in the list the UI had before, or
/// the finding itself when it is new.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(untagged)]
pub enum FindingPatch {
    Kept(u32),
    New(Finding),
}

/// The findings `after` an edit, as patches against those the UI had `before` it.
pub fn findings_patch(before: &[Finding], after: &[Finding]) -> Vec<FindingPatch> {
    let index: HashMap<&Finding, usize> = before.iter().enumerate().map(|(i, f)| (f, i)).collect();
    after
        .iter()
        .map(|finding| match index.get(finding).and_then(|&i| u32::try_from(i).ok()) {
            Some(i) => FindingPatch::Kept(i),
            None => FindingPatch::New(finding.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use throughline_core::model::{Stage, Team, Transition};
    use throughline_core::{Edit, Map, apply};

    use super::*;

    fn map() -> Map {
        let mut map = Map::new("Patch");
        map.teams.push(Team { id: "mkt".into(), name: "Marketing".into(), color: None });
        for id in ["a", "b", "c"] {
            map.stages.push(Stage::new(id, id, "mkt", throughline_core::model::StageKind::Stage));
        }
        map.transitions.push(Transition::new("t1", "a", "b"));
        map
    }

    #[test]
    fn an_edit_sends_only_what_it_touched() {
        let mut map = map();
        let applied = apply(&mut map, Edit::RenameStage { id: "b".into(), name: "B".into() })
            .expect("applies");
        let patch = MapPatch::new(&map, &applied.changes);
        let stages = patch.stages.expect("stages changed");
        assert_eq!(stages.order, ["a", "b", "c"]);
        assert_eq!(stages.changed.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["B"]);
        assert!(patch.teams.is_none() && patch.transitions.is_none() && patch.people.is_none());
    }

    #[test]
    fn findings_the_ui_has_are_sent_as_their_place_in_its_list() {
        let mut map = map();
        let before = throughline_core::analyze(&map).findings;
        apply(&mut map, Edit::RenameStage { id: "b".into(), name: "Renamed".into() })
            .expect("applies");
        let after = throughline_core::analyze(&map).findings;
        let patch = findings_patch(&before, &after);
        assert_eq!(patch.len(), after.len());
        // Rebuilt from the patch, the list is the new one; findings naming the renamed stage
        // are sent whole, the others by place.
        let rebuilt: Vec<&Finding> = patch
            .iter()
            .map(|p| match p {
                FindingPatch::Kept(i) => &before[*i as usize],
                FindingPatch::New(f) => f,
            })
            .collect();
        assert_eq!(rebuilt, after.iter().collect::<Vec<_>>());
        let sent_whole: Vec<&Finding> = patch
            .iter()
            .filter_map(|p| match p {
                FindingPatch::New(f) => Some(f),
                FindingPatch::Kept(_) => None,
            })
            .collect();
        assert!(!sent_whole.is_empty() && sent_whole.len() < after.len());
        assert!(sent_whole.iter().all(|f| f.message.contains("Renamed")));
    }

    #[test]
    fn a_removal_shows_in_the_order_and_takes_its_transitions() {
        let mut map = map();
        let applied = apply(&mut map, Edit::RemoveStage { id: "a".into() }).expect("applies");
        let patch = MapPatch::new(&map, &applied.changes);
        assert_eq!(patch.stages.expect("stages changed").order, ["b", "c"]);
        let transitions = patch.transitions.expect("its transition went too");
        assert!(transitions.order.is_empty() && transitions.changed.is_empty());
    }
}
