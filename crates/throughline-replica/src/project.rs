//! The map a document shows: a pure function of the document, so every replica that has the
//! same updates shows the same valid map, whatever order they arrived in. What edits made
//! apart left inconsistent is resolved by the rules in `docs/sharing.md` and listed as
//! conflicts; the document itself is never changed here.

use std::collections::HashSet;

use throughline_core::model::{
    EntityKind, Map, Person, Stage, Team, TeamDefinition, Term, Transition, Waiver,
};
use throughline_core::validate::{self, Lookup};
use throughline_core::{Rule, Severity};
use yrs::{Any, Map as _, Out, ReadTxn};

use crate::conflict::{Conflict, ConflictKind, who};
use crate::layout::{self, BY};
use crate::roots::Roots;

mod entries;
use entries::Read;

/// A map and what had to be resolved to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub map: Map,
    pub conflicts: Vec<Conflict>,
}

/// The name a map gets when its document has none yet (a document still being received).
pub const UNNAMED: &str = "Untitled map";

pub fn project<T: ReadTxn>(txn: &T, roots: &Roots) -> Projection {
    let mut p = Projector { conflicts: Vec::new() };
    let map = p.map(txn, roots);
    debug_assert_eq!(validate::check_map(&map), Ok(()), "a projection is a valid map");
    Projection { map, conflicts: p.conflicts }
}

struct Projector {
    conflicts: Vec<Conflict>,
}

/// Answers yes to every reference: an entity's own fields are checked while it is read, its
/// references afterwards, by the rules below.
struct Anything;

impl Lookup for Anything {
    fn has(&self, _: EntityKind, _: &str) -> bool {
        true
    }
}

impl Projector {
    fn conflict(&mut self, kind: ConflictKind, subject: &str, message: String) {
        self.conflicts.push(Conflict { kind, subject: subject.to_owned(), message });
    }

    fn map<T: ReadTxn>(&mut self, txn: &T, roots: &Roots) -> Map {
        let mut map = Map::new(self.name(txn, roots));
        map.description = match roots.map.get(txn, "description") {
            Some(Out::Any(Any::String(s))) => Some(s.to_string()),
            _ => None,
        };
        let lanes_read = self.read(txn, &roots.teams, EntityKind::Team, validate::check_team);
        let people_read = self.read(txn, &roots.people, EntityKind::Person, |p: &Person| {
            validate::check_person(&Anything, p)
        });
        let glossary = self.read(txn, &roots.terms, EntityKind::Term, |t: &Term| {
            validate::check_term(&Anything, t)
        });
        let stages_read = self.read(txn, &roots.stages, EntityKind::Stage, |s: &Stage| {
            validate::check_stage(&Anything, s)
        });
        let handoffs_read =
            self.read(txn, &roots.transitions, EntityKind::Transition, |t: &Transition| {
                validate::check_transition(&Anything, t)
            });

        map.teams = self.lanes(&lanes_read, &stages_read, &people_read);
        let lanes: HashSet<&str> = map.teams.iter().map(|t| t.id.as_str()).collect();
        let live_people: HashSet<&str> =
            people_read.live.iter().map(|(p, _)| p.id.as_str()).collect();
        map.people = people_read.live.iter().map(|(p, _)| p.clone()).collect();
        map.terms = glossary
            .live
            .iter()
            .map(|(t, by)| {
                self.term(t, by.as_deref(), &lanes, &lanes_read, &people_read, &live_people)
            })
            .collect();
        let live_terms: HashSet<&str> = map.terms.iter().map(|t| t.id.as_str()).collect();
        map.stages = stages_read
            .live
            .iter()
            .map(|(s, by)| {
                self.stage(s, by.as_deref(), &glossary, &live_terms, &people_read, &live_people)
            })
            .collect();
        let live_stages: HashSet<&str> = map.stages.iter().map(|s| s.id.as_str()).collect();
        map.transitions = handoffs_read
            .live
            .iter()
            .filter_map(|(t, by)| {
                self.transition(
                    t,
                    by.as_deref(),
                    &stages_read,
                    &live_stages,
                    &people_read,
                    &live_people,
                )
            })
            .collect();
        map.waivers = self.waivers(txn, roots, &map);
        map.severities = self.severities(txn, roots);
        map
    }

