//! What is kept with the map besides it, one of each kind at a time: the stage history laid
//! over it and the CRM configuration held against it. Each lives as JSON in a one-row table,
//! replaced whole in one transaction (with the digest that tells the file is still ours).

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Document, Result, classify, damaged};

/// Where one kind of attachment is kept, and what it is called in messages.
#[derive(Debug)]
pub(crate) struct Kind {
    pub table: &'static str,
    pub column: &'static str,
    /// Whether the row says when it was attached (`attached_at`).
    pub stamped: bool,
    pub what: &'static str,
}

impl Document {
    /// The attachment of `kind`, if one is kept, with when it was attached (for a stamped
    /// kind).
    pub(crate) fn attachment<T: DeserializeOwned>(
        &self,
        kind: &Kind,
    ) -> Result<Option<(T, Option<String>)>> {
        let stamp = if kind.stamped { "attached_at" } else { "NULL" };
        let sql = format!("SELECT {}, {stamp} FROM {} WHERE id = 1", kind.column, kind.table);
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        row.map(|(json, attached_at)| {
            serde_json::from_str(&json)
                .map(|value| (value, attached_at))
                .map_err(|e| damaged(&self.path, format!("{}: {e}", kind.what)))
        })
        .transpose()
    }

    /// Keeps `value` as the attachment of `kind`, replacing the one before; `None` removes it.
    pub(crate) fn set_attachment<T: Serialize>(
        &mut self,
        kind: &Kind,
        value: Option<&T>,
    ) -> Result<()> {
        self.check_still_ours()?;
        let text = value
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| damaged(&self.path, format!("{}: {e}", kind.what)))?;
        let Kind { table, column, .. } = kind;
        let (stamp_column, stamp_value, stamp_update) = if kind.stamped {
            (
                ", attached_at",
                ", strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                ", attached_at = excluded.attached_at",
            )
        } else {
            ("", "", "")
        };
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| classify(&path, e))?;
        match text {
            Some(text) => tx.execute(
                &format!(
                    "INSERT INTO {table} (id, {column}{stamp_column}) VALUES (1, ?1{stamp_value})
                     ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}{stamp_update}"
                ),
                params![text],
            ),
            None => tx.execute(&format!("DELETE FROM {table}"), []),
        }
        .and_then(|_| crate::digest::write(&tx, &self.map))
        .and_then(|()| tx.commit())
        .map_err(|e| classify(&path, e))
    }
}
