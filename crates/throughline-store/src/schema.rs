//! The schema of a .throughline file, as an append-only list of migrations.
//!
//! A released migration is never edited: a change to the schema is a new migration at the
//! end, with a fixture of the previous schema under `tests/fixtures/` that a test upgrades.
//! `PRAGMA user_version` is the schema version; PRAGMAs for the connection (WAL, foreign
//! keys) are set when a file is opened, never here.

use rusqlite_migration::{M, Migrations};

/// Marks a SQLite file as a Throughline map ("THLN").
pub const APPLICATION_ID: i32 = 0x5448_4C4E;

const V1: &str = r"
PRAGMA application_id = 1414024270;

CREATE TABLE map (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    description TEXT
) STRICT;

CREATE TABLE teams (
    id    TEXT PRIMARY KEY,
    ord   INTEGER NOT NULL,
    name  TEXT NOT NULL,
    color TEXT
) STRICT;

CREATE TABLE people (
    id      TEXT PRIMARY KEY,
    ord     INTEGER NOT NULL,
    name    TEXT NOT NULL,
    team_id TEXT NOT NULL REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    role    TEXT
) STRICT;

CREATE TABLE terms (
    id   TEXT PRIMARY KEY,
    ord  INTEGER NOT NULL,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE stages (
    id            TEXT PRIMARY KEY,
    ord           INTEGER NOT NULL,
    name          TEXT NOT NULL,
    team_id       TEXT NOT NULL REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    kind          TEXT NOT NULL CHECK (kind IN ('entry', 'stage', 'revenue', 'exit')),
    term_id       TEXT REFERENCES terms (id) DEFERRABLE INITIALLY DEFERRED,
    sla_hours     REAL,
    x             REAL,
    y             REAL,
    system_name   TEXT,
    system_object TEXT,
    system_field  TEXT,
    system_value  TEXT
) STRICT;

CREATE TABLE transitions (
    id        TEXT PRIMARY KEY,
    ord       INTEGER NOT NULL,
    from_id   TEXT NOT NULL REFERENCES stages (id) DEFERRABLE INITIALLY DEFERRED,
    to_id     TEXT NOT NULL REFERENCES stages (id) DEFERRABLE INITIALLY DEFERRED,
    sla_hours REAL,
    volume    INTEGER,
    CHECK (from_id <> to_id)
) STRICT;

CREATE TABLE stage_owners (
    stage_id  TEXT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (stage_id, ord)
) STRICT;

CREATE TABLE transition_owners (
    transition_id TEXT NOT NULL REFERENCES transitions (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    person_id     TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (transition_id, ord)
) STRICT;

CREATE TABLE term_owners (
    term_id   TEXT NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (term_id, ord)
) STRICT;

-- A criterion: free text, optionally `field op value`; value is JSON (a scalar or a list).
CREATE TABLE stage_criteria (
    stage_id TEXT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    slot     TEXT NOT NULL CHECK (slot IN ('entry', 'exit')),
    ord      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    field    TEXT,
    op       TEXT,
    value    TEXT,
    PRIMARY KEY (stage_id, slot, ord)
) STRICT;

CREATE TABLE transition_criteria (
    transition_id TEXT NOT NULL REFERENCES transitions (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    field         TEXT,
    op            TEXT,
    value         TEXT,
    PRIMARY KEY (transition_id, ord)
) STRICT;

-- A term's definitions: the canonical one has no team.
CREATE TABLE definitions (
    id      INTEGER PRIMARY KEY,
    term_id TEXT NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    team_id TEXT REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    ord     INTEGER NOT NULL,
    text    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX definitions_one_per_team ON definitions (term_id, coalesce(team_id, ''));

CREATE TABLE definition_criteria (
    definition_id INTEGER NOT NULL REFERENCES definitions (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    field         TEXT,
    op            TEXT,
    value         TEXT,
    PRIMARY KEY (definition_id, ord)
) STRICT;

CREATE TABLE waivers (
    ord     INTEGER PRIMARY KEY,
    rule    TEXT NOT NULL,
    subject TEXT,
    reason  TEXT NOT NULL
) STRICT;

CREATE TABLE severities (
    rule     TEXT PRIMARY KEY,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info'))
) STRICT;

-- Named versions: the whole map in the throughline/1 JSON format, which is stable.
CREATE TABLE versions (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    map_json   TEXT NOT NULL
) STRICT;

CREATE INDEX stages_by_ord ON stages (ord);
CREATE INDEX transitions_by_ord ON transitions (ord);
CREATE INDEX people_by_team ON people (team_id);
CREATE INDEX stages_by_team ON stages (team_id);
CREATE INDEX stages_by_term ON stages (term_id);
CREATE INDEX transitions_by_from ON transitions (from_id);
CREATE INDEX transitions_by_to ON transitions (to_id);
CREATE INDEX stage_owners_by_person ON stage_owners (person_id);
CREATE INDEX transition_owners_by_person ON transition_owners (person_id);
CREATE INDEX term_owners_by_person ON term_owners (person_id);
CREATE INDEX definitions_by_team ON definitions (team_id);
";

/// The CRM's stage history laid over the map: which log (name, size, SHA-256) and what it
/// says (`throughline-history`'s `History` as JSON), never the log itself. One at a time; a
/// named version keeps the history it had.
const V2: &str = r"
CREATE TABLE history (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    history_json TEXT NOT NULL
) STRICT;
ALTER TABLE versions ADD COLUMN history_json TEXT;
";

/// What the app last wrote, as a SHA-256 digest (see `digest`): the map and its stage
/// history, and each saved version. Files from before get theirs when first opened to edit.
const V3: &str = r"
CREATE TABLE digest (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    sha256 TEXT NOT NULL
) STRICT;
ALTER TABLE versions ADD COLUMN sha256 TEXT;
";

/// A stage's CRM win probability and forecast category (imported from the CRM's
/// configuration), and the CRM configuration held against the map: the values it has, which
/// files said so and when (`throughline-crm`'s `CrmConfig` as JSON), never the files.
const V4: &str = r"
ALTER TABLE stages ADD COLUMN probability REAL;
ALTER TABLE stages ADD COLUMN forecast_category TEXT;
CREATE TABLE crm (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    config_json TEXT NOT NULL,
    attached_at TEXT NOT NULL
) STRICT;
";

/// The map as a replicated document (`throughline-replica`): each transaction's update, in
/// the order written, appended in the same transaction as the tables it changed. The tables
/// stay the map as the last writer showed it; these rows are what merges and sync need.
/// Files from before get theirs when first opened to edit. `sharing` holds the link the map
/// is shared under (with its token) once it is shared, so that it joins again when opened.
const V5: &str = r"
CREATE TABLE shared_updates (
    seq       INTEGER PRIMARY KEY,
    update_v1 BLOB NOT NULL
) STRICT;
CREATE TABLE sharing (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    link TEXT NOT NULL
) STRICT;
";

const MIGRATION_LIST: &[M<'static>] =
    &[M::up(V1).foreign_key_check(), M::up(V2), M::up(V3), M::up(V4), M::up(V5)];

/// Every schema version, oldest first. Append only.
pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_LIST);

/// The schema version this build writes.
#[allow(clippy::cast_possible_wrap)] // a handful of migrations
pub const LATEST: i32 = MIGRATION_LIST.len() as i32;

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::MIGRATIONS.validate().expect("valid migrations");
    }

    #[test]
    fn application_id_matches_the_migration() {
        assert!(super::V1.contains(&format!("application_id = {};", super::APPLICATION_ID)));
    }
}
