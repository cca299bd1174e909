//! Pictures of the map for slides: the report's drawing as SVG and PNG, the whole map on one
//! page sized to it.

use throughline_core::Map;
use throughline_core::model::{Stage, StageKind, Transition};
use throughline_report::{PictureFormat, picture};

fn sample(name: &str) -> Map {
    let path = throughline_tests::sample_path(name);
    throughline_core::json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Width and height from a PNG's header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn svg_and_png_draw_the_same_page() {
    let map = sample("inbound-b2b-saas-hubspot");
    let svg = String::from_utf8(picture(&map, PictureFormat::Svg).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let view: Vec<f64> =
        root.attribute("viewBox").unwrap().split_whitespace().map(|n| n.parse().unwrap()).collect();
    // Text is drawn as glyph outlines (one per letter used), the lanes and cards as paths.
    let glyphs = doc.descendants().filter(|n| n.has_tag_name("symbol")).count();
    assert!(glyphs > 30, "{glyphs} glyphs");
    let paths = doc.descendants().filter(|n| n.has_tag_name("path")).count();
    assert!(paths > map.stages.len() + map.transitions.len(), "{paths} paths");

    let png = picture(&map, PictureFormat::Png).unwrap();
    let (w, h) = png_size(&png);
    assert_eq!((f64::from(w), f64::from(h)), ((view[2] * 2.0).ceil(), (view[3] * 2.0).ceil()));
    assert!(w > h * 2, "a journey reads left to right: {w} × {h}");
}

#[test]
fn a_very_large_map_is_one_picture_within_what_image_programs_open() {
    // A journey of 90 stages in a row: over 20,000 pixels across at full sharpness.
    let mut map = Map::new("Long");
    map.teams.push(throughline_core::model::Team { id: "t".into(), name: "T".into(), color: None });
    for i in 0..90 {
        let kind = if i == 0 { StageKind::Entry } else { StageKind::Stage };
        map.stages.push(Stage::new(format!("s{i}"), format!("Stage {i}"), "t", kind));
        if i > 0 {
            map.transitions.push(Transition::new(
                format!("t{i}"),
                format!("s{}", i - 1),
                format!("s{i}"),
            ));
        }
    }
    let png = picture(&map, PictureFormat::Png).unwrap();
    let (w, h) = png_size(&png);
    assert!(w.max(h) <= 16_000 && w.max(h) >= 15_000, "{w} × {h}");
}
