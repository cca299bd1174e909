//! What the start screen offers: recently opened maps, the bundled samples, and a folder for
//! new maps. Everything lives under one data folder (`THROUGHLINE_DATA_DIR` when set, so
//! tests and scripts can point the app at a temporary one).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

/// How many maps the start screen remembers.
const RECENT_LIMIT: usize = 12;

/// A sample shipped with the app: a JSON map in the interchange format and the stage
/// history it opens with.
struct Bundled {
    id: &'static str,
    json: &'static str,
    history: &'static [u8],
}

macro_rules! bundled {
    ($id:literal) => {
        Bundled {
            id: $id,
            json: include_str!(concat!("../../assets/samples/", $id, ".json")),
            history: include_bytes!(concat!("../../assets/samples/", $id, ".history.csv")),
        }
    };
}

const SAMPLES: [Bundled; 3] = [
    bundled!("inbound-b2b-saas-hubspot"),
    bundled!("enterprise-salesforce-asc606"),
    bundled!("product-led-self-serve"),
];

/// A map opened before.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct RecentMap {
    pub path: String,
    pub name: String,
    /// Whether the file is still there (moved or deleted files stay listed, greyed out).
    #[serde(default)]
    pub exists: bool,
}

/// A sample map the start screen offers.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Sample {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// Where the app keeps its list of recent maps and the maps it creates itself.
#[derive(Debug, Clone)]
pub struct Library {
    data: PathBuf,
    maps: PathBuf,
}

impl Library {
    /// `data` holds the recent list; `maps` is where new maps and sample copies go.
    pub fn new(data: PathBuf, maps: PathBuf) -> Self {
        Library { data, maps }
    }

    /// The folder for new maps and copies of samples, created on first use.
    pub fn maps_dir(&self) -> std::io::Result<&Path> {
        std::fs::create_dir_all(&self.maps)?;
        Ok(&self.maps)
    }

    fn recent_file(&self) -> PathBuf {
        self.data.join("recent.json")
    }

    /// Recently opened maps, newest first. An unreadable list is treated as empty: it only
    /// saves the user a trip through the file dialog.
    pub fn recent(&self) -> Vec<RecentMap> {
        let mut recent: Vec<RecentMap> = std::fs::read(self.recent_file())
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        for entry in &mut recent {
            entry.exists = Path::new(&entry.path).is_file();
        }
        recent
    }

    /// Puts a map at the top of the recent list.
    pub fn remember(&self, path: &str, name: &str) -> std::io::Result<()> {
        let mut recent = self.recent();
        recent.retain(|r| r.path != path);
        recent.insert(0, RecentMap { path: path.to_owned(), name: name.to_owned(), exists: true });
        recent.truncate(RECENT_LIMIT);
        self.save(&recent)
    }

    /// Drops a map from the recent list (the user asked, or it is gone).
    pub fn forget(&self, path: &str) -> std::io::Result<()> {
        let mut recent = self.recent();
        recent.retain(|r| r.path != path);
        self.save(&recent)
    }

    /// The name this person goes by on shared maps: the one they gave last, else their
    /// login name.
    pub fn my_name(&self) -> String {
        std::fs::read_to_string(self.data.join("name.txt"))
            .ok()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .or_else(|| std::env::var("USER").ok().filter(|n| !n.trim().is_empty()))
            .unwrap_or_else(|| "Me".to_owned())
    }

    pub fn set_my_name(&self, name: &str) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.data)?;
        std::fs::write(self.data.join("name.txt"), name.trim())
    }

    fn save(&self, recent: &[RecentMap]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.data)?;
        let json = serde_json::to_vec_pretty(recent).map_err(std::io::Error::other)?;
        // Written aside and renamed, so a crash never leaves half a list.
        let staging = self.data.join("recent.json.new");
        std::fs::write(&staging, json)?;
        std::fs::rename(staging, self.recent_file())
    }
}

/// The bundled samples with their names and descriptions.
pub fn samples() -> Vec<Sample> {
    SAMPLES
        .iter()
        .filter_map(|sample| {
            let map = throughline_core::json::from_str(sample.json).ok()?;
            Some(Sample {
                id: sample.id.to_owned(),
                name: map.name,
                description: map.description.unwrap_or_default(),
            })
        })
        .collect()
}

/// A sample's JSON text.
pub fn sample_json(id: &str) -> Option<&'static str> {
    SAMPLES.iter().find(|s| s.id == id).map(|s| s.json)
}

/// A sample's stage history, as a log to read (named as the file beside the sample).
pub fn sample_history(id: &str) -> Option<(String, &'static [u8])> {
    SAMPLES.iter().find(|s| s.id == id).map(|s| (format!("{id}.history.csv"), s.history))
}

/// `wanted`, or `wanted 2.ext`, `wanted 3.ext`… when taken: never overwrite a user's file.
pub fn free_path(wanted: &Path) -> PathBuf {
    let stem = wanted.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = wanted.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    (1..10_000)
        .map(|n| {
            if n == 1 {
                wanted.to_path_buf()
            } else {
                wanted.with_file_name(format!("{stem} {n}.{ext}"))
            }
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| wanted.to_path_buf())
}

/// A file name made from a map name: no separators or characters file systems refuse.
pub fn file_name_for(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() { "Untitled map".to_owned() } else { trimmed.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recent_list_keeps_newest_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path().to_path_buf(), dir.path().join("maps"));
        let a = dir.path().join("a.throughline");
        std::fs::write(&a, "").unwrap();
        library.remember(&a.display().to_string(), "A").unwrap();
        library.remember("/gone/b.throughline", "B").unwrap();
        library.remember(&a.display().to_string(), "A renamed").unwrap();
        let recent = library.recent();
        assert_eq!(
            recent.iter().map(|r| (r.name.as_str(), r.exists)).collect::<Vec<_>>(),
            [("A renamed", true), ("B", false)]
        );
        library.forget("/gone/b.throughline").unwrap();
        assert_eq!(library.recent().len(), 1);
    }

    #[test]
    fn a_damaged_recent_list_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("recent.json"), "{not json").unwrap();
        let library = Library::new(dir.path().to_path_buf(), dir.path().join("maps"));
        assert!(library.recent().is_empty());
        library.remember("/x.throughline", "X").unwrap();
        assert_eq!(library.recent().len(), 1);
    }

    #[test]
    fn every_sample_loads() {
        let samples = samples();
        assert_eq!(samples.len(), SAMPLES.len());
        assert!(samples.iter().all(|s| !s.name.is_empty() && !s.description.is_empty()));
    }

    #[test]
    fn file_names_never_escape_the_folder() {
        assert_eq!(file_name_for("Q3 / EMEA: plan"), "Q3   EMEA  plan");
        assert_eq!(file_name_for("../.."), "Untitled map");
        assert_eq!(file_name_for("  "), "Untitled map");
    }
}
