//! The look the canvas and the report share, stated once: a stage card's size on the canvas
//! (the report reads the user's arrangement in these units) and the colours lanes take when
//! a team has none of its own. The UI receives them through the generated bindings.

use serde::Serialize;

/// A stage card on the canvas, in pixels.
pub const CARD_WIDTH: f64 = 200.0;
pub const CARD_HEIGHT: f64 = 76.0;

/// The canvas's grid: cards start clear of the lanes' names, columns are this far apart, and
/// a lane has this much room above and below its cards. Maps laid out outside the canvas
/// (imported from the CRM or BPMN) use it too.
pub const LANE_LABEL: f64 = 170.0;
pub const COLUMN_PITCH: f64 = 250.0;
pub const LANE_PADDING: f64 = 28.0;

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
    pub lane_label: f64,
    pub column_pitch: f64,
    pub lane_padding: f64,
    pub palette: [&'static str; 6],
}

pub const CANVAS_STYLE: CanvasStyle = CanvasStyle {
    card_width: CARD_WIDTH,
    card_height: CARD_HEIGHT,
    lane_label: LANE_LABEL,
    column_pitch: COLUMN_PITCH,
    lane_padding: LANE_PADDING,
    palette: PALETTE,
};
