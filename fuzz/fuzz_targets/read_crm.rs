//! Any bytes as a CRM's configuration, HubSpot JSON or Salesforce metadata as the first byte
//! picks: reading never panics, and a map imported from what reads is valid.

#![no_main]

use std::io::Write;

const NAMES: [&str; 4] = [
    "pipelines.json",
    "OpportunityStage.standardValueSet-meta.xml",
    "Deal.businessProcess-meta.xml",
    "Path.pathAssistant-meta.xml",
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join(NAMES[usize::from(pick) % NAMES.len()]);
    std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes)).expect("written");
    if let Ok((config, _)) = throughline_crm::read_noting(&[path]) {
        let map = throughline_crm::import::map(&config, "Fuzzed");
        assert!(throughline_core::validate::check_map(&map).is_ok(), "an import must be valid");
    }
});
