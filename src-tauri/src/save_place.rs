//! Where a file the user asked to save goes. The shell asks the user itself, with the native
//! save dialog, so the webview never hands it a path to write (and needs no permission to
//! open that dialog). Tests and scripts start the app with `--save-to DIR` instead, which
//! saves into that folder under the suggested name without asking.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tauri::Runtime;
use tauri_plugin_dialog::DialogExt;

/// What to ask for: the dialog's title, the name it suggests, where it opens, the format.
#[derive(Debug, Clone)]
pub struct SaveRequest {
    pub title: &'static str,
    pub file_name: String,
    pub directory: Option<PathBuf>,
    pub extension: &'static str,
}

impl SaveRequest {
    /// Saving something made from the map at `map`: the same name with `extension`, beside it.
    pub fn beside(map: &Path, title: &'static str, extension: &'static str) -> SaveRequest {
        let stem = map.file_stem().map_or_else(|| "map".into(), |s| s.to_string_lossy());
        SaveRequest {
            title,
            file_name: format!("{stem}.{extension}"),
            directory: map.parent().map(Path::to_path_buf),
            extension,
        }
    }
}

type Ask = dyn Fn(SaveRequest) -> Option<PathBuf> + Send + Sync;

/// Answers save requests: `None` when the user cancels.
#[derive(Clone)]
pub struct SavePlace(Arc<Ask>);

impl std::fmt::Debug for SavePlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SavePlace")
    }
}

impl SavePlace {
    /// The native save dialog. Blocks until the user answers: call it off the main thread.
    pub fn native<R: Runtime>(app: tauri::AppHandle<R>) -> SavePlace {
        SavePlace(Arc::new(move |request: SaveRequest| {
            let mut dialog = app
                .dialog()
                .file()
                .set_title(request.title)
                .set_file_name(&request.file_name)
                .add_filter(request.extension.to_uppercase(), &[request.extension]);
            if let Some(directory) = &request.directory {
                dialog = dialog.set_directory(directory);
            }
            dialog.blocking_save_file().and_then(|p| p.into_path().ok())
        }))
    }

    /// Every file into `folder`, under the name the dialog would have suggested.
    pub fn folder(folder: PathBuf) -> SavePlace {
        SavePlace(Arc::new(move |request: SaveRequest| Some(folder.join(&request.file_name))))
    }

    /// Asks where, on a worker thread (a dialog must not block the main thread).
    pub async fn ask(&self, request: SaveRequest) -> Option<PathBuf> {
        let ask = Arc::clone(&self.0);
        tauri::async_runtime::spawn_blocking(move || ask(request)).await.ok().flatten()
    }
}
