//! `check --format sarif` as CI code scanning reads it: valid SARIF 2.1.0 by the official
//! JSON schema, one result per finding on the line its subject is declared, waived findings
//! as suppressed results, and the same exit status as the other formats.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Runs `check` from the workspace's root, as CI runs it from a repository's.
fn check(map: &Path, format: &str) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["check", map.to_str().unwrap(), "--format", format])
        .current_dir(throughline_tests::in_workspace("."))
        .output()
        .expect("run throughline");
    let text = String::from_utf8(out.stdout).unwrap();
    (out.status.code(), serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")))
}

/// The SARIF 2.1.0 schema as OASIS publishes it, from the serde-sarif crate we write with
/// (its types are generated from this file), found through `cargo metadata` (for this
/// machine's platform only, so that no other platform's crates are fetched).
fn sarif_schema() -> Value {
    let rustc = Command::new("rustc").arg("-vV").output().expect("run rustc");
    let rustc = String::from_utf8(rustc.stdout).unwrap();
    let host = rustc.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc names its host");
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline", "--filter-platform", host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    let metadata: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata");
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dependency");
    let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap());
    let schema = manifest.parent().unwrap().join("src/schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap();
    assert_eq!(
        schema["title"], "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema",
        "the official schema"
    );
    schema
}

fn assert_valid(log: &Value) {
    let errors = schema_errors(log);
    assert!(errors.is_empty(), "not valid SARIF 2.1.0:\n{}", errors.join("\n"));
}

fn schema_errors(log: &Value) -> Vec<String> {
    // The published schema's `language` pattern is not a valid regular expression (a stray
    // `]`; we never write `language`), which fails the check of the schema itself once
    // formats are checked: it gets the pattern it means, and nothing else changes.
    let mut text = sarif_schema().to_string();
    let broken = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(broken), "the schema as published");
    text = text.replace(broken, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn findings_are_valid_sarif_on_the_lines_of_their_subjects() {
    let map = Path::new("assets/samples/inbound-b2b-saas-hubspot.json");
    let (status, log) = check(map, "sarif");
    let (json_status, findings) = check(map, "json");
    assert_eq!(status, Some(1), "errors found: exit 1, as with --format json");
    assert_eq!(status, json_status);
    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let mut wrong = log.clone();
    wrong["runs"][0]["results"][0]["level"] = "fatal".into();
    assert_eq!(schema_errors(&wrong).len(), 1, "the schema is checked for real");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), throughline_core::Rule::ALL.len(), "every rule is described");
    let results = run["results"].as_array().unwrap();
    let findings = findings["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len(), "one result per finding, no waivers here");

    let text = std::fs::read_to_string(throughline_tests::in_workspace(map)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"]);
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], finding["rule"], "ruleIndex points at the rule");
        let level = match finding["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        let message = result["message"]["text"].as_str().unwrap();
        assert!(message.starts_with(finding["message"].as_str().unwrap()), "{message}");
        assert!(message.contains(finding["fix"].as_str().unwrap()), "the fix is in: {message}");

        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], map.to_str().unwrap());
        if let Some(subject) = finding["subjects"][0].as_str() {
            let line = place["region"]["startLine"].as_u64().expect("a line") as usize;
            assert!(
                lines[line - 1].contains(&format!("\"id\": \"{subject}\"")),
                "line {line} declares {subject}: {}",
                lines[line - 1]
            );
        }
    }
    // A handoff's logical location names both of its stages.
    let handoff = results.iter().find(|r| r["ruleId"] == "handoff-without-owner").unwrap();
    assert_eq!(
        handoff["locations"][0]["logicalLocations"][0]["name"],
        "Marketing qualified lead → Sales accepted lead"
    );
}

#[test]
fn waived_findings_are_suppressed_results_with_the_reason() {
    let map = throughline_tests::sample_path("enterprise-salesforce-asc606");
    let (_, log) = check(&map, "sarif");
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&Value> =
        results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1, "the sample waives one finding");
    assert_eq!(suppressed[0]["ruleId"], "handoff-without-sla");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert!(
        suppressed[0]["suppressions"][0]["justification"]
            .as_str()
            .unwrap()
            .starts_with("Legal turnaround is set by each contract")
    );
    let fingerprints: std::collections::HashSet<&Value> =
        results.iter().map(|r| &r["partialFingerprints"]["throughlineFinding/v1"]).collect();
    assert_eq!(fingerprints.len(), results.len(), "each result can be followed on its own");
}

#[test]
fn a_throughline_file_is_named_without_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("clean map.throughline");
    let mut clean = throughline_core::Map::new("Clean");
    clean.teams.push(throughline_core::model::Team {
        id: "t".into(),
        name: "Team".into(),
        color: None,
    });
    drop(throughline_store::Document::create(&map, &clean).unwrap());
    let (status, log) = check(&map, "sarif");
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty(), "a map without stages has findings");
    assert_eq!(status, Some(i32::from(results.iter().any(|r| r["level"] == "error"))));
    for result in results {
        let place = &result["locations"][0]["physicalLocation"];
        assert!(place.get("region").is_none(), "a SQLite file has no lines");
        let uri = place["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///") && uri.ends_with("clean%20map.throughline"), "{uri}");
    }
}
