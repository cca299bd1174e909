//! The commands through Tauri's IPC with a mock runtime: what the UI sends and receives.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

type Window = WebviewWindow<tauri::test::MockRuntime>;

/// The app on a fresh data folder; saves and exports go to its `saved` folder, as the app
/// started with `--save-to` does, instead of asking through the native dialog.
fn app() -> (tauri::App<tauri::test::MockRuntime>, Window, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let saved = data.path().join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    app_saving_to(data, saved)
}

fn app_saving_to(
    data: tempfile::TempDir,
    saved: std::path::PathBuf,
) -> (tauri::App<tauri::test::MockRuntime>, Window, tempfile::TempDir) {
    let (app, window) = launched(&data, None, Some(saved));
    (app, window, data)
}

/// The app on the data folder `data`, opening `open` at launch and saving into `save_to`.
fn launched(
    data: &tempfile::TempDir,
    open: Option<std::path::PathBuf>,
    save_to: Option<std::path::PathBuf>,
) -> (tauri::App<tauri::test::MockRuntime>, Window) {
    let launch = throughline_app::Launch {
        open,
        data_dir: Some(data.path().to_path_buf()),
        save_to,
        single_instance: false,
    };
    let app = throughline_app::app_builder(mock_builder(), launch)
        .build(tauri::generate_context!())
        .expect("the app builds");
    let window =
        WebviewWindowBuilder::new(&app, "main", tauri::WebviewUrl::default()).build().unwrap();
    (app, window)
}

/// Calls a command; `Ok` is its result, `Err` the typed error the UI receives.
fn call(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The local origin on Linux; anything else counts as remote content.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: tauri::http::HeaderMap::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn sample(name: &str) -> String {
    throughline_tests::sample_path(name).display().to_string()
}

fn rules(findings: &[Value]) -> Vec<String> {
    findings.iter().map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["subjects"])).collect()
}

/// The findings after an update, as the UI rebuilds them: a number is the place of a finding
/// in the list it had before.
fn findings_after(before: &[Value], update: &Value) -> Vec<Value> {
    let patch = update["findings"].as_array().expect("an update patches the findings");
    patch
        .iter()
        .map(|f| {
            f.as_u64().map_or_else(|| f.clone(), |i| before[usize::try_from(i).unwrap()].clone())
        })
        .collect()
}

#[test]
fn importing_editing_undoing_and_redoing_a_map() {
    let dir = tempfile::tempdir().unwrap();
    let json_copy = dir.path().join("inbound.json");
    std::fs::copy(sample("inbound-b2b-saas-hubspot.json"), &json_copy).unwrap();
    let (_app, window, _data) = app();

    assert_eq!(call(&window, "current_map", json!({})), Ok(Value::Null));
    let opened = call(&window, "open_map", json!({ "path": json_copy })).expect("opens");
    assert!(
        opened["path"].as_str().unwrap().ends_with("inbound.throughline"),
        "imported beside the JSON"
    );
    assert!(dir.path().join("inbound.throughline").exists());
    let unowned = "handoff-without-owner [\"t-mql-sal\"]".to_owned();
    let findings = opened["analysis"]["findings"].as_array().unwrap().clone();
    assert!(rules(&findings).contains(&unowned));

    // Name an owner for the handoff: the finding goes, the edit is on disk.
    let edit = json!({ "edit": { "type": "set_owners", "target": { "kind": "transition", "id": "t-mql-sal" }, "owners": ["priya"] } });
    let owned = call(&window, "apply_edit", edit).expect("applies");
    let findings = findings_after(&findings, &owned);
    assert!(!rules(&findings).contains(&unowned));
    // The findings the UI already has travel as their place in its list.
    let sent_whole = owned["findings"].as_array().unwrap().iter().filter(|f| f.is_object());
    assert_eq!(sent_whole.count(), 0, "owning a handoff only takes a finding away");
    assert_eq!(owned["can_undo"], true);
    // Only what the edit touched travels back: the one transition, and no other list.
    let changed = &owned["patch"]["transitions"]["changed"];
    assert_eq!(changed.as_array().map(Vec::len), Some(1));
    assert_eq!(changed[0]["owners"], json!(["priya"]));
    assert_eq!(owned["patch"]["stages"], Value::Null);
    let on_disk =
        throughline_store::Document::read(dir.path().join("inbound.throughline")).unwrap();
    assert_eq!(on_disk.transition("t-mql-sal").unwrap().owners, vec!["priya"]);

    let undone = call(&window, "undo", json!({})).expect("undoes");
    let findings = findings_after(&findings, &undone);
    assert!(rules(&findings).contains(&unowned));
    assert_eq!(
        (undone["can_undo"].clone(), undone["can_redo"].clone()),
        (json!(false), json!(true))
    );
    let redone = call(&window, "redo", json!({})).expect("redoes");
    assert!(!rules(&findings_after(&findings, &redone)).contains(&unowned));
}

