//! A new map from the CRM's configuration: a lane per value set, a stage per value in the
//! CRM's order, and the transitions the configuration implies. Open values lead on in order,
//! the last open value to each won value, every open value to each lost value; a converted
//! lead status leads to the first opportunity stage. A lane's first stage is an entry unless
//! another lane leads into it; won values are revenue, lost values exits. Laid out in columns
//! (a lane after the lane that leads into it), so that the canvas and the PDF read at once.
//! The map has no owners, criteria or SLAs yet: its findings say what to fill in.

use std::collections::{HashMap, HashSet};

use throughline_core::Map;
use throughline_core::model::{
    Criterion, Position, Stage, StageKind, SystemOfRecord, Team, Transition,
};
use throughline_core::style::{CARD_HEIGHT, COLUMN_PITCH, LANE_LABEL, LANE_PADDING, PALETTE};

use crate::{CrmConfig, CrmValue, ValueSet, ValueState};

/// The canvas's grid (as the app lays a map out): lane label, column pitch, row pitch.
const ROW: f64 = CARD_HEIGHT + 24.0;

/// An id from a name: lower-case words joined by dashes, unique in `taken`.
pub(crate) fn id_for(name: &str, prefix: &str, taken: &mut HashSet<String>) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if slug.is_empty() { prefix.to_owned() } else { slug };
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The stage a CRM value stands for, in lane `team`: its kind from the value's ending, its
/// CRM mapping, probability, forecast category and guidance.
pub(crate) fn stage_for(set: &ValueSet, value: &CrmValue, id: &str, team: &str) -> Stage {
    let kind = match value.state {
        ValueState::Won | ValueState::Converted => StageKind::Revenue,
        ValueState::Lost => StageKind::Exit,
        ValueState::Open => StageKind::Stage,
    };
    let mut stage = Stage::new(id, &value.label, team, kind);
    stage.system = Some(SystemOfRecord {
        name: set.system.clone(),
        object: Some(set.object.clone()),
        field: Some(set.field.clone()),
        value: Some(value.value.clone()),
    });
    stage.probability = value.probability.filter(|p| (0.0..=1.0).contains(p));
    stage.forecast_category.clone_from(&value.forecast_category);
    stage.entry = value.criteria.iter().map(|c| Criterion::text(c.clone())).collect();
    stage
}

