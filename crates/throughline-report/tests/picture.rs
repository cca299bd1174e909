//! Pictures of the map for slides: the report's drawing as SVG (text as text) and PNG, the
//! whole map on one page sized to it.

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

/// The groups of one class in an SVG picture.
fn groups<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some(class))
        .collect()
}

/// The lines of text in a group, in order.
fn lines(group: roxmltree::Node) -> Vec<String> {
    group
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
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
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some(&map.name[..]));
    // Text is text: every lane, card and arrow is a group of its own, each card's lines give
    // its name whole (wrapped between words), its kind and its owner.
    assert_eq!(groups(&doc, "lane").len(), map.teams.len());
    assert_eq!(groups(&doc, "arrow").len(), map.transitions.len());
    let cards = groups(&doc, "card");
    assert_eq!(cards.len(), map.stages.len());
    for (card, stage) in cards.iter().zip(&map.stages) {
        let lines = lines(*card);
        let owner = stage.owners.first().map_or("No owner", |o| map.person_name(o));
        assert_eq!(lines.last().map(String::as_str), Some(owner), "{lines:?}");
        let accented = lines[0] == stage.kind.label().to_uppercase();
        let name = &lines[usize::from(accented)..lines.len() - 1];
        assert_eq!(name.join(" "), stage.name, "{lines:?}");
    }
    let handoffs = groups(&doc, "handoff-owner").len();
    assert_eq!(
        handoffs,
        map.transitions
            .iter()
            .filter(|t| {
                let team = |id: &str| map.stages.iter().find(|s| s.id == id).map(|s| &s.team);
                team(&t.from) != team(&t.to)
            })
            .count()
    );

    let png = picture(&map, PictureFormat::Png).unwrap();
    let (w, h) = png_size(&png);
    assert_eq!((f64::from(w), f64::from(h)), ((view[2] * 2.0).ceil(), (view[3] * 2.0).ceil()));
    assert!(w > h * 2, "a journey reads left to right: {w} × {h}");
}

#[test]
fn names_are_data_in_the_svg_markup_and_controls_are_shown_not_obeyed() {
    let mut map = sample("inbound-b2b-saas-hubspot");
    map.name = "R&D <pipeline> \"2027\"".to_owned();
    map.stages[1].name = "Lead & <b>MQL</b> \u{1b}[31m\u{0} \u{202e}won\u{fffe}".to_owned();
    map.teams[0].name = "Sales & Marketing\nEMEA".to_owned();
    let svg = String::from_utf8(picture(&map, PictureFormat::Svg).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG whatever the names");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some("R&D <pipeline> \"2027\""));
    let card = lines(groups(&doc, "card")[1]).join(" ");
    assert!(card.contains("Lead & <b>MQL</b> \\u{1b}[31m\\u{0} \\u{202e}won\\u{fffe}"), "{card}");
    // A line break in a name is a space between words, wrapped as the others.
    let lane = lines(groups(&doc, "lane")[0]).join(" ");
    assert_eq!(lane, "Sales & Marketing EMEA");
}

#[test]
fn a_map_of_fifty_thousand_stages_is_one_svg_with_every_card() {
    let map = throughline_core::generate::large_map(50_000, 150_000, 3);
    let svg = picture(&map, PictureFormat::Svg).unwrap();
    // Every card and arrow, in a file a tenth the size typst's outlines made (315 MB).
    assert!(svg.len() < 100_000_000, "{} bytes", svg.len());
    let svg = String::from_utf8(svg).unwrap();
    assert_eq!(svg.matches(r#"<g class="card">"#).count(), 50_000);
    assert_eq!(svg.matches(r#"<g class="arrow">"#).count(), map.transitions.len());
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
