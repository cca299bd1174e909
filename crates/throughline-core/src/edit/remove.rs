//! Removals, which make room first: a removed stage's transitions go before it, a removed
//! person leaves every owner list. Each is a batch of smaller edits, so its inverse is exact.

use super::lists::{bad, count, get, position_of};
use super::{
    Change, Edit, EditError, EntityKind, Invalid, Map, Owned, Person, Stage, Step, TeamMembers,
    apply_one, validate,
};

/// Applies edits in order; when one is refused, undoes the ones before it.
pub(super) fn apply_all(
    map: &mut Map,
    edits: Vec<Edit>,
    changes: &mut Vec<Change>,
) -> Result<Vec<Edit>, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply_one(map, edit, changes) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                roll_back(map, inverses);
                return Err(e);
            }
        }
    }
    Ok(inverses)
}

pub(super) fn roll_back(map: &mut Map, inverses: Vec<Edit>) {
    let mut ignored = Vec::new();
    for inverse in inverses.into_iter().rev() {
        let undone = apply_one(map, inverse, &mut ignored);
        debug_assert!(undone.is_ok(), "an inverse edit was refused: {undone:?}");
    }
}

/// Applies the edits that make room for a removal, then the removal itself; the inverse
/// restores the removed entity first, then undoes the rest.
pub(super) fn cascade(
    map: &mut Map,
    preparation: Vec<Edit>,
    changes: &mut Vec<Change>,
    remove: impl FnOnce(&mut Map, &mut Vec<Change>) -> Step,
) -> Step {
    let inverses = apply_all(map, preparation, changes)?;
    match remove(map, changes) {
        Ok(restore) => {
            let mut edits = vec![restore];
            edits.extend(inverses.into_iter().rev());
            Ok(if edits.len() == 1 { edits.remove(0) } else { Edit::Batch { edits } })
        }
        Err(e) => {
            roll_back(map, inverses);
            Err(e)
        }
    }
}

/// Unwaives what only concerned an entity that is going away (ids may repeat across kinds:
/// a waiver stays while another entity still carries its subject id).
pub(super) fn unwaive_for(map: &Map, kind: EntityKind, id: &str) -> Vec<Edit> {
    let others_keep_it = EntityKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != kind)
        .any(|k| validate::Lookup::has(map, k, id));
    if others_keep_it {
        return Vec::new();
    }
    map.waivers
        .iter()
        .filter(|w| w.subject.as_deref() == Some(id))
        .map(|w| Edit::Unwaive { rule: w.rule, subject: w.subject.clone() })
        .collect()
}

pub(super) fn remove_transition(map: &mut Map, id: &str, changes: &mut Vec<Change>) -> Step {
    position_of(&map.transitions, EntityKind::Transition, id, |t| &t.id)?;
    let preparation = unwaive_for(map, EntityKind::Transition, id);
    cascade(map, preparation, changes, |map, changes| {
        let i = position_of(&map.transitions, EntityKind::Transition, id, |t| &t.id)?;
        changes.push(Change::Transition(id.to_owned()));
        let transition = map.transitions.remove(i);
        Ok(Edit::AddTransition { transition, index: Some(i as u32) })
    })
}

pub(super) fn remove_stage(map: &mut Map, id: &str, changes: &mut Vec<Change>) -> Step {
    position_of(&map.stages, EntityKind::Stage, id, |s| &s.id)?;
    let mut preparation: Vec<Edit> = map
        .transitions
        .iter()
        .filter(|t| t.from == id || t.to == id)
        .map(|t| Edit::RemoveTransition { id: t.id.clone() })
        .collect();
    preparation.extend(unwaive_for(map, EntityKind::Stage, id));
    cascade(map, preparation, changes, |map, changes| {
        let i = position_of(&map.stages, EntityKind::Stage, id, |s| &s.id)?;
        changes.push(Change::Stage(id.to_owned()));
        let stage = map.stages.remove(i);
        Ok(Edit::AddStage { stage, index: Some(i as u32) })
    })
}

