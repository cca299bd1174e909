//! The Throughline desktop app: a thin Tauri shell. Commands lock the state, call the core
//! and the store, and map errors; the UI gets typed bindings generated from them.

mod commands;
mod crm;
mod drop;
mod error;
mod export;
mod history;
mod library;
mod patch;
mod personal_undo;
mod rendering;
mod save_place;
mod session;
mod share;
mod sharing;

use std::path::{Path, PathBuf};

use tauri::{Emitter, Manager, Runtime};

use crate::library::Library;

pub use commands::AppState;
pub use error::AppError;
pub use session::{Session, Snapshot, Update};

/// Every command, for the invoke handler and the TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            commands::open_map,
            drop::sort_dropped,
            commands::current_map,
            commands::apply_edit,
            commands::arrangement,
            commands::keeping_arranged,
            commands::undo,
            commands::redo,
            commands::save_as,
            export::export_json,
            export::export_as,
            export::export_report,
            export::open_export,
            history::load_history,
            history::clear_history,
            crm::new_map_from_crm,
            crm::attach_crm,
            crm::detach_crm,
            crm::add_crm_values,
            commands::save_version,
            commands::list_versions,
            commands::restore_version,
            commands::compare_versions,
            commands::start_screen,
            commands::new_map,
            commands::open_sample,
            commands::open_copy,
            commands::close_map,
            commands::forget_recent,
            commands::rule_docs,
            share::share_map,
            share::join_map,
            share::sync_state,
            share::share_presence,
            share::stop_sharing,
            share::merge_copy,
        ])
        // Facts the canvas shares with the report, stated once in the core.
        .constant("CANVAS_STYLE", throughline_core::style::CANVAS_STYLE)
}

/// How the app starts: a map to open at once (the file it was started with) and the folder
/// for its own data (the platform's app data folder when `None`).
#[derive(Debug, Default, Clone)]
pub struct Launch {
    pub open: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    /// Saves and exports go into this folder without asking (tests and scripts); the native
    /// save dialog asks otherwise.
    pub save_to: Option<PathBuf>,
    /// One running app per data folder: a map opened from the file manager while the app runs
    /// goes to the running app. Off with `--data-dir`, which tests and scripts use to run
    /// apps side by side.
    pub single_instance: bool,
}

impl Launch {
    /// From the command line and the environment: `[--data-dir DIR] [--save-to DIR] [MAP]`. The map is
    /// opened at once; the data folder (or `THROUGHLINE_DATA_DIR`) moves the app's data, as
    /// tests and scripts do with a temporary one.
    pub fn from_env() -> Self {
        let mut launch = Launch::from_args(std::env::args_os().skip(1));
        launch.single_instance = launch.data_dir.is_none();
        if launch.data_dir.is_none() {
            launch.data_dir = std::env::var_os("THROUGHLINE_DATA_DIR").map(PathBuf::from);
        }
        launch
    }

    /// From the arguments after the program's name.
    pub fn from_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Self {
        let mut launch = Launch::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--data-dir" {
                launch.data_dir = args.next().map(PathBuf::from);
            } else if arg == "--save-to" {
                launch.save_to = args.next().map(PathBuf::from);
            } else if launch.open.is_none() {
                launch.open = Some(PathBuf::from(arg));
            }
        }
        launch
    }
}

/// The whole app's wiring: state, commands, events, the dialog plugin and how the webview
/// paints. The desktop app and the tests (with a mock runtime) run exactly this.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>, launch: Launch) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    let Launch { open, data_dir, save_to, single_instance } = launch;
    let instance = single_instance.then(|| instance_id(data_dir.as_deref()));
    let start = move |library: Library| {
        let state = AppState::new(library);
        if let Some(folder) = save_to {
            state.set_save_place(save_place::SavePlace::folder(folder));
        }
        if let Some(path) = &open {
            state.open_at_launch(path);
        }
        state
    };
    // With a data folder given, the state is ready before any window exists; otherwise the
    // platform's folders are only known once the app is set up.
    let (builder, start) = match data_dir {
        Some(dir) => (builder.manage(start(Library::new(dir.clone(), dir.join("maps")))), None),
        None => (builder, Some(start)),
    };
    let paint_directly = rendering::paint_directly();
    let builder = match instance {
        Some(id) => builder.plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(id)
                .callback(|app, args, cwd| open_in_running_app(app, args, &cwd))
                .build(),
        ),
        None => builder,
    };
    builder
        .plugin(tauri_plugin_dialog::init())
        .on_page_load(move |webview, _| {
            if paint_directly {
                rendering::disable_compositing(webview);
            }
        })
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            if let Some(start) = start {
                let data = app.path().app_data_dir()?;
                let maps = app
                    .path()
                    .document_dir()
                    .map_or_else(|_| data.join("maps"), |docs| docs.join("Throughline"));
                app.manage(start(Library::new(data, maps)));
            }
            // Unless the app was told where to save, the native dialog asks.
            app.state::<AppState>()
                .set_save_place(save_place::SavePlace::native(app.handle().clone()));
            app.state::<AppState>().set_connector(sharing::connector(app.handle().clone()));
            Ok(())
        })
}

