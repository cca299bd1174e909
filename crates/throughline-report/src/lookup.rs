//! The map with its entities found by id in constant time. A report names the stages of
//! every finding and handoff; scanning the lists each time made a 100,000-stage report take
//! seven minutes.

use std::collections::HashMap;

use throughline_core::analysis::Finding;
use throughline_core::analysis::text::and_list;
use throughline_core::model::{Map, Stage, Term, Transition};

pub(crate) struct Lookup<'a> {
    stages: HashMap<&'a str, &'a Stage>,
    transitions: HashMap<&'a str, &'a Transition>,
    terms: HashMap<&'a str, &'a Term>,
    teams: HashMap<&'a str, &'a str>,
    people: HashMap<&'a str, &'a str>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(map: &'a Map) -> Self {
        Lookup {
            stages: map.stages.iter().map(|s| (&s.id[..], s)).collect(),
            transitions: map.transitions.iter().map(|t| (&t.id[..], t)).collect(),
            terms: map.terms.iter().map(|t| (&t.id[..], t)).collect(),
            teams: map.teams.iter().map(|t| (&t.id[..], &t.name[..])).collect(),
            people: map.people.iter().map(|p| (&p.id[..], &p.name[..])).collect(),
        }
    }

    pub(crate) fn stage(&self, id: &str) -> Option<&'a Stage> {
        self.stages.get(id).copied()
    }

    pub(crate) fn transition(&self, id: &str) -> Option<&'a Transition> {
        self.transitions.get(id).copied()
    }

    pub(crate) fn term(&self, id: &str) -> Option<&'a Term> {
        self.terms.get(id).copied()
    }

    /// A person's name, or the id itself when nobody has it.
    pub(crate) fn person_name<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.people.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn team_name<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.teams.get(id).copied().unwrap_or(id)
    }

    /// The stages, handoffs and terms a finding concerns, by name.
    pub(crate) fn involves(&self, f: &Finding) -> String {
        let names: Vec<String> = f.subjects.iter().map(|s| subject_name(self, s)).collect();
        if names.is_empty() { "The whole map".to_owned() } else { and_list(&names) }
    }

    /// A transition as "A → B".
    pub(crate) fn transition_name(&self, id: &str) -> Option<String> {
        self.transition(id).map(|_| subject_name(self, id))
    }

    /// "from Marketing to Sales development", for a finding about a handoff.
    pub(crate) fn handoff_teams(&self, f: &Finding) -> Option<String> {
        let t = f.subjects.iter().find_map(|id| self.transition(id))?;
        let (a, b) = (self.stage(&t.from)?, self.stage(&t.to)?);
        Some(format!("from {} to {}", self.team_name(&a.team), self.team_name(&b.team)))
    }

    /// The team of the stage a finding concerns.
    pub(crate) fn stage_team(&self, f: &Finding) -> Option<String> {
        let s = f.subjects.iter().find_map(|id| self.stage(id))?;
        Some(self.team_name(&s.team).to_owned())
    }

    /// The term a finding concerns, quoted.
    pub(crate) fn term_in(&self, f: &Finding) -> Option<String> {
        f.subjects.iter().find_map(|id| self.term(id)).map(|t| format!("“{}”", t.name))
    }
}

/// A subject of a finding by name: a stage, "A → B" for a transition, a quoted term, a team.
pub(crate) fn subject_name(map: &Lookup<'_>, id: &str) -> String {
    if let Some(s) = map.stage(id) {
        return s.name.clone();
    }
    if let Some(t) = map.transition(id) {
        let name = |s: &str| map.stage(s).map_or(s.to_owned(), |x| x.name.clone());
        return format!("{} → {}", name(&t.from), name(&t.to));
    }
    if let Some(t) = map.term(id) {
        return format!("“{}”", t.name);
    }
    map.team_name(id).to_owned()
}
