//! Robustness of JSON loading: arbitrary bytes, arbitrary JSON values, and mutations of a real
//! map never panic, and a load either yields a valid map or an error.

use proptest::prelude::*;
use throughline_core::json;
use throughline_core::validate::check_map;

const BASE: &str = throughline_core::arbitrary::BASE_JSON;

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
        prop_oneof![
            Just("throughline/1".to_owned()),
            Just("s1".to_owned()),
            Just(">=".to_owned()),
            Just("entry".to_owned()),
            ".{0,8}",
        ]
        .prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("format".to_owned()),
                    Just("name".to_owned()),
                    Just("stages".to_owned()),
                    Just("teams".to_owned()),
                    Just("id".to_owned()),
                    Just("team".to_owned()),
                    Just("kind".to_owned()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn loads_or_refuses(bytes: &[u8]) {
    if let Ok(map) = json::from_slice(bytes) {
        assert!(check_map(&map).is_ok(), "a loaded map must be valid");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        loads_or_refuses(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        loads_or_refuses(value.to_string().as_bytes());
    }

    #[test]
    fn mutated_maps_never_panic(cut in 0..BASE.len(), at in 0..BASE.len(), byte in any::<u8>(), splice in ".{0,6}") {
        let mut bytes = BASE.as_bytes().to_vec();
        bytes[at] = byte;
        loads_or_refuses(&bytes);
        loads_or_refuses(&BASE.as_bytes()[..cut]);
        let mut spliced = BASE[..at].to_owned();
        if BASE.is_char_boundary(at) {
            spliced.push_str(&splice);
            spliced.push_str(&BASE[at..]);
            loads_or_refuses(spliced.as_bytes());
        }
    }
}
