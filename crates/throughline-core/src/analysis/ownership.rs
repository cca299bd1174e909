//! Who answers for what: handoff-without-owner, stage-without-owner, shared-accountability
//! and handoff-without-sla.

use super::text::and_list;
use super::{Context, Finding};
use crate::rules::Rule;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let map = cx.map;
    for (s, stage) in map.stages.iter().enumerate() {
        match stage.owners.len() {
            0 => out.push(Finding::at_default(
                Rule::StageWithoutOwner,
                vec![stage.id.clone()],
                format!("Nobody is accountable for the stage {}.", cx.label(s)),
                format!(
                    "Name the one person in {} who owns {}: its definition, its criteria and its \
                     data.",
                    cx.stage_team(s),
                    stage.name
                ),
            )),
            1 => {}
            n => {
                let what = format!("The stage {}", cx.label(s));
                out.push(shared(cx, &stage.id, &what, n, &stage.owners));
            }
        }
    }

    for (i, t) in map.transitions.iter().enumerate() {
        let Some((a, b)) = cx.end_indices(i).filter(|_| cx.is_handoff(i)) else {
            continue;
        };
        let (from, to) = (&map.stages[a], &map.stages[b]);
        let route = format!("{} to {}", cx.label(a), cx.label(b));
        let receiving = cx.stage_team(b);
        match t.owners.len() {
            0 => out.push(Finding::at_default(
                Rule::HandoffWithoutOwner,
                vec![t.id.clone()],
                format!("Nobody owns the handoff from {route}."),
                format!(
                    "Name one person accountable for records moving from {} to {}, usually in \
                     {receiving}, who answers when they wait too long.",
                    from.name, to.name
                ),
            )),
            1 => {}
            n => {
                let what = format!("The handoff from {route}");
                out.push(shared(cx, &t.id, &what, n, &t.owners));
            }
        }
        if t.sla_hours.is_none() {
            out.push(Finding::at_default(
                Rule::HandoffWithoutSla,
                vec![t.id.clone()],
                format!(
                    "The handoff from {route} has no SLA, so a record can wait there indefinitely."
                ),
                format!(
                    "Agree how many hours {receiving} has to act on records handed over from {}.",
                    from.name
                ),
            ));
        }
    }

    for term in &map.terms {
        if term.owners.len() > 1 {
            let what = format!("The term “{}”", term.name);
            out.push(shared(cx, &term.id, &what, term.owners.len(), &term.owners));
        }
    }
}

fn shared(cx: &Context<'_>, id: &str, what: &str, n: usize, owners: &[String]) -> Finding {
    let names: Vec<&str> = owners.iter().map(|o| cx.person_name(o)).collect();
    Finding::at_default(
        Rule::SharedAccountability,
        vec![id.to_owned()],
        format!("{what} has {n} accountable owners: {}.", and_list(&names)),
        format!(
            "Keep one accountable owner and record {} as consulted, so that one person has the \
             final say.",
            if n == 2 { "the other" } else { "the others" }
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::*;
    use crate::rules::Rule;

    #[test]
    fn handoff_without_owner_fires_on_unowned_cross_team_transitions_only() {
        let mut map = two_team_map();
        map.transitions.push(transition("t-within", "lead", "mql", &[]));
        let found = fired(&map, Rule::HandoffWithoutOwner);
        assert_eq!(subjects(&found), vec![vec!["t-handoff"]]);
        assert_eq!(
            found[0].message,
            "Nobody owns the handoff from Marketing qualified lead (Marketing) to Sales accepted \
             lead (Sales development)."
        );
        assert_eq!(
            found[0].fix,
            "Name one person accountable for records moving from Marketing qualified lead to \
             Sales accepted lead, usually in Sales development, who answers when they wait too \
             long."
        );
        set_transition_owners(&mut map, "t-handoff", &["ben"]);
        assert!(fired(&map, Rule::HandoffWithoutOwner).is_empty());
    }

    #[test]
    fn stage_without_owner_fires_when_nobody_owns_a_stage() {
        let mut map = two_team_map();
        map.stages[1].owners.clear();
        let found = fired(&map, Rule::StageWithoutOwner);
        assert_eq!(subjects(&found), vec![vec!["mql"]]);
        assert_eq!(
            (&found[0].message[..], &found[0].fix[..]),
            (
                "Nobody is accountable for the stage Marketing qualified lead (Marketing).",
                "Name the one person in Marketing who owns Marketing qualified lead: its \
                 definition, its criteria and its data."
            )
        );
        map.stages[1].owners = vec!["ana".into()];
        assert!(fired(&map, Rule::StageWithoutOwner).is_empty());
    }

    #[test]
    fn shared_accountability_fires_for_stages_handoffs_and_terms() {
        let mut map = two_team_map();
        map.stages[1].owners = vec!["ana".into(), "ben".into()];
        set_transition_owners(&mut map, "t-handoff", &["ana", "ben"]);
        map.terms[0].owners = vec!["ana".into(), "ben".into()];
        let found = fired(&map, Rule::SharedAccountability);
        assert_eq!(subjects(&found), vec![vec!["mql"], vec!["t-handoff"], vec!["mql-term"]]);
        assert!(found[0].message.contains("2 accountable owners: Ana Ruiz and Ben Okafor"));
    }

    #[test]
    fn shared_accountability_ignores_single_owners_and_transitions_within_a_team() {
        let mut map = two_team_map();
        map.transitions.push(transition("t-within", "lead", "mql", &["ana", "ben"]));
        assert!(fired(&map, Rule::SharedAccountability).is_empty());
    }

    #[test]
    fn handoff_without_sla_fires_on_handoffs_without_hours() {
        let mut map = two_team_map();
        map.transitions.push(transition("t-within", "lead", "mql", &[]));
        let found = fired(&map, Rule::HandoffWithoutSla);
        assert_eq!(subjects(&found), vec![vec!["t-handoff"]]);
        assert_eq!(
            (&found[0].message[..], &found[0].fix[..]),
            (
                "The handoff from Marketing qualified lead (Marketing) to Sales accepted lead \
                 (Sales development) has no SLA, so a record can wait there indefinitely.",
                "Agree how many hours Sales development has to act on records handed over from \
                 Marketing qualified lead."
            )
        );
        map.transitions.iter_mut().for_each(|t| t.sla_hours = Some(24.0));
        assert!(fired(&map, Rule::HandoffWithoutSla).is_empty());
    }
}