#[test]
fn errors_reach_the_ui_typed_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window, _data) = app();
    assert_eq!(call(&window, "undo", json!({})), Err(json!({ "type": "NoMap" })));

    let notes = dir.path().join("notes.throughline");
    std::fs::write(&notes, "meeting notes").unwrap();
    let refused = call(&window, "open_map", json!({ "path": notes })).unwrap_err();
    assert_eq!(refused["type"], "CannotOpen");
    assert!(refused["data"]["message"].as_str().unwrap().contains("not a Throughline map"));
    assert_eq!(std::fs::read(&notes).unwrap(), b"meeting notes");

    // Malformed JSON: the message names the file and the place; nothing is created beside it.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"{"format": "throughline/1", "name": "Half"#).unwrap();
    let refused = call(&window, "open_map", json!({ "path": broken })).unwrap_err();
    assert_eq!(refused["type"], "CannotOpen");
    let message = refused["data"]["message"].as_str().unwrap();
    assert!(message.contains("broken.json"), "{message}");
    assert_eq!(std::fs::read(&broken).unwrap(), br#"{"format": "throughline/1", "name": "Half"#);
    assert!(!dir.path().join("broken.throughline").exists());

    let copy = dir.path().join("plg.json");
    std::fs::copy(sample("product-led-self-serve.json"), &copy).unwrap();
    call(&window, "open_map", json!({ "path": copy })).expect("opens");
    let bad = json!({ "edit": { "type": "remove_stage", "id": "no-such-stage" } });
    let refused = call(&window, "apply_edit", bad).unwrap_err();
    assert_eq!(
        refused,
        json!({ "type": "InvalidEdit", "data": { "message": "unknown stage \"no-such-stage\"", "at": "" } })
    );
}

