//! The Mermaid drawing of a map: a subgraph per team, ids Mermaid cannot misread, labels
//! escaped, handoffs and flagged stages styled. `tests/e2e/mermaid.render.ts` renders it with
//! Mermaid 10 itself.

use throughline_core::json;
use throughline_core::mermaid::{label, to_mermaid};

fn sample(name: &str) -> throughline_core::Map {
    json::from_str(&throughline_tests::sample_text(name)).unwrap()
}

#[test]
fn labels_are_quoted_with_markup_as_entities() {
    assert_eq!(label("Closed won"), "\"Closed won\"");
    assert_eq!(label("Say \"yes\" <b>#1</b>"), "\"Say #quot;yes#quot; #lt;b#gt;#35;1#lt;/b#gt;\"");
    assert_eq!(label("two\nlines"), "\"two lines\"");
}

#[test]
fn a_sample_becomes_a_flowchart_with_a_subgraph_per_team() {
    let map = sample("inbound-b2b-saas-hubspot");
    let text = to_mermaid(&map);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "flowchart LR");
    let subgraphs: Vec<&str> =
        lines.iter().filter(|l| l.trim_start().starts_with("subgraph ")).copied().collect();
    assert_eq!(subgraphs.len(), map.teams.len());
    assert!(subgraphs[0].contains("[\"Marketing\"]"), "{}", subgraphs[0]);
    assert_eq!(lines.iter().filter(|l| l.trim() == "end").count(), map.teams.len());
    // Every stage once, shaped by its kind; every transition once.
    assert!(text.contains("s1([\"Lead\"])"), "the entry is a stadium");
    assert!(text.contains("[[\"Revenue recognised\"]]"), "revenue is a subroutine shape");
    assert!(text.contains("[/\"Closed lost\"/]"), "an exit is slanted");
    assert_eq!(text.matches("-->").count(), map.transitions.len());
    // The handoff owners on their arrows, handoffs heavier; flagged stages outlined.
    assert!(text.contains("-->|\"Priya Nair, Lucas Meyer\"|"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("  linkStyle ") && l.contains("stroke-width")));
    assert!(text.lines().any(|l| l.starts_with("  class ") && l.ends_with(" error")));
}

#[test]
fn ids_are_never_words_mermaid_reads_as_syntax() {
    let mut map = sample("product-led-self-serve");
    // Ids and names that would break a naive export.
    map.stages[0].name = "end".into();
    map.stages[1].name = "o\"pen\" <x>".into();
    let text = to_mermaid(&map);
    for line in text.lines().filter(|l| l.contains("-->")) {
        for id in line.split("-->").map(|side| side.split('|').next_back().unwrap_or(side).trim()) {
            assert!(id.starts_with('s') && id[1..].chars().all(|c| c.is_ascii_digit()), "{line}");
        }
    }
    assert!(text.contains("[\"end\"]") || text.contains("([\"end\"])"));
    assert!(text.contains("#quot;pen#quot; #lt;x#gt;"));
}
