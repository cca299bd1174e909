//! Small maps and helpers for the rule tests.

use crate::analysis::{Finding, analyze};
use crate::model::{Criterion, Map, Person, Stage, StageKind, Team, Term, Transition};
use crate::rules::Rule;

pub fn stage(id: &str, name: &str, team: &str, kind: StageKind, owners: &[&str]) -> Stage {
    Stage {
        owners: owners.iter().map(|o| (*o).to_owned()).collect(),
        ..Stage::new(id, name, team, kind)
    }
}

pub fn transition(id: &str, from: &str, to: &str, owners: &[&str]) -> Transition {
    Transition {
        owners: owners.iter().map(|o| (*o).to_owned()).collect(),
        ..Transition::new(id, from, to)
    }
}

/// Website lead → MQL (Marketing) → SAL → Closed won (Sales development), with an unowned
/// handoff `t-handoff` from MQL to SAL.
pub fn two_team_map() -> Map {
    let mut map = Map::new("Inbound");
    map.teams = vec![
        Team { id: "mkt".into(), name: "Marketing".into(), color: None },
        Team { id: "sdr".into(), name: "Sales development".into(), color: None },
    ];
    map.people = vec![
        Person { id: "ana".into(), name: "Ana Ruiz".into(), team: "mkt".into(), role: None },
        Person { id: "ben".into(), name: "Ben Okafor".into(), team: "sdr".into(), role: None },
    ];
    map.stages = vec![
        stage("lead", "Website lead", "mkt", StageKind::Entry, &["ana"]),
        stage("mql", "Marketing qualified lead", "mkt", StageKind::Stage, &["ana"]),
        stage("sal", "Sales accepted lead", "sdr", StageKind::Stage, &["ben"]),
        stage("won", "Closed won", "sdr", StageKind::Revenue, &["ben"]),
    ];
    map.stages[1].term = Some("mql-term".into());
    map.transitions = vec![
        transition("t-start", "lead", "mql", &["ana"]),
        transition("t-handoff", "mql", "sal", &[]),
        transition("t-win", "sal", "won", &["ben"]),
    ];
    map.terms = vec![Term {
        id: "mql-term".into(),
        name: "MQL".into(),
        owners: vec!["ana".into()],
        canonical: None,
        definitions: vec![],
    }];
    map
}

pub fn fired(map: &Map, rule: Rule) -> Vec<Finding> {
    analyze(map).findings.into_iter().filter(|f| f.rule == rule).collect()
}

pub fn subjects(found: &[Finding]) -> Vec<Vec<&str>> {
    found.iter().map(|f| f.subjects.iter().map(String::as_str).collect()).collect()
}

pub fn set_transition_owners(map: &mut Map, id: &str, owners: &[&str]) {
    let t = map.transitions.iter_mut().find(|t| t.id == id).expect("transition");
    t.owners = owners.iter().map(|o| (*o).to_owned()).collect();
}

pub fn stage_mut<'a>(map: &'a mut Map, id: &str) -> &'a mut Stage {
    map.stages.iter_mut().find(|s| s.id == id).expect("stage")
}

pub fn text(t: &str) -> Criterion {
    Criterion::text(t)
}
