//! `throughline check`: findings for people (text) or tools (`throughline-findings/1` JSON).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstyle::AnsiColor;
use serde::Serialize;
use throughline_core::analysis::{Analysis, Finding, Summary};
use throughline_core::excerpt::visible;
use throughline_core::{Map, Severity, analyze};
use throughline_store::MapFormat;

use crate::terminal::Palette;
use crate::{CheckFormat, Failure, files, sarif};

/// The stable, versioned JSON contract of `check --format json`.
#[derive(Serialize)]
struct FindingsDocument<'a> {
    format: &'static str,
    map: &'a str,
    findings: &'a [Finding],
    summary: &'a Summary,
}

pub fn run(
    path: &Path,
    format: CheckFormat,
    events: Option<&Path>,
    columns: &throughline_flow::Columns,
    crm: &[PathBuf],
) -> Result<ExitCode, Failure> {
    let map = files::read(path)?;
    let mut analysis = analyze(&map);
    if let Some(log) = events {
        // The rules on reality join the map's own findings, in the same order.
        throughline_flow::history(&map, log, columns)
            .map_err(|e| Failure(e.to_string()))?
            .add_findings(&map, &mut analysis);
    }
    if !crm.is_empty() {
        let config = throughline_crm::read(crm).map_err(|e| Failure(e.to_string()))?;
        throughline_crm::drift::add_findings(&map, &config, &mut analysis);
    }
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = match format {
        CheckFormat::Json => {
            let document = FindingsDocument {
                format: "throughline-findings/1",
                map: &map.name,
                findings: &analysis.findings,
                summary: &analysis.summary,
            };
            write_json(&document)
        }
        CheckFormat::Sarif => {
            // A JSON map's text gives each result the line its subject is declared on.
            let text = (MapFormat::of_file(path) == MapFormat::Json)
                .then(|| std::fs::read_to_string(path).ok())
                .flatten();
            write_json(&sarif::log(&map, path, text.as_deref(), &analysis))
        }
        CheckFormat::Text => {
            let palette = Palette::for_stdout();
            palette.print(&render_text(&map, path, &analysis, palette));
            Ok(())
        }
    };
    let status = if analysis.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS };
    // The process ends here: freeing a large map's million strings one by one took a tenth of
    // `check` on 20,000 stages, and the operating system takes the memory back at once.
    std::mem::forget((map, analysis));
    Ok(status)
}

/// Machine output straight into a buffered stdout: JSON has no styles for anstream to strip,
/// and a large map's findings are tens of megabytes not worth holding twice.
fn write_json(document: &impl Serialize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, document)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Findings grouped by severity, each with its fix, then a summary line. Map text is shown
/// with its control characters made visible: a stage name must never drive the terminal.
fn render_text(map: &Map, path: &Path, analysis: &Analysis, palette: Palette) -> String {
    let Palette { bold, dim, .. } = palette;
    let mut out = format!(
        "{bold}{}{bold:#} {dim}({}){dim:#}\n",
        visible(&map.name),
        visible(&path.display().to_string())
    );
    for (severity, heading) in
        [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Info")]
    {
        let group: Vec<&Finding> =
            analysis.findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let (colour, mark) = palette.severity(severity);
        out.push_str(&format!("\n{colour}{heading} ({}){colour:#}\n", group.len()));
        for f in group {
            out.push_str(&format!(
                "  {colour}{mark}{colour:#} {}  {dim}[{}]{dim:#}\n    {dim}fix:{dim:#} {}\n",
                visible(&f.message),
                f.rule,
                visible(&f.fix)
            ));
        }
    }
    if analysis.findings.is_empty() {
        let green = palette.paint(AnsiColor::Green.on_default().bold());
        out.push_str(&format!("\n{green}✔ No findings.{green:#}\n"));
    }

    let s = &analysis.summary;
    let counts = [
        plural(analysis.count(Severity::Error), "error", "errors"),
        plural(analysis.count(Severity::Warning), "warning", "warnings"),
        format!("{} info", analysis.count(Severity::Info)),
    ]
    .join(", ");
    let waived = if s.waived > 0 { format!(" ({} waived)", s.waived) } else { String::new() };
    out.push_str(&format!(
        "\n{bold}{counts}{waived}{bold:#}: {}, {} ({} handoffs); owned: {}/{} stages, {}/{} \
         handoffs; agreed terms: {}/{}\n",
        plural(s.stages as usize, "stage", "stages"),
        plural(s.transitions as usize, "transition", "transitions"),
        s.handoffs,
        s.owned_stages,
        s.stages,
        s.owned_handoffs,
        s.handoffs,
        s.agreed_terms,
        s.terms,
    ));
    match s.min_handoffs_to_revenue {
        Some(n) => {
            let critical: Vec<_> = s
                .critical_stages
                .iter()
                .filter_map(|id| map.stage(id).map(|st| visible(&st.name)))
                .collect();
            out.push_str(&format!(
                "Fewest handoffs from first touch to revenue: {n}. Critical stages (every path \
                 to revenue passes through them): {}.\n",
                if critical.is_empty() { "none".to_owned() } else { critical.join(", ") }
            ));
        }
        None => out.push_str("No revenue stage can be reached from an entry stage.\n"),
    }
    out
}
