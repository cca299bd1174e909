//! Salesforce field histories record changes, not values: a record's first value shows only as
//! the `OldValue` of its first change, held since the record was created (its `created` row).
//! A record created with its stage already set (no change since) has no row at all, so that is
//! a gap no reader can fill.

use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Default)]
pub(crate) struct FirstValues {
    /// When each record not yet changed was created.
    created: FxHashMap<String, i64>,
    changed: FxHashSet<String>,
}

impl FirstValues {
    /// Whether a history row's `Field` is the record's creation.
    pub(crate) fn is_creation(field: &str) -> bool {
        field.eq_ignore_ascii_case("created")
    }

    pub(crate) fn created(&mut self, record: &str, at: i64) {
        if !self.changed.contains(record) {
            self.created.insert(record.to_owned(), at);
        }
    }

    /// On a record's first change, when it entered the value it left: at its creation when
    /// the log has it, else at the change (how long it was there is unknown).
    pub(crate) fn entered_before_first_change(
        &mut self,
        record: &str,
        changed_at: i64,
    ) -> Option<i64> {
        if !self.changed.insert(record.to_owned()) {
            return None;
        }
        Some(self.created.remove(record).unwrap_or(changed_at).min(changed_at))
    }
}
