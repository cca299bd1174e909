//! The compact journey: where each stage goes in a grid of lanes, columns and rows, from the
//! arrows alone — never from where cards happen to be drawn — shaped to fill a window or a
//! page. The canvas's Arrange, the report's journey page and its thumbnail all draw it.
//!
//! Within a lane, stages keep the journey's order — by step, a step being how far along the
//! longest way from an entry a stage is (rework loops cut where the journey comes back) — and
//! fill the lane's rows as words fill lines: a lane longer than the grid is wide wraps. Each
//! lane starts near the left, shifted right under the handoffs into it only as far as the
//! widest lane allows, so a staircase of teams (each starting where the last one ended) folds
//! into lanes read top to bottom like lines of text. The width is the one that draws the
//! whole journey largest in the frame (no larger than full size).

use std::collections::HashMap;

use crate::edit::Edit;
use crate::model::{Map, Position, StageKind};
use crate::style::{CARD_HEIGHT, CARD_WIDTH, COLUMN_PITCH, LANE_LABEL, LANE_PADDING, ROW_GAP};

/// A stage's place: its lane (the team's index), column and row within the lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    pub lane: usize,
    pub column: usize,
    pub row: usize,
}

/// Every stage's slot (in map order), how many columns the grid has and how many rows each
/// lane (in team order) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub slots: Vec<Slot>,
    pub columns: usize,
    pub lane_rows: Vec<usize>,
}

/// Where the grid is drawn, in any one unit: the room for it, and what a column, a row and a
/// lane cost there.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    /// Left of the first column: the lanes' names.
    pub label: f64,
    pub card_width: f64,
    pub card_height: f64,
    pub column_gap: f64,
    pub row_gap: f64,
    /// Above and below a lane's cards.
    pub lane_padding: f64,
}

impl Frame {
    /// The canvas's frame: its grid in canvas units, in a window `width` × `height`.
    pub fn canvas(width: f64, height: f64) -> Frame {
        Frame {
            width,
            height,
            label: LANE_LABEL,
            card_width: CARD_WIDTH,
            card_height: CARD_HEIGHT,
            column_gap: COLUMN_PITCH - CARD_WIDTH,
            row_gap: ROW_GAP,
            lane_padding: LANE_PADDING,
        }
    }

    /// The drawn size of a grid `columns` wide with lanes of `lane_rows` rows.
    pub fn size(&self, columns: usize, lane_rows: &[usize]) -> (f64, f64) {
        let width =
            self.label + columns as f64 * (self.card_width + self.column_gap) - self.column_gap;
        let height = lane_rows
            .iter()
            .map(|&rows| {
                rows.max(1) as f64 * (self.card_height + self.row_gap) - self.row_gap
                    + 2.0 * self.lane_padding
            })
            .sum();
        (width, height)
    }

    /// How large the grid is drawn when it fills the frame, up to full size (1): larger
    /// gains nothing, so a grid that fits whole is not folded further.
    pub fn scale(&self, columns: usize, lane_rows: &[usize]) -> f64 {
        let (width, height) = self.size(columns, lane_rows);
        (self.width / width).min(self.height / height).min(1.0)
    }
}

/// The compact grid of `map` for `frame`.
pub fn compact(map: &Map, frame: &Frame) -> Grid {
    let journey = Journey::of(map);
    // At most as wide as the journey unfolded: every lane after the handoffs into it. A map
    // that fits whole at full size so stays so, its handoffs all running forward.
    let longest = journey.grid(journey.at.len().max(1)).columns;
    // Widths worth trying: every one up to 16 columns, then in steps of an eighth, so a
    // map of 50,000 stages tries a few dozen.
    let mut widths: Vec<usize> = (1..=longest.min(16)).collect();
    let mut width = 16;
    while width < longest {
        width = (width + width / 8).min(longest);
        widths.push(width);
    }
    let best = widths.into_iter().map(|columns| journey.grid(columns)).max_by(|a, b| {
        frame
            .scale(a.columns, &a.lane_rows)
            .total_cmp(&frame.scale(b.columns, &b.lane_rows))
            // Equally large: the wider, which wraps fewer lanes.
            .then(a.columns.cmp(&b.columns))
    });
    best.unwrap_or_else(|| journey.grid(1))
}

