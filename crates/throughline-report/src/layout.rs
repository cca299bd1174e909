//! Where each stage, lane and arrow of the map goes on the page, in points.
//!
//! Stages keep the positions the user gave them (each team's stages in that team's band);
//! a map without positions gets a layered layout: columns by distance from the entry stages,
//! rows within each lane. A drawing too large for one page is scaled down as long as card
//! text stays at 6 pt or more, and beyond that split into pages.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;
use throughline_core::Map;
use throughline_core::model::StageKind;
// The app's card size: user positions closer than half of it are one column (or row).
use throughline_core::style::{CARD_HEIGHT as APP_CARD_H, CARD_WIDTH as APP_CARD_W, lane_colour};

pub const CARD_W: f64 = 112.0;
pub const CARD_H: f64 = 46.0;
const COL_GAP: f64 = 36.0;
const ROW_GAP: f64 = 18.0;
const LANE_PAD: f64 = 14.0;
const LABEL_W: f64 = 86.0;
/// Card text at full size; never drawn below `MIN_TEXT`.
pub const TEXT: f64 = 8.0;
const MIN_TEXT: f64 = 6.0;

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
    #[serde(skip)]
    pub lane: usize,
    pub x: f64,
    pub y: f64,
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Arrow {
    pub points: Vec<(f64, f64)>,
    pub handoff: bool,
    pub flagged: bool,
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

/// Lays the map out. `flagged_stages` and `flagged_transitions` are marked.
pub fn draw(map: &Map, flagged_stages: &[bool], flagged_transitions: &[bool]) -> Drawing {
    let team_of: Vec<usize> = map
        .stages
        .iter()
        .map(|s| map.teams.iter().position(|t| t.id == s.team).unwrap_or(0))
        .collect();
    let (cols, rows) = if map.stages.iter().all(|s| s.position.is_some()) {
        user_grid(map, &team_of)
    } else {
        layered_grid(map, &team_of)
    };
    let pitch_x = CARD_W + COL_GAP;
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
        lanes.push(Lane {
            name: team.name.clone(),
            color: team.color.clone().unwrap_or_else(|| lane_colour(t).to_owned()),
            y: top,
            h,
        });
        lane_top.push(top);
        top += h;
    }
    let xs: Vec<f64> = cols.iter().map(|&c| LABEL_W + COL_GAP / 2.0 + c as f64 * pitch_x).collect();
    let ys: Vec<f64> = (0..map.stages.len())
        .map(|i| {
            lane_top.get(team_of[i]).copied().unwrap_or(0.0) + LANE_PAD + rows[i] as f64 * pitch_y
        })
        .collect();
    let columns = cols.iter().max().map_or(1, |c| c + 1);

    let index: std::collections::HashMap<&str, usize> =
        map.stages.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
    let cards = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| Card {
            name: on_card(&s.name, CARD_NAME),
            owner: on_card(
                &match s.owners.as_slice() {
                    [] => "No owner".to_owned(),
                    [one] => map.person_name(one).to_owned(),
                    [one, rest @ ..] => format!("{} +{}", map.person_name(one), rest.len()),
                },
                CARD_OWNER,
            ),
            kind: s.kind.label(),
            column: cols[i],
            lane: team_of[i],
            x: xs[i],
            y: ys[i],
            flagged: flagged_stages[i],
        })
        .collect::<Vec<_>>();
    let arrows = map
        .transitions
        .iter()
        .enumerate()
        .filter_map(|(k, t)| {
            let (a, b) = (*index.get(&t.from[..])?, *index.get(&t.to[..])?);
            Some(Arrow {
                points: route((xs[a], ys[a]), (xs[b], ys[b])),
                handoff: team_of[a] != team_of[b],
                flagged: flagged_transitions[k],
            })
        })
        .collect();
    Drawing {
        columns,
        width: LABEL_W + columns as f64 * pitch_x,
        height: top,
        lanes,
        cards,
        arrows,
    }
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
/// page, scaled down, while its text stays at 6 pt or more; a larger map is cut into pages
/// along column and lane boundaries, never through a card.
pub fn paginate(drawing: &Drawing, page_w: f64, page_h: f64) -> Vec<MapPage> {
    let fit = (page_w / drawing.width).min(page_h / drawing.height.max(1.0)).min(1.0);
    let legible = MIN_TEXT / TEXT;
    let pitch_x = CARD_W + COL_GAP;
    let capacity = |scale: f64| (((page_w / scale) - LABEL_W) / pitch_x).floor().max(1.0) as usize;
    // As few pages as legible text allows, then as large as those pages allow.
    let column_pages = if fit >= legible { 1 } else { drawing.columns.div_ceil(capacity(legible)) };
    let per_page = drawing.columns.div_ceil(column_pages);
    let scale = if fit >= legible {
        fit
    } else {
        let widest = page_w / (LABEL_W + per_page as f64 * pitch_x);
        widest.min(page_h / drawing.height.max(1.0)).clamp(legible, 1.0)
    };
    // Lanes, packed greedily into pages of the available height.
    let mut lane_pages: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (i, lane) in drawing.lanes.iter().enumerate() {
        let last = lane_pages.last_mut().expect("one page at least");
        if !last.is_empty() && (used + lane.h) * scale > page_h {
            lane_pages.push(vec![i]);
            used = lane.h;
        } else {
            last.push(i);
            used += lane.h;
        }
    }
    // Each card and arrow goes to the pages it shows on, in one pass: asking every page for
    // its cards and arrows made a long map's report quadratic (100,000 stages: minutes).
    let page_x = |c: usize| LABEL_W + (c * per_page).min(drawing.columns) as f64 * pitch_x;
    let lane_page: Vec<usize> = {
        let mut of = vec![0; drawing.lanes.len()];
        for (p, lanes_here) in lane_pages.iter().enumerate() {
            for &i in lanes_here {
                of[i] = p;
            }
        }
        of
    };
    let mut cards_on: HashMap<(usize, usize), Vec<&Card>> = HashMap::new();
    for card in &drawing.cards {
        let key = (lane_page.get(card.lane).copied().unwrap_or(0), card.column / per_page.max(1));
        cards_on.entry(key).or_default().push(card);
    }
    let spans: Vec<(f64, f64)> = lane_pages
        .iter()
        .map(|lanes_here| match (lanes_here.first(), lanes_here.last()) {
            (Some(&f), Some(&l)) => (drawing.lanes[f].y, drawing.lanes[l].y + drawing.lanes[l].h),
            _ => (0.0, 0.0),
        })
        .collect();
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
    for (lp, lanes_here) in lane_pages.iter().enumerate() {
        let (Some(&first), Some(&last)) = (lanes_here.first(), lanes_here.last()) else { continue };
        let (y0, y1) = (drawing.lanes[first].y, drawing.lanes[last].y + drawing.lanes[last].h);
        for c in 0..column_pages {
            let (c0, c1) = (c * per_page, ((c + 1) * per_page).min(drawing.columns));
            let x0 = LABEL_W + c0 as f64 * pitch_x;
            let x1 = LABEL_W + c1 as f64 * pitch_x;
            // Shift the slice right of the lane labels, then scale.
            let shift = |x: f64| (x - x0 + LABEL_W) * scale;
            let lift = |y: f64| (y - y0) * scale;
            let lanes: Vec<Lane> = lanes_here
                .iter()
                .map(|&i| &drawing.lanes[i])
                .map(|l| Lane { y: lift(l.y), h: l.h * scale, ..l.clone() })
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
                    ..(*a).clone()
                })
                .collect();
            if cards.is_empty() && arrows.is_empty() {
                continue;
            }
            pages.push(MapPage {
                part: 0,
                parts: 0,
                width: (x1 - x0 + LABEL_W) * scale,
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

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::generate::large_map;

    fn pages_of(map: &Map) -> Vec<MapPage> {
        let none_s = vec![false; map.stages.len()];
        let none_t = vec![false; map.transitions.len()];
        paginate(&draw(map, &none_s, &none_t), 770.0, 445.0)
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

    #[test]
    fn user_positions_keep_their_order() {
        let mut map = large_map(6, 6, 1);
        for (i, s) in map.stages.iter_mut().enumerate() {
            // Reverse the order and jitter the positions a little.
            let x = (6 - i) as f64 * 250.0 + (i % 2) as f64 * 17.0;
            s.position = Some(throughline_core::model::Position { x, y: 30.0 });
        }
        let none = vec![false; 12];
        let drawing = draw(&map, &none, &none);
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
        let none = vec![false; 10];
        let drawing = draw(&map, &none, &none);
        let spots: std::collections::HashSet<(i64, i64)> =
            drawing.cards.iter().map(|c| (c.x as i64, c.y as i64)).collect();
        assert_eq!(spots.len(), 10);
    }

    #[test]
    fn routes_end_going_right_into_the_target() {
        for (a, b) in
            [((0.0, 0.0), (148.0, 0.0)), ((296.0, 64.0), (0.0, 0.0)), ((0.0, 0.0), (444.0, 128.0))]
        {
            let points = route(a, b);
            let [.., before, end] = points.as_slice() else { panic!("a route has two points") };
            assert!(before.0 < end.0 && (before.1 - end.1).abs() < 1e-9);
            assert!((end.0 - b.0).abs() < 1e-9);
        }
    }
}
