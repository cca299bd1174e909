//! `throughline report`: the leadership PDF.

use std::path::Path;

use throughline_report::{Paper, ReportOptions, render};

use crate::{Failure, PaperSize, files};

/// A stage history and a CRM configuration to report on instead of those kept with the map.
#[derive(Debug)]
pub struct History<'a> {
    pub logs: &'a [std::path::PathBuf],
    pub columns: throughline_history::Columns,
    pub crm: &'a [std::path::PathBuf],
}

pub fn run(
    map: &Path,
    output: &Path,
    paper: PaperSize,
    version: Option<&str>,
    since: Option<&str>,
    events: &History<'_>,
) -> Result<(), Failure> {
    // `-o -` writes the PDF to stdout, for a pipe.
    let to_stdout = output == Path::new("-");
    if !to_stdout {
        let mut inputs = vec![map];
        inputs.extend(events.logs.iter().map(std::path::PathBuf::as_path));
        inputs.extend(events.crm.iter().map(std::path::PathBuf::as_path));
        files::check_output(output, &inputs)?;
    }
    let (loaded, label, kept) = if let Some(name) = version {
        (files::read_version(map, name)?, name.to_owned(), files::Kept::default())
    } else {
        let (loaded, kept) = files::read_with_kept(map)?;
        (loaded, "Current map".to_owned(), kept)
    };
    let history = match events.logs {
        [] => kept.history,
        logs => Some(
            throughline_history::history_of_many(&loaded, logs, &events.columns)
                .map_err(|e| Failure(e.to_string()))?,
        ),
    };
    let crm =
        if events.crm.is_empty() { kept.crm } else { Some(crate::files::read_crm(events.crm)?) };
    let options = ReportOptions {
        paper: match paper {
            PaperSize::A4 => Paper::A4,
            PaperSize::Letter => Paper::Letter,
        },
        version: Some(label),
        date: None,
        history,
        crm,
        since: match since {
            Some(name) => Some((name.to_owned(), files::read_version(map, name)?)),
            None => None,
        },
    };
    let pdf = render(&loaded, &options).map_err(|e| Failure(e.to_string()))?;
    if to_stdout {
        return std::io::Write::write_all(&mut std::io::stdout().lock(), &pdf)
            .map_err(|e| Failure(format!("stdout: {e}")));
    }
    files::write_atomically(output, &pdf)
}
