//! Which field each write in a document went to, read from the document's encoded items.
//!
//! Yjs keeps only the winning value of a field, so two people changing the same field apart
//! cannot be seen in the values alone. The writes can: every write is an item with an id
//! (client, clock), and a state vector says which ids a replica had seen. A field written by
//! items one copy had not seen *and* by items the other had not seen was changed in both.
//! yrs does not expose its items, so this reads the update format (Yjs's v1 encoding) with
//! yrs's own decoder: only the item headers, the contents are skipped.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use yrs::StateVector;
use yrs::block::{ClientID, ID, ItemContent};
use yrs::encoding::read::{Cursor, Read};
use yrs::updates::decoder::{Decoder, DecoderV1};

use crate::layout::{MAP, SEVERITIES};

/// Where a write went: a field of an entity in a collection, or one team's definition of a
/// term (`sub` is the team).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    pub collection: String,
    pub entity: String,
    pub field: String,
    pub sub: Option<String>,
}

/// The fields written by items a replica with state vector `seen_by` had not seen.
pub fn unseen_by(
    state: &[u8],
    seen_by: &StateVector,
) -> Result<BTreeMap<FieldPath, Vec<ID>>, yrs::encoding::read::Error> {
    written(state, |id| !seen(seen_by, id))
}

/// The writes of the items `wanted` picks, by field (paths are worked out for those only).
fn written(
    state: &[u8],
    wanted: impl Fn(&ID) -> bool,
) -> Result<BTreeMap<FieldPath, Vec<ID>>, yrs::encoding::read::Error> {
    let items = read_items(state)?;
    let index = Index::of(&items);
    let mut writes: BTreeMap<FieldPath, Vec<ID>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        if !wanted(&item.id) {
            continue;
        }
        if let Some(path) = index.path_of(&items, i, 0) {
            writes.entry(path).or_default().push(item.id);
        }
    }
    Ok(writes)
}

/// A field an update writes, the value it writes, and who it signed the change as.
pub type Arriving = (FieldPath, Option<yrs::Any>, Option<String>);

/// A field an update writes while this replica holds a write to it the update's writer had not
/// seen: what the update would set it to. Found from the update's items' origins (what each
/// writer saw as the field's value when writing) against the writes this replica holds.
pub fn written_apart_live(
    state: &[u8],
    seen_here: &StateVector,
    update: &[u8],
) -> Result<Vec<Arriving>, yrs::encoding::read::Error> {
    let (mut items, deleted) = read_items_and_deleted(state)?;
    let ours = items.len();
    items.extend(read_items(update)?.into_iter().filter(|item| !seen(seen_here, &item.id)));
    let index = Index::of(&items);
    let mut by_path: std::collections::HashMap<FieldPath, Vec<usize>> =
        std::collections::HashMap::new();
    for i in 0..items.len() {
        if let Some(path) = index.path_of(&items, i, 0) {
            by_path.entry(path).or_default().push(i);
        }
    }
    // Who the update's writer signed each entity as (its `by`, written with the change).
    let signed = |path: &FieldPath| -> Option<String> {
        let by = FieldPath { field: crate::layout::BY.to_owned(), sub: None, ..path.clone() };
        let i = by_path
            .get(&by)?
            .iter()
            .copied()
            .filter(|&i| i >= ours)
            .max_by_key(|&i| items[i].id.clock)?;
        match &items[i].value {
            Some(yrs::Any::String(name)) => Some(name.to_string()),
            _ => None,
        }
    };
    let mut apart = Vec::new();
    for (path, writes) in &by_path {
        let (here, arriving): (Vec<usize>, Vec<usize>) =
            writes.iter().copied().partition(|&i| i < ours);
        // The field's value here: the write not deleted. An arriving write made over another
        // value than that one was made without seeing it.
        let Some(&current) = here.iter().find(|&&i| !deleted.contains(&items[i].id)) else {
            continue;
        };
        let Some(&first) = arriving.iter().min_by_key(|&&i| items[i].id.clock) else { continue };
        let over = items[first].origin.and_then(|o| index.find(&o));
        if over != Some(current) {
            let last = arriving.iter().copied().max_by_key(|&i| items[i].id.clock).unwrap_or(first);
            apart.push((path.clone(), items[last].value.clone(), signed(path)));
        }
    }
    apart.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(apart)
}

/// Whether a replica with this state vector had seen the write. (`StateVector::contains`
/// also counts the next id, which nobody has seen yet.)
pub fn seen(sv: &StateVector, id: &ID) -> bool {
    id.clock < sv.get(&id.client)
}

#[derive(Debug)]
enum Parent {
    Root(Arc<str>),
    Item(ID),
    /// Not written: the same as the parent of the item this one was inserted next to.
    Inherited,
}

#[derive(Debug)]
struct Item {
    id: ID,
    len: u32,
    /// The value it wrote, for a field's value (one `Any`).
    value: Option<yrs::Any>,
    origin: Option<ID>,
    right_origin: Option<ID>,
    parent: Parent,
    key: Option<Arc<str>>,
}

const GC: u8 = 0;
const SKIP: u8 = 10;
const HAS_ORIGIN: u8 = 0b1000_0000;
const HAS_RIGHT_ORIGIN: u8 = 0b0100_0000;
const HAS_KEY: u8 = 0b0010_0000;

fn read_items(state: &[u8]) -> Result<Vec<Item>, yrs::encoding::read::Error> {
    read_items_and_deleted(state).map(|(items, _)| items)
}

