//! How the journey really runs: a CRM's stage history laid over the map. A log is read event
//! by event ([`log::read`]) into a [`Collector`], which matches each value to a stage and
//! keeps only numbers; [`Collector::finish`] turns them into visits, moves, statistics and the
//! reality rules' findings, as the `throughline-flow/1` document (see `docs/history.md`).

mod event;
pub mod log;
mod time;
mod xes;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use specta::Type;
use throughline_core::Map;
use throughline_core::analysis::{Finding, WaivedFinding};

pub use log::{Columns, Event, LogError, LogFile, LogKind, Progress, Source};
pub use time::duration;

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Undocumented {
    pub from: String,
    pub to: String,
    #[specta(type = f64)]
    pub records: u64,
    pub median_hours: f64,
    pub p90_hours: f64,
}

/// What a value in the log is, once looked up.
#[derive(Debug, Clone)]
enum Match {
    Stage(u32),
    Ambiguous(Vec<u32>),
    None,
}

/// Case folded, white space collapsed: how names are compared.
fn normal(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Looks values up: a stage's system value, then its name, then its id.
struct Matcher {
    system: FxHashMap<String, Vec<u32>>,
    name: FxHashMap<String, Vec<u32>>,
    id: FxHashMap<String, u32>,
}

impl Matcher {
    fn new(map: &Map) -> Self {
        let mut system: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut name: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut id = FxHashMap::default();
        for (i, s) in map.stages.iter().enumerate() {
            let i = i as u32;
            if let Some(value) = s.system.as_ref().and_then(|x| x.value.as_ref()) {
                system.entry(value.clone()).or_default().push(i);
            }
            name.entry(normal(&s.name)).or_default().push(i);
            id.entry(s.id.clone()).or_insert(i);
        }
        Matcher { system, name, id }
    }

    fn find(&self, value: &str) -> Match {
        let one = |found: &Vec<u32>| match found.as_slice() {
            [i] => Match::Stage(*i),
            many => Match::Ambiguous(many.to_vec()),
        };
        if let Some(found) = self.system.get(value) {
            return one(found);
        }
        if let Some(found) = self.name.get(&normal(value)) {
            return one(found);
        }
        self.id.get(value).map_or(Match::None, |&i| Match::Stage(i))
    }
}

/// A matched event, compact: the case's number, its order in the file, when, which stage.
#[derive(Debug, Clone, Copy)]
struct Step {
    case: u32,
    seq: u32,
    time: i64,
    stage: u32,
}

/// Takes a log's events one by one and keeps only what the statistics need.
#[derive(Debug)]
pub struct Collector<'m> {
    map: &'m Map,
    matcher: MatcherBox,
    looked_up: FxHashMap<String, Match>,
    /// Events per value that matched no stage, or several.
    left_out: FxHashMap<String, u64>,
    cases: FxHashMap<String, u32>,
    steps: Vec<Step>,
    events: u64,
    from: Option<i64>,
    to: Option<i64>,
}

/// The matcher, kept out of `Debug` output (it is large).
struct MatcherBox(Matcher);

impl std::fmt::Debug for MatcherBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher")
    }
}

impl<'m> Collector<'m> {
    pub fn new(map: &'m Map) -> Self {
        Collector {
            map,
            matcher: MatcherBox(Matcher::new(map)),
            looked_up: FxHashMap::default(),
            left_out: FxHashMap::default(),
            cases: FxHashMap::default(),
            steps: Vec::new(),
            events: 0,
            from: None,
            to: None,
        }
    }

    /// Counts one stage change of the log (in file order).
    pub fn add(&mut self, e: Event<'_>) {
        self.events += 1;
        self.from = Some(self.from.map_or(e.time, |t| t.min(e.time)));
        self.to = Some(self.to.map_or(e.time, |t| t.max(e.time)));
        let case = if let Some(&c) = self.cases.get(e.case) {
            c
        } else {
            let next = self.cases.len() as u32;
            self.cases.insert(e.case.to_owned(), next);
            next
        };
        if !self.looked_up.contains_key(e.value) {
            let found = self.matcher.0.find(e.value);
            self.looked_up.insert(e.value.to_owned(), found);
        }
        match &self.looked_up[e.value] {
            Match::Stage(stage) => {
                let seq = self.steps.len() as u32;
                self.steps.push(Step { case, seq, time: e.time, stage: *stage });
            }
            Match::Ambiguous(_) | Match::None => {
                *self.left_out.entry(e.value.to_owned()).or_insert(0) += 1;
            }
        }
    }

