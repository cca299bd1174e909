//! OCEL 2.0 JSON (the object-centric event log standard, <https://www.ocel-standard.org>),
//! streamed: objects and events are visited one at a time as serde reads them, never held as
//! a document. Each event is a stage change of every object it names (the object's type is the
//! record kind, the event's type the stage value); the objects one event names together, and
//! the object–object relationships, are the links between records.
//!
//! The objects come first in the files the standard's tools write; events that come before
//! them are held (compactly) until the objects are known.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use throughline_core::excerpt::quoted;

use crate::event::{Event, Link, LogError};
use crate::time;

/// What reading hands on: stage changes and links.
pub(crate) struct Sinks<'s> {
    pub each: &'s mut dyn FnMut(Event<'_>),
    pub links: &'s mut dyn FnMut(Link<'_>),
}

/// Reads an OCEL 2.0 JSON log.
pub(crate) fn read(
    input: impl Read,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    sinks: Sinks<'_>,
) -> Result<(), LogError> {
    let mut reader = serde_json::Deserializer::from_reader(input);
    let mut state = State {
        sinks,
        types: None,
        objects: HashMap::new(),
        objects_read: false,
        held: Vec::new(),
    };
    let done = DocumentSeed(&mut state).deserialize(&mut reader).and_then(|()| reader.end());
    if let Err(e) = done {
        let message = throughline_core::excerpt::parser_said(&e);
        let message = message.rfind(" at line ").map_or(&message[..], |at| &message[..at]);
        let line = e.line() as u64;
        return Err(fail(line, None, format!("is not an OCEL 2.0 JSON log: {message}")));
    }
    Ok(())
}

/// What both encodings build as they read: the declared types, every object's type, the
/// events held until the objects are known; and what they hand on.
pub(crate) struct State<'s> {
    sinks: Sinks<'s>,
    /// The object types `objectTypes` declares (`None` until it is read).
    types: Option<Vec<String>>,
    /// Every object's type, by id.
    objects: HashMap<String, u32>,
    /// Whether the objects have been read.
    objects_read: bool,
    /// Events read before the objects: their id, type, time and the objects they name.
    held: Vec<(String, String, i64, Vec<String>)>,
}

impl<'s> State<'s> {
    pub(crate) fn new(sinks: Sinks<'s>) -> Self {
        State { sinks, types: None, objects: HashMap::new(), objects_read: false, held: Vec::new() }
    }

    fn type_name(&self, index: u32) -> &str {
        self.types.as_ref().map_or("", |t| &t[index as usize])
    }

    pub(crate) fn declare_types(&mut self, types: Vec<String>) {
        self.types = Some(types);
    }

    /// An object and its type, which must be declared.
    pub(crate) fn object(&mut self, id: String, kind: &str) -> Result<(), String> {
        let types = self.types.as_deref().unwrap_or_default();
        let Some(t) = types.iter().position(|t| t == kind) else {
            return Err(format!(
                "the object \"{}\" is of the type \"{}\", which objectTypes does not declare",
                quoted(&id),
                quoted(kind)
            ));
        };
        self.objects.insert(id, t as u32);
        Ok(())
    }

    /// Once every object is known: the object–object relationships as links, then the events
    /// held until now.
    pub(crate) fn objects_done(&mut self, relations: Vec<(String, String)>) -> Result<(), String> {
        for (a, b) in relations {
            let (Some(&ta), Some(&tb)) = (self.objects.get(&a), self.objects.get(&b)) else {
                return Err(format!(
                    "the object \"{}\" is related to \"{}\", which the log does not declare",
                    quoted(&a),
                    quoted(&b)
                ));
            };
            let (ka, kb) = (self.type_name(ta).to_owned(), self.type_name(tb).to_owned());
            (self.sinks.links)(Link { a: (&ka, &a), b: (&kb, &b) });
        }
        self.objects_read = true;
        for (id, kind, at, objects) in std::mem::take(&mut self.held) {
            self.hand_on(&id, &kind, at, &objects)?;
        }
        Ok(())
    }

