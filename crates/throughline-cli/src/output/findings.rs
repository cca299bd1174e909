//! A check's findings for people (text grouped by severity, each with its fix) and for tools
//! (the `throughline-findings/1` document, one finding per line so that `grep` and `head`
//! work on it). Both are written on two threads on a large map (`halves.rs`).

use std::io::{self, Write};
use std::path::Path;

use anstyle::AnsiColor;
use throughline_core::analysis::Analysis;
use throughline_core::excerpt::one_line;
use throughline_core::{Map, Severity};

use super::halves::write_in_halves;
use super::terminal::{Palette, json_stdout};

/// The `throughline-findings/1` document on stdout.
pub fn write_json(map: &str, analysis: &Analysis) -> io::Result<()> {
    let findings = &analysis.findings;
    let mut out = json_stdout();
    out.write_all(br#"{"format":"throughline-findings/1","map":"#)?;
    serde_json::to_writer(&mut out, map)?;
    out.write_all(br#","findings":["#)?;
    write_in_halves(&mut out, findings.len(), |text, range| {
        for i in range {
            text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            serde_json::to_writer(&mut *text, &findings[i])?;
        }
        Ok(())
    })?;
    out.write_all(b"\n],\"summary\":")?;
    serde_json::to_writer(&mut out, &analysis.summary)?;
    out.write_all(b"}\n")?;
    out.flush()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Findings grouped by severity, each with its fix, then a summary line, written as they are
/// made (a large map's are tens of megabytes). Map text is shown with its control characters
/// made visible: a stage name must never drive the terminal.
pub fn write_text(
    out: &mut dyn Write,
    map: &Map,
    path: &Path,
    analysis: &Analysis,
    palette: Palette,
) -> io::Result<()> {
    let Palette { bold, dim, .. } = palette;
    writeln!(
        out,
        "{bold}{}{bold:#} {dim}({}){dim:#}",
        one_line(&map.name),
        one_line(&path.display().to_string())
    )?;
    // Findings come most severe first: each severity's under a heading.
    let findings = &analysis.findings;
    write_in_halves(out, findings.len(), |text, range| {
        for i in range {
            let f = &findings[i];
            let (colour, mark) = palette.severity(f.severity);
            if i == 0 || findings[i - 1].severity != f.severity {
                let heading = match f.severity {
                    Severity::Error => "Errors",
                    Severity::Warning => "Warnings",
                    Severity::Info => "Info",
                };
                let count = analysis.count(f.severity);
                writeln!(text, "\n{colour}{heading} ({count}){colour:#}")?;
            }
            writeln!(
                text,
                "  {colour}{mark}{colour:#} {}  {dim}[{}]{dim:#}\n    {dim}fix:{dim:#} {}",
                one_line(&f.message),
                f.rule.id(),
                one_line(&f.fix)
            )?;
        }
        Ok(())
    })?;
    if findings.is_empty() {
        let green = palette.paint(AnsiColor::Green.on_default().bold());
        writeln!(out, "\n{green}✔ No findings.{green:#}")?;
    }

    let s = &analysis.summary;
    let counts = [
        plural(analysis.count(Severity::Error), "error", "errors"),
        plural(analysis.count(Severity::Warning), "warning", "warnings"),
        format!("{} info", analysis.count(Severity::Info)),
    ]
    .join(", ");
    let waived = if s.waived > 0 { format!(" ({} waived)", s.waived) } else { String::new() };
    writeln!(
        out,
        "\n{bold}{counts}{waived}{bold:#}: {}, {} ({} handoffs); owned: {}/{} stages, {}/{} \
         handoffs; agreed terms: {}/{}",
        plural(s.stages as usize, "stage", "stages"),
        plural(s.transitions as usize, "transition", "transitions"),
        s.handoffs,
        s.owned_stages,
        s.stages,
        s.owned_handoffs,
        s.handoffs,
        s.agreed_terms,
        s.terms,
    )?;
    match s.min_handoffs_to_revenue {
        Some(n) => {
            let critical: Vec<_> = s
                .critical_stages
                .iter()
                .filter_map(|id| map.stage(id).map(|st| one_line(&st.name)))
                .collect();
            writeln!(
                out,
                "Fewest handoffs from first touch to revenue: {n}. Critical stages (every path \
                 to revenue passes through them): {}.",
                if critical.is_empty() { "none".to_owned() } else { critical.join(", ") }
            )?;
        }
        None => writeln!(out, "No revenue stage can be reached from an entry stage.")?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use throughline_core::{Severity, analyze, generate};

    use super::write_text;
    use crate::output::halves::FINDINGS_ON_TWO_THREADS;
    use crate::output::terminal::Palette;

    #[test]
    fn a_large_maps_text_lists_each_finding_once_under_its_severity() {
        let map = generate::large_map(3_000, 30_000, 7);
        let analysis = analyze(&map);
        assert!(analysis.findings.len() >= FINDINGS_ON_TWO_THREADS, "written on two threads");
        let mut out = Vec::new();
        write_text(&mut out, &map, Path::new("big.json"), &analysis, Palette::new(false)).unwrap();
        let text = String::from_utf8(out).unwrap();
        for (severity, heading) in
            [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Info")]
        {
            let line = format!("\n{heading} ({})\n", analysis.count(severity));
            assert_eq!(text.matches(&line).count(), usize::from(analysis.count(severity) > 0));
        }
        let listed: Vec<&str> = text
            .lines()
            .filter_map(|l| ["  ✖ ", "  ▲ ", "  ● "].iter().find_map(|m| l.strip_prefix(m)))
            .collect();
        assert_eq!(listed.len(), analysis.findings.len());
        for (line, finding) in listed.iter().zip(&analysis.findings) {
            assert_eq!(*line, format!("{}  [{}]", finding.message, finding.rule));
        }
    }
}
