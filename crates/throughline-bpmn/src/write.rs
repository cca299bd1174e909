//! A map as BPMN 2.0 XML with diagram interchange.

use std::collections::HashMap;
use std::fmt::Write as _;

use throughline_core::Map;
use throughline_core::model::StageKind;
use throughline_layout::{self as layout, Drawing};

use crate::occupied::{Bounds, Occupied};
use crate::xml::{Ids, attribute, text};
use crate::{MODEL, NAMESPACE};

/// BPMN pixels per point of the report's drawing: its cards become tasks of 138 × 63.
const SCALE: f64 = 1.5;
/// The pool's name band, and each lane's, on the left.
const BAND: f64 = 30.0;
/// Start and end events are circles of this diameter, centred where the card would be.
const EVENT: f64 = 36.0;
/// A flow label's size in modelers' 11 px text: the width a character takes, the line height.
const LABEL_CHAR: f64 = 6.5;
const LABEL_LINE: f64 = 14.0;

/// The map as a BPMN 2.0 document that bpmn.io and Camunda Modeler open with no warnings.
pub fn to_bpmn(map: &Map) -> String {
    let mut ids = Ids::default();
    let doc = Document::new(map, &mut ids);
    let mut out = String::new();
    doc.header(&mut out);
    doc.process(&mut out);
    doc.diagram(&mut out, &mut ids);
    out
}

/// What a document is written from: the XML ids of everything in it, and where each stage
/// and transition is drawn.
struct Document<'a> {
    map: &'a Map,
    drawing: Drawing,
    /// The fixed ids: definitions, collaboration, participant, process, lane set, diagram,
    /// plane.
    fixed: [String; 7],
    lanes: Vec<String>,
    nodes: Vec<String>,
    flows: Vec<String>,
    /// Each transition's stages by index, when both are on the map.
    ends: Vec<Option<(usize, usize)>>,
    bounds: Vec<Bounds>,
}

impl<'a> Document<'a> {
    fn new(map: &'a Map, ids: &mut Ids) -> Self {
        let drawing = layout::draw(
            map,
            &vec![None; map.stages.len()],
            &vec![None; map.transitions.len()],
            (f64::INFINITY, f64::INFINITY),
        );
        let fixed = [
            "Definitions_1",
            "Collaboration_1",
            "Participant_1",
            "Process_1",
            "LaneSet_1",
            "BPMNDiagram_1",
            "BPMNPlane_1",
        ]
        .map(|id| ids.claim(id, "Id"));
        let lanes = map.teams.iter().map(|t| ids.claim(&t.id, "Lane")).collect();
        let nodes = map.stages.iter().map(|s| ids.claim(&s.id, "Stage")).collect();
        let flows = map.transitions.iter().map(|t| ids.claim(&t.id, "Flow")).collect();
        let index: HashMap<&str, usize> =
            map.stages.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let ends = map
            .transitions
            .iter()
            .map(|t| Some((*index.get(t.from.as_str())?, *index.get(t.to.as_str())?)))
            .collect();
        let bounds = map
            .stages
            .iter()
            .zip(&drawing.cards)
            .map(|(s, card)| shape(s.kind, card.x * SCALE + BAND, card.y * SCALE))
            .collect();
        Document { map, drawing, fixed, lanes, nodes, flows, ends, bounds }
    }

    /// A handoff is labelled with its owners, as on the canvas.
    fn flow_name(&self, k: usize) -> Option<String> {
        let (a, b) = self.ends[k]?;
        let (map, t) = (self.map, &self.map.transitions[k]);
        if map.stages[a].team == map.stages[b].team || t.owners.is_empty() {
            return None;
        }
        let owners: Vec<&str> = t.owners.iter().map(|o| map.person_name(o)).collect();
        Some(owners.join(", "))
    }

    /// A flow's label where the report writes it: where the flow crosses the border of the
    /// lane it leaves. Modelers draw labels without a background, so it goes beside that
    /// crossing, on the first side clear of every stage and label already placed, rather than
    /// on the lines.
    fn label_bounds(&self, flow: usize, name: &str, occupied: &Occupied) -> Bounds {
        let (cross_x, cross_y) = self.drawing.arrows[flow].label_at;
        let (cx, cy) = (cross_x * SCALE + BAND, cross_y * SCALE);
        let (w, h) = (name.chars().count() as f64 * LABEL_CHAR + 8.0, LABEL_LINE);
        let (right, left, above, below) = (cx + 3.0, cx - w - 3.0, cy - h - 1.0, cy + 1.0);
        [(right, above), (right, below), (left, above), (left, below)]
            .into_iter()
            .map(|(x, y)| Bounds { x, y, w, h })
            .find(|b| !occupied.overlaps(b))
            .unwrap_or(Bounds { x: cx - w / 2.0, y: cy - h / 2.0, w, h })
    }

