//! A large map read on two threads, without a first pass to find where to split it.
//!
//! Nearly all of a map's text is its stages and transitions. A cut is guessed half-way
//! through the text, at what looks like the start of an item in one of those lists, and the
//! two halves are read at once: this thread reads the document up to the cut, the other the
//! items from the cut to the end of their list and whatever follows it (terms, waivers). The
//! guess is proved, not trusted: this thread's read must run out of text exactly between two
//! items of a stage or transition list, and the other's items must be of that list.
//!
//! The document's own object is walked here field by field, each value read by `serde_json`,
//! so that each thread knows where it is in the text and stops exactly at the cut: `serde_json`
//! can only stop there with an error, whose line number it counts from the start of the text,
//! three times over (a tenth of this thread's read). Bytes not yet known to be UTF-8 are
//! checked by the thread that reads them.
//!
//! Any failure, of a guess or of the document, falls back to the one-thread read (whose
//! errors the caller explains with their JSON path), so this path only has to be fast and to
//! agree with the derived reader on every map that loads.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::model::{Format, Map, Person, Stage, Team, Term, Transition, Waiver};
use crate::rules::{Rule, Severity};
use crate::threads::both;

/// From this size of text on, a map is read on two threads.
pub const FROM_BYTES: usize = 1 << 20;

/// How many places that look like an item's start are tried before reading on one thread.
const GUESSES: usize = 64;

/// How much text after a guessed cut is checked as UTF-8 to read a sample of items there.
const SAMPLE_BYTES: usize = 1 << 18;

/// A map's text: known to be UTF-8, or bytes whose parts are checked as they are read.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Source<'a> {
    fn bytes(self) -> &'a [u8] {
        match self {
            Source::Text(text) => text.as_bytes(),
            Source::Bytes(bytes) => bytes,
        }
    }

    /// The text in `range`, whose ends are ASCII bytes or the ends of the source; `None` if it
    /// is not UTF-8.
    fn text(self, range: Range<usize>) -> Option<&'a str> {
        match self {
            Source::Text(text) => text.get(range),
            Source::Bytes(bytes) => std::str::from_utf8(bytes.get(range)?).ok(),
        }
    }

    /// The text from `at` on: all of it when it is known to be UTF-8, else up to `most`
    /// bytes, short of a character cut at the end.
    fn window(self, at: usize, most: usize) -> Option<&'a str> {
        let bytes = match self {
            Source::Text(text) => return text.get(at..),
            Source::Bytes(bytes) => bytes.get(at..)?,
        };
        let bytes = &bytes[..most.min(bytes.len())];
        match std::str::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()
            }
            Err(_) => None,
        }
    }
}

/// Reads `source` as a map on two threads, or `None`: a guess that did not hold, or a
/// document the one-thread read has to explain.
pub fn read(source: Source<'_>) -> Option<Map> {
    read_in_two(source, &cut(source)?)
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

fn read_in_two(source: Source<'_>, cut: &Cut) -> Option<Map> {
    let length = source.bytes().len();
    // The cut list is made long enough for the items of both halves; the other list, if it
    // is before the cut, for as many as the head holds.
    let (room_in_cut_list, room_in_other) = (cut.room(length), cut.room(cut.at));
    let room = match cut.list {
        List::Stages => Room { stages: room_in_cut_list, transitions: room_in_other },
        List::Transitions => Room { stages: room_in_other, transitions: room_in_cut_list },
    };
    let (head, tail) = both(
        true,
        || read_head(source.text(0..cut.at)?, cut.list, room),
        || read_tail(source.text(cut.at..length)?, cut),
    );
    let mut fields = head?;
    fields.join(tail?, cut.list)?;
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

/// The first place from about the middle of the text on where an item of the stage or
/// transition list seems to start: an object after a comma that reads as a stage or a
/// transition, as do the items after it.
fn cut(source: Source<'_>) -> Option<Cut> {
    let bytes = source.bytes();
    // A little after the middle: the second half's thread also reads what follows the cut
    // list.
    let mut from = bytes.len() * 51 / 100;
    for _ in 0..GUESSES {
        let at = from + bytes[from..].iter().position(|&b| b == b'{')?;
        let before = bytes[..at].iter().rposition(|b| !is_json_space(*b));
        let after_comma = before.is_some_and(|i| bytes[i] == b',');
        let text = source.window(at, SAMPLE_BYTES)?;
        let sample = |list| {
            let read = match list {
                List::Stages => items::<Stage>(text, SAMPLE),
                List::Transitions => items::<Transition>(text, SAMPLE),
            };
            read.map(|(items, next)| Cut { at, list, item_bytes: next / items.max(1) })
        };
        if after_comma && let Some(cut) = sample(List::Transitions).or_else(|| sample(List::Stages))
        {
            return Some(cut);
        }
        from = at + 1;
    }
    None
}

/// JSON's whitespace (not Unicode's, nor ASCII's, which has the form feed too).
fn is_json_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Where the first byte from `at` on that is not JSON's whitespace is.
fn skip_space(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|b| !is_json_space(*b)))
        .map_or(bytes.len().max(at), |i| at + i)
}

