//! Replicas edited apart, their updates delivered in any order, duplicated and late: every
//! replica ends showing the same valid map, and an edit nobody else touched is kept.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use throughline_core::arbitrary::{base_map, edit};
use throughline_core::validate::check_map;
use throughline_core::{Edit, apply};
use throughline_replica::Replica;

/// Applies an edit to what a replica shows, as the app does; a refused edit is skipped.
fn edit_on(replica: &mut Replica, edit: Edit) -> Option<Vec<u8>> {
    let mut map = replica.project().map;
    let applied = apply(&mut map, edit).ok()?;
    let update = replica.record(&map, &applied.changes);
    assert_eq!(replica.project().map, map, "a replica shows what its own edit made");
    update
}

fn replicas(count: usize) -> Vec<Replica> {
    let origin = Replica::of_map(&base_map(), None);
    (0..count)
        .map(|i| Replica::load(&origin.state(), Some(&format!("person {i}"))).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_replica_on_its_own_shows_exactly_the_map_its_edits_made(
        edits in prop::collection::vec(edit(), 1..40)
    ) {
        let mut replica = Replica::of_map(&base_map(), Some("Ana"));
        let mut map = base_map();
        prop_assert_eq!(&replica.project().map, &map);
        for e in edits {
            if let Ok(applied) = apply(&mut map, e) {
                replica.record(&map, &applied.changes);
                let projection = replica.project();
                prop_assert_eq!(&projection.map, &map);
                prop_assert!(projection.conflicts.is_empty(), "{:?}", projection.conflicts);
            }
        }
        let reloaded = Replica::load(&replica.state(), None).unwrap();
        prop_assert_eq!(reloaded.project().map, map);
    }

    #[test]
    fn replicas_converge_whatever_order_updates_arrive_in(
        count in 3usize..=5,
        rounds in prop::collection::vec(prop::collection::vec((0usize..5, edit()), 1..6), 1..5),
        seed in any::<u64>(),
    ) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut replicas = replicas(count);
        let mut sent: Vec<Vec<u8>> = Vec::new();
        // Who wrote each entity: an entity only one replica wrote must end as they left it.
        let mut writers: HashMap<String, HashSet<usize>> = HashMap::new();
        let mut last_written: HashMap<String, Option<serde_json::Value>> = HashMap::new();
        for round in rounds {
            for (who, e) in round {
                let who = who % count;
                let before = replicas[who].project().map;
                if let Some(update) = edit_on(&mut replicas[who], e) {
                    let after = replicas[who].project().map;
                    for id in changed_ids(&before, &after) {
                        last_written.insert(id.clone(), entity(&after, &id));
                        writers.entry(id).or_default().insert(who);
                    }
                    sent.push(update);
                }
            }
            // Some updates arrive now, in any order, some twice; the rest later.
            for replica in &mut replicas {
                for _ in 0..rng.usize(0..=sent.len()) {
                    let update = &sent[rng.usize(0..sent.len())];
                    replica.receive(update).unwrap();
                }
            }
        }
        for replica in &mut replicas {
            let mut order: Vec<usize> = (0..sent.len()).collect();
            rng.shuffle(&mut order);
            for i in order {
                replica.receive(&sent[i]).unwrap();
            }
        }
        let first = replicas[0].project();
        prop_assert_eq!(check_map(&first.map), Ok(()));
        for other in &replicas[1..] {
            prop_assert_eq!(&other.project(), &first);
        }
        // Every edit reached every replica: merging once more changes nothing.
        let again = Replica::load(&replicas[0].state(), None).unwrap();
        prop_assert_eq!(&again.project(), &first);
        for (id, who) in &writers {
            let conflicted = first.conflicts.iter().any(|c| &c.subject == id);
            if who.len() == 1 && !conflicted {
                prop_assert_eq!(&entity(&first.map, id), &last_written[id], "{} lost an edit", id);
            }
        }
    }

    #[test]
    fn merging_is_commutative_and_idempotent(
        a_edits in prop::collection::vec(edit(), 0..15),
        b_edits in prop::collection::vec(edit(), 0..15),
    ) {
        let mut pair = replicas(2);
        for e in a_edits {
            edit_on(&mut pair[0], e);
        }
        for e in b_edits {
            edit_on(&mut pair[1], e);
        }
        let (a, b) = (pair[0].state(), pair[1].state());
        let merged = |x: &[u8], y: &[u8]| {
            let mut r = Replica::load(x, None).unwrap();
            r.receive(y).unwrap();
            r.project()
        };
        let ab = merged(&a, &b);
        prop_assert_eq!(&ab, &merged(&b, &a));
        // Fields changed in both are listed the same on both sides.
        let listed = |x: &[u8], y: &[u8]| Replica::load(x, None).unwrap().merge(y).unwrap();
        prop_assert_eq!(listed(&a, &b), listed(&b, &a));
        prop_assert!(listed(&a, &a).is_empty());
        prop_assert_eq!(&merged(&a, &a), &pair[0].project());
        let mut twice = Replica::load(&a, None).unwrap();
        twice.receive(&b).unwrap();
        twice.receive(&b).unwrap();
        twice.receive(&a).unwrap();
        prop_assert_eq!(&twice.project(), &ab);
        prop_assert_eq!(check_map(&ab.map), Ok(()));
    }
}

/// An entity's JSON, found by id in any list (the pools of ids do not overlap).
fn entity(map: &throughline_core::Map, id: &str) -> Option<serde_json::Value> {
    let json = serde_json::to_value(map).unwrap();
    ["teams", "people", "stages", "transitions", "terms"]
        .iter()
        .filter_map(|list| json[list].as_array())
        .flatten()
        .find(|x| x["id"] == id)
        .cloned()
}

/// The ids of entities that differ between two maps.
fn changed_ids(before: &throughline_core::Map, after: &throughline_core::Map) -> Vec<String> {
    let json = |m: &throughline_core::Map| serde_json::to_value(m).unwrap();
    let (b, a) = (json(before), json(after));
    let mut ids = Vec::new();
    for list in ["teams", "people", "stages", "transitions", "terms"] {
        let entities = |v: &serde_json::Value| -> HashMap<String, serde_json::Value> {
            v[list]
                .as_array()
                .map(|xs| {
                    xs.iter().map(|x| (x["id"].as_str().unwrap().to_owned(), x.clone())).collect()
                })
                .unwrap_or_default()
        };
        let (eb, ea) = (entities(&b), entities(&a));
        for (id, x) in &ea {
            if eb.get(id) != Some(x) {
                ids.push(id.clone());
            }
        }
        for id in eb.keys() {
            if !ea.contains_key(id) {
                ids.push(id.clone());
            }
        }
    }
    ids
}
