//! How the window paints on Linux. `WebKitGTK` composites the page with OpenGL; without a GPU
//! that GL is Mesa's software renderer, and compositing through it cost most of every frame:
//! dragging a card on a 1,000-stage map took 65-110 ms a frame composited in software, and
//! 11-23 ms painted directly (scripts/bench-app, 2-core VM under Xvfb). So without a GPU the
//! webview paints directly; with one, it keeps compositing on the GPU.

use std::path::Path;

/// Whether `dri` (normally `/dev/dri`) offers no GPU render node, the device a hardware
/// OpenGL driver draws through.
pub fn lacks_gpu(dri: &Path) -> bool {
    std::fs::read_dir(dri).map_or(true, |entries| {
        !entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Whether the webview should paint directly: there is no GPU, and the user has not chosen
/// with the `WebKit` setting `WEBKIT_DISABLE_COMPOSITING_MODE`.
pub fn paint_directly() -> bool {
    cfg!(target_os = "linux")
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && lacks_gpu(Path::new("/dev/dri"))
}

/// Turns the `WebKit` compositing off for `webview` (as early as its first page load).
#[cfg(target_os = "linux")]
pub fn disable_compositing<R: tauri::Runtime>(webview: &tauri::Webview<R>) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let set = webview.with_webview(|platform| {
        if let Some(settings) = WebViewExt::settings(&platform.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    // Painting is only slower with compositing on; it is not worth failing the window for.
    if let Err(e) = set {
        eprintln!("throughline: could not turn off the webview's compositing: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn disable_compositing<R: tauri::Runtime>(_webview: &tauri::Webview<R>) {}

#[cfg(test)]
mod tests {
    use super::lacks_gpu;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dri = tempfile::tempdir().unwrap();
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(lacks_gpu(dri.path()), "a display card without a render node draws nothing");
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(!lacks_gpu(dri.path()));
    }

    #[test]
    fn no_dri_folder_means_no_gpu() {
        let dri = tempfile::tempdir().unwrap();
        assert!(lacks_gpu(&dri.path().join("dri")));
    }
}