/// After `byte` at `at` and the whitespace that follows it.
fn past(text: &str, at: usize, byte: u8) -> Option<usize> {
    (text.as_bytes().get(at) == Some(&byte)).then(|| skip_space(text, at + 1))
}

/// The value at `at` and where it ends.
fn one<T: DeserializeOwned>(text: &str, at: usize) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<T>();
    let item = stream.next()?.ok()?;
    Some((item, at + stream.byte_offset()))
}

/// How a list's items were read: up to its closing bracket (where it is), up to the item
/// at which `most` were read, or up to the end of the text, between two items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Closed(usize),
    Counted(usize),
    OutOfText,
}

/// Reads up to `most` items of a list from `at`, the start of an item, each given to `take`.
fn each_item<T: DeserializeOwned>(
    text: &str,
    mut at: usize,
    most: usize,
    mut take: impl FnMut(T),
) -> Option<Stop> {
    for _ in 0..most {
        let (item, end) = one::<T>(text, at)?;
        take(item);
        at = skip_space(text, end);
        match text.as_bytes().get(at)? {
            b']' => return Some(Stop::Closed(at)),
            b',' => at = skip_space(text, at + 1),
            _ => return None,
        }
        if at == text.len() {
            return Some(Stop::OutOfText);
        }
    }
    Some(Stop::Counted(at))
}

/// How many items of type `T` start `text`, up to `most`, and where the next begins (or the
/// list's closing bracket is).
fn items<T: DeserializeOwned>(text: &str, most: usize) -> Option<(usize, usize)> {
    let mut count = 0;
    match each_item(text, 0, most, |_: T| count += 1)? {
        Stop::Closed(next) | Stop::Counted(next) => Some((count, next)),
        Stop::OutOfText => None,
    }
}

/// A list from its opening bracket at `at`, into `items`; how it stopped.
fn list_into<T: DeserializeOwned>(text: &str, at: usize, items: &mut Vec<T>) -> Option<Stop> {
    let at = past(text, at, b'[')?;
    if text.as_bytes().get(at) == Some(&b']') {
        return Some(Stop::Closed(at));
    }
    each_item(text, at, usize::MAX, |item| items.push(item))
}

/// Reads the document up to the cut, which must fall between two items of `list`.
fn read_head(head: &str, list: List, room: Room) -> Option<Fields> {
    let mut fields = Fields::default();
    let at = past(head, skip_space(head, 0), b'{')?;
    match read_fields(head, at, &mut fields, Some(list), room)? {
        Stop::OutOfText => Some(fields),
        _ => None,
    }
}

/// Reads the items from the cut to the end of their list, then the rest of the document:
/// `}`, or `, "terms": …}`. The items are the cut list of the fields returned.
fn read_tail(text: &str, cut: &Cut) -> Option<Fields> {
    let mut rest = Fields::default();
    let room = cut.room(text.len());
    let stop = match cut.list {
        List::Stages => {
            let items = start(&mut rest.stages, room)?;
            each_item(text, 0, usize::MAX, |item| items.push(item))
        }
        List::Transitions => {
            let items = start(&mut rest.transitions, room)?;
            each_item(text, 0, usize::MAX, |item| items.push(item))
        }
    }?;
    let Stop::Closed(end) = stop else { return None };
    let at = skip_space(text, end + 1);
    let closed = match text.as_bytes().get(at)? {
        b'}' => at,
        b',' => {
            match read_fields(text, skip_space(text, at + 1), &mut rest, None, Room::default())? {
                Stop::Closed(closed) => closed,
                _ => return None,
            }
        }
        _ => return None,
    };
    (skip_space(text, closed + 1) == text.len()).then_some(rest)
}

