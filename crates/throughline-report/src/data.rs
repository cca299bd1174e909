//! Everything the template shows, computed from the map and its analysis. The template only
//! lays this out; it makes no decisions of its own.

use std::collections::HashMap;

use serde::Serialize;
use throughline_core::analysis::Analysis;
use throughline_core::analysis::text::{agreed_hours, and_list, criterion};
use throughline_core::compare::Comparison;
use throughline_core::implication::same_definition;
use throughline_core::model::{Criterion, Definition, Map};
use throughline_core::{Rule, Severity};

use throughline_layout::MapPage;

use crate::funnel::{self, Funnel};
use crate::lookup::Lookup;
use crate::summary::{self, Changes, Decision, RuleGroup, TeamFigures};

#[derive(Debug, Serialize)]
pub struct ReportData {
    pub title: String,
    pub description: Option<String>,
    pub date: String,
    pub version: Option<String>,
    pub paper: &'static str,
    pub headline: Headline,
    pub verdict: String,
    /// The whole journey, small, for the first page.
    pub thumbnail: MapPage,
    pub map_pages: Vec<MapPage>,
    /// Findings grouped by rule, errors first.
    pub groups: Vec<RuleGroup>,
    /// The decisions leadership must make, most severe first.
    pub decisions: Vec<Decision>,
    /// How many of them page 1 lists.
    pub decisions_shown: usize,
    /// Each team's ownership and findings, for the charts.
    pub teams: Vec<TeamFigures>,
    /// What changed since an earlier version, when one was given.
    pub changes: Option<Changes>,
    /// How records really moved, when a stage history is kept with the map.
    pub funnel: Option<Funnel>,
    /// Every finding, for the appendix.
    pub findings: Vec<FindingRow>,
    pub critical: Vec<CriticalRow>,
    pub ownership: Vec<OwnershipRow>,
    pub handoffs: Vec<HandoffRow>,
    pub glossary: Vec<TermRow>,
    pub waived: Vec<WaivedRow>,
    /// How many of each list were left out (see [`ReportData::summarise`]).
    pub omitted: Omitted,
}

/// Rows and pages a report leaves out. Nobody reads thousands of pages, and typesetting them
/// took gigabytes: a 20,000-stage map's report needed 7.5-9.3 GB and 80 s.
#[derive(Debug, Default, Serialize)]
pub struct Omitted {
    pub map_pages: usize,
    pub findings: usize,
    pub critical: usize,
    pub ownership: usize,
    pub handoffs: usize,
    pub glossary: usize,
    pub waived: usize,
}

/// The most of each a report prints.
const MAP_PAGES: usize = 12;
const ROWS: usize = 300;
const TERMS: usize = 100;
const THUMBNAIL_CARDS: usize = 400;

/// Keeps the first `most` items and returns how many went.
fn keep<T>(items: &mut Vec<T>, most: usize) -> usize {
    let gone = items.len().saturating_sub(most);
    items.truncate(most);
    gone
}

impl ReportData {
    /// Leaves out what a reader cannot use — beyond a dozen pages of the journey and a few
    /// hundred rows of any table — saying how much, so that any map makes a report in time
    /// and memory that grow with what is printed. Findings come ranked, so the worst stay.
    /// Lists every finding in the order of the grouped rows.
    pub fn order_findings(&mut self) {
        let row: HashMap<&str, usize> =
            self.groups.iter().enumerate().map(|(i, g)| (g.rule, i)).collect();
        self.findings.sort_by_key(|f| row.get(f.rule).copied().unwrap_or(usize::MAX));
    }

    pub fn summarise(&mut self) {
        // A thumbnail of thousands of cards is a grey blur that costs seconds to typeset.
        if self.thumbnail.cards.len() > THUMBNAIL_CARDS {
            self.thumbnail.cards.clear();
            self.thumbnail.arrows.clear();
        }
        self.omitted = Omitted {
            map_pages: keep(&mut self.map_pages, MAP_PAGES),
            findings: keep(&mut self.findings, ROWS),
            critical: keep(&mut self.critical, ROWS),
            ownership: keep(&mut self.ownership, ROWS),
            handoffs: keep(&mut self.handoffs, ROWS),
            glossary: keep(&mut self.glossary, TERMS),
            waived: keep(&mut self.waived, ROWS),
        };
    }
}

#[derive(Debug, Serialize)]
pub struct Headline {
    pub stages: u32,
    pub handoffs: u32,
    pub owned_stages_pct: u32,
    pub owned_handoffs_pct: u32,
    pub terms: u32,
    pub agreed_terms: u32,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub waived: u32,
    pub min_handoffs: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub severity: &'static str,
    pub rule: &'static str,
    pub title: &'static str,
    pub message: String,
    pub fix: String,
    /// The stages, handoffs and terms it concerns, by name.
    pub involves: String,
}

