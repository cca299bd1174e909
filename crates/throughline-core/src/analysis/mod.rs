//! The analysis: a pure function from a map to its findings and summary.
//!
//! One file per rule family. Each run builds its lookups and the journey graph once, so the
//! whole analysis is linear in the size of the map (dominators aside, which are near-linear
//! in practice) and can simply rerun after every edit.

mod criteria;
mod definitions;
mod graph;
mod ownership;
mod parallel;
mod paths;
pub mod text;

use rustc_hash::FxHashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{Map, Stage};
use crate::rules::{Rule, Severity};

use graph::JourneyGraph;

/// One problem the analysis found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Type)]
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

impl Finding {
    /// A finding at its rule's default severity, before the map's overrides and waivers.
    pub fn at_default(rule: Rule, subjects: Vec<String>, message: String, fix: String) -> Self {
        Finding { rule, severity: rule.default_severity(), subjects, message, fix }
    }
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
    /// Adds findings of rules run beside the analysis (on the stage history, on the CRM's
    /// configuration), already settled against the map: in the same order as its own.
    fn add_settled(&mut self, (findings, waived): (Vec<Finding>, Vec<WaivedFinding>)) {
        self.findings.extend(findings);
        self.findings.sort_by_key(settled_order);
        self.summary.waived += waived.len() as u32;
        self.waived.extend(waived);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Lookups shared by every rule family, built once per run: ids are hashed here and
/// nowhere else, so the rules work on indices.
pub(crate) struct Context<'a> {
    pub map: &'a Map,
    /// For each transition, the indices of its two stages (a valid map has both).
    ends: Vec<Option<(usize, usize)>>,
    /// For each transition, whether it crosses from one team to another.
    handoff: Vec<bool>,
    /// For each stage, its team's name (the team's id when the map has no such team).
    stage_teams: Vec<&'a str>,
    /// For each stage, "Name (Team)", as most findings name it: made once per stage rather
    /// than once per finding.
    labels: Vec<String>,
    team_names: FxHashMap<&'a str, &'a str>,
    person_names: FxHashMap<&'a str, &'a str>,
}

impl<'a> Context<'a> {
    /// The lookups of `map`.
    fn new(map: &'a Map) -> Self {
        let team_names: FxHashMap<&str, &str> =
            map.teams.iter().map(|t| (&t.id[..], &t.name[..])).collect();
        let stage_index: FxHashMap<&str, usize> =
            map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
        let stage_teams: Vec<&str> = map
            .stages
            .iter()
            .map(|s| team_names.get(&s.team[..]).copied().unwrap_or(&s.team))
            .collect();
        let ends: Vec<Option<(usize, usize)>> = map
            .transitions
            .iter()
            .map(|t| Some((*stage_index.get(&t.from[..])?, *stage_index.get(&t.to[..])?)))
            .collect();
        let handoff = ends
            .iter()
            .map(|e| e.is_some_and(|(a, b)| map.stages[a].team != map.stages[b].team))
            .collect();
        let labels = map
            .stages
            .iter()
            .zip(&stage_teams)
            .map(|(s, team)| format!("{} ({team})", s.name))
            .collect();
        Context {
            map,
            ends,
            handoff,
            stage_teams,
            labels,
            team_names,
            person_names: map.people.iter().map(|p| (&p.id[..], &p.name[..])).collect(),
        }
    }

    /// The stage indices of transition `t`'s two ends.
    pub fn end_indices(&self, t: usize) -> Option<(usize, usize)> {
        self.ends[t]
    }

    /// The two stages of transition `t`.
    pub fn ends(&self, t: usize) -> Option<(&'a Stage, &'a Stage)> {
        let map: &'a Map = self.map;
        self.ends[t].map(|(a, b)| (&map.stages[a], &map.stages[b]))
    }

    /// Whether transition `t` is a handoff between teams.
    pub fn is_handoff(&self, t: usize) -> bool {
        self.handoff[t]
    }

    /// The name of stage `s`'s team.
    pub fn stage_team(&self, s: usize) -> &'a str {
        self.stage_teams[s]
    }

    pub fn team_name(&self, id: &'a str) -> &'a str {
        self.team_names.get(id).copied().unwrap_or(id)
    }

    pub fn person_name(&self, id: &'a str) -> &'a str {
        self.person_names.get(id).copied().unwrap_or(id)
    }

    /// "Marketing qualified lead (Marketing)" for stage `s`.
    pub fn label(&self, s: usize) -> &str {
        &self.labels[s]
    }

    /// "Marketing qualified lead (Marketing)", written straight into the message.
    pub fn stage_label(&self, stage: &'a Stage) -> StageLabel<'a> {
        StageLabel { name: &stage.name, team: self.team_name(&stage.team) }
    }
}

/// A stage's name with its team's, as messages show it.
pub(crate) struct StageLabel<'a> {
    name: &'a str,
    team: &'a str,
}

impl std::fmt::Display for StageLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.team)
    }
}

/// Runs every rule on the map.
///
/// # Complexity
/// O(S + T + C) for S stages, T transitions and C criteria, plus the dominator computation.
pub fn analyze(map: &Map) -> Analysis {
    parallel::analyze(map)
}

/// What is known of a map from elsewhere and has rules of its own: the CRM's stage history
/// (the rules on reality), the CRM's configuration (drift). Its findings are settled against
/// the map (its severities, its waivers) with [`settle`].
pub trait Evidence {
    fn settled_findings(&self, map: &Map) -> (Vec<Finding>, Vec<WaivedFinding>);
}

