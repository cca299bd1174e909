//! Proptest strategies for maps and edits, for this crate's tests and those of the crates
//! built on it (feature `arbitrary`). Ids come from small pools so that random edits often
//! meet each other, and are often refused, which is tested too.

#![allow(clippy::missing_panics_doc)]

use proptest::prelude::*;

use crate::edit::{CriteriaSlot, Owned, TeamMembers};
use crate::model::{
    Criterion, Definition, Map, Op, Person, Position, Scalar, Stage, StageKind, SystemOfRecord,
    Team, TeamDefinition, Term, Transition, Value, Waiver,
};
use crate::{Edit, Rule, Severity};

const TEAMS: &[&str] = &["mkt", "sales", "fin", "cs", "ghost-team"];
const PEOPLE: &[&str] = &["p0", "p1", "p2", "p3", "ghost-person"];
const STAGES: &[&str] = &["s0", "s1", "s2", "s3", "s4", "s5", "ghost-stage"];
const FORECAST_CATEGORIES: &[&str] = &["Pipeline", "BestCase", "Commit", "Closed", "Omitted"];
const TRANSITIONS: &[&str] = &["t0", "t1", "t2", "t3", "t4", "t5"];
const TERMS: &[&str] = &["mql", "sql", "ghost-term"];

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(pool).prop_map(str::to_owned)
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => "[A-Z][a-z]{2,8}( [a-z]{2,6})?",
        1 => Just(String::new()),
    ]
}

fn owners() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(pick(PEOPLE), 0..3)
}

fn hours() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![Just(None), (0.0..500.0f64).prop_map(Some), Just(Some(-1.0))]
}

fn scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        (-100i32..100).prop_map(|n| Scalar::Number(f64::from(n))),
        any::<bool>().prop_map(Scalar::Bool),
        "[a-z]{1,6}".prop_map(Scalar::Text),
    ]
}

pub fn criterion() -> impl Strategy<Value = Criterion> {
    let op = prop::sample::select(vec![
        Op::Eq,
        Op::Ne,
        Op::Gt,
        Op::Ge,
        Op::Lt,
        Op::Le,
        Op::In,
        Op::Exists,
    ]);
    prop_oneof![
        "[A-Za-z ]{0,12}".prop_map(Criterion::text),
        (
            "[a-z ]{0,8}",
            prop::sample::select(vec!["lead.score", "deal.amount", "region"]),
            op,
            scalar(),
            prop::collection::vec(scalar(), 0..3)
        )
            .prop_map(|(text, field, op, s, list)| {
                let value = match op {
                    Op::Exists => None,
                    Op::In => Some(Value::List(list)),
                    _ => Some(Value::Scalar(s)),
                };
                Criterion::structured(text, field, op, value)
            }),
    ]
}

fn criteria() -> impl Strategy<Value = Vec<Criterion>> {
    prop::collection::vec(criterion(), 0..3)
}

fn kind() -> impl Strategy<Value = StageKind> {
    prop::sample::select(vec![
        StageKind::Entry,
        StageKind::Stage,
        StageKind::Revenue,
        StageKind::Exit,
    ])
}

fn system() -> impl Strategy<Value = Option<SystemOfRecord>> {
    prop::option::of(
        (
            "[A-Z][a-z]{3,7}",
            prop::option::of("[a-z]{3,6}"),
            prop::option::of("[a-z]{3,6}"),
            prop::option::of("[a-z]{1,4}"),
        )
            .prop_map(|(name, object, field, value)| SystemOfRecord {
                name,
                object,
                field,
                value,
            }),
    )
}

fn position() -> impl Strategy<Value = Option<Position>> {
    prop::option::of(
        (-2000i32..2000, -2000i32..2000)
            .prop_map(|(x, y)| Position { x: f64::from(x), y: f64::from(y) }),
    )
}

pub fn team() -> impl Strategy<Value = Team> {
    (pick(TEAMS), name(), prop::option::of(prop_oneof!["#[0-9a-f]{6}", Just("blue".to_owned())]))
        .prop_map(|(id, name, color)| Team { id, name, color })
}

pub fn person() -> impl Strategy<Value = Person> {
    (pick(PEOPLE), name(), pick(TEAMS), prop::option::of("[A-Z][a-z]{3,8}"))
        .prop_map(|(id, name, team, role)| Person { id, name, team, role })
}

pub fn stage() -> impl Strategy<Value = Stage> {
    (
        (pick(STAGES), name(), pick(TEAMS), kind(), owners(), prop::option::of(pick(TERMS))),
        (criteria(), criteria(), system(), hours(), position()),
        (prop::option::of(0.0f64..=1.0), prop::option::of(pick(FORECAST_CATEGORIES))),
    )
        .prop_map(
            |(
                (id, name, team, kind, owners, term),
                (entry, exit, system, sla_hours, position),
                (probability, forecast_category),
            )| {
                Stage {
                    id,
                    name,
                    team,
                    kind,
                    owners,
                    term,
                    entry,
                    exit,
                    system,
                    sla_hours,
                    probability,
                    forecast_category,
                    position,
                }
            },
        )
}

pub fn transition() -> impl Strategy<Value = Transition> {
    (
        pick(TRANSITIONS),
        pick(STAGES),
        pick(STAGES),
        owners(),
        hours(),
        criteria(),
        prop::option::of(0u32..1000),
    )
        .prop_map(|(id, from, to, owners, sla_hours, criteria, volume)| Transition {
            id,
            from,
            to,
            owners,
            sla_hours,
            criteria,
            volume,
        })
}

