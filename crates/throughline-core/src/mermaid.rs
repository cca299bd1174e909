//! A map as a Mermaid `flowchart LR`, for READMEs and wikis (GitHub renders Mermaid 10): a
//! subgraph per team in lane order, a node per stage shaped by its kind, an arrow per
//! transition, handoffs drawn heavier with their owners on them, and stages with findings
//! outlined by their worst severity.
//!
//! Mermaid reads some text as syntax, so ids are generated (`s1`, `lane1`: never `end`, never
//! starting with `o` or `x`, which would turn `-->` into a circle or cross edge) and every
//! label is quoted with `"`, `<`, `>` and `#` written as entity codes.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::analysis::analyze;
use crate::model::{Map, StageKind};
use crate::rules::Severity;
use crate::style::{DRAWING_COLOURS, SEVERITY_COLOURS};

/// A label Mermaid shows as written: quoted, its quotes and markup as entity codes.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            // One line per label: a line break in a name would end the statement.
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The map as Mermaid flowchart text.
pub fn to_mermaid(map: &Map) -> String {
    let analysis = analyze(map);
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for f in &analysis.findings {
        for id in &f.subjects {
            let w = worst.entry(id.as_str()).or_insert(f.severity);
            *w = (*w).min(f.severity);
        }
    }
    let node: HashMap<&str, String> = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), format!("s{}", i + 1)))
        .collect();
    let team_of: HashMap<&str, &str> =
        map.stages.iter().map(|s| (s.id.as_str(), s.team.as_str())).collect();
    let person: HashMap<&str, &str> =
        map.people.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();

    let mut out = String::new();
    let _ = writeln!(out, "%% {}: exported from Throughline", map.name.replace(['\n', '\r'], " "));
    out.push_str("flowchart LR\n");
    let mut teams: Vec<(&str, &str)> =
        map.teams.iter().map(|t| (t.id.as_str(), t.name.as_str())).collect();
    // Stages in a lane the map does not list still get drawn, in a lane of their own.
    for s in &map.stages {
        if !teams.iter().any(|(id, _)| *id == s.team) {
            teams.push((s.team.as_str(), s.team.as_str()));
        }
    }
    for (i, (team, name)) in teams.iter().enumerate() {
        let _ = writeln!(out, "  subgraph lane{}[{}]", i + 1, label(name));
        for s in map.stages.iter().filter(|s| s.team == *team) {
            let text = label(&s.name);
            let shape = match s.kind {
                StageKind::Entry => format!("([{text}])"),
                StageKind::Stage => format!("[{text}]"),
                StageKind::Revenue => format!("[[{text}]]"),
                StageKind::Exit => format!("[/{text}/]"),
            };
            let _ = writeln!(out, "    {}{shape}", node[s.id.as_str()]);
        }
        out.push_str("  end\n");
    }
    let mut handoffs = Vec::new();
    let mut drawn = 0;
    for t in &map.transitions {
        let (Some(from), Some(to)) = (node.get(t.from.as_str()), node.get(t.to.as_str())) else {
            continue;
        };
        let handoff = team_of.get(t.from.as_str()) != team_of.get(t.to.as_str());
        let owners: Vec<&str> = t
            .owners
            .iter()
            .map(|o| person.get(o.as_str()).copied().unwrap_or(o.as_str()))
            .collect();
        if handoff && !owners.is_empty() {
            let _ = writeln!(out, "  {from} -->|{}| {to}", label(&owners.join(", ")));
        } else {
            let _ = writeln!(out, "  {from} --> {to}");
        }
        if handoff {
            handoffs.push(drawn);
        }
        drawn += 1;
    }
    let kind = DRAWING_COLOURS.kind;
    let _ = writeln!(out, "  classDef entry fill:#eff6ff,stroke:{}", kind.entry);
    let _ = writeln!(out, "  classDef revenue fill:#ecfdf5,stroke:{}", kind.revenue);
    let colour = |severity| SEVERITY_COLOURS.of(severity);
    let _ = writeln!(out, "  classDef error stroke:{},stroke-width:3px", colour(Severity::Error));
    let _ = writeln!(
        out,
        "  classDef warning stroke:{},stroke-width:2px,stroke-dasharray:5 3",
        colour(Severity::Warning)
    );
    let class = |out: &mut String, name: &str, ids: Vec<&String>| {
        if !ids.is_empty() {
            let ids: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
            let _ = writeln!(out, "  class {} {name}", ids.join(","));
        }
    };
    let of_kind = |kind: StageKind| {
        map.stages.iter().filter(move |s| s.kind == kind).map(|s| &node[s.id.as_str()]).collect()
    };
    class(&mut out, "entry", of_kind(StageKind::Entry));
    class(&mut out, "revenue", of_kind(StageKind::Revenue));
    for (severity, name) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        let flagged = map
            .stages
            .iter()
            .filter(|s| worst.get(s.id.as_str()) == Some(&severity))
            .map(|s| &node[s.id.as_str()])
            .collect();
        class(&mut out, name, flagged);
    }
    if !handoffs.is_empty() {
        let list: Vec<String> = handoffs.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "  linkStyle {} stroke:#111827,stroke-width:2.5px", list.join(","));
    }
    out
}
