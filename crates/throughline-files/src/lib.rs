//! Files from outside, handled with care, in one place for every reader and writer: an input
//! is read only when it is a regular file within the limit stated for its kind (checked
//! before the first byte is read, so a named pipe never blocks and a device never streams
//! forever), and an output never replaces one of its inputs or something that is not a
//! regular file. A streamed input is read a bounded run at a time (`runs`).

mod input;
mod output;
pub mod runs;

pub use input::{InputRefused, Limit, check_path, open, read_text};
pub use output::{OutputRefused, check_output};

/// What the kinds of input Throughline reads may weigh, stated in errors and in the docs.
pub mod limits {
    use super::Limit;

    /// Stage histories are read streamed; the limit keeps a run to a bounded time.
    pub const STAGE_HISTORY: Limit = Limit { what: "stage histories", bytes: 2 << 30 };
    /// BPMN models are read whole.
    pub const BPMN: Limit = Limit { what: "BPMN models", bytes: 256 << 20 };
    /// A CRM's exports (HubSpot JSON, Salesforce metadata) are read whole, file by file.
    pub const CRM_EXPORT: Limit = Limit { what: "CRM configuration files", bytes: 64 << 20 };
    /// JSON maps are read whole (a 20,000-stage map is about 20 MB).
    pub const JSON_MAP: Limit = Limit { what: "JSON maps", bytes: 256 << 20 };
    /// Map documents (`.throughline`) are opened through SQLite, which reads pages as needed.
    pub const DOCUMENT: Limit = Limit { what: "map documents", bytes: 4 << 30 };
}