/// The map's findings with those of the evidence kept with it (each piece, when there is
/// one), in one order: what the app, the report and the command line all show.
pub fn analyze_with<'e>(
    map: &Map,
    evidence: impl IntoIterator<Item = Option<&'e dyn Evidence>>,
) -> Analysis {
    let mut analysis = analyze(map);
    for e in evidence.into_iter().flatten() {
        analysis.add_settled(e.settled_findings(map));
    }
    analysis
}

/// A piece of evidence, when there is one, as [`analyze_with`] takes it.
pub fn kept<E: Evidence>(evidence: Option<&E>) -> Option<&dyn Evidence> {
    evidence.map(|e| e as &dyn Evidence)
}

/// The rules that need the journey graph (whether records get through) and the summary.
fn graph_rules(cx: &Context<'_>) -> (Vec<Finding>, Summary) {
    let graph = JourneyGraph::build(cx);
    let mut found = Vec::new();
    paths::check(cx, &graph, &mut found);
    (found, graph.summary(cx))
}

/// The rules that read the map entity by entity: owners, definitions and each stage's
/// criteria.
fn entity_rules(cx: &Context<'_>) -> Vec<Finding> {
    let mut found = Vec::new();
    ownership::check(cx, &mut found);
    definitions::check(cx, &mut found);
    criteria::check_stages(cx, &mut found);
    found
}

/// criteria-gap, on every transition.
fn gap_rule(cx: &Context<'_>) -> Vec<Finding> {
    let mut found = Vec::new();
    criteria::check_transitions(cx, &mut found);
    found
}

/// Findings in the order they are listed: by severity, then by rule. `Rule`'s order is its
/// declaration order, which is the catalogue's.
fn settled_order(finding: &Finding) -> (Severity, Rule) {
    (finding.severity, finding.rule)
}

/// Findings given the map's severities and waivers, sorted stably in [`settled_order`]:
/// within a severity, rules keep their catalogue order and findings their map order.
/// Settled in place: a large map's findings are tens of megabytes not worth moving.
fn settle_all(map: &Map, mut findings: Vec<Finding>) -> (Vec<Finding>, Vec<WaivedFinding>) {
    let mut waived = Vec::new();
    findings.retain_mut(|finding| {
        finding.severity = severity_of(map, finding.rule);
        let Some(reason) = waiver_for(map, finding) else {
            return true;
        };
        waived.push(WaivedFinding { finding: finding.clone(), reason: reason.to_owned() });
        false
    });
    findings.sort_by_key(settled_order);
    (findings, waived)
}

/// A finding with the map's severity for its rule, or the waiver that silences it: how every
/// finding is settled, the map's own and those found elsewhere (the stage-history rules).
pub fn settle(
    map: &Map,
    rule: Rule,
    subjects: Vec<String>,
    message: String,
    fix: String,
) -> Result<Finding, WaivedFinding> {
    let finding = Finding { rule, severity: severity_of(map, rule), subjects, message, fix };
    match waiver_for(map, &finding) {
        Some(reason) => Err(WaivedFinding { finding, reason: reason.to_owned() }),
        None => Ok(finding),
    }
}

/// The map's severity for a rule: its own, or the rule's default.
fn severity_of(map: &Map, rule: Rule) -> Severity {
    map.severities.get(&rule).copied().unwrap_or(rule.default_severity())
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

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::model::Waiver;

    #[test]
    fn a_waiver_silences_the_findings_that_concern_its_subject_only() {
        let mut map = two_team_map();
        map.stages[1].owners.clear();
        map.stages[2].owners.clear();
        map.waivers.push(Waiver {
            rule: Rule::StageWithoutOwner,
            subject: Some("mql".into()),
            reason: "Owned by the agency until March".into(),
        });
        let analysis = analyze(&map);
        let unowned: Vec<_> =
            analysis.findings.iter().filter(|f| f.rule == Rule::StageWithoutOwner).collect();
        assert_eq!(unowned.len(), 1);
        assert_eq!(unowned[0].subjects, vec!["sal"]);
        assert_eq!(analysis.waived.len(), 1);
        assert_eq!(analysis.waived[0].reason, "Owned by the agency until March");
        assert_eq!(analysis.summary.waived, 1);
    }

    #[test]
    fn a_waiver_without_subject_silences_only_the_map_wide_finding() {
        let mut map = two_team_map();
        map.stages[3].kind = crate::model::StageKind::Exit;
        map.stages[1].owners.clear();
        for rule in [Rule::NoPathToRevenue, Rule::StageWithoutOwner] {
            map.waivers.push(Waiver { rule, subject: None, reason: "Draft".into() });
        }
        let analysis = analyze(&map);
        assert!(analysis.findings.iter().all(|f| f.rule != Rule::NoPathToRevenue));
        assert!(analysis.findings.iter().any(|f| f.rule == Rule::StageWithoutOwner));
    }

    #[test]
    fn the_maps_severity_overrides_the_default_and_findings_sort_by_severity() {
        let mut map = two_team_map();
        map.severities.insert(Rule::HandoffWithoutOwner, Severity::Info);
        map.severities.insert(Rule::MissingExitCriteria, Severity::Error);
        let analysis = analyze(&map);
        let handoff = analysis.findings.iter().find(|f| f.rule == Rule::HandoffWithoutOwner);
        assert_eq!(handoff.map(|f| f.severity), Some(Severity::Info));
        assert!(analysis.findings.is_sorted_by_key(|f| (f.severity, f.rule)));
        assert_eq!(analysis.findings[0].rule, Rule::MissingExitCriteria);
    }

    #[test]
    fn one_thread_and_two_give_the_same_analysis() {
        let map = crate::generate::large_map(3_000, 4_500, 9);
        let one = parallel::analyze_on(&map, false);
        assert!(one.findings.len() > 100);
        assert_eq!(parallel::analyze_on(&map, true), one);
    }
}
