//! The CRM configuration held against the map (see `throughline-crm`): one at a time,
//! replaced when a newer export is attached; the values, which files said so and when,
//! never the files.

use rusqlite::{OptionalExtension, params};
use throughline_crm::attach::Attached;

use crate::{Document, Result, classify, damaged};

impl Document {
    /// The CRM configuration attached to the map, if any.
    pub fn crm(&self) -> Result<Option<Attached>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT config_json, attached_at FROM crm WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        row.map(|(json, attached_at)| {
            serde_json::from_str(&json)
                .map(|config| Attached { config, attached_at })
                .map_err(|e| damaged(&self.path, format!("CRM configuration: {e}")))
        })
        .transpose()
    }

    /// Keeps `config` with the map as attached now, replacing the one before; `None`
    /// removes it. Returns what is kept.
    pub fn set_crm(
        &mut self,
        config: Option<&throughline_crm::CrmConfig>,
    ) -> Result<Option<Attached>> {
        self.check_still_ours()?;
        let text = config
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| damaged(&self.path, format!("CRM configuration: {e}")))?;
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| classify(&path, e))?;
        match text {
            Some(text) => tx.execute(
                "INSERT INTO crm (id, config_json, attached_at)
                 VALUES (1, ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT (id) DO UPDATE SET config_json = excluded.config_json,
                                                attached_at = excluded.attached_at",
                params![text],
            ),
            None => tx.execute("DELETE FROM crm", []),
        }
        .and_then(|_| crate::digest::write(&tx, &self.map))
        .and_then(|()| tx.commit())
        .map_err(|e| classify(&path, e))?;
        self.crm()
    }
}
