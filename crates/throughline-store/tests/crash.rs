//! A child process applies edits to a document while this test kills it with SIGKILL at
//! random moments. After every kill the file opens, passes SQLite's integrity check, and
//! holds exactly the edits that were committed: never half of one.
//!
//! The child is this same test binary, started with `CRASH_CHILD_FILE` set; it reports each
//! committed edit on stdout.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use throughline_core::arbitrary::base_map;
use throughline_core::edit::{CriteriaSlot, Owned};
use throughline_core::model::{Criterion, Map, Position, Stage, StageKind, Transition};
use throughline_core::{Edit, apply};
use throughline_store::Document;

/// Edit number `i`, given the map it applies to. Several are batches, so that a half-applied
/// edit would show.
fn edit(map: &Map, i: usize) -> Edit {
    let teams = ["mkt", "sales", "fin"];
    let generated: Vec<&Stage> = map.stages.iter().filter(|s| s.id.starts_with('g')).collect();
    match i % 5 {
        3 if generated.len() > 2 => Edit::RemoveStage { id: generated[0].id.clone() },
        4 if !generated.is_empty() => {
            let id = generated[generated.len() / 2].id.clone();
            Edit::Batch {
                edits: vec![
                    Edit::RenameStage { id: id.clone(), name: format!("Renamed by edit {i}") },
                    Edit::SetOwners { target: Owned::Stage(id.clone()), owners: vec!["p1".into()] },
                    Edit::SetCriteria {
                        target: CriteriaSlot::StageEntry(id.clone()),
                        criteria: vec![Criterion::text(format!("Criterion {i}"))],
                    },
                    Edit::MoveStage { id, position: Some(Position { x: i as f64, y: 1.0 }) },
                ],
            }
        }
        _ => {
            let id = format!("g{i}");
            let from = generated.last().map_or("s1".to_owned(), |s| s.id.clone());
            Edit::Batch {
                edits: vec![
                    Edit::AddStage {
                        stage: Stage {
                            id: id.clone(),
                            name: format!("Generated {i}"),
                            team: teams[i % 3].into(),
                            kind: StageKind::Stage,
                            owners: vec!["p0".into()],
                            term: None,
                            entry: vec![Criterion::text("Arrived")],
                            exit: vec![],
                            system: None,
                            sla_hours: Some(24.0),
                            probability: Some(0.2),
                            forecast_category: Some("Pipeline".into()),
                            position: None,
                        },
                        index: None,
                    },
                    Edit::AddTransition {
                        transition: Transition {
                            id: format!("gt{i}"),
                            from,
                            to: id,
                            owners: vec![],
                            sla_hours: None,
                            criteria: vec![],
                            volume: Some(i as u32),
                        },
                        index: None,
                    },
                ],
            }
        }
    }
}

/// The child: applies edits from `CRASH_CHILD_FROM` on until it is killed.
#[test]
#[ignore = "run by crash_at_random_moments_loses_nothing_committed"]
fn crash_child() {
    let Ok(path) = std::env::var("CRASH_CHILD_FILE") else {
        return;
    };
    let from: usize = std::env::var("CRASH_CHILD_FROM").unwrap().parse().unwrap();
    let mut doc = Document::open(&path).unwrap();
    let mut out = std::io::stdout().lock();
    for i in from.. {
        let next = edit(doc.map(), i);
        doc.apply(next).unwrap();
        writeln!(out, "{}", i + 1).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn crash_at_random_moments_loses_nothing_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.throughline");
    drop(Document::create(&path, &base_map()).unwrap());

    let mut rng = fastrand::Rng::with_seed(0x7468_726c);
    let mut expected = base_map();
    let mut applied = 0usize;
    let mut kills = 0;
    for _ in 0..36 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--ignored", "--nocapture", "--test-threads=1"])
            .env("CRASH_CHILD_FILE", &path)
            .env("CRASH_CHILD_FROM", applied.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(5..60)));
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        let reported = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
            // The last word of a line: the first report shares its line with the test
            // harness's own "test crash_child ... ", and losing it would make a child that
            // committed two edits look like it committed one too many.
            .filter_map(|l| l.split_whitespace().last()?.parse::<usize>().ok())
            .last()
            .unwrap_or(applied);

        let integrity: String = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "after kill {kills}");
        let on_disk = Document::read(&path).unwrap();

        // Committed edits are those reported, plus perhaps one killed before it was reported.
        while applied < reported {
            let next = edit(&expected, applied);
            apply(&mut expected, next).unwrap();
            applied += 1;
        }
        if on_disk != expected {
            let next = edit(&expected, applied);
            apply(&mut expected, next).unwrap();
            applied += 1;
            assert!(
                on_disk == expected,
                "after kill {kills} the file holds neither {} nor {} edits",
                applied - 1,
                applied
            );
        }
    }
    assert!(
        applied > 36,
        "the children committed only {applied} edits; the kills came too early to test much"
    );
    eprintln!("{kills} kills, {applied} edits committed and verified");
}
