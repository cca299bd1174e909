//! The stage history kept with the map (see `throughline-flow`): one at a time, replaced when
//! another log is loaded; named versions keep the one they had.

use rusqlite::{OptionalExtension, params};
use throughline_flow::History;

use crate::{Document, Result, classify, damaged};

impl Document {
    /// The stage history laid over the map, if one was loaded.
    pub fn history(&self) -> Result<Option<History>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT history_json FROM history WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| damaged(&self.path, format!("stage history: {e}")))
        })
        .transpose()
    }

    /// Keeps `history` with the map, replacing the one before; `None` removes it.
    pub fn set_history(&mut self, history: Option<&History>) -> Result<()> {
        self.check_still_ours()?;
        let text = history
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| damaged(&self.path, format!("stage history: {e}")))?;
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| classify(&path, e))?;
        match text {
            Some(text) => tx.execute(
                "INSERT INTO history (id, history_json) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET history_json = excluded.history_json",
                params![text],
            ),
            None => tx.execute("DELETE FROM history", []),
        }
        .and_then(|_| crate::digest::write(&tx, &self.map))
        .and_then(|()| tx.commit())
        .map_err(|e| classify(&path, e))
    }

    /// The stage history a saved version kept (none for versions saved without one).
    pub fn version_history(&self, id: u32) -> Result<Option<History>> {
        let text: Option<Option<String>> = self
            .conn
            .query_row("SELECT history_json FROM versions WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        text.flatten()
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|e| damaged(&self.path, format!("version {id}'s stage history: {e}")))
            })
            .transpose()
    }
}
