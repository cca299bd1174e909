//! OCEL 2.0 XML, streamed: the same log as OCEL 2.0 JSON (`ocel.rs`, which holds what both
//! build as they read), in the standard's XML form — `<object-types>`, `<objects>` with each
//! object's `<objects><relationship object-id=…/>`, `<events>` with each event's.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event as Xml};
use quick_xml::{Reader, XmlVersion};

use crate::event::LogError;
use crate::ocel::{Sinks, State};
use crate::time;

/// An attribute's value, unescaped.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).and_then(|a| {
        a.normalized_value(XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned)
    })
}

/// The object or event being read, with the objects it names.
struct Open {
    id: String,
    kind: String,
    time: Option<String>,
    named: Vec<String>,
}

/// Reads an OCEL 2.0 XML log; `line_of` turns a byte offset into a line number for errors.
pub(crate) fn read(
    input: impl BufRead,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    line_of: &dyn Fn(u64) -> u64,
    sinks: Sinks<'_>,
) -> Result<(), LogError> {
    let mut state = State::new(sinks);
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut types: Vec<String> = Vec::new();
    let mut relations: Vec<(String, String)> = Vec::new();
    let mut open: Option<Open> = None;
    let (mut saw_objects, mut saw_events) = (false, false);
    let wrong = |at: u64, message: String| fail(line_of(at), None, message);
    loop {
        let at = reader.buffer_position();
        let read = reader.read_event_into(&mut buf);
        let xml = read.map_err(|e| {
            wrong(
                at,
                format!(
                    "is not readable OCEL 2.0 XML: {}",
                    throughline_core::excerpt::parser_said(e)
                ),
            )
        })?;
        let (element, empty) = match &xml {
            Xml::Start(e) => (Some(e.clone()), false),
            Xml::Empty(e) => (Some(e.clone()), true),
            Xml::End(_) => (None, false),
            Xml::Eof => break,
            Xml::DocType(_) => {
                return Err(wrong(at, "is not an OCEL 2.0 XML log: it has a DOCTYPE".into()));
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        if let Some(e) = element {
            let name = e.name().as_ref().to_owned();
            let parent = path.last().map(String::as_str);
            let top = path.len() == 2 && path[0] == "log";
            match (name.as_str(), parent) {
                ("log", None) => {}
                (_, None) => {
                    return Err(wrong(
                        at,
                        format!(
                            "is not an OCEL 2.0 XML log: it starts with <{}>",
                            throughline_core::excerpt::quoted(&name)
                        ),
                    ));
                }
                ("object-type", Some("object-types")) => {
                    types.push(attribute(&e, "name").unwrap_or_default());
                }
                ("object" | "event", Some("objects" | "events")) if top => {
                    let id = attribute(&e, "id").unwrap_or_default();
                    let kind = attribute(&e, "type").unwrap_or_default();
                    let time = attribute(&e, "time");
                    open = Some(Open { id, kind, time, named: Vec::new() });
                }
                ("relationship", Some("objects")) if path.len() == 4 => {
                    if let (Some(o), Some(target)) = (&mut open, attribute(&e, "object-id")) {
                        o.named.push(target);
                    }
                }
                _ => {}
            }
            path.push(name);
            if !empty {
                buf.clear();
                continue;
            }
        }
        // An element ends (an empty one ends where it starts).
        let Some(name) = path.pop() else { break };
        let top = path.len() == 2 && path[0] == "log";
        match name.as_str() {
            "object-types" if path.len() == 1 => state.declare_types(std::mem::take(&mut types)),
            "object" if top && path[1] == "objects" => {
                if let Some(o) = open.take() {
                    relations.extend(o.named.iter().map(|b| (o.id.clone(), b.clone())));
                    state.object(o.id, &o.kind).map_err(|m| wrong(at, m))?;
                }
            }
            "objects" if path.len() == 1 => {
                saw_objects = true;
                state.objects_done(std::mem::take(&mut relations)).map_err(|m| wrong(at, m))?;
            }
            "event" if top && path[1] == "events" => {
                if let Some(o) = open.take() {
                    let written = o.time.unwrap_or_default();
                    let Some(when) = time::parse(&written) else {
                        return Err(wrong(
                            at,
                            format!(
                                "the event \"{}\" has the time \"{}\", which is not a date and time",
                                throughline_core::excerpt::quoted(&o.id),
                                throughline_core::excerpt::quoted(&written)
                            ),
                        ));
                    };
                    state.event(&o.id, &o.kind, when, o.named).map_err(|m| wrong(at, m))?;
                }
            }
            "events" if path.len() == 1 => saw_events = true,
            _ => {}
        }
        buf.clear();
    }
    // A file cut short ends inside its elements: said so, rather than as what it then lacks.
    if let Some(open) = path.last() {
        return Err(fail(
            0,
            None,
            format!(
                "is cut short: it ends before <{}> is closed ({} elements open)",
                throughline_core::excerpt::quoted(open),
                path.len()
            ),
        ));
    }
    if !saw_objects || !saw_events {
        let missing = if saw_objects { "events" } else { "objects" };
        return Err(fail(0, None, format!("is not an OCEL 2.0 XML log: it has no <{missing}>")));
    }
    Ok(())
}
