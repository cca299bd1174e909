//! What a reader takes in at a glance: findings grouped by rule, the decisions leadership has
//! to make (findings grouped by who must act), each team's ownership and findings for the
//! charts, and what changed since an earlier version.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use throughline_core::analysis::text::and_list;
use throughline_core::analysis::{Analysis, Finding};
use throughline_core::compare::{Changed, Comparison};
use throughline_core::model::Map;
use throughline_core::{Rule, Severity};

use throughline_layout::team_colour;

use crate::lookup::Lookup;

/// One rule's findings as one row: how many, about what, and the rule's fix.
#[derive(Debug, Serialize)]
pub struct RuleGroup {
    pub severity: &'static str,
    pub rule: &'static str,
    pub title: &'static str,
    pub count: usize,
    /// The count with its noun: "6 stages", "1 handoff".
    pub counted: String,
    /// The stages, handoffs or terms concerned, by name (the first few).
    pub concerns: String,
    pub fix: &'static str,
}

/// A decision for leadership: findings of one kind grouped by whoever must act on them.
#[derive(Debug, Serialize)]
pub struct Decision {
    pub severity: &'static str,
    pub text: String,
}

/// One team's bars in the charts.
#[derive(Debug, Default, Serialize)]
pub struct TeamFigures {
    pub team: String,
    pub color: String,
    pub stages: u32,
    pub owned_stages: u32,
    /// Handoffs into the team (the receiving team acts on them).
    pub handoffs: u32,
    pub owned_handoffs: u32,
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
}

/// What changed since an earlier version, in words.
#[derive(Debug, Serialize)]
pub struct Changes {
    pub since: String,
    pub fixed_count: usize,
    pub appeared_count: usize,
    /// The first few fixed and new findings, by message.
    pub fixed: Vec<String>,
    pub appeared: Vec<String>,
    /// "Proposal: no owner → Sofia Rossi".
    pub owners: Vec<String>,
    pub gained_owner: usize,
    pub lost_owner: usize,
    /// "Lead: exit criteria: … → …".
    pub criteria: Vec<String>,
    /// "MQL → Marketing qualified lead".
    pub renamed: Vec<String>,
    /// Every other field changed: "Demo: SLA hours: 24 → 48".
    pub other: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The changes in one sentence that counts every kind the lists below it show, so the
    /// two always agree: "1 finding fixed, 0 new; 1 owner named, 0 owners removed; 2
    /// renamed."
    pub summary: String,
    pub unchanged: bool,
}

/// How many names a row lists before "and N more".
const NAMES: usize = 8;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn names_of(names: &[String]) -> String {
    if names.len() <= NAMES {
        return and_list(names);
    }
    let mut shown: Vec<String> = names[..NAMES].to_vec();
    shown.push(plural(names.len() - NAMES, "more", "more"));
    and_list(&shown)
}

/// What a rule's findings are about, counted: ("stage", "stages").
fn noun(rule: Rule) -> (&'static str, &'static str) {
    match rule {
        Rule::HandoffWithoutOwner | Rule::HandoffWithoutSla => ("handoff", "handoffs"),
        Rule::StageWithoutOwner
        | Rule::MissingEntryCriteria
        | Rule::MissingExitCriteria
        | Rule::DeadEndStage
        | Rule::UnreachableStage
        | Rule::CrmValueMissing
        | Rule::CrmKindMismatch => ("stage", "stages"),
        Rule::SharedAccountability => ("stage or handoff", "stages and handoffs"),
        Rule::ConflictingDefinitions | Rule::DefinitionWithoutOwner => ("term", "terms"),
        Rule::DefinitionDrift => ("definition", "definitions"),
        Rule::CriteriaGap | Rule::UnusedTransition => ("transition", "transitions"),
        Rule::TrappedLoop => ("loop", "loops"),
        Rule::NoPathToRevenue => ("journey", "journeys"),
        Rule::HandoffPingPong => ("back-and-forth", "back-and-forths"),
        Rule::DuplicateSystemMapping => ("shared CRM value", "shared CRM values"),
        Rule::UndocumentedPath => ("undocumented path", "undocumented paths"),
        Rule::SlaBreach => ("breached SLA", "breached SLAs"),
        Rule::HandoffLeak => ("leaking handoff", "leaking handoffs"),
        Rule::HandoffSkipped => ("skipped handoff", "skipped handoffs"),
        Rule::CrmValueUnmapped => ("CRM value", "CRM values"),
    }
}

