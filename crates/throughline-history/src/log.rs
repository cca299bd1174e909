//! Reading a stage history, streamed: one stage change at a time is handed on, and nothing of
//! the file is kept, so a log of ten million events never sits in memory as text.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use throughline_core::FileKind;
use throughline_files::runs::{RunLimit, Shape};

pub use crate::event::{Event, Link, LogError};
use crate::field_history::FirstValues;
use crate::time;

/// Column names for a CSV that does not use one of the known sets of names.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub case: Option<String>,
    pub activity: Option<String>,
    pub time: Option<String>,
    /// Read the records of known exports with their kind (a Salesforce opportunity is an
    /// `opportunity`): set when several files are read as one log, whose records link up.
    pub record_kinds: bool,
}

/// The kinds of log, told apart by their header (or, for XES, the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Csv,
    SalesforceFieldHistory,
    SalesforceOpportunityHistory,
    /// Salesforce `LeadHistory`: the rows whose `Field` is `Status`.
    SalesforceLeadHistory,
    /// Salesforce's `Lead` export: which opportunity each converted lead became (links only).
    SalesforceLeads,
    /// HubSpot's contact or deal export: a `Date entered` column per stage, associations.
    HubSpotExport,
    Xes,
    Ocel,
}

/// The file a stage history was read from: its name, size and SHA-256, which say which log
/// the numbers came from without keeping it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LogFile {
    pub name: String,
    #[specta(type = f64)]
    pub size: u64,
    pub sha256: String,
}

/// What reading a log found out about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLog {
    pub kind: LogKind,
    pub file: LogFile,
    /// The name errors give for it.
    pub shown: String,
}

/// Where a log comes from: a file, or bytes the app ships with (the samples' logs).
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    File(&'a Path),
    Bytes { name: &'a str, bytes: &'a [u8] },
}

impl Source<'_> {
    /// The name errors give: the path as the user wrote it, or the bundled file's name.
    fn shown(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Bytes { name, .. } => (*name).to_owned(),
        }
    }

    fn file_name(&self) -> String {
        match self {
            Source::File(path) => {
                path.file_name().map_or_else(|| self.shown(), |n| n.to_string_lossy().into_owned())
            }
            Source::Bytes { name, .. } => (*name).to_owned(),
        }
    }

    /// The kind of file its name says.
    fn file_kind(&self) -> Option<FileKind> {
        let name = match self {
            Source::File(path) => path.to_string_lossy(),
            Source::Bytes { name, .. } => (*name).into(),
        };
        FileKind::of(Path::new(name.as_ref()))
    }

    /// The 1-based line that the byte at `offset` is on; read again only when an error
    /// needs it, so lines are never counted on the way.
    fn line_of(&self, offset: u64) -> u64 {
        // Line breaks counted a buffer at a time: a line may be longer than memory allows.
        let count = |input: &mut dyn BufRead| {
            let (mut line, mut left) = (1, offset);
            while left > 0 {
                let Ok(chunk) = input.fill_buf() else { break };
                if chunk.is_empty() {
                    break;
                }
                let take = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                line += memchr::memchr_iter(b'\n', &chunk[..take]).count() as u64;
                input.consume(take);
                left -= take as u64;
            }
            line
        };
        match self {
            Source::File(path) => File::open(path).map_or(1, |f| count(&mut BufReader::new(f))),
            Source::Bytes { bytes, .. } => count(&mut &bytes[..]),
        }
    }
}

/// How far reading has got, for a progress bar: bytes read of the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub read: u64,
    pub total: u64,
}

/// Passes bytes on, fingerprinting and counting them on the way (so the log is read once),
/// and reports progress every few megabytes.
struct Fingerprinted<'p, R> {
    inner: R,
    hasher: Sha256,
    size: u64,
    total: u64,
    reported: u64,
    progress: &'p mut dyn FnMut(Progress),
}

/// Progress is told this often: a 1 GB log gives 256 reports.
const REPORT_EVERY: u64 = 4 << 20;

