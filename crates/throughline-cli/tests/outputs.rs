//! No command writes over one of its own inputs, or over what is not a regular file: it
//! refuses with exit 2 before doing anything, and everything is left as it was.

use std::path::Path;
use std::process::{Command, Output};

fn throughline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline")).args(args).output().expect("run throughline")
}

fn copy_of(sample: &Path, dir: &Path, name: &str) -> String {
    let copy = dir.join(name);
    std::fs::copy(sample, &copy).unwrap();
    copy.to_string_lossy().into_owned()
}

/// Runs `args`, expects a refusal naming why, and that `kept` is byte for byte as before.
fn refused(args: &[&str], kept: &str, why: &str) {
    let before = std::fs::read(kept).ok();
    let out = throughline(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(why), "{args:?}: {stderr}");
    assert_eq!(std::fs::read(kept).ok(), before, "{args:?} changed {kept}");
}

#[test]
fn an_output_that_is_an_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let sample = throughline_tests::sample_path("inbound-b2b-saas-hubspot");
    let map = copy_of(&sample, dir.path(), "m.json");
    let why = "also an input";
    refused(&["report", &map, "-o", &map], &map, why);
    refused(&["convert", &map, &map], &map, why);
    // By another path to the same file.
    let dotted = dir.path().join(".").join("m.json").to_string_lossy().into_owned();
    refused(&["convert", &map, &dotted], &map, why);

    let bpmn = dir.path().join("model.bpmn").to_string_lossy().into_owned();
    assert!(throughline(&["convert", &map, &bpmn]).status.success());
    refused(&["convert", &bpmn, &bpmn], &bpmn, why);

    let crm = throughline_tests::in_workspace(
        "assets/samples/crm/inbound-b2b-saas-hubspot/deal-pipelines.json",
    );
    let export = copy_of(&crm, dir.path(), "deal-pipelines.json");
    refused(&["import", &export, "-o", &export], &export, why);

    let log =
        throughline_tests::sample_path("inbound-b2b-saas-hubspot").with_extension("history.csv");
    let log = copy_of(&log, dir.path(), "history.csv");
    refused(&["report", &map, "--events", &log, "-o", &log], &log, why);

    #[cfg(unix)]
    {
        // Through a symbolic link and a hard link.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&map, &link).unwrap();
        refused(&["convert", &map, link.to_str().unwrap()], &map, why);
        let hard = dir.path().join("hard.pdf");
        std::fs::hard_link(&map, &hard).unwrap();
        refused(&["report", &map, "-o", hard.to_str().unwrap()], &map, why);
    }
}

#[test]
fn what_is_not_a_regular_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let map =
        throughline_tests::sample_path("product-led-self-serve").to_string_lossy().into_owned();
    let folder = dir.path().join("out.json");
    std::fs::create_dir(&folder).unwrap();
    let out = throughline(&["convert", &map, folder.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a folder, not a regular file"));
    assert!(folder.is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        // A named pipe, and a link to a device: refused without opening them.
        let fifo = dir.path().join("pipe.pdf");
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let out = throughline(&["report", &map, "-o", fifo.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("is a named pipe"));
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        let device = dir.path().join("null.json");
        std::os::unix::fs::symlink("/dev/null", &device).unwrap();
        let out = throughline(&["convert", &map, device.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("is a device"));
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }
}

#[test]
fn a_report_goes_to_stdout_with_dash() {
    let map =
        throughline_tests::sample_path("product-led-self-serve").to_string_lossy().into_owned();
    let out = throughline(&["report", &map, "-o", "-"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(!Path::new("-").exists());
}
