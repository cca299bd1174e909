//! How the journey really runs: a CRM's stage history laid over the map. A log is read event
//! by event ([`log::read`]) into a [`Collector`], which matches each value to a stage and
//! keeps only numbers; [`Collector::finish`] turns them into visits, moves, statistics and the
//! reality rules' findings, as the `throughline-flow/1` document (see `docs/history.md`).

mod collector;
mod event;
mod field_history;
mod hubspot;
pub mod log;
mod matcher;
mod ocel;
mod ocel_sqlite;
mod ocel_xml;
mod report;
mod rules;
mod time;
mod xes;

use throughline_core::Map;

pub use collector::{Collector, percentile};
pub use log::{Columns, Event, Link, LogError, LogFile, LogKind, Progress, Source};
pub use matcher::{kind_key, one_record};
pub use report::{
    AmbiguousValue, FlowReport, History, Leaks, LogSummary, ObjectCount, StageFlow, TransitionFlow,
    Undocumented, ValueCount,
};
pub use rules::settled;
pub use time::duration;

/// Reads the log at `path` and lays it over `map`.
pub fn flow(map: &Map, path: &std::path::Path, columns: &Columns) -> Result<FlowReport, LogError> {
    history(map, path, columns).map(|h| h.flow)
}

/// Reads several logs as one (a Salesforce set, contacts and deals exported apart: records of
/// several kinds and the links between them) and lays them over `map`.
pub fn flow_of_many(
    map: &Map,
    paths: &[&std::path::Path],
    columns: &Columns,
) -> Result<FlowReport, LogError> {
    history_of_many(map, paths, columns).map(|h| h.flow)
}

/// The same, as a map keeps it.
pub fn history_of_many<P: AsRef<std::path::Path>>(
    map: &Map,
    paths: &[P],
    columns: &Columns,
) -> Result<History, LogError> {
    let sources: Vec<Source<'_>> = paths.iter().map(|p| Source::File(p.as_ref())).collect();
    history_from_many(map, &sources, columns, &mut |_| {})
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
    history_from_many(map, &[source], columns, progress)
}

/// Reads logs from `sources` as one, telling `progress` how far each has got, and lays them
/// over `map`.
pub fn history_from_many(
    map: &Map,
    sources: &[Source<'_>],
    columns: &Columns,
    progress: &mut dyn FnMut(Progress),
) -> Result<History, LogError> {
    let collector = std::cell::RefCell::new(Collector::new(map));
    let mut files = Vec::new();
    let mut shown = Vec::new();
    // Files read together are one log whose records link up (a Salesforce set): each is read
    // with its records' kinds.
    let columns =
        Columns { record_kinds: columns.record_kinds || sources.len() > 1, ..columns.clone() };
    for &source in sources {
        let read = log::read_from(
            source,
            &columns,
            progress,
            &mut |e| collector.borrow_mut().add(e),
            &mut |l| collector.borrow_mut().link(l),
        )?;
        files.push(read.file);
        shown.push(read.shown);
    }
    let collector = collector.into_inner();
    if let Some(message) = collector.says_nothing_of_the_map() {
        return Err(LogError { file: shown.join(", "), line: 0, column: None, message });
    }
    let (flow, found) = collector.finish_with_found();
    let mut files = files.into_iter();
    let log = files.next().expect("at least one log was read");
    Ok(History { log, also: files.collect(), flow, found })
}