/// Each stage's canvas position (its card's top left corner) in the compact grid for a window
/// `width` × `height` (canvas units), in map order.
pub fn canvas_positions(map: &Map, width: f64, height: f64) -> Vec<(f64, f64)> {
    let frame = Frame::canvas(width, height);
    let grid = compact(map, &frame);
    let pitch_y = frame.card_height + frame.row_gap;
    let mut tops = Vec::with_capacity(grid.lane_rows.len());
    let mut top = 0.0;
    for &rows in &grid.lane_rows {
        tops.push(top);
        top += frame.size(1, &[rows]).1;
    }
    grid.slots
        .iter()
        .map(|slot| {
            let x = frame.label + slot.column as f64 * COLUMN_PITCH;
            let y = tops[slot.lane] + frame.lane_padding + slot.row as f64 * pitch_y;
            (x, y)
        })
        .collect()
}

/// The edit that moves every stage to its place in the compact grid for a window `width` ×
/// `height` (canvas units), as one step; `None` when every stage is there already.
pub fn arrange_edit(map: &Map, width: f64, height: f64) -> Option<Edit> {
    let edits: Vec<Edit> = canvas_positions(map, width, height)
        .into_iter()
        .zip(&map.stages)
        // Within half a unit is in place: positions are saved as whole numbers.
        .filter(|&((x, y), stage)| {
            stage.position.as_ref().is_none_or(|p| (p.x - x).abs() >= 0.5 || (p.y - y).abs() >= 0.5)
        })
        .map(|((x, y), stage)| Edit::MoveStage {
            id: stage.id.clone(),
            position: Some(Position { x, y }),
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch { edits })
}

/// `edit` with the moves that keep the map arranged after it, when the map is arranged for a
/// window `width` × `height` now (a stage added from the keyboard keeps a compact map
/// compact, in one step); `edit` alone when it is not, or when `edit` does not apply.
pub fn keeping_arranged(map: &Map, edit: Edit, width: f64, height: f64) -> Edit {
    if arrange_edit(map, width, height).is_some() {
        return edit;
    }
    let mut after = map.clone();
    if crate::edit::apply(&mut after, edit.clone()).is_err() {
        return edit;
    }
    match arrange_edit(&after, width, height) {
        Some(Edit::Batch { edits: moves }) => {
            let mut edits = match edit {
                Edit::Batch { edits } => edits,
                one => vec![one],
            };
            edits.extend(moves);
            Edit::Batch { edits }
        }
        _ => edit,
    }
}

/// The journey as the grid needs it: each lane's stages in reading order, and the handoffs.
struct Journey {
    /// Each lane's stages in journey order (by step; stages at one step side by side).
    lanes: Vec<Vec<usize>>,
    /// Each stage's lane and its place in the lane's order.
    at: Vec<(usize, usize)>,
    /// Lanes in the order the journey reaches them.
    lane_order: Vec<usize>,
    /// Handoffs into each lane: (source stage, target stage).
    handoffs: Vec<Vec<(usize, usize)>>,
}

impl Journey {
    fn of(map: &Map) -> Journey {
        let n = map.stages.len();
        let team: HashMap<&str, usize> =
            map.teams.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
        let lane_of: Vec<usize> =
            map.stages.iter().map(|s| team.get(s.team.as_str()).copied().unwrap_or(0)).collect();
        let step = steps(map);
        let lane_count = map.teams.len().max(1);
        let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); lane_count];
        for i in 0..n {
            lanes[lane_of[i]].push(i);
        }
        let mut at = vec![(0, 0); n];
        for (l, members) in lanes.iter_mut().enumerate() {
            members.sort_by_key(|&i| (step[i], i));
            for (place, &i) in members.iter().enumerate() {
                at[i] = (l, place);
            }
        }
        let first_step = |l: usize| lanes[l].first().map_or(usize::MAX, |&i| step[i]);
        let mut lane_order: Vec<usize> = (0..lane_count).collect();
        lane_order.sort_by_key(|&l| (first_step(l), l));
        let index: HashMap<&str, usize> =
            map.stages.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let mut handoffs = vec![Vec::new(); lane_count];
        for t in &map.transitions {
            if let (Some(&a), Some(&b)) = (index.get(t.from.as_str()), index.get(t.to.as_str()))
                && lane_of[a] != lane_of[b]
            {
                handoffs[lane_of[b]].push((a, b));
            }
        }
        Journey { lanes, at, lane_order, handoffs }
    }

    /// The grid `columns` wide: each lane's stages fill its rows in order, wrapping as text
    /// does; a lane shorter than a row is shifted right under the handoffs into it (from
    /// lanes the journey reached before) as far as it fits.
    fn grid(&self, columns: usize) -> Grid {
        let columns = columns.max(1);
        let mut offset = vec![0; self.lanes.len()];
        let mut placed = vec![false; self.lanes.len()];
        for &l in &self.lane_order {
            let length = self.lanes[l].len();
            if length < columns {
                let column = |stage: usize| {
                    let (lane, place) = self.at[stage];
                    offset[lane] + place % columns
                };
                let wanted = self.handoffs[l]
                    .iter()
                    .filter(|&&(a, _)| placed[self.at[a].0])
                    .map(|&(a, b)| (column(a) + 1).saturating_sub(self.at[b].1))
                    .max()
                    .unwrap_or(0);
                offset[l] = wanted.min(columns - length);
            }
            placed[l] = true;
        }
        let slots = self
            .at
            .iter()
            .map(|&(lane, place)| Slot {
                lane,
                column: offset[lane] + place % columns,
                row: place / columns,
            })
            .collect::<Vec<_>>();
        let lane_rows = self.lanes.iter().map(|stages| stages.len().div_ceil(columns).max(1));
        let used = slots.iter().map(|s| s.column + 1).max().unwrap_or(1);
        Grid { slots, columns: used, lane_rows: lane_rows.collect() }
    }
}

