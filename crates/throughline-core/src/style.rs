//! The look the canvas, the report and the exports share, stated once: a stage card's size on
//! the canvas (the report reads the user's arrangement in these units), the colours lanes take
//! when a team has none of its own, the colour of each severity, and the drawing's own colours
//! (text, lines, each kind of stage's accent). The UI receives them
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

/// The colour each kind of stage is named in, on its card; plain stages have none.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KindColours {
    pub entry: &'static str,
    pub revenue: &'static str,
    pub exit: &'static str,
}

impl KindColours {
    /// The accent of a kind of stage (by its name in JSON), if it has one.
    pub fn of(self, kind: &str) -> Option<&'static str> {
        match kind {
            "entry" => Some(self.entry),
            "revenue" => Some(self.revenue),
            "exit" => Some(self.exit),
            _ => None,
        }
    }
}

/// The map drawing's colours besides the lanes' and the severities': those of the report's
/// map and the pictures (SVG, PNG).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DrawingColours {
    /// Names, and the labels of arrows.
    pub ink: &'static str,
    /// Owners and the key.
    pub muted: &'static str,
    /// The line between lanes.
    pub rule: &'static str,
    /// A card's border, and an arrow within a team, when no finding marks them.
    pub line: &'static str,
    /// An arrow between teams (a handoff) when no finding marks it.
    pub handoff: &'static str,
    /// A path in the stage history that the map does not draw.
    pub undocumented: &'static str,
    pub kind: KindColours,
}

pub const DRAWING_COLOURS: DrawingColours = DrawingColours {
    ink: "#1f2937",
    muted: "#6b7280",
    rule: "#d1d5db",
    line: "#9ca3af",
    handoff: "#374151",
    undocumented: "#7c3aed",
    kind: KindColours { entry: "#2563eb", revenue: "#059669", exit: "#6b7280" },
};

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
    pub drawing: DrawingColours,
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
    drawing: DRAWING_COLOURS,
};
