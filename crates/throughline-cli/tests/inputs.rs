//! Every reader takes regular files only, checked before the first byte is read: a named
//! pipe never blocks a command and a device never streams into one. Each case is refused at
//! once with exit 2 and the reason.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs throughline with `args`, giving up (and failing) after ten seconds: before the fix a
/// pipe blocked for ever and `/dev/zero` filled the memory.
fn refused_at_once(args: &[&str], why: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("{args:?} did not finish in 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(why), "{args:?}: {stderr}");
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let map =
        throughline_tests::sample_path("inbound-b2b-saas-hubspot").to_string_lossy().into_owned();
    let out = dir.path().join("out.json").to_string_lossy().into_owned();
    refused_at_once(&["flow", &map, "/dev/zero"], "is a device, not a regular file");
    for (name, read_as) in [
        ("log.csv", "history"),
        ("log.xes", "history"),
        ("model.bpmn", "bpmn"),
        ("pipelines.json", "crm"),
    ] {
        let fifo = dir.path().join(format!("pipe-{name}"));
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let fifo = fifo.to_string_lossy().into_owned();
        let zero = dir.path().join(format!("zero-{name}"));
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let zero = zero.to_string_lossy().into_owned();
        for (input, why) in [(&fifo, "is a named pipe"), (&zero, "is a device")] {
            if read_as == "history" {
                refused_at_once(&["flow", &map, input], why);
                refused_at_once(&["check", &map, "--events", input], why);
                refused_at_once(&["report", &map, "--events", input, "-o", &out], why);
            } else if read_as == "bpmn" {
                refused_at_once(&["convert", input, &out], why);
                refused_at_once(&["import", input, "-o", &out], why);
            } else {
                refused_at_once(&["import", input, "-o", &out], "not a regular file");
            }
        }
    }
}

#[test]
fn a_utf16_model_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.bpmn");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("<definitions/>".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&model, utf16).unwrap();
    let out = dir.path().join("out.json").to_string_lossy().into_owned();
    refused_at_once(&["convert", model.to_str().unwrap(), &out], "it is UTF-16: save it as UTF-8");
}
