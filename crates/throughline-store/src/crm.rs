//! The CRM configuration held against the map (see `throughline-crm`): one at a time,
//! replaced when a newer export is attached; the values, which files said so and when,
//! never the files.

use throughline_crm::CrmConfig;
use throughline_crm::attach::Attached;

use crate::attachment::Kind;
use crate::{Document, Result};

const CRM: Kind =
    Kind { table: "crm", column: "config_json", stamped: true, what: "CRM configuration" };

impl Document {
    /// The CRM configuration attached to the map, if any.
    pub fn crm(&self) -> Result<Option<Attached>> {
        Ok(self.attachment::<CrmConfig>(&CRM)?.map(|(config, attached_at)| Attached {
            config,
            attached_at: attached_at.unwrap_or_default(),
        }))
    }

    /// Keeps `config` with the map as attached now, replacing the one before; `None`
    /// removes it. Returns what is kept.
    pub fn set_crm(&mut self, config: Option<&CrmConfig>) -> Result<Option<Attached>> {
        self.set_attachment(&CRM, config)?;
        self.crm()
    }
}