pub(super) fn remove_term(map: &mut Map, id: &str, changes: &mut Vec<Change>) -> Step {
    position_of(&map.terms, EntityKind::Term, id, |t| &t.id)?;
    let mut preparation: Vec<Edit> = map
        .stages
        .iter()
        .filter(|s| s.term.as_deref() == Some(id))
        .map(|s| Edit::UpdateStage { stage: Stage { term: None, ..s.clone() } })
        .collect();
    preparation.extend(unwaive_for(map, EntityKind::Term, id));
    cascade(map, preparation, changes, |map, changes| {
        let i = position_of(&map.terms, EntityKind::Term, id, |t| &t.id)?;
        changes.push(Change::Term(id.to_owned()));
        let term = map.terms.remove(i);
        Ok(Edit::AddTerm { term, index: Some(i as u32) })
    })
}

pub(super) fn remove_person(map: &mut Map, id: &str, changes: &mut Vec<Change>) -> Step {
    position_of(&map.people, EntityKind::Person, id, |p| &p.id)?;
    let without = |owners: &[String]| owners.iter().filter(|o| *o != id).cloned().collect();
    let owns = |owners: &[String]| owners.iter().any(|o| o == id);
    let mut preparation = Vec::new();
    for s in map.stages.iter().filter(|s| owns(&s.owners)) {
        let owners = without(&s.owners);
        preparation.push(Edit::SetOwners { target: Owned::Stage(s.id.clone()), owners });
    }
    for t in map.transitions.iter().filter(|t| owns(&t.owners)) {
        let owners = without(&t.owners);
        preparation.push(Edit::SetOwners { target: Owned::Transition(t.id.clone()), owners });
    }
    for t in map.terms.iter().filter(|t| owns(&t.owners)) {
        let owners = without(&t.owners);
        preparation.push(Edit::SetOwners { target: Owned::Term(t.id.clone()), owners });
    }
    preparation.extend(unwaive_for(map, EntityKind::Person, id));
    cascade(map, preparation, changes, |map, changes| {
        let i = position_of(&map.people, EntityKind::Person, id, |p| &p.id)?;
        changes.push(Change::Person(id.to_owned()));
        let person = map.people.remove(i);
        Ok(Edit::AddPerson { person, index: Some(i as u32) })
    })
}

pub(super) fn remove_team(
    map: &mut Map,
    id: &str,
    members: Option<TeamMembers>,
    changes: &mut Vec<Change>,
) -> Step {
    let team = get(&map.teams, EntityKind::Team, id, |t| &t.id)?;
    let stages: Vec<&Stage> = map.stages.iter().filter(|s| s.team == id).collect();
    let people: Vec<&Person> = map.people.iter().filter(|p| p.team == id).collect();
    let mut preparation = Vec::new();
    match members {
        None if stages.is_empty() && people.is_empty() => {}
        None => {
            return Err(Invalid::StillInUse {
                message: format!(
                    "the team {} still has {} and {}; say whether to move them to another team \
                     or delete them",
                    team.name,
                    count(stages.len(), "stage"),
                    count(people.len(), "person"),
                ),
            }
            .into());
        }
        Some(TeamMembers::Delete) => {
            preparation.extend(stages.iter().map(|s| Edit::RemoveStage { id: s.id.clone() }));
            preparation.extend(people.iter().map(|p| Edit::RemovePerson { id: p.id.clone() }));
        }
        Some(TeamMembers::MoveTo { team: target }) => {
            if target == id {
                return Err(bad("a team's members cannot move to the team being removed"));
            }
            preparation.extend(stages.iter().map(|s| Edit::MoveStageToTeam {
                id: s.id.clone(),
                team: target.clone(),
                position: s.position,
            }));
            preparation.extend(people.iter().map(|p| Edit::UpdatePerson {
                person: Person { team: target.clone(), ..(*p).clone() },
            }));
        }
    }
    for term in &map.terms {
        if term.definitions.iter().any(|d| d.team == id) {
            preparation.push(Edit::SetDefinition {
                term: term.id.clone(),
                team: id.to_owned(),
                definition: None,
            });
        }
    }
    preparation.extend(unwaive_for(map, EntityKind::Team, id));
    cascade(map, preparation, changes, |map, changes| {
        let i = position_of(&map.teams, EntityKind::Team, id, |t| &t.id)?;
        changes.push(Change::Team(id.to_owned()));
        let team = map.teams.remove(i);
        Ok(Edit::AddTeam { team, index: Some(i as u32) })
    })
}
