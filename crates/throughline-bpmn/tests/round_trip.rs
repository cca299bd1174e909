//! Our own BPMN reads back as the map written, for the samples and for arbitrary maps.

use proptest::prelude::*;
use throughline_bpmn::{from_bpmn, to_bpmn};
use throughline_core::{Map, arbitrary};

fn sample(name: &str) -> Map {
    let path = throughline_tests::sample_path(name);
    throughline_core::json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_samples_round_trip_losslessly() {
    for name in
        ["inbound-b2b-saas-hubspot", "enterprise-salesforce-asc606", "product-led-self-serve"]
    {
        let map = sample(name);
        let back = from_bpmn(&to_bpmn(&map)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, map, "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Maps reached by random edits from a map with every kind of entity (names with
    /// quotes, line breaks and markup included).
    #[test]
    fn arbitrary_maps_round_trip_losslessly(
        edits in prop::collection::vec(arbitrary::edit(), 1..16),
        name in "[ -~\n\t<>&\"']{1,20}",
    ) {
        let mut map = arbitrary::base_map();
        for edit in edits {
            let _ = throughline_core::apply(&mut map, edit);
        }
        if !name.trim().is_empty() {
            map.name = name.clone();
            map.stages[0].name = name;
        }
        let bpmn = to_bpmn(&map);
        prop_assert_eq!(from_bpmn(&bpmn).map_err(|e| e.to_string()), Ok(map));
    }
}

/// Ids XML does not accept, or that two elements share, get other XML ids; the map keeps its own.
#[test]
fn ids_xml_refuses_round_trip_too() {
    let mut map = arbitrary::base_map();
    let renames = [("s0", "1st touch"), ("s1", "mkt"), ("s2", "Process_1"), ("s3", "é")];
    let json = renames.iter().fold(throughline_core::json::to_string(&map), |text, (from, to)| {
        text.replace(&format!("\"{from}\""), &format!("\"{to}\""))
    });
    map = throughline_core::json::from_str(&json).unwrap();
    let bpmn = to_bpmn(&map);
    assert!(bpmn.contains(r#"id="Stage_1st_touch""#) && bpmn.contains(r#"id="mkt_2""#), "{bpmn}");
    assert_eq!(from_bpmn(&bpmn).unwrap(), map);
}
