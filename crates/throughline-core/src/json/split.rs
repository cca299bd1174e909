//! A large map read on two threads, without a first pass to find where to split it.
//!
//! Nearly all of a map's text is its stages and transitions. A cut is guessed half-way
//! through the text, at what looks like the start of an item in one of those lists, and the
//! two halves are read at once: this thread reads the document up to the cut, the other the
//! items from the cut to the end of their list. The guess is proved, not trusted: this
//! thread's read must run out of text exactly between two items of a stage or transition list,
//! and the other's items must be of that list. After both, the little text after the list
//! (terms, waivers) is read here.
//!
//! Any failure, of a guess or of the document, falls back to the one-thread read (whose
//! errors the caller explains with their JSON path), so this path only has to be fast and to
//! agree with the derived reader on every map that loads.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::model::{Format, Map, Person, Stage, Team, Term, Transition, Waiver};
use crate::rules::{Rule, Severity};
use crate::threads::both;

/// From this size of text on, a map is read on two threads.
pub const FROM_BYTES: usize = 1 << 20;

/// How many places that look like an item's start are tried before reading on one thread.
const GUESSES: usize = 64;

/// Reads `text` as a map, or fails without saying why (the caller explains).
pub fn read(text: &str) -> Result<Map, serde_json::Error> {
    match cut(text).and_then(|cut| read_in_two(text, &cut)) {
        Some(map) => Ok(map),
        None => serde_json::from_str(text),
    }
}

/// The two lists a map can be cut in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Stages,
    Transitions,
}

/// Where the text is cut: the start of an item of `list`, whose items take about
/// `item_bytes` each.
struct Cut {
    at: usize,
    list: List,
    item_bytes: usize,
}

impl Cut {
    /// How many items `bytes` of text can hold at most, about: the length a list is made
    /// with. A list read as it comes copies itself again and again while it grows, each time
    /// into memory the system has to clear; room never written to costs nothing.
    fn room(&self, bytes: usize) -> usize {
        bytes / self.item_bytes.max(1)
    }
}

/// The items read after the cut, up to the end of their list.
enum Tail {
    Stages(Vec<Stage>),
    Transitions(Vec<Transition>),
}

fn read_in_two(text: &str, cut: &Cut) -> Option<Map> {
    let head = &text[..cut.at];
    // The cut list is made long enough for the items of both halves; the other list, if it
    // is before the cut, for as many as the head holds.
    let (room_in_cut_list, room_in_other) = (cut.room(text.len()), cut.room(head.len()));
    let mut fields = Fields::default();
    let room = match cut.list {
        List::Stages => Room { stages: room_in_cut_list, transitions: room_in_other },
        List::Transitions => Room { stages: room_in_other, transitions: room_in_cut_list },
    };
    let (head_cut, tail) =
        both(true, || read_head(head, &mut fields, room), || read_tail(text, cut));
    let (tail, end) = tail?;
    if head_cut? != cut.list {
        return None;
    }
    match tail {
        Tail::Stages(items) => fields.stages.as_mut()?.extend(items),
        Tail::Transitions(items) => fields.transitions.as_mut()?.extend(items),
    }
    read_rest(&text[end + 1..], &mut fields)?;
    fields.into_map()
}

/// How many items a list read here makes room for.
#[derive(Debug, Clone, Copy, Default)]
struct Room {
    stages: usize,
    transitions: usize,
}

/// How many items are read at a guessed cut to prove it and measure them.
const SAMPLE: usize = 16;

/// The first place from about the middle of `text` on where an item of the stage or transition
/// list seems to start: an object after a comma that reads as a stage or a transition, as do
/// the items after it.
fn cut(text: &str) -> Option<Cut> {
    let bytes = text.as_bytes();
    // A little before the middle: the first half has the small lists too, and its thread
    // then moves the second half's items after its own.
    let mut from = text.len() * 47 / 100;
    for _ in 0..GUESSES {
        let at = from + bytes[from..].iter().position(|&b| b == b'{')?;
        let after_comma = text[..at].trim_end_matches(is_json_space).ends_with(',');
        let sample = |list| {
            let read = match list {
                List::Stages => items::<Stage>(text, at, SAMPLE),
                List::Transitions => items::<Transition>(text, at, SAMPLE),
            };
            read.map(|(items, next)| Cut { at, list, item_bytes: (next - at) / items.max(1) })
        };
        if after_comma && let Some(cut) = sample(List::Transitions).or_else(|| sample(List::Stages))
        {
            return Some(cut);
        }
        from = at + 1;
    }
    None
}

