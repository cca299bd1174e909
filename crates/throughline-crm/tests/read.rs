//! Reading the CRM's configuration as the CRMs write it: HubSpot's API JSON with its string or
//! numeric metadata, Salesforce source-format metadata with its alphabetical business
//! processes, percent-encoded names and HTML guidance; and refusals that name the file.

use std::path::{Path, PathBuf};

use throughline_crm::{CrmConfig, ValueState, read};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn values(config: &CrmConfig, set: usize) -> Vec<(&str, ValueState)> {
    config.sets[set].values.iter().map(|v| (v.value.as_str(), v.state)).collect()
}

fn sample(name: &str) -> PathBuf {
    throughline_tests::in_workspace("assets/samples/crm").join(name)
}

#[test]
fn hubspot_pipelines_in_display_order_with_string_or_numeric_metadata() {
    let dir = tempfile::tempdir().unwrap();
    // Two pipelines out of order, one archived; stages out of order, one archived; metadata
    // as strings in one, as numbers and booleans in the other.
    let file = write(
        dir.path(),
        "pipelines.json",
        r#"{ "results": [
          { "id": "renewals", "label": "Renewals", "displayOrder": 1, "archived": false, "stages": [
              { "id": 1001, "label": "Renewal due", "displayOrder": 0, "metadata": { "isClosed": false, "probability": 0.5 } },
              { "id": "1003", "label": "Churned", "displayOrder": 2, "metadata": { "isClosed": true, "probability": 0 } },
              { "id": "1002", "label": "Renewed", "displayOrder": 1, "metadata": { "isClosed": true, "probability": 1 } } ] },
          { "id": "old", "label": "Old", "displayOrder": 2, "archived": true, "stages": [] },
          { "id": "default", "label": "Sales Pipeline", "displayOrder": 0, "stages": [
              { "id": "closedwon", "label": "Closed won", "displayOrder": 2, "metadata": { "isClosed": "true", "probability": "1.0" } },
              { "id": "qualifiedtobuy", "label": "Qualified to buy", "displayOrder": 0, "metadata": { "isClosed": "false", "probability": "0.2" } },
              { "id": "gone", "label": "Gone", "displayOrder": 1, "archived": true, "metadata": {} },
              { "id": "closedlost", "label": "Closed lost", "displayOrder": 3, "metadata": { "isClosed": "TRUE", "probability": "0.0" } } ] }
        ] }"#,
    );
    let config = read(&[file]).unwrap();
    assert_eq!(config.sources, ["pipelines.json"]);
    let labels: Vec<&str> = config.sets.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Sales Pipeline", "Renewals"]);
    assert_eq!(
        values(&config, 0),
        [
            ("qualifiedtobuy", ValueState::Open),
            ("closedwon", ValueState::Won),
            ("closedlost", ValueState::Lost)
        ]
    );
    assert_eq!(
        values(&config, 1),
        [("1001", ValueState::Open), ("1002", ValueState::Won), ("1003", ValueState::Lost)]
    );
    let set = &config.sets[0];
    assert_eq!(
        (set.system.as_str(), set.object.as_str(), set.field.as_str()),
        ("HubSpot", "deals", "dealstage")
    );
    assert_eq!(set.values[0].probability, Some(0.2));
}

#[test]
fn one_hubspot_pipeline_and_a_ticket_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "support.json",
        r#"{ "id": "0", "label": "Support Pipeline", "stages": [
            { "id": "1", "label": "New", "displayOrder": 0, "metadata": { "ticketState": "OPEN" } },
            { "id": "4", "label": "Closed", "displayOrder": 1, "metadata": { "ticketState": "CLOSED" } } ] }"#,
    );
    let config = read(&[file]).unwrap();
    let set = &config.sets[0];
    assert_eq!((set.object.as_str(), set.field.as_str()), ("tickets", "hs_pipeline_stage"));
    assert_eq!(values(&config, 0), [("1", ValueState::Open), ("4", ValueState::Lost)]);
}

#[test]
fn hubspot_lifecycle_stages_skip_hidden_options_and_keep_descriptions() {
    let config = read(&[sample("product-led-self-serve/lifecyclestage.json")]).unwrap();
    let set = &config.sets[0];
    assert_eq!((set.object.as_str(), set.field.as_str()), ("contacts", "lifecyclestage"));
    let kept: Vec<&str> = set.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(
        kept,
        ["productqualifiedlead", "teamtrial", "customer"],
        "the hidden option is skipped"
    );
    assert_eq!(set.values[2].criteria, ["Pays for at least one seat"]);
}

