//! The stage history kept with the map (see `throughline-history`): one at a time, replaced when
//! another log is loaded; named versions keep the one they had.

use rusqlite::OptionalExtension;
use throughline_history::History;

use crate::attachment::Kind;
use crate::{Document, Result, classify, damaged};

const HISTORY: Kind =
    Kind { table: "history", column: "history_json", stamped: false, what: "stage history" };

impl Document {
    /// The stage history laid over the map, if one was loaded.
    pub fn history(&self) -> Result<Option<History>> {
        Ok(self.attachment(&HISTORY)?.map(|(history, _)| history))
    }

    /// Keeps `history` with the map, replacing the one before; `None` removes it.
    pub fn set_history(&mut self, history: Option<&History>) -> Result<()> {
        self.set_attachment(&HISTORY, history)
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
