//! HubSpot's contact and deal exports: one row per record, with a `Date entered "STAGE
//! (PIPELINE)"` column per stage (when the record entered it) and the ids of the records it is
//! associated with (`Associated Deal IDs` on contacts, `Associated Contact IDs` on deals).
//! Each filled date is a stage change of the row's record; each associated id a link.

use std::io::BufRead;

use crate::event::{Event, Link, LogError};
use crate::time;

/// What a HubSpot export's header says: the record's id column, its kind, each stage's column,
/// and the associations column.
pub(crate) struct Export {
    id: usize,
    kind: &'static str,
    /// (column, stage label) per `Date entered` column.
    entered: Vec<(usize, String)>,
    associated: Option<(usize, &'static str)>,
}

/// The stage a `Date entered "Appointment Scheduled (Sales Pipeline)"` column is about:
/// `Appointment Scheduled`.
fn stage_of(column: &str) -> Option<String> {
    let inner = column.strip_prefix("Date entered \"")?.strip_suffix('"')?;
    let stage = match inner.rfind(" (") {
        Some(at) if inner.ends_with(')') => &inner[..at],
        _ => inner,
    };
    Some(stage.trim().to_owned())
}

impl Export {
    /// The export a header is, if it is one: a `Record ID` and at least one `Date entered`.
    pub(crate) fn of(header: &[String]) -> Option<Export> {
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let id = find("Record ID")?;
        let entered: Vec<(usize, String)> = header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| stage_of(h).map(|stage| (i, stage)))
            .collect();
        if entered.is_empty() {
            return None;
        }
        let deals = find("Deal Stage").or_else(|| find("Deal Name")).is_some();
        let (kind, associated) = if deals {
            ("deal", find("Associated Contact IDs").map(|i| (i, "contact")))
        } else {
            ("contact", find("Associated Deal IDs").map(|i| (i, "deal")))
        };
        Some(Export { id, kind, entered, associated })
    }

    /// The associations column a deals export lacks, if it does: the deals say which contacts
    /// they came from (a contacts export may say it too, or not).
    pub(crate) fn missing_associations(&self) -> Option<&'static str> {
        (self.kind == "deal" && self.associated.is_none()).then_some("Associated Contact IDs")
    }
}

/// Reads the rows of an export whose header was `header`.
pub(crate) fn read(
    reader: &mut csv::Reader<impl BufRead>,
    header: &[String],
    export: &Export,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    each: &mut dyn FnMut(Event<'_>),
    linked: &mut dyn FnMut(Link<'_>),
) -> Result<(), LogError> {
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(fail(line, None, format!("is not readable CSV: {e}")));
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |at: usize| record.get(at).map(str::trim).filter(|v| !v.is_empty());
        let Some(id) = cell(export.id) else {
            return Err(fail(line, Some(&header[export.id]), "is empty".into()));
        };
        for (at, stage) in &export.entered {
            let Some(written) = cell(*at) else { continue };
            let Some(time) = time::parse(written) else {
                return Err(fail(
                    line,
                    Some(&header[*at]),
                    format!(
                        "\"{}\" is not a time (write 2025-03-05T14:22:10Z, 2025-03-05 14:22:10 or 2025-03-05)",
                        throughline_core::excerpt::quoted(written)
                    ),
                ));
            };
            each(Event { case: id, value: stage, time, kind: Some(export.kind) });
        }
        if let Some((at, other)) = export.associated
            && let Some(ids) = cell(at)
        {
            for other_id in ids.split([';', ',']).map(str::trim).filter(|i| !i.is_empty()) {
                linked(Link { a: (export.kind, id), b: (other, other_id) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stage_of;

    #[test]
    fn a_date_entered_column_names_its_stage() {
        assert_eq!(
            stage_of("Date entered \"Appointment Scheduled (Sales Pipeline)\"").as_deref(),
            Some("Appointment Scheduled")
        );
        assert_eq!(
            stage_of("Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\"")
                .as_deref(),
            Some("Marketing Qualified Lead")
        );
        assert_eq!(stage_of("Date entered \"Won\"").as_deref(), Some("Won"));
        assert_eq!(stage_of("Deal Stage"), None);
    }
}
