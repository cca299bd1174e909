//! The `throughline` binary as scripts and CI use it: exit codes, the JSON contract, text
//! output, conversion, and clear errors for maps that cannot be read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn throughline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run throughline")
}

fn sample(name: &str) -> String {
    throughline_tests::sample_path(name).to_string_lossy().into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A PDF's text as poppler reads it, white space collapsed.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `throughline report MAP -o PDF` with `more` arguments after.
fn report(map: &str, pdf: &Path, more: &[&str]) -> Output {
    throughline(&[&["report", map, "-o", pdf.to_str().unwrap()], more].concat())
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn check_json_follows_the_findings_contract() {
    let out = throughline(&["check", &sample("inbound-b2b-saas-hubspot.json"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "errors were found: exit 1");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["format"], "throughline-findings/1");
    assert_eq!(doc["map"], "Inbound B2B SaaS: HubSpot lead to recognised revenue");
    let first = &doc["findings"][0];
    let mut keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, vec!["fix", "message", "rule", "severity", "subjects"]);
    // Fields come in the documented order, for people reading the JSON too.
    let text = stdout(&out);
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    assert!(
        at("rule") < at("severity") && at("subjects") < at("message") && at("message") < at("fix")
    );
    assert_eq!(first["rule"], "handoff-without-owner");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["subjects"], serde_json::json!(["t-mql-sal"]));
    let summary = &doc["summary"];
    for key in [
        "stages",
        "transitions",
        "handoffs",
        "owned_stages",
        "owned_handoffs",
        "terms",
        "agreed_terms",
        "min_handoffs_to_revenue",
        "critical_stages",
    ] {
        assert!(summary.get(key).is_some(), "summary lacks {key}");
    }
    assert_eq!(summary["stages"], 11);
    assert_eq!(summary["min_handoffs_to_revenue"], 3);
}

/// One finding per line, so that `grep` and `head` work on the document; a map with tens of
/// thousands of findings (written in two halves at once) gives every one of them, in order.
#[test]
fn check_json_has_a_line_per_finding_and_every_finding_of_a_large_map() {
    let dir = tempfile::tempdir().unwrap();
    for (stages, transitions) in [(40, 60), (4_000, 24_000)] {
        let map = throughline_core::generate::large_map(stages, transitions, 3);
        let path = dir.path().join(format!("map-{stages}.json"));
        std::fs::write(&path, throughline_core::json::to_string(&map)).unwrap();
        let out = stdout(&throughline(&["check", path.to_str().unwrap(), "--format", "json"]));

        let expected = throughline_core::analyze(&map).findings;
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["findings"], serde_json::to_value(&expected).unwrap());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), expected.len() + 2, "a line before, one per finding, one after");
        assert!(lines[0].ends_with(r#""findings":["#) && lines.last().unwrap().starts_with("],"));
        for (line, finding) in lines[1..=expected.len()].iter().zip(&expected) {
            let line = line.strip_suffix(',').unwrap_or(line);
            assert_eq!(
                serde_json::from_str::<throughline_core::analysis::Finding>(line).unwrap(),
                *finding
            );
        }
        if stages == 4_000 {
            assert!(
                expected.len() > 10_000,
                "{} findings: not enough for two halves",
                expected.len()
            );
        }
    }
}

#[test]
fn check_exits_zero_when_no_finding_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clean.json");
    let mut map = throughline_core::arbitrary::base_map();
    // Make the base map free of errors: own the last handoff.
    map.transitions[2].owners = vec!["p2".into()];
    std::fs::write(&path, throughline_core::json::to_string(&map)).unwrap();
    let out = throughline(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["severity"] != "error"));
    assert!(!doc["findings"].as_array().unwrap().is_empty(), "warnings are still listed");
}

#[test]
fn check_text_groups_by_severity_with_fixes_and_no_colour_in_a_pipe() {
    let out = throughline(&["check", &sample("product-led-self-serve.json")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "no escape codes when stdout is not a terminal");
    let errors = text.find("Errors (4)").expect("an errors group");
    let warnings = text.find("Warnings (4)").expect("a warnings group");
    let info = text.find("Info (1)").expect("an info group");
    assert!(errors < warnings && warnings < info);
    assert!(text.contains(
        "Nobody owns the handoff from Self-serve checkout (Growth) to Paying customer (Billing \
         and finance)."
    ));
    assert!(text.contains("fix: Name one person accountable"));
    assert!(text.contains("4 errors, 4 warnings, 1 info"));
}

#[test]
fn colour_can_be_forced_for_terminals_that_want_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["check", &sample("product-led-self-serve.json")])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(stdout(&out).contains("\u{1b}["));
}