fn definition() -> impl Strategy<Value = Definition> {
    ("[A-Za-z ]{0,12}", criteria()).prop_map(|(text, criteria)| Definition { text, criteria })
}

pub fn term() -> impl Strategy<Value = Term> {
    (
        pick(TERMS),
        name(),
        owners(),
        prop::option::of(definition()),
        prop::collection::vec((pick(TEAMS), definition()), 0..3),
    )
        .prop_map(|(id, name, owners, canonical, defs)| Term {
            id,
            name,
            owners,
            canonical,
            definitions: defs
                .into_iter()
                .map(|(team, d)| TeamDefinition { team, text: d.text, criteria: d.criteria })
                .collect(),
        })
}

fn rule() -> impl Strategy<Value = Rule> {
    prop::sample::select(Rule::ALL.to_vec())
}

fn severity() -> impl Strategy<Value = Severity> {
    prop::sample::select(vec![Severity::Error, Severity::Warning, Severity::Info])
}

fn subject() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![pick(STAGES), pick(TRANSITIONS), pick(TERMS), pick(TEAMS)])
}

fn index() -> impl Strategy<Value = Option<u32>> {
    prop::option::of(0u32..6)
}

fn single_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => name().prop_map(|name| Edit::RenameMap { name }),
        1 => prop::option::of("[a-z ]{0,10}").prop_map(|description| Edit::SetDescription { description }),
        1 => (team(), index()).prop_map(|(team, index)| Edit::AddTeam { team, index }),
        1 => team().prop_map(|team| Edit::UpdateTeam { team }),
        1 => (pick(TEAMS), 0u32..5).prop_map(|(id, index)| Edit::MoveTeam { id, index }),
        1 => (pick(TEAMS), prop::option::of(prop_oneof![
            Just(TeamMembers::Delete),
            pick(TEAMS).prop_map(|team| TeamMembers::MoveTo { team }),
        ]))
            .prop_map(|(id, members)| Edit::RemoveTeam { id, members }),
        1 => (person(), index()).prop_map(|(person, index)| Edit::AddPerson { person, index }),
        1 => person().prop_map(|person| Edit::UpdatePerson { person }),
        1 => pick(PEOPLE).prop_map(|id| Edit::RemovePerson { id }),
        3 => (stage(), index()).prop_map(|(stage, index)| Edit::AddStage { stage, index }),
        1 => stage().prop_map(|stage| Edit::UpdateStage { stage }),
        1 => (pick(STAGES), name()).prop_map(|(id, name)| Edit::RenameStage { id, name }),
        1 => (pick(STAGES), position()).prop_map(|(id, position)| Edit::MoveStage { id, position }),
        1 => (pick(STAGES), pick(TEAMS), position())
            .prop_map(|(id, team, position)| Edit::MoveStageToTeam { id, team, position }),
        2 => pick(STAGES).prop_map(|id| Edit::RemoveStage { id }),
        3 => (transition(), index()).prop_map(|(transition, index)| Edit::AddTransition { transition, index }),
        1 => transition().prop_map(|transition| Edit::UpdateTransition { transition }),
        1 => (pick(TRANSITIONS), pick(STAGES), pick(STAGES)).prop_map(|(id, from, to)| Edit::Reconnect { id, from, to }),
        1 => pick(TRANSITIONS).prop_map(|id| Edit::RemoveTransition { id }),
        1 => (term(), index()).prop_map(|(term, index)| Edit::AddTerm { term, index }),
        1 => term().prop_map(|term| Edit::UpdateTerm { term }),
        1 => pick(TERMS).prop_map(|id| Edit::RemoveTerm { id }),
        1 => (pick(TERMS), pick(TEAMS), prop::option::of(definition()))
            .prop_map(|(term, team, definition)| Edit::SetDefinition { term, team, definition }),
        1 => (pick(TERMS), prop::option::of(definition())).prop_map(|(term, canonical)| Edit::SetCanonical { term, canonical }),
        1 => (pick(TERMS), pick(TEAMS)).prop_map(|(term, team)| Edit::AdoptDefinition { term, team }),
        2 => (prop_oneof![
            pick(STAGES).prop_map(Owned::Stage),
            pick(TRANSITIONS).prop_map(Owned::Transition),
            pick(TERMS).prop_map(Owned::Term),
        ], owners())
            .prop_map(|(target, owners)| Edit::SetOwners { target, owners }),
        1 => (prop_oneof![
            pick(STAGES).prop_map(CriteriaSlot::StageEntry),
            pick(STAGES).prop_map(CriteriaSlot::StageExit),
            pick(TRANSITIONS).prop_map(CriteriaSlot::Transition),
        ], criteria())
            .prop_map(|(target, criteria)| Edit::SetCriteria { target, criteria }),
        1 => (rule(), subject(), "[a-z ]{0,10}", index())
            .prop_map(|(rule, subject, reason, index)| Edit::Waive { waiver: Waiver { rule, subject, reason }, index }),
        1 => (rule(), subject()).prop_map(|(rule, subject)| Edit::Unwaive { rule, subject }),
        1 => (rule(), prop::option::of(severity())).prop_map(|(rule, severity)| Edit::SetSeverity { rule, severity }),
    ]
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        8 => single_edit(),
        1 => prop::collection::vec(single_edit(), 0..4).prop_map(|edits| Edit::Batch { edits }),
    ]
}

/// A small map with every kind of entity, to start edit sequences from.
pub fn base_map() -> Map {
    crate::json::from_str(BASE_JSON).expect("the base map loads")
}

/// The JSON text of [`base_map`].
pub const BASE_JSON: &str = include_str!("../../../tests/fixtures/base.json");
