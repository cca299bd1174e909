//! `throughline merge A B -o OUT`: two copies of a map edited apart, joined into one.

use std::path::Path;

use throughline_replica::Replica;
use throughline_store::{Document, MapFormat};

use crate::Failure;
use crate::files::{check_output, write_document, write_map};

pub fn run(first: &Path, second: &Path, output: &Path) -> Result<(), Failure> {
    check_output(output, &[first, second])?;
    let state = |path: &Path| {
        if MapFormat::of_name(path) != Some(MapFormat::Document) {
            return Err(Failure(format!(
                "{}: only .throughline files keep the edits that merging needs; write a JSON \
                 copy back onto its .throughline with `throughline convert COPY.json \
                 MAP.throughline`, then merge the .throughline files",
                path.display()
            )));
        }
        let doc = Document::open_read_only(path).map_err(|e| Failure(e.to_string()))?;
        doc.shared_state().map_err(|e| Failure(e.to_string()))
    };
    let (a, b) = (state(first)?, state(second)?);
    let failed = |path: &Path, e: throughline_replica::ReplicaError| {
        Failure(format!("{}: {e}", path.display()))
    };
    let mut merged = Replica::load(&a, crate::author().as_deref()).map_err(|e| failed(first, e))?;
    let mut conflicts = merged.merge(&b).map_err(|e| failed(second, e))?;
    let projection = merged.project();
    conflicts.extend(projection.conflicts.iter().cloned());
    match MapFormat::of_name(output) {
        Some(MapFormat::Document) => {
            write_document(output, |staged| Document::create_shared(staged, merged))?;
        }
        _ => write_map(&projection.map, output)?,
    }
    let map = &projection.map;
    println!(
        "{} and {} merged into {}: {} stages, {} handoffs, {} terms",
        first.display(),
        second.display(),
        output.display(),
        map.stages.len(),
        map.transitions.len(),
        map.terms.len()
    );
    if conflicts.is_empty() {
        println!("No conflicts.");
    } else {
        println!("{} resolved:", plural(conflicts.len(), "conflict"));
        for conflict in &conflicts {
            println!("  - {}", conflict.message);
        }
    }
    Ok(())
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
