//! `throughline check`: findings for people (text) or tools (`throughline-findings/1` JSON).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use throughline_core::{analyze_with, kept};
use throughline_store::MapFormat;

use crate::output::terminal::{Palette, write_json};
use crate::output::{findings, sarif};
use crate::{CheckFormat, Failure, files};

pub fn run(
    path: &Path,
    format: CheckFormat,
    events: &[PathBuf],
    columns: &throughline_history::Columns,
    crm: &[PathBuf],
) -> Result<ExitCode, Failure> {
    let map = files::read(path)?;
    // The rules on reality and the CRM's drift join the map's own findings, in one order.
    let history = match events {
        [] => None,
        logs => Some(
            throughline_history::history_of_many(&map, logs, columns)
                .map_err(|e| Failure(e.to_string()))?,
        ),
    };
    let crm = match crm {
        [] => None,
        sources => Some(crate::files::read_crm(sources)?),
    };
    let analysis = analyze_with(&map, [kept(history.as_ref()), kept(crm.as_ref())]);
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = match format {
        CheckFormat::Json => findings::write_json(&map.name, &analysis),
        CheckFormat::Sarif => {
            // A JSON map's text gives each result the line its subject is declared on.
            let text = (MapFormat::of_file(path) == MapFormat::Json)
                .then(|| std::fs::read_to_string(path).ok())
                .flatten();
            write_json(&sarif::log(&map, path, text.as_deref(), &analysis))
        }
        CheckFormat::Text => {
            let palette = Palette::for_stdout();
            palette.write_stdout(|out| findings::write_text(out, &map, path, &analysis, palette))
        }
    };
    let status = if analysis.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS };
    crate::left_for_exit((map, analysis, history, crm));
    Ok(status)
}
