//! Where the shared test fixtures are: the sample maps, the store's schema fixtures and the
//! UI's small journey. Paths are found when the tests run, not when they were compiled: the
//! shared build cache may hold test binaries compiled in another checkout.

use std::path::{Path, PathBuf};

/// The workspace's root folder: the nearest folder above the running crate that holds the
/// lock file.
pub fn workspace_root() -> PathBuf {
    let crate_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    crate_dir
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(&crate_dir)
        .to_path_buf()
}

/// A file under the workspace root, by its relative path.
pub fn in_workspace(relative: impl AsRef<Path>) -> PathBuf {
    workspace_root().join(relative)
}

/// A bundled sample map (`assets/samples/NAME`, `.json` added when missing).
pub fn sample_path(name: &str) -> PathBuf {
    in_workspace("assets/samples").join(name).with_extension("json")
}

/// A bundled sample map's JSON text.
pub fn sample_text(name: &str) -> String {
    let path = sample_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shared fixtures folder, `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    in_workspace("tests/fixtures")
}