/// Where the depth-first search of `steps` is with a stage.
#[derive(Clone, Copy, PartialEq)]
enum Seen {
    No,
    Open,
    Done,
}

/// How far along the journey each stage is: the most arrows on a way to it from where the
/// journey starts. Rework loops are cut where the journey comes back: an arrow to a stage
/// the search from the entries has not finished leads back.
fn steps(map: &Map) -> Vec<usize> {
    let n = map.stages.len();
    let index: HashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut entered = vec![false; n];
    for t in &map.transitions {
        if let (Some(&a), Some(&b)) = (index.get(t.from.as_str()), index.get(t.to.as_str())) {
            out[a].push(b);
            entered[b] = true;
        }
    }
    let entries = (0..n).filter(|&i| map.stages[i].kind == StageKind::Entry);
    let sources = (0..n).filter(|&i| !entered[i]);
    let roots: Vec<usize> = entries.chain(sources).chain(0..n).collect();
    // Depth first on a stack of its own (a journey of 50,000 stages in a row would overflow
    // recursion); `finished` lists each stage after every stage it leads on to.
    let mut seen = vec![Seen::No; n];
    let mut forward: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut finished = Vec::with_capacity(n);
    for root in roots {
        if seen[root] != Seen::No {
            continue;
        }
        seen[root] = Seen::Open;
        let mut stack = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (stage, next) = *top;
            let Some(&to) = out[stage].get(next) else {
                seen[stage] = Seen::Done;
                finished.push(stage);
                stack.pop();
                continue;
            };
            top.1 += 1;
            match seen[to] {
                Seen::Open => {}
                Seen::Done => forward[stage].push(to),
                Seen::No => {
                    forward[stage].push(to);
                    seen[to] = Seen::Open;
                    stack.push((to, 0));
                }
            }
        }
    }
    let mut step = vec![0; n];
    for &stage in finished.iter().rev() {
        for &to in &forward[stage] {
            step[to] = step[to].max(step[stage] + 1);
        }
    }
    step
}

#[cfg(test)]
mod tests;
