//! BPMN through the command line: `convert` both ways, `import` from another modeler, and
//! refusals that name the file.

use std::process::{Command, Output};

fn throughline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline")).args(args).output().expect("run throughline")
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_map_converts_to_bpmn_and_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let sample = throughline_tests::sample_path("enterprise-salesforce-asc606");
    let bpmn = dir.path().join("journey.bpmn");
    let back = dir.path().join("back.json");
    assert!(throughline(&["convert", path(&sample), path(&bpmn)]).status.success());
    assert!(std::fs::read_to_string(&bpmn).unwrap().contains("<bpmn:laneSet"));
    // Made to be shared: readable as any new file is, not private like its staging file.
    let umask = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
        .unwrap();
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&bpmn).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o644 & !umask);
    assert!(throughline(&["convert", path(&bpmn), path(&back)]).status.success());
    assert_eq!(
        std::fs::read_to_string(&back).unwrap(),
        std::fs::read_to_string(&sample).unwrap(),
        "our BPMN keeps everything"
    );
}

#[test]
fn another_modelers_bpmn_is_imported_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = throughline_tests::in_workspace(
        "crates/throughline-bpmn/tests/fixtures/camunda-two-pools.bpmn",
    );
    let map = dir.path().join("acme.throughline");
    let out = throughline(&["import", path(&fixture), "-o", path(&map), "--name", "Acme"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = throughline(&["check", path(&map), "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings["map"], "Acme");
    assert_eq!(findings["summary"]["stages"], 10);
    // `check` reads BPMN directly too.
    let direct = throughline(&["check", path(&fixture), "--format", "json"]);
    let direct: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(direct["summary"], findings["summary"]);
}

#[test]
fn a_file_that_is_not_bpmn_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("drawing.bpmn");
    std::fs::write(&svg, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
    let target = dir.path().join("map.json");
    let out = throughline(&["convert", path(&svg), path(&target)]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("drawing.bpmn: not BPMN 2.0: the document is <svg>"), "{stderr}");
    assert!(!target.exists(), "nothing written");
}

/// A model with a flow to an id it does not have, and a lane naming a node it does not have.
const DANGLING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <process id="p" name="Sales">
    <laneSet id="ls"><lane id="sales" name="Sales"><flowNodeRef>a</flowNodeRef><flowNodeRef>ghost</flowNodeRef></lane></laneSet>
    <task id="a" name="Qualify"/>
    <task id="b" name="Propose"/>
    <sequenceFlow id="f1" sourceRef="a" targetRef="b"/>
    <sequenceFlow id="f2" sourceRef="b" targetRef="missing"/>
  </process>
</definitions>"#;

#[test]
fn what_a_model_leaves_out_is_a_warning_and_with_strict_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("dangling.bpmn");
    std::fs::write(&model, DANGLING).unwrap();
    let out_json = dir.path().join("out.json");
    let out = throughline(&["convert", path(&model), path(&out_json)]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("warning: ")
            && said.contains(
                "flow \"f2\" ends at \"missing\", which the model does not have: left out"
            ),
        "{said}"
    );
    assert!(said.contains("lane \"sales\" names the node \"ghost\""), "{said}");
    assert!(out_json.exists());

    let strict_json = dir.path().join("strict.json");
    let out = throughline(&["convert", "--strict", path(&model), path(&strict_json)]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("2 warnings and --strict: nothing written"), "{said}");
    assert!(!strict_json.exists());
    // A clean model has no warning, strict or not.
    let clean = dir.path().join("clean.bpmn");
    std::fs::write(
        &clean,
        DANGLING.replace("<flowNodeRef>ghost</flowNodeRef>", "").replace("missing", "a"),
    )
    .unwrap();
    let out = throughline(&["check", "--strict", path(&clean)]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
    assert_ne!(out.status.code(), Some(2));
}

#[test]
fn two_flows_with_one_id_are_both_read_and_the_renaming_said() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("twice.bpmn");
    let twice = DANGLING.replace("<flowNodeRef>ghost</flowNodeRef>", "").replace(
        r#"id="f2" sourceRef="b" targetRef="missing""#,
        r#"id="f1" sourceRef="b" targetRef="a""#,
    );
    std::fs::write(&model, twice).unwrap();
    let out_json = dir.path().join("out.json");
    let out = throughline(&["convert", path(&model), path(&out_json)]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("flow \"f1\" has the id of another: read as \"f1-2\""), "{said}");
    let map: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_json).unwrap()).unwrap();
    let ids: Vec<&str> =
        map["transitions"].as_array().unwrap().iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, ["f1", "f1-2"]);
}

#[test]
fn what_a_crm_configuration_leaves_out_is_a_warning_and_with_strict_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pipelines = throughline_tests::in_workspace(
        "assets/samples/crm/inbound-b2b-saas-hubspot/deal-pipelines.json",
    );
    let out_json = dir.path().join("imported.json");
    let out = throughline(&["import", path(&pipelines), "-o", path(&out_json)]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "deal-pipelines.json: pipeline \"Sales Pipeline\": stage \"Appointment scheduled\" is archived: left out"
        ),
        "{said}"
    );
    let strict_json = dir.path().join("strict.json");
    let out = throughline(&["import", "--strict", path(&pipelines), "-o", path(&strict_json)]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("1 warning and --strict: nothing written"), "{said}");
    assert!(!strict_json.exists());
}