/// The items of an update, and its delete set (the items it holds deleted).
fn read_items_and_deleted(
    state: &[u8],
) -> Result<(Vec<Item>, yrs::IdSet), yrs::encoding::read::Error> {
    let mut decoder = DecoderV1::new(Cursor::new(state));
    let mut items = Vec::new();
    let clients: u32 = decoder.read_var()?;
    for _ in 0..clients {
        let count: u32 = decoder.read_var()?;
        let client: ClientID = decoder.read_client()?;
        let mut clock: u32 = decoder.read_var()?;
        for _ in 0..count {
            let info = decoder.read_info()?;
            match info {
                SKIP => clock += decoder.read_var::<u32>()?,
                GC => clock += decoder.read_len()?,
                info => {
                    let origin =
                        (info & HAS_ORIGIN != 0).then(|| decoder.read_left_id()).transpose()?;
                    let right_origin = (info & HAS_RIGHT_ORIGIN != 0)
                        .then(|| decoder.read_right_id())
                        .transpose()?;
                    let written = info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0;
                    let parent = if !written {
                        Parent::Inherited
                    } else if decoder.read_parent_info()? {
                        Parent::Root(Arc::from(decoder.read_string()?))
                    } else {
                        Parent::Item(decoder.read_left_id()?)
                    };
                    let key = (written && info & HAS_KEY != 0)
                        .then(|| decoder.read_string().map(Arc::from))
                        .transpose()?;
                    let content = ItemContent::decode(&mut decoder, info)?;
                    let len = content.len_utf16().max(1);
                    let value = match content {
                        ItemContent::Any(mut values) if values.len() == 1 => values.pop(),
                        _ => None,
                    };
                    items.push(Item {
                        id: ID::new(client, clock),
                        len,
                        value,
                        origin,
                        right_origin,
                        parent,
                        key,
                    });
                    clock += len;
                }
            }
        }
    }
    let deleted = <yrs::IdSet as yrs::updates::decoder::Decode>::decode(&mut decoder)?;
    Ok((items, deleted))
}

/// Finds the item holding an id: items of one client sorted by clock.
struct Index(HashMap<ClientID, Vec<(u32, u32, usize)>>);

impl Index {
    fn of(items: &[Item]) -> Index {
        let mut index: HashMap<ClientID, Vec<(u32, u32, usize)>> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            index.entry(item.id.client).or_default().push((item.id.clock, item.len, i));
        }
        for runs in index.values_mut() {
            runs.sort_unstable();
        }
        Index(index)
    }

    fn find(&self, id: &ID) -> Option<usize> {
        let runs = self.0.get(&id.client)?;
        let at = runs.partition_point(|(start, _, _)| *start <= id.clock).checked_sub(1)?;
        let (start, len, i) = runs[at];
        (id.clock < start + len).then_some(i)
    }

    /// The parent and key of an item, following what it inherits.
    fn placed<'a>(&self, items: &'a [Item], mut i: usize) -> Option<(&'a Parent, &'a Arc<str>)> {
        for _ in 0..items.len() {
            let item = &items[i];
            if !matches!(item.parent, Parent::Inherited) {
                return Some((&item.parent, item.key.as_ref()?));
            }
            i = self.find(item.origin.as_ref().or(item.right_origin.as_ref())?)?;
        }
        None
    }

    /// The field an item wrote: `collection/entity/field`, or a definition one level deeper.
    fn path_of(&self, items: &[Item], i: usize, depth: u8) -> Option<FieldPath> {
        let (parent, key) = self.placed(items, i)?;
        let entity = match parent {
            Parent::Item(entity) => entity,
            // The map's own fields and the severities are fields of a collection itself.
            Parent::Root(root) if depth == 0 && [MAP, SEVERITIES].contains(&&**root) => {
                let (collection, field) = (root.to_string(), key.to_string());
                return Some(FieldPath { collection, entity: String::new(), field, sub: None });
            }
            _ => return None,
        };
        let entity = self.find(entity)?;
        let (entity_parent, entity_key) = self.placed(items, entity)?;
        match entity_parent {
            Parent::Root(collection) => Some(FieldPath {
                collection: collection.to_string(),
                entity: entity_key.to_string(),
                field: key.to_string(),
                sub: None,
            }),
            Parent::Item(_) if depth == 0 => {
                let outer = self.path_of(items, entity, 1)?;
                Some(FieldPath { sub: Some(key.to_string()), ..outer })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Replica;
    use throughline_core::arbitrary::base_map;
    use throughline_core::{Edit, apply};

    #[test]
    fn each_write_is_found_under_its_field() {
        let mut replica = Replica::of_map(&base_map(), Some("Ana"));
        let mut map = replica.project().map;
        for name in ["One", "Two"] {
            let applied =
                apply(&mut map, Edit::RenameStage { id: "s2".into(), name: name.into() }).unwrap();
            replica.record(&map, &applied.changes);
        }
        let writes = written(&replica.state(), |_| true).unwrap();
        let path = |field: &str| FieldPath {
            collection: "stages".into(),
            entity: "s2".into(),
            field: field.into(),
            sub: None,
        };
        assert_eq!(writes.get(&path("name")).map(Vec::len), Some(3), "{writes:#?}");
        assert!(writes.contains_key(&path("kind")));
        let definition = FieldPath {
            collection: "terms".into(),
            entity: "mql".into(),
            field: "definitions".into(),
            sub: Some("sales".into()),
        };
        assert!(writes.contains_key(&definition), "{:#?}", writes.keys().collect::<Vec<_>>());
    }
}