    /// An event: handed on at once when the objects are known, held until then.
    pub(crate) fn event(
        &mut self,
        id: &str,
        kind: &str,
        at: i64,
        objects: Vec<String>,
    ) -> Result<(), String> {
        if !self.objects_read {
            self.held.push((id.to_owned(), kind.to_owned(), at, objects));
            return Ok(());
        }
        self.hand_on(id, kind, at, &objects)
    }

    /// Hands on an event as a stage change of each object it names, and the links between
    /// the objects it names together.
    fn hand_on(&mut self, id: &str, kind: &str, at: i64, objects: &[String]) -> Result<(), String> {
        let mut named: Vec<(&str, u32)> = Vec::with_capacity(objects.len());
        for object in objects {
            let Some(&t) = self.objects.get(object) else {
                return Err(format!(
                    "the event \"{}\" names the object \"{}\", which the log does not declare",
                    quoted(id),
                    quoted(object)
                ));
            };
            named.push((object, t));
        }
        let types = self.types.as_deref().unwrap_or_default();
        for &(object, t) in &named {
            let kind_of = Some(types[t as usize].as_str());
            (self.sinks.each)(Event { case: object, value: kind, time: at, kind: kind_of });
        }
        for (i, &(a, ta)) in named.iter().enumerate() {
            for &(b, tb) in &named[i + 1..] {
                if ta != tb {
                    let (ka, kb) = (&types[ta as usize], &types[tb as usize]);
                    (self.sinks.links)(Link { a: (ka, a), b: (kb, b) });
                }
            }
        }
        Ok(())
    }
}

struct DocumentSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCEL 2.0 log: an object with objectTypes, objects and events")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let (mut saw_objects, mut saw_events) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "objectTypes" => {
                    let types: Vec<Named> = map.next_value()?;
                    state.declare_types(types.into_iter().map(|t| t.name).collect());
                }
                "objects" => {
                    if state.types.is_none() {
                        return Err(de::Error::custom(
                            "objects come before objectTypes declares their types",
                        ));
                    }
                    map.next_value_seed(ObjectsSeed(state))?;
                    saw_objects = true;
                }
                "events" => {
                    map.next_value_seed(EventsSeed(state))?;
                    saw_events = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !saw_objects || !saw_events {
            let missing = if saw_objects { "events" } else { "objects" };
            return Err(de::Error::custom(format!("it has no \"{missing}\"")));
        }
        Ok(())
    }
}

#[derive(serde::Deserialize)]
struct Named {
    name: String,
}

#[derive(serde::Deserialize)]
struct Relationship {
    #[serde(rename = "objectId")]
    object_id: String,
}

#[derive(serde::Deserialize)]
struct Object {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    relationships: Vec<Relationship>,
}

#[derive(serde::Deserialize)]
struct OcelEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    time: String,
    #[serde(default)]
    relationships: Vec<Relationship>,
}

struct ObjectsSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for ObjectsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ObjectsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        // Relationships may name objects listed later: checked once all are known.
        let mut relations: Vec<(String, String)> = Vec::new();
        while let Some(object) = seq.next_element::<Object>()? {
            for r in object.relationships {
                relations.push((object.id.clone(), r.object_id));
            }
            state.object(object.id, &object.kind).map_err(de::Error::custom)?;
        }
        state.objects_done(relations).map_err(de::Error::custom)
    }
}

struct EventsSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(event) = seq.next_element::<OcelEvent>()? {
            let Some(at) = time::parse(&event.time) else {
                return Err(de::Error::custom(format!(
                    "the event \"{}\" has the time \"{}\", which is not a date and time",
                    quoted(&event.id),
                    quoted(&event.time)
                )));
            };
            let objects: Vec<String> =
                event.relationships.into_iter().map(|r| r.object_id).collect();
            state.event(&event.id, &event.kind, at, objects).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}
