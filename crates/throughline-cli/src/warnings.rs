//! What an input holds that a command leaves out, said on standard error as a warning; with
//! `--strict`, a reason to stop (exit status 2, nothing written).

use std::path::Path;
use std::sync::OnceLock;

use crate::Failure;

/// Set once, from the command line, before any input is read: every reader asks it, and
/// passing it down through each command's readers would thread one flag through all of them.
static STRICT: OnceLock<bool> = OnceLock::new();

pub fn set_strict(strict: bool) {
    STRICT.set(strict).ok();
}

/// Prints each of `notes` about `path` as a warning; with `--strict`, fails when there is one.
pub fn warn(path: &Path, notes: &[String]) -> Result<(), Failure> {
    let about = path.display().to_string();
    let notes: Vec<(String, String)> = notes.iter().map(|n| (about.clone(), n.clone())).collect();
    warn_each(&notes)
}

/// Prints each note, as (the file it is about, what it says), as a warning; with `--strict`,
/// fails when there is one.
pub fn warn_each(notes: &[(String, String)]) -> Result<(), Failure> {
    for (file, note) in notes {
        anstream::eprintln!(
            "{}warning:{} {file}: {note}",
            WARNING.render(),
            WARNING.render_reset()
        );
    }
    if STRICT.get().copied().unwrap_or(false)
        && let Some((file, _)) = notes.first()
    {
        return Err(Failure(format!(
            "{file}: {} warning{} and --strict: nothing written",
            notes.len(),
            if notes.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
