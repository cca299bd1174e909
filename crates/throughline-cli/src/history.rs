//! `throughline flow`: a CRM stage history laid over the map, for people (text) or tools
//! (`throughline-flow/1` JSON).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use throughline_core::excerpt::one_line;
use throughline_core::{Map, Severity};
use throughline_history::{Columns, FlowReport};

use crate::output::terminal::{Palette, write_json};
use crate::{Failure, OutputFormat, files};

pub fn run(
    path: &Path,
    logs: &[PathBuf],
    format: OutputFormat,
    columns: &Columns,
) -> Result<ExitCode, Failure> {
    let map = files::read(path)?;
    let paths: Vec<&Path> = logs.iter().map(PathBuf::as_path).collect();
    let report = throughline_history::flow_of_many(&map, &paths, columns)
        .map_err(|e| Failure(e.to_string()))?;
    let log = logs.iter().map(|l| l.display().to_string()).collect::<Vec<_>>().join(", ");
    let log = Path::new(&log);
    let errors = report.findings.iter().any(|f| f.severity == Severity::Error);
    match format {
        // A closed pipe (`| head`) is not an error worth reporting.
        OutputFormat::Json => {
            let _ = write_json(&report);
        }
        OutputFormat::Text => {
            let palette = Palette::for_stdout();
            palette.print(&render(&map, log, &report, palette));
        }
    }
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Where the record changes: who never crossed, and who crossed without the source.
fn leaks_line(l: &throughline_history::Leaks) -> String {
    let waiting = if l.waiting > 0 {
        format!(" ({} still within the SLA)", l.waiting)
    } else {
        String::new()
    };
    format!(
        "    across records: {} of {} never crossed{waiting}; {} of {} arrived without it",
        l.leaked, l.reached, l.skipped, l.entered
    )
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "—".to_owned(), throughline_history::duration)
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "—".to_owned(), |n| n.to_string())
}

/// Per stage and transition: records, share and time; undocumented paths by records; then
/// the findings. Map and log text is shown with its control characters made visible.
fn render(map: &Map, log: &Path, r: &FlowReport, palette: Palette) -> String {
    let Palette { bold, dim, .. } = palette;
    let name =
        |id: &str| map.stage(id).map_or_else(|| one_line(id), |s| one_line(&s.name)).into_owned();
    let mut out = format!(
        "{bold}{}{bold:#} {dim}— {}: {} events, {} cases, {} to {}{dim:#}\n",
        one_line(&map.name),
        one_line(&log.display().to_string()),
        r.log.events,
        r.log.cases,
        r.log.from.as_deref().unwrap_or("—"),
        r.log.to.as_deref().unwrap_or("—"),
    );
    for u in &r.log.unmatched {
        out.push_str(&format!(
            "{dim}Left out: {} events of \"{}\": no stage has this value, name or id.{dim:#}\n",
            u.events,
            one_line(&u.value)
        ));
    }
    for a in &r.log.ambiguous {
        let stages: Vec<String> = a.stages.iter().map(|s| name(s)).collect();
        out.push_str(&format!(
            "{dim}Left out: {} events of \"{}\": it could be {}.{dim:#}\n",
            a.events,
            one_line(&a.value),
            stages.join(" or ")
        ));
    }

    let width = map.stages.iter().map(|s| one_line(&s.name).chars().count()).max().unwrap_or(5);
    let width = width.clamp(5, 40);
    let cut = |text: String, w: usize| {
        if text.chars().count() <= w {
            text
        } else {
            text.chars().take(w - 1).collect::<String>() + "…"
        }
    };
    out.push_str(&format!(
        "\n{bold}{:<width$}  {:>8}  {:>7}  {:>9}  {:>9}  {:>8}{bold:#}\n",
        "Stage", "entered", "now", "median", "p90", "over SLA"
    ));
    for s in &r.stages {
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>7}  {:>9}  {:>9}  {:>8}\n",
            cut(name(&s.id), width),
            s.entered,
            s.current,
            hours(s.median_hours),
            hours(s.p90_hours),
            count(s.over_sla)
        ));
    }
    let arrow_width = (2 * width + 3).min(60);
    out.push_str(&format!(
        "\n{bold}{:<arrow_width$}  {:>8}  {:>6}  {:>9}  {:>9}  {:>8}{bold:#}\n",
        "Transition", "records", "share", "median", "p90", "over SLA"
    ));
    for (t, f) in map.transitions.iter().zip(&r.transitions) {
        let handoff = match (map.stage(&t.from), map.stage(&t.to)) {
            (Some(a), Some(b)) => a.team != b.team,
            _ => false,
        };
        out.push_str(&format!(
            "{:<arrow_width$}  {:>8}  {:>6}  {:>9}  {:>9}  {:>8}{}\n",
            cut(format!("{} → {}", name(&t.from), name(&t.to)), arrow_width),
            f.records,
            f.share.map_or_else(|| "—".to_owned(), |s| format!("{:.0}%", s * 100.0)),
            hours(f.median_hours),
            hours(f.p90_hours),
            count(f.over_sla),
            if handoff { format!("  {dim}handoff{dim:#}") } else { String::new() }
        ));
        if let Some(l) = f.leaks {
            out.push_str(&format!("{dim}{}{dim:#}\n", leaks_line(&l)));
        }
    }
    if !r.undocumented.is_empty() {
        out.push_str(&format!(
            "\n{bold}{:<arrow_width$}  {:>8}  {:>6}  {:>9}  {:>9}{bold:#}\n",
            "Undocumented path", "records", "", "median", "p90"
        ));
        for u in &r.undocumented {
            out.push_str(&format!(
                "{:<arrow_width$}  {:>8}  {:>6}  {:>9}  {:>9}\n",
                cut(format!("{} → {}", name(&u.from), name(&u.to)), arrow_width),
                u.records,
                "",
                hours(Some(u.median_hours)),
                hours(Some(u.p90_hours)),
            ));
            if let Some(l) = u.leaks {
                out.push_str(&format!("{dim}{}{dim:#}\n", leaks_line(&l)));
            }
        }
    }
    out.push('\n');
    if r.findings.is_empty() {
        out.push_str("No findings on the stage history.\n");
    }
    for f in &r.findings {
        let (colour, mark) = palette.severity(f.severity);
        out.push_str(&format!(
            "{colour}{mark}{colour:#} {}  {dim}[{}]{dim:#}\n  {dim}fix:{dim:#} {}\n",
            one_line(&f.message),
            f.rule,
            one_line(&f.fix)
        ));
    }
    if r.waived > 0 {
        out.push_str(&format!("{dim}{} waived.{dim:#}\n", r.waived));
    }
    out
}
