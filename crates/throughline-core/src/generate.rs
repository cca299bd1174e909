//! Large, realistic-looking maps for benchmarks and stress tests: teams in lanes, stages in
//! columns that flow left to right, handoffs, loops back, owners and criteria on most things
//! and a sprinkling of every kind of problem. Deterministic for a given seed.

use crate::model::{
    Criterion, Definition, Map, Op, Person, Position, Scalar, Stage, StageKind, SystemOfRecord,
    Team, TeamDefinition, Term, Transition, Value,
};

/// A journey in the shape people build one: a main chain from an entry to a revenue stage
/// over `teams` teams, each team's stages after the previous team's, with positions as an
/// older version placed them (each stage a column right of the last: a staircase);
/// `branches` dead ends of three stages off the entry (listed first among its arrows), one
/// lost exit, and `loops` rework loops. Realistic names: "Sales stage 7 qualified".
pub fn staircase(stages: usize, teams: usize, branches: usize, loops: usize, seed: u64) -> Map {
    let mut rng = fastrand::Rng::with_seed(seed);
    let chain = stages.saturating_sub(3 * branches + 1).max(2);
    let teams = teams.clamp(1, 26);
    let mut map = Map::new(format!("{stages} stages over {teams} teams"));
    let names = ["Marketing", "Sales", "Finance", "Customer success", "Partners", "Legal"];
    map.teams = (0..teams)
        .map(|t| Team {
            id: format!("t{t}"),
            name: names.get(t).map_or_else(|| format!("Team {t}"), |n| (*n).to_owned()),
            color: None,
        })
        .collect();
    let team_of = |i: usize| i * teams / chain;
    let add = |map: &mut Map, id: String, team: usize, kind: StageKind| {
        let column = map.stages.len() as f64;
        let name = format!("{} stage {} qualified", map.teams[team].name, map.stages.len() + 1);
        let mut stage = Stage::new(id, name, format!("t{team}"), kind);
        stage.position = Some(Position { x: 250.0 * column, y: 160.0 * team as f64 });
        map.stages.push(stage);
    };
    let mut arrows: Vec<(String, String)> = Vec::new();
    for i in 0..chain {
        let kind = match i {
            0 => StageKind::Entry,
            _ if i == chain - 1 => StageKind::Revenue,
            _ => StageKind::Stage,
        };
        add(&mut map, format!("s{i}"), team_of(i), kind);
        if i > 0 {
            arrows.push((format!("s{}", i - 1), format!("s{i}")));
        }
    }
    for b in 0..branches {
        let mut from = "s0".to_owned();
        for j in 0..3 {
            let id = format!("b{b}-{j}");
            add(&mut map, id.clone(), 0, StageKind::Stage);
            arrows.insert(b * 3 + j, (from, id.clone()));
            from = id;
        }
    }
    let lost = rng.usize(1..chain.max(3) - 1);
    add(&mut map, "lost".to_owned(), team_of(lost), StageKind::Exit);
    arrows.push((format!("s{lost}"), "lost".to_owned()));
    for _ in 0..loops {
        let to = rng.usize(1..chain.max(3) - 1);
        let from = rng.usize(to..chain - 1);
        arrows.push((format!("s{from}"), format!("s{to}")));
    }
    map.transitions = arrows
        .into_iter()
        .enumerate()
        .map(|(k, (from, to))| Transition::new(format!("a{k}"), from, to))
        .collect();
    map
}

