//! The drawing and its pages on generated maps and the report's fixtures.

use super::*;
use throughline_core::generate::large_map;

/// The room for the journey on an A4 page (the report's `Paper::layout`), and on US Letter.
const PAGE: (f64, f64) = (770.0, 449.0);
const LETTER: (f64, f64) = (720.0, 466.0);

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
    // Within a lane the journey still reads as text does: on to the right, or to a later
    // row where the lane wraps.
    let at = |id: &str| {
        let i = map.stages.iter().position(|s| s.id == id).unwrap();
        (drawing.cards[i].y, drawing.cards[i].x, team_of_stage(&map, i))
    };
    for t in &map.transitions {
        let ((ay, ax, al), (by, bx, bl)) = (at(&t.from), at(&t.to));
        let back = map.stages.iter().position(|s| s.id == t.to)
            < map.stages.iter().position(|s| s.id == t.from);
        if al == bl && !back {
            assert!(by > ay || bx > ax, "{} → {} runs back", t.from, t.to);
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
fn where_cards_sit_on_the_canvas_changes_nothing() {
    let map = workshop();
    let mut staircase = map.clone();
    for (i, s) in staircase.stages.iter_mut().enumerate() {
        // As an older version placed them: each stage a column right of the last.
        s.position = Some(throughline_core::model::Position { x: i as f64 * 250.0, y: 40.0 });
    }
    let (a, b) = (drawn(&map), drawn(&staircase));
    let places = |d: &Drawing| d.cards.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>();
    assert_eq!(places(&a), places(&b));
    assert_eq!(paginate(&b, PAGE.0, PAGE.1).len(), 1);
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

#[test]
fn every_journey_up_to_30_stages_and_6_teams_is_whole_on_one_legible_page() {
    use throughline_core::generate::staircase;
    for stages in (10..=30).step_by(4) {
        for teams in 3..=6 {
            for (branches, loops) in [(0, 0), (1, 1), (2, 2)] {
                for seed in 0..3 {
                    let map = staircase(stages, teams, branches, loops, seed);
                    for page in [PAGE, LETTER] {
                        let none =
                            (vec![None; map.stages.len()], vec![None; map.transitions.len()]);
                        let drawing = draw(&map, &none.0, &none.1, page);
                        let pages = paginate(&drawing, page.0, page.1);
                        let what = format!(
                            "{stages} stages, {teams} teams, {branches} branches, seed {seed}, {page:?}"
                        );
                        assert_eq!(pages.len(), 1, "{what}: {} pages", pages.len());
                        let text = pages[0].text_size;
                        assert!(text >= MIN_TEXT - 1e-9, "{what}: text {text} pt");
                        assert_eq!(pages[0].cards.len(), map.stages.len(), "{what}");
                    }
                }
            }
        }
    }
}

/// Every handoff's owner written on a border, none over another: names leaving the same
/// column across the same border are moved apart, however many there are.
#[test]
fn owners_names_on_a_border_never_overlap() {
    let arrow = |x: f64, y: f64, label: &str| Arrow {
        label_at: (x, y),
        label: Some(label.to_owned()),
        points: Vec::new(),
        handoff: true,
        severity: None,
    };
    let mut arrows: Vec<Arrow> = (0..2_000u32)
        .map(|i| {
            arrow(500.0 + f64::from(i % 7) * 40.0, 100.0, &"Dana Lee".repeat(1 + (i % 3) as usize))
        })
        .collect();
    arrows.push(arrow(500.0, 300.0, "On another border"));
    let placed = super::apart(arrows);
    let extent = |a: &Arrow| {
        let half = super::half_width(a.label.as_deref().unwrap());
        (a.label_at.0 - half, a.label_at.0 + half, a.label_at.1)
    };
    let mut on_border: Vec<(f64, f64)> =
        placed.iter().map(extent).filter(|e| e.2 < 200.0).map(|e| (e.0, e.1)).collect();
    on_border.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in on_border.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "{pair:?} overlap");
    }
    // A name alone on its border stays where its arrow put it.
    assert_eq!(placed.last().unwrap().label_at, (500.0, 300.0));
}
