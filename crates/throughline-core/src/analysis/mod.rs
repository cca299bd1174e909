//! The analysis: a pure function from a map to its findings and summary.
//!
//! One file per rule family. Each run builds its lookups and the journey graph once, so the
//! whole analysis is linear in the size of the map (dominators aside, which are near-linear
//! in practice) and can simply rerun after every edit.

mod criteria;
mod definitions;
mod flow;
mod graph;
mod ownership;
mod text;

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{Map, Stage, Transition};
use crate::rules::{Rule, Severity};

use graph::JourneyGraph;

/// One problem the analysis found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The ids the finding is about (stages, transitions, terms, teams).
    pub subjects: Vec<String>,
    /// One sentence in plain business language.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

/// A finding silenced by a waiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
pub struct WaivedFinding {
    pub finding: Finding,
    pub reason: String,
}

/// The headline numbers of a map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
pub struct Summary {
    pub stages: u32,
    pub transitions: u32,
    pub handoffs: u32,
    /// Stages with exactly one accountable owner.
    pub owned_stages: u32,
    /// Handoffs with exactly one accountable owner.
    pub owned_handoffs: u32,
    pub terms: u32,
    /// Terms with a canonical definition and exactly one owner.
    pub agreed_terms: u32,
    /// The fewest handoffs on a path from an entry to revenue; `null` when revenue cannot be
    /// reached.
    pub min_handoffs_to_revenue: Option<u32>,
    /// Stages every path from an entry to revenue passes through, in journey order.
    pub critical_stages: Vec<String>,
    /// Findings silenced by waivers.
    pub waived: u32,
}

/// Findings (most severe first) and the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub waived: Vec<WaivedFinding>,
    pub summary: Summary,
}

impl Analysis {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Lookups shared by every rule family, built once per run.
pub(crate) struct Context<'a> {
    pub map: &'a Map,
    stage_index: HashMap<&'a str, usize>,
    team_names: HashMap<&'a str, &'a str>,
    person_names: HashMap<&'a str, &'a str>,
}

impl<'a> Context<'a> {
    fn new(map: &'a Map) -> Self {
        Context {
            map,
            stage_index: map
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| (&s.id[..], i))
                .collect(),
            team_names: map.teams.iter().map(|t| (&t.id[..], &t.name[..])).collect(),
            person_names: map
                .people
                .iter()
                .map(|p| (&p.id[..], &p.name[..]))
                .collect(),
        }
    }

    pub fn stage_at(&self, id: &str) -> Option<usize> {
        self.stage_index.get(id).copied()
    }

    /// The two ends of a transition, when both exist (a valid map guarantees it).
    pub fn ends(&self, t: &Transition) -> Option<(&'a Stage, &'a Stage)> {
        let from = &self.map.stages[self.stage_at(&t.from)?];
        let to = &self.map.stages[self.stage_at(&t.to)?];
        Some((from, to))
    }

    pub fn is_handoff(&self, t: &Transition) -> bool {
        self.ends(t).is_some_and(|(a, b)| a.team != b.team)
    }

    pub fn team_name(&self, id: &'a str) -> &'a str {
        self.team_names.get(id).copied().unwrap_or(id)
    }

    pub fn person_name(&self, id: &'a str) -> &'a str {
        self.person_names.get(id).copied().unwrap_or(id)
    }

    /// "Marketing qualified lead (Marketing)".
    pub fn stage_label(&self, stage: &'a Stage) -> String {
        format!("{} ({})", stage.name, self.team_name(&stage.team))
    }
}

/// A finding before severities and waivers are applied.
pub(crate) struct Raw {
    pub rule: Rule,
    pub subjects: Vec<String>,
    pub message: String,
    pub fix: String,
}

impl Raw {
    pub fn new(rule: Rule, subjects: Vec<String>, message: String, fix: String) -> Self {
        Raw {
            rule,
            subjects,
            message,
            fix,
        }
    }
}

/// Runs every rule on the map.
///
/// # Complexity
/// O(S + T + C) for S stages, T transitions and C criteria, plus the dominator computation.
pub fn analyze(map: &Map) -> Analysis {
    let cx = Context::new(map);
    let graph = JourneyGraph::build(&cx);
    let mut raw = Vec::new();
    ownership::check(&cx, &mut raw);
    definitions::check(&cx, &mut raw);
    criteria::check(&cx, &mut raw);
    flow::check(&cx, &graph, &mut raw);

    let mut findings = Vec::with_capacity(raw.len());
    let mut waived = Vec::new();
    for r in raw {
        let severity = map
            .severities
            .get(&r.rule)
            .copied()
            .unwrap_or(r.rule.default_severity());
        let finding = Finding {
            rule: r.rule,
            severity,
            subjects: r.subjects,
            message: r.message,
            fix: r.fix,
        };
        match waiver_for(map, &finding) {
            Some(reason) => waived.push(WaivedFinding {
                finding,
                reason: reason.to_owned(),
            }),
            None => findings.push(finding),
        }
    }
    // Stable: within a severity, rules keep their catalogue order and findings their map order.
    let rule_rank: HashMap<Rule, usize> =
        Rule::ALL.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    findings.sort_by_key(|f| (f.severity, rule_rank[&f.rule]));

    let mut summary = graph.summary(&cx);
    summary.waived = waived.len() as u32;
    Analysis {
        findings,
        waived,
        summary,
    }
}

/// A waiver names a rule and one of the finding's subjects, or no subject for a finding
/// about the whole map.
fn waiver_for<'m>(map: &'m Map, finding: &Finding) -> Option<&'m str> {
    map.waivers
        .iter()
        .find(|w| {
            w.rule == finding.rule
                && match &w.subject {
                    Some(s) => finding.subjects.contains(s),
                    None => finding.subjects.is_empty(),
                }
        })
        .map(|w| &w.reason[..])
}

#[cfg(test)]
pub(crate) mod testing;
