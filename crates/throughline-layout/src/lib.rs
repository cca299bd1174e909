//! Where each stage, lane and arrow of the map goes on the page, in points.
//!
//! The journey is drawn in its compact grid (`throughline_core::arrange`), shaped for the
//! page: the same arrangement the canvas's Arrange makes, from the arrows alone, so where
//! cards happen to sit on a canvas (an older version's staircase, another tool's
//! coordinates) never decides whether the journey fits. A drawing too large for a page is
//! scaled down as long as card text stays at 6.5 pt or more, and beyond that split into
//! pages.

mod pages;
#[cfg(test)]
mod tests;

pub use pages::{paginate, thumbnail};

use std::collections::HashMap;

use serde::Serialize;
use throughline_core::arrange::{Frame, compact};
use throughline_core::style::lane_colour;
use throughline_core::{Map, Severity};

// Sized so that six columns of cards with two-line names fit a landscape page at full size.
pub const CARD_W: f64 = 92.0;
pub const CARD_H: f64 = 42.0;
const COL_GAP: f64 = 24.0;
const ROW_GAP: f64 = 10.0;
const LANE_PAD: f64 = 8.0;
const LABEL_W: f64 = 62.0;
const PITCH_X: f64 = CARD_W + COL_GAP;
/// Room right of the last column for the arrows that leave it (and their owners' names).
const RIGHT: f64 = 30.0;
/// Card text at full size; never drawn below `MIN_TEXT`.
pub const TEXT: f64 = 7.0;
pub const MIN_TEXT: f64 = 6.5;

#[derive(Debug, Clone, Serialize)]
pub struct Lane {
    pub name: String,
    pub color: String,
    pub y: f64,
    pub h: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub name: String,
    pub owner: String,
    pub kind: &'static str,
    #[serde(skip)]
    pub column: usize,
    pub x: f64,
    pub y: f64,
    /// The worst severity of its findings: `error`, `warning`, `info` or none.
    pub severity: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Arrow {
    pub points: Vec<(f64, f64)>,
    pub handoff: bool,
    pub severity: Option<&'static str>,
    /// A handoff's owner ("No owner" when it has none), written on the arrow at `label_at`.
    pub label: Option<String>,
    pub label_at: (f64, f64),
}

/// One page of the drawing, in page points, with the scale it is drawn at.
#[derive(Debug, Clone, Serialize)]
pub struct MapPage {
    pub part: usize,
    pub parts: usize,
    pub width: f64,
    pub height: f64,
    pub scale: f64,
    pub text_size: f64,
    pub card_w: f64,
    pub card_h: f64,
    pub label_w: f64,
    pub lanes: Vec<Lane>,
    pub cards: Vec<Card>,
    pub arrows: Vec<Arrow>,
}

/// The whole drawing at full size.
#[derive(Debug, Clone)]
pub struct Drawing {
    pub columns: usize,
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<Lane>,
    pub cards: Vec<Card>,
    pub arrows: Vec<Arrow>,
}

/// The most characters of a name a card shows (three lines at full size), and of its owner.
const CARD_NAME: usize = 60;
const CARD_OWNER: usize = 28;

/// Text cut to what a card holds, ending in "…" when cut (the tables give it whole).
fn on_card(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
    }
}

/// Lays the map out to be printed on pages of `page` (width, height) points, marking each
/// stage and transition with the worst severity of its findings.
pub fn draw(
    map: &Map,
    stage_severity: &[Option<Severity>],
    transition_severity: &[Option<Severity>],
    page: (f64, f64),
) -> Drawing {
    let frame = Frame {
        // The grid's width is the drawing's less the room right of the last column (and
        // half a gap the drawing adds left of the first).
        width: page.0 - RIGHT - COL_GAP / 2.0,
        height: page.1,
        label: LABEL_W + COL_GAP / 2.0,
        card_width: CARD_W,
        card_height: CARD_H,
        column_gap: COL_GAP,
        row_gap: ROW_GAP,
        lane_padding: LANE_PAD,
    };
    let grid = compact(map, &frame);
    let team_of: Vec<usize> = grid.slots.iter().map(|s| s.lane).collect();
    let cols: Vec<usize> = grid.slots.iter().map(|s| s.column).collect();
    let rows: Vec<usize> = grid.slots.iter().map(|s| s.row).collect();
    let pitch_y = CARD_H + ROW_GAP;
    let mut lanes = Vec::with_capacity(map.teams.len());
    let mut lane_top = Vec::with_capacity(map.teams.len());
    let mut top = 0.0;
    for (t, team) in map.teams.iter().enumerate() {
        let rows_used = grid.lane_rows.get(t).copied().unwrap_or(1);
        let h = rows_used as f64 * pitch_y - ROW_GAP + 2.0 * LANE_PAD;
        lanes.push(Lane { name: team.name.clone(), color: team_colour(team, t), y: top, h });
        lane_top.push(top);
        top += h;
    }
    let xs: Vec<f64> = cols.iter().map(|&c| LABEL_W + COL_GAP / 2.0 + c as f64 * PITCH_X).collect();
    let ys: Vec<f64> = (0..map.stages.len())
        .map(|i| {
            lane_top.get(team_of[i]).copied().unwrap_or(0.0) + LANE_PAD + rows[i] as f64 * pitch_y
        })
        .collect();
    let columns = cols.iter().max().map_or(1, |c| c + 1);
    let width = LABEL_W + columns as f64 * PITCH_X + RIGHT;

    let index: HashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
    let owners = |ids: &[String]| match ids {
        [] => "No owner".to_owned(),
        [one] => map.person_name(one).to_owned(),
        [one, rest @ ..] => format!("{} +{}", map.person_name(one), rest.len()),
    };
    let cards = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| Card {
            name: on_card(&s.name, CARD_NAME),
            owner: on_card(&owners(&s.owners), CARD_OWNER),
            kind: s.kind.label(),
            column: cols[i],
            x: xs[i],
            y: ys[i],
            severity: stage_severity[i].map(Severity::label),
        })
        .collect::<Vec<_>>();
    let arrows = map
        .transitions
        .iter()
        .enumerate()
        .filter_map(|(k, t)| {
            let (a, b) = (*index.get(&t.from[..])?, *index.get(&t.to[..])?);
            let points = route((xs[a], ys[a]), (xs[b], ys[b]));
            let handoff = team_of[a] != team_of[b];
            // A handoff's owner is written where its arrow leaves the source's lane: on the
            // border between lanes, clear of the cards.
            let source = &lanes[team_of[a]];
            let border = if ys[b] > ys[a] { source.y + source.h } else { source.y };
            let owner = owners(&t.owners);
            // Kept on the page.
            let half = half_width(&on_card(&owner, CARD_OWNER));
            let x = points.get(1).map_or(xs[a], |p| p.0).min(width - half).max(LABEL_W + half);
            Some(Arrow {
                label_at: (x, border),
                label: handoff.then(|| on_card(&owner, CARD_OWNER)),
                points,
                handoff,
                severity: transition_severity[k].map(Severity::label),
            })
        })
        .collect::<Vec<_>>();
    let arrows = apart(arrows);
    Drawing { columns, width, height: top, lanes, cards, arrows }
}

