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
pub mod text;

use rustc_hash::{FxBuildHasher, FxHashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{Map, Stage, Transition};
use crate::rules::{Rule, Severity};

use crate::threads::both;
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
    pub fn add_settled(&mut self, (findings, waived): (Vec<Finding>, Vec<WaivedFinding>)) {
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
    /// For each stage, its team's name (the team's id when the map has no such team): the
    /// rules name two teams in most findings, and looking each up again was a tenth of them.
    stage_teams: Vec<&'a str>,
    team_names: FxHashMap<&'a str, &'a str>,
    person_names: FxHashMap<&'a str, &'a str>,
}

impl<'a> Context<'a> {
    /// The lookups of `map`; a large map's transitions are resolved in two halves at once.
    fn new(map: &'a Map, two_threads: bool) -> Self {
        let team_names: FxHashMap<&str, &str> =
            map.teams.iter().map(|t| (&t.id[..], &t.name[..])).collect();
        // Each stage's team numbered in the order first seen, so that transitions compare
        // numbers rather than ids.
        let mut team_numbers: FxHashMap<&str, u32> = FxHashMap::default();
        let mut stage_index = FxHashMap::with_capacity_and_hasher(map.stages.len(), FxBuildHasher);
        let mut stage_teams = Vec::with_capacity(map.stages.len());
        let mut stage_team_numbers = Vec::with_capacity(map.stages.len());
        for (i, stage) in map.stages.iter().enumerate() {
            stage_index.insert(&stage.id[..], i);
            let team = &stage.team[..];
            stage_teams.push(team_names.get(team).copied().unwrap_or(team));
            let next = team_numbers.len() as u32;
            stage_team_numbers.push(*team_numbers.entry(team).or_insert(next));
        }
        let resolve = |transitions: &[Transition]| -> (Vec<Option<(usize, usize)>>, Vec<bool>) {
            let ends: Vec<_> = transitions
                .iter()
                .map(|t| Some((*stage_index.get(&t.from[..])?, *stage_index.get(&t.to[..])?)))
                .collect();
            let handoff = ends
                .iter()
                .map(|e| e.is_some_and(|(a, b)| stage_team_numbers[a] != stage_team_numbers[b]))
                .collect();
            (ends, handoff)
        };
        let half = if two_threads { map.transitions.len() / 2 } else { map.transitions.len() };
        let (first, second) = map.transitions.split_at(half);
        let ((mut ends, mut handoff), (more_ends, more_handoffs)) =
            both(two_threads, || resolve(first), || resolve(second));
        ends.extend(more_ends);
        handoff.extend(more_handoffs);
        Context {
            map,
            ends,
            handoff,
            stage_teams,
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

    /// "Lead (Marketing) to Opportunity (Sales)" for stages `from` and `to`, in pieces for
    /// [`text::joined`].
    pub fn route(&self, from: usize, to: usize) -> [&'a str; 8] {
        let map: &'a Map = self.map;
        let (a, b) = (&map.stages[from].name, &map.stages[to].name);
        [a, " (", self.stage_team(from), ") to ", b, " (", self.stage_team(to), ")"]
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

/// From this many stages on, the analysis uses a second thread.
const PARALLEL_FROM_STAGES: usize = 2_000;

/// Runs every rule on the map.
///
/// # Complexity
/// O(S + T + C) for S stages, T transitions and C criteria, plus the dominator computation.
pub fn analyze(map: &Map) -> Analysis {
    analyze_on(map, map.stages.len() >= PARALLEL_FROM_STAGES)
}

fn analyze_on(map: &Map, two_threads: bool) -> Analysis {
    let cx = Context::new(map, two_threads);
    // The path rules and the summary need the graph; the others do not. On a large map the
    // two halves run on two threads (the machines we target have at least two cores), the
    // graph's half also taking the last part of the criteria gaps so that both take about as
    // long. Each half settles and sorts its own findings; the two sorted lists are then
    // merged. Each rule's findings still come in map order: its part on the first thread
    // comes first, and the sorts are stable.
    let transitions = map.transitions.len();
    let gaps_split = if two_threads { transitions * 3 / 5 } else { transitions };
    let paths = |cx: &Context<'_>| {
        let graph = JourneyGraph::build(cx);
        let mut raw = Vec::new();
        flow::check(cx, &graph, &mut raw);
        criteria::check_transitions(cx, gaps_split..transitions, &mut raw);
        (settle_all(map, raw), graph.summary(cx))
    };
    let rest = |cx: &Context<'_>| {
        let mut raw = Vec::new();
        ownership::check(cx, &mut raw);
        definitions::check(cx, &mut raw);
        criteria::check_stages(cx, &mut raw);
        criteria::check_transitions(cx, 0..gaps_split, &mut raw);
        settle_all(map, raw)
    };
    let ((mut findings, mut waived), ((path_findings, path_waived), mut summary)) =
        both(two_threads, || rest(&cx), || paths(&cx));
    findings.extend(path_findings);
    // Two sorted runs: this sort merges them.
    findings.sort_by_key(settled_order);
    waived.extend(path_waived);
    summary.waived = waived.len() as u32;
    Analysis { findings, waived, summary }
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
        let one = analyze_on(&map, false);
        assert!(one.findings.len() > 100);
        assert_eq!(analyze_on(&map, true), one);
    }
}
