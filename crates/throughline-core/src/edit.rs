//! Every change to a map is an [`Edit`]. [`apply`] validates it, changes the map, and returns
//! the inverse edit (undo applies it; redo applies the original again) and which entities
//! changed (so the store writes exactly those). A refused edit changes nothing.
//!
//! Edits that affect other entities (removing a stage removes its transitions; removing a
//! person clears them from every owner list) expand into a batch of smaller edits, so their
//! inverse is exact by construction.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::EntityKind;
use crate::model::{
    Criterion, Definition, Map, Person, Position, Stage, Team, Term, Transition, Waiver,
};
use crate::rules::{Rule, Severity};
use crate::validate::{self, Invalid};

mod between;
mod lists;
mod outcome;
mod remove;

pub use between::changes_between;
pub use outcome::{Applied, Change, EditError};

use lists::{bad, find_mut, get, insert, insert_at, position_of, unique, waiver_position};
use remove::{apply_all, remove_person, remove_stage, remove_team, remove_term, remove_transition};

/// One change to a map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Edit {
    RenameMap {
        name: String,
    },
    SetDescription {
        description: Option<String>,
    },

    /// Adds a team; `index` is its lane position (the end when omitted).
    AddTeam {
        team: Team,
        index: Option<u32>,
    },
    UpdateTeam {
        team: Team,
    },
    /// Moves a lane to another position.
    MoveTeam {
        id: String,
        index: u32,
    },
    /// Removes a team. A team that still has stages or people is only removed when `members`
    /// says what happens to them.
    RemoveTeam {
        id: String,
        members: Option<TeamMembers>,
    },

    AddPerson {
        person: Person,
        index: Option<u32>,
    },
    UpdatePerson {
        person: Person,
    },
    /// Removes a person and clears them from every owner list.
    RemovePerson {
        id: String,
    },

    AddStage {
        stage: Stage,
        index: Option<u32>,
    },
    UpdateStage {
        stage: Stage,
    },
    RenameStage {
        id: String,
        name: String,
    },
    MoveStage {
        id: String,
        position: Option<Position>,
    },
    /// Moves a stage into another team's lane.
    MoveStageToTeam {
        id: String,
        team: String,
        position: Option<Position>,
    },
    /// Removes a stage with its transitions.
    RemoveStage {
        id: String,
    },

    /// Connects two stages.
    AddTransition {
        transition: Transition,
        index: Option<u32>,
    },
    UpdateTransition {
        transition: Transition,
    },
    Reconnect {
        id: String,
        from: String,
        to: String,
    },
    RemoveTransition {
        id: String,
    },

    AddTerm {
        term: Term,
        index: Option<u32>,
    },
    UpdateTerm {
        term: Term,
    },
    /// Removes a term; stages bound to it keep existing, unbound.
    RemoveTerm {
        id: String,
    },
    /// Sets (or, with `None`, removes) one team's definition of a term.
    SetDefinition {
        term: String,
        team: String,
        definition: Option<Definition>,
    },
    SetCanonical {
        term: String,
        canonical: Option<Definition>,
    },
    /// Makes a team's definition the canonical one.
    AdoptDefinition {
        term: String,
        team: String,
    },

    SetOwners {
        target: Owned,
        owners: Vec<String>,
    },
    SetCriteria {
        target: CriteriaSlot,
        criteria: Vec<Criterion>,
    },

    Waive {
        waiver: Waiver,
        index: Option<u32>,
    },
    Unwaive {
        rule: Rule,
        subject: Option<String>,
    },
    /// Overrides a rule's severity for this map (`None` restores the default).
    SetSeverity {
        rule: Rule,
        severity: Option<Severity>,
    },

    /// Several edits as one: all apply, or none.
    Batch {
        edits: Vec<Edit>,
    },
}

/// What happens to a removed team's stages and people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TeamMembers {
    Delete,
    MoveTo { team: String },
}