/// About half the width of a handoff owner's name as drawn: half an em a character.
fn half_width(label: &str) -> f64 {
    label.chars().count() as f64 * TEXT * 0.28 + 3.0
}

/// Moves owners' names that would be written over one another (handoffs leaving the same
/// column across the same border) apart along the border, to the left.
///
/// Each border keeps its names as runs: names closer than the widest name could fill are one
/// run. A name that would overlap a run goes just left of the run's start, where there is room
/// for any name, so placing each name is one lookup however many share the border (a scan of
/// every name placed before made a 5,000-stage tangled map take 13 s).
fn apart(mut arrows: Vec<Arrow>) -> Vec<Arrow> {
    const GAP: f64 = 2.0;
    let widest = 2.0 * half_width(&"m".repeat(CARD_OWNER + 1));
    // Per border (its y, exactly: lanes are far taller than a name), the runs by left edge:
    // left → right, disjoint.
    let mut borders: HashMap<u64, std::collections::BTreeMap<Key, f64>> = HashMap::new();
    for a in &mut arrows {
        let Some(label) = &a.label else { continue };
        let half = half_width(label);
        let (mut x, y) = a.label_at;
        let runs = borders.entry(y.to_bits()).or_default();
        // The run reaching furthest right among those starting left of this name's right edge.
        if let Some((&Key(left), &right)) = runs.range(..Key(x + half)).next_back()
            && right > x - half
        {
            x = left - GAP - half;
        }
        let (mut left, mut right) = (x - half, x + half);
        // Joined with the runs it comes near on either side.
        while let Some((&Key(l), &r)) = runs.range(..=Key(left)).next_back()
            && r + widest + GAP > left
        {
            runs.remove(&Key(l));
            (left, right) = (l, right.max(r));
        }
        while let Some((&Key(l), &r)) = runs.range(Key(left)..).next()
            && l < right + widest + GAP
        {
            runs.remove(&Key(l));
            right = right.max(r);
        }
        runs.insert(Key(left), right);
        a.label_at.0 = x;
    }
    arrows
}

/// An `f64` ordered for a map's key (the layout's coordinates are finite).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key(f64);

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A team's colour: its own, or the palette's for the `index`-th lane, as on the canvas.
pub fn team_colour(team: &throughline_core::model::Team, index: usize) -> String {
    team.color.clone().unwrap_or_else(|| lane_colour(index).to_owned())
}

/// How many columns of cards fit across `width` points at full size.
fn columns_that_fit(width: f64) -> usize {
    ((width - LABEL_W - RIGHT) / PITCH_X).floor().max(1.0) as usize
}

/// An orthogonal route from the right side of one card to the left side of another, running
/// through the gaps between columns and rows rather than across cards.
fn route((ax, ay): (f64, f64), (bx, by): (f64, f64)) -> Vec<(f64, f64)> {
    let start = (ax + CARD_W, ay + CARD_H / 2.0);
    let end = (bx, by + CARD_H / 2.0);
    let out_x = start.0 + COL_GAP / 2.0;
    let in_x = end.0 - COL_GAP / 2.0;
    if (out_x - in_x).abs() < 0.5 {
        return vec![start, (out_x, start.1), (out_x, end.1), end];
    }
    // Travel along the gap above the target's row.
    let channel = by - ROW_GAP / 2.0;
    vec![start, (out_x, start.1), (out_x, channel), (in_x, channel), (in_x, end.1), end]
}
