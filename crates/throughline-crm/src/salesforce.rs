//! Salesforce metadata in source format (`sf project retrieve`): standard value sets
//! (`OpportunityStage`, `LeadStatus`), business processes and paths. Each file is read on
//! its own; [`assemble`] then puts them together: a business process keeps only its values,
//! in the value set's order (its file lists them alphabetically), and a path's guidance
//! becomes the values' criteria.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use roxmltree::{Document, Node};

use throughline_core::excerpt::quoted;

use crate::{CrmError, CrmValue, Note, ValueSet, ValueState, error};

/// What one metadata file says.
pub(crate) enum Piece {
    /// A standard value set: the object and field it is the picklist of, and its values.
    ValueSet { object: &'static str, field: &'static str, values: Vec<CrmValue> },
    /// A business process of an object: the values it uses.
    BusinessProcess { object: String, name: String, values: Vec<String> },
    /// A path: guidance per value of an object's field.
    Path { object: String, field: String, steps: Vec<(String, String)> },
}

/// The file names this reads.
pub(crate) fn is_metadata_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    matches!(
        name.as_str(),
        "OpportunityStage.standardValueSet-meta.xml" | "LeadStatus.standardValueSet-meta.xml"
    ) || name.ends_with(".businessProcess-meta.xml")
        || name.ends_with(".pathAssistant-meta.xml")
}

/// Salesforce percent-encodes characters its file names cannot hold, in names and values.
fn decoded(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().trim().to_owned()
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn child_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn child_flag(node: Node<'_, '_>, name: &str) -> bool {
    child_text(node, name).is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    decoded(name.split('.').next().unwrap_or_default())
}

pub(crate) fn read(path: &Path, text: &str, notes: &mut Vec<Note>) -> Result<Piece, CrmError> {
    let doc = Document::parse(text).map_err(|e| {
        error(
            path,
            format!("is not well-formed XML: {}", throughline_core::excerpt::parser_said(e)),
        )
    })?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "StandardValueSet" => value_set(path, root, notes),
        "BusinessProcess" => Ok(business_process(path, root)),
        "PathAssistant" => path_assistant(path, root),
        other => Err(error(
            path,
            format!(
                "is Salesforce metadata of another type ({other}): expected a StandardValueSet \
                 (OpportunityStage, LeadStatus), a BusinessProcess or a PathAssistant"
            ),
        )),
    }
}

fn value_set(path: &Path, root: Node<'_, '_>, notes: &mut Vec<Note>) -> Result<Piece, CrmError> {
    // The file's name says which picklist it is; the XML does not.
    let name = child_text(root, "fullName").unwrap_or_else(|| file_stem(path));
    let (object, field) = match name.as_str() {
        "OpportunityStage" => ("Opportunity", "StageName"),
        "LeadStatus" => ("Lead", "Status"),
        other => {
            return Err(error(
                path,
                format!("is the {other} value set: this reads OpportunityStage and LeadStatus"),
            ));
        }
    };
    let values = root
        .children()
        .filter(|c| c.has_tag_name("standardValue"))
        .filter_map(|v| {
            let Some(value) = child_text(v, "fullName").map(|n| decoded(&n)) else {
                let label = child_text(v, "label").unwrap_or_else(|| "?".into());
                notes.push(Note::new(
                    path,
                    format!("a value labelled \"{}\" has no fullName: left out", quoted(&label)),
                ));
                return None;
            };
            let probability = child_text(v, "probability");
            if let Some(p) = probability.as_deref().filter(|p| p.parse::<f64>().is_err()) {
                notes.push(Note::new(
                    path,
                    format!(
                        "value \"{}\": its probability \"{}\" is not a number: left out",
                        quoted(&value),
                        quoted(p)
                    ),
                ));
            }
            let state = if child_flag(v, "converted") {
                ValueState::Converted
            } else if child_flag(v, "closed") {
                if child_flag(v, "won") { ValueState::Won } else { ValueState::Lost }
            } else {
                ValueState::Open
            };
            Some(CrmValue {
                label: child_text(v, "label").unwrap_or_else(|| value.clone()),
                value,
                state,
                // Salesforce says percent; the map keeps a share.
                probability: probability.and_then(|p| p.parse::<f64>().ok()).map(|p| p / 100.0),
                forecast_category: child_text(v, "forecastCategory"),
                criteria: Vec::new(),
            })
        })
        .collect::<Vec<_>>();
    if values.is_empty() {
        return Err(error(path, format!("the {name} value set has no values")));
    }
    Ok(Piece::ValueSet { object, field, values })
}

fn business_process(path: &Path, root: Node<'_, '_>) -> Piece {
    // objects/<Object>/businessProcesses/<Name>.businessProcess-meta.xml
    let parent = path.parent();
    let object = parent
        .filter(|p| p.file_name().is_some_and(|n| n == "businessProcesses"))
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map_or_else(|| "Opportunity".to_owned(), |n| decoded(&n.to_string_lossy()));
    let name = child_text(root, "fullName").map_or_else(|| file_stem(path), |n| decoded(&n));
    let values = root
        .children()
        .filter(|c| c.has_tag_name("values"))
        .filter_map(|v| child_text(v, "fullName"))
        .map(|v| decoded(&v))
        .collect();
    Piece::BusinessProcess { object, name, values }
}

