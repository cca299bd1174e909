//! What words and records mean: conflicting-definitions, definition-drift,
//! definition-without-owner and duplicate-system-mapping.

use rustc_hash::FxHashMap;

use super::text::{and_list, possessive, quoted_criteria};
use super::{Context, Finding};
use crate::implication::{same_definition_parts, same_set};
use crate::model::{Stage, Term};
use crate::rules::Rule;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut bound: FxHashMap<&str, Vec<&Stage>> = FxHashMap::default();
    for stage in &cx.map.stages {
        if let Some(term) = &stage.term {
            bound.entry(term).or_default().push(stage);
        }
    }
    for term in &cx.map.terms {
        conflicting(cx, term, out);
        drift(cx, term, bound.get(&term.id[..]).map_or(&[][..], Vec::as_slice), out);
        if term.owners.is_empty() {
            out.push(Finding::at_default(
                Rule::DefinitionWithoutOwner,
                vec![term.id.clone()],
                format!(
                    "Nobody owns the definition of “{}”, so nobody has the right to settle \
                     disputes about it.",
                    term.name
                ),
                format!("Name the one person who decides what “{}” means.", term.name),
            ));
        }
    }
    duplicate_mappings(cx, out);
}

fn conflicting(cx: &Context<'_>, term: &Term, out: &mut Vec<Finding>) {
    if term.canonical.is_some() || term.definitions.len() < 2 {
        return;
    }
    // Definitions are few per term: count the distinct ones pairwise.
    let defs = &term.definitions;
    let distinct = (0..defs.len())
        .filter(|&i| {
            !defs[..i].iter().any(|e| {
                same_definition_parts(&e.text, &e.criteria, &defs[i].text, &defs[i].criteria)
            })
        })
        .count();
    if distinct < 2 {
        return;
    }
    let teams: Vec<&str> = term.definitions.iter().map(|d| cx.team_name(&d.team)).collect();
    out.push(Finding::at_default(
        Rule::ConflictingDefinitions,
        vec![term.id.clone()],
        format!(
            "{} define “{}” in {} different ways, and there is no agreed definition.",
            and_list(&teams),
            term.name,
            distinct
        ),
        format!(
            "Agree on one canonical definition of “{}”, with objective criteria, by adopting one \
             team's definition or writing a new one, and have its owner publish it.",
            term.name
        ),
    ));
}

fn drift(cx: &Context<'_>, term: &Term, stages: &[&Stage], out: &mut Vec<Finding>) {
    let Some(canonical) = &term.canonical else {
        return;
    };
    for d in &term.definitions {
        if !same_definition_parts(&d.text, &d.criteria, &canonical.text, &canonical.criteria) {
            let team_name = cx.team_name(&d.team);
            out.push(Finding::at_default(
                Rule::DefinitionDrift,
                vec![term.id.clone(), d.team.clone()],
                format!(
                    "{} definition of “{}” differs from the agreed definition.",
                    possessive(team_name),
                    term.name
                ),
                format!(
                    "Bring {} definition of “{}” in line with the agreed one, or change the agreed \
                     definition on purpose.",
                    possessive(team_name),
                    term.name
                ),
            ));
        }
    }
    if canonical.criteria.is_empty() {
        return;
    }
    for stage in stages {
        if !same_set(&stage.entry, &canonical.criteria) {
            out.push(Finding::at_default(
                Rule::DefinitionDrift,
                vec![term.id.clone(), stage.id.clone()],
                format!(
                    "The entry criteria of {} differ from the agreed definition of “{}”.",
                    cx.stage_label(stage),
                    term.name
                ),
                format!(
                    "Make the entry criteria of {} exactly the agreed ones: {}.",
                    stage.name,
                    quoted_criteria(&canonical.criteria)
                ),
            ));
        }
    }
}

