//! A stage history for benchmarks: `generate_log MAP.json CASES OUT.csv` walks CASES records
//! through the map from its entry stages, along its transitions (and now and then one it
//! lacks), with exponential waits, and writes the CSV columns `PM4Py` reads. Deterministic.

use std::io::{BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, map, cases, out] = &args[..] else {
        eprintln!("usage: generate_log MAP.json CASES OUT.csv");
        std::process::exit(2);
    };
    let map: throughline_core::Map =
        throughline_core::json::from_str(&std::fs::read_to_string(map).expect("the map"))
            .expect("a map");
    let cases: usize = cases.parse().expect("a number of cases");
    let mut rng = fastrand::Rng::with_seed(11);
    let index = |id: &str| map.stages.iter().position(|s| s.id == id);
    let next: Vec<Vec<usize>> = map
        .stages
        .iter()
        .map(|s| {
            map.transitions.iter().filter(|t| t.from == s.id).filter_map(|t| index(&t.to)).collect()
        })
        .collect();
    let entries: Vec<usize> = (0..map.stages.len())
        .filter(|&i| map.stages[i].kind == throughline_core::model::StageKind::Entry)
        .collect();
    // A stage's system value where it is its own, else its name (as a CRM export of a map
    // with a duplicate mapping would have to be read).
    let system = |i: usize| map.stages[i].system.as_ref().and_then(|x| x.value.clone());
    let value = |i: usize| match system(i) {
        Some(v)
            if (0..map.stages.len()).filter(|&j| system(j).as_ref() == Some(&v)).count() == 1 =>
        {
            v
        }
        _ => map.stages[i].name.clone(),
    };
    let mut w = BufWriter::new(std::fs::File::create(out).expect("the output"));
    writeln!(w, "case:concept:name,concept:name,time:timestamp").unwrap();
    let start = 1_735_689_600_i64; // 2025-01-01T00:00:00Z
    for case in 0..cases {
        let mut at = start + rng.i64(0..180 * 86_400);
        let mut stage = entries[rng.usize(0..entries.len().max(1))];
        for _ in 0..30 {
            let t = jiff::Timestamp::from_second(at).unwrap();
            writeln!(
                w,
                "case-{case},\"{}\",{}",
                value(stage).replace('"', "\"\""),
                t.strftime("%Y-%m-%dT%H:%M:%SZ")
            )
            .unwrap();
            if next[stage].is_empty() || rng.f64() < 0.1 {
                break;
            }
            // One move in fifty jumps anywhere: the paths nobody drew.
            stage = if rng.f64() < 0.02 {
                rng.usize(0..map.stages.len())
            } else {
                next[stage][rng.usize(0..next[stage].len())]
            };
            at += (-(1.0 - rng.f64()).ln() * 36.0 * 3600.0) as i64 + 1;
        }
    }
    w.flush().unwrap();
}
