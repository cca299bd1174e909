//! Copies of a map edited apart, by people and by scripts, joined again from the command line:
//! `convert EDITED.json MAP.throughline` writes a JSON edit back as one revision, and
//! `merge A B -o OUT` keeps both people's edits and lists what it had to resolve.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn throughline(args: &[&str], author: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .env("THROUGHLINE_AUTHOR", author)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run throughline")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn revisions(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM shared_updates", [], |r| r.get(0))
        .unwrap()
}

/// A person's copy edited as a script would: exported to JSON, changed, written back.
fn edit_as_json(copy: &Path, who: &str, change: impl Fn(&mut Value)) {
    let json = copy.with_extension("json");
    ok(&throughline(&["convert", s(copy), s(&json)], who));
    let mut map: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    change(&mut map);
    std::fs::write(&json, serde_json::to_string_pretty(&map).unwrap()).unwrap();
    let before = revisions(copy);
    ok(&throughline(&["convert", s(&json), s(copy)], who));
    assert_eq!(revisions(copy), before + 1, "written back as one revision");
}

fn stage<'a>(map: &'a mut Value, id: &str) -> &'a mut Value {
    map["stages"].as_array_mut().unwrap().iter_mut().find(|s| s["id"] == id).unwrap()
}

fn copies(dir: &Path) -> (PathBuf, PathBuf) {
    let origin = dir.join("origin.throughline");
    let sample = throughline_tests::sample_path("inbound-b2b-saas-hubspot.json");
    ok(&throughline(&["convert", s(&sample), s(&origin)], "Ops"));
    let (ana, ben) = (dir.join("ana.throughline"), dir.join("ben.throughline"));
    std::fs::copy(&origin, &ana).unwrap();
    std::fs::copy(&origin, &ben).unwrap();
    (ana, ben)
}

fn read_json(path: &Path) -> Value {
    let json = path.with_extension("out.json");
    ok(&throughline(&["convert", s(path), s(&json)], "Reader"));
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

#[test]
fn two_copies_edited_as_json_merge_with_both_peoples_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, ben) = copies(dir.path());
    let first = read_json(&ana)["stages"][1]["id"].as_str().unwrap().to_owned();
    let second = read_json(&ana)["stages"][2]["id"].as_str().unwrap().to_owned();
    edit_as_json(&ana, "Ana", |map| {
        stage(map, &first)["name"] = "Qualified by Ana".into();
        stage(map, &second)["sla_hours"] = 12.into();
    });
    edit_as_json(&ben, "Ben", |map| {
        stage(map, &first)["name"] = "Qualified by Ben".into();
        stage(map, &second)["name"] = "Renamed by Ben".into();
    });
    let (ab, ba) = (dir.path().join("ab.throughline"), dir.path().join("ba.throughline"));
    let said = ok(&throughline(&["merge", s(&ana), s(&ben), "-o", s(&ab)], "Ops"));
    let said_again = ok(&throughline(&["merge", s(&ben), s(&ana), "-o", s(&ba)], "Ops"));
    let (merged, again) = (read_json(&ab), read_json(&ba));
    assert_eq!(merged, again, "merging is the same either way round");
    let kept = stage(&mut merged.clone(), &first)["name"].as_str().unwrap().to_owned();
    assert!(kept == "Qualified by Ana" || kept == "Qualified by Ben", "{kept}");
    let other = stage(&mut merged.clone(), &second).clone();
    assert_eq!(
        (other["name"].as_str(), other["sla_hours"].as_f64()),
        (Some("Renamed by Ben"), Some(12.0))
    );
    assert!(said.contains("1 conflict resolved:"), "{said}");
    assert!(
        said.contains("Ana and Ben both changed the name")
            || said.contains("Ben and Ana both changed the name"),
        "{said}"
    );
    let listed = |text: &str| {
        text.lines().filter(|l| l.starts_with("  - ")).map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(listed(&said), listed(&said_again), "the same conflict, worded the same");
}

#[test]
fn merge_refuses_to_write_over_a_copy_and_copies_that_keep_no_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, ben) = copies(dir.path());
    let before = std::fs::read(&ana).unwrap();
    let out = throughline(&["merge", s(&ana), s(&ben), "-o", s(&ana)], "Ops");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&ana).unwrap(), before);
    let json = dir.path().join("ana.json");
    ok(&throughline(&["convert", s(&ana), s(&json)], "Ops"));
    let out = throughline(
        &["merge", s(&json), s(&ben), "-o", s(&dir.path().join("m.throughline"))],
        "Ops",
    );
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("only .throughline files keep the edits that merging needs"), "{said}");
    assert!(!dir.path().join("m.throughline").exists());
}

#[test]
fn merging_a_copy_with_itself_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, _) = copies(dir.path());
    let out = dir.path().join("same.throughline");
    let said = ok(&throughline(&["merge", s(&ana), s(&ana), "-o", s(&out)], "Ops"));
    assert!(said.contains("No conflicts."), "{said}");
    assert_eq!(read_json(&out), read_json(&ana));
}
