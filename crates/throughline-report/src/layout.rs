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

/// Splits the drawing into pages of `page_w` × `page_h` points. The whole map goes on one
/// page, scaled down, while its text stays at 6.5 pt or more; a larger map is cut into pages
/// along column and lane boundaries, never through a card.
pub fn paginate(drawing: &Drawing, page_w: f64, page_h: f64) -> Vec<MapPage> {
    let fit = (page_w / drawing.width).min(page_h / drawing.height.max(1.0)).min(1.0);
    let legible = MIN_TEXT / TEXT;
    let pitch_x = PITCH_X;
    let capacity = |scale: f64| columns_that_fit(page_w / scale);
    // As few pages as legible text allows, then as large as those pages allow.
    let column_pages = if fit >= legible { 1 } else { drawing.columns.div_ceil(capacity(legible)) };
    let per_page = drawing.columns.div_ceil(column_pages);
    let scale = if fit >= legible {
        fit
    } else {
        let widest = page_w / (LABEL_W + per_page as f64 * pitch_x + RIGHT);
        widest.min(page_h / drawing.height.max(1.0)).clamp(legible, 1.0)
    };
    // Bands of the drawing's height, one per page down: whole lanes packed greedily, and a
    // lane too tall for a page cut between its rows of cards.
    let tallest = page_h / scale;
    let pitch_y = CARD_H + ROW_GAP;
    let mut bands: Vec<(f64, f64)> = Vec::new();
    let mut open: Option<(f64, f64)> = None;
    for lane in &drawing.lanes {
        let (top, bottom) = (lane.y, lane.y + lane.h);
        match open {
            Some((y0, _)) if bottom - y0 <= tallest + 1e-6 => open = Some((y0, bottom)),
            _ => {
                bands.extend(open.take());
                if lane.h <= tallest + 1e-6 {
                    open = Some((top, bottom));
                } else {
                    // Band k holds rows k·n to (k+1)·n − 1, with the lane's padding around them.
                    let n = (((tallest - 2.0 * LANE_PAD + ROW_GAP) / pitch_y).floor()).max(1.0);
                    let mut start = top;
                    while start + LANE_PAD < bottom - 1e-6 {
                        let end = (start + 2.0 * LANE_PAD + n * pitch_y - ROW_GAP).min(bottom);
                        bands.push((start, end));
                        start += n * pitch_y;
                    }
                }
            }
        }
    }
    bands.extend(open);
    let band_of = |y: f64| bands.partition_point(|&(_, y1)| y1 <= y).min(bands.len() - 1);
    // Each card and arrow goes to the pages it shows on, in one pass: asking every page for
    // its cards and arrows made a long map's report quadratic (100,000 stages: minutes).
    let page_x = |c: usize| LABEL_W + (c * per_page).min(drawing.columns) as f64 * pitch_x;
    let mut cards_on: HashMap<(usize, usize), Vec<&Card>> = HashMap::new();
    for card in &drawing.cards {
        let key = (band_of(card.y), card.column / per_page.max(1));
        cards_on.entry(key).or_default().push(card);
    }
    let spans = &bands;
    let mut arrows_on: HashMap<(usize, usize), Vec<&Arrow>> = HashMap::new();
    for arrow in &drawing.arrows {
        let (lx, hx, ly, hy) = arrow
            .points
            .iter()
            .fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |(lx, hx, ly, hy), p| {
                (lx.min(p.0), hx.max(p.0), ly.min(p.1), hy.max(p.1))
            });
        let first = (((lx - LABEL_W) / (pitch_x * per_page as f64)).floor().max(0.0)) as usize;
        for (lp, &(y0, y1)) in spans.iter().enumerate() {
            if !(ly < y1 && hy > y0) {
                continue;
            }
            for c in first.saturating_sub(1)..column_pages {
                let (x0, x1) = (page_x(c), page_x(c + 1));
                if x0 >= hx {
                    break;
                }
                if lx < x1 && hx > x0 {
                    arrows_on.entry((lp, c)).or_default().push(arrow);
                }
            }
        }
    }
    let mut pages = Vec::new();
    for (lp, &(y0, y1)) in bands.iter().enumerate() {
        for c in 0..column_pages {
            let (c0, c1) = (c * per_page, ((c + 1) * per_page).min(drawing.columns));
            let x0 = LABEL_W + c0 as f64 * pitch_x;
            let x1 = LABEL_W + c1 as f64 * pitch_x;
            // Shift the slice right of the lane labels, then scale.
            let shift = |x: f64| (x - x0 + LABEL_W) * scale;
            let lift = |y: f64| (y - y0) * scale;
            let lanes: Vec<Lane> = drawing
                .lanes
                .iter()
                .filter(|l| l.y < y1 - 1e-6 && l.y + l.h > y0 + 1e-6)
                .map(|l| {
                    let (top, bottom) = (l.y.max(y0), (l.y + l.h).min(y1));
                    Lane { y: lift(top), h: (bottom - top) * scale, ..l.clone() }
                })
                .collect();
            let cards: Vec<Card> = cards_on
                .get(&(lp, c))
                .into_iter()
                .flatten()
                .map(|k| Card { x: shift(k.x), y: lift(k.y), ..(*k).clone() })
                .collect();
            let arrows: Vec<Arrow> = arrows_on
                .get(&(lp, c))
                .into_iter()
                .flatten()
                .map(|a| Arrow {
                    points: a.points.iter().map(|&(x, y)| (shift(x), lift(y))).collect(),
                    label_at: (shift(a.label_at.0), lift(a.label_at.1)),
                    ..(*a).clone()
                })
                .collect();
            if cards.is_empty() && arrows.is_empty() {
                continue;
            }
            pages.push(MapPage {
                part: 0,
                parts: 0,
                width: (x1 - x0 + LABEL_W + RIGHT) * scale,
                height: (y1 - y0) * scale,
                scale,
                text_size: TEXT * scale,
                card_w: CARD_W * scale,
                card_h: CARD_H * scale,
                label_w: LABEL_W * scale,
                lanes,
                cards,
                arrows,
            });
        }
    }
    let parts = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.part = i + 1;
        page.parts = parts;
    }
    pages
}