#[test]
fn convert_refuses_to_replace_a_map_open_for_editing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("open.throughline");
    let map = throughline_core::json::from_str(
        &std::fs::read_to_string(sample("product-led-self-serve.json")).unwrap(),
    )
    .unwrap();
    // The app (here: this process) has the map open for editing.
    let open = throughline_store::Document::create(&target, &map).unwrap();
    let before = std::fs::read(&target).unwrap();
    let out = throughline(&[
        "convert",
        &sample("inbound-b2b-saas-hubspot.json"),
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("open for editing elsewhere"), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("process {}", std::process::id())));
    assert_eq!(std::fs::read(&target).unwrap(), before, "the open map is untouched");
    drop(open);
    let out = throughline(&[
        "convert",
        &sample("inbound-b2b-saas-hubspot.json"),
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn map_text_never_drives_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("inbound-b2b-saas-hubspot.json")).unwrap();
    let mut map: serde_json::Value = serde_json::from_str(&text).unwrap();
    // A name that would set the terminal's title and clear its screen.
    map["name"] = "Pipeline\u{1b}]0;pwned\u{7}\u{1b}[2J".into();
    map["stages"][0]["name"] = "Lead\u{1b}[31m".into();
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, map.to_string()).unwrap();
    // As on a terminal: colour forced, so escape sequences are not stripped.
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["check", path.to_str().unwrap()])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let printed = stdout(&out);
    assert!(!printed.contains("\u{1b}]0;") && !printed.contains("\u{1b}[2J"), "{printed}");
    assert!(printed.contains("Pipeline\\u{1b}]0;pwned\\u{7}"), "{printed}");
    assert!(!printed.contains("Lead\u{1b}[31m"));
}

#[test]
fn waived_findings_are_not_listed_but_counted() {
    let out =
        throughline(&["check", &sample("enterprise-salesforce-asc606.json"), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules: Vec<&str> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"handoff-without-sla"));
    assert_eq!(doc["summary"]["waived"], 1);
    let text = stdout(&throughline(&["check", &sample("enterprise-salesforce-asc606.json")]));
    assert!(text.contains("(1 waived)"));
}

