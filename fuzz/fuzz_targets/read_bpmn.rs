//! Any text as a BPMN model: reading never panics, and whatever reads is a valid map that
//! writes back to BPMN and reads again.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((map, _)) = throughline_bpmn::from_bpmn_noting(text) else { return };
    assert!(throughline_core::validate::check_map(&map).is_ok(), "a model read must be valid");
    let again = throughline_bpmn::from_bpmn(&throughline_bpmn::to_bpmn(&map));
    assert_eq!(again.as_ref(), Ok(&map), "what reads must survive a round trip");
});
