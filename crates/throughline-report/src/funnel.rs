//! How records really move, for the report: the funnel of the main path through the stage
//! history kept with the map, conversion and time per handoff, the paths the map lacks and
//! the SLAs missed.

use std::collections::HashMap;

use serde::Serialize;
use throughline_core::analysis::text::and_list;
use throughline_core::model::Map;
use throughline_history::duration;
use throughline_layout::team_colour;

use crate::lookup::Lookup;

/// How records really move (the stage history kept with the map): the funnel of the main
/// path, conversion and time per handoff, the paths the map lacks and the SLAs missed.
#[derive(Debug, Serialize)]
pub struct Funnel {
    /// The files the history was read from, as one log.
    pub log: String,
    /// How many records of each kind, when the log has several: "600 contacts and 216 deals".
    pub kinds: Option<String>,
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
    /// Where the record changes on the way in from the stage before: those that never came
    /// on, and those that came another way ("147 of 318 never became a deal; 45 of 216 deals
    /// came without passing Sales qualified lead").
    pub leak: Option<String>,
    /// Over the 20% the `handoff-leak` rule allows.
    pub leaking: bool,
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
    /// Where the record changes: "312 of 1,040 never became a deal" (those within the SLA
    /// aside), and whether that is over the 20% the `handoff-leak` rule allows.
    pub leak: Option<String>,
    pub leaking: bool,
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

pub fn funnel(map: &Map, history: &throughline_history::History, ix: &Lookup<'_>) -> Funnel {
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
    let stage_flow: HashMap<&str, &throughline_history::StageFlow> =
        flow.stages.iter().map(|s| (&s.id[..], s)).collect();
    let transition_flow: HashMap<&str, &throughline_history::TransitionFlow> =
        flow.transitions.iter().map(|t| (&t.id[..], t)).collect();

    let transition_between: HashMap<(&str, &str), &str> =
        map.transitions.iter().map(|t| ((&t.from[..], &t.to[..]), &t.id[..])).collect();
    let kind_of = |stage: &str| {
        ix.stage(stage).and_then(|s| s.system.as_ref()).and_then(|s| s.object.as_deref())
    };

    let mut stages = Vec::new();
    let mut previous: Option<(String, u64)> = None;
    let mut previous_id: Option<String> = None;
    for (stage, records_in) in main_path(map, flow) {
        let Some(s) = stage_flow.get(&stage[..]) else { continue };
        let leaks = previous_id
            .as_deref()
            .and_then(|p| transition_between.get(&(p, &stage[..])))
            .and_then(|t| transition_flow.get(t))
            .and_then(|f| f.leaks);
        let leak = leaks.map(|l| {
            let (lost, counted) = (l.leaked - l.waiting, l.reached - l.waiting);
            let kind = kind_of(&stage).unwrap_or("record");
            let mut said = format!(
                "{lost} of {counted} never became {}",
                throughline_history::one_record(kind)
            );
            if l.skipped > 0 {
                let before = previous.as_ref().map_or("", |(n, _)| n.as_str());
                said.push_str(&format!(
                    "; {} of {} {} came without passing {before}",
                    l.skipped,
                    l.entered,
                    plural(&throughline_history::kind_key(kind))
                ));
            }
            (counted > 0 && lost as f64 > 0.2 * counted as f64, said)
        });
        stages.push(FunnelStage {
            leaking: leak.as_ref().is_some_and(|(leaking, _)| *leaking),
            leak: leak.map(|(_, said)| said),
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
        previous_id = Some(stage);
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
            let kind = ix
                .stage(&t.to)
                .and_then(|s| s.system.as_ref())
                .and_then(|s| s.object.as_deref())
                .map_or_else(|| "a record".to_owned(), throughline_history::one_record);
            let leak = f.leaks.map(|l| {
                let (lost, counted) = (l.leaked - l.waiting, l.reached - l.waiting);
                (lost, counted, format!("{lost} of {counted} never became {kind}"))
            });
            Some(HandoffFlow {
                leaking: leak.as_ref().is_some_and(|(lost, counted, _)| {
                    *counted > 0 && *lost as f64 > 0.2 * *counted as f64
                }),
                leak: leak.map(|(.., said)| said),
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

    let files: Vec<String> =
        std::iter::once(&history.log).chain(&history.also).map(|f| f.name.clone()).collect();
    let kinds: Vec<String> = flow
        .log
        .objects
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o.objects,
                if o.objects == 1 { o.kind.clone() } else { plural(&o.kind) }
            )
        })
        .collect();
    Funnel {
        log: and_list(&files),
        kinds: (kinds.len() > 1).then(|| and_list(&kinds)),
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

/// A record kind in the plural: "deals", "opportunities".
fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{kind}s"),
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
fn main_path(map: &Map, flow: &throughline_history::FlowReport) -> Vec<(String, u64)> {
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