/// JSON's whitespace (not Unicode's).
fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The value at the start of `text` and the bytes it takes.
fn one<T: DeserializeOwned>(text: &str) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<T>();
    let item = stream.next()?.ok()?;
    Some((item, stream.byte_offset()))
}

/// Reads the items from the cut to the end of their list; returns them and where the list's
/// closing bracket is.
fn read_tail(text: &str, cut: &Cut) -> Option<(Tail, usize)> {
    let room = cut.room(text.len() - cut.at);
    Some(match cut.list {
        List::Stages => {
            let (items, end) = read_items(text, cut.at, room)?;
            (Tail::Stages(items), end)
        }
        List::Transitions => {
            let (items, end) = read_items(text, cut.at, room)?;
            (Tail::Transitions(items), end)
        }
    })
}

fn read_items<T: DeserializeOwned>(text: &str, at: usize, room: usize) -> Option<(Vec<T>, usize)> {
    let mut items = Vec::with_capacity(room);
    let end = each_item(text, at, usize::MAX, |item| items.push(item))?;
    Some((items, end))
}

/// How many items of type `T` follow `at`, up to `most`, and where the next begins (or the
/// list's closing bracket is).
fn items<T: DeserializeOwned>(text: &str, at: usize, most: usize) -> Option<(usize, usize)> {
    let mut count = 0;
    let next = each_item(text, at, most, |_: T| count += 1)?;
    Some((count, next))
}

/// Reads up to `most` items of a list from `at`, each given to `take`; returns where the
/// list's closing bracket is, or the next item if `most` were read first.
fn each_item<T: DeserializeOwned>(
    text: &str,
    mut at: usize,
    most: usize,
    mut take: impl FnMut(T),
) -> Option<usize> {
    let skip_space = |at: usize| text.len() - text[at..].trim_start_matches(is_json_space).len();
    for _ in 0..most {
        let (item, length) = one::<T>(&text[at..])?;
        take(item);
        at = skip_space(at + length);
        match text.as_bytes().get(at)? {
            b']' => return Some(at),
            b',' => at = skip_space(at + 1),
            _ => return None,
        }
    }
    Some(at)
}

/// Reads the document up to the cut. It must run out of text between two items of a stage or
/// transition list, which it names.
fn read_head(head: &str, fields: &mut Fields, room: Room) -> Option<List> {
    let mut cut_in = None;
    let read = FieldsSeed { fields, cut_in: &mut cut_in, room }
        .deserialize(&mut serde_json::Deserializer::from_str(head));
    // Running out of text is the error expected; anything else is a wrong guess or a broken
    // document.
    match read {
        Err(e) if e.is_eof() => cut_in,
        _ => None,
    }
}

/// Reads what follows the cut list: `}`, or `, "terms": …}`.
fn read_rest(rest: &str, fields: &mut Fields) -> Option<()> {
    let rest = rest.trim_start_matches(is_json_space);
    if let Some(after) = rest.strip_prefix('}') {
        return after.trim_start_matches(is_json_space).is_empty().then_some(());
    }
    // The rest of an object reads as an object once it opens again (a short copy: the long
    // lists are behind). A comma must be followed by a field, as `{,}` is no object.
    let fields_after = rest.strip_prefix(',')?.trim_start_matches(is_json_space);
    if !fields_after.starts_with('"') {
        return None;
    }
    let object = format!("{{{fields_after}");
    let mut deserializer = serde_json::Deserializer::from_str(&object);
    let mut cut_in = None;
    FieldsSeed { fields, cut_in: &mut cut_in, room: Room::default() }
        .deserialize(&mut deserializer)
        .ok()?;
    deserializer.end().ok()
}

/// A map's fields as they are read, from one or two pieces of its text.
#[derive(Default)]
struct Fields {
    format: Option<Format>,
    name: Option<String>,
    #[allow(clippy::option_option)] // whether it was read, and what it is (text or null)
    description: Option<Option<String>>,
    teams: Option<Vec<Team>>,
    people: Option<Vec<Person>>,
    stages: Option<Vec<Stage>>,
    transitions: Option<Vec<Transition>>,
    terms: Option<Vec<Term>>,
    waivers: Option<Vec<Waiver>>,
    severities: Option<BTreeMap<Rule, Severity>>,
}

