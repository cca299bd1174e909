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