#[test]
fn versions_and_the_pdf_report_from_the_app() {
    let (_app, window, data) = app();
    call(&window, "new_map", json!({ "name": "Workshop" })).expect("creates");
    // Nothing to open before anything was exported.
    let nothing = call(&window, "open_export", json!({ "action": "open" })).unwrap_err();
    assert_eq!(nothing["data"]["message"], "nothing has been exported yet");
    let version =
        call(&window, "save_version", json!({ "name": "Empty" })).expect("saves a version");
    call(
        &window,
        "apply_edit",
        json!({ "edit": { "type": "rename_map", "name": "Workshop, day 2" } }),
    )
    .unwrap();
    let diff = call(
        &window,
        "compare_versions",
        json!({ "older": { "kind": "saved", "id": version["id"] }, "newer": { "kind": "current" } }),
    )
    .expect("compares");
    assert_eq!(diff["map_fields"], json!(["name"]));
    let restored =
        call(&window, "restore_version", json!({ "id": version["id"] })).expect("restores");
    assert_eq!(restored["map"]["name"], "Workshop");
    assert_eq!(call(&window, "list_versions", json!({})).unwrap().as_array().unwrap().len(), 2);

    // The shell asks where (here: its save folder) under the map's name; the webview names
    // no path.
    let written =
        call(&window, "export_report", json!({ "paper": "letter", "progress": "__CHANNEL__:7" }))
            .expect("exports");
    let pdf = std::path::PathBuf::from(written.as_str().expect("the path written"));
    assert_eq!(pdf.parent(), Some(data.path().join("saved").as_path()));
    assert_eq!(pdf.file_name().unwrap(), "Workshop.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // Compared with a saved version: the report says what changed since.
    call(&window, "apply_edit", json!({ "edit": { "type": "rename_map", "name": "Day 3" } }))
        .unwrap();
    let since = call(
        &window,
        "export_report",
        json!({ "paper": "a4", "since": version["id"], "progress": "__CHANNEL__:8" }),
    )
    .expect("exports with a comparison");
    let text = std::process::Command::new("pdftotext")
        .args([since.as_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("SINCE EMPTY"), "{text}");
    let unknown = call(
        &window,
        "export_report",
        json!({ "paper": "a4", "since": 999, "progress": "__CHANNEL__:9" }),
    )
    .unwrap_err();
    assert!(unknown["data"]["message"].as_str().unwrap().contains("999"), "{unknown}");
}

#[test]
fn the_start_screen_offers_samples_new_maps_and_recent_ones() {
    let (_app, window, data) = app();
    let start = call(&window, "start_screen", json!({})).unwrap();
    assert_eq!(start["recent"], json!([]));
    assert_eq!(start["problem"], Value::Null);
    let samples = start["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 3);

    // A sample opens as a copy in the maps folder; the bundled sample is not touched.
    let id = samples[0]["id"].as_str().unwrap();
    let opened = call(&window, "open_sample", json!({ "id": id })).expect("opens a sample");
    let sample_path = opened["path"].as_str().unwrap().to_owned();
    assert!(sample_path.starts_with(data.path().join("maps").to_str().unwrap()));
    assert!(!opened["analysis"]["findings"].as_array().unwrap().is_empty());
    let refused = call(&window, "open_sample", json!({ "id": "nope" })).unwrap_err();
    assert_eq!(refused["type"], "CannotOpen");

    // A new map gets a file named after it, and a second one never overwrites the first.
    let first = call(&window, "new_map", json!({ "name": "Q3: EMEA" })).unwrap();
    let second = call(&window, "new_map", json!({ "name": "Q3: EMEA" })).unwrap();
    assert!(first["path"].as_str().unwrap().ends_with("Q3  EMEA.throughline"));
    assert!(second["path"].as_str().unwrap().ends_with("Q3  EMEA 2.throughline"));
    assert_eq!(second["map"]["name"], "Q3: EMEA");

    call(&window, "close_map", json!({})).unwrap();
    assert_eq!(call(&window, "current_map", json!({})), Ok(Value::Null));
    let recent = call(&window, "start_screen", json!({})).unwrap()["recent"].clone();
    let paths: Vec<&str> =
        recent.as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths[2], sample_path, "newest first");
    assert_eq!(paths.len(), 3);
    call(&window, "forget_recent", json!({ "path": sample_path })).unwrap();
    let recent = call(&window, "start_screen", json!({})).unwrap()["recent"].clone();
    assert_eq!(recent.as_array().unwrap().len(), 2);
    assert!(std::path::Path::new(&sample_path).exists(), "forgetting leaves the file alone");
}

#[test]
fn a_file_that_cannot_be_opened_at_launch_is_explained_on_the_start_screen() {
    let data = tempfile::tempdir().unwrap();
    let broken = data.path().join("broken.throughline");
    std::fs::write(&broken, b"SQLite format 3\0 but truncated").unwrap();
    let (_app, window) = launched(&data, Some(broken.clone()), None);
    assert_eq!(call(&window, "current_map", json!({})), Ok(Value::Null));
    let start = call(&window, "start_screen", json!({})).unwrap();
    assert!(start["problem"].as_str().unwrap().contains("broken.throughline"), "{start}");
    assert_eq!(call(&window, "start_screen", json!({})).unwrap()["problem"], Value::Null);
    assert_eq!(std::fs::read(&broken).unwrap(), b"SQLite format 3\0 but truncated");
}

#[test]
fn every_rule_is_explained() {
    let (_app, window, _data) = app();
    let docs = call(&window, "rule_docs", json!({})).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), throughline_core::Rule::ALL.len());
    let owner = docs.iter().find(|d| d["rule"] == "handoff-without-owner").unwrap();
    assert!(!owner["why"].as_str().unwrap().is_empty());
}

#[test]
fn save_as_continues_in_the_copy_and_json_export_round_trips() {
    let (_app, window, data) = app();
    let saved = data.path().join("saved");
    let created = call(&window, "new_map", json!({ "name": "Workshop" })).unwrap();
    let original = std::path::PathBuf::from(created["path"].as_str().unwrap());

    let copy = call(&window, "save_as", json!({})).expect("saves a copy");
    let copy_path = saved.join("Workshop.throughline");
    assert_eq!(copy["path"], copy_path.display().to_string());
    call(&window, "apply_edit", json!({ "edit": { "type": "rename_map", "name": "Day 2" } }))
        .unwrap();
    // Edits after "save as" go to the copy; the original stays as it was.
    assert_eq!(throughline_store::Document::read(&copy_path).unwrap().name, "Day 2");
    assert_eq!(throughline_store::Document::read(&original).unwrap().name, "Workshop");

    let exported = call(&window, "export_json", json!({})).expect("exports");
    assert_eq!(exported, json!(saved.join("Workshop.json").display().to_string()));
    let map =
        throughline_core::json::from_slice(&std::fs::read(saved.join("Workshop.json")).unwrap())
            .expect("the export loads");
    assert_eq!(map.name, "Day 2");

    // A place that cannot be written is a typed error, not a crash.
    let other = tempfile::tempdir().unwrap();
    let (_app, window, _data) = app_saving_to(other, data.path().join("no/such/folder"));
    call(&window, "new_map", json!({ "name": "Elsewhere" })).unwrap();
    let refused = call(&window, "export_json", json!({})).unwrap_err();
    assert_eq!(refused["type"], "Storage");
}

