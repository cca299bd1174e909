//! `check --format sarif`: the findings as SARIF 2.1.0, the format CI code scanning reads
//! (GitHub, GitLab, Azure DevOps), so a map's findings show as alerts on the map file.
//!
//! Written with serde-sarif, whose types are generated from the SARIF schema.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result,
    ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};
use throughline_core::analysis::{Analysis, Finding};
use throughline_core::{Map, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of one check. `text` is the map file's JSON text, when it is JSON: results
/// then point at the line where their first subject is declared.
pub fn log(map: &Map, path: &Path, text: Option<&str>, analysis: &Analysis) -> Sarif {
    let lines = text.map(id_lines).unwrap_or_default();
    let names = Names::of(map);
    let file = artifact(path);
    let place = |finding: &Finding| {
        let region = finding.subjects.iter().find_map(|s| lines.get(s.as_str())).map(|line| {
            Region::builder().start_line(i64::try_from(*line).unwrap_or(i64::MAX)).build()
        });
        let physical = match region {
            Some(region) => {
                PhysicalLocation::builder().artifact_location(file.clone()).region(region).build()
            }
            None => PhysicalLocation::builder().artifact_location(file.clone()).build(),
        };
        let logical: Vec<LogicalLocation> =
            finding.subjects.iter().filter_map(|s| names.logical(s)).collect();
        let location = Location::builder().physical_location(physical);
        if logical.is_empty() {
            location.build()
        } else {
            location.logical_locations(logical).build()
        }
    };
    let mut results: Vec<Result> = analysis.findings.iter().map(|f| result(f, place(f))).collect();
    // Waived findings are kept as suppressed results, with the map's reason, so code
    // scanning shows them as dismissed rather than as fixed.
    results.extend(analysis.waived.iter().map(|w| {
        let suppression =
            Suppression::builder().kind("inSource").justification(w.reason.clone()).build();
        let mut result = result(&w.finding, place(&w.finding));
        result.suppressions = Some(vec![suppression]);
        result
    }));

    let driver = ToolComponent::builder()
        .name("Throughline")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(Rule::ALL.iter().map(|r| descriptor(*r)).collect::<Vec<_>>())
        .build();
    let summary = serde_json::to_value(&analysis.summary).unwrap_or_default();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .properties(
            PropertyBag::builder()
                .additional_properties(BTreeMap::from([
                    ("map".to_owned(), map.name.clone().into()),
                    ("summary".to_owned(), summary),
                ]))
                .build(),
        )
        .build();
    Sarif::builder().schema(SCHEMA).version("2.1.0").runs(vec![run]).build()
}

/// A finding as a result: its rule, level, message with the fix, and a fingerprint that
/// stays the same from run to run so code scanning can follow an alert.
fn result(finding: &Finding, location: Location) -> Result {
    let rule_index = Rule::ALL.iter().position(|r| *r == finding.rule).unwrap_or_default();
    let fingerprint = format!("{}:{}", finding.rule.id(), finding.subjects.join(","));
    Result::builder()
        .rule_id(finding.rule.id())
        .rule_index(i64::try_from(rule_index).unwrap_or_default())
        .level(level(finding.severity))
        .message(
            Message::builder().text(format!("{} Fix: {}", finding.message, finding.fix)).build(),
        )
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([("throughlineFinding/v1".to_owned(), fingerprint)]))
        .build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

/// A rule as code scanning lists it: its title, when it fires, and why it matters and how to
/// fix it as help, at its default level.
fn descriptor(rule: Rule) -> ReportingDescriptor {
    let doc = rule.doc();
    let help = format!("{}\n\nFix: {}\n\nExample: {}", doc.why, doc.fix, doc.example);
    ReportingDescriptor::builder()
        .id(rule.id())
        // SARIF wants a name of one word: `HandoffWithoutOwner`.
        .name(rule.id().split('-').map(capitalised).collect::<String>())
        .short_description(MultiformatMessageString::builder().text(doc.title).build())
        .full_description(
            MultiformatMessageString::builder()
                .text(format!("Fires when {}.", doc.fires_when))
                .build(),
        )
        .help(MultiformatMessageString::builder().text(help).build())
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::to_value(level(rule.default_severity())).unwrap_or_default())
                .build(),
        )
        .build()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The map file as code scanning names it: a relative path as given, with `/` between
/// folders (relative to the repository root when run from there), or a `file://` URI.
fn artifact(path: &Path) -> ArtifactLocation {
    let uri = if path.is_absolute() {
        format!("file://{}", encode(&path.to_string_lossy()))
    } else {
        let parts: Vec<String> = path
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| encode(&c.as_os_str().to_string_lossy()))
            .collect();
        parts.join("/")
    };
    ArtifactLocation::builder().uri(uri).build()
}

/// Percent-encodes what a URI reference cannot hold as it is.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The kind and name of every id in a map, for results' logical locations.
struct Names<'a>(HashMap<&'a str, (&'static str, String)>);

impl<'a> Names<'a> {
    fn of(map: &'a Map) -> Self {
        let stages: HashMap<&str, &str> =
            map.stages.iter().map(|s| (&s.id[..], &s.name[..])).collect();
        let stage = |id: &'a str| stages.get(id).copied().unwrap_or(id);
        let mut names = HashMap::new();
        // Inserted from the least to the most specific, so a stage wins a shared id.
        names.extend(map.teams.iter().map(|t| (&t.id[..], ("teams", t.name.clone()))));
        names.extend(map.terms.iter().map(|t| (&t.id[..], ("terms", t.name.clone()))));
        names.extend(map.transitions.iter().map(|t| {
            (&t.id[..], ("transitions", format!("{} → {}", stage(&t.from), stage(&t.to))))
        }));
        names.extend(map.stages.iter().map(|s| (&s.id[..], ("stages", s.name.clone()))));
        Names(names)
    }

    fn logical(&self, id: &str) -> Option<LogicalLocation> {
        let (list, name) = self.0.get(id)?;
        Some(
            LogicalLocation::builder()
                .name(name.clone())
                .fully_qualified_name(format!("{list}/{id}"))
                .kind("element")
                .build(),
        )
    }
}

/// The line (from 1) where each id is declared in a JSON map: the first `"id": "…"` with
/// that value. The text is not parsed as a whole: it already read as a map.
fn id_lines(text: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let mut line = 1;
    let mut counted = 0;
    for (at, _) in text.match_indices("\"id\"") {
        let rest = text[at + 4..].trim_start();
        let Some(value) = rest.strip_prefix(':').map(str::trim_start) else { continue };
        let mut values = serde_json::Deserializer::from_str(value).into_iter::<String>();
        let Some(Ok(id)) = values.next() else { continue };
        line += text[counted..at].bytes().filter(|b| *b == b'\n').count();
        counted = at;
        lines.entry(id).or_insert(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_on_their_lines_however_they_are_spaced_or_escaped() {
        let text = "{\n  \"id\": \"a\",\n  \"x\": {\"id\":\"b\\u00e9\"},\n\n  \"id\" : \"a\"\n}";
        let lines = id_lines(text);
        assert_eq!(lines["a"], 2);
        assert_eq!(lines["bé"], 3);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn paths_become_uri_references() {
        let uri = |p: &str| artifact(Path::new(p)).uri.unwrap();
        assert_eq!(uri("./maps/Inbound map.json"), "maps/Inbound%20map.json");
        assert_eq!(uri("/tmp/a#b.throughline"), "file:///tmp/a%23b.throughline");
    }
}