    fn name<T: ReadTxn>(&mut self, txn: &T, roots: &Roots) -> String {
        match roots.map.get(txn, "name") {
            Some(Out::Any(Any::String(s))) if !s.trim().is_empty() => s.to_string(),
            None => UNNAMED.to_owned(),
            Some(_) => {
                self.conflict(
                    ConflictKind::UnreadableValue,
                    "",
                    format!(
                        "the map's name is not a name this version can read: \"{UNNAMED}\" is shown"
                    ),
                );
                UNNAMED.to_owned()
            }
        }
    }

    /// Live lanes, and removed lanes that still have a live stage or person.
    fn lanes(
        &mut self,
        teams: &Read<Team>,
        stages: &Read<Stage>,
        people: &Read<Person>,
    ) -> Vec<Team> {
        let live: HashSet<&str> = teams.live.iter().map(|(t, _)| t.id.as_str()).collect();
        let mut seen = HashSet::new();
        let members = stages
            .live
            .iter()
            .map(|(s, by)| (&s.team, "the stage", &s.name, by.as_deref()))
            .chain(people.live.iter().map(|(p, by)| (&p.team, "", &p.name, by.as_deref())));
        let mut extra = Vec::new();
        for (team, what, name, by) in members {
            if live.contains(team.as_str()) || !seen.insert(team.clone()) {
                continue;
            }
            let member = if what.is_empty() { name.clone() } else { format!("{what} \"{name}\"") };
            if let Some((lane, removed_by)) = teams.removed.get(team) {
                self.conflict(
                    ConflictKind::KeptLane,
                    team,
                    format!(
                        "{} removed the lane \"{}\" while {} put {member} in it: the lane is kept",
                        who(removed_by.as_deref()),
                        lane.name,
                        who(by)
                    ),
                );
                extra.push(lane.clone());
            } else {
                self.conflict(
                    ConflictKind::KeptLane,
                    team,
                    format!("{} put {member} in a lane \"{team}\" the map does not have: the lane is added", who(by)),
                );
                extra.push(Team { id: team.clone(), name: team.clone(), color: None });
            }
        }
        let mut lanes: Vec<Team> = teams.live.iter().map(|(t, _)| t.clone()).collect();
        lanes.extend(extra);
        lanes
    }

    fn owners(
        &mut self,
        owners: &[String],
        what: &str,
        subject: &str,
        by: Option<&str>,
        people: &Read<Person>,
        live: &HashSet<&str>,
    ) -> Vec<String> {
        let mut kept = Vec::with_capacity(owners.len());
        for owner in owners {
            if live.contains(owner.as_str()) {
                kept.push(owner.clone());
                continue;
            }
            let (name, removed_by) = match people.removed.get(owner) {
                Some((p, removed_by)) => (p.name.clone(), removed_by.as_deref()),
                None => (owner.clone(), None),
            };
            self.conflict(
                ConflictKind::DroppedOwner,
                subject,
                format!(
                    "{} removed {name} while {} made them an owner of {what}: they are left out of its owners",
                    who(removed_by),
                    who(by)
                ),
            );
        }
        kept
    }

    fn term(
        &mut self,
        term: &Term,
        by: Option<&str>,
        lanes: &HashSet<&str>,
        teams: &Read<Team>,
        people: &Read<Person>,
        live_people: &HashSet<&str>,
    ) -> Term {
        let mut term = term.clone();
        let what = format!("the term \"{}\"", term.name);
        term.owners = self.owners(&term.owners, &what, &term.id, by, people, live_people);
        let mut kept: Vec<TeamDefinition> = Vec::new();
        for d in std::mem::take(&mut term.definitions) {
            if lanes.contains(d.team.as_str()) {
                kept.push(d);
                continue;
            }
            let (lane, removed_by) = match teams.removed.get(&d.team) {
                Some((t, removed_by)) => (t.name.clone(), removed_by.as_deref()),
                None => (d.team.clone(), None),
            };
            self.conflict(
                ConflictKind::HiddenDefinition,
                &term.id,
                format!(
                    "{} removed the lane \"{lane}\" while {} wrote its definition of \"{}\": the definition is hidden",
                    who(removed_by),
                    who(by),
                    term.name
                ),
            );
        }
        term.definitions = kept;
        term
    }