#[test]
fn unreadable_maps_exit_2_naming_the_file_and_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    let text = std::fs::read_to_string(sample("inbound-b2b-saas-hubspot.json")).unwrap();
    std::fs::write(&bad, text.replace("\"team\": \"sdr\"", "\"team\": \"sdrs\"")).unwrap();
    let out = throughline(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let message = stderr(&out);
    assert!(message.contains("bad.json: at people[2].team: unknown team \"sdrs\""), "{message}");

    std::fs::write(&bad, &text[..text.len() / 3]).unwrap();
    let out = throughline(&["check", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the JSON ends too early"), "{}", stderr(&out));

    let out = throughline(&["check", dir.path().join("missing.json").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.json: no such file"));

    let notes = dir.path().join("notes.throughline");
    std::fs::write(&notes, "meeting notes").unwrap();
    let out = throughline(&["check", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("notes.throughline: not a Throughline map"), "{}", stderr(&out));
}

fn convert(input: &str, output: &Path) {
    let out = throughline(&["convert", input, output.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn convert_round_trips_json_through_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc: PathBuf = dir.path().join("map.throughline");
    let back = dir.path().join("back.json");
    for name in [
        "inbound-b2b-saas-hubspot.json",
        "enterprise-salesforce-asc606.json",
        "product-led-self-serve.json",
    ] {
        convert(&sample(name), &doc);
        convert(doc.to_str().unwrap(), &back);
        let original: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(sample(name)).unwrap()).unwrap();
        let again: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
        assert_eq!(again, original, "{name} changed on its way through a .throughline file");
        // The same findings either way.
        let a = stdout(&throughline(&["check", &sample(name), "--format", "json"]));
        let b = stdout(&throughline(&["check", doc.to_str().unwrap(), "--format", "json"]));
        assert_eq!(a, b);
    }
    // Converting over an existing document replaces it.
    convert(&sample("product-led-self-serve.json"), &doc);
    let checked = stdout(&throughline(&["check", doc.to_str().unwrap(), "--format", "json"]));
    assert!(checked.contains("Product-led"));
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging files left behind: {leftovers:?}");
}

#[test]
fn convert_refuses_an_unknown_output_format_and_bad_input_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let out = throughline(&[
        "convert",
        &sample("product-led-self-serve.json"),
        dir.path().join("map.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("name the file .json, .throughline, .bpmn, .mmd, .svg or .png"));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"throughline/9\"}").unwrap();
    let target = dir.path().join("out.throughline");
    let out = throughline(&["convert", bad.to_str().unwrap(), target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("newer version"), "{}", stderr(&out));
    assert!(!target.exists());
}

#[test]
fn rules_explains_each_rule() {
    let out = throughline(&["rules", "trapped-loop"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("trapped-loop (Trapped loop, error)"));
    assert!(text.contains("Why it matters:"));
    let all = stdout(&throughline(&["rules"]));
    for rule in throughline_core::Rule::ALL {
        assert!(all.contains(rule.id()));
    }
    assert_eq!(throughline(&["rules", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn help_is_available_everywhere() {
    for args in
        [&["--help"][..], &["check", "--help"], &["convert", "--help"], &["rules", "--help"]]
    {
        let out = throughline(args);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("Usage: throughline"));
    }
}

/// A .throughline file of `map` with a version named `name`, then `edit` made after it.
fn versioned(
    path: &Path,
    map: &throughline_core::Map,
    name: &str,
    edit: throughline_core::Edit,
) -> PathBuf {
    let mut document = throughline_store::Document::create(path, map).unwrap();
    document.save_version(name).unwrap();
    document.apply(edit).unwrap();
    path.to_path_buf()
}

#[test]
fn report_writes_a_pdf_of_the_map_or_of_a_named_version() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    let out = report(&sample("product-led-self-serve.json"), &pdf, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // A named version of a .throughline file.
    let doc = versioned(
        &dir.path().join("map.throughline"),
        &throughline_core::arbitrary::base_map(),
        "Board review",
        throughline_core::Edit::RenameMap { name: "Renamed after the review".into() },
    );
    let versioned = dir.path().join("versioned.pdf");
    let out = report(
        doc.to_str().unwrap(),
        &versioned,
        &["--version", "Board review", "--paper", "letter"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let size = std::fs::metadata(&versioned).unwrap().len();
    assert!(size > 10_000, "a real PDF ({size} bytes)");

    let out = report(doc.to_str().unwrap(), &versioned, &["--version", "Nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no version named \"Nope\" (versions: Board review)"),
        "{}",
        stderr(&out)
    );
    let out = report(&sample("product-led-self-serve.json"), &versioned, &["--version", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only .throughline files keep named versions"));
}

#[test]
fn report_with_events_adds_how_records_really_move_and_refuses_a_bad_log() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    let map = sample("enterprise-salesforce-asc606.json");
    let log = throughline_tests::sample_path("enterprise-salesforce-asc606")
        .with_extension("history.csv");
    let out = report(&map, &pdf, &["--events", log.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    assert!(text.contains("How records really move"), "{text}");
    assert!(text.contains("350 in, 350 (100%) from Prospecting"), "{text}");

    // A log that cannot be read: exit 2, the line named, no PDF written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "case,activity,timestamp\nA,Prospecting,soon\n").unwrap();
    let none = dir.path().join("none.pdf");
    let out = report(&map, &none, &["--events", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.csv, line 2, column \"timestamp\""), "{}", stderr(&out));
    assert!(!none.exists());
}

#[test]
fn report_since_a_named_version_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = throughline_tests::fixtures().join("report/workshop-21.json");
    let map = throughline_core::json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let doc = versioned(
        &dir.path().join("workshop.throughline"),
        &map,
        "Workshop 1",
        throughline_core::Edit::SetOwners {
            target: throughline_core::edit::Owned::Stage("proposal".into()),
            owners: vec!["sofia".into()],
        },
    );
    let pdf = dir.path().join("since.pdf");
    let out = report(doc.to_str().unwrap(), &pdf, &["--since", "Workshop 1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    assert!(text.contains("What changed since Workshop 1"), "{text}");
    assert!(text.contains("1 finding fixed, 0 new; 1 owner named, 0 owners removed"), "{text}");
    assert!(text.contains("Proposal: none → Sofia Rossi"));

    let out = report(doc.to_str().unwrap(), &pdf, &["--since", "Workshop 0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no version named \"Workshop 0\" (versions: Workshop 1)"));
}

fn history() -> String {
    throughline_tests::fixtures()
        .join("flow/inbound-hubspot-history.csv")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn flow_json_follows_the_flow_contract() {
    let map = sample("inbound-b2b-saas-hubspot.json");
    let out = throughline(&["flow", &map, &history(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["format"], "throughline-flow/1");
    assert_eq!(doc["map"], "Inbound B2B SaaS: HubSpot lead to recognised revenue");
    assert_eq!(doc["log"]["events"], 1607);
    assert_eq!(doc["log"]["cases"], 400);
    assert_eq!(doc["log"]["from"], "2025-01-06T20:00:00Z");
    assert_eq!(
        doc["log"]["unmatched"],
        serde_json::json!([{ "value": "Contract sent (old)", "events": 4 }])
    );
    // Every stage and transition of the map, in its order; null where there is no SLA.
    let parsed: throughline_core::Map =
        throughline_core::json::from_str(&std::fs::read_to_string(&map).unwrap()).unwrap();
    let ids = |key: &str| -> Vec<String> {
        doc[key].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids("stages"), parsed.stages.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    assert_eq!(
        ids("transitions"),
        parsed.transitions.iter().map(|t| t.id.clone()).collect::<Vec<_>>()
    );
    let lead = &doc["stages"][0];
    assert_eq!((lead["entered"].as_u64(), lead["over_sla"].is_null()), (Some(400), true));
    for key in ["id", "entered", "current", "median_hours", "p90_hours", "over_sla"] {
        assert!(lead.get(key).is_some(), "stage field {key}");
    }
    for key in ["id", "records", "share", "median_hours", "p90_hours", "over_sla"] {
        assert!(doc["transitions"][0].get(key).is_some(), "transition field {key}");
    }
    assert_eq!(doc["undocumented"][0]["from"], "mql");
    assert_eq!(doc["undocumented"][0]["to"], "qualified");
    assert_eq!(doc["undocumented"][0]["records"], 16);
    let rules: Vec<&str> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"undocumented-path") && rules.contains(&"sla-breach"), "{rules:?}");
}

#[test]
fn flow_text_reads_per_stage_and_transition_then_the_findings() {
    let out = throughline(&["flow", &sample("inbound-b2b-saas-hubspot.json"), &history()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("1607 events, 400 cases"));
    assert!(text.contains("Left out: 4 events of \"Contract sent (old)\""));
    assert!(text.contains("Marketing qualified lead → Sales accepted lead"));
    assert!(text.contains("Undocumented path"));
    assert!(text.contains(
        "16 records moved from Marketing qualified lead (Marketing) to Qualified to buy"
    ));
    assert!(!text.contains('\u{1b}'), "no colour into a pipe");
}

#[test]
fn check_with_events_adds_the_reality_rules_to_the_maps_own() {
    let map = sample("inbound-b2b-saas-hubspot.json");
    let plain = throughline(&["check", &map, "--format", "json"]);
    let with = throughline(&["check", &map, "--format", "json", "--events", &history()]);
    assert_eq!(with.status.code(), plain.status.code());
    let count = |o: &Output| {
        let doc: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        doc["findings"].as_array().unwrap().len()
    };
    assert_eq!(count(&with), count(&plain) + 11, "2 undocumented paths and 9 SLA breaches");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&with)).unwrap();
    assert_eq!(doc["format"], "throughline-findings/1");
}

#[test]
fn check_and_report_read_several_event_files_as_one_log_across_records() {
    let map = sample("inbound-b2b-saas-hubspot.json");
    let beside = |suffix: &str| {
        let path = throughline_tests::sample_path("inbound-b2b-saas-hubspot");
        path.with_extension(suffix).to_string_lossy().into_owned()
    };
    let (contacts, deals) = (beside("contacts.csv"), beside("deals.csv"));
    let out = throughline(&["check", &map, "--format", "json", "--events", &contacts, &deals]);
    let doc: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let rules: Vec<&str> =
        doc["findings"].as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.contains(&"handoff-leak") && rules.contains(&"handoff-skipped"), "{rules:?}");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("across.pdf");
    let pdf = pdf.to_str().unwrap();
    let out = throughline(&["report", &map, "-o", pdf, "--events", &contacts, &deals]);
    assert!(out.status.success(), "{}", stderr(&out));
    // An output named like one of the logs is refused: it would replace it.
    let out = throughline(&["report", &map, "-o", &deals, "--events", &contacts, &deals]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&deals).unwrap().starts_with("Record ID,"));
}

#[test]
fn a_log_that_cannot_be_read_says_where_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("history.csv");
    std::fs::write(&log, "case,activity,timestamp\nA,lead,2025-01-01\nB,lead,31/01/2025\n")
        .unwrap();
    for command in ["flow", "check"] {
        let map = sample("inbound-b2b-saas-hubspot.json");
        let args: Vec<&str> = if command == "flow" {
            vec!["flow", &map, log.to_str().unwrap()]
        } else {
            vec!["check", &map, "--events", log.to_str().unwrap()]
        };
        let out = throughline(&args);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let said = stderr(&out);
        assert!(
            said.contains(
                "history.csv, line 3, column \"timestamp\": \"31/01/2025\" is not a time"
            ),
            "{said}"
        );
    }
    // Named columns.
    std::fs::write(&log, "id,stage,at\nA,lead,2025-01-01\n").unwrap();
    let map = sample("inbound-b2b-saas-hubspot.json");
    let out = throughline(&["flow", &map, log.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no column for the case"), "{}", stderr(&out));
    let out = throughline(&[
        "flow",
        &map,
        log.to_str().unwrap(),
        "--case",
        "id",
        "--activity",
        "stage",
        "--time",
        "at",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn crm_sample(name: &str) -> String {
    throughline_tests::in_workspace("assets/samples/crm").join(name).to_string_lossy().into_owned()
}

#[test]
fn import_starts_a_map_from_the_crm_that_check_finds_no_drift_in() {
    let dir = tempfile::tempdir().unwrap();
    let project = crm_sample("enterprise-salesforce-asc606");
    for out in ["imported.json", "imported.throughline"] {
        let map = dir.path().join(out);
        let done =
            throughline(&["import", &project, "-o", map.to_str().unwrap(), "--name", "Enterprise"]);
        assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
        let check =
            throughline(&["check", map.to_str().unwrap(), "--crm", &project, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
        assert_eq!(json["map"], "Enterprise");
        let rules: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(!rules.iter().any(|r| r.starts_with("crm-")), "{rules:?}");
        assert!(rules.contains(&"stage-without-owner"), "the findings say what to fill in");
    }
}

#[test]
fn check_with_crm_adds_the_drift_findings() {
    let out = throughline(&[
        "check",
        &sample("enterprise-salesforce-asc606.json"),
        "--crm",
        &crm_sample("enterprise-salesforce-asc606"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let drift: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("crm-"))
        .map(|f| (f["rule"].as_str().unwrap().to_owned(), f["subjects"].to_string()))
        .collect();
    assert_eq!(
        drift,
        [
            ("crm-value-missing".to_owned(), r#"["proposal"]"#.to_owned()),
            ("crm-value-unmapped".to_owned(), "[]".to_owned())
        ]
    );
}

#[test]
fn import_of_unreadable_configuration_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("new.throughline");
    let other = dir.path().join("Account.object-meta.xml");
    std::fs::write(&other, "<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\"/>")
        .unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for source in [other.to_str().unwrap(), empty.to_str().unwrap()] {
        let out = throughline(&["import", source, "-o", map.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{source}");
        assert!(stderr(&out).contains(source), "names the file: {}", stderr(&out));
        assert!(!map.exists(), "nothing written");
    }
    let out = throughline(&[
        "check",
        &sample("inbound-b2b-saas-hubspot.json"),
        "--crm",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds no CRM configuration"));
}

#[test]
fn report_with_crm_lists_the_drift_among_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("drift.pdf");
    let out = throughline(&[
        "report",
        &sample("enterprise-salesforce-asc606.json"),
        "--crm",
        &crm_sample("enterprise-salesforce-asc606"),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    assert!(text.contains("CRM value missing"), "{text}");
    assert!(
        text.contains("“Proposal/Price Quote”, which the CRM's configuration does not have"),
        "{text}"
    );
}

#[test]
fn convert_to_mmd_draws_the_map_in_mermaid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("journey.mmd");
    let done = throughline(&[
        "convert",
        &sample("enterprise-salesforce-asc606.json"),
        out.to_str().unwrap(),
    ]);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.lines().nth(1) == Some("flowchart LR"), "{text}");
    assert!(text.contains("subgraph lane1[\"Marketing\"]"), "{text}");
}

#[test]
fn flow_reads_several_files_as_one_log_and_an_ocel_log_across_records() {
    let dir = tempfile::tempdir().unwrap();
    // The fixture's first and second halves, in two files, read as one.
    let text = std::fs::read_to_string(history()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let (first, second) = (dir.path().join("first.csv"), dir.path().join("second.csv"));
    std::fs::write(&first, format!("{header}\n{}\n", rows[..800].join("\n"))).unwrap();
    std::fs::write(&second, format!("{header}\n{}\n", rows[800..].join("\n"))).unwrap();
    let map = sample("inbound-b2b-saas-hubspot.json");
    let whole = throughline(&["flow", &map, &history(), "--format", "json"]);
    let split = throughline(&[
        "flow",
        &map,
        first.to_str().unwrap(),
        second.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(split.status.code(), whole.status.code(), "{}", stderr(&split));
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&stdout(&whole)).unwrap(),
        serde_json::from_str(&stdout(&split)).unwrap(),
    );
    assert_eq!(a["transitions"], b["transitions"]);
    assert_eq!(a["log"]["events"], b["log"]["events"]);

    // Contacts and deals: one contact of two became a deal.
    let map = dir.path().join("map.json");
    std::fs::write(
        &map,
        serde_json::json!({
            "format": "throughline/1", "name": "Across",
            "teams": [{"id": "m", "name": "Marketing"}, {"id": "s", "name": "Sales"}],
            "stages": [
                {"id": "sql", "name": "SQL", "team": "m", "kind": "entry",
                 "system": {"name": "HubSpot", "object": "contact", "value": "SQL"}},
                {"id": "disc", "name": "Discovery", "team": "s", "kind": "revenue",
                 "system": {"name": "HubSpot", "object": "deal", "value": "Discovery"}}],
            "transitions": [{"id": "t", "from": "sql", "to": "disc", "owners": []}]
        })
        .to_string(),
    )
    .unwrap();
    let log = dir.path().join("log.jsonocel");
    std::fs::write(
        &log,
        serde_json::json!({
            "objectTypes": [{"name": "contact"}, {"name": "deal"}],
            "objects": [{"id": "c1", "type": "contact"}, {"id": "c2", "type": "contact"},
                        {"id": "d1", "type": "deal", "relationships": [{"objectId": "c1", "qualifier": "for"}]}],
            "events": [
                {"id": "e1", "type": "SQL", "time": "2026-01-01T00:00:00Z", "relationships": [{"objectId": "c1"}]},
                {"id": "e2", "type": "SQL", "time": "2026-01-01T00:00:00Z", "relationships": [{"objectId": "c2"}]},
                {"id": "e3", "type": "Discovery", "time": "2026-01-02T00:00:00Z", "relationships": [{"objectId": "d1"}]}]
        })
        .to_string(),
    )
    .unwrap();
    let out = throughline(&["flow", map.to_str().unwrap(), log.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains("across records: 1 of 2 never crossed; 0 of 1 arrived without it"),
        "{text}"
    );
    assert!(text.contains("handoff-leak"), "{text}");
    let json =
        throughline(&["flow", map.to_str().unwrap(), log.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(doc["transitions"][0]["leaked"], 1);
    assert_eq!(
        doc["log"]["objects"],
        serde_json::json!([
        {"type": "contact", "objects": 2, "events": 2}, {"type": "deal", "objects": 1, "events": 1}])
    );
}
