//! The journey map: every concept of the domain as plain data.
//!
//! These types are also the `throughline/1` interchange format (see [`crate::json`]): field
//! names and shapes here are a public contract, so change them only with a new format version.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

use crate::json::fields::{lists, whole};
use crate::rules::{Rule, Severity};

/// The format tag every interchange document starts with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Type)]
pub enum Format {
    #[default]
    #[serde(rename = "throughline/1")]
    V1,
}

/// One end-to-end journey, from first touch to recognised revenue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// Always `throughline/1` for this version of the format.
    pub format: Format,
    pub name: String,
    /// What the journey covers, for readers of the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Teams in lane order, top to bottom.
    #[serde(default)]
    pub teams: Vec<Team>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub transitions: Vec<Transition>,
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Findings accepted on purpose, with the reason.
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    /// This map's own severity for a rule, overriding the rule's default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severities: BTreeMap<Rule, Severity>,
}

/// A function with its own lane on the canvas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// Lane colour as `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Someone who can be accountable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub team: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// What part a stage plays in the journey.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    Type,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum StageKind {
    /// A first touch: where leads come in.
    Entry,
    /// A step along the way.
    Stage,
    /// The goal: revenue is recognised.
    Revenue,
    /// A legitimate end: disqualified, closed lost, churned.
    Exit,
}

impl StageKind {
    /// Entry criteria are expected of every stage a lead can arrive at.
    pub fn expects_entry_criteria(self) -> bool {
        !matches!(self, StageKind::Entry)
    }

    /// Exit criteria are expected of every stage a lead is meant to leave.
    pub fn expects_exit_criteria(self) -> bool {
        matches!(self, StageKind::Entry | StageKind::Stage)
    }

    /// Revenue and exit stages are where a journey may legitimately stop.
    pub fn is_terminal(self) -> bool {
        matches!(self, StageKind::Revenue | StageKind::Exit)
    }

    /// The kind's name, as in JSON and in the file.
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// The five kinds of entity a map holds, each with ids of its own: what an edit changed, what
/// a reference points at, what a waiver can be about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Type,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EntityKind {
    Team,
    Person,
    Stage,
    Transition,
    Term,
}

impl EntityKind {
    pub const ALL: &'static [EntityKind] = <EntityKind as strum::VariantArray>::VARIANTS;

    /// The kind in words, for messages ("unknown stage \"x\"").
    pub fn noun(self) -> &'static str {
        self.into()
    }
}

/// A state a lead, deal or customer is in. Lives in one team's lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub team: String,
    pub kind: StageKind,
    /// Accountable people; exactly one is the healthy number.
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<String>)]
    pub owners: Vec<String>,
    /// The term this stage stands for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// What must be true to enter the stage.
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<Criterion>)]
    pub entry: Vec<Criterion>,
    /// What must be true to leave the stage.
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<Criterion>)]
    pub exit: Vec<Criterion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemOfRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "whole::option")]
    #[specta(type = Option<f64>)]
    pub sla_hours: Option<f64>,
    /// The CRM's win probability for records at this stage, from 0 to 1 (HubSpot's deal
    /// stage probability; Salesforce's stage probability as a share).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub probability: Option<f64>,
    /// Salesforce's forecast category for the stage: `Pipeline`, `BestCase`, `Commit`,
    /// `Closed` or `Omitted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

impl Stage {
    /// A stage with nothing but its identity; every other field empty.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        team: impl Into<String>,
        kind: StageKind,
    ) -> Self {
        Stage {
            id: id.into(),
            name: name.into(),
            team: team.into(),
            kind,
            owners: Vec::new(),
            term: None,
            entry: Vec::new(),
            exit: Vec::new(),
            system: None,
            sla_hours: None,
            probability: None,
            forecast_category: None,
            position: None,
        }
    }
}

/// Where a stage lives in a business system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct SystemOfRecord {
    /// The system, e.g. `HubSpot` or `Salesforce`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A point on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Position {
    #[serde(serialize_with = "whole::number")]
    #[specta(type = f64)]
    pub x: f64,
    #[serde(serialize_with = "whole::number")]
    #[specta(type = f64)]
    pub y: f64,
}

