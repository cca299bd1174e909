//! A large map read on two threads. Its stages and transitions are nearly all of its text, so
//! a first pass reads everything else and only marks where each of their items begins and
//! ends; the items are then read on two threads, each into a list of the exact length (a
//! list read as it comes would copy itself again and again while it grows).
//!
//! Any failure falls back to the one-thread read, whose errors name the JSON path, so this
//! path only has to be fast and to agree with the derived reader on every map that loads.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::model::{Format, Map, Person, Team, Term, Transition, Waiver};
use crate::rules::{Rule, Severity};

/// From this size of text on, a map is read on two threads.
pub const FROM_BYTES: usize = 1 << 20;

/// A map's fields with the long lists left unread. The same attributes as [`Map`]'s, and
/// [`read`] builds the map with a struct literal, so a field added to the map and not here
/// does not compile.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Split<'a> {
    format: Format,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    teams: Vec<Team>,
    #[serde(default)]
    people: Vec<Person>,
    #[serde(default, borrow)]
    stages: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    transitions: Vec<&'a RawValue>,
    #[serde(default)]
    terms: Vec<Term>,
    #[serde(default)]
    waivers: Vec<Waiver>,
    #[serde(default)]
    severities: BTreeMap<Rule, Severity>,
}

/// Reads `text` as a map, or fails without saying why (the caller explains).
pub fn read(text: &str) -> Result<Map, serde_json::Error> {
    let split: Split = serde_json::from_str(text)?;
    // The second thread takes the tail of the transitions holding half the bytes of both lists.
    let size = |items: &[&RawValue]| items.iter().map(|r| r.get().len()).sum::<usize>();
    let half = usize::midpoint(size(&split.stages), size(&split.transitions));
    let mut tail_bytes = 0;
    let cut = split
        .transitions
        .iter()
        .rposition(|r| {
            tail_bytes += r.get().len();
            tail_bytes >= half
        })
        .unwrap_or(0);
    let (head, tail) = split.transitions.split_at(cut);
    let (stages, transitions) = std::thread::scope(|s| {
        let tail = s.spawn(|| each::<Transition>(tail));
        let stages = each(&split.stages);
        let mut transitions = Vec::with_capacity(split.transitions.len());
        let head = each_into(head, &mut transitions);
        let tail = tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (
            stages,
            head.and(tail).map(|tail| {
                transitions.extend(tail);
                transitions
            }),
        )
    });
    Ok(Map {
        format: split.format,
        name: split.name,
        description: split.description,
        teams: split.teams,
        people: split.people,
        stages: stages?,
        transitions: transitions?,
        terms: split.terms,
        waivers: split.waivers,
        severities: split.severities,
    })
}

fn each<T: DeserializeOwned>(items: &[&RawValue]) -> Result<Vec<T>, serde_json::Error> {
    let mut all = Vec::with_capacity(items.len());
    each_into(items, &mut all)?;
    Ok(all)
}

fn each_into<T: DeserializeOwned>(
    items: &[&RawValue],
    all: &mut Vec<T>,
) -> Result<(), serde_json::Error> {
    for item in items {
        all.push(serde_json::from_str(item.get())?);
    }
    Ok(())
}