impl Fields {
    /// The map, as [`Map`]'s derived reader builds it: `format` and `name` are required, the
    /// rest default. A struct literal, so a field added to the map and not here does not
    /// compile.
    fn into_map(self) -> Option<Map> {
        Some(Map {
            format: self.format?,
            name: self.name?,
            description: self.description.flatten(),
            teams: self.teams.unwrap_or_default(),
            people: self.people.unwrap_or_default(),
            stages: self.stages.unwrap_or_default(),
            transitions: self.transitions.unwrap_or_default(),
            terms: self.terms.unwrap_or_default(),
            waivers: self.waivers.unwrap_or_default(),
            severities: self.severities.unwrap_or_default(),
        })
    }
}

/// The map's keys; any other is refused, as [`Map`] denies unknown fields.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    Format,
    Name,
    Description,
    Teams,
    People,
    Stages,
    Transitions,
    Terms,
    Waivers,
    Severities,
}

/// Reads an object's fields into [`Fields`], each at most once.
struct FieldsSeed<'s> {
    fields: &'s mut Fields,
    cut_in: &'s mut Option<List>,
    room: Room,
}

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// Sets a field once; a second time is an error, as in a derived reader.
fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    field: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if field.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *field = Some(map.next_value()?);
    Ok(())
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = self.fields;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Format => once(&mut fields.format, "format", &mut map)?,
                Key::Name => once(&mut fields.name, "name", &mut map)?,
                Key::Description => once(&mut fields.description, "description", &mut map)?,
                Key::Teams => once(&mut fields.teams, "teams", &mut map)?,
                Key::People => once(&mut fields.people, "people", &mut map)?,
                Key::Stages => map.next_value_seed(ItemsSeed {
                    items: start(&mut fields.stages, "stages", self.room.stages)?,
                    list: List::Stages,
                    cut_in: self.cut_in,
                })?,
                Key::Transitions => map.next_value_seed(ItemsSeed {
                    items: start(&mut fields.transitions, "transitions", self.room.transitions)?,
                    list: List::Transitions,
                    cut_in: self.cut_in,
                })?,
                Key::Terms => once(&mut fields.terms, "terms", &mut map)?,
                Key::Waivers => once(&mut fields.waivers, "waivers", &mut map)?,
                Key::Severities => once(&mut fields.severities, "severities", &mut map)?,
            }
        }
        Ok(())
    }
}

/// A long list, started once: its items are read in place, so that a read cut short keeps
/// the items before the cut.
fn start<'f, T, E: de::Error>(
    field: &'f mut Option<Vec<T>>,
    name: &'static str,
    room: usize,
) -> Result<&'f mut Vec<T>, E> {
    if field.is_some() {
        return Err(E::duplicate_field(name));
    }
    Ok(field.insert(Vec::with_capacity(room)))
}

/// Reads a list's items into `items`. Running out of text between two items (not inside
/// one) marks the list as the one cut.
struct ItemsSeed<'s, T> {
    items: &'s mut Vec<T>,
    list: List,
    cut_in: &'s mut Option<List>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ItemsSeed<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemsSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let mut started = false;
            match seq.next_element_seed(Started { started: &mut started, item: PhantomData }) {
                Ok(Some(item)) => self.items.push(item),
                Ok(None) => return Ok(()),
                Err(e) => {
                    if !started {
                        *self.cut_in = Some(self.list);
                    }
                    return Err(e);
                }
            }
        }
    }
}