#[derive(Debug, Serialize)]
pub struct CriticalRow {
    pub name: String,
    pub team: String,
    pub owner: Option<String>,
    pub has_criteria: bool,
    pub sla: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OwnershipRow {
    pub stage: String,
    /// Every path to revenue passes through it.
    pub critical: bool,
    pub team: String,
    pub kind: &'static str,
    pub owner: Option<String>,
    pub entry: Vec<String>,
    pub exit: Vec<String>,
    pub sla: Option<String>,
    pub system: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HandoffRow {
    pub from: String,
    pub to: String,
    pub from_team: String,
    pub to_team: String,
    pub owner: Option<String>,
    pub sla: Option<String>,
    pub criteria: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TermRow {
    pub name: String,
    pub owner: Option<String>,
    pub canonical: Option<DefinitionCell>,
    pub definitions: Vec<DefinitionCell>,
    /// The teams disagree (with each other or with the canonical definition).
    pub disagreement: bool,
}

#[derive(Debug, Serialize)]
pub struct DefinitionCell {
    pub team: String,
    pub text: String,
    /// The criteria that make it exact, as `field op value`.
    pub exact: Vec<String>,
    pub differs: bool,
}

#[derive(Debug, Serialize)]
pub struct WaivedRow {
    pub title: &'static str,
    pub message: String,
    pub reason: String,
}

fn people(map: &Lookup<'_>, ids: &[String]) -> Option<String> {
    let names: Vec<&str> = ids.iter().map(|id| map.person_name(id)).collect();
    (!names.is_empty()).then(|| and_list(&names))
}

fn team(map: &Lookup<'_>, id: &str) -> String {
    map.team_name(id).to_owned()
}

fn hours(h: Option<f64>) -> Option<String> {
    h.map(agreed_hours)
}

fn criteria(list: &[Criterion]) -> Vec<String> {
    list.iter().map(criterion).collect()
}

/// A criterion as an expression (`lead.score >= 50`), or its words when it has no field.
fn expression(c: &Criterion) -> String {
    if c.field.is_some() {
        criterion(&Criterion { text: String::new(), ..c.clone() })
    } else {
        criterion(c)
    }
}

fn definition_cell(team: String, text: &str, list: &[Criterion], differs: bool) -> DefinitionCell {
    let exact: Vec<String> = list.iter().map(expression).collect();
    let text = match (text.trim(), exact.is_empty()) {
        ("", true) => "—".to_owned(),
        ("", false) => String::new(),
        (words, _) => words.to_owned(),
    };
    DefinitionCell { team, text, exact, differs }
}

/// The name of whatever an id refers to: a stage, a handoff ("A → B"), a term or a team.
/// One plain sentence for leadership: is the journey sound, and if not, what stands out.
fn verdict(analysis: &Analysis) -> String {
    let count = |rule| analysis.findings.iter().filter(|f| f.rule == rule).count();
    let phrase = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let problems: Vec<String> = [
        phrase(count(Rule::HandoffWithoutOwner), "handoff has no owner", "handoffs have no owner"),
        phrase(count(Rule::StageWithoutOwner), "stage has no owner", "stages have no owner"),
        phrase(
            count(Rule::ConflictingDefinitions),
            "term means different things to different teams",
            "terms mean different things to different teams",
        ),
        phrase(
            count(Rule::DeadEndStage) + count(Rule::TrappedLoop),
            "place where records get stuck",
            "places where records get stuck",
        ),
        phrase(count(Rule::UnreachableStage), "stage nothing leads to", "stages nothing leads to"),
        phrase(
            count(Rule::SharedAccountability),
            "thing with shared owners",
            "things with shared owners",
        ),
    ]
    .into_iter()
    .flatten()
    .take(3)
    .collect();
    let errors = analysis.count(Severity::Error);
    let warnings = analysis.count(Severity::Warning);
    if count(Rule::NoPathToRevenue) > 0 {
        "The journey does not reach revenue yet: the map cannot show how leads become revenue."
            .to_owned()
    } else if errors == 0 && warnings == 0 {
        "The journey is sound: every stage and handoff has one owner, and the teams agree on \
         what their words mean."
            .to_owned()
    } else if errors == 0 {
        format!(
            "The journey holds together; {warnings} smaller {} would make it easier to run and \
             to report on.",
            if warnings == 1 { "improvement" } else { "improvements" }
        )
    } else if problems.is_empty() {
        format!("{errors} problems need a decision before the numbers can be trusted.")
    } else {
        format!(
            "{errors} {} need a decision before the numbers can be trusted: {}.",
            if errors == 1 { "problem" } else { "problems" },
            and_list(&problems)
        )
    }
}

pub struct Inputs<'a> {
    pub map: &'a Map,
    pub analysis: &'a Analysis,
    pub date: String,
    pub version: Option<String>,
    pub paper: &'static str,
    pub thumbnail: MapPage,
    pub map_pages: Vec<MapPage>,
    /// The name of an earlier version and what changed since.
    pub changes: Option<(&'a str, &'a Comparison)>,
    pub history: Option<&'a throughline_history::History>,
}

pub fn build(inputs: Inputs<'_>) -> ReportData {
    let Inputs { map, analysis, date, version, paper, thumbnail, map_pages, changes, history } =
        inputs;
    let ix = Lookup::new(map);
    let s = &analysis.summary;
    let critical: std::collections::HashSet<&str> =
        s.critical_stages.iter().map(String::as_str).collect();
    let pct = |part: u32, whole: u32| (part * 100).checked_div(whole).unwrap_or(100);
    let handoff_rows: Vec<HandoffRow> = map
        .transitions
        .iter()
        .filter_map(|t| {
            let (a, b) = (ix.stage(&t.from)?, ix.stage(&t.to)?);
            (a.team != b.team).then(|| HandoffRow {
                from: a.name.clone(),
                to: b.name.clone(),
                from_team: team(&ix, &a.team),
                to_team: team(&ix, &b.team),
                owner: people(&ix, &t.owners),
                sla: hours(t.sla_hours),
                criteria: criteria(&t.criteria),
            })
        })
        .collect();
    ReportData {
        title: map.name.clone(),
        description: map.description.clone(),
        date,
        version,
        paper,
        headline: Headline {
            stages: s.stages,
            handoffs: s.handoffs,
            owned_stages_pct: pct(s.owned_stages, s.stages),
            owned_handoffs_pct: pct(s.owned_handoffs, s.handoffs),
            terms: s.terms,
            agreed_terms: s.agreed_terms,
            errors: analysis.count(Severity::Error),
            warnings: analysis.count(Severity::Warning),
            infos: analysis.count(Severity::Info),
            waived: s.waived,
            min_handoffs: s.min_handoffs_to_revenue,
        },
        verdict: verdict(analysis),
        thumbnail,
        map_pages,
        groups: summary::rule_groups(analysis, &ix),
        decisions: summary::decisions(analysis, &ix, history),
        decisions_shown: summary::DECISIONS_SHOWN,
        teams: summary::team_figures(map, analysis, &ix),
        changes: changes.map(|(since, c)| summary::changes(since, c, &ix)),
        funnel: history.map(|h| funnel::funnel(map, h, &ix)),
        omitted: Omitted::default(),
        findings: analysis
            .findings
            .iter()
            .map(|f| FindingRow {
                severity: f.severity.label(),
                rule: f.rule.id(),
                title: f.rule.doc().title,
                message: f.message.clone(),
                fix: f.fix.clone(),
                involves: ix.involves(f),
            })
            .collect(),
        critical: s
            .critical_stages
            .iter()
            .filter_map(|id| ix.stage(id))
            .map(|st| CriticalRow {
                name: st.name.clone(),
                team: team(&ix, &st.team),
                owner: people(&ix, &st.owners),
                has_criteria: !st.entry.is_empty() || !st.exit.is_empty(),
                sla: hours(st.sla_hours),
            })
            .collect(),
        ownership: map
            .stages
            .iter()
            .map(|st| OwnershipRow {
                stage: st.name.clone(),
                critical: critical.contains(st.id.as_str()),
                team: team(&ix, &st.team),
                kind: st.kind.label(),
                owner: people(&ix, &st.owners),
                entry: criteria(&st.entry),
                exit: criteria(&st.exit),
                sla: hours(st.sla_hours),
                system: st.system.as_ref().map(|x| {
                    let place = [&x.object, &x.field]
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(".");
                    match &x.value {
                        Some(v) => format!("{} {place} = {v}", x.name),
                        None => format!("{} {place}", x.name).trim().to_owned(),
                    }
                }),
            })
            .collect(),
        handoffs: handoff_rows,
        glossary: map
            .terms
            .iter()
            .map(|term| {
                let defs: Vec<Definition> = term
                    .definitions
                    .iter()
                    .map(throughline_core::model::TeamDefinition::definition)
                    .collect();
                let differs = |d: &Definition| match &term.canonical {
                    Some(c) => !same_definition(d, c),
                    None => defs.iter().any(|o| !same_definition(d, o)),
                };
                let definitions: Vec<DefinitionCell> = term
                    .definitions
                    .iter()
                    .zip(&defs)
                    .map(|(td, d)| {
                        definition_cell(team(&ix, &td.team), &td.text, &td.criteria, differs(d))
                    })
                    .collect();
                TermRow {
                    name: term.name.clone(),
                    owner: people(&ix, &term.owners),
                    canonical: term
                        .canonical
                        .as_ref()
                        .map(|c| definition_cell("Agreed".to_owned(), &c.text, &c.criteria, false)),
                    disagreement: definitions.iter().any(|d| d.differs),
                    definitions,
                }
            })
            .collect(),
        waived: analysis
            .waived
            .iter()
            .map(|w| WaivedRow {
                title: w.finding.rule.doc().title,
                message: w.finding.message.clone(),
                reason: w.reason.clone(),
            })
            .collect(),
    }
}
