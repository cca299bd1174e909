//! `throughline check`: findings for people (text) or tools (`throughline-findings/1` JSON).

use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstyle::AnsiColor;
use throughline_core::analysis::{Analysis, Finding};
use throughline_core::excerpt::visible;
use throughline_core::{Map, Severity, analyze};
use throughline_store::MapFormat;

use crate::terminal::{Palette, write_json};
use crate::{CheckFormat, Failure, files, sarif};

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
        CheckFormat::Json => write_findings(&map.name, &analysis),
        CheckFormat::Sarif => {
            // A JSON map's text gives each result the line its subject is declared on.
            let text = (MapFormat::of_file(path) == MapFormat::Json)
                .then(|| std::fs::read_to_string(path).ok())
                .flatten();
            write_json(&sarif::log(&map, path, text.as_deref(), &analysis))
        }
        CheckFormat::Text => {
            let palette = Palette::for_stdout();
            palette.write_stdout(|out| write_text(out, &map, path, &analysis, palette))
        }
    };
    let status = if analysis.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS };
    // The process ends here: freeing a large map's million strings one by one took a tenth of
    // `check` on 20,000 stages, and the operating system takes the memory back at once.
    std::mem::forget((map, analysis));
    Ok(status)
}

/// From this many findings on, the second half is made into text on another thread.
const FINDINGS_ON_TWO_THREADS: usize = 10_000;

/// How many findings are made into text at a time before they go out.
const FINDINGS_AT_A_TIME: usize = 256;