#[test]
fn a_salesforce_project_folder_in_value_set_order_with_paths() {
    let config = read(&[sample("enterprise-salesforce-asc606")]).unwrap();
    assert_eq!(config.sets.len(), 1);
    let set = &config.sets[0];
    assert_eq!(
        (set.system.as_str(), set.object.as_str(), set.field.as_str()),
        ("Salesforce", "Opportunity", "StageName")
    );
    // The business process lists its values alphabetically (and percent-encodes
    // "Negotiation/Review"); the value set's order wins.
    let order: Vec<&str> = set.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(
        order,
        [
            "Prospecting",
            "Qualification",
            "Needs Analysis",
            "Proposal",
            "Negotiation/Review",
            "Closed Won",
            "Closed Lost"
        ]
    );
    let proposal = &set.values[3];
    assert_eq!(
        (proposal.probability, proposal.forecast_category.as_deref()),
        (Some(0.75), Some("BestCase"))
    );
    // The path's HTML guidance, entities decoded (escaped once in XML, once in HTML).
    assert_eq!(
        set.values[1].criteria,
        [
            "Confirm budget & timeline with the economic buyer.\nDecision maker named\nChampion's success criteria written down"
        ]
    );
    assert_eq!(
        set.values[3].criteria,
        ["Pricing approved by the deal desk before the proposal goes out."]
    );
}

const LEAD_STATUS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <sorted>false</sorted>
    <standardValue><fullName>Open - Not Contacted</fullName><default>true</default><label>Open - Not Contacted</label><converted>false</converted></standardValue>
    <standardValue><fullName>Working - Contacted</fullName><default>false</default><label>Working - Contacted</label><converted>false</converted></standardValue>
    <standardValue><fullName>Closed - Converted</fullName><default>false</default><label>Closed - Converted</label><converted>true</converted></standardValue>
    <standardValue><fullName>Closed - Not Converted</fullName><default>false</default><label>Closed - Not Converted</label><converted>false</converted></standardValue>
</StandardValueSet>"#;

#[test]
fn single_salesforce_files_and_a_business_process_that_keeps_only_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample("enterprise-salesforce-asc606/force-app/main/default");
    let stages = project.join("standardValueSets/OpportunityStage.standardValueSet-meta.xml");
    let leads = write(dir.path(), "LeadStatus.standardValueSet-meta.xml", LEAD_STATUS);
    let process = write(
        dir.path(),
        "objects/Opportunity/businessProcesses/Small%20deals.businessProcess-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<BusinessProcess xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Small deals</fullName><isActive>true</isActive>
    <values><fullName>Closed Lost</fullName><default>false</default></values>
    <values><fullName>Closed Won</fullName><default>false</default></values>
    <values><fullName>Prospecting</fullName><default>true</default></values>
    <values><fullName>Proposal</fullName><default>false</default></values>
</BusinessProcess>"#,
    );
    let config = read(&[leads, stages, process]).unwrap();
    let opportunity = config.sets.iter().find(|s| s.object == "Opportunity").unwrap();
    let kept: Vec<&str> = opportunity.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(kept, ["Prospecting", "Proposal", "Closed Won", "Closed Lost"]);
    let lead = config.sets.iter().find(|s| s.object == "Lead").unwrap();
    assert_eq!(lead.field, "Status");
    let lead_states: Vec<ValueState> = lead.values.iter().map(|v| v.state).collect();
    assert_eq!(
        lead_states,
        [ValueState::Open, ValueState::Open, ValueState::Converted, ValueState::Open]
    );
}

/// Every refusal names the file and says what it expected.
fn refused(paths: &[PathBuf]) -> String {
    read(paths).unwrap_err().to_string()
}

