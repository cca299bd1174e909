//! A map as BPMN 2.0 XML with diagram interchange.

use std::collections::HashMap;
use std::fmt::Write as _;

use throughline_core::Map;
use throughline_core::model::StageKind;
use throughline_report::layout::{self, Drawing};

use crate::xml::{Ids, attribute, text};
use crate::{MODEL, NAMESPACE};

/// BPMN pixels per point of the report's drawing: its cards become tasks of 138 × 63.
const SCALE: f64 = 1.5;
/// The pool's name band, and each lane's, on the left.
const BAND: f64 = 30.0;
/// Start and end events are circles of this diameter, centred where the card would be.
const EVENT: f64 = 36.0;

#[derive(Clone, Copy)]
struct Bounds {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The map as a BPMN 2.0 document that bpmn.io and Camunda Modeler open with no warnings.
pub fn to_bpmn(map: &Map) -> String {
    let drawing = layout::draw(
        map,
        &vec![None; map.stages.len()],
        &vec![None; map.transitions.len()],
        (f64::INFINITY, f64::INFINITY),
    );
    let mut ids = Ids::default();
    let [definitions, collaboration, participant, process, lane_set, diagram, plane] = [
        "Definitions_1",
        "Collaboration_1",
        "Participant_1",
        "Process_1",
        "LaneSet_1",
        "BPMNDiagram_1",
        "BPMNPlane_1",
    ]
    .map(|id| ids.claim(id, "Id"));
    let lanes: Vec<String> = map.teams.iter().map(|t| ids.claim(&t.id, "Lane")).collect();
    let nodes: Vec<String> = map.stages.iter().map(|s| ids.claim(&s.id, "Stage")).collect();
    let flows: Vec<String> = map.transitions.iter().map(|t| ids.claim(&t.id, "Flow")).collect();
    let index: HashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let node_of = |stage: &str| index.get(stage).copied();
    let (mut incoming, mut outgoing) = (vec![vec![]; nodes.len()], vec![vec![]; nodes.len()]);
    for (k, t) in map.transitions.iter().enumerate() {
        if let (Some(a), Some(b)) = (node_of(&t.from), node_of(&t.to)) {
            outgoing[a].push(k);
            incoming[b].push(k);
        }
    }
    let bounds: Vec<Bounds> = map
        .stages
        .iter()
        .zip(&drawing.cards)
        .map(|(s, card)| shape(s.kind, card.x * SCALE + BAND, card.y * SCALE))
        .collect();

    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<bpmn:definitions xmlns:bpmn="{MODEL}" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:tl="{NAMESPACE}" id="{definitions}" targetNamespace="https://throughline.app/bpmn" exporter="Throughline" exporterVersion="{}">"#,
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, r#"  <bpmn:collaboration id="{collaboration}">"#);
    let _ = writeln!(
        out,
        r#"    <bpmn:participant id="{participant}" name="{}" processRef="{process}" />"#,
        attribute(&map.name)
    );
    out.push_str("  </bpmn:collaboration>\n");
    let _ = writeln!(out, r#"  <bpmn:process id="{process}" isExecutable="false">"#);
    // The rest of the map (description, people, terms, waivers, severities) as our JSON.
    let rest = Map { teams: vec![], stages: vec![], transitions: vec![], ..map.clone() };
    extension(&mut out, "    ", "map", &rest);
    let _ = writeln!(out, r#"    <bpmn:laneSet id="{lane_set}">"#);
    for (t, team) in map.teams.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"      <bpmn:lane id="{}" name="{}">"#,
            lanes[t],
            attribute(&team.name)
        );
        extension(&mut out, "        ", "team", team);
        for (i, _) in map.stages.iter().enumerate().filter(|(_, s)| s.team == team.id) {
            let _ = writeln!(out, "        <bpmn:flowNodeRef>{}</bpmn:flowNodeRef>", nodes[i]);
        }
        out.push_str("      </bpmn:lane>\n");
    }
    out.push_str("    </bpmn:laneSet>\n");
    for (i, stage) in map.stages.iter().enumerate() {
        let element = element(stage.kind);
        let _ = writeln!(
            out,
            r#"    <bpmn:{element} id="{}" name="{}">"#,
            nodes[i],
            attribute(&stage.name)
        );
        // What other tools show: the stage's entry criteria in words.
        let criteria: Vec<&str> = stage.entry.iter().map(|c| c.text.as_str()).collect();
        if criteria.iter().any(|c| !c.is_empty()) {
            let _ = writeln!(
                out,
                "      <bpmn:documentation>{}</bpmn:documentation>",
                text(&criteria.join("\n"))
            );
        }
        extension(&mut out, "      ", "stage", stage);
        for &k in &incoming[i] {
            let _ = writeln!(out, "      <bpmn:incoming>{}</bpmn:incoming>", flows[k]);
        }
        for &k in &outgoing[i] {
            let _ = writeln!(out, "      <bpmn:outgoing>{}</bpmn:outgoing>", flows[k]);
        }
        let _ = writeln!(out, "    </bpmn:{element}>");
    }
    for (k, t) in map.transitions.iter().enumerate() {
        let (Some(a), Some(b)) = (node_of(&t.from), node_of(&t.to)) else { continue };
        // A handoff is labelled with its owners, as on the canvas.
        let name = if map.stages[a].team == map.stages[b].team || t.owners.is_empty() {
            String::new()
        } else {
            let owners: Vec<&str> = t.owners.iter().map(|o| map.person_name(o)).collect();
            format!(r#" name="{}""#, attribute(&owners.join(", ")))
        };
        let _ = writeln!(
            out,
            r#"    <bpmn:sequenceFlow id="{}"{name} sourceRef="{}" targetRef="{}">"#,
            flows[k], nodes[a], nodes[b]
        );
        extension(&mut out, "      ", "transition", t);
        out.push_str("    </bpmn:sequenceFlow>\n");
    }
    out.push_str("  </bpmn:process>\n");

    let _ = writeln!(out, r#"  <bpmndi:BPMNDiagram id="{diagram}">"#);
    let _ = writeln!(out, r#"    <bpmndi:BPMNPlane id="{plane}" bpmnElement="{collaboration}">"#);
    let pool = pool_bounds(&drawing);
    di_shape(&mut out, &mut ids, &participant, pool, true);
    for (t, lane) in drawing.lanes.iter().enumerate() {
        let bounds = Bounds { x: BAND, y: lane.y * SCALE, w: pool.w - BAND, h: lane.h * SCALE };
        di_shape(&mut out, &mut ids, &lanes[t], bounds, true);
    }
    for (i, b) in bounds.iter().enumerate() {
        di_shape(&mut out, &mut ids, &nodes[i], *b, false);
    }
    for (k, (t, arrow)) in map.transitions.iter().zip(&drawing.arrows).enumerate() {
        let (Some(a), Some(b)) = (node_of(&t.from), node_of(&t.to)) else { continue };
        let mut points: Vec<(f64, f64)> =
            arrow.points.iter().map(|(x, y)| (x * SCALE + BAND, y * SCALE)).collect();
        // The drawing joins cards; events are narrower, so the ends meet their circles.
        if let Some(first) = points.first_mut() {
            first.0 = bounds[a].x + bounds[a].w;
        }
        if let Some(last) = points.last_mut() {
            last.0 = bounds[b].x;
        }
        let id = ids.claim(&format!("{}_di", flows[k]), "Edge");
        let _ = writeln!(out, r#"      <bpmndi:BPMNEdge id="{id}" bpmnElement="{}">"#, flows[k]);
        for (x, y) in points {
            let _ = writeln!(out, r#"        <di:waypoint x="{}" y="{}" />"#, px(x), px(y));
        }
        out.push_str("      </bpmndi:BPMNEdge>\n");
    }
    out.push_str("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n");
    out
}

fn element(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Entry => "startEvent",
        StageKind::Stage => "task",
        StageKind::Revenue | StageKind::Exit => "endEvent",
    }
}

/// A stage's shape where the report draws its card (top left at `x`, `y`).
fn shape(kind: StageKind, x: f64, y: f64) -> Bounds {
    let (w, h) = (layout::CARD_W * SCALE, layout::CARD_H * SCALE);
    match kind {
        StageKind::Stage => Bounds { x, y, w, h },
        _ => Bounds { x: x + (w - EVENT) / 2.0, y: y + (h - EVENT) / 2.0, w: EVENT, h: EVENT },
    }
}

fn pool_bounds(drawing: &Drawing) -> Bounds {
    Bounds { x: 0.0, y: 0.0, w: drawing.width * SCALE + BAND, h: drawing.height.max(1.0) * SCALE }
}

/// A shape's bounds; pools and lanes are `horizontal`, their names written down the left.
fn di_shape(out: &mut String, ids: &mut Ids, element: &str, b: Bounds, horizontal: bool) {
    let id = ids.claim(&format!("{element}_di"), "Shape");
    let horizontal = if horizontal { r#" isHorizontal="true""# } else { "" };
    let _ =
        writeln!(out, r#"      <bpmndi:BPMNShape id="{id}" bpmnElement="{element}"{horizontal}>"#);
    let _ = writeln!(
        out,
        r#"        <dc:Bounds x="{}" y="{}" width="{}" height="{}" />"#,
        px(b.x),
        px(b.y),
        px(b.w),
        px(b.h)
    );
    out.push_str("      </bpmndi:BPMNShape>\n");
}

/// Whole pixels, as modelers write them.
fn px(value: f64) -> i64 {
    value.round() as i64
}

/// Our own data for an element, as JSON in `<tl:NAME>` under `extensionElements`.
fn extension(out: &mut String, indent: &str, name: &str, value: &impl serde::Serialize) {
    // Plain data with string keys always serialises.
    let json = serde_json::to_string(value).unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}<bpmn:extensionElements><tl:{name}>{}</tl:{name}></bpmn:extensionElements>",
        text(&json)
    );
}
