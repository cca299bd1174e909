use std::collections::HashSet;

use serde_json::json;

use super::*;

fn journey(stages: usize, teams: usize, branches: usize, loops: usize, seed: u64) -> Map {
    crate::generate::staircase(stages, teams, branches, loops, seed)
}

fn map_of(teams: usize, stages: &[(String, usize, &str)], arrows: &[(String, String)]) -> Map {
    let value = json!({
        "format": "throughline/1",
        "name": "generated",
        "teams": (0..teams).map(|t| json!({"id": format!("t{t}"), "name": format!("Team {t}")})).collect::<Vec<_>>(),
        "stages": stages.iter().enumerate().map(|(column, (id, team, kind))| json!({
            "id": id, "name": id, "team": format!("t{team}"), "kind": kind,
            "position": {"x": 250.0 * column as f64, "y": 160.0 * *team as f64},
        })).collect::<Vec<_>>(),
        "transitions": arrows.iter().enumerate().map(|(k, (from, to))| json!({
            "id": format!("a{k}"), "from": from, "to": to,
        })).collect::<Vec<_>>(),
    });
    serde_json::from_value(value).expect("a valid map")
}

/// The canvas at 1280×800 with the sidebar open, less the fit view's margins (pixels).
const WINDOW: (f64, f64) = (852.0, 680.0);

/// How tall stage names (15 canvas units) are drawn when the arranged map fills the window.
fn name_px(map: &Map) -> f64 {
    let frame = Frame::canvas(WINDOW.0, WINDOW.1);
    let grid = compact(map, &frame);
    15.0 * frame.scale(grid.columns, &grid.lane_rows)
}

#[test]
fn a_staircase_of_teams_folds_into_lanes_read_like_lines() {
    // 21 stages over 4 teams, each team's stages after the last: 20 columns as placed.
    let map = journey(21, 4, 0, 0, 1);
    let grid = compact(&map, &Frame::canvas(WINDOW.0, WINDOW.1));
    assert!(grid.columns <= 6, "{} columns", grid.columns);
    assert!(name_px(&map) >= 10.0, "names {:.1} px", name_px(&map));
}

#[test]
fn names_stay_legible_on_every_shape_up_to_30_stages() {
    for stages in [10, 14, 16, 21, 25, 30] {
        for teams in 3..=6 {
            for (branches, loops) in [(0, 0), (1, 1), (2, 2)] {
                for seed in 0..4 {
                    if stages < 3 * branches + 2 * teams + 2 {
                        continue;
                    }
                    let map = journey(stages, teams, branches, loops, seed);
                    let px = name_px(&map);
                    // The targets: a 21-stage, 4-team map at 10 px, any map of 30 at 8.
                    let least = if stages <= 21 && teams == 4 { 10.0 } else { 8.0 };
                    assert!(
                        px >= least,
                        "{stages} stages, {teams} teams, {branches} branches, {loops} loops, seed {seed}: names {px:.1} px"
                    );
                    assert_sound(&map, &compact(&map, &Frame::canvas(WINDOW.0, WINDOW.1)));
                }
            }
        }
    }
}

/// No card on another, each in its own lane, and every arrow within a lane that leads on
/// (not back) goes to a later place in reading order: a later row, or the same row further
/// right.
fn assert_sound(map: &Map, grid: &Grid) {
    let mut taken = HashSet::new();
    for (i, slot) in grid.slots.iter().enumerate() {
        assert!(taken.insert(*slot), "two cards at {slot:?}");
        let lane = map.teams.iter().position(|t| t.id == map.stages[i].team).unwrap();
        assert_eq!(slot.lane, lane);
        assert!(slot.row < grid.lane_rows[lane]);
        assert!(slot.column < grid.columns);
    }
    let step = steps(map);
    let index = |id: &str| map.stages.iter().position(|s| s.id == id).unwrap();
    for t in &map.transitions {
        let (a, b) = (index(&t.from), index(&t.to));
        let (sa, sb) = (grid.slots[a], grid.slots[b]);
        if sa.lane == sb.lane && step[b] > step[a] {
            assert!(
                (sb.row, sb.column) > (sa.row, sa.column) || sb.column > sa.column,
                "{} {sa:?} → {} {sb:?}",
                t.from,
                t.to
            );
        }
    }
}

#[test]
fn where_cards_were_drawn_changes_nothing() {
    let map = journey(16, 4, 1, 1, 3);
    let mut moved = map.clone();
    for (k, stage) in moved.stages.iter_mut().enumerate() {
        let p = stage.position.as_mut().unwrap();
        (p.x, p.y) = ((k * 7919 % 6000) as f64, (k * 104_729 % 900) as f64);
    }
    let frame = Frame::canvas(WINDOW.0, WINDOW.1);
    assert_eq!(compact(&map, &frame), compact(&moved, &frame));
}