    fn header(&self, out: &mut String) {
        let [definitions, collaboration, participant, process, ..] = &self.fixed;
        line(out, format_args!(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        line(
            out,
            format_args!(
                r#"<bpmn:definitions xmlns:bpmn="{MODEL}" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:tl="{NAMESPACE}" id="{definitions}" targetNamespace="https://throughline.app/bpmn" exporter="Throughline" exporterVersion="{}">"#,
                env!("CARGO_PKG_VERSION")
            ),
        );
        line(out, format_args!(r#"  <bpmn:collaboration id="{collaboration}">"#));
        line(
            out,
            format_args!(
                r#"    <bpmn:participant id="{participant}" name="{}" processRef="{process}" />"#,
                attribute(&self.map.name)
            ),
        );
        line(out, format_args!("  </bpmn:collaboration>"));
    }

    /// The process: a lane per team, a node per stage, a sequence flow per transition.
    fn process(&self, out: &mut String) {
        let map = self.map;
        let (process, lane_set) = (&self.fixed[3], &self.fixed[4]);
        line(out, format_args!(r#"  <bpmn:process id="{process}" isExecutable="false">"#));
        // The rest of the map (description, people, terms, waivers, severities) as our JSON.
        let rest = Map { teams: vec![], stages: vec![], transitions: vec![], ..map.clone() };
        extension(out, "    ", "map", &rest);
        line(out, format_args!(r#"    <bpmn:laneSet id="{lane_set}">"#));
        for (t, team) in map.teams.iter().enumerate() {
            let lane = &self.lanes[t];
            line(
                out,
                format_args!(r#"      <bpmn:lane id="{lane}" name="{}">"#, attribute(&team.name)),
            );
            extension(out, "        ", "team", team);
            for (i, _) in map.stages.iter().enumerate().filter(|(_, s)| s.team == team.id) {
                let node = &self.nodes[i];
                line(out, format_args!("        <bpmn:flowNodeRef>{node}</bpmn:flowNodeRef>"));
            }
            line(out, format_args!("      </bpmn:lane>"));
        }
        line(out, format_args!("    </bpmn:laneSet>"));
        let mut incoming = vec![vec![]; map.stages.len()];
        let mut outgoing = vec![vec![]; map.stages.len()];
        for (k, ends) in self.ends.iter().enumerate() {
            if let Some((a, b)) = ends {
                outgoing[*a].push(k);
                incoming[*b].push(k);
            }
        }
        for (i, stage) in map.stages.iter().enumerate() {
            let (element, node) = (element(stage.kind), &self.nodes[i]);
            line(
                out,
                format_args!(
                    r#"    <bpmn:{element} id="{node}" name="{}">"#,
                    attribute(&stage.name)
                ),
            );
            // What other tools show: the stage's entry criteria in words.
            let criteria: Vec<&str> = stage.entry.iter().map(|c| c.text.as_str()).collect();
            if criteria.iter().any(|c| !c.is_empty()) {
                line(
                    out,
                    format_args!(
                        "      <bpmn:documentation>{}</bpmn:documentation>",
                        text(&criteria.join("\n"))
                    ),
                );
            }
            extension(out, "      ", "stage", stage);
            for &k in &incoming[i] {
                line(out, format_args!("      <bpmn:incoming>{}</bpmn:incoming>", self.flows[k]));
            }
            for &k in &outgoing[i] {
                line(out, format_args!("      <bpmn:outgoing>{}</bpmn:outgoing>", self.flows[k]));
            }
            line(out, format_args!("    </bpmn:{element}>"));
        }
        for (k, t) in map.transitions.iter().enumerate() {
            let Some((a, b)) = self.ends[k] else { continue };
            let name = self
                .flow_name(k)
                .map_or_else(String::new, |n| format!(r#" name="{}""#, attribute(&n)));
            let (flow, source, target) = (&self.flows[k], &self.nodes[a], &self.nodes[b]);
            line(
                out,
                format_args!(
                    r#"    <bpmn:sequenceFlow id="{flow}"{name} sourceRef="{source}" targetRef="{target}">"#
                ),
            );
            extension(out, "      ", "transition", t);
            line(out, format_args!("    </bpmn:sequenceFlow>"));
        }
        line(out, format_args!("  </bpmn:process>"));
    }

    /// Diagram interchange: the pool, its lanes and every node where the report draws them,
    /// and every flow along the report's route.
    fn diagram(&self, out: &mut String, ids: &mut Ids) {
        let [_, collaboration, participant, _, _, diagram, plane] = &self.fixed;
        line(out, format_args!(r#"  <bpmndi:BPMNDiagram id="{diagram}">"#));
        line(
            out,
            format_args!(r#"    <bpmndi:BPMNPlane id="{plane}" bpmnElement="{collaboration}">"#),
        );
        let pool = Bounds {
            x: 0.0,
            y: 0.0,
            w: self.drawing.width * SCALE + BAND,
            h: self.drawing.height.max(1.0) * SCALE,
        };
        di_shape(out, ids, participant, pool, true);
        for (t, lane) in self.drawing.lanes.iter().enumerate() {
            let bounds = Bounds { x: BAND, y: lane.y * SCALE, w: pool.w - BAND, h: lane.h * SCALE };
            di_shape(out, ids, &self.lanes[t], bounds, true);
        }
        for i in 0..self.bounds.len() {
            di_shape(out, ids, &self.nodes[i], self.bounds[i], false);
        }
        // The stages, then each label as it is placed.
        let mut occupied = Occupied::default();
        for b in &self.bounds {
            occupied.add(*b);
        }
        for k in 0..self.flows.len() {
            let Some((a, b)) = self.ends[k] else { continue };
            let mut points: Vec<(f64, f64)> = self.drawing.arrows[k]
                .points
                .iter()
                .map(|(x, y)| (x * SCALE + BAND, y * SCALE))
                .collect();
            // The drawing joins cards; events are narrower, so the ends meet their circles.
            if let Some(first) = points.first_mut() {
                first.0 = self.bounds[a].x + self.bounds[a].w;
            }
            if let Some(last) = points.last_mut() {
                last.0 = self.bounds[b].x;
            }
            let flow = &self.flows[k];
            let id = ids.claim(&format!("{flow}_di"), "Edge");
            line(out, format_args!(r#"      <bpmndi:BPMNEdge id="{id}" bpmnElement="{flow}">"#));
            for (x, y) in points {
                line(out, format_args!(r#"        <di:waypoint x="{}" y="{}" />"#, px(x), px(y)));
            }
            // Where the report writes a handoff's owners: on the border of the lane it leaves,
            // clear of the cards. Modelers would put it mid-flow, often over a line.
            if let Some(name) = self.flow_name(k) {
                let at = self.label_bounds(k, &name, &occupied);
                occupied.add(at);
                line(out, format_args!("        <bpmndi:BPMNLabel>"));
                line(out, format_args!("          {}", dc_bounds(at)));
                line(out, format_args!("        </bpmndi:BPMNLabel>"));
            }
            line(out, format_args!("      </bpmndi:BPMNEdge>"));
        }
        line(out, format_args!("    </bpmndi:BPMNPlane>"));
        line(out, format_args!("  </bpmndi:BPMNDiagram>"));
        line(out, format_args!("</bpmn:definitions>"));
    }
}

/// A shape's bounds; pools and lanes are `horizontal`, their names written down the left.
fn di_shape(out: &mut String, ids: &mut Ids, element: &str, b: Bounds, horizontal: bool) {
    let id = ids.claim(&format!("{element}_di"), "Shape");
    let horizontal = if horizontal { r#" isHorizontal="true""# } else { "" };
    line(
        out,
        format_args!(r#"      <bpmndi:BPMNShape id="{id}" bpmnElement="{element}"{horizontal}>"#),
    );
    line(out, format_args!("        {}", dc_bounds(b)));
    line(out, format_args!("      </bpmndi:BPMNShape>"));
}

fn dc_bounds(b: Bounds) -> String {
    format!(
        r#"<dc:Bounds x="{}" y="{}" width="{}" height="{}" />"#,
        px(b.x),
        px(b.y),
        px(b.w),
        px(b.h)
    )
}

/// Our own data for an element, as JSON in `<tl:NAME>` under `extensionElements`.
fn extension(out: &mut String, indent: &str, name: &str, value: &impl serde::Serialize) {
    // Plain data with string keys always serialises.
    let json = serde_json::to_string(value).unwrap_or_default();
    line(
        out,
        format_args!(
            "{indent}<bpmn:extensionElements><tl:{name}>{}</tl:{name}></bpmn:extensionElements>",
            text(&json)
        ),
    );
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

/// Whole pixels, as modelers write them.
fn px(value: f64) -> i64 {
    value.round() as i64
}

fn line(out: &mut String, text: std::fmt::Arguments) {
    let _ = out.write_fmt(text);
    out.push('\n');
}