impl<R: Read> Read for Fingerprinted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        if self.size - self.reported >= REPORT_EVERY {
            self.reported = self.size;
            (self.progress)(Progress { read: self.size, total: self.total.max(self.size) });
        }
        Ok(n)
    }
}

/// Reads the log at `path`, calling `each` for every stage change in file order; says what
/// kind of log it was and which file.
pub fn read(
    path: &Path,
    columns: &Columns,
    mut each: impl FnMut(Event<'_>),
) -> Result<ReadLog, LogError> {
    read_from(Source::File(path), columns, &mut |_| {}, &mut each, &mut |_| {})
}

/// Reads the log from `source`, calling `each` for every stage change in file order, `links`
/// for every link between records of different kinds (object-centric logs), and `progress`
/// now and then; says what kind of log it was and which file.
pub fn read_from(
    source: Source<'_>,
    columns: &Columns,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(Event<'_>),
    links: &mut dyn FnMut(Link<'_>),
) -> Result<ReadLog, LogError> {
    let file_name = source.shown();
    let fail = |line: u64, column: Option<&str>, message: String| LogError {
        file: file_name.clone(),
        line,
        column: column.map(str::to_owned),
        message,
    };
    let (input, total): (Box<dyn Read + '_>, u64) = match source {
        Source::File(path) => {
            let file = throughline_files::open(path, throughline_files::limits::STAGE_HISTORY)
                .map_err(|e| fail(0, None, e.to_string()))?;
            let total = file.metadata().map_or(0, |m| m.len());
            (Box::new(file), total)
        }
        Source::Bytes { bytes, .. } => (Box::new(bytes), bytes.len() as u64),
    };
    // One record, tag or string at a time is what a streamed reader holds: bounded.
    let shape = match source.file_kind() {
        Some(FileKind::Xes | FileKind::OcelXml | FileKind::Xml) => Shape::Xml,
        Some(FileKind::Ocel | FileKind::Json) => Shape::Json,
        _ => Shape::Csv,
    };
    let (input, tripped) = RunLimit::new(input, shape);
    let mut file = Fingerprinted {
        inner: input,
        hasher: Sha256::new(),
        size: 0,
        total,
        reported: 0,
        progress,
    };
    let read = match source.file_kind() {
        Some(FileKind::Xes) => {
            let line_of = |offset: u64| source.line_of(offset);
            crate::xes::read(BufReader::new(&mut file), &fail, &line_of, each)
                .map(|()| LogKind::Xes)
        }
        // A stage history in JSON can only be object-centric.
        Some(FileKind::Ocel | FileKind::Json) => {
            let sinks = crate::ocel::Sinks { each, links };
            crate::ocel::read(BufReader::new(&mut file), &fail, sinks).map(|()| LogKind::Ocel)
        }
        // And one in XML: Salesforce's own files are its configuration, not a history.
        Some(FileKind::OcelXml | FileKind::Xml) => {
            let line_of = |offset: u64| source.line_of(offset);
            let sinks = crate::ocel::Sinks { each, links };
            crate::ocel_xml::read(BufReader::new(&mut file), &fail, &line_of, sinks)
                .map(|()| LogKind::Ocel)
        }
        Some(FileKind::OcelSqlite) => {
            let Source::File(path) = source else {
                return Err(fail(0, None, "an OCEL 2.0 SQLite log is read from a file".into()));
            };
            let sinks = crate::ocel::Sinks { each, links };
            crate::ocel_sqlite::read(path, &fail, sinks).map(|()| LogKind::Ocel)
        }
        _ => read_csv(BufReader::new(&mut file), columns, &fail, each, links),
    };
    // A run too long is said where it began, whatever the parser made of the stop.
    if let Some(long) = tripped.get() {
        return Err(fail(long.line, None, long.to_string()));
    }
    let kind = read?;
    // What the readers left unread (after the last record) is part of the file too.
    std::io::copy(&mut file, &mut std::io::sink())
        .map_err(|e| fail(0, None, format!("cannot be read: {e}")))?;
    (file.progress)(Progress { read: file.size, total: file.size });
    let sha256 = format!("{:x}", file.hasher.finalize());
    let file = LogFile { name: source.file_name(), size: file.size, sha256 };
    Ok(ReadLog { kind, file, shown: file_name })
}

/// Which column holds the case, the value and the time, and which rows count.
struct Layout {
    kind: LogKind,
    case: usize,
    value: usize,
    time: usize,
    /// Field history: only the rows whose `Field` column says `field_value`.
    field: Option<usize>,
    field_value: &'static str,
    /// Field history: the value each change left (a record's first value shows only there).
    old_value: Option<usize>,
    names: [String; 3],
    /// The record kind the rows are about, when the log is read with kinds.
    record_kind: Option<&'static str>,
}

impl Layout {
    /// A log of three columns, each found by its index and named: the record, its stage
    /// value, when.
    fn plain(
        kind: LogKind,
        [case, value, time]: [(usize, String); 3],
        record_kind: Option<&'static str>,
    ) -> Layout {
        Layout {
            kind,
            case: case.0,
            value: value.0,
            time: time.0,
            field: None,
            field_value: "",
            old_value: None,
            names: [case.1, value.1, time.1],
            record_kind,
        }
    }
}

fn layout(header: &[String], columns: &Columns) -> Result<Layout, String> {
    let find = |name: &str| header.iter().position(|h| h == name);
    let any = |names: &[&str]| names.iter().find_map(|n| find(n).map(|i| (i, (*n).to_owned())));
    let wanted = |given: &Option<String>, defaults: &[&str], what: &str| match given {
        Some(name) => find(name)
            .map(|i| (i, name.clone()))
            .ok_or_else(|| format!("no column named \"{name}\" for the {what}")),
        None => any(defaults).ok_or_else(|| {
            format!(
                "no column for the {what}: expected one of {} (or name it with --{})",
                defaults.iter().map(|d| format!("\"{d}\"")).collect::<Vec<_>>().join(", "),
                match what {
                    "case" => "case",
                    "stage value" => "activity",
                    _ => "time",
                }
            )
        }),
    };
    let given = columns.case.is_some() || columns.activity.is_some() || columns.time.is_some();
    let has = |names: &[&str]| names.iter().all(|n| find(n).is_some());
    let kind_if = |kind: &'static str| columns.record_kinds.then_some(kind);
    // Salesforce's field histories: the record's id, the field, its new value, when.
    for (id, field_value, kind, record) in [
        ("OpportunityId", "StageName", LogKind::SalesforceFieldHistory, "opportunity"),
        ("LeadId", "Status", LogKind::SalesforceLeadHistory, "lead"),
    ] {
        if !given && has(&[id, "Field", "NewValue", "CreatedDate"]) {
            let [case, field, value, time] =
                [id, "Field", "NewValue", "CreatedDate"].map(|n| find(n).unwrap_or(0));
            return Ok(Layout {
                kind,
                case,
                value,
                time,
                field: Some(field),
                field_value,
                old_value: find("OldValue"),
                names: [id.into(), "NewValue".into(), "CreatedDate".into()],
                record_kind: kind_if(record),
            });
        }
    }
    let named = |n: &str| (find(n).unwrap_or(0), n.to_owned());
    if !given && has(&["OpportunityId", "StageName", "CreatedDate"]) {
        let columns = ["OpportunityId", "StageName", "CreatedDate"].map(named);
        return Ok(Layout::plain(
            LogKind::SalesforceOpportunityHistory,
            columns,
            kind_if("opportunity"),
        ));
    }
    // The `Lead` export: which opportunity each converted lead became.
    if !given && has(&["Id", "ConvertedOpportunityId"]) {
        let columns = [named("Id"), named("ConvertedOpportunityId"), (0, String::new())];
        return Ok(Layout::plain(LogKind::SalesforceLeads, columns, Some("lead")));
    }
    let case = wanted(&columns.case, &["case:concept:name", "case_id", "case"], "case")?;
    let value = wanted(&columns.activity, &["concept:name", "activity"], "stage value")?;
    let time = wanted(&columns.time, &["time:timestamp", "timestamp", "time"], "time")?;
    Ok(Layout::plain(LogKind::Csv, [case, value, time], None))
}

fn read_csv(
    input: impl BufRead,
    columns: &Columns,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    each: &mut dyn FnMut(Event<'_>),
    linked: &mut dyn FnMut(Link<'_>),
) -> Result<LogKind, LogError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let csv_error = |e: &csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        match e.kind() {
            csv::ErrorKind::Utf8 { .. } => fail(line, None, "is not UTF-8 text".into()),
            _ => fail(line, None, format!("is not readable CSV: {e}")),
        }
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        // A UTF-8 byte order mark before the first name is not part of it.
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    if let Some(export) = crate::hubspot::Export::of(&header) {
        // Read with other files, its records must link to theirs.
        if columns.record_kinds
            && let Some(missing) = export.missing_associations()
        {
            return Err(fail(
                1,
                None,
                format!(
                    "has no column \"{missing}\": export it with its associations, or its records \
                     cannot be linked to the others"
                ),
            ));
        }
        crate::hubspot::read(&mut reader, &header, &export, fail, each, linked)?;
        return Ok(LogKind::HubSpotExport);
    }
    let layout = layout(&header, columns).map_err(|m| fail(1, None, m))?;
    let mut record = csv::StringRecord::new();
    let mut first_values = FirstValues::default();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        // A quote left open swallows the lines after it into one value, leaving the record
        // short: said where it opened, not as whatever the record then lacks. (A value over
        // several lines in a record that is whole was quoted on purpose.)
        let runs_on = (record.len() < header.len())
            .then(|| record.iter().enumerate().find(|(_, f)| f.contains(['\n', '\r'])))
            .flatten();
        if let Some((at, text)) = runs_on {
            let lines = text.lines().count().max(2);
            let name = header.get(at).map_or("?", String::as_str);
            return Err(fail(
                line,
                Some(name),
                format!(
                    "a quoted value is not closed: it runs on over {lines} lines (a closing \" is missing)"
                ),
            ));
        }
        if let Some(field) = layout.field
            && record.get(field).map(str::trim) != Some(layout.field_value)
        {
            if record.get(field).is_some_and(FirstValues::is_creation)
                && let (Some(case), Some(time)) = (
                    record.get(layout.case).map(str::trim).filter(|c| !c.is_empty()),
                    record.get(layout.time).and_then(time::parse),
                )
            {
                first_values.created(case, time);
            }
            continue;
        }
        if layout.kind == LogKind::SalesforceLeads {
            let cell = |at: usize| record.get(at).map(str::trim).filter(|v| !v.is_empty());
            if let (Some(lead), Some(opportunity)) = (cell(layout.case), cell(layout.value)) {
                linked(Link { a: ("lead", lead), b: ("opportunity", opportunity) });
            }
            continue;
        }
        let cell = |at: usize, name: &str| {
            record
                .get(at)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| fail(line, Some(name), "is empty".into()))
        };
        let [case_name, value_name, time_name] = &layout.names;
        let case = cell(layout.case, case_name)?;
        let value = cell(layout.value, value_name)?;
        let when = cell(layout.time, time_name)?;
        let time = time::parse(when).ok_or_else(|| {
            fail(
                line,
                Some(time_name),
                format!(
                    "\"{}\" is not a time (write 2025-03-05T14:22:10Z, 2025-03-05 14:22:10 or 2025-03-05)",
                    throughline_core::excerpt::quoted(when)
                ),
            )
        })?;
        let first =
            layout.old_value.and_then(|_| first_values.entered_before_first_change(case, time));
        if let Some(since) = first
            && let Some(old) = layout.old_value.and_then(|at| record.get(at)).map(str::trim)
            && !old.is_empty()
        {
            each(Event { case, value: old, time: since, kind: layout.record_kind });
        }
        each(Event { case, value, time, kind: layout.record_kind });
    }
    Ok(layout.kind)
}