/// Stages that share a system, object, field and value. Names of systems, objects and fields
/// compare without regard to case (CRMs treat them so); values compare exactly.
fn duplicate_mappings(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut names = CaseFolded::default();
    let mut groups: Vec<Vec<&Stage>> = Vec::new();
    let mut group_of: FxHashMap<(usize, usize, usize, &str), usize> = FxHashMap::default();
    for stage in &cx.map.stages {
        let Some(system) = &stage.system else {
            continue;
        };
        let (Some(field), Some(value)) = (&system.field, &system.value) else {
            continue;
        };
        let object = system.object.as_deref().unwrap_or("");
        let key = (names.id(&system.name), names.id(object), names.id(field), value.trim());
        let next = groups.len();
        let group = *group_of.entry(key).or_insert(next);
        if group == next {
            groups.push(Vec::new());
        }
        groups[group].push(stage);
    }
    for group in groups.into_iter().filter(|g| g.len() > 1) {
        let system = group[0].system.as_ref().expect("grouped stages have a system");
        let names: Vec<String> = group.iter().map(|s| cx.stage_label(s).to_string()).collect();
        let place = match &system.object {
            Some(object) => format!("{object}.{}", system.field.as_deref().unwrap_or("")),
            None => system.field.clone().unwrap_or_default(),
        };
        let value = system.value.as_deref().unwrap_or("");
        out.push(Finding::at_default(
            Rule::DuplicateSystemMapping,
            group.iter().map(|s| s.id.clone()).collect(),
            format!(
                "{} {} map to {} {place} = {value}, so reports cannot tell them apart.",
                and_list(&names),
                if names.len() == 2 { "both" } else { "all" },
                system.name
            ),
            format!(
                "Give each of these stages its own value in {}, or merge them into one stage.",
                system.name
            ),
        ));
    }
}

/// Numbers names so that names differing only in case (or surrounding space) share one.
/// Systems, objects and fields are few, so each distinct spelling is folded once.
#[derive(Default)]
struct CaseFolded<'s> {
    by_spelling: FxHashMap<&'s str, usize>,
    by_folded: FxHashMap<String, usize>,
}

