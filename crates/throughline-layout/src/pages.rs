//! The drawing cut into pages, or shrunk to a thumbnail.

use std::collections::HashMap;

use super::{
    Arrow, CARD_H, CARD_W, Card, Drawing, LABEL_W, LANE_PAD, Lane, MIN_TEXT, MapPage, PITCH_X,
    RIGHT, ROW_GAP, TEXT, columns_that_fit,
};

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
