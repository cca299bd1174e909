//! The drift rules: `crm-value-missing`, `crm-value-unmapped`, `crm-kind-mismatch`. A CRM
//! value is identified by system, object, field and value; systems and objects compare
//! case-insensitively (an object's singular and plural alike), fields and values exactly.
//! Only the system, object and field combinations the configuration has are judged.

use std::collections::{HashMap, HashSet};

use throughline_core::analysis::{Finding, WaivedFinding, settle};
use throughline_core::model::{Stage, StageKind};
use throughline_core::{Map, Rule};

use crate::{CrmConfig, CrmValue, ValueSet, ValueState, object_key};

/// Where a value lives: system, object and field, compared as the rules say.
type Place = (String, String, String);

fn place(system: &str, object: &str, field: &str) -> Place {
    (system.trim().to_lowercase(), object_key(object), field.trim().to_owned())
}

fn set_place(set: &ValueSet) -> Place {
    place(&set.system, &set.object, &set.field)
}

/// A stage's mapping, when it names system, object, field and value.
fn mapping(stage: &Stage) -> Option<(Place, &str)> {
    let system = stage.system.as_ref()?;
    Some((
        place(&system.name, system.object.as_deref()?, system.field.as_deref()?),
        system.value.as_deref()?,
    ))
}

/// The values of `config` no stage of `map` maps to, with their sets, in the CRM's order.
pub fn unmapped<'c>(map: &Map, config: &'c CrmConfig) -> Vec<(&'c ValueSet, &'c CrmValue)> {
    let mapped: HashSet<(Place, &str)> = map.stages.iter().filter_map(mapping).collect();
    config
        .sets
        .iter()
        .flat_map(|set| set.values.iter().map(move |v| (set, v)))
        .filter(|(set, v)| !mapped.contains(&(set_place(set), &v.value[..])))
        .collect()
}

/// The lane most of a set's stages are in: where a stage for another of its values belongs.
pub fn lane_of(map: &Map, set: &ValueSet) -> Option<String> {
    let at = set_place(set);
    let mut count: HashMap<&str, usize> = HashMap::new();
    for stage in &map.stages {
        if let Some((place, value)) = mapping(stage)
            && place == at
            && set.values.iter().any(|v| v.value == value)
        {
            *count.entry(&stage.team[..]).or_default() += 1;
        }
    }
    // The most stages; the lane that comes first on the map among equals.
    let order = |team: &str| map.teams.iter().position(|t| t.id == team).unwrap_or(usize::MAX);
    count
        .into_iter()
        .max_by_key(|(team, n)| (*n, std::cmp::Reverse(order(team))))
        .map(|(team, _)| team.to_owned())
}

/// Every drift finding at the rules' default severities, before waivers.
pub fn check(map: &Map, config: &CrmConfig) -> Vec<Finding> {
    let mut values: HashMap<Place, HashMap<&str, (&ValueSet, &CrmValue)>> = HashMap::new();
    for set in &config.sets {
        let known = values.entry(set_place(set)).or_default();
        for v in &set.values {
            known.entry(&v.value[..]).or_insert((set, v));
        }
    }
    let team = |s: &Stage| {
        map.teams.iter().find(|t| t.id == s.team).map_or(&s.team[..], |t| &t.name[..]).to_owned()
    };
    let mut raw: Vec<(Rule, Vec<String>, String, String)> = Vec::new();
    let mut mapped: HashSet<(Place, &str)> = HashSet::new();
    for stage in &map.stages {
        let Some((at, value)) = mapping(stage) else { continue };
        let Some(known) = values.get(&at) else { continue };
        let system = stage.system.as_ref().map(|s| s.name.as_str()).unwrap_or_default();
        let field = stage.system.as_ref().and_then(|s| s.field.as_deref()).unwrap_or_default();
        let object = stage.system.as_ref().and_then(|s| s.object.as_deref()).unwrap_or_default();
        let named = format!("{} ({})", stage.name, team(stage));
        let Some((set, crm)) = known.get(value) else {
            raw.push((
                Rule::CrmValueMissing,
                vec![stage.id.clone()],
                format!(
                    "{named} maps to {system} {object}.{field} = “{value}”, which the CRM's \
                     configuration does not have: renamed or deleted in the CRM."
                ),
                format!(
                    "Map {} to the value the CRM uses now, or restore “{value}” in the CRM if it \
                     was removed by mistake.",
                    stage.name
                ),
            ));
            continue;
        };
        mapped.insert((at.clone(), value));
        let said = match (crm.state, stage.kind) {
            (ValueState::Lost, kind) if kind != StageKind::Exit => {
                Some(("closes records as lost", "exit"))
            }
            (ValueState::Won | ValueState::Converted, StageKind::Exit) => {
                Some(("counts records as won", "stage or revenue stage"))
            }
            (ValueState::Open, StageKind::Exit) => Some(("keeps records open", "stage")),
            _ => None,
        };
        if let Some((does, should)) = said {
            raw.push((
                Rule::CrmKindMismatch,
                vec![stage.id.clone()],
                format!(
                    "{named} is {} {}, but the CRM {does} at “{}” ({}).",
                    article(stage.kind.label()),
                    stage.kind.label(),
                    crm.label,
                    set.label
                ),
                format!(
                    "Make {} {} {should} if that is where records are, or fix the value's \
                     closed and won flags in the CRM.",
                    stage.name,
                    article(should)
                ),
            ));
        }
    }
    for set in &config.sets {
        let at = set_place(set);
        for v in &set.values {
            if mapped.contains(&(at.clone(), &v.value[..])) {
                continue;
            }
            let shown = if v.label == v.value {
                format!("“{}”", v.label)
            } else {
                format!("“{}” ({})", v.label, v.value)
            };
            raw.push((
                Rule::CrmValueUnmapped,
                Vec::new(),
                format!(
                    "The CRM's {shown} in {} ({} {}.{}) is a value no stage maps to: records can \
                     sit there without the map knowing.",
                    set.label, set.system, set.object, set.field
                ),
                format!(
                    "Add a stage for {shown} with an owner and criteria, or map an existing stage \
                     to it, or retire the value in the CRM if nobody uses it."
                ),
            ));
        }
    }
    raw.into_iter()
        .map(|(rule, subjects, message, fix)| Finding::at_default(rule, subjects, message, fix))
        .collect()
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// The drift findings settled against the map (severity overrides, waivers).
pub fn settled(map: &Map, config: &CrmConfig) -> (Vec<Finding>, Vec<WaivedFinding>) {
    let mut findings = Vec::new();
    let mut waived = Vec::new();
    for f in check(map, config) {
        match settle(map, f.rule, f.subjects, f.message, f.fix) {
            Ok(f) => findings.push(f),
            Err(w) => waived.push(w),
        }
    }
    (findings, waived)
}

/// The drift findings, settled against the map.
impl throughline_core::Evidence for CrmConfig {
    fn settled_findings(&self, map: &Map) -> (Vec<Finding>, Vec<WaivedFinding>) {
        settled(map, self)
    }
}
