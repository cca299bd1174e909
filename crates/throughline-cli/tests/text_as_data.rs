//! Names are data: whatever they hold, a terminal shows them on one line and unreordered,
//! and JSON output can be pasted into HTML and JavaScript as it is.

use std::process::Command;

fn throughline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run throughline")
}

const TRICKY: &str = "Inbound\nlead \u{202e}cod.exe\u{2028}to\u{2029}revenue\u{85}";

#[test]
fn names_with_line_breaks_and_bidirectional_controls_stay_on_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut map = throughline_core::arbitrary::base_map();
    map.name = TRICKY.to_owned();
    map.stages[0].name = TRICKY.to_owned();
    let path = dir.path().join("tricky.json");
    std::fs::write(&path, throughline_core::json::to_string(&map)).unwrap();

    // The map file keeps the name, escaped where HTML and JavaScript need it.
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains(r"\u2028to\u2029revenue\u0085"), "{file}");
    assert!(!file.contains('\u{2028}') && !file.contains('\u{85}'));
    assert_eq!(throughline_core::json::from_str(&file).unwrap().name, TRICKY);

    let text = String::from_utf8(throughline(&["check", path.to_str().unwrap()]).stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with(r"Inbound\u{a}lead \u{202e}cod.exe\u{2028}to\u{2029}revenue\u{85}"));
    for raw in ['\u{202e}', '\u{2028}', '\u{2029}', '\u{85}'] {
        assert!(!text.contains(raw), "{raw:?} reached the terminal raw");
    }

    for args in [&["check", "--format", "json"][..], &["check", "--format", "sarif"]] {
        let out = throughline(&[args, &[path.to_str().unwrap()]].concat());
        let json = String::from_utf8(out.stdout).unwrap();
        assert!(json.contains(r"\u2028"), "{args:?}");
        assert!(!json.contains('\u{2028}') && !json.contains('\u{85}'), "{args:?}");
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert!(value.to_string().contains('\u{2028}'), "the same text once read");
    }
}
