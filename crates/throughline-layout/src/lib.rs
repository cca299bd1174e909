//! Where each stage, lane and arrow of the map goes on the page, in points.
//!
//! Stages keep the order the user gave them (each team's stages in that team's band); a map
//! without positions gets a layered layout: columns by distance from the entry stages, rows
//! within each lane. Columns run left to right across the whole journey. When that is too
//! wide for one page with legible text, each lane's columns are counted from its own first
//! stage instead (a lane still reads left to right, and is shifted right to sit under the
//! handoffs into it as far as the page allows), so that a journey of twenty-odd stages reads
//! on one page. A drawing too large even so is scaled down as long as card text stays at
//! 6.5 pt or more, and beyond that split into pages.

mod pages;
#[cfg(test)]
mod tests;

pub use pages::{paginate, thumbnail};

use std::collections::{HashMap, VecDeque};

use serde::Serialize;
use throughline_core::model::StageKind;
use throughline_core::{Map, Severity};
// The app's card size: user positions closer than half of it are one column (or row).
use throughline_core::style::{CARD_HEIGHT as APP_CARD_H, CARD_WIDTH as APP_CARD_W, lane_colour};

// Sized so that six columns of cards with two-line names fit a landscape page at full size.
pub const CARD_W: f64 = 92.0;
pub const CARD_H: f64 = 42.0;
const COL_GAP: f64 = 24.0;
const ROW_GAP: f64 = 16.0;
const LANE_PAD: f64 = 10.0;
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
    let team_of: Vec<usize> = map
        .stages
        .iter()
        .map(|s| map.teams.iter().position(|t| t.id == s.team).unwrap_or(0))
        .collect();
    let (mut cols, mut rows) = if map.stages.iter().all(|s| s.position.is_some()) {
        user_grid(map, &team_of)
    } else {
        layered_grid(map, &team_of)
    };
    // Counting columns per lane is worth it only when it puts the journey on one page.
    let legible = MIN_TEXT / TEXT;
    let capacity = columns_that_fit(page.0 / legible);
    if cols.iter().max().is_some_and(|&c| c >= capacity)
        && let Some((c, r)) = compact_grid(map, &team_of, &cols, &rows, capacity)
        && height(map.teams.len(), &team_of, &r) * legible <= page.1
    {
        (cols, rows) = (c, r);
    }
    let pitch_y = CARD_H + ROW_GAP;
    let mut lanes = Vec::with_capacity(map.teams.len());
    let mut lane_top = Vec::with_capacity(map.teams.len());
    let mut top = 0.0;
    for (t, team) in map.teams.iter().enumerate() {
        let rows_used = (0..map.stages.len())
            .filter(|&i| team_of[i] == t)
            .map(|i| rows[i] + 1)
            .max()
            .unwrap_or(1);
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
fn apart(mut arrows: Vec<Arrow>) -> Vec<Arrow> {
    let mut placed: Vec<(f64, f64, f64)> = Vec::new();
    for a in &mut arrows {
        let Some(label) = &a.label else { continue };
        let half = half_width(label);
        let (mut x, y) = a.label_at;
        while let Some(&(px, _, ph)) =
            placed.iter().find(|&&(px, py, ph)| (py - y).abs() < TEXT && (px - x).abs() < ph + half)
        {
            x = px - ph - half - 2.0;
        }
        a.label_at.0 = x;
        placed.push((x, y, half));
    }
    arrows
}

/// How tall the lanes of `teams` teams are at full size, with each stage in row `rows[i]`
/// of lane `team_of[i]`.
fn height(teams: usize, team_of: &[usize], rows: &[usize]) -> f64 {
    let mut used = vec![1; teams.max(1)];
    for (i, &t) in team_of.iter().enumerate() {
        used[t] = used[t].max(rows[i] + 1);
    }
    used.iter().map(|&r| r as f64 * (CARD_H + ROW_GAP) - ROW_GAP + 2.0 * LANE_PAD).sum()
}

/// A team's colour: its own, or the palette's for the `index`-th lane, as on the canvas.
pub fn team_colour(team: &throughline_core::model::Team, index: usize) -> String {
    team.color.clone().unwrap_or_else(|| lane_colour(index).to_owned())
}

/// How many columns of cards fit across `width` points at full size.
fn columns_that_fit(width: f64) -> usize {
    ((width - LABEL_W - RIGHT) / PITCH_X).floor().max(1.0) as usize
}

/// Columns counted within each lane: a stage goes one column right of the stages of its own
/// lane that lead to it (in `rank` order, so loops are cut where the journey comes back), and
/// each lane is shifted right to start under the handoffs into it, as far as `capacity`
/// columns allow. Rows keep the order of `rows` within each lane and column. `None` when a
/// lane alone is wider than `capacity`.
fn compact_grid(
    map: &Map,
    team_of: &[usize],
    rank: &[usize],
    rows: &[usize],
    capacity: usize,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let n = map.stages.len();
    let index: HashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut handed: Vec<Vec<usize>> = vec![Vec::new(); n];
    for t in &map.transitions {
        let (Some(&a), Some(&b)) = (index.get(&t.from[..]), index.get(&t.to[..])) else { continue };
        if team_of[a] != team_of[b] {
            handed[b].push(a);
        } else if rank[a] < rank[b] {
            before[b].push(a);
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (rank[i], i));
    let mut col = vec![0; n];
    for &i in &order {
        col[i] = before[i].iter().map(|&p| col[p] + 1).max().unwrap_or(0);
    }
    let lanes = map.teams.len().max(1);
    let mut length = vec![0; lanes];
    for i in 0..n {
        length[team_of[i]] = length[team_of[i]].max(col[i] + 1);
    }
    if length.iter().any(|&l| l > capacity) {
        return None;
    }
    let mut offset = vec![0; lanes];
    for t in 0..lanes {
        let wanted = (0..n)
            .filter(|&b| team_of[b] == t)
            .flat_map(|b| handed[b].iter().map(move |&a| (a, b)))
            .filter(|&(a, _)| team_of[a] < t)
            .map(|(a, b)| (col[a] + offset[team_of[a]] + 1).saturating_sub(col[b]))
            .max()
            .unwrap_or(0);
        offset[t] = wanted.min(capacity - length[t]);
    }
    // Then, in journey order, a stage moves right to where its handoffs arrive (a stage
    // reached only from other lanes would otherwise sit at its lane's start, however late it
    // comes), as far as the stages after it in its lane still fit.
    let mut tail = vec![0; n];
    for &i in order.iter().rev() {
        for &p in &before[i] {
            tail[p] = tail[p].max(tail[i] + 1);
        }
    }
    let mut cols = vec![0; n];
    let mut placed_yet = vec![false; n];
    for &i in &order {
        let lane_start = before[i].iter().map(|&p| cols[p] + 1).max().unwrap_or(offset[team_of[i]]);
        let arrival = handed[i].iter().filter(|&&a| placed_yet[a]).map(|&a| cols[a] + 1).max();
        let latest = capacity - 1 - tail[i];
        cols[i] = arrival.map_or(lane_start, |a| lane_start.max(a.min(latest)));
        placed_yet[i] = true;
    }
    let mut placed = vec![0; n];
    let mut by_row: Vec<usize> = (0..n).collect();
    by_row.sort_by_key(|&i| (rows[i], rank[i], i));
    let mut used: HashMap<(usize, usize), usize> = HashMap::new();
    for i in by_row {
        let next = used.entry((team_of[i], cols[i])).or_insert(0);
        placed[i] = *next;
        *next += 1;
    }
    Some((cols, placed))
}

/// Numbers distinct coordinates in order, treating values closer than `tolerance` as one.
fn ranks(values: &[f64], tolerance: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut rank = vec![0; values.len()];
    let (mut current, mut start) = (0, f64::NEG_INFINITY);
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && values[i] - start > tolerance {
            current += 1;
            start = values[i];
        } else if k == 0 {
            start = values[i];
        }
        rank[i] = current;
    }
    rank
}

/// The user's arrangement as a grid: columns from the order of x positions, rows within each
/// lane from the order of y positions. Keeps who is left of, right of and above whom, and
/// drops the accidental gaps of a canvas.
fn user_grid(map: &Map, team_of: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let pos = |i: usize| map.stages[i].position.map_or((0.0, 0.0), |p| (p.x, p.y));
    let xs: Vec<f64> = (0..map.stages.len()).map(|i| pos(i).0).collect();
    let cols = ranks(&xs, APP_CARD_W / 2.0);
    let mut rows = vec![0; map.stages.len()];
    for t in 0..map.teams.len().max(1) {
        let members: Vec<usize> = (0..map.stages.len()).filter(|&i| team_of[i] == t).collect();
        let ys: Vec<f64> = members.iter().map(|&i| pos(i).1).collect();
        for (k, r) in ranks(&ys, APP_CARD_H / 2.0).into_iter().enumerate() {
            rows[members[k]] = r;
        }
        // Cards the user stacked on one spot move down to the next free row of their column.
        let mut taken = std::collections::HashSet::new();
        let mut order = members.clone();
        order.sort_by_key(|&i| (rows[i], cols[i]));
        for i in order {
            while !taken.insert((cols[i], rows[i])) {
                rows[i] += 1;
            }
        }
    }
    (cols, rows)
}

/// Columns by breadth-first distance from the entry stages; rows within each lane.
fn layered_grid(map: &Map, team_of: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let n = map.stages.len();
    let index: std::collections::HashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for t in &map.transitions {
        if let (Some(&a), Some(&b)) = (index.get(&t.from[..]), index.get(&t.to[..])) {
            next[a].push(b);
        }
    }
    let mut layer = vec![usize::MAX; n];
    let mut queue: VecDeque<usize> =
        (0..n).filter(|&i| map.stages[i].kind == StageKind::Entry).collect();
    for &i in &queue {
        layer[i] = 0;
    }
    // Stages no entry leads to start their own search, after everything reachable.
    let mut unplaced = 0..n;
    loop {
        while let Some(i) = queue.pop_front() {
            for &j in &next[i] {
                if layer[j] == usize::MAX {
                    layer[j] = layer[i] + 1;
                    queue.push_back(j);
                }
            }
        }
        match unplaced.find(|&i| layer[i] == usize::MAX) {
            Some(i) => {
                layer[i] = 0;
                queue.push_back(i);
            }
            None => break,
        }
    }
    let mut used: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let rows = (0..n)
        .map(|i| {
            let row = used.entry((team_of[i], layer[i])).or_insert(0);
            *row += 1;
            *row - 1
        })
        .collect();
    (layer, rows)
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