/// The map `config` describes, named `name`.
pub fn map(config: &CrmConfig, name: &str) -> Map {
    let mut map = Map {
        name: name.to_owned(),
        description: Some(format!("Imported from {}.", config.sources.join(", "))),
        ..Map::default()
    };
    let mut team_ids = HashSet::new();
    let mut stage_ids = HashSet::new();
    let mut transition_ids = HashSet::new();
    // Each set's stages: (stage id, state), in the CRM's order.
    let mut lanes: Vec<Vec<(String, ValueState)>> = Vec::new();
    for (i, set) in config.sets.iter().enumerate() {
        let team = id_for(&set.label, "lane", &mut team_ids);
        map.teams.push(Team {
            id: team.clone(),
            name: set.label.clone(),
            color: Some(PALETTE[i % PALETTE.len()].to_owned()),
        });
        let mut lane = Vec::new();
        for value in &set.values {
            let id = id_for(&value.value, "stage", &mut stage_ids);
            map.stages.push(stage_for(set, value, &id, &team));
            lane.push((id, value.state));
        }
        lanes.push(lane);
    }

    // The links made so far, looked up rather than scanned: every open value links to every
    // lost one, and scanning the list for each new link made 400 + 400 values take 48 s.
    let mut linked: HashSet<(String, String)> = HashSet::new();
    let mut connect = |map: &mut Map, from: &str, to: &str| {
        if from == to || !linked.insert((from.to_owned(), to.to_owned())) {
            return;
        }
        let id = id_for(&format!("{from}-{to}"), "transition", &mut transition_ids);
        map.transitions.push(Transition {
            id,
            from: from.to_owned(),
            to: to.to_owned(),
            owners: Vec::new(),
            sla_hours: None,
            criteria: Vec::new(),
            volume: None,
        });
    };
    for lane in &lanes {
        let open: Vec<&str> =
            lane.iter().filter(|(_, s)| *s == ValueState::Open).map(|(id, _)| &id[..]).collect();
        for pair in open.windows(2) {
            connect(&mut map, pair[0], pair[1]);
        }
        if let Some(last) = open.last() {
            for (won, _) in lane.iter().filter(|(_, s)| s.is_won()) {
                connect(&mut map, last, won);
            }
        }
        for from in &open {
            for (lost, _) in lane.iter().filter(|(_, s)| *s == ValueState::Lost) {
                connect(&mut map, from, lost);
            }
        }
    }
    // A converted lead leads on to the first opportunity stage.
    let first_opportunity = config.sets.iter().zip(&lanes).find_map(|(set, lane)| {
        (set.system.eq_ignore_ascii_case("salesforce")
            && crate::object_key(&set.object) == "opportunity")
            .then(|| lane.first().map(|(id, _)| id.clone()))
            .flatten()
    });
    let mut led_into: HashSet<usize> = HashSet::new();
    if let Some(first) = &first_opportunity {
        let converted: Vec<String> = lanes
            .iter()
            .flatten()
            .filter(|(_, s)| *s == ValueState::Converted)
            .map(|(id, _)| id.clone())
            .collect();
        for from in &converted {
            connect(&mut map, from, first);
        }
        if !converted.is_empty()
            && let Some(i) = lanes.iter().position(|l| l.first().is_some_and(|(id, _)| id == first))
        {
            led_into.insert(i);
        }
    }
    for (i, lane) in lanes.iter().enumerate() {
        if led_into.contains(&i) {
            continue;
        }
        // The lane's first open value is where records come in.
        if let Some((id, _)) = lane.iter().find(|(_, s)| *s == ValueState::Open)
            && let Some(stage) = map.stages.iter_mut().find(|s| &s.id == id)
        {
            stage.kind = StageKind::Entry;
        }
    }
    lay_out(&mut map, &lanes);
    map
}

/// Columns: a lane's open values one after another, its won and lost values in the column
/// after the last open one; a lane that another leads into starts after the stage that leads
/// there. Rows stack within a column; each lane is as tall as its most crowded column.
fn lay_out(map: &mut Map, lanes: &[Vec<(String, ValueState)>]) {
    let mut column: HashMap<String, usize> = HashMap::new();
    // Lanes in order; a lane led into from a stage placed before starts after it.
    for lane in lanes {
        let start = lane
            .first()
            .and_then(|(first, _)| {
                map.transitions
                    .iter()
                    .filter(|t| &t.to == first)
                    .filter_map(|t| column.get(&t.from))
                    .max()
            })
            .map_or(0, |c| c + 1);
        let mut c = start;
        let mut last_open = None;
        for (id, state) in lane {
            if *state == ValueState::Open {
                column.insert(id.clone(), c);
                last_open = Some(c);
                c += 1;
            }
        }
        let ends = last_open.map_or(start, |c| c + 1);
        for (id, state) in lane {
            if *state != ValueState::Open {
                column.insert(id.clone(), ends);
            }
        }
    }
    let mut top = 0.0;
    for (lane, team) in lanes.iter().zip(map.teams.clone()) {
        let mut rows: HashMap<usize, usize> = HashMap::new();
        let mut deepest = 1;
        for (id, _) in lane {
            let c = column.get(id).copied().unwrap_or(0);
            let row = rows.entry(c).or_default();
            let position = Position {
                x: LANE_LABEL + c as f64 * COLUMN_PITCH,
                y: top + LANE_PADDING + *row as f64 * ROW,
            };
            *row += 1;
            deepest = deepest.max(*row);
            if let Some(stage) = map.stages.iter_mut().find(|s| &s.id == id && s.team == team.id) {
                stage.position = Some(position);
            }
        }
        top += (deepest - 1) as f64 * ROW + CARD_HEIGHT + 2.0 * LANE_PADDING;
    }
}
