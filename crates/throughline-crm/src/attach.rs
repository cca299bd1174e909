//! A CRM configuration kept with a map: what changed in the CRM since the one before, and the
//! edit that adds the values no stage maps to.

use serde::{Deserialize, Serialize};
use specta::Type;
use throughline_core::Edit;
use throughline_core::Map;
use throughline_core::model::{Position, Team};
use throughline_core::style::{CARD_HEIGHT, PALETTE};

use crate::drift::unmapped;
use crate::import::{id_for, stage_for};
use crate::{CrmConfig, ValueState};

/// A configuration attached to a map, and when (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Attached {
    pub config: CrmConfig,
    pub attached_at: String,
}

fn state_word(state: ValueState) -> &'static str {
    match state {
        ValueState::Open => "open",
        ValueState::Won => "won",
        ValueState::Lost => "lost",
        ValueState::Converted => "converted",
    }
}

/// What changed in the CRM from `old` to `new`, in words: values added, removed, relabelled or
/// closed differently, and value sets added or removed.
pub fn changes(old: &CrmConfig, new: &CrmConfig) -> Vec<String> {
    let key = |s: &crate::ValueSet| {
        (s.system.to_lowercase(), crate::object_key(&s.object), s.field.clone(), s.label.clone())
    };
    let mut said = Vec::new();
    for set in &new.sets {
        let Some(before) = old.sets.iter().find(|o| key(o) == key(set)) else {
            said.push(format!("New in the CRM: {} ({} values)", set.label, set.values.len()));
            continue;
        };
        for v in &set.values {
            match before.values.iter().find(|b| b.value == v.value) {
                None => said.push(format!("Added “{}” to {}", v.label, set.label)),
                Some(b) if b.label != v.label => {
                    said.push(format!("Renamed “{}” to “{}” in {}", b.label, v.label, set.label));
                }
                Some(b) if b.state != v.state => said.push(format!(
                    "“{}” in {} is now {} (was {})",
                    v.label,
                    set.label,
                    state_word(v.state),
                    state_word(b.state)
                )),
                Some(_) => {}
            }
        }
        for b in &before.values {
            if !set.values.iter().any(|v| v.value == b.value) {
                said.push(format!("Removed “{}” from {}", b.label, set.label));
            }
        }
    }
    for set in &old.sets {
        if !new.sets.iter().any(|n| key(n) == key(set)) {
            said.push(format!("No longer in the configuration: {}", set.label));
        }
    }
    said
}

/// One edit that adds a stage for every value of `config` no stage maps to: in the lane
/// where most of its set's stages are (a new lane named after the set when none is), after
/// them, with its CRM mapping, kind, probability and forecast category. `None` when every
/// value is on the map.
pub fn add_unmapped(map: &Map, config: &CrmConfig) -> Option<Edit> {
    let mut edits = Vec::new();
    let mut teams: Vec<Team> = Vec::new();
    let mut taken: std::collections::HashSet<String> = map
        .stages
        .iter()
        .map(|s| s.id.clone())
        .chain(map.teams.iter().map(|t| t.id.clone()))
        .collect();
    let mut added_in: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (set, value) in unmapped(map, config) {
        let lane = crate::drift::lane_of(map, set)
            .or_else(|| teams.iter().find(|t| t.name == set.label).map(|t| t.id.clone()));
        let lane = lane.unwrap_or_else(|| {
            let id = id_for(&set.label, "lane", &mut taken);
            let team = Team {
                id: id.clone(),
                name: set.label.clone(),
                color: Some(PALETTE[(map.teams.len() + teams.len()) % PALETTE.len()].to_owned()),
            };
            teams.push(team.clone());
            edits.push(Edit::AddTeam { team, index: None });
            id
        });
        let id = id_for(&format!("crm {}", value.value), "crm", &mut taken);
        let mut stage = stage_for(set, value, &id, &lane);
        // After the lane's right-most stage, one row down for each value added there.
        let row = added_in.entry(lane.clone()).or_default();
        let right = map.stages.iter().filter(|s| s.team == lane).filter_map(|s| s.position).fold(
            None::<Position>,
            |a, p| {
                Some(match a {
                    Some(a) if a.x >= p.x => a,
                    _ => p,
                })
            },
        );
        stage.position =
            right.map(|p| Position { x: p.x + 250.0, y: p.y + *row as f64 * (CARD_HEIGHT + 24.0) });
        *row += 1;
        edits.push(Edit::AddStage { stage, index: None });
    }
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(Edit::Batch { edits }),
    }
}