#[test]
fn a_lane_starts_under_the_handoff_into_it_when_that_costs_no_width() {
    // Team 0: a → b → c → d; team 1: x (from b) → y. Team 1 fits under b's handoff.
    let stages: Vec<(String, usize, &str)> = [
        ("a", 0, "entry"),
        ("b", 0, "stage"),
        ("c", 0, "stage"),
        ("d", 0, "revenue"),
        ("x", 1, "stage"),
        ("y", 1, "stage"),
    ]
    .iter()
    .map(|&(id, team, kind)| (id.to_owned(), team, kind))
    .collect();
    let arrows: Vec<(String, String)> =
        [("a", "b"), ("b", "c"), ("c", "d"), ("b", "x"), ("x", "y")]
            .iter()
            .map(|&(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
    let map = map_of(2, &stages, &arrows);
    let grid = compact(&map, &Frame::canvas(2000.0, 800.0));
    assert_eq!(grid.columns, 4);
    assert_eq!(grid.slots[4], Slot { lane: 1, column: 2, row: 0 });
    assert_eq!(grid.slots[5], Slot { lane: 1, column: 3, row: 0 });
}

#[test]
fn a_long_lane_wraps_onto_further_rows_in_a_narrow_window() {
    let stages: Vec<(String, usize, &str)> =
        (0..12).map(|i| (format!("s{i}"), 0, "stage")).collect();
    let arrows: Vec<(String, String)> =
        (1..12).map(|i| (format!("s{}", i - 1), format!("s{i}"))).collect();
    let map = map_of(1, &stages, &arrows);
    let wide = compact(&map, &Frame::canvas(4000.0, 300.0));
    assert_eq!((wide.columns, wide.lane_rows[0]), (12, 1));
    let square = compact(&map, &Frame::canvas(900.0, 800.0));
    assert!(square.columns < 12 && square.lane_rows[0] > 1, "{square:?}");
    assert_sound(&map, &square);
}

#[test]
fn branches_stack_and_canvas_positions_sit_in_their_lanes() {
    let map = journey(16, 4, 1, 1, 5);
    let positions = canvas_positions(&map, WINDOW.0, WINDOW.1);
    let grid = compact(&map, &Frame::canvas(WINDOW.0, WINDOW.1));
    let lane_height =
        |rows: usize| rows as f64 * (CARD_HEIGHT + ROW_GAP) - ROW_GAP + 2.0 * LANE_PADDING;
    for (i, &(x, y)) in positions.iter().enumerate() {
        let slot = grid.slots[i];
        let top: f64 = grid.lane_rows[..slot.lane].iter().map(|&r| lane_height(r)).sum();
        assert!(
            y >= top + LANE_PADDING
                && y + CARD_HEIGHT
                    <= top + lane_height(grid.lane_rows[slot.lane]) - LANE_PADDING + 0.1
        );
        assert!((x - (LANE_LABEL + slot.column as f64 * COLUMN_PITCH)).abs() < 1e-9);
    }
}

#[test]
fn a_journey_of_50000_stages_in_a_row_is_arranged() {
    let stages: Vec<(String, usize, &str)> =
        (0..50_000).map(|i| (format!("s{i}"), i * 4 / 50_000, "stage")).collect();
    let arrows: Vec<(String, String)> =
        (1..50_000).map(|i| (format!("s{}", i - 1), format!("s{i}"))).collect();
    let map = map_of(4, &stages, &arrows);
    let grid = compact(&map, &Frame::canvas(WINDOW.0, WINDOW.1));
    assert_eq!(grid.slots.len(), 50_000);
}

#[test]
fn a_stage_added_to_an_arranged_map_keeps_it_arranged_in_one_step() {
    let mut map = journey(12, 3, 0, 0, 2);
    let arranged = arrange_edit(&map, WINDOW.0, WINDOW.1).expect("a staircase is not arranged");
    crate::edit::apply(&mut map, arranged).unwrap();
    assert_eq!(arrange_edit(&map, WINDOW.0, WINDOW.1), None);
    let mut stage = crate::model::Stage::new("new", "New", "t2", StageKind::Stage);
    stage.position = Some(Position { x: 9999.0, y: 0.0 });
    let add = Edit::Batch {
        edits: vec![
            Edit::AddStage { stage, index: None },
            Edit::AddTransition {
                transition: crate::model::Transition::new("to-new", "s9", "new"),
                index: None,
            },
        ],
    };
    let kept = keeping_arranged(&map, add.clone(), WINDOW.0, WINDOW.1);
    crate::edit::apply(&mut map, kept).unwrap();
    assert_eq!(arrange_edit(&map, WINDOW.0, WINDOW.1), None, "still arranged");
    // A map the user arranged by hand is left as it is: the edit alone.
    let mut by_hand = journey(12, 3, 0, 0, 2);
    by_hand.stages[0].position = Some(Position { x: 5.0, y: 5.0 });
    assert_eq!(keeping_arranged(&by_hand, add.clone(), WINDOW.0, WINDOW.1), add);
}