/// Reads `"key": value` pairs from `at` into `fields` up to the `}` that closes the map, or,
/// given the list that is cut, up to the end of the text inside that list.
fn read_fields(
    text: &str,
    mut at: usize,
    fields: &mut Fields,
    cut_in: Option<List>,
    room: Room,
) -> Option<Stop> {
    loop {
        let (key, end) = one::<Key>(text, at)?;
        at = past(text, skip_space(text, end), b':')?;
        let end = match key {
            Key::Format => once(&mut fields.format, text, at)?,
            Key::Name => once(&mut fields.name, text, at)?,
            Key::Description => once(&mut fields.description, text, at)?,
            Key::Teams => once(&mut fields.teams, text, at)?,
            Key::People => once(&mut fields.people, text, at)?,
            Key::Stages | Key::Transitions => {
                let list = if key == Key::Stages { List::Stages } else { List::Transitions };
                let stop = match list {
                    List::Stages => list_into(text, at, start(&mut fields.stages, room.stages)?),
                    List::Transitions => {
                        list_into(text, at, start(&mut fields.transitions, room.transitions)?)
                    }
                }?;
                match stop {
                    Stop::OutOfText if cut_in == Some(list) => return Some(Stop::OutOfText),
                    Stop::Closed(end) => end + 1,
                    _ => return None,
                }
            }
            Key::Terms => once(&mut fields.terms, text, at)?,
            Key::Waivers => once(&mut fields.waivers, text, at)?,
            Key::Severities => once(&mut fields.severities, text, at)?,
        };
        at = skip_space(text, end);
        match text.as_bytes().get(at)? {
            b',' => at = skip_space(text, at + 1),
            b'}' if cut_in.is_none() => return Some(Stop::Closed(at)),
            _ => return None,
        }
    }
}

/// Reads a field's value at `at` once; a second time is refused, as by a derived reader.
/// Where the value ends.
fn once<T: DeserializeOwned>(field: &mut Option<T>, text: &str, at: usize) -> Option<usize> {
    if field.is_some() {
        return None;
    }
    let (value, end) = one(text, at)?;
    *field = Some(value);
    Some(end)
}