#[test]
fn a_map_open_in_another_window_opens_read_only_and_a_copy_can_be_edited() {
    let dir = tempfile::tempdir().unwrap();
    let json_copy = dir.path().join("shared.json");
    std::fs::copy(sample("product-led-self-serve.json"), &json_copy).unwrap();
    let (_first_app, first, _d1) = app();
    let opened = call(&first, "open_map", json!({ "path": json_copy })).expect("opens");
    assert_eq!(opened["read_only"], Value::Null);
    let path = opened["path"].as_str().unwrap().to_owned();

    // A second window (here: a second app) opens the same file.
    let (_second_app, second, data) = app();
    let shown = call(&second, "open_map", json!({ "path": path })).expect("opens to read");
    let reason = shown["read_only"].as_str().expect("says why it is read-only");
    assert!(reason.contains("Someone is editing this map already"), "{reason}");
    assert!(reason.contains(&format!("process {}", std::process::id())), "{reason}");
    let refused =
        call(&second, "apply_edit", json!({ "edit": { "type": "rename_map", "name": "Second" } }))
            .unwrap_err();
    assert_eq!(refused["type"], "ReadOnly");

    // The first window goes on editing; the second opens a copy and edits that.
    call(&first, "apply_edit", json!({ "edit": { "type": "rename_map", "name": "First" } }))
        .expect("the first window still edits");
    let copy = call(&second, "open_copy", json!({})).expect("opens a copy");
    assert_eq!(copy["read_only"], Value::Null);
    assert!(copy["path"].as_str().unwrap().starts_with(data.path().to_str().unwrap()));
    call(&second, "apply_edit", json!({ "edit": { "type": "rename_map", "name": "Copy" } }))
        .expect("the copy edits");
    assert_eq!(throughline_store::Document::read(&path).unwrap().name, "First");
}

#[test]
fn a_stage_history_is_laid_over_the_map_kept_with_it_and_removed() {
    let (_app, window, _data) = app();
    let opened = call(&window, "open_sample", json!({ "id": "inbound-b2b-saas-hubspot" })).unwrap();
    let path = opened["path"].as_str().unwrap().to_owned();
    // A sample opens with its own stage history laid over it.
    assert_eq!(opened["history"]["log"]["name"], "inbound-b2b-saas-hubspot.history.csv");
    assert_eq!(opened["history"]["flow"]["log"]["cases"], 600);
    let with_sample = rules(opened["analysis"]["findings"].as_array().unwrap());
    assert!(
        with_sample.contains(&r#"undocumented-path ["lead","sal"]"#.to_owned()),
        "{with_sample:?}"
    );
    let cleared = call(&window, "clear_history", json!({})).unwrap();
    assert_eq!(cleared["history"], Value::Null);
    let before = cleared["analysis"]["findings"].as_array().unwrap().len();
    assert_eq!(before + 6, with_sample.len(), "the sample's history has six findings");

    let log = throughline_tests::fixtures().join("flow/inbound-hubspot-history.csv");
    let loaded =
        call(&window, "load_history", json!({ "paths": [log], "progress": "__CHANNEL__:3" }))
            .expect("loads");
    assert_eq!(loaded["history"]["log"]["name"], "inbound-hubspot-history.csv");
    assert_eq!(loaded["history"]["flow"]["log"]["events"], 1607);
    let findings = loaded["analysis"]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), before + 11, "the rules on reality join the map's own");
    assert!(findings.iter().any(|f| f["rule"] == "undocumented-path"));
    // Edits keep the reality findings, settled against the map as it is: a waiver takes one.
    let update = call(
        &window,
        "apply_edit",
        json!({ "edit": { "type": "waive", "index": null, "waiver": {
            "rule": "undocumented-path", "subject": "qualified", "reason": "Hot inbound deals" } } }),
    );
    assert!(update.is_ok(), "{update:?}");
    let now = call(&window, "current_map", json!({})).unwrap();
    assert_eq!(now["analysis"]["findings"].as_array().unwrap().len(), before + 10);

    // Kept with the map: a reopened map has it.
    call(&window, "close_map", json!({})).unwrap();
    let reopened = call(&window, "open_map", json!({ "path": path })).unwrap();
    assert_eq!(reopened["history"]["log"]["name"], "inbound-hubspot-history.csv");
    let cleared = call(&window, "clear_history", json!({})).unwrap();
    assert_eq!(cleared["history"], Value::Null);

    // A log that cannot be read is said, with its line.
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "case,activity,timestamp\nA,lead,soon\n").unwrap();
    let refused = call(
        &window,
        "load_history",
        json!({ "paths": [bad.path()], "progress": "__CHANNEL__:4" }),
    )
    .unwrap_err();
    assert_eq!(refused["type"], "CannotOpen");
    assert!(refused["data"]["message"].as_str().unwrap().contains("line 2"), "{refused}");
}

