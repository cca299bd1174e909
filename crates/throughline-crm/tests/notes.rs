//! What reading a configuration leaves out or repairs is said, each with its file: archived
//! pipelines and stages, hidden options, empty pipelines, values of the wrong type, ids given
//! twice, Salesforce values without a name or outside every business process, guidance for
//! values the set lacks. A configuration with none of these says nothing.

use std::path::{Path, PathBuf};

use throughline_crm::read_noting;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn said(paths: &[PathBuf]) -> Vec<String> {
    let (_, notes) = read_noting(paths).unwrap();
    notes.into_iter().map(|n| n.message).collect()
}

#[test]
fn hubspot_pipelines_say_what_they_leave_out_and_what_they_read_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "pipelines.json",
        r#"{"results": [
          {"label": "Old", "archived": true, "stages": [{"id": "x", "label": "X"}]},
          {"label": "Empty", "stages": [{"id": "gone", "label": "Gone", "archived": "true"}]},
          {"label": "Sales", "stages": [
            {"id": "a", "label": "Appointment", "metadata": {"probability": "0.2"}},
            {"id": "b", "label": 42, "metadata": {"probability": "most"}},
            {"id": "a", "label": "Again", "displayOrder": "first"}
          ]}
        ]}"#,
    );
    assert_eq!(
        said(std::slice::from_ref(&file)),
        [
            "pipeline \"Old\" is archived: left out",
            "pipeline \"Empty\": stage \"Gone\" is archived: left out",
            "pipeline \"Empty\" has no stages: it adds none to the map",
            "pipeline \"Sales\": stage \"b\": its label is a number, not text: \"b\" is used",
            "pipeline \"Sales\": stage \"b\": its probability \"most\" is not a number: left out",
            "pipeline \"Sales\": stage \"a\" has the id of a stage before it: both are read, mapped to one CRM value",
            "pipeline \"Sales\": stage \"a\": its displayOrder \"first\" is not a number: left out",
        ]
    );
    let (_, notes) = read_noting(std::slice::from_ref(&file)).unwrap();
    assert!(notes.iter().all(|n| n.file == file.display().to_string()));
}

#[test]
fn a_property_says_its_hidden_options_and_when_it_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "lifecyclestage.json",
        r#"{"name": "lifecyclestage", "options": [{"value": "other", "label": "Other", "hidden": true}]}"#,
    );
    assert_eq!(
        said(&[file]),
        [
            "property \"lifecyclestage\": option \"Other\" is hidden: left out",
            "property \"lifecyclestage\" has no options: it adds none to the map",
        ]
    );
}

#[test]
fn salesforce_metadata_says_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let set = write(
        dir.path(),
        "OpportunityStage.standardValueSet-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata">
  <standardValue><fullName>Prospecting</fullName><label>Prospecting</label><probability>ten</probability></standardValue>
  <standardValue><label>Nameless</label></standardValue>
  <standardValue><fullName>Closed Won</fullName><closed>true</closed><won>true</won></standardValue>
  <standardValue><fullName>Unused</fullName></standardValue>
</StandardValueSet>"#,
    );
    let process = write(
        dir.path(),
        "Enterprise.businessProcess-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<BusinessProcess xmlns="http://soap.sforce.com/2006/04/metadata">
  <fullName>Opportunity.Enterprise</fullName>
  <values><fullName>Closed Won</fullName></values>
  <values><fullName>Prospecting</fullName></values>
</BusinessProcess>"#,
    );
    let path = write(
        dir.path(),
        "Opportunity_Path.pathAssistant-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<PathAssistant xmlns="http://soap.sforce.com/2006/04/metadata">
  <entityName>Opportunity</entityName><fieldName>StageName</fieldName>
  <pathAssistantSteps><picklistValueName>Vanished</picklistValueName><info>Call them</info></pathAssistantSteps>
</PathAssistant>"#,
    );
    assert_eq!(
        said(&[set, process, path]),
        [
            "value \"Prospecting\": its probability \"ten\" is not a number: left out",
            "a value labelled \"Nameless\" has no fullName: left out",
            "1 of the Opportunity stages values are in no business process given: left out (\"Unused\")",
            "a path gives guidance for \"Vanished\", which the Opportunity stages do not have: left out",
        ]
    );
}

#[test]
fn a_configuration_with_nothing_left_out_says_nothing() {
    let project =
        throughline_tests::in_workspace("assets/samples/crm/enterprise-salesforce-asc606");
    assert_eq!(said(&[project]), Vec::<String>::new());
}
