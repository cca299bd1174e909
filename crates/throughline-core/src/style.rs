//! The look the canvas and the report share, stated once: a stage card's size on the canvas
//! (the report reads the user's arrangement in these units) and the colours lanes take when
//! a team has none of its own. The UI receives them through the generated bindings.

use serde::Serialize;

/// A stage card on the canvas, in pixels.
pub const CARD_WIDTH: f64 = 200.0;
pub const CARD_HEIGHT: f64 = 76.0;

/// Where maps laid out outside the canvas (imported from the CRM or BPMN) start their cards,
/// clear of the lanes' names, and how far apart their columns are: the canvas's own grid
/// (`LANE_LABEL` and `COLUMN_PITCH` in ui/src/flow.ts).
pub const LANE_LABEL: f64 = 170.0;
pub const COLUMN_PITCH: f64 = 250.0;

/// Lane colours, in lane order, for teams without a colour of their own.
pub const PALETTE: [&str; 6] = ["#2563eb", "#7c3aed", "#db2777", "#ea580c", "#059669", "#0891b2"];

/// The colour of the lane at `index` when its team has none.
pub fn lane_colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// The same facts as one value, for the UI's bindings.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CanvasStyle {
    pub card_width: f64,
    pub card_height: f64,
    pub palette: [&'static str; 6],
}

pub const CANVAS_STYLE: CanvasStyle =
    CanvasStyle { card_width: CARD_WIDTH, card_height: CARD_HEIGHT, palette: PALETTE };
