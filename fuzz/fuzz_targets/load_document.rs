//! Any bytes as a `.throughline` file: reading never panics and never changes the file, and
//! whatever reads is a valid map. Seeded with real documents (see README.md), so that the
//! mutations land inside SQLite's pages rather than failing at the header.

#![no_main]

use std::io::Write;

use throughline_core::validate;
use throughline_store::Document;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::Builder::new().suffix(".throughline").tempfile().expect("a file");
    file.write_all(data).expect("written");
    let path = file.path().to_path_buf();
    if let Ok(map) = Document::read(&path) {
        assert!(validate::check_map(&map).is_ok(), "a map read must be valid");
    }
    let after = std::fs::read(&path).expect("still there");
    assert_eq!(after, data, "reading must not change the file");
});