/// Reads one item, noting that reading it began.
struct Started<'s, T> {
    started: &'s mut bool,
    item: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Started<'_, T> {
    type Value = T;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        *self.started = true;
        T::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Criterion;
    use crate::{generate, json};

    /// The list the read is cut in, if it reads `map` back there (maps are not printed: a
    /// failure would print megabytes).
    fn cut_in(text: &str, map: &Map) -> Option<List> {
        let cut = cut(text).expect("a place to cut");
        (read_in_two(text, &cut).as_ref() == Some(map)).then_some(cut.list)
    }

    /// A cut at `at` taken to be in `list`, as if guessed there.
    fn forced(at: usize, list: List) -> Cut {
        Cut { at, list, item_bytes: 200 }
    }

    #[test]
    fn a_large_map_is_cut_between_two_items_of_its_longest_list_and_read_whole() {
        for (stages, transitions, list) in [
            (3000, 9000, List::Stages),
            (1000, 30_000, List::Transitions),
            (9000, 0, List::Stages),
            (2, 40_000, List::Transitions),
        ] {
            let map = generate::large_map(stages, transitions, 3);
            let pretty = json::to_string(&map);
            assert_eq!(cut_in(&pretty, &map), Some(list), "{stages} stages");
            // Written on one line, and with the lists the other way round, as other tools may.
            let compact = serde_json::to_string(&map).unwrap();
            assert_eq!(cut_in(&compact, &map), Some(list), "{stages} stages, on one line");
            let mut value = serde_json::to_value(&map).unwrap();
            let transitions = value.as_object_mut().unwrap().remove("transitions").unwrap();
            let reordered =
                format!("{{\"transitions\":\r\n\t{transitions},{}", &value.to_string()[1..]);
            assert!(read(&reordered).unwrap() == map, "{stages} stages, transitions first");
        }
    }

    #[test]
    fn a_guess_inside_an_item_or_outside_the_two_lists_is_refused() {
        let mut map = generate::large_map(3000, 9000, 3);
        for t in &mut map.transitions {
            t.criteria = vec![Criterion::text("Approved"), Criterion::text("Signed")];
        }
        let text = json::to_string(&map);
        // The second criterion of a transition past the middle: an object after a comma.
        let inner = text[text.len() / 2..].find("{\n          \"text\": \"Signed\"").unwrap()
            + text.len() / 2;
        assert!(text[..inner].trim_end().ends_with(','));
        assert!(items::<Transition>(&text, inner, SAMPLE).is_none());
        assert!(items::<Stage>(&text, inner, SAMPLE).is_none());
        for list in [List::Stages, List::Transitions] {
            assert!(read_in_two(&text, &forced(inner, list)).is_none());
        }
        // A term, in a list after the transitions.
        let term = text.rfind("{\n      \"id\": \"term-").unwrap();
        assert!(read_in_two(&text, &forced(term, List::Transitions)).is_none());
        // A transition taken for a stage.
        let transition = cut(&text).unwrap();
        assert_eq!(transition.list, List::Transitions);
        assert!(read_in_two(&text, &forced(transition.at, List::Stages)).is_none());
        // And the read itself still returns the map, whatever the guess.
        assert!(read(&text).unwrap() == map);
    }

    #[test]
    fn what_follows_the_cut_list_is_read_as_strictly_as_on_one_thread() {
        let map = generate::large_map(1000, 30_000, 3);
        let text = json::to_string(&map);
        let cut = cut(&text).unwrap();
        assert_eq!(cut.list, List::Transitions);
        let (_, end) = read_tail(&text, &cut).unwrap();
        let with = |after: &str| format!("{}{after}", &text[..=end]);
        assert!(read_in_two(&with("}"), &cut).is_some());
        for wrong in [
            "}}",                              // text after the map
            ", \"extra\": 1}",                 // an unknown field
            ", \"stages\": []}",               // a field twice
            ", \"transitions\": []}",          // the cut list twice
            ", \"terms\": [], \"terms\": []}", // twice after the cut
            ", \"terms\": []",                 // the map not closed
            ",}",
        ] {
            assert!(read_in_two(&with(wrong), &cut).is_none(), "{wrong}");
            assert!(serde_json::from_str::<Map>(&with(wrong)).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_broken_byte_near_the_cut_is_refused_or_read_as_on_one_thread() {
        let map = generate::large_map(1000, 30_000, 3);
        let text = json::to_string(&map);
        let at = cut(&text).unwrap().at;
        // Bytes just before, at and after the cut, each replaced by what breaks or bends JSON.
        for (n, offset) in (at - 300..at + 300).step_by(25).enumerate() {
            let mut bytes = text.clone().into_bytes();
            bytes[offset] = [b'}', b']', b',', b'"', b' ', b'{'][n % 6];
            let Ok(changed) = String::from_utf8(bytes) else { continue };
            let one_thread = serde_json::from_str::<Map>(&changed).ok();
            let two_threads = read(&changed).ok();
            assert!(
                one_thread == two_threads,
                "byte {offset} set to {:?}",
                &changed[offset..=offset]
            );
        }
    }
}
