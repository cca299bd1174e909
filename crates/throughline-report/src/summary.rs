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
use throughline_flow::duration;

use crate::data::Lookup;
use crate::layout::team_colour;

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
    pub added: Vec<String>,
    pub removed: Vec<String>,
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
pub fn decisions(analysis: &Analysis, ix: &Lookup<'_>) -> Vec<Decision> {
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
    ranked
        .into_iter()
        .map(|(_, g)| Decision {
            severity: g.severity.label(),
            text: decision(g.rule, &g.key, &g.names),
        })
        .collect()
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
                _ => {}
            }
        }
    }
    let cut = |mut v: Vec<String>| {
        v.truncate(CHANGES);
        v
    };
    Changes {
        since: since.to_owned(),
        fixed_count: c.fixed.len(),
        appeared_count: c.appeared.len(),
        fixed: cut(c.fixed.iter().map(said).collect()),
        appeared: cut(c.appeared.iter().map(said).collect()),
        owners: cut(owners),
        gained_owner: gained,
        lost_owner: lost,
        criteria: cut(criteria),
        added: cut(c.stages.added.iter().map(|n| n.name.clone()).collect()),
        removed: cut(c.stages.removed.iter().map(|n| n.name.clone()).collect()),
        unchanged: c.is_unchanged(),
    }
}

/// How records really move (the stage history kept with the map): the funnel of the main
/// path, conversion and time per handoff, the paths the map lacks and the SLAs missed.
#[derive(Debug, Serialize)]
pub struct Funnel {
    pub log: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub events: u64,
    pub cases: u64,
    /// The main path: from the busiest entry, the busiest way on until revenue.
    pub stages: Vec<FunnelStage>,
    pub handoffs: Vec<HandoffFlow>,
    /// The paths records took that the map does not draw, most records first (the first few).
    pub undocumented: Vec<PathFlow>,
    /// How many such paths there are in all.
    pub undocumented_count: usize,
    /// Every stage and transition with an SLA that records missed, worst share first.
    pub breaches: Vec<Breach>,
}

#[derive(Debug, Serialize)]
pub struct FunnelStage {
    pub name: String,
    pub color: String,
    pub entered: u64,
    pub current: u64,
    pub median: Option<String>,
    /// Records that came on from the stage before, and their share of those that entered
    /// it: "414 (69%) from Lead"; none for the first.
    pub conversion: Option<String>,
}

/// A handoff as records take it.
#[derive(Debug, Serialize)]
pub struct HandoffFlow {
    pub from: String,
    pub to: String,
    pub color: String,
    pub records: u64,
    /// Share of the moves out of its source stage, 0–1.
    pub share: f64,
    pub median: Option<String>,
    pub p90: Option<String>,
    /// "38% over 24 h", when it has an SLA and records took it.
    pub over: Option<String>,
    pub breached: bool,
}

/// A path records took that the map does not draw.
#[derive(Debug, Serialize)]
pub struct PathFlow {
    pub from: String,
    pub to: String,
    pub records: u64,
    pub median: Option<String>,
}

/// A stage or transition whose SLA records missed.
#[derive(Debug, Serialize)]
pub struct Breach {
    pub subject: String,
    pub team: String,
    pub sla: String,
    /// Moves (or visits) over the SLA, of all.
    pub over: u64,
    pub of: u64,
    pub share: f64,
    /// "65% of 217", or "1 of 350" when under one percent.
    pub said: String,
    /// Over the 10% the `sla-breach` rule allows.
    pub breached: bool,
}

/// How many undocumented paths and breaches the section lists.
const REALITY_ROWS: usize = 8;

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn funnel(map: &Map, history: &throughline_flow::History, ix: &Lookup<'_>) -> Funnel {
    let flow = &history.flow;
    let colour: HashMap<&str, String> =
        map.teams.iter().enumerate().map(|(i, t)| (&t.id[..], team_colour(t, i))).collect();
    let colour_of = |stage: &str| {
        ix.stage(stage)
            .and_then(|s| colour.get(&s.team[..]).cloned())
            .unwrap_or_else(|| "#6b7280".into())
    };
    let name = |id: &str| ix.stage(id).map_or_else(|| id.to_owned(), |s| s.name.clone());
    let team =
        |id: &str| ix.stage(id).map(|s| ix.team_name(&s.team).to_owned()).unwrap_or_default();
    let stage_flow: HashMap<&str, &throughline_flow::StageFlow> =
        flow.stages.iter().map(|s| (&s.id[..], s)).collect();
    let transition_flow: HashMap<&str, &throughline_flow::TransitionFlow> =
        flow.transitions.iter().map(|t| (&t.id[..], t)).collect();

    let mut stages = Vec::new();
    let mut previous: Option<(String, u64)> = None;
    for (stage, records_in) in main_path(map, flow) {
        let Some(s) = stage_flow.get(&stage[..]) else { continue };
        stages.push(FunnelStage {
            name: name(&stage),
            color: colour_of(&stage),
            entered: s.entered,
            current: s.current,
            median: s.median_hours.map(duration),
            conversion: previous.as_ref().map(|(before, entered)| {
                let share = percent(records_in as f64 / (*entered).max(1) as f64);
                format!("{records_in} ({share}) from {before}")
            }),
        });
        previous = Some((name(&stage), s.entered));
    }

    let handoffs = map
        .transitions
        .iter()
        .filter(|t| ix.stage(&t.from).map(|s| &s.team) != ix.stage(&t.to).map(|s| &s.team))
        .filter_map(|t| {
            let f = transition_flow.get(&t.id[..])?;
            let over = t.sla_hours.zip(f.over_sla).filter(|_| f.records > 0).map(|(sla, over)| {
                (
                    over,
                    format!("{} over {}", percent(over as f64 / f.records as f64), duration(sla)),
                )
            });
            Some(HandoffFlow {
                from: name(&t.from),
                to: name(&t.to),
                color: colour_of(&t.to),
                records: f.records,
                share: f.share.unwrap_or(0.0),
                median: f.median_hours.map(duration),
                p90: f.p90_hours.map(duration),
                breached: over.as_ref().is_some_and(|(n, _)| *n as f64 > 0.1 * f.records as f64),
                over: over.map(|(_, said)| said),
            })
        })
        .collect();

    let mut breaches: Vec<Breach> = Vec::new();
    for s in &map.stages {
        let (Some(sla), Some(f)) = (s.sla_hours, stage_flow.get(&s.id[..])) else { continue };
        breaches.extend(breach(&s.name, ix.team_name(&s.team), sla, f.over_sla, f.entered));
    }
    for t in &map.transitions {
        let (Some(sla), Some(f)) = (t.sla_hours, transition_flow.get(&t.id[..])) else { continue };
        let subject = format!("{} → {}", name(&t.from), name(&t.to));
        breaches.extend(breach(&subject, &team(&t.to), sla, f.over_sla, f.records));
    }
    breaches.sort_by(|a, b| b.share.total_cmp(&a.share).then_with(|| b.over.cmp(&a.over)));
    breaches.truncate(REALITY_ROWS);

    Funnel {
        log: history.log.name.clone(),
        from: flow.log.from.clone(),
        to: flow.log.to.clone(),
        events: flow.log.events,
        cases: flow.log.cases,
        stages,
        handoffs,
        undocumented: flow
            .undocumented
            .iter()
            .take(REALITY_ROWS)
            .map(|u| PathFlow {
                from: name(&u.from),
                to: name(&u.to),
                records: u.records,
                median: Some(duration(u.median_hours)),
            })
            .collect(),
        undocumented_count: flow.undocumented.len(),
        breaches,
    }
}

