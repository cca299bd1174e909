//! What every reader of a log gives: stage changes one at a time, or an error that says
//! where the log is wrong.

use std::fmt;

/// One stage change: the record (case), the value it moved to, and when (seconds since the
/// Unix epoch); with the record's kind (`lead`, `deal`…) when the log says it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub case: &'a str,
    pub value: &'a str,
    pub time: i64,
    pub kind: Option<&'a str>,
}

/// Two records of different kinds that belong together (a contact and its deal, a lead and the
/// opportunity it converted into), each as (kind, id).
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub a: (&'a str, &'a str),
    pub b: (&'a str, &'a str),
}

/// Why a log cannot be read: the file, the line (1-based; 0 for the file as a whole), the
/// column when one is to blame, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        // A column's name comes from the file's header: quoted like any of its values.
        if let Some(column) = &self.column {
            write!(f, ", column \"{}\"", throughline_core::excerpt::quoted(column))?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LogError {}