/// An allowed move from one stage to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub id: String,
    pub from: String,
    pub to: String,
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<String>)]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "whole::option")]
    #[specta(type = Option<f64>)]
    pub sla_hours: Option<f64>,
    /// What must be true to take this transition, beyond the sending stage's exit criteria.
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<Criterion>)]
    pub criteria: Vec<Criterion>,
    /// How many records took this transition in a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<u32>,
}

impl Transition {
    /// A transition between two stages; every other field empty.
    pub fn new(id: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Transition {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            owners: Vec::new(),
            sla_hours: None,
            criteria: Vec::new(),
            volume: None,
        }
    }
}

/// An objective condition: free text, optionally structured as `field op value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl Criterion {
    /// A criterion in words only.
    pub fn text(text: impl Into<String>) -> Self {
        Criterion { text: text.into(), field: None, op: None, value: None }
    }

    /// A structured criterion; `text` is what people read.
    pub fn structured(
        text: impl Into<String>,
        field: impl Into<String>,
        op: Op,
        value: Option<Value>,
    ) -> Self {
        Criterion { text: text.into(), field: Some(field.into()), op: Some(op), value }
    }
}

/// A comparison operator of a structured criterion.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    Type,
)]
pub enum Op {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "in")]
    In,
    #[serde(rename = "exists")]
    Exists,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::In => "in",
            Op::Exists => "exists",
        }
    }
}

/// The value a structured criterion compares with: one scalar, or a list for `in`.
// Read by `json::fields::scalars`, not derived.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema, Type)]
#[serde(untagged)]
pub enum Value {
    List(Vec<Scalar>),
    Scalar(Scalar),
}

/// A single value: a number, a yes/no, or text.
// Read by `json::fields::scalars`, not derived.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema, Type)]
#[serde(untagged)]
pub enum Scalar {
    Number(
        #[serde(serialize_with = "whole::number")]
        #[specta(type = f64)]
        f64,
    ),
    Bool(bool),
    Text(String),
}

/// A word the teams use, with each team's own definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub name: String,
    /// Who may settle disputes about the term; exactly one is the healthy number.
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<String>)]
    pub owners: Vec<String>,
    /// The definition the company agreed on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<Definition>,
    /// Each team's own definition; at most one per team.
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<TeamDefinition>)]
    pub definitions: Vec<TeamDefinition>,
}

/// What a term means: words, and optionally the criteria that make it exact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    #[serde(default)]
    pub text: String,
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<Criterion>)]
    pub criteria: Vec<Criterion>,
}

/// One team's definition of a term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct TeamDefinition {
    pub team: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, deserialize_with = "lists::exact")]
    #[specta(type = Vec<Criterion>)]
    pub criteria: Vec<Criterion>,
}

impl TeamDefinition {
    pub fn definition(&self) -> Definition {
        Definition { text: self.text.clone(), criteria: self.criteria.clone() }
    }
}

/// A finding accepted on purpose. It applies to the findings of `rule` that concern `subject`
/// (any of their subject ids), or, without a subject, to the rule's map-wide finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Type)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: Rule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub reason: String,
}

impl Map {
    pub fn new(name: impl Into<String>) -> Self {
        Map { name: name.into(), ..Map::default() }
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn transition(&self, id: &str) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.id == id)
    }

    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// A person's name, or the id itself when nobody has it.
    pub fn person_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| &p.name)
    }

    /// A team's name, or the id itself when no team has it.
    pub fn team_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.team(id).map_or(id, |t| &t.name)
    }

    /// Whether any entity of the map carries this id (waivers may name any of them).
    pub fn has_subject(&self, id: &str) -> bool {
        self.stage(id).is_some()
            || self.transition(id).is_some()
            || self.term(id).is_some()
            || self.team(id).is_some()
            || self.person(id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use super::*;

    /// The names used in messages, the file and the report are serde's names, never a second
    /// spelling.
    #[test]
    fn enum_names_are_serde_names() {
        for &kind in StageKind::VARIANTS {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.label());
            assert_eq!(kind.label().parse::<StageKind>().ok(), Some(kind));
        }
        for &kind in EntityKind::VARIANTS {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.noun());
        }
    }
}