fn breach(subject: &str, team: &str, sla: f64, over: Option<u64>, of: u64) -> Option<Breach> {
    let over = over.filter(|&n| n > 0 && of > 0)?;
    let share = over as f64 / of as f64;
    Some(Breach {
        subject: subject.to_owned(),
        team: team.to_owned(),
        sla: duration(sla),
        over,
        of,
        share,
        said: if share < 0.01 {
            format!("{over} of {of}")
        } else {
            format!("{} of {of}", percent(share))
        },
        breached: share > 0.1,
    })
}

/// The main path records take: from the stage most records start at (entered, less the moves
/// into it), along the transition most records took out of each stage (to a stage not yet on
/// the path, and not an exit while another way has records), until a revenue stage or no way
/// on. Each stage comes with the records that took the way into it.
fn main_path(map: &Map, flow: &throughline_flow::FlowReport) -> Vec<(String, u64)> {
    use throughline_core::model::StageKind;
    let kind: HashMap<&str, StageKind> = map.stages.iter().map(|s| (&s.id[..], s.kind)).collect();
    let entered: HashMap<&str, u64> = flow.stages.iter().map(|s| (&s.id[..], s.entered)).collect();
    let records: HashMap<&str, u64> =
        flow.transitions.iter().map(|t| (&t.id[..], t.records)).collect();
    let mut moved_in: HashMap<&str, u64> = HashMap::new();
    for t in &map.transitions {
        *moved_in.entry(&t.to[..]).or_default() += records.get(&t.id[..]).copied().unwrap_or(0);
    }
    for u in &flow.undocumented {
        *moved_in.entry(&u.to[..]).or_default() += u.records;
    }
    let started = |id: &str| {
        let came = moved_in.get(id).copied().unwrap_or(0);
        entered.get(id).copied().unwrap_or(0).saturating_sub(came)
    };
    // The stages from which the map draws a way to revenue: the main path keeps to them.
    let mut to_revenue: std::collections::HashSet<&str> =
        map.stages.iter().filter(|s| s.kind == StageKind::Revenue).map(|s| &s.id[..]).collect();
    loop {
        let before = to_revenue.len();
        for t in &map.transitions {
            if to_revenue.contains(&t.to[..]) {
                to_revenue.insert(&t.from[..]);
            }
        }
        if to_revenue.len() == before {
            break;
        }
    }
    let Some(entry) = map
        .stages
        .iter()
        .filter(|s| started(&s.id) > 0)
        // The most records started there; an entry stage first among equals, then map order.
        .min_by_key(|s| (std::cmp::Reverse(started(&s.id)), s.kind != StageKind::Entry))
    else {
        return Vec::new();
    };
    let mut path = vec![(entry.id.clone(), entered.get(&entry.id[..]).copied().unwrap_or(0))];
    loop {
        let (at, _) = path.last().expect("the path starts at the entry");
        if kind.get(&at[..]) == Some(&StageKind::Revenue) {
            break;
        }
        let next = map
            .transitions
            .iter()
            .filter(|t| &t.from == at && !path.iter().any(|(id, _)| *id == t.to))
            .map(|t| {
                let n = records.get(&t.id[..]).copied().unwrap_or(0);
                let exit = kind.get(&t.to[..]) == Some(&StageKind::Exit);
                (t, n, exit)
            })
            .filter(|(_, n, _)| *n > 0)
            // Towards revenue first, then the way on before the way out; then the most
            // records; then the map's order.
            .min_by_key(|(t, n, exit)| {
                (!to_revenue.contains(&t.to[..]), *exit, std::cmp::Reverse(*n))
            });
        let Some((t, n, _)) = next else { break };
        path.push((t.to.clone(), n));
    }
    path
}