    fn stage(
        &mut self,
        stage: &Stage,
        by: Option<&str>,
        terms: &Read<Term>,
        live_terms: &HashSet<&str>,
        people: &Read<Person>,
        live_people: &HashSet<&str>,
    ) -> Stage {
        let mut stage = stage.clone();
        let what = format!("the stage \"{}\"", stage.name);
        stage.owners = self.owners(&stage.owners, &what, &stage.id, by, people, live_people);
        if let Some(term) = stage.term.take() {
            if live_terms.contains(term.as_str()) {
                stage.term = Some(term);
            } else {
                let (name, removed_by) = match terms.removed.get(&term) {
                    Some((t, removed_by)) => (t.name.clone(), removed_by.as_deref()),
                    None => (term.clone(), None),
                };
                self.conflict(
                    ConflictKind::UnboundTerm,
                    &stage.id,
                    format!(
                        "{} removed the term \"{name}\" while {} bound {what} to it: the stage is left unbound",
                        who(removed_by),
                        who(by)
                    ),
                );
            }
        }
        stage
    }

    fn transition(
        &mut self,
        t: &Transition,
        by: Option<&str>,
        stages: &Read<Stage>,
        live: &HashSet<&str>,
        people: &Read<Person>,
        live_people: &HashSet<&str>,
    ) -> Option<Transition> {
        let name = |id: &str| {
            stages
                .live
                .iter()
                .map(|(s, _)| s)
                .chain(stages.removed.values().map(|(s, _)| s))
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.clone())
        };
        let arrow = format!("\"{}\" → \"{}\"", name(&t.from), name(&t.to));
        for end in [&t.from, &t.to] {
            if live.contains(end.as_str()) {
                continue;
            }
            let removed_by = stages.removed_by(end).cloned().flatten();
            self.conflict(
                ConflictKind::HiddenTransition,
                &t.id,
                format!(
                    "{} removed the stage \"{}\" while {} connected {arrow}: the connection is hidden until the stage is back",
                    who(removed_by.as_deref()),
                    name(end),
                    who(by)
                ),
            );
            return None;
        }
        if t.from == t.to {
            self.conflict(
                ConflictKind::HiddenTransition,
                &t.id,
                format!("both ends of a connection were moved at once and it now goes from \"{}\" to itself: it is hidden", name(&t.from)),
            );
            return None;
        }
        let mut t = t.clone();
        t.owners =
            self.owners(&t.owners, &format!("the handoff {arrow}"), &t.id, by, people, live_people);
        Some(t)
    }

    fn waivers<T: ReadTxn>(&mut self, txn: &T, roots: &Roots, map: &Map) -> Vec<Waiver> {
        let mut waivers = Vec::new();
        for entry in self.entries(txn, &roots.waivers, "waiver") {
            if entry.removed {
                continue;
            }
            let Some(w) = self.parse::<Waiver>("waiver", &entry.id, entry.fields, |w: &Waiver| {
                validate::check_waiver(&Anything, w)
            }) else {
                continue;
            };
            if layout::waiver_key(w.rule.id(), w.subject.as_deref()) != entry.id {
                self.conflict(
                    ConflictKind::UnreadableEntity,
                    &entry.id,
                    format!("the waiver \"{}\" is filed under another rule or subject than its own: it is left out", entry.id),
                );
                continue;
            }
            if let Some(subject) = &w.subject
                && !map.has_any(subject)
            {
                self.conflict(
                    ConflictKind::HiddenWaiver,
                    subject,
                    format!(
                        "\"{subject}\" was removed while {} waived {} for it: the waiver is hidden until it is back",
                        who(entry.by.as_deref()),
                        w.rule
                    ),
                );
                continue;
            }
            waivers.push(w);
        }
        waivers
    }

    fn severities<T: ReadTxn>(
        &mut self,
        txn: &T,
        roots: &Roots,
    ) -> std::collections::BTreeMap<Rule, Severity> {
        let mut severities = std::collections::BTreeMap::new();
        for (rule, value) in roots.severities.iter(txn) {
            if rule == BY || matches!(value, Out::Any(Any::Null)) {
                continue;
            }
            let severity = match &value {
                Out::Any(Any::String(s)) => s.parse::<Severity>().ok(),
                _ => None,
            };
            match (Rule::from_id(rule), severity) {
                (Some(rule), Some(severity)) => {
                    severities.insert(rule, severity);
                }
                _ => self.conflict(
                    ConflictKind::UnreadableValue,
                    rule,
                    format!("the severity set for \"{rule}\" is not one this version knows: the rule's own is used"),
                ),
            }
        }
        severities
    }
}