/// A long list, started once, with room for `room` items.
fn start<T>(field: &mut Option<Vec<T>>, room: usize) -> Option<&mut Vec<T>> {
    if field.is_some() {
        return None;
    }
    Some(field.insert(Vec::with_capacity(room)))
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
    /// Adds the fields read after the cut: the cut list's items after these, any other field
    /// only if it was not read here too. Taken apart whole, so a field added here and not
    /// joined does not compile.
    fn join(&mut self, mut rest: Fields, cut_in: List) -> Option<()> {
        fn add<T>(field: &mut Option<T>, rest: Option<T>) -> Option<()> {
            match (&field, rest) {
                (Some(_), Some(_)) => return None,
                (None, Some(value)) => *field = Some(value),
                (_, None) => {}
            }
            Some(())
        }
        // The cut list, read on both sides, is taken out of the rest first.
        match cut_in {
            List::Stages => self.stages.as_mut()?.append(&mut rest.stages.take()?),
            List::Transitions => self.transitions.as_mut()?.append(&mut rest.transitions.take()?),
        }
        let Fields {
            format,
            name,
            description,
            teams,
            people,
            stages,
            transitions,
            terms,
            waivers,
            severities,
        } = rest;
        add(&mut self.format, format)?;
        add(&mut self.name, name)?;
        add(&mut self.description, description)?;
        add(&mut self.teams, teams)?;
        add(&mut self.people, people)?;
        add(&mut self.stages, stages)?;
        add(&mut self.transitions, transitions)?;
        add(&mut self.terms, terms)?;
        add(&mut self.waivers, waivers)?;
        add(&mut self.severities, severities)
    }

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
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Criterion;
    use crate::{generate, json};

    /// The list the read is cut in, if it reads `map` back there (maps are not printed: a
    /// failure would print megabytes).
    fn cut_in(text: &str, map: &Map) -> Option<List> {
        let cut = cut(Source::Text(text)).expect("a place to cut");
        (read_in_two(Source::Text(text), &cut).as_ref() == Some(map)).then_some(cut.list)
    }

    /// A cut at `at` taken to be in `list`, as if guessed there.
    fn forced(at: usize, list: List) -> Cut {
        Cut { at, list, item_bytes: 200 }
    }

    #[test]
    fn a_large_map_is_cut_between_two_items_of_its_longest_list_and_read_whole() {
        for (stages, transitions, list) in [
            (4000, 9000, List::Stages),
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
            assert!(
                read(Source::Text(&reordered)).unwrap() == map,
                "{stages} stages, transitions first"
            );
            // Bytes not yet checked as UTF-8 read the same.
            assert!(read(Source::Bytes(pretty.as_bytes())).unwrap() == map, "{stages} stages");
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
        assert!(items::<Transition>(&text[inner..], SAMPLE).is_none());
        assert!(items::<Stage>(&text[inner..], SAMPLE).is_none());
        let source = Source::Text(&text);
        for list in [List::Stages, List::Transitions] {
            assert!(read_in_two(source, &forced(inner, list)).is_none());
        }
        // A term, in a list after the transitions.
        let term = text.rfind("{\n      \"id\": \"term-").unwrap();
        assert!(read_in_two(source, &forced(term, List::Transitions)).is_none());
        // A transition taken for a stage.
        let transition = cut(source).unwrap();
        assert_eq!(transition.list, List::Transitions);
        assert!(read_in_two(source, &forced(transition.at, List::Stages)).is_none());
        // And the read itself still returns the map at the guess it makes.
        assert!(read(source).unwrap() == map);
    }

    #[test]
    fn what_follows_the_cut_list_is_read_as_strictly_as_on_one_thread() {
        let map = generate::large_map(1000, 30_000, 3);
        let text = json::to_string(&map);
        let cut = cut(Source::Text(&text)).unwrap();
        assert_eq!(cut.list, List::Transitions);
        // The transitions' closing bracket.
        let (_, end) = items::<Transition>(&text[cut.at..], usize::MAX).unwrap();
        let with = |after: &str| format!("{}{after}", &text[..=cut.at + end]);
        assert!(read_in_two(Source::Text(&with("}")), &cut).is_some());
        assert!(read_in_two(Source::Text(&with(", \"waivers\": [] }\n")), &cut).is_some());
        for wrong in [
            "}}",                              // text after the map
            ", \"extra\": 1}",                 // an unknown field
            ", \"stages\": []}",               // a field twice
            ", \"transitions\": []}",          // the cut list twice
            ", \"terms\": [], \"terms\": []}", // twice after the cut
            ", \"terms\": []",                 // the map not closed
            ",}",
        ] {
            assert!(read_in_two(Source::Text(&with(wrong)), &cut).is_none(), "{wrong}");
            assert!(serde_json::from_str::<Map>(&with(wrong)).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_broken_byte_near_the_cut_is_refused_or_read_as_on_one_thread() {
        let map = generate::large_map(1000, 30_000, 3);
        let text = json::to_string(&map);
        let at = cut(Source::Text(&text)).unwrap().at;
        // Bytes just before, at and after the cut, each replaced by what breaks or bends JSON.
        for (n, offset) in (at - 300..at + 300).step_by(25).enumerate() {
            let mut bytes = text.clone().into_bytes();
            bytes[offset] = [b'}', b']', b',', b'"', b' ', b'{'][n % 6];
            let Ok(changed) = String::from_utf8(bytes) else { continue };
            let one_thread = serde_json::from_str::<Map>(&changed).ok();
            // Whatever two threads read, one reads too; what they refuse, one thread explains.
            if let Some(two_threads) = read(Source::Text(&changed)) {
                assert!(
                    one_thread == Some(two_threads),
                    "byte {offset} set to {:?}",
                    &changed[offset..=offset]
                );
            }
            // (A map that reads but breaks an invariant is refused after reading.)
            let read_whole =
                matches!(json::from_str(&changed), Ok(_) | Err(json::LoadError::Invalid { .. }));
            assert_eq!(one_thread.is_some(), read_whole, "byte {offset}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_on_either_side_of_the_cut_are_refused() {
        let map = generate::large_map(1000, 30_000, 3);
        let text = json::to_string(&map);
        let at = cut(Source::Text(&text)).unwrap().at;
        for offset in [text.len() / 10, at - 50, at + 50, text.len() - 3] {
            let mut bytes = text.clone().into_bytes();
            bytes[offset] = 0xff;
            assert!(read(Source::Bytes(&bytes)).is_none(), "byte {offset}");
            let error = json::from_slice(&bytes).unwrap_err();
            assert!(error.to_string().contains("not UTF-8"), "{error}");
        }
        assert!(json::from_slice(text.as_bytes()).unwrap() == map);
    }

    #[test]
    fn whitespace_json_does_not_know_is_refused_between_fields_and_items() {
        let map = generate::large_map(1000, 30_000, 3);
        let text = json::to_string(&map);
        let at = cut(Source::Text(&text)).unwrap().at;
        // A form feed in the whitespace before the cut, after it, and between two fields.
        let field = text.find("\n  \"teams\"").unwrap();
        for offset in [at - 1, text[at..].find("\n ").unwrap() + at, field] {
            let mut changed = text.clone();
            changed.replace_range(offset..=offset, "\u{c}");
            assert!(read(Source::Text(&changed)).is_none(), "byte {offset}");
            assert!(serde_json::from_str::<Map>(&changed).is_err(), "byte {offset}");
        }
    }

    #[test]
    fn items_larger_than_the_sample_read_whole_from_text_and_from_bytes() {
        let mut map = generate::large_map(50, 100, 3);
        for t in &mut map.transitions {
            t.criteria = vec![Criterion::text("Signed by both parties. ".repeat(900))];
        }
        let text = json::to_string(&map);
        assert!(text.len() > FROM_BYTES && 16 * text.len() / 100 > SAMPLE_BYTES);
        // Known to be UTF-8, the sample may run to the end: read on two threads.
        assert!(read(Source::Text(&text)).is_some_and(|read| read == map));
        // As bytes, sixteen items do not fit in the sample: read on one thread, the same.
        assert!(json::from_slice(text.as_bytes()).unwrap() == map);
    }
}