impl<'s> CaseFolded<'s> {
    fn id(&mut self, name: &'s str) -> usize {
        if let Some(&id) = self.by_spelling.get(name) {
            return id;
        }
        let next = self.by_folded.len();
        let id = *self.by_folded.entry(name.trim().to_lowercase()).or_insert(next);
        self.by_spelling.insert(name, id);
        id
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::*;
    use crate::model::Criterion;
    use crate::model::{Definition, Op, Scalar, SystemOfRecord, TeamDefinition, Value};
    use crate::rules::Rule;

    fn score(n: f64) -> Criterion {
        Criterion::structured("", "lead.score", Op::Ge, Some(Value::Scalar(Scalar::Number(n))))
    }

    fn def(team: &str, text: &str, criteria: Vec<Criterion>) -> TeamDefinition {
        TeamDefinition { team: team.into(), text: text.into(), criteria }
    }

    #[test]
    fn conflicting_definitions_fire_when_teams_disagree_without_a_canonical_one() {
        let mut map = two_team_map();
        map.terms[0].definitions = vec![
            def("mkt", "Score of 50", vec![score(50.0)]),
            def("sdr", "Score of 70", vec![score(70.0)]),
        ];
        let found = fired(&map, Rule::ConflictingDefinitions);
        assert_eq!(subjects(&found), vec![vec!["mql-term"]]);
        assert_eq!(
            found[0].message,
            "Marketing and Sales development define “MQL” in 2 different ways, and there is no \
             agreed definition."
        );
    }

    #[test]
    fn conflicting_definitions_stay_quiet_when_teams_agree_or_a_canonical_exists() {
        let mut map = two_team_map();
        // Same criteria, different words: the same definition.
        map.terms[0].definitions = vec![
            def("mkt", "Score of 50", vec![score(50.0)]),
            def("sdr", "At least fifty points", vec![score(50.0)]),
        ];
        assert!(fired(&map, Rule::ConflictingDefinitions).is_empty());
        // Same words, normalised.
        map.terms[0].definitions =
            vec![def("mkt", "Demo booked.", vec![]), def("sdr", "demo  BOOKED", vec![])];
        assert!(fired(&map, Rule::ConflictingDefinitions).is_empty());
        map.terms[0].definitions =
            vec![def("mkt", "Demo booked", vec![]), def("sdr", "Demo held", vec![])];
        assert_eq!(fired(&map, Rule::ConflictingDefinitions).len(), 1);
        map.terms[0].canonical = Some(Definition { text: "Demo held".into(), criteria: vec![] });
        assert!(fired(&map, Rule::ConflictingDefinitions).is_empty());
    }

    #[test]
    fn definition_drift_names_the_team_that_differs_from_the_canonical_definition() {
        let mut map = two_team_map();
        map.terms[0].canonical =
            Some(Definition { text: "Score 50+".into(), criteria: vec![score(50.0)] });
        map.terms[0].definitions = vec![
            def("mkt", "Fifty or more", vec![score(50.0)]),
            def("sdr", "Seventy or more", vec![score(70.0)]),
        ];
        stage_mut(&mut map, "mql").entry = vec![score(50.0)];
        let found = fired(&map, Rule::DefinitionDrift);
        assert_eq!(subjects(&found), vec![vec!["mql-term", "sdr"]]);
        assert!(found[0].message.starts_with("Sales development's definition of “MQL”"));
        map.teams[1].name = "Sales".into();
        assert!(fired(&map, Rule::DefinitionDrift)[0].message.starts_with("Sales' definition"));
    }

    #[test]
    fn definition_drift_judges_bound_stages_only_when_the_canonical_definition_has_criteria() {
        let mut map = two_team_map();
        map.terms[0].canonical =
            Some(Definition { text: "Score 50+".into(), criteria: vec![score(50.0)] });
        stage_mut(&mut map, "mql").entry = vec![score(40.0)];
        let found = fired(&map, Rule::DefinitionDrift);
        assert_eq!(subjects(&found), vec![vec!["mql-term", "mql"]]);
        assert!(found[0].fix.contains("“lead.score >= 50”"));

        stage_mut(&mut map, "mql").entry = vec![score(50.0)];
        assert!(fired(&map, Rule::DefinitionDrift).is_empty());

        map.terms[0].canonical = Some(Definition { text: "Score 50+".into(), criteria: vec![] });
        stage_mut(&mut map, "mql").entry = vec![score(10.0)];
        assert!(fired(&map, Rule::DefinitionDrift).is_empty());
    }

    #[test]
    fn definition_without_owner_fires_only_for_unowned_terms() {
        let mut map = two_team_map();
        assert!(fired(&map, Rule::DefinitionWithoutOwner).is_empty());
        map.terms[0].owners.clear();
        let found = fired(&map, Rule::DefinitionWithoutOwner);
        assert_eq!(subjects(&found), vec![vec!["mql-term"]]);
        assert!(found[0].message.contains("“MQL”"));
    }

    fn hubspot(value: &str) -> SystemOfRecord {
        SystemOfRecord {
            name: "HubSpot".into(),
            object: Some("contact".into()),
            field: Some("lifecyclestage".into()),
            value: Some(value.into()),
        }
    }

    #[test]
    fn duplicate_system_mapping_lists_every_stage_of_a_shared_value_once() {
        let mut map = two_team_map();
        stage_mut(&mut map, "lead").system = Some(hubspot("lead"));
        stage_mut(&mut map, "mql").system = Some(hubspot("salesqualifiedlead"));
        stage_mut(&mut map, "sal").system = Some(hubspot("salesqualifiedlead"));
        let mut won = Some(hubspot("salesqualifiedlead"));
        won.as_mut().unwrap().name = "hubspot".into();
        stage_mut(&mut map, "won").system = won;
        let found = fired(&map, Rule::DuplicateSystemMapping);
        assert_eq!(subjects(&found), vec![vec!["mql", "sal", "won"]]);
        assert!(found[0].message.contains("HubSpot contact.lifecyclestage = salesqualifiedlead"));
    }

    #[test]
    fn duplicate_system_mapping_stays_quiet_for_distinct_or_incomplete_mappings() {
        let mut map = two_team_map();
        stage_mut(&mut map, "mql").system = Some(hubspot("marketingqualifiedlead"));
        stage_mut(&mut map, "sal").system = Some(hubspot("salesqualifiedlead"));
        let bare = Some(SystemOfRecord {
            name: "Spreadsheet".into(),
            object: None,
            field: None,
            value: None,
        });
        stage_mut(&mut map, "lead").system = bare.clone();
        stage_mut(&mut map, "won").system = bare;
        assert!(fired(&map, Rule::DuplicateSystemMapping).is_empty());
    }
}