    /// The statistics and findings of everything added.
    pub fn finish(self) -> FlowReport {
        self.finish_with_found().0
    }

    /// The same, with every finding of the rules on reality before the map's severities and
    /// waivers (what a map keeps, to settle against itself as it changes: see [`settled`]).
    pub fn finish_with_found(mut self) -> (FlowReport, Vec<Finding>) {
        let map = self.map;
        let n = map.stages.len();
        let end = self.to.unwrap_or(0);
        self.steps.sort_unstable_by_key(|s| (s.case, s.time, s.seq));

        // The first transition in document order for each pair of stages.
        let index: FxHashMap<&str, usize> =
            map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
        let mut transition_of: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        for (k, t) in map.transitions.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (index.get(&t.from[..]), index.get(&t.to[..])) {
                transition_of.entry((a, b)).or_insert(k);
            }
        }

        let mut entered = vec![0u64; n];
        let mut current = vec![0u64; n];
        let mut current_age: Vec<Vec<f64>> = vec![Vec::new(); n];
        let mut out: Vec<Vec<f64>> = vec![Vec::new(); n];
        let mut on: Vec<Vec<f64>> = vec![Vec::new(); map.transitions.len()];
        let mut off_map: FxHashMap<(usize, usize), Vec<f64>> = FxHashMap::default();
        let hours = |from: i64, to: i64| (to - from) as f64 / 3600.0;
        for case in self.steps.chunk_by(|a, b| a.case == b.case) {
            // Visits: consecutive events at one stage are one visit, entered at the first.
            let mut visits: Vec<(usize, i64)> = Vec::new();
            for s in case {
                if visits.last().is_none_or(|&(stage, _)| stage != s.stage as usize) {
                    visits.push((s.stage as usize, s.time));
                }
            }
            for &(stage, _) in &visits {
                entered[stage] += 1;
            }
            for pair in visits.windows(2) {
                let ((a, t1), (b, t2)) = (pair[0], pair[1]);
                let took = hours(t1, t2);
                out[a].push(took);
                match transition_of.get(&(a, b)) {
                    Some(&k) => on[k].push(took),
                    None => off_map.entry((a, b)).or_default().push(took),
                }
            }
            if let Some(&(stage, since)) = visits.last() {
                current[stage] += 1;
                current_age[stage].push(hours(since, end));
            }
        }

