//! Where a modeler drew the stages of a model we did not write: its diagram's shapes, read as
//! our cards' columns and heights.

use std::collections::HashMap;

use roxmltree::Node;
use throughline_core::model::{Map, Position};
use throughline_core::style::{COLUMN_PITCH, LANE_LABEL};

const DI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const DC: &str = "http://www.omg.org/spec/DD/20100524/DC";

/// How far down a card moves off another in its column.
const ROW: f64 = 100.0;

/// Foreign stages where the modeler drew them, when it drew them all, as cards: shapes whose
/// centres are within half a task of each other across make a column (BPMN's events and
/// tasks are far narrower than our cards), heights are kept, and a card that would cover
/// another in its column (a boundary event on its task) moves down a row.
pub(super) fn place(map: &mut Map, foreign: &[usize], shapes: &HashMap<&str, Centre>) {
    let at: Vec<Option<Centre>> =
        foreign.iter().map(|&i| shapes.get(map.stages[i].id.as_str()).copied()).collect();
    if foreign.is_empty() || at.iter().any(Option::is_none) {
        return;
    }
    let centres: Vec<Centre> = at.into_iter().flatten().collect();
    let mut across: Vec<f64> = centres.iter().map(|c| c.0).collect();
    across.sort_by(f64::total_cmp);
    let mut starts = vec![across[0]];
    for pair in across.windows(2) {
        if pair[1] - pair[0] > 50.0 {
            starts.push(pair[1]);
        }
    }
    let top = centres.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    // Each column's cards so far; a card looks only at its own column's.
    let mut placed: Vec<Vec<f64>> = vec![Vec::new(); starts.len()];
    for (&i, c) in foreign.iter().zip(&centres) {
        let column = starts.partition_point(|&s| s <= c.0).saturating_sub(1);
        let mut y = (c.1 - top).round();
        while let Some(&below) = placed[column].iter().find(|&&py| (py - y).abs() < ROW) {
            y = below + ROW;
        }
        placed[column].push(y);
        map.stages[i].position = Some(Position { x: LANE_LABEL + column as f64 * COLUMN_PITCH, y });
    }
}

/// The centre of a shape in the modeler's drawing.
pub(super) type Centre = (f64, f64);

/// The centre of every shape in the diagram, by the id of the element it draws.
pub(super) fn shapes<'a>(root: Node<'a, '_>) -> HashMap<&'a str, Centre> {
    root.descendants()
        .filter(|n| n.has_tag_name((DI, "BPMNShape")))
        .filter_map(|shape| {
            let bounds = shape.children().find(|n| n.has_tag_name((DC, "Bounds")))?;
            let number = |a: &str| bounds.attribute(a)?.trim().parse::<f64>().ok();
            let (x, y) = (number("x")?, number("y")?);
            let (w, h) = (number("width").unwrap_or(0.0), number("height").unwrap_or(0.0));
            Some((shape.attribute("bpmnElement")?, (x + w / 2.0, y + h / 2.0)))
        })
        .collect()
}