/// Something that has owners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Owned {
    Stage(String),
    Transition(String),
    Term(String),
}

/// A list of criteria that can be edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum CriteriaSlot {
    StageEntry(String),
    StageExit(String),
    Transition(String),
}

type Step = Result<Edit, EditError>;

/// Applies an edit. On error the map is exactly as it was.
pub fn apply(map: &mut Map, edit: Edit) -> Result<Applied, EditError> {
    let mut changes = Vec::new();
    let inverse = apply_one(map, edit, &mut changes)?;
    changes.sort_unstable();
    changes.dedup();
    Ok(Applied { inverse, changes })
}

fn apply_one(map: &mut Map, edit: Edit, changes: &mut Vec<Change>) -> Step {
    match edit {
        Edit::RenameMap { name } => {
            if name.trim().is_empty() {
                return Err(bad("a map needs a name"));
            }
            changes.push(Change::Map);
            Ok(Edit::RenameMap { name: std::mem::replace(&mut map.name, name) })
        }
        Edit::SetDescription { description } => {
            changes.push(Change::Map);
            let old = std::mem::replace(&mut map.description, description);
            Ok(Edit::SetDescription { description: old })
        }

        Edit::AddTeam { team, index } => {
            validate::check_team(&team)?;
            unique(map.team(&team.id).is_some(), EntityKind::Team, &team.id)?;
            changes.push(Change::Team(team.id.clone()));
            let id = team.id.clone();
            insert(&mut map.teams, team, index, EntityKind::Team, changes)?;
            Ok(Edit::RemoveTeam { id, members: None })
        }
        Edit::UpdateTeam { team } => {
            validate::check_team(&team)?;
            let slot = find_mut(&mut map.teams, EntityKind::Team, &team.id, |t| &t.id)?;
            changes.push(Change::Team(team.id.clone()));
            Ok(Edit::UpdateTeam { team: std::mem::replace(slot, team) })
        }
        Edit::MoveTeam { id, index } => {
            let from = position_of(&map.teams, EntityKind::Team, &id, |t| &t.id)?;
            let to = index as usize;
            if to >= map.teams.len() {
                return Err(bad(format!("there is no lane position {}", to + 1)));
            }
            let team = map.teams.remove(from);
            map.teams.insert(to, team);
            changes.push(Change::Order(EntityKind::Team));
            Ok(Edit::MoveTeam { id, index: from as u32 })
        }
        Edit::RemoveTeam { id, members } => remove_team(map, &id, members, changes),

        Edit::AddPerson { person, index } => {
            validate::check_person(map, &person)?;
            unique(map.person(&person.id).is_some(), EntityKind::Person, &person.id)?;
            changes.push(Change::Person(person.id.clone()));
            let id = person.id.clone();
            insert(&mut map.people, person, index, EntityKind::Person, changes)?;
            Ok(Edit::RemovePerson { id })
        }
        Edit::UpdatePerson { person } => {
            validate::check_person(map, &person)?;
            let slot = find_mut(&mut map.people, EntityKind::Person, &person.id, |p| &p.id)?;
            changes.push(Change::Person(person.id.clone()));
            Ok(Edit::UpdatePerson { person: std::mem::replace(slot, person) })
        }
        Edit::RemovePerson { id } => remove_person(map, &id, changes),

        Edit::AddStage { stage, index } => {
            validate::check_stage(map, &stage)?;
            unique(map.stage(&stage.id).is_some(), EntityKind::Stage, &stage.id)?;
            changes.push(Change::Stage(stage.id.clone()));
            let id = stage.id.clone();
            insert(&mut map.stages, stage, index, EntityKind::Stage, changes)?;
            Ok(Edit::RemoveStage { id })
        }
        Edit::UpdateStage { stage } => {
            validate::check_stage(map, &stage)?;
            let slot = find_mut(&mut map.stages, EntityKind::Stage, &stage.id, |s| &s.id)?;
            changes.push(Change::Stage(stage.id.clone()));
            Ok(Edit::UpdateStage { stage: std::mem::replace(slot, stage) })
        }
        Edit::RenameStage { id, name } => {
            let mut stage = get(&map.stages, EntityKind::Stage, &id, |s| &s.id)?.clone();
            stage.name = name;
            apply_one(map, Edit::UpdateStage { stage }, changes)
        }
        Edit::MoveStage { id, position } => {
            if let Some(p) = position {
                validate::check_position(p)?;
            }
            let stage = find_mut(&mut map.stages, EntityKind::Stage, &id, |s| &s.id)?;
            changes.push(Change::Stage(id.clone()));
            let old = std::mem::replace(&mut stage.position, position);
            Ok(Edit::MoveStage { id, position: old })
        }
        Edit::MoveStageToTeam { id, team, position } => {
            let mut stage = get(&map.stages, EntityKind::Stage, &id, |s| &s.id)?.clone();
            stage.team = team;
            stage.position = position;
            apply_one(map, Edit::UpdateStage { stage }, changes)
        }
        Edit::RemoveStage { id } => remove_stage(map, &id, changes),

        Edit::AddTransition { transition, index } => {
            validate::check_transition(map, &transition)?;
            unique(
                map.transition(&transition.id).is_some(),
                EntityKind::Transition,
                &transition.id,
            )?;
            changes.push(Change::Transition(transition.id.clone()));
            let id = transition.id.clone();
            insert(&mut map.transitions, transition, index, EntityKind::Transition, changes)?;
            Ok(Edit::RemoveTransition { id })
        }
        Edit::UpdateTransition { transition } => {
            validate::check_transition(map, &transition)?;
            let slot =
                find_mut(&mut map.transitions, EntityKind::Transition, &transition.id, |t| &t.id)?;
            changes.push(Change::Transition(transition.id.clone()));
            Ok(Edit::UpdateTransition { transition: std::mem::replace(slot, transition) })
        }
        Edit::Reconnect { id, from, to } => {
            let mut transition =
                get(&map.transitions, EntityKind::Transition, &id, |t| &t.id)?.clone();
            transition.from = from;
            transition.to = to;
            apply_one(map, Edit::UpdateTransition { transition }, changes)
        }
        Edit::RemoveTransition { id } => remove_transition(map, &id, changes),

        Edit::AddTerm { term, index } => {
            validate::check_term(map, &term)?;
            unique(map.term(&term.id).is_some(), EntityKind::Term, &term.id)?;
            changes.push(Change::Term(term.id.clone()));
            let id = term.id.clone();
            insert(&mut map.terms, term, index, EntityKind::Term, changes)?;
            Ok(Edit::RemoveTerm { id })
        }
        Edit::UpdateTerm { term } => {
            validate::check_term(map, &term)?;
            let slot = find_mut(&mut map.terms, EntityKind::Term, &term.id, |t| &t.id)?;
            changes.push(Change::Term(term.id.clone()));
            Ok(Edit::UpdateTerm { term: std::mem::replace(slot, term) })
        }
        Edit::RemoveTerm { id } => remove_term(map, &id, changes),
        Edit::SetDefinition { term, team, definition } => {
            let mut updated = get(&map.terms, EntityKind::Term, &term, |t| &t.id)?.clone();
            let existing = updated.definitions.iter().position(|d| d.team == team);
            match (definition, existing) {
                (Some(d), Some(i)) => {
                    updated.definitions[i].text = d.text;
                    updated.definitions[i].criteria = d.criteria;
                }
                (Some(d), None) => updated.definitions.push(crate::model::TeamDefinition {
                    team,
                    text: d.text,
                    criteria: d.criteria,
                }),
                (None, Some(i)) => {
                    updated.definitions.remove(i);
                }
                (None, None) => {
                    return Err(bad(format!("the team \"{team}\" has no definition to remove")));
                }
            }
            apply_one(map, Edit::UpdateTerm { term: updated }, changes)
        }
        Edit::SetCanonical { term, canonical } => {
            let mut updated = get(&map.terms, EntityKind::Term, &term, |t| &t.id)?.clone();
            updated.canonical = canonical;
            apply_one(map, Edit::UpdateTerm { term: updated }, changes)
        }
        Edit::AdoptDefinition { term, team } => {
            let current = get(&map.terms, EntityKind::Term, &term, |t| &t.id)?;
            let Some(definition) = current.definitions.iter().find(|d| d.team == team) else {
                return Err(bad(format!("the team \"{team}\" has no definition to adopt")));
            };
            let canonical = Some(definition.definition());
            apply_one(map, Edit::SetCanonical { term, canonical }, changes)
        }

        Edit::SetOwners { target, owners } => {
            validate::check_owners(map, &owners)?;
            let (slot, change) = match &target {
                Owned::Stage(id) => (
                    &mut find_mut(&mut map.stages, EntityKind::Stage, id, |s| &s.id)?.owners,
                    Change::Stage(id.clone()),
                ),
                Owned::Transition(id) => (
                    &mut find_mut(&mut map.transitions, EntityKind::Transition, id, |t| &t.id)?
                        .owners,
                    Change::Transition(id.clone()),
                ),
                Owned::Term(id) => (
                    &mut find_mut(&mut map.terms, EntityKind::Term, id, |t| &t.id)?.owners,
                    Change::Term(id.clone()),
                ),
            };
            changes.push(change);
            let old = std::mem::replace(slot, owners);
            Ok(Edit::SetOwners { target, owners: old })
        }
        Edit::SetCriteria { target, criteria } => {
            validate::check_criteria("criteria", &criteria)?;
            let (slot, change) = match &target {
                CriteriaSlot::StageEntry(id) => (
                    &mut find_mut(&mut map.stages, EntityKind::Stage, id, |s| &s.id)?.entry,
                    Change::Stage(id.clone()),
                ),
                CriteriaSlot::StageExit(id) => (
                    &mut find_mut(&mut map.stages, EntityKind::Stage, id, |s| &s.id)?.exit,
                    Change::Stage(id.clone()),
                ),
                CriteriaSlot::Transition(id) => (
                    &mut find_mut(&mut map.transitions, EntityKind::Transition, id, |t| &t.id)?
                        .criteria,
                    Change::Transition(id.clone()),
                ),
            };
            changes.push(change);
            let old = std::mem::replace(slot, criteria);
            Ok(Edit::SetCriteria { target, criteria: old })
        }

        Edit::Waive { waiver, index } => {
            validate::check_waiver(map, &waiver)?;
            if waiver_position(map, waiver.rule, waiver.subject.as_deref()).is_some() {
                return Err(validate::already_waived(&waiver).into());
            }
            let inverse = Edit::Unwaive { rule: waiver.rule, subject: waiver.subject.clone() };
            changes.push(Change::Waivers);
            // Waivers are written whole whenever they change, so their order needs no change of its own.
            insert_at(&mut map.waivers, waiver, index, "waiver")?;
            Ok(inverse)
        }
        Edit::Unwaive { rule, subject } => {
            let Some(i) = waiver_position(map, rule, subject.as_deref()) else {
                return Err(bad(format!("the rule {rule} is not waived there")));
            };
            changes.push(Change::Waivers);
            let waiver = map.waivers.remove(i);
            Ok(Edit::Waive { waiver, index: Some(i as u32) })
        }
        Edit::SetSeverity { rule, severity } => {
            changes.push(Change::Severities);
            let old = match severity {
                Some(s) => map.severities.insert(rule, s),
                None => map.severities.remove(&rule),
            };
            Ok(Edit::SetSeverity { rule, severity: old })
        }

        Edit::Batch { edits } => {
            let inverses = apply_all(map, edits, changes)?;
            Ok(Edit::Batch { edits: inverses.into_iter().rev().collect() })
        }
    }
}