        let over = |took: &[f64], sla: Option<f64>| {
            sla.map(|sla| took.iter().filter(|&&h| h > sla).count() as u64)
        };
        let stages: Vec<StageFlow> = map
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| StageFlow {
                id: s.id.clone(),
                entered: entered[i],
                current: current[i],
                median_hours: percentile(&mut out[i], 0.5),
                p90_hours: percentile(&mut out[i], 0.9),
                over_sla: over(&out[i], s.sla_hours)
                    .map(|moved| moved + over(&current_age[i], s.sla_hours).unwrap_or(0)),
            })
            .collect();
        let moves_out: Vec<u64> = out.iter().map(|o| o.len() as u64).collect();
        let transitions: Vec<TransitionFlow> = map
            .transitions
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let records = on[k].len() as u64;
                let left = index.get(&t.from[..]).map_or(0, |&a| moves_out[a]);
                TransitionFlow {
                    id: t.id.clone(),
                    records,
                    share: (left > 0).then(|| records as f64 / left as f64),
                    median_hours: percentile(&mut on[k], 0.5),
                    p90_hours: percentile(&mut on[k], 0.9),
                    over_sla: over(&on[k], t.sla_hours),
                }
            })
            .collect();
        let mut undocumented: Vec<(usize, usize, Undocumented)> = off_map
            .into_iter()
            .map(|((a, b), mut took)| {
                let u = Undocumented {
                    from: map.stages[a].id.clone(),
                    to: map.stages[b].id.clone(),
                    records: took.len() as u64,
                    median_hours: percentile(&mut took, 0.5).unwrap_or(0.0),
                    p90_hours: percentile(&mut took, 0.9).unwrap_or(0.0),
                };
                (a, b, u)
            })
            .collect();
        undocumented.sort_by_key(|(a, b, u)| (std::cmp::Reverse(u.records), *a, *b));
        let undocumented: Vec<Undocumented> = undocumented.into_iter().map(|(_, _, u)| u).collect();

        let found = rules::check(map, &stages, &transitions, &undocumented, &moves_out);
        let (findings, waived) = rules::settled(map, &found);
        let log = self.summary();
        let report = FlowReport {
            format: "throughline-flow/1".to_owned(),
            map: map.name.clone(),
            log,
            stages,
            transitions,
            undocumented,
            findings,
            waived: waived.len(),
        };
        (report, found)
    }

    fn summary(&self) -> LogSummary {
        let mut unmatched = Vec::new();
        let mut ambiguous = Vec::new();
        for (value, &events) in &self.left_out {
            match &self.looked_up[value] {
                Match::Ambiguous(stages) => ambiguous.push(AmbiguousValue {
                    value: value.clone(),
                    events,
                    stages: stages
                        .iter()
                        .map(|&i| self.map.stages[i as usize].id.clone())
                        .collect(),
                }),
                _ => unmatched.push(ValueCount { value: value.clone(), events }),
            }
        }
        unmatched.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.value.cmp(&b.value)));
        ambiguous.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.value.cmp(&b.value)));
        LogSummary {
            events: self.events,
            cases: self.cases.len() as u64,
            from: self.from.map(time::format),
            to: self.to.map(time::format),
            unmatched,
            ambiguous,
        }
    }
}

/// The `q` quantile of `xs`, interpolating linearly between the closest ranks (`NumPy`'s
/// default); `None` for no values. Sorts `xs`.
pub fn percentile(xs: &mut [f64], q: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_unstable_by(f64::total_cmp);
    let position = q * (xs.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    Some(xs[low] + (xs[high] - xs[low]) * (position - low as f64))
}

/// Reads the log at `path` and lays it over `map`.
pub fn flow(map: &Map, path: &std::path::Path, columns: &Columns) -> Result<FlowReport, LogError> {
    history(map, path, columns).map(|h| h.flow)
}

/// A stage history as a map keeps it: which log (never the log itself), what it says, and
/// every finding of the rules on reality before the map's waivers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct History {
    pub log: LogFile,
    pub flow: FlowReport,
    pub found: Vec<Finding>,
}

/// The rules on reality's findings, settled against the map as it is now.
impl throughline_core::Evidence for History {
    fn settled_findings(&self, map: &Map) -> (Vec<Finding>, Vec<WaivedFinding>) {
        settled(map, &self.found)
    }
}

/// Reads the log at `path`, lays it over `map`, and says which file it was.
pub fn history(map: &Map, path: &std::path::Path, columns: &Columns) -> Result<History, LogError> {
    history_from(map, Source::File(path), columns, &mut |_| {})
}

/// Reads the log from `source`, telling `progress` how far it has got, and lays it over
/// `map`.
pub fn history_from(
    map: &Map,
    source: Source<'_>,
    columns: &Columns,
    progress: &mut dyn FnMut(Progress),
) -> Result<History, LogError> {
    let mut collector = Collector::new(map);
    let read = log::read_from(source, columns, progress, &mut |e| collector.add(e))?;
    // A log that says nothing about this map is a mistake to point out, not zeros to show.
    let whole =
        |message: String| LogError { file: read.shown.clone(), line: 0, column: None, message };
    if collector.events == 0 {
        return Err(whole("has no stage changes".into()));
    }
    if collector.steps.is_empty() {
        let mut values: Vec<(&String, &u64)> = collector.left_out.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let some: Vec<String> = values.iter().take(3).map(|(v, _)| format!("\"{v}\"")).collect();
        return Err(whole(format!(
            "none of its values is a stage of the map (by system value, name or id), e.g. {}",
            some.join(", ")
        )));
    }
    let (flow, found) = collector.finish_with_found();
    Ok(History { log: read.file, flow, found })
}

mod rules;

pub use rules::settled;