/// Builds a map with `stages` stages and about `transitions` transitions.
pub fn large_map(stages: usize, transitions: usize, seed: u64) -> Map {
    let mut rng = fastrand::Rng::with_seed(seed);
    let team_count = 6.min(stages.max(1));
    let mut map = Map::new(format!("Generated journey ({stages} stages)"));
    map.teams = (0..team_count)
        .map(|t| Team { id: format!("team-{t}"), name: format!("Team {t}"), color: None })
        .collect();
    map.people = (0..team_count * 4)
        .map(|p| Person {
            id: format!("person-{p}"),
            name: format!("Person {p}"),
            team: format!("team-{}", p % team_count),
            role: Some("Manager".to_owned()),
        })
        .collect();
    let terms = (stages / 20).max(1);
    map.terms = (0..terms).map(|t| term(&mut rng, t, team_count)).collect();

    let width = team_count * 2;
    let entries = team_count.min(stages) / 2 + 1;
    for i in 0..stages {
        let kind = if i < entries {
            StageKind::Entry
        } else if i + 3 >= stages {
            StageKind::Revenue
        } else if rng.u8(..100) < 4 {
            StageKind::Exit
        } else {
            StageKind::Stage
        };
        // Runs of eight stages per team, as journeys move through one team, then the next.
        let team = (i / 8) % team_count;
        let owners = match rng.u8(..100) {
            0..=4 => vec![],
            5..=7 => vec![person(team, 0, team_count), person(team, 1, team_count)],
            _ => vec![person(team, rng.usize(..4), team_count)],
        };
        // Exit bars mostly clear the entry bars downstream; a few do not (criteria gaps).
        let entry_bar = f64::from(rng.u8(10..60));
        let exit_bar = if rng.u8(..100) < 93 { 70.0 } else { 30.0 };
        map.stages.push(Stage {
            id: format!("s{i}"),
            name: format!("Stage {i}"),
            team: format!("team-{team}"),
            kind,
            owners,
            term: (rng.u8(..100) < 10).then(|| format!("term-{}", rng.usize(..terms))),
            entry: if rng.u8(..100) < 95 { vec![score_at_least(entry_bar)] } else { vec![] },
            exit: if rng.u8(..100) < 95 { vec![score_at_least(exit_bar)] } else { vec![] },
            system: Some(SystemOfRecord {
                name: "CRM".to_owned(),
                object: Some("record".to_owned()),
                field: Some("stage".to_owned()),
                value: Some(format!("v{}", if rng.u8(..100) < 2 { i / 2 } else { i + stages })),
            }),
            sla_hours: (rng.u8(..100) < 80).then_some(48.0),
            probability: None,
            forecast_category: None,
            // Two stages a column, one above the other, in their team's lane.
            position: Some(Position {
                x: (i / 2) as f64 * 240.0,
                y: team as f64 * 200.0 + (i % 2) as f64 * 100.0,
            }),
        });
    }

    let add = |map: &mut Map, from: usize, to: usize, rng: &mut fastrand::Rng| {
        if from == to || to >= stages {
            return;
        }
        let id = format!("t{}", map.transitions.len());
        let team = (from / 8) % team_count;
        map.transitions.push(Transition {
            id,
            from: format!("s{from}"),
            to: format!("s{to}"),
            owners: if rng.u8(..100) < 85 { vec![person(team, 0, team_count)] } else { vec![] },
            sla_hours: (rng.u8(..100) < 80).then_some(24.0),
            criteria: if rng.u8(..100) < 30 { vec![Criterion::text("Approved")] } else { vec![] },
            volume: Some(rng.u32(1..500)),
        });
    };
    // A way in for almost every stage, from a recent stage that is not an end…
    for i in entries..stages {
        if rng.u16(..1000) < 5 {
            continue; // unreachable
        }
        let mut from = i.saturating_sub(1 + rng.usize(..width));
        while from > 0 && map.stages[from].kind.is_terminal() {
            from -= 1;
        }
        add(&mut map, from, i, &mut rng);
    }
    // …a way out for almost every stage that is not an end…
    let mut has_way_out = vec![false; stages];
    for t in &map.transitions {
        has_way_out[t.from[1..].parse::<usize>().unwrap_or(0)] = true;
    }
    for (i, out) in has_way_out.into_iter().enumerate() {
        if !out && !map.stages[i].kind.is_terminal() && rng.u16(..1000) >= 10 {
            add(&mut map, i, (i + 1 + rng.usize(..width)).min(stages - 1), &mut rng);
        }
    }
    // …then extra routes up to the target: mostly forward, some back (loops).
    while map.transitions.len() < transitions && stages > 1 {
        let from = rng.usize(..stages - 1);
        if map.stages[from].kind.is_terminal() {
            continue;
        }
        let to = if rng.u8(..100) < 10 {
            from.saturating_sub(1 + rng.usize(..width))
        } else {
            (from + 1 + rng.usize(..width * 2)).min(stages - 1)
        };
        add(&mut map, from, to, &mut rng);
    }
    map
}

/// The `k`th of the four people of a team.
fn person(team: usize, k: usize, teams: usize) -> String {
    format!("person-{}", team + k * teams)
}

fn score_at_least(n: f64) -> Criterion {
    Criterion::structured(
        format!("Score at least {n}"),
        "lead.score",
        Op::Ge,
        Some(Value::Scalar(Scalar::Number(n))),
    )
}

fn term(rng: &mut fastrand::Rng, t: usize, teams: usize) -> Term {
    let canonical = (rng.u8(..100) < 50)
        .then(|| Definition { text: format!("Term {t}"), criteria: vec![score_at_least(50.0)] });
    Term {
        id: format!("term-{t}"),
        name: format!("Term {t}"),
        owners: if rng.u8(..100) < 80 { vec![person(t % teams, 0, teams)] } else { vec![] },
        canonical,
        definitions: (0..teams.min(3))
            .map(|team| TeamDefinition {
                team: format!("team-{team}"),
                text: format!("Term {t} as team {team} sees it"),
                criteria: vec![score_at_least(if rng.bool() { 50.0 } else { 60.0 })],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_maps_are_valid_and_deterministic() {
        let a = large_map(500, 750, 7);
        crate::validate::check_map(&a).expect("a valid map");
        assert_eq!(a.stages.len(), 500);
        assert!(a.transitions.len() >= 750);
        assert_eq!(a, large_map(500, 750, 7));
        let analysis = crate::analyze(&a);
        assert!(!analysis.findings.is_empty());
        assert!(analysis.summary.min_handoffs_to_revenue.is_some());
    }
}