fn path_assistant(path: &Path, root: Node<'_, '_>) -> Result<Piece, CrmError> {
    let object = child_text(root, "entityName")
        .ok_or_else(|| error(path, "the path names no object (entityName)"))?;
    let field = child_text(root, "fieldName")
        .ok_or_else(|| error(path, "the path names no field (fieldName)"))?;
    let steps = root
        .children()
        .filter(|c| c.has_tag_name("pathAssistantSteps"))
        .filter_map(|step| {
            let value = decoded(&child_text(step, "picklistValueName")?);
            let info = plain_text(&child_text(step, "info")?);
            (!info.is_empty()).then_some((value, info))
        })
        .collect();
    Ok(Piece::Path { object, field, steps })
}

/// A path's guidance is HTML (escaped once more inside the XML): its text, with tags dropped,
/// paragraphs and list items on their own lines, and entities decoded.
fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = rest[open + 1..open + close].trim_start_matches('/').to_ascii_lowercase();
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        if matches!(name, "p" | "br" | "li" | "div" | "ul" | "ol" | "h1" | "h2" | "h3") {
            text.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let decoded = html_escape::decode_html_entities(&text).replace('\u{a0}', " ");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A path's guidance: object, field, and (value, text) per step.
type Guidance = (String, String, Vec<(String, String)>);

/// The value sets the files make together.
pub(crate) fn assemble(
    pieces: Vec<(PathBuf, Piece)>,
    notes: &mut Vec<Note>,
) -> Result<Vec<ValueSet>, CrmError> {
    let mut sets: Vec<(PathBuf, ValueSet)> = Vec::new();
    let mut processes: Vec<(PathBuf, String, String, Vec<String>)> = Vec::new();
    let mut paths: Vec<Guidance> = Vec::new();
    for (file, piece) in pieces {
        match piece {
            Piece::ValueSet { object, field, values } => {
                let label = if object == "Lead" { "Lead status" } else { "Opportunity stages" };
                // A second copy of a set (two projects given) replaces the first.
                if let Some((before, _)) =
                    sets.iter().find(|(_, s)| s.object == object && s.field == field)
                {
                    notes.push(Note::new(
                        before,
                        format!(
                            "the {object} {field} value set is given again: the later one is read"
                        ),
                    ));
                }
                sets.retain(|(_, s)| !(s.object == object && s.field == field));
                let set = ValueSet {
                    system: "Salesforce".into(),
                    object: object.into(),
                    field: field.into(),
                    label: label.into(),
                    values,
                };
                sets.push((file, set));
            }
            Piece::BusinessProcess { object, name, values } => {
                processes.push((file, object, name, values));
            }
            Piece::Path { object, field, steps } => paths.push((object, field, steps)),
        }
    }
    for (file, object, name, wanted) in &processes {
        let Some((_, set)) = sets.iter().find(|(_, s)| s.object.eq_ignore_ascii_case(object))
        else {
            return Err(error(
                file,
                format!(
                    "business process \"{name}\" of {object}: its value set is not among the \
                     files (add standardValueSets/{}.standardValueSet-meta.xml)",
                    if object.eq_ignore_ascii_case("Lead") {
                        "LeadStatus"
                    } else {
                        "OpportunityStage"
                    }
                ),
            ));
        };
        if let Some(unknown) = wanted.iter().find(|v| !set.values.iter().any(|x| &x.value == *v)) {
            return Err(error(
                file,
                format!(
                    "business process \"{name}\" uses \"{unknown}\", which the {} value set lacks",
                    set.label
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (file, mut set) in sets {
        // The union of the object's business processes, in the value set's order.
        let used: Vec<&String> = processes
            .iter()
            .filter(|(_, object, ..)| object.eq_ignore_ascii_case(&set.object))
            .flat_map(|(.., values)| values)
            .collect();
        if !used.is_empty() {
            let unused: Vec<String> = set
                .values
                .iter()
                .filter(|v| !used.contains(&&v.value))
                .map(|v| format!("\"{}\"", quoted(&v.value)))
                .collect();
            if !unused.is_empty() {
                notes.push(Note::new(
                    &file,
                    format!(
                        "{} of the {} values are in no business process given: left out ({})",
                        unused.len(),
                        set.label,
                        unused.join(", ")
                    ),
                ));
            }
            set.values.retain(|v| used.contains(&&v.value));
        }
        for (object, field, steps) in &paths {
            if !object.eq_ignore_ascii_case(&set.object) || field != &set.field {
                continue;
            }
            for (value, info) in steps {
                match set.values.iter_mut().find(|v| &v.value == value) {
                    Some(v) if !v.criteria.contains(info) => v.criteria.push(info.clone()),
                    Some(_) => {}
                    None => notes.push(Note::new(
                        &file,
                        format!(
                            "a path gives guidance for \"{}\", which the {} do not have: left out",
                            quoted(value),
                            set.label
                        ),
                    )),
                }
            }
        }
        out.push(set);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn guidance_html_becomes_plain_lines() {
        assert_eq!(
            plain_text(
                "<p>Confirm <b>budget</b> &amp; timeline</p><ul><li>Decision&nbsp;maker</li><li>Champion&#39;s name</li></ul>"
            ),
            "Confirm budget & timeline\nDecision maker\nChampion's name"
        );
    }
}
