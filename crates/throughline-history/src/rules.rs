//! The rules on reality: `undocumented-path`, `unused-transition`, `sla-breach`. Their
//! findings are settled like the map's own (severity overrides, waivers).

use throughline_core::analysis::text::agreed_hours;
use throughline_core::analysis::{Finding, WaivedFinding, settle};
use throughline_core::model::Stage;
use throughline_core::{Map, Rule};

use crate::{StageFlow, TransitionFlow, Undocumented};

/// More than this share of moves or visits over the SLA breaches it.
const BREACH: f64 = 0.10;
/// More than this share of the records reaching a cross-record handoff's source, never
/// arriving on the other side, is a leak.
const LEAK: f64 = 0.20;
/// More than this share of the records entering a cross-record handoff's target, without
/// passing its source, skipped it.
const SKIP: f64 = 0.10;

/// Every finding of the rules on reality, at the rules' default severities and before any
/// waiver: what a map keeps, to settle against the map as it is each time.
pub(crate) fn check(
    map: &Map,
    stages: &[StageFlow],
    transitions: &[TransitionFlow],
    undocumented: &[Undocumented],
    moves_out: &[u64],
) -> Vec<Finding> {
    let index: rustc_hash::FxHashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
    let stage = |id: &str| index.get(id).map(|&i| &map.stages[i]);
    let label = |s: &Stage| {
        let team = map.teams.iter().find(|t| t.id == s.team).map_or(&s.team[..], |t| &t.name[..]);
        format!("{} ({team})", s.name)
    };
    let records = |n: u64| if n == 1 { "1 record".to_owned() } else { format!("{n} records") };
    let mut raw: Vec<(Rule, Vec<String>, String, String)> = Vec::new();

    for u in undocumented {
        let (Some(a), Some(b)) = (stage(&u.from), stage(&u.to)) else { continue };
        raw.push((
            Rule::UndocumentedPath,
            vec![u.from.clone(), u.to.clone()],
            format!(
                "{} moved from {} to {}, a way the map does not draw.",
                records(u.records),
                label(a),
                label(b)
            ),
            format!(
                "Draw {} → {} with an owner and criteria if the path is legitimate, or stop \
                 records from taking it in the CRM.",
                a.name, b.name
            ),
        ));
    }
    for (t, f) in map.transitions.iter().zip(transitions) {
        let (Some(&a), Some(b)) = (index.get(&t.from[..]), stage(&t.to)) else { continue };
        let source = &map.stages[a];
        if f.records == 0 && moves_out[a] > 0 {
            raw.push((
                Rule::UnusedTransition,
                vec![t.id.clone()],
                format!(
                    "No record took {} → {}, though {} left {}.",
                    label(source),
                    label(b),
                    records(moves_out[a]),
                    source.name
                ),
                "Remove the transition if nobody takes it any more, or check how the CRM \
                 records the move."
                    .to_owned(),
            ));
        }
        if let (Some(sla), Some(late)) = (t.sla_hours, f.over_sla)
            && f.records > 0
            && late as f64 / f.records as f64 > BREACH
        {
            let sla = agreed_hours(sla);
            let team =
                map.teams.iter().find(|x| x.id == b.team).map_or(&b.team[..], |x| &x.name[..]);
            raw.push((
                Rule::SlaBreach,
                vec![t.id.clone()],
                format!(
                    "{late} of the {} moves from {} to {} ({:.0}%) took longer than the SLA of \
                     {sla}.",
                    f.records,
                    label(source),
                    label(b),
                    late as f64 * 100.0 / f.records as f64
                ),
                format!(
                    "Find out with {team} why records wait longer than {sla}, then fix \
                     that or agree an SLA the team can keep."
                ),
            ));
        }
    }
    for (t, f) in map.transitions.iter().zip(transitions) {
        let (Some(l), Some(a), Some(b)) = (f.leaks, stage(&t.from), stage(&t.to)) else {
            continue;
        };
        // The kind as one record is called: `Deals` → `deal`.
        let kind = |s: &Stage| {
            s.system
                .as_ref()
                .and_then(|x| x.object.as_deref())
                .map_or_else(|| "record".into(), crate::kind_key)
        };
        let (lost, counted) = (l.leaked - l.waiting, l.reached - l.waiting);
        if counted > 0 && lost as f64 / counted as f64 > LEAK {
            let young = match l.waiting {
                0 => String::new(),
                n => format!(" ({n} more are younger than the SLA)"),
            };
            raw.push((
                Rule::HandoffLeak,
                vec![t.id.clone()],
                format!(
                    "{lost} of {counted} {} records that reached {} never became {} at {}{young}.",
                    kind(a),
                    label(a),
                    crate::one_record(&kind(b)),
                    label(b)
                ),
                format!(
                    "Agree what makes {} from {}, automate creating it, and have the \
                     handoff's owner review the records left at {}.",
                    crate::one_record(&kind(b)),
                    crate::one_record(&kind(a)),
                    a.name
                ),
            ));
        }
        if l.entered > 0 && l.skipped as f64 / l.entered as f64 > SKIP {
            raw.push((
                Rule::HandoffSkipped,
                vec![t.id.clone()],
                format!(
                    "{} of {} {} records entered {} without a linked {} that reached {}.",
                    l.skipped,
                    l.entered,
                    kind(b),
                    label(b),
                    kind(a),
                    label(a)
                ),
                format!(
                    "Find where those {} records come from and route them through {} → {}, or \
                     draw the way they really take.",
                    kind(b),
                    a.name,
                    b.name
                ),
            ));
        }
    }
    for (s, f) in map.stages.iter().zip(stages) {
        if let (Some(sla), Some(late)) = (s.sla_hours, f.over_sla)
            && f.entered > 0
            && late as f64 / f.entered as f64 > BREACH
        {
            let sla = agreed_hours(sla);
            raw.push((
                Rule::SlaBreach,
                vec![s.id.clone()],
                format!(
                    "{late} of the {} visits to {} ({:.0}%) lasted longer than its SLA of \
                     {sla}.",
                    f.entered,
                    label(s),
                    late as f64 * 100.0 / f.entered as f64
                ),
                format!(
                    "Find out why records stay in {} longer than {sla}, then fix that or \
                     agree an SLA its owner can keep.",
                    s.name
                ),
            ));
        }
    }

    raw.into_iter()
        .map(|(rule, subjects, message, fix)| Finding::at_default(rule, subjects, message, fix))
        .collect()
}