/// The event that asks the window to open a map (its path), as if it were dropped on it.
pub const OPEN_MAP_EVENT: &str = "open-map";

/// A second start of the app (a map double-clicked in the file manager while the app runs)
/// hands its arguments to the running app: the window opens the map through its own queue, so
/// the open map's edits, all saved already, are never lost, and is brought to the front.
fn open_in_running_app<R: Runtime>(app: &tauri::AppHandle<R>, args: Vec<String>, cwd: &str) {
    let launch = Launch::from_args(args.into_iter().skip(1).map(std::ffi::OsString::from));
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if let Some(map) = launch.open {
        let text = map.to_string_lossy();
        // A link or a URI is passed on as it is; a relative path is the second start's.
        let target = if text.contains("://") {
            text.into_owned()
        } else {
            Path::new(cwd).join(map).display().to_string()
        };
        let _ = app.emit(OPEN_MAP_EVENT, target);
    }
}

/// The D-Bus name that makes one running app per data folder: the app's own, or one of its
/// own for another folder (`THROUGHLINE_DATA_DIR`), so a test's app never talks to the user's.
fn instance_id(data_dir: Option<&Path>) -> String {
    use std::hash::{Hash, Hasher};
    let base = "app.throughline.desktop";
    match data_dir {
        None => base.to_owned(),
        Some(dir) => {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            dir.hash(&mut hasher);
            format!("{base}.data{:016x}", hasher.finish())
        }
    }
}

/// Runs the desktop app, opening the map given as its first argument (from a file manager
/// or a script), if any.
pub fn run() {
    app_builder(tauri::Builder::default(), Launch::from_env())
        .run(tauri::generate_context!())
        .expect("the Throughline window could not start");
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn launch_arguments_give_the_map_and_the_data_folder() {
        let launch = super::Launch::from_args(
            ["--data-dir", "/tmp/data", "map.throughline"].map(std::ffi::OsString::from),
        );
        assert_eq!(launch.data_dir, Some(PathBuf::from("/tmp/data")));
        assert_eq!(launch.open, Some(PathBuf::from("map.throughline")));
        let plain = super::Launch::from_args(["a.json"].map(std::ffi::OsString::from));
        assert_eq!((plain.open, plain.data_dir), (Some(PathBuf::from("a.json")), None));
        let saving =
            super::Launch::from_args(["--save-to", "/tmp/out"].map(std::ffi::OsString::from));
        assert_eq!((saving.save_to, saving.open), (Some(PathBuf::from("/tmp/out")), None));
    }

    /// One running app per data folder, under the app's own identifier.
    #[test]
    fn instances_are_named_by_the_app_and_its_data_folder() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(super::instance_id(None), config["identifier"].as_str().unwrap());
        let a = super::instance_id(Some(std::path::Path::new("/tmp/a")));
        assert!(a.starts_with("app.throughline.desktop.data"), "{a}");
        assert_ne!(a, super::instance_id(Some(std::path::Path::new("/tmp/b"))));
        let flagged = super::Launch::from_args(["--data-dir", "/tmp/d"].map(Into::into));
        assert!(!flagged.single_instance, "tests run apps side by side with --data-dir");
    }

    /// `ui/src/bindings.ts` is generated from the commands; this regenerates it and fails when
    /// the committed file was stale.
    #[test]
    fn typescript_bindings_are_up_to_date() {
        let path = throughline_tests::in_workspace("ui/src/bindings.ts");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        super::specta_builder::<tauri::Wry>()
            .export(
                specta_typescript::Typescript::default()
                    .header("// Generated by src-tauri's bindings test. Do not edit.\n"),
                &path,
            )
            .expect("the bindings export");
        let fresh = std::fs::read_to_string(&path).expect("the bindings were written");
        assert!(fresh.contains("openMap"), "the bindings list the commands");
        assert!(
            committed == fresh,
            "ui/src/bindings.ts was stale and has been regenerated; commit it"
        );
    }
}
