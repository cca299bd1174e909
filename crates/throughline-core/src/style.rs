//! The look the canvas, the report and the exports share, stated once: a stage card's size on
//! the canvas (the report reads the user's arrangement in these units), the colours lanes take
//! when a team has none of its own, and the colour of each severity. The UI receives them
//! through the generated bindings, the report's templates as `/style.json`, Mermaid in its
//! class definitions.

use serde::Serialize;

use crate::rules::Severity;

/// A stage card on the canvas, in pixels.
pub const CARD_WIDTH: f64 = 200.0;
pub const CARD_HEIGHT: f64 = 76.0;

/// The canvas's grid: cards start clear of the lanes' names, columns are this far apart, and
/// a lane has this much room above and below its cards. Maps laid out outside the canvas
/// (imported from the CRM or BPMN) use it too.
pub const LANE_LABEL: f64 = 170.0;
pub const COLUMN_PITCH: f64 = 250.0;
pub const LANE_PADDING: f64 = 28.0;
/// Between the rows of cards in a lane: room for an arrow to run along.
pub const ROW_GAP: f64 = 24.0;

/// Lane colours, in lane order, for teams without a colour of their own.
pub const PALETTE: [&str; 6] = ["#2563eb", "#7c3aed", "#db2777", "#ea580c", "#059669", "#0891b2"];

/// The colour of the lane at `index` when its team has none.
pub fn lane_colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// The colour each severity is marked in.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SeverityColours {
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
}

pub const SEVERITY_COLOURS: SeverityColours =
    SeverityColours { error: "#dc2626", warning: "#b45309", info: "#2563eb" };

impl SeverityColours {
    pub fn of(self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The same facts as one value, for the UI's bindings and the report's templates.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CanvasStyle {
    pub card_width: f64,
    pub card_height: f64,
    pub lane_label: f64,
    pub column_pitch: f64,
    pub lane_padding: f64,
    pub row_gap: f64,
    pub palette: [&'static str; 6],
    pub severity: SeverityColours,
}

pub const CANVAS_STYLE: CanvasStyle = CanvasStyle {
    card_width: CARD_WIDTH,
    card_height: CARD_HEIGHT,
    lane_label: LANE_LABEL,
    column_pitch: COLUMN_PITCH,
    lane_padding: LANE_PADDING,
    row_gap: ROW_GAP,
    palette: PALETTE,
    severity: SEVERITY_COLOURS,
};
