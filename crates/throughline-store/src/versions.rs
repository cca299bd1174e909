//! Named versions of a map: snapshots kept inside the file, restorable and comparable.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use specta::Type;
use throughline_core::compare::{Comparison, compare};
use throughline_core::{Map, json};

use crate::{Document, Result, StoreError, classify, damaged};

/// A named snapshot of the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Version {
    pub id: u32,
    pub name: String,
    /// When it was taken, as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
}

/// The map as it is now, or a saved version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum VersionRef {
    Current,
    Saved(u32),
}

impl Document {
    /// Saves the current map as a named version.
    pub fn save_version(&mut self, name: &str) -> Result<Version> {
        self.check_still_ours()?;
        let name = name.trim();
        let name = if name.is_empty() { "Unnamed version" } else { name };
        let text = json::to_string(&self.map);
        let history: Option<String> = self
            .conn
            .query_row("SELECT history_json FROM history WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        let digest = crate::digest::of_texts(&text, history.as_deref());
        let version = self
            .conn
            .query_row(
                "INSERT INTO versions (name, created_at, map_json, history_json, sha256)
                 VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4)
                 RETURNING id, name, created_at",
                params![name, text, history, digest],
                |r| Ok(Version { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)? }),
            )
            .map_err(|e| classify(&self.path, e))?;
        // A version is a moment worth keeping small: the document's rows become one.
        if let Some(replica) = &self.replica {
            let fold = || -> rusqlite::Result<()> {
                let tx = self.conn.unchecked_transaction()?;
                crate::shared::fold(&tx, replica)?;
                tx.commit()
            };
            fold().map_err(|e| classify(&self.path, e))?;
        }
        Ok(version)
    }

    /// Every saved version, oldest first.
    pub fn versions(&self) -> Result<Vec<Version>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, created_at FROM versions ORDER BY id")
            .map_err(|e| classify(&self.path, e))?;
        let versions = statement
            .query_map([], |r| {
                Ok(Version { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)? })
            })
            .and_then(Iterator::collect)
            .map_err(|e| classify(&self.path, e))?;
        Ok(versions)
    }

    /// The map as it was in a version.
    pub fn version_map(&self, version: VersionRef) -> Result<Map> {
        let VersionRef::Saved(id) = version else {
            return Ok(self.map.clone());
        };
        let row: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT map_json, history_json, sha256 FROM versions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        let (text, history, digest) = row.ok_or(StoreError::UnknownVersion(id))?;
        // Versions saved before digests have none to check.
        if digest.is_some_and(|d| d != crate::digest::of_texts(&text, history.as_deref())) {
            return Err(damaged(
                &self.path,
                format!(
                    "version {id}'s contents are not what Throughline saved: the file was damaged, or changed by another program"
                ),
            ));
        }
        json::from_str(&text).map_err(|e| damaged(&self.path, format!("version {id}: {e}")))
    }

    /// Makes a saved version the current map, with the stage history it kept. The map as it
    /// was is saved first as a version of its own, so a restore never loses work; that
    /// version is returned.
    pub fn restore(&mut self, id: u32) -> Result<Version> {
        let map = self.version_map(VersionRef::Saved(id))?;
        let history = self.version_history(id)?;
        let name =
            self.versions()?.into_iter().find(|v| v.id == id).map(|v| v.name).unwrap_or_default();
        let before = self.save_version(&format!("Before restoring “{name}”"))?;
        self.replace(map)?;
        self.set_history(history.as_ref())?;
        Ok(before)
    }

    /// What changed from `older` to `newer`.
    pub fn compare(&self, older: VersionRef, newer: VersionRef) -> Result<Comparison> {
        Ok(compare(&self.version_map(older)?, &self.version_map(newer)?))
    }
}