/// The whole drawing scaled to fit `width` × `height` points (however small its text gets):
/// the journey at a glance on the report's first page.
pub fn thumbnail(drawing: &Drawing, width: f64, height: f64) -> MapPage {
    let scale = (width / drawing.width).min(height / drawing.height.max(1.0)).min(1.0);
    let at = |(x, y): (f64, f64)| (x * scale, y * scale);
    MapPage {
        part: 1,
        parts: 1,
        width: drawing.width * scale,
        height: drawing.height * scale,
        scale,
        text_size: TEXT * scale,
        card_w: CARD_W * scale,
        card_h: CARD_H * scale,
        label_w: LABEL_W * scale,
        lanes: drawing
            .lanes
            .iter()
            .map(|l| Lane { y: l.y * scale, h: l.h * scale, ..l.clone() })
            .collect(),
        cards: drawing
            .cards
            .iter()
            .map(|c| Card { x: c.x * scale, y: c.y * scale, ..c.clone() })
            .collect(),
        arrows: drawing
            .arrows
            .iter()
            .map(|a| Arrow {
                points: a.points.iter().copied().map(at).collect(),
                label_at: at(a.label_at),
                ..a.clone()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::generate::large_map;

    const PAGE: (f64, f64) = (770.0, 445.0);

    fn drawn(map: &Map) -> Drawing {
        draw(map, &vec![None; map.stages.len()], &vec![None; map.transitions.len()], PAGE)
    }

    fn pages_of(map: &Map) -> Vec<MapPage> {
        paginate(&drawn(map), PAGE.0, PAGE.1)
    }

    #[test]
    fn large_maps_split_into_pages_with_legible_text_and_whole_cards() {
        let map = large_map(2_000, 3_000, 3);
        let pages = pages_of(&map);
        assert!(pages.len() > 4);
        let mut seen = 0;
        for p in &pages {
            assert!(p.text_size >= MIN_TEXT - 1e-9, "text at {} pt", p.text_size);
            assert!(p.width <= 770.0 + 1e-6 && p.height <= 445.0 + 1e-6, "page too large");
            for c in &p.cards {
                assert!(c.x >= p.label_w - 1e-6 && c.x + p.card_w <= p.width + 1e-6, "card cut");
                assert!(c.y >= 0.0 && c.y + p.card_h <= p.height + 1e-6, "card cut");
            }
            seen += p.cards.len();
        }
        assert_eq!(seen, map.stages.len(), "every stage on exactly one page");
        assert_eq!(pages.last().map(|p| p.parts), Some(pages.len()));
    }

    #[test]
    fn a_small_map_fits_one_page_at_full_or_legible_size() {
        let map = large_map(12, 16, 3);
        let pages = pages_of(&map);
        assert_eq!(pages.len(), 1);
        assert!(pages[0].scale <= 1.0 && pages[0].text_size >= MIN_TEXT);
    }

    fn team_of_stage(map: &Map, i: usize) -> usize {
        map.teams.iter().position(|t| t.id == map.stages[i].team).unwrap()
    }

    fn workshop() -> Map {
        let path = throughline_tests::fixtures().join("report/workshop-21.json");
        throughline_core::json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn a_long_journey_counts_columns_per_lane_to_fit_one_legible_page() {
        let map = workshop();
        let drawing = drawn(&map);
        // Sixteen steps from first touch to churn: too wide for one page left to right.
        assert!(drawing.columns <= columns_that_fit(PAGE.0 / (MIN_TEXT / TEXT)));
        let pages = paginate(&drawing, PAGE.0, PAGE.1);
        assert_eq!(pages.len(), 1);
        assert!(pages[0].text_size >= MIN_TEXT - 1e-9, "text at {} pt", pages[0].text_size);
        // Within a lane the journey still reads left to right.
        let at = |id: &str| {
            let i = map.stages.iter().position(|s| s.id == id).unwrap();
            (drawing.cards[i].x, team_of_stage(&map, i))
        };
        for t in &map.transitions {
            let ((ax, al), (bx, bl)) = (at(&t.from), at(&t.to));
            let back = map.stages.iter().position(|s| s.id == t.to)
                < map.stages.iter().position(|s| s.id == t.from);
            if al == bl && !back {
                assert!(bx > ax, "{} → {} runs left", t.from, t.to);
            }
        }
        // A lane starts under the handoff into it when the page has room: Sales development's
        // first stage is right of Marketing's first.
        assert!(at("sal").0 > at("visitor").0);
        // Every handoff carries its owner.
        let labels: Vec<&str> = drawing.arrows.iter().filter_map(|a| a.label.as_deref()).collect();
        assert_eq!(labels.len(), 6);
        assert!(labels.contains(&"Lucas Meyer") && labels.contains(&"No owner"));
    }

    #[test]
    fn user_positions_keep_their_order() {
        let mut map = large_map(6, 6, 1);
        for (i, s) in map.stages.iter_mut().enumerate() {
            // Reverse the order and jitter the positions a little.
            let x = (6 - i) as f64 * 250.0 + (i % 2) as f64 * 17.0;
            s.position = Some(throughline_core::model::Position { x, y: 30.0 });
        }
        let drawing = drawn(&map);
        for pair in drawing.cards.windows(2) {
            assert!(pair[0].x > pair[1].x, "right-to-left as placed");
        }
        assert_eq!(drawing.columns, 6);
    }

    #[test]
    fn stacked_cards_never_overlap() {
        let mut map = large_map(10, 10, 1);
        for s in &mut map.stages {
            s.team = "team-0".into();
            s.position = Some(throughline_core::model::Position { x: 5.0, y: 5.0 });
        }
        let drawing = drawn(&map);
        let spots: std::collections::HashSet<(i64, i64)> =
            drawing.cards.iter().map(|c| (c.x as i64, c.y as i64)).collect();
        assert_eq!(spots.len(), 10);
    }

    #[test]
    fn routes_end_going_right_into_the_target() {
        for (a, b) in [
            ((0.0, 0.0), (PITCH_X, 0.0)),
            ((2.0 * PITCH_X, 64.0), (0.0, 0.0)),
            ((0.0, 0.0), (3.0 * PITCH_X, 128.0)),
        ] {
            let points = route(a, b);
            let [.., before, end] = points.as_slice() else { panic!("a route has two points") };
            assert!(before.0 < end.0 && (before.1 - end.1).abs() < 1e-9);
            assert!((end.0 - b.0).abs() < 1e-9);
        }
    }
}
