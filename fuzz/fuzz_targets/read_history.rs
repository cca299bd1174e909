//! Any bytes as a stage history, in each format the first byte picks (CSV, XES, OCEL 2.0 JSON
//! or XML): reading and laying it over a map never panics.

#![no_main]

use std::io::Write;

const SUFFIXES: [&str; 4] = [".csv", ".xes", ".jsonocel", ".xmlocel"];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let suffix = SUFFIXES[usize::from(pick) % SUFFIXES.len()];
    let mut file = tempfile::Builder::new().suffix(suffix).tempfile().expect("a file");
    file.write_all(bytes).expect("written");
    let map = throughline_core::arbitrary::base_map();
    let columns = throughline_history::Columns::default();
    let _ = throughline_history::history_of_many(&map, &[file.path()], &columns);
});
