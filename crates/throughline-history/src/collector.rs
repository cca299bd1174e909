//! Events in, numbers out: the statistics a log gives, gathered one event at a time.

use rustc_hash::{FxHashMap, FxHashSet};
use throughline_core::Map;
use throughline_core::analysis::Finding;

use crate::log::{Event, Link};
use crate::matcher::{Match, Matcher, kind_key, stage_kind};
use crate::report::{
    AmbiguousValue, FlowReport, Leaks, LogSummary, ObjectCount, StageFlow, TransitionFlow,
    Undocumented, ValueCount,
};
use crate::{rules, time};

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
    /// Values looked up, per record kind (index 0: no kind).
    looked_up: Vec<FxHashMap<String, Match>>,
    /// Events per value that matched no stage, or several.
    left_out: FxHashMap<String, u64>,
    /// Records by id, per record kind (index 0: no kind), numbered as first seen.
    cases: Vec<FxHashMap<String, u32>>,
    /// Each record's kind (index into `kinds`).
    case_kind: Vec<u32>,
    /// The record kinds the log names (index 0: none), and the events of each.
    kinds: Vec<String>,
    kind_events: Vec<u64>,
    /// Links between records of different kinds, as (kind, id) pairs, resolved at the end
    /// (a link may come before the records' events).
    links: Vec<((u32, String), (u32, String))>,
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
    /// Why the log read so far says nothing about the map, if it does not: a mistake to point
    /// out rather than zeros to show.
    pub(crate) fn says_nothing_of_the_map(&self) -> Option<String> {
        if self.events == 0 {
            return Some("has no stage changes".into());
        }
        if !self.steps.is_empty() {
            return None;
        }
        let mut values: Vec<(&String, &u64)> = self.left_out.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let some: Vec<String> = values
            .iter()
            .take(3)
            .map(|(v, _)| format!("\"{}\"", throughline_core::excerpt::quoted(v)))
            .collect();
        Some(format!(
            "none of its values is a stage of the map (by system value, name or id), e.g. {}",
            some.join(", ")
        ))
    }

    pub fn new(map: &'m Map) -> Self {
        Collector {
            map,
            matcher: MatcherBox(Matcher::new(map)),
            looked_up: vec![FxHashMap::default()],
            left_out: FxHashMap::default(),
            cases: vec![FxHashMap::default()],
            case_kind: Vec::new(),
            kinds: vec![String::new()],
            kind_events: vec![0],
            links: Vec::new(),
            steps: Vec::new(),
            events: 0,
            from: None,
            to: None,
        }
    }

    /// The number of a record kind (0: none), numbering it when new.
    fn kind_number(&mut self, kind: Option<&str>) -> u32 {
        let Some(kind) = kind else { return 0 };
        if let Some(i) = self.kinds.iter().position(|k| k == kind) {
            return i as u32;
        }
        self.kinds.push(kind.to_owned());
        self.kind_events.push(0);
        self.looked_up.push(FxHashMap::default());
        self.cases.push(FxHashMap::default());
        (self.kinds.len() - 1) as u32
    }

    /// Counts one stage change of the log (in file order).
    pub fn add(&mut self, e: Event<'_>) {
        self.events += 1;
        self.from = Some(self.from.map_or(e.time, |t| t.min(e.time)));
        self.to = Some(self.to.map_or(e.time, |t| t.max(e.time)));
        let kind = self.kind_number(e.kind);
        self.kind_events[kind as usize] += 1;
        let case = if let Some(&c) = self.cases[kind as usize].get(e.case) {
            c
        } else {
            let next = self.case_kind.len() as u32;
            self.cases[kind as usize].insert(e.case.to_owned(), next);
            self.case_kind.push(kind);
            next
        };
        let looked_up = &mut self.looked_up[kind as usize];
        if !looked_up.contains_key(e.value) {
            let found = self.matcher.0.find(e.kind, e.value);
            looked_up.insert(e.value.to_owned(), found);
        }
        match &looked_up[e.value] {
            Match::Stage(stage) => {
                let seq = self.steps.len() as u32;
                self.steps.push(Step { case, seq, time: e.time, stage: *stage });
            }
            Match::Ambiguous(_) | Match::None => {
                *self.left_out.entry(e.value.to_owned()).or_insert(0) += 1;
            }
        }
    }

    /// Notes that two records of different kinds belong together.
    pub fn link(&mut self, link: Link<'_>) {
        let a = (self.kind_number(Some(link.a.0)), link.a.1.to_owned());
        let b = (self.kind_number(Some(link.b.0)), link.b.1.to_owned());
        if a.0 != b.0 {
            self.links.push((a, b));
        }
    }

    /// The records each record is linked to, by number (links to records without events
    /// are left out: they visited no stage).
    fn linked(&self) -> Vec<Vec<u32>> {
        let mut linked = vec![Vec::new(); self.case_kind.len()];
        for ((ka, a), (kb, b)) in &self.links {
            let (Some(&a), Some(&b)) =
                (self.cases[*ka as usize].get(a), self.cases[*kb as usize].get(b))
            else {
                continue;
            };
            linked[a as usize].push(b);
            linked[b as usize].push(a);
        }
        for l in &mut linked {
            l.sort_unstable();
            l.dedup();
        }
        linked
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
        let mut visits_of: Vec<Vec<(usize, i64)>> = vec![Vec::new(); self.case_kind.len()];
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
            visits_of[case[0].case as usize] = visits;
        }

        // Handoffs where the record changes (see docs/history.md): a record's entry into its
        // first stage is a move from the last stage of another kind that a linked record
        // visited before it.
        // Only a log with records of two kinds or more has records to link: one that names none,
        // or one kind only, is read as one kind of record, whatever the map's stages track.
        // A handoff to a kind the log has no record of cannot be seen in it: it is not measured
        // (a log of contacts and deals says nothing of the invoices after them).
        let log_kinds: FxHashSet<String> = self.kinds.iter().skip(1).map(|k| kind_key(k)).collect();
        let log_has_kinds = log_kinds.len() > 1;
        let kinds: Vec<Option<String>> = map.stages.iter().map(stage_kind).collect();
        let seen = |stage: usize| kinds[stage].as_ref().filter(|k| log_kinds.contains(*k));
        let cross = |a: usize, b: usize| {
            log_has_kinds && seen(a).is_some() && seen(b).is_some() && kinds[a] != kinds[b]
        };
        let linked = self.linked();
        // When a record's last visit was ended by a linked record taking the journey on (a
        // contact's stage left when its deal is made).
        let mut handed_on: Vec<Option<i64>> = vec![None; visits_of.len()];
        for (b, visits) in visits_of.iter().enumerate() {
            let Some(&(first, entered_at)) = visits.first() else { continue };
            let mut from: Option<(usize, usize, i64)> = None;
            for &a in &linked[b] {
                for &(stage, at) in &visits_of[a as usize] {
                    if at <= entered_at
                        && cross(stage, first)
                        && from.is_none_or(|(_, _, t)| at > t)
                    {
                        from = Some((a as usize, stage, at));
                    }
                }
            }
            if let Some((record, a, at)) = from {
                let took = hours(at, entered_at);
                match transition_of.get(&(a, first)) {
                    Some(&k) => on[k].push(took),
                    None => off_map.entry((a, first)).or_default().push(took),
                }
                if visits_of[record].last() == Some(&(a, at)) {
                    let ended = &mut handed_on[record];
                    *ended = Some(ended.map_or(entered_at, |t| t.min(entered_at)));
                }
            }
        }
        // Where each record is now: its last visit, unless another record took it on.
        for (record, visits) in visits_of.iter().enumerate() {
            let Some(&(stage, since)) = visits.last() else { continue };
            if let Some(left) = handed_on[record] {
                out[stage].push(hours(since, left));
            } else {
                current[stage] += 1;
                current_age[stage].push(hours(since, end));
            }
        }
        let leaks = |a: usize, b: usize, sla: Option<f64>| {
            let entry = |case: usize, stage: usize| {
                visits_of[case].iter().find(|&&(s, _)| s == stage).map(|&(_, t)| t)
            };
            let linked_to = |case: usize, stage: usize| {
                linked[case].iter().any(|&o| entry(o as usize, stage).is_some())
            };
            let mut l = Leaks { leaked: 0, waiting: 0, skipped: 0, reached: 0, entered: 0 };
            for case in 0..visits_of.len() {
                if let Some(at) = entry(case, a) {
                    l.reached += 1;
                    if !linked_to(case, b) {
                        l.leaked += 1;
                        l.waiting += u64::from(sla.is_some_and(|h| hours(at, end) < h));
                    }
                }
                if entry(case, b).is_some() {
                    l.entered += 1;
                    l.skipped += u64::from(!linked_to(case, a));
                }
            }
            l
        };

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
                let ends = index.get(&t.from[..]).zip(index.get(&t.to[..]));
                let crossing = ends.filter(|&(&a, &b)| cross(a, b));
                // Across records the share is of those that reached the source; else of
                // those that left it.
                let left = match (crossing, ends) {
                    (Some((&a, _)), _) => entered[a],
                    (None, Some((&a, _))) => moves_out[a],
                    (None, None) => 0,
                };
                TransitionFlow {
                    id: t.id.clone(),
                    records,
                    share: (left > 0).then(|| records as f64 / left as f64),
                    median_hours: percentile(&mut on[k], 0.5),
                    p90_hours: percentile(&mut on[k], 0.9),
                    over_sla: over(&on[k], t.sla_hours),
                    leaks: crossing.map(|(&a, &b)| leaks(a, b, t.sla_hours)),
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
                    leaks: cross(a, b).then(|| leaks(a, b, None)),
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
            // Ambiguous for one kind of record is said, even if another kind has no stage for it.
            let ambiguity = self.looked_up.iter().find_map(|kind| match kind.get(value) {
                Some(Match::Ambiguous(stages)) => Some(stages),
                _ => None,
            });
            match ambiguity {
                Some(stages) => ambiguous.push(AmbiguousValue {
                    value: value.clone(),
                    events,
                    stages: stages
                        .iter()
                        .map(|&i| self.map.stages[i as usize].id.clone())
                        .collect(),
                }),
                None => unmatched.push(ValueCount { value: value.clone(), events }),
            }
        }
        unmatched.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.value.cmp(&b.value)));
        ambiguous.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.value.cmp(&b.value)));
        let mut objects: Vec<ObjectCount> = (1..self.kinds.len())
            .map(|k| ObjectCount {
                kind: self.kinds[k].clone(),
                objects: self.case_kind.iter().filter(|&&c| c as usize == k).count() as u64,
                events: self.kind_events[k],
            })
            .collect();
        objects.sort_by(|a, b| a.kind.cmp(&b.kind));
        LogSummary {
            events: self.events,
            cases: self.case_kind.len() as u64,
            objects,
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