/// Writes the findings `0..count`, which `lines` makes into text a range at a time. A large
/// map's second half is made into text on another thread while the first is made and goes
/// out: that halves most of the time `check` spends writing.
fn write_in_halves(
    out: &mut (impl Write + ?Sized),
    count: usize,
    room: impl FnOnce(Range<usize>) -> usize + Send,
    lines: impl Fn(&mut Vec<u8>, Range<usize>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let half = if count < FINDINGS_ON_TWO_THREADS { count } else { count / 2 };
    let (first, second) = throughline_core::threads::both(
        half < count,
        || -> io::Result<()> {
            let mut text = Vec::with_capacity(1 << 16);
            for start in (0..half).step_by(FINDINGS_AT_A_TIME) {
                text.clear();
                lines(&mut text, start..half.min(start + FINDINGS_AT_A_TIME))?;
                out.write_all(&text)?;
            }
            Ok(())
        },
        || {
            let mut text = Vec::with_capacity(room(half..count));
            lines(&mut text, half..count).map(|()| text)
        },
    );
    first?;
    out.write_all(&second?)
}

/// The `throughline-findings/1` document, one finding per line so that `grep` and `head`
/// work on it.
fn write_findings(map: &str, analysis: &Analysis) -> io::Result<()> {
    let findings = &analysis.findings;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    out.write_all(br#"{"format":"throughline-findings/1","map":"#)?;
    serde_json::to_writer(&mut out, map)?;
    out.write_all(br#","findings":["#)?;
    // Room for the whole text, so that it is never copied to grow.
    let room = |range: Range<usize>| findings[range].iter().map(line_room).sum();
    write_in_halves(&mut out, findings.len(), room, |text, range| {
        for i in range {
            text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            write_finding(text, &findings[i])?;
        }
        Ok(())
    })?;
    out.write_all(b"\n],\"summary\":")?;
    serde_json::to_writer(&mut out, &analysis.summary)?;
    out.write_all(b"}\n")?;
    out.flush()
}

/// How long a finding's line is with the comma and line break before it, when nothing in
/// it has to be escaped: the field names and punctuation take 63 bytes, each subject its
/// quotes and the comma between two.
fn line_room(finding: &Finding) -> usize {
    let Finding { rule, severity, subjects, message, fix } = finding;
    let subjects = subjects.iter().map(|s| s.len() + 2).sum::<usize>() + subjects.len().max(1) - 1;
    63 + rule.id().len() + severity.label().len() + subjects + message.len() + fix.len()
}

/// A finding, byte for byte as `serde_json` writes it, but with its text copied as it is
/// when nothing in it needs escaping (nearly always): `serde_json` looks at every byte of
/// every sentence on its way out, a fifth of writing a large map's findings.
fn write_finding(out: &mut impl Write, finding: &Finding) -> io::Result<()> {
    let Finding { rule, severity, subjects, message, fix } = finding;
    // Rule ids and severities are ASCII words: nothing in them to escape.
    for piece in
        [r#"{"rule":""#, rule.id(), r#"","severity":""#, severity.label(), r#"","subjects":["#]
    {
        out.write_all(piece.as_bytes())?;
    }
    for (i, subject) in subjects.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_json_string(out, subject)?;
    }
    out.write_all(br#"],"message":"#)?;
    write_json_string(out, message)?;
    out.write_all(br#","fix":"#)?;
    write_json_string(out, fix)?;
    out.write_all(b"}")
}

/// A JSON string: quoted as it is, or escaped by `serde_json` when it has a quote, a
/// backslash or a control character.
fn write_json_string(out: &mut impl Write, text: &str) -> io::Result<()> {
    // Counted rather than stopping at the first such byte, so that the check runs on many
    // bytes at a time.
    let needs_escaping = text.bytes().filter(|&b| b < 0x20 || b == b'"' || b == b'\\').count() > 0;
    if needs_escaping {
        return Ok(serde_json::to_writer(out, text)?);
    }
    out.write_all(b"\"")?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\"")
}

/// How long a finding's two lines are without colour (and nothing to make visible): marks
/// and spaces, brackets, "fix:" and two line breaks take 21 bytes.
fn text_room(finding: &Finding) -> usize {
    21 + finding.rule.id().len() + finding.message.len() + finding.fix.len()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Findings grouped by severity, each with its fix, then a summary line, written as they are
/// made (a large map's are tens of megabytes). Map text is shown
/// with its control characters made visible: a stage name must never drive the terminal.
fn write_text(
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
        visible(&map.name),
        visible(&path.display().to_string())
    )?;
    // Findings come most severe first: each severity's under a heading. Their lines are
    // joined from pieces, the styles' codes written out once, rather than formatted: a large
    // map has tens of thousands.
    let findings = &analysis.findings;
    let (dim_on, dim_off) = (dim.render().to_string(), dim.render_reset().to_string());
    let [error, warning, info] = [Severity::Error, Severity::Warning, Severity::Info].map(|s| {
        let (colour, mark) = palette.severity(s);
        (colour.render().to_string(), mark, colour.render_reset().to_string())
    });
    let style = |severity| match severity {
        Severity::Error => &error,
        Severity::Warning => &warning,
        Severity::Info => &info,
    };
    // Room for the headings too: 64 bytes.
    let room = |range: Range<usize>| 64 + findings[range].iter().map(text_room).sum::<usize>();
    write_in_halves(out, findings.len(), room, |text, range| {
        for i in range {
            let f = &findings[i];
            let (on, mark, off) = style(f.severity);
            if i == 0 || findings[i - 1].severity != f.severity {
                let heading = match f.severity {
                    Severity::Error => "Errors",
                    Severity::Warning => "Warnings",
                    Severity::Info => "Info",
                };
                let count = analysis.count(f.severity);
                writeln!(text, "\n{on}{heading} ({count}){off}")?;
            }
            let (message, fix) = (visible(&f.message), visible(&f.fix));
            for piece in [
                "  ",
                on,
                mark,
                off,
                " ",
                &message,
                "  ",
                &dim_on,
                "[",
                f.rule.id(),
                "]",
                &dim_off,
                "\n    ",
                &dim_on,
                "fix:",
                &dim_off,
                " ",
                &fix,
                "\n",
            ] {
                text.extend_from_slice(piece.as_bytes());
            }
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
                .filter_map(|id| map.stage(id).map(|st| visible(&st.name)))
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
    use throughline_core::analysis::Finding;
    use throughline_core::{Rule, Severity, analyze, generate};

    use std::path::Path;

    use super::{FINDINGS_ON_TWO_THREADS, line_room, write_finding, write_in_halves, write_text};
    use crate::terminal::Palette;

    fn written(finding: &Finding) -> String {
        let mut out = Vec::new();
        write_finding(&mut out, finding).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        let map = generate::large_map(300, 2000, 7);
        let findings = analyze(&map).findings;
        assert!(findings.len() > 500);
        for finding in &findings {
            let line = written(finding);
            assert_eq!(line, serde_json::to_string(finding).unwrap());
            assert_eq!(line_room(finding), line.len() + 2);
        }
        // Text that has to be escaped, text that does not, and no subjects at all.
        let odd = Finding {
            rule: Rule::CriteriaGap,
            severity: Severity::Info,
            subjects: vec!["a\"b".into(), "c\\d".into(), "tab\there".into(), "é€".into()],
            message: "The stage “Won” says \"yes\"\u{1b}[31m\n".into(),
            fix: "\u{7f} and \u{0} stay as JSON has them".into(),
        };
        let none = Finding { subjects: Vec::new(), ..odd.clone() };
        for finding in [&odd, &none] {
            let line = written(finding);
            assert_eq!(line, serde_json::to_string(finding).unwrap());
            assert_eq!(&serde_json::from_str::<Finding>(&line).unwrap(), finding);
        }
        // Every rule at every severity, whether or not the generated map has it.
        for &rule in Rule::ALL {
            for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                let finding = Finding { rule, severity, ..odd.clone() };
                assert_eq!(written(&finding), serde_json::to_string(&finding).unwrap());
            }
        }
    }

    #[test]
    fn halves_write_what_one_thread_would() {
        for count in [0, 1, 255, 256, 257, FINDINGS_ON_TWO_THREADS - 1, 25_001] {
            let mut out = Vec::new();
            let room = |range: std::ops::Range<usize>| range.len() * 6;
            write_in_halves(&mut out, count, room, |text, range| {
                range.for_each(|i| text.extend_from_slice(format!("{i}\n").as_bytes()));
                Ok(())
            })
            .unwrap();
            let expected: Vec<String> = (0..count).map(|i| i.to_string()).collect();
            assert_eq!(String::from_utf8(out).unwrap().lines().collect::<Vec<_>>(), expected);
        }
    }

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