#[test]
fn a_map_starts_from_the_crm_and_is_held_against_a_newer_export() {
    let (_app, window, data) = app();
    let crm = throughline_tests::in_workspace("assets/samples/crm");
    let made = call(
        &window,
        "new_map_from_crm",
        json!({ "paths": [crm.join("enterprise-salesforce-asc606")] }),
    )
    .expect("a map from a Salesforce project");
    assert_eq!(made["map"]["name"], "Salesforce journey");
    assert!(made["path"].as_str().unwrap().starts_with(data.path().to_str().unwrap()));
    assert_eq!(made["crm"]["config"]["sets"][0]["label"], "Opportunity stages");
    let drift = |snapshot: &Value| {
        rules(snapshot["analysis"]["findings"].as_array().unwrap())
            .into_iter()
            .filter(|r| r.starts_with("crm-"))
            .collect::<Vec<_>>()
    };
    assert!(drift(&made).is_empty(), "no drift against its own configuration");

    // The inbound sample against its HubSpot export: the planted value the map lacks.
    call(&window, "open_sample", json!({ "id": "inbound-b2b-saas-hubspot" })).unwrap();
    let export = crm.join("inbound-b2b-saas-hubspot/deal-pipelines.json");
    let first = call(&window, "attach_crm", json!({ "paths": [export] })).unwrap();
    assert_eq!(first["since"], Value::Null);
    assert_eq!(drift(&first["snapshot"]), ["crm-value-unmapped []"]);
    // A newer export with the value renamed: the app says what changed in the CRM.
    let newer = data.path().join("newer.json");
    let text = std::fs::read_to_string(&export).unwrap().replace("\"Legal review\"", "\"Legal\"");
    std::fs::write(&newer, text).unwrap();
    let second = call(&window, "attach_crm", json!({ "paths": [newer] })).unwrap();
    assert_eq!(second["changes"], json!(["Renamed “Legal review” to “Legal” in Sales Pipeline"]));
    assert!(second["since"].as_str().unwrap().ends_with('Z'));

    // One edit adds the value; one undo takes it away again.
    let added = call(&window, "add_crm_values", json!({})).unwrap();
    assert!(added["findings"].as_array().is_some());
    let now = call(&window, "current_map", json!({})).unwrap();
    assert!(drift(&now).is_empty(), "{:?}", drift(&now));
    call(&window, "undo", json!({})).unwrap();
    let undone = call(&window, "current_map", json!({})).unwrap();
    assert_eq!(drift(&undone), ["crm-value-unmapped []"]);

    let refused =
        call(&window, "attach_crm", json!({ "paths": [data.path().join("none")] })).unwrap_err();
    assert_eq!(refused["type"], "CannotOpen");
    let detached = call(&window, "detach_crm", json!({})).unwrap();
    assert_eq!(detached["crm"], Value::Null);
    assert!(drift(&detached).is_empty());
}

#[test]
fn an_export_never_writes_over_the_open_map() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("maps");
    std::fs::create_dir_all(&folder).unwrap();
    let map = folder.join("journey.throughline");
    let sample = throughline_tests::sample_path("product-led-self-serve");
    let loaded = throughline_core::json::from_str(&std::fs::read_to_string(sample).unwrap());
    drop(throughline_store::Document::create(&map, &loaded.unwrap()).unwrap());
    let before = throughline_store::read_map(&map).unwrap();
    // Saves go beside the map, under its name: a copy "saved as" would be the map itself.
    let (_app, window) = launched(&data, None, Some(folder.clone()));
    call(&window, "open_map", json!({ "path": map })).expect("opens");
    let refused = call(&window, "save_as", json!({})).unwrap_err();
    assert!(refused.to_string().contains("also an input"), "{refused}");
    call(&window, "close_map", json!({})).unwrap();
    assert!(throughline_store::read_map(&map).unwrap() == before, "the map is as it was");
    // Another name beside it is written as before.
    call(&window, "open_map", json!({ "path": map })).expect("opens again");
    let written = call(&window, "export_json", json!({})).expect("exports");
    assert!(written.as_str().unwrap().ends_with("journey.json"));
}
