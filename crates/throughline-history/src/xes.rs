//! XES (IEEE 1849), streamed: a trace's `concept:name` is the case, each event's
//! `concept:name` the stage value and its `time:timestamp` the time. A trace's events are held
//! until the trace ends (its name may come after them); nothing else is kept.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event as Xml};
use quick_xml::{Reader, XmlVersion};

use crate::event::{Event, LogError};
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Trace,
    Event,
    Other,
}

/// An event of the trace being read: its value, its time as written, and where it started.
#[derive(Default)]
struct Pending {
    value: Option<String>,
    time: Option<String>,
    at: u64,
}

/// The `key` and `value` of an attribute element (`<string key=… value=…/>`).
fn key_value(e: &BytesStart<'_>) -> (Option<String>, Option<String>) {
    let (mut key, mut value) = (None, None);
    for a in e.attributes().flatten() {
        let text =
            a.normalized_value(XmlVersion::Implicit1_0).map(std::borrow::Cow::into_owned).ok();
        match a.key.as_ref() {
            "key" => key = text,
            "value" => value = text,
            _ => {}
        }
    }
    (key, value)
}

/// Reads an XES log; `line_of` turns a byte offset into a line number for errors.
pub(crate) fn read(
    input: impl BufRead,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    line_of: &dyn Fn(u64) -> u64,
    each: &mut dyn FnMut(Event<'_>),
) -> Result<(), LogError> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut stack: Vec<Tag> = Vec::new();
    let mut case: Option<String> = None;
    let mut events: Vec<Pending> = Vec::new();
    let mut current = Pending::default();
    let mut started_trace = 0;
    loop {
        let at = reader.buffer_position();
        let read = reader.read_event_into(&mut buf);
        let xml = read.map_err(|e| {
            fail(
                line_of(at),
                None,
                format!("is not readable XES: {}", throughline_core::excerpt::parser_said(e)),
            )
        })?;
        let (element, opens) = match &xml {
            Xml::Start(e) => (Some(e), true),
            Xml::Empty(e) => (Some(e), false),
            Xml::End(_) => {
                match stack.pop() {
                    Some(Tag::Event) => events.push(std::mem::take(&mut current)),
                    Some(Tag::Trace) => {
                        let name = case.take().ok_or_else(|| {
                            fail(line_of(started_trace), None, "a trace has no concept:name".into())
                        })?;
                        for e in events.drain(..) {
                            emit(&name, e, fail, line_of, each)?;
                        }
                    }
                    _ => {}
                }
                (None, false)
            }
            Xml::Eof => break,
            _ => (None, false),
        };
        if let Some(e) = element {
            let tag = match e.local_name().as_ref() {
                "trace" => Tag::Trace,
                "event" => Tag::Event,
                _ => Tag::Other,
            };
            match (tag, stack.last()) {
                (Tag::Trace, _) => {
                    started_trace = at;
                    case = None;
                    events.clear();
                }
                (Tag::Event, Some(Tag::Trace)) => current = Pending { at, ..Pending::default() },
                (Tag::Other, Some(Tag::Trace)) => {
                    if let (Some(k), Some(v)) = key_value(e)
                        && k == "concept:name"
                    {
                        case = Some(v);
                    }
                }
                (Tag::Other, Some(Tag::Event)) => match key_value(e) {
                    (Some(k), v) if k == "concept:name" => current.value = v,
                    (Some(k), v) if k == "time:timestamp" => current.time = v,
                    _ => {}
                },
                _ => {}
            }
            if opens {
                stack.push(tag);
            } else if tag == Tag::Event {
                events.push(std::mem::take(&mut current));
            }
        }
        buf.clear();
    }
    Ok(())
}

fn emit(
    case: &str,
    e: Pending,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    line_of: &dyn Fn(u64) -> u64,
    each: &mut dyn FnMut(Event<'_>),
) -> Result<(), LogError> {
    let line = || line_of(e.at);
    let value = e
        .value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| fail(line(), Some("concept:name"), "an event has no stage value".into()))?;
    let written = e
        .time
        .ok_or_else(|| fail(line(), Some("time:timestamp"), "an event has no time".into()))?;
    let time = time::parse(&written).ok_or_else(|| {
        fail(
            line(),
            Some("time:timestamp"),
            format!("\"{}\" is not a time", throughline_core::excerpt::quoted(&written)),
        )
    })?;
    each(Event { case, value: value.trim(), time, kind: None });
    Ok(())
}