/// Findings grouped by rule: errors first, then the most frequent.
pub fn rule_groups(analysis: &Analysis, ix: &Lookup<'_>) -> Vec<RuleGroup> {
    let mut by_rule: BTreeMap<(Severity, Rule), Vec<&Finding>> = BTreeMap::new();
    for f in &analysis.findings {
        by_rule.entry((f.severity, f.rule)).or_default().push(f);
    }
    let mut groups: Vec<(Severity, RuleGroup)> = by_rule
        .into_iter()
        .map(|((severity, rule), findings)| {
            let (one, many) = noun(rule);
            let names: Vec<String> = findings.iter().map(|f| ix.involves(f)).collect();
            let group = RuleGroup {
                severity: severity.label(),
                rule: rule.id(),
                title: rule.doc().title,
                count: findings.len(),
                counted: plural(findings.len(), one, many),
                concerns: names_of(&names),
                fix: rule.doc().fix,
            };
            (severity, group)
        })
        .collect();
    groups.sort_by_key(|(severity, g)| (*severity, std::cmp::Reverse(g.count)));
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Findings of one kind about the same teams or term: one decision.
struct Group {
    severity: Severity,
    rule: Rule,
    /// What the findings were grouped by: the teams of a handoff, a lane, a term.
    key: String,
    /// What each finding concerns, by name, once each.
    names: Vec<String>,
}

/// The decisions leadership must make, most severe first: each kind of finding grouped by the
/// teams or terms it concerns ("Name owners for 3 handoffs from Marketing to Sales"). Within a
/// severity the kinds take turns, largest group first, so that the first few decisions cover
/// owners, definitions and dead ends rather than one kind many times over.
/// How many decisions page 1 has room for (the rest are under "What needs attention").
pub const DECISIONS_SHOWN: usize = 8;

pub fn decisions(
    analysis: &Analysis,
    ix: &Lookup<'_>,
    history: Option<&throughline_history::History>,
) -> Vec<Decision> {
    let mut groups: Vec<Group> = Vec::new();
    let mut slot: HashMap<(Severity, Rule, String), usize> = HashMap::new();
    for f in &analysis.findings {
        let rule = match f.rule {
            Rule::MissingExitCriteria => Rule::MissingEntryCriteria, // one decision: criteria
            rule => rule,
        };
        let key = match rule {
            Rule::HandoffWithoutOwner => ix.handoff_teams(f).unwrap_or_default(),
            Rule::StageWithoutOwner => ix.stage_team(f).unwrap_or_default(),
            Rule::ConflictingDefinitions | Rule::DefinitionDrift => {
                ix.term_in(f).unwrap_or_default()
            }
            Rule::TrappedLoop | Rule::HandoffPingPong => ix.involves(f),
            _ => String::new(),
        };
        let i = *slot.entry((f.severity, rule, key.clone())).or_insert_with(|| {
            groups.push(Group { severity: f.severity, rule, key, names: Vec::new() });
            groups.len() - 1
        });
        let name = ix.involves(f);
        if !groups[i].names.contains(&name) {
            groups[i].names.push(name);
        }
    }
    // Each kind's groups largest first (the journey's order on a tie: the sort is stable),
    // numbered by turn; then by severity, turn, and where the kind first shows in the journey.
    groups.sort_by_key(|g| (g.severity, g.rule, std::cmp::Reverse(g.names.len())));
    let first_seen =
        |rule: Rule| analysis.findings.iter().position(|f| f.rule == rule).unwrap_or(usize::MAX);
    let mut turns: HashMap<(Severity, Rule), usize> = HashMap::new();
    let mut ranked: Vec<((Severity, usize, usize), Group)> = groups
        .into_iter()
        .map(|g| {
            let turn = turns.entry((g.severity, g.rule)).or_insert(0);
            *turn += 1;
            ((g.severity, *turn, first_seen(g.rule)), g)
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    // Records lost between two teams are revenue lost: the worst leak is on page 1 whatever
    // else there is to decide.
    if let Some(at) = ranked.iter().position(|(_, g)| g.rule == Rule::HandoffLeak)
        && at >= DECISIONS_SHOWN
    {
        let leak = ranked.remove(at);
        ranked.insert(DECISIONS_SHOWN - 1, leak);
    }
    let worst_leak = history.and_then(|h| worst_leak(analysis, h, ix));
    ranked
        .into_iter()
        .map(|(_, g)| Decision {
            severity: g.severity.label(),
            text: match (&worst_leak, g.rule) {
                (Some(worst), Rule::HandoffLeak) if g.names.len() == 1 => {
                    format!("Stop records falling between the teams at {}: {worst}", g.names[0])
                }
                (Some(worst), Rule::HandoffLeak) => format!(
                    "Stop records falling between the teams at {} handoffs, worst {worst}",
                    g.names.len()
                ),
                _ => decision(g.rule, &g.key, &g.names),
            },
        })
        .collect()
}

/// The leak of the handoff-leak finding that loses the largest share of its records: "147 of
/// 318 never became a deal" (with where, when there are several: the caller says).
fn worst_leak(
    analysis: &Analysis,
    history: &throughline_history::History,
    ix: &Lookup<'_>,
) -> Option<String> {
    let leaking: Vec<&str> = analysis
        .findings
        .iter()
        .filter(|f| f.rule == Rule::HandoffLeak)
        .flat_map(|f| f.subjects.iter().map(String::as_str))
        .collect();
    let several = leaking.len() > 1;
    history
        .flow
        .transitions
        .iter()
        .filter(|t| leaking.contains(&t.id.as_str()))
        .filter_map(|t| {
            let l = t.leaks?;
            let (lost, counted) = (l.leaked - l.waiting, l.reached - l.waiting);
            (counted > 0).then_some((lost as f64 / counted as f64, lost, counted, t))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, lost, counted, t)| {
            let to = ix.transition(&t.id).and_then(|tr| ix.stage(&tr.to));
            let kind = to
                .and_then(|s| s.system.as_ref())
                .and_then(|s| s.object.as_deref())
                .unwrap_or("record");
            let said = format!(
                "{lost} of {counted} never became {}",
                throughline_history::one_record(kind)
            );
            match ix.transition_name(&t.id) {
                Some(name) if several => format!("{name}, where {said}"),
                _ => said,
            }
        })
}

/// One decision in words. `key` is what the findings were grouped by (teams, a term).
fn decision(rule: Rule, key: &str, names: &[String]) -> String {
    let n = names.len();
    let one = n == 1;
    let listed = || names_of(names);
    match rule {
        Rule::HandoffWithoutOwner if one => format!("Name an owner for the handoff {key}"),
        Rule::HandoffWithoutOwner => format!("Name owners for {n} handoffs {key}"),
        Rule::StageWithoutOwner if one => format!("Name an owner for {} ({key})", names[0]),
        Rule::StageWithoutOwner => format!("Name owners for {n} stages in {key}"),
        Rule::SharedAccountability if one => {
            format!("Choose one accountable owner for {}, which has several", names[0])
        }
        Rule::SharedAccountability => {
            format!("Choose one accountable owner for each of {n} stages and handoffs with several")
        }
        Rule::ConflictingDefinitions => format!("Agree one definition of {key}"),
        Rule::DefinitionDrift => {
            format!("Bring the definitions of {key} in line with the agreed one")
        }
        Rule::DefinitionWithoutOwner if one => {
            format!("Name an owner for the definition of {}", names[0])
        }
        Rule::DefinitionWithoutOwner => format!("Name owners for the definitions of {}", listed()),
        Rule::MissingEntryCriteria | Rule::MissingExitCriteria if one => {
            format!("Write objective criteria for {}", names[0])
        }
        Rule::MissingEntryCriteria | Rule::MissingExitCriteria => {
            format!("Write objective criteria for {n} stages")
        }
        Rule::CriteriaGap if one => {
            format!("Close the criteria gap on {}", names[0])
        }
        Rule::CriteriaGap => {
            format!(
                "Close {n} criteria gaps where records move on without meeting the next stage's criteria"
            )
        }
        Rule::DeadEndStage if n <= 3 => format!("Decide where records go after {}", listed()),
        Rule::DeadEndStage => format!("Decide where records go after {n} stages that lead nowhere"),
        Rule::TrappedLoop => format!("Give records a way out of the loop through {key}"),
        Rule::UnreachableStage if n <= 3 => {
            format!("Connect or remove {}: nothing leads there", listed())
        }
        Rule::UnreachableStage => format!("Connect or remove {n} stages that nothing leads to"),
        Rule::NoPathToRevenue => "Connect the journey to a revenue stage".to_owned(),
        Rule::HandoffPingPong => format!("Agree criteria for work sent back: {key}"),
        Rule::HandoffWithoutSla if one => format!("Agree an SLA for the handoff {}", names[0]),
        Rule::HandoffWithoutSla => format!("Agree SLAs for {n} handoffs"),
        Rule::DuplicateSystemMapping => format!("Give {} distinct CRM values", listed()),
        Rule::UndocumentedPath if one => {
            format!("Draw or stop the path records take from {}", names[0])
        }
        Rule::UndocumentedPath => format!("Draw or stop {n} paths records take that the map lacks"),
        Rule::UnusedTransition => format!("Remove or explain {n} transitions no record takes"),
        Rule::SlaBreach if one => format!("Find out why {} misses its SLA", names[0]),
        Rule::SlaBreach => format!("Find out why {n} stages and handoffs miss their SLA"),
        Rule::HandoffLeak if one => {
            format!("Stop records falling between the teams at {}", names[0])
        }
        Rule::HandoffLeak => format!("Stop records falling between the teams at {n} handoffs"),
        Rule::HandoffSkipped if one => format!("Route records through the handoff {}", names[0]),
        Rule::HandoffSkipped => format!("Route records through {n} handoffs they skip"),
        Rule::CrmValueMissing if one => {
            format!("Map {} to a value the CRM still has", names[0])
        }
        Rule::CrmValueMissing => format!("Map {n} stages to values the CRM still has"),
        Rule::CrmValueUnmapped => format!("Add stages for {n} CRM values the map does not know"),
        Rule::CrmKindMismatch => format!("Agree with the CRM where {} end", listed()),
    }
}

/// Each team's ownership and findings. A finding counts for the team of its first stage; a
/// handoff's for the receiving team, which acts on it; term findings for no team.
pub fn team_figures(map: &Map, analysis: &Analysis, ix: &Lookup<'_>) -> Vec<TeamFigures> {
    let mut teams: Vec<TeamFigures> = map
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| TeamFigures {
            team: t.name.clone(),
            color: team_colour(t, i),
            ..TeamFigures::default()
        })
        .collect();
    let slot: HashMap<&str, usize> =
        map.teams.iter().enumerate().map(|(i, t)| (&t.id[..], i)).collect();
    for s in &map.stages {
        if let Some(&i) = slot.get(&s.team[..]) {
            teams[i].stages += 1;
            teams[i].owned_stages += u32::from(s.owners.len() == 1);
        }
    }
    for t in &map.transitions {
        let (Some(a), Some(b)) = (ix.stage(&t.from), ix.stage(&t.to)) else { continue };
        if a.team != b.team
            && let Some(&i) = slot.get(&b.team[..])
        {
            teams[i].handoffs += 1;
            teams[i].owned_handoffs += u32::from(t.owners.len() == 1);
        }
    }
    for f in &analysis.findings {
        let team = f.subjects.iter().find_map(|id| {
            ix.stage(id)
                .map(|s| &s.team)
                .or_else(|| ix.transition(id).and_then(|t| ix.stage(&t.to)).map(|s| &s.team))
        });
        if let Some(&i) = team.and_then(|t| slot.get(&t[..])) {
            let count = match f.severity {
                Severity::Error => &mut teams[i].errors,
                Severity::Warning => &mut teams[i].warnings,
                Severity::Info => &mut teams[i].infos,
            };
            *count += 1;
        }
    }
    teams
}

/// How many lines each list of changes prints.
const CHANGES: usize = 12;

/// What changed since `since`, from the comparison of that version with this one.
pub fn changes(since: &str, c: &Comparison, ix: &Lookup<'_>) -> Changes {
    let said = |f: &Finding| f.message.clone();
    let mut owners = Vec::new();
    let (mut gained, mut lost) = (0, 0);
    let mut criteria = Vec::new();
    let mut renamed = Vec::new();
    let mut other = Vec::new();
    let entities: Vec<(&Changed, bool)> = c
        .stages
        .changed
        .iter()
        .map(|x| (x, false))
        .chain(c.transitions.changed.iter().map(|x| (x, true)))
        .chain(c.terms.changed.iter().map(|x| (x, false)))
        .collect();
    for (entity, transition) in entities {
        let name = if transition {
            ix.transition_name(&entity.id).unwrap_or_else(|| entity.name.clone())
        } else {
            entity.name.clone()
        };
        for change in &entity.changes {
            let line = format!("{name}: {} → {}", change.before, change.after);
            match change.field.as_str() {
                "owners" => {
                    gained += usize::from(change.before == "none");
                    lost += usize::from(change.after == "none");
                    owners.push(line);
                }
                "entry" | "exit" | "criteria" => {
                    let which = match change.field.as_str() {
                        "entry" => "entry criteria",
                        "exit" => "exit criteria",
                        _ => "criteria",
                    };
                    criteria.push(format!("{name}, {which}: {} → {}", change.before, change.after));
                }
                "name" => renamed.push(format!("{} → {}", change.before, change.after)),
                field => {
                    other.push(format!("{name}, {field}: {} → {}", change.before, change.after));
                }
            }
        }
    }
    let cut = |mut v: Vec<String>| {
        v.truncate(CHANGES);
        v
    };
    let mut summary = format!(
        "{}, {} new; {}, {}",
        plural(c.fixed.len(), "finding fixed", "findings fixed"),
        c.appeared.len(),
        plural(gained, "owner named", "owners named"),
        plural(lost, "owner removed", "owners removed"),
    );
    for (n, one, many) in [
        (renamed.len(), "renamed", "renamed"),
        (criteria.len(), "criteria change", "criteria changes"),
        (other.len(), "other change", "other changes"),
        (c.stages.added.len(), "stage added", "stages added"),
        (c.stages.removed.len(), "stage removed", "stages removed"),
    ] {
        if n > 0 {
            summary.push_str("; ");
            summary.push_str(&plural(n, one, many));
        }
    }
    summary.push('.');
    Changes {
        since: since.to_owned(),
        summary,
        fixed_count: c.fixed.len(),
        appeared_count: c.appeared.len(),
        fixed: cut(c.fixed.iter().map(said).collect()),
        appeared: cut(c.appeared.iter().map(said).collect()),
        owners: cut(owners),
        gained_owner: gained,
        lost_owner: lost,
        criteria: cut(criteria),
        renamed: cut(renamed),
        other: cut(other),
        added: cut(c.stages.added.iter().map(|n| n.name.clone()).collect()),
        removed: cut(c.stages.removed.iter().map(|n| n.name.clone()).collect()),
        unchanged: c.is_unchanged(),
    }
}
