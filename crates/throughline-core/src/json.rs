//! The `throughline/1` JSON interchange format: one document per map.
//!
//! Loading either returns a whole, valid map or an error that names the JSON path and the
//! reason; it never panics and never returns half a map.

pub(crate) mod fields;
mod safe;
mod split;

pub use safe::{HtmlSafe, html_safe};

use crate::excerpt::{excerpt, quoted, visible};
use crate::model::Map;
use crate::validate::{self, Invalid};

/// The format version this build reads and writes.
pub const FORMAT: &str = "throughline/1";

/// Why a JSON document could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Malformed { line: usize, column: usize, message: String },
    #[error("the JSON ends too early (truncated at line {line}, column {column})")]
    Truncated { line: usize, column: usize },
    #[error("not a Throughline map: {reason}")]
    NotAMap { reason: String },
    #[error(
        "the map is in format \"{found}\", which this version of Throughline cannot read \
         (it reads \"{FORMAT}\"); it was probably written by a newer version"
    )]
    UnsupportedVersion { found: String },
    #[error("at {path}: {message}")]
    Shape { path: String, message: String },
    #[error("at {path}: {invalid}")]
    Invalid { path: String, invalid: Invalid },
}

impl LoadError {
    /// The JSON path of the problem, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            LoadError::Shape { path, .. } | LoadError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// How much of the parser's own words a message keeps (they can quote a whole value).
const MESSAGE: usize = 300;

/// Reads a map from its JSON text (a UTF-8 byte-order mark, as some Windows tools write,
/// is skipped).
pub fn from_str(text: &str) -> Result<Map, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() >= split::FROM_BYTES
        && let Some(map) = split::read(split::Source::Text(text))
    {
        return checked(map);
    }
    read_on_one_thread(text)
}

/// Reads a map from JSON bytes (which must be UTF-8). A large map's two halves are each
/// checked as UTF-8 by the thread that reads them.
pub fn from_slice(bytes: &[u8]) -> Result<Map, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() >= split::FROM_BYTES
        && let Some(map) = split::read(split::Source::Bytes(bytes))
    {
        return checked(map);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::Malformed {
        line: bytes[..e.valid_up_to()].split(|b| *b == b'\n').count(),
        column: 0,
        message: "the file is not UTF-8 text".to_owned(),
    })?;
    read_on_one_thread(text)
}

/// The plain parse, whose failure is explained: tracking the JSON path costs an allocation
/// per key, which on a large map is most of the parse, so only a failed read is parsed again
/// with it.
fn read_on_one_thread(text: &str) -> Result<Map, LoadError> {
    match serde_json::from_str(text) {
        Ok(map) => checked(map),
        Err(_) => Err(explain_failure(text)),
    }
}

/// The map, if it keeps every invariant.
fn checked(map: Map) -> Result<Map, LoadError> {
    validate::check_map(&map).map_err(|p| LoadError::Invalid {
        path: if p.path.is_empty() { "$".to_owned() } else { p.path },
        invalid: p.invalid,
    })?;
    Ok(map)
}

/// Why `text` does not read as a map: broken JSON, text after the map, or a field with the
/// wrong shape at a JSON path.
fn explain_failure(text: &str) -> LoadError {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    if let Err(error) = serde_path_to_error::deserialize::<_, Map>(&mut deserializer) {
        return diagnose(text, &error);
    }
    match deserializer.end() {
        Err(e) => LoadError::Malformed {
            line: e.line(),
            column: e.column(),
            message: "unexpected text after the end of the map".to_owned(),
        },
        // Unreachable unless the two parsers disagree; say so rather than pretend it read.
        Ok(()) => LoadError::NotAMap { reason: "it could not be read as a map".to_owned() },
    }
}

/// Writes a map as pretty-printed JSON (safe to paste into HTML and JavaScript: see
/// [`html_safe`]).
pub fn to_string(map: &Map) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut text = html_safe(serde_json::to_string_pretty(map).unwrap_or_default());
    text.push('\n');
    text
}

/// Explains a failed typed read: is it broken JSON, not a map, a newer format, or a field
/// with the wrong shape?
fn diagnose(text: &str, typed: &serde_path_to_error::Error<serde_json::Error>) -> LoadError {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) if e.is_eof() => {
            return LoadError::Truncated { line: e.line(), column: e.column() };
        }
        Err(e) => {
            return LoadError::Malformed {
                line: e.line(),
                column: e.column(),
                message: short(&strip_position(&e.to_string())),
            };
        }
    };
    let Some(object) = value.as_object() else {
        return LoadError::NotAMap {
            reason: format!("the document is {}, not an object", describe(&value)),
        };
    };
    match object.get("format") {
        None => {
            return LoadError::NotAMap {
                reason: format!("it has no \"format\" field (expected \"{FORMAT}\")"),
            };
        }
        Some(serde_json::Value::String(found)) if found.starts_with("throughline/") => {
            if found != FORMAT {
                return LoadError::UnsupportedVersion { found: quoted(found) };
            }
        }
        Some(other) => {
            return LoadError::NotAMap {
                reason: format!(
                    "its \"format\" is {}, not \"{FORMAT}\"",
                    quoted(&other.to_string())
                ),
            };
        }
    }
    let path = typed.path().to_string();
    LoadError::Shape {
        path: if path == "." { "$".to_owned() } else { quoted(&path) },
        message: short(&strip_position(&typed.inner().to_string())),
    }
}

fn describe(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// `serde_json` appends " at line L column C"; the path already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The parser's words, cut short and with control characters shown.
fn short(message: &str) -> String {
    visible(&excerpt(message, MESSAGE)).into_owned()
}