#[test]
fn bad_input_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let not_json = write(d, "export.json", "{ \"results\": [ ");
    assert!(refused(std::slice::from_ref(&not_json)).starts_with(&not_json.display().to_string()));
    assert!(refused(&[not_json]).contains("is not valid JSON"));

    let other_api =
        write(d, "contacts.json", r#"{ "results": [ { "id": "1", "properties": {} } ] }"#);
    assert!(refused(&[other_api]).contains("not of pipelines"));
    let other_json = write(d, "settings.json", r#"{ "theme": "dark" }"#);
    assert!(refused(&[other_json]).contains("is JSON, but not HubSpot pipelines"));

    let other_xml = write(
        d,
        "Account.object-meta.xml",
        r#"<?xml version="1.0"?><CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"><label>Account</label></CustomObject>"#,
    );
    assert!(refused(&[other_xml]).contains("of another type (CustomObject)"));
    let broken_xml =
        write(d, "OpportunityStage.standardValueSet-meta.xml", "<StandardValueSet><standardValue>");
    assert!(refused(&[broken_xml]).contains("is not well-formed XML"));
    let other_set = write(
        d,
        "CaseStatus.standardValueSet-meta.xml",
        r#"<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata"><standardValue><fullName>New</fullName></standardValue></StandardValueSet>"#,
    );
    assert!(refused(&[other_set]).contains("CaseStatus value set"));

    let binary = d.join("blob.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x01]).unwrap();
    assert!(refused(&[binary]).contains("not UTF-8"));

    let empty = d.join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(refused(std::slice::from_ref(&empty)).contains("holds no CRM configuration"));
    let unrelated = d.join("unrelated");
    write(&unrelated, "notes.txt", "nothing here");
    assert!(refused(&[unrelated]).contains("holds no CRM configuration"));

    let missing = d.join("nowhere.json");
    assert!(refused(&[missing]).contains("cannot be read"));

    // A business process without its value set cannot be ordered or judged.
    let lonely = write(
        d,
        "objects/Opportunity/businessProcesses/Lonely.businessProcess-meta.xml",
        r#"<BusinessProcess xmlns="http://soap.sforce.com/2006/04/metadata"><values><fullName>Prospecting</fullName></values></BusinessProcess>"#,
    );
    assert!(refused(&[lonely]).contains("its value set is not among the files"));
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "pipeline.json",
        "\u{feff}{ \"label\": \"P\", \"stages\": [ { \"id\": \"a\", \"label\": \"A\", \"metadata\": {} } ] }",
    );
    assert_eq!(read(&[file]).unwrap().sets[0].values.len(), 1);
}

#[test]
fn a_project_without_sfdx_project_json_is_read_from_force_app() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("force-app/main/default/standardValueSets");
    write(&default, "LeadStatus.standardValueSet-meta.xml", LEAD_STATUS);
    // Files elsewhere in the folder are not part of the project.
    write(dir.path(), "scratch/OpportunityStage.standardValueSet-meta.xml", "not even XML");
    let config = read(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(config.sets.len(), 1);
    assert_eq!(config.sets[0].object, "Lead");
    assert_eq!(config.sources, ["LeadStatus.standardValueSet-meta.xml"]);
}

#[test]
fn configuration_is_told_apart_from_maps_and_other_files() {
    use throughline_crm::is_configuration;
    let dir = tempfile::tempdir().unwrap();
    let salesforce = sample("enterprise-salesforce-asc606");
    for yes in [
        sample("inbound-b2b-saas-hubspot/deal-pipelines.json"),
        sample("product-led-self-serve/lifecyclestage.json"),
        salesforce.clone(),
        salesforce.join(
            "force-app/main/default/standardValueSets/OpportunityStage.standardValueSet-meta.xml",
        ),
    ] {
        assert!(is_configuration(&yes), "{}", yes.display());
    }
    let map = throughline_tests::sample_path("inbound-b2b-saas-hubspot");
    let other = write(dir.path(), "settings.json", r#"{ "theme": "dark" }"#);
    let broken = write(dir.path(), "half.json", r#"{ "results": ["#);
    let text = write(dir.path(), "notes.txt", "stages");
    for no in [map, other, broken, text, dir.path().join("missing.json")] {
        assert!(!is_configuration(&no), "{}", no.display());
    }
}

#[test]
fn a_project_reads_only_inside_itself_and_follows_no_link() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    let sets = project.join("force-app/main/default/standardValueSets");
    std::fs::create_dir_all(&sets).unwrap();
    write(&sets, "LeadStatus.standardValueSet-meta.xml", LEAD_STATUS);
    // A package folder outside the project is refused, naming it; nothing is searched.
    for outside in ["/", "../..", "force-app/../../.."] {
        let json = format!(r#"{{"packageDirectories": [{{"path": "{outside}"}}]}}"#);
        write(&project, "sfdx-project.json", &json);
        let message = refused(std::slice::from_ref(&project));
        assert!(message.contains("sfdx-project.json"), "{message}");
        assert!(message.contains(&format!("package folder \"{outside}\"")), "{message}");
        assert!(message.contains("outside the project folder"), "{message}");
    }
    // Inside, with a link looping back to the project and one leading out of it: each file is
    // read once, and nothing outside is.
    write(&project, "sfdx-project.json", r#"{"packageDirectories": [{"path": "force-app"}]}"#);
    std::os::unix::fs::symlink(&project, sets.join("loop")).unwrap();
    std::os::unix::fs::symlink("/", project.join("force-app/root")).unwrap();
    let config = read(&[project]).unwrap();
    assert_eq!(config.sets.len(), 1);
    assert_eq!(config.sets[0].values.len(), 4);
}
