//! What a stage history says, as `throughline flow --format json` prints it and a map keeps it.

use serde::{Deserialize, Serialize};
use specta::Type;
use throughline_core::Map;
use throughline_core::analysis::{Finding, WaivedFinding};

use crate::log::LogFile;
use crate::rules::settled;

// Counts are u64 here and numbers in the UI (`#[specta(type = f64)]`): exact up to 2^53.

/// The JSON document `throughline flow --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FlowReport {
    pub format: String,
    pub map: String,
    pub log: LogSummary,
    /// Every stage of the map, in map order.
    pub stages: Vec<StageFlow>,
    /// Every transition of the map, in map order.
    pub transitions: Vec<TransitionFlow>,
    /// Moves between stages the map does not connect: most records first.
    pub undocumented: Vec<Undocumented>,
    pub findings: Vec<Finding>,
    /// Findings of the reality rules silenced by the map's waivers.
    #[serde(skip)]
    pub waived: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LogSummary {
    #[specta(type = f64)]
    pub events: u64,
    #[specta(type = f64)]
    pub cases: u64,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Values no stage matches, with how many events had them: most first.
    pub unmatched: Vec<ValueCount>,
    /// Values several stages match (the same system value, or the same name), left out.
    pub ambiguous: Vec<AmbiguousValue>,
    /// Per kind of record, in an object-centric log (leads, deals…): how many records, how
    /// many stage changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<ObjectCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ObjectCount {
    /// The record kind, as the log names it.
    #[serde(rename = "type")]
    pub kind: String,
    #[specta(type = f64)]
    pub objects: u64,
    #[specta(type = f64)]
    pub events: u64,
}

/// At a handoff where the record changes (lead → opportunity): the records that reached its
/// source and have no linked record on the other side (`leaked`; `waiting` of them are younger
/// than the handoff's SLA), and the records that entered its target with no linked record that
/// passed its source (`skipped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Leaks {
    #[specta(type = f64)]
    pub leaked: u64,
    #[specta(type = f64)]
    pub waiting: u64,
    #[specta(type = f64)]
    pub skipped: u64,
    /// Records that reached the source.
    #[specta(type = f64)]
    pub reached: u64,
    /// Records that entered the target.
    #[specta(type = f64)]
    pub entered: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ValueCount {
    pub value: String,
    #[specta(type = f64)]
    pub events: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AmbiguousValue {
    pub value: String,
    #[specta(type = f64)]
    pub events: u64,
    /// The ids of the stages it could be.
    pub stages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StageFlow {
    pub id: String,
    #[specta(type = f64)]
    pub entered: u64,
    #[specta(type = f64)]
    pub current: u64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    #[specta(type = Option<f64>)]
    pub over_sla: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TransitionFlow {
    pub id: String,
    #[specta(type = f64)]
    pub records: u64,
    pub share: Option<f64>,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    #[specta(type = Option<f64>)]
    pub over_sla: Option<u64>,
    /// On a handoff where the record changes.
    #[serde(default, flatten)]
    pub leaks: Option<Leaks>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Undocumented {
    pub from: String,
    pub to: String,
    #[specta(type = f64)]
    pub records: u64,
    pub median_hours: f64,
    pub p90_hours: f64,
    /// Between stages of different record kinds.
    #[serde(default, flatten)]
    pub leaks: Option<Leaks>,
}

/// A stage history as a map keeps it: which log (never the log itself), what it says, and
/// every finding of the rules on reality before the map's waivers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct History {
    pub log: LogFile,
    /// The other files read with it as one log, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<LogFile>,
    pub flow: FlowReport,
    pub found: Vec<Finding>,
}

/// The rules on reality's findings, settled against the map as it is now.
impl throughline_core::Evidence for History {
    fn settled_findings(&self, map: &Map) -> (Vec<Finding>, Vec<WaivedFinding>) {
        settled(map, &self.found)
    }
}