/// Findings of the rules on reality settled against `map` as it is now: its severities for
/// the rules and its waivers. Findings about stages or transitions no longer on the map go,
/// and so does an undocumented path once the map draws it. Most severe first.
pub fn settled(map: &Map, found: &[Finding]) -> (Vec<Finding>, Vec<WaivedFinding>) {
    let exists: rustc_hash::FxHashSet<&str> = map
        .stages
        .iter()
        .map(|s| &s.id[..])
        .chain(map.transitions.iter().map(|t| &t.id[..]))
        .collect();
    let drawn: rustc_hash::FxHashSet<(&str, &str)> =
        map.transitions.iter().map(|t| (&t.from[..], &t.to[..])).collect();
    let still = |f: &&Finding| {
        f.subjects.iter().all(|s| exists.contains(&s[..]))
            && !(f.rule == Rule::UndocumentedPath
                && matches!(&f.subjects[..], [a, b] if drawn.contains(&(&a[..], &b[..]))))
    };
    let mut findings = Vec::new();
    let mut waived = Vec::new();
    for f in found.iter().filter(still) {
        match settle(map, f.rule, f.subjects.clone(), f.message.clone(), f.fix.clone()) {
            Ok(f) => findings.push(f),
            Err(w) => waived.push(w),
        }
    }
    findings.sort_by_key(|f| (f.severity, f.rule));
    (findings, waived)
}
