//! Any bytes: loading never panics, and whatever loads is a valid map that analyses and
//! survives a round trip through JSON.

#![no_main]

use throughline_core::{analyze, json, validate};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(map) = json::from_slice(data) else {
        return;
    };
    assert!(validate::check_map(&map).is_ok(), "a loaded map must be valid");
    let _ = analyze(&map);
    let text = json::to_string(&map);
    assert_eq!(json::from_str(&text).as_ref(), Ok(&map), "the map must survive a round trip");
});
