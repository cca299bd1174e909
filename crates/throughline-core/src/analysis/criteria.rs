//! Whether stages say objectively who belongs there: missing-entry-criteria,
//! missing-exit-criteria and criteria-gap.

use super::text::quoted_criteria;
use super::{Context, Finding};
use crate::implication::covers;
use crate::model::Criterion;
use crate::rules::Rule;

/// The stages' own criteria: missing-entry-criteria and missing-exit-criteria.
pub(super) fn check_stages(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (s, stage) in cx.map.stages.iter().enumerate() {
        let name = &stage.name;
        if stage.kind.expects_entry_criteria() && stage.entry.is_empty() {
            out.push(Finding::at_default(
                Rule::MissingEntryCriteria,
                vec![stage.id.clone()],
                format!(
                    "{} has no entry criteria, so nobody can tell objectively when a record \
                     belongs there.",
                    cx.label(s)
                ),
                format!(
                    "Write down what must be true to enter {name}, ideally as a field, an \
                     operator and a value that the system of record can check."
                ),
            ));
        }
        if stage.kind.expects_exit_criteria() && stage.exit.is_empty() {
            out.push(Finding::at_default(
                Rule::MissingExitCriteria,
                vec![stage.id.clone()],
                format!(
                    "{} has no exit criteria, so nobody can tell when work there is done.",
                    cx.label(s)
                ),
                format!("Write down what must be true for a record to leave {name}."),
            ));
        }
    }
}

/// criteria-gap on every transition.
pub(super) fn check_transitions(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, t) in cx.map.transitions.iter().enumerate() {
        let Some((a, b)) = cx.end_indices(i) else {
            continue;
        };
        let (from, to) = (&cx.map.stages[a], &cx.map.stages[b]);
        // Nothing is collected until a gap is found: most transitions have none.
        let guaranteed = || from.exit.iter().chain(&t.criteria);
        let mut uncovered = to.entry.iter().filter(|r| !covers(guaranteed(), r)).peekable();
        if uncovered.peek().is_none() {
            continue;
        }
        let uncovered: Vec<&Criterion> = uncovered.collect();
        let missing = quoted_criteria(uncovered.iter().copied());
        let criteria = if uncovered.len() == 1 { "criterion" } else { "criteria" };
        out.push(Finding::at_default(
            Rule::CriteriaGap,
            vec![t.id.clone()],
            format!(
                "Records can move from {} to {} without meeting its entry {criteria} {missing}.",
                cx.label(a),
                cx.label(b)
            ),
            format!(
                "Add {missing} to the exit criteria of {} or to this transition's criteria, or \
                 tighten them so that they guarantee it.",
                from.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::*;
    use crate::model::{Criterion, Op, Scalar, StageKind, Value};
    use crate::rules::Rule;

    fn score(op: Op, n: f64) -> Criterion {
        Criterion::structured("", "lead.score", op, Some(Value::Scalar(Scalar::Number(n))))
    }

    #[test]
    fn missing_criteria_follow_the_kind_of_stage() {
        let map = two_team_map();
        // lead is an entry (exit only), mql and sal are stages (both), won is revenue (entry only).
        assert_eq!(
            subjects(&fired(&map, Rule::MissingEntryCriteria)),
            vec![vec!["mql"], vec!["sal"], vec!["won"]]
        );
        assert_eq!(
            subjects(&fired(&map, Rule::MissingExitCriteria)),
            vec![vec!["lead"], vec!["mql"], vec!["sal"]]
        );
    }

    #[test]
    fn missing_criteria_stay_quiet_once_written_and_for_exit_stages_exit_side() {
        let mut map = two_team_map();
        map.stages.push(stage("lost", "Disqualified", "sdr", StageKind::Exit, &["ben"]));
        map.stages.last_mut().unwrap().entry = vec![text("Not a fit")];
        for s in &mut map.stages {
            if s.kind != StageKind::Exit {
                s.entry = vec![text("Arrived")];
                s.exit = vec![text("Done")];
            }
        }
        assert!(fired(&map, Rule::MissingEntryCriteria).is_empty());
        assert!(fired(&map, Rule::MissingExitCriteria).is_empty());
    }

    #[test]
    fn criteria_gap_fires_when_the_sender_does_not_guarantee_the_receivers_entry() {
        let mut map = two_team_map();
        stage_mut(&mut map, "mql").exit = vec![score(Op::Ge, 40.0)];
        stage_mut(&mut map, "sal").entry = vec![score(Op::Ge, 50.0), text("Budget confirmed")];
        let found = fired(&map, Rule::CriteriaGap);
        assert_eq!(subjects(&found), vec![vec!["t-handoff"]]);
        assert_eq!(
            found[0].message,
            "Records can move from Marketing qualified lead (Marketing) to Sales accepted lead \
             (Sales development) without meeting its entry criteria “lead.score >= 50” and \
             “Budget confirmed”."
        );
        assert_eq!(
            found[0].fix,
            "Add “lead.score >= 50” and “Budget confirmed” to the exit criteria of Marketing \
             qualified lead or to this transition's criteria, or tighten them so that they \
             guarantee it."
        );
        stage_mut(&mut map, "sal").entry.pop();
        let found = fired(&map, Rule::CriteriaGap);
        assert!(
            found[0].message.ends_with("without meeting its entry criterion “lead.score >= 50”.")
        );
    }

    #[test]
    fn missing_criteria_say_which_stage_and_what_to_write_down() {
        let map = two_team_map();
        let entry = &fired(&map, Rule::MissingEntryCriteria)[0];
        assert_eq!(
            (&entry.message[..], &entry.fix[..]),
            (
                "Marketing qualified lead (Marketing) has no entry criteria, so nobody can tell \
                 objectively when a record belongs there.",
                "Write down what must be true to enter Marketing qualified lead, ideally as a \
                 field, an operator and a value that the system of record can check."
            )
        );
        let exit = &fired(&map, Rule::MissingExitCriteria)[0];
        assert_eq!(
            (&exit.message[..], &exit.fix[..]),
            (
                "Website lead (Marketing) has no exit criteria, so nobody can tell when work \
                 there is done.",
                "Write down what must be true for a record to leave Website lead."
            )
        );
    }

    #[test]
    fn criteria_gap_accepts_implication_and_the_transitions_own_criteria() {
        let mut map = two_team_map();
        stage_mut(&mut map, "mql").exit = vec![score(Op::Gt, 60.0)];
        stage_mut(&mut map, "sal").entry = vec![score(Op::Ge, 50.0), text("Budget confirmed")];
        map.transitions[1].criteria = vec![text("budget confirmed.")];
        assert!(fired(&map, Rule::CriteriaGap).is_empty());
    }

    #[test]
    fn criteria_gap_applies_within_a_team_too() {
        let mut map = two_team_map();
        stage_mut(&mut map, "mql").entry = vec![text("Downloaded a whitepaper")];
        let found = fired(&map, Rule::CriteriaGap);
        assert_eq!(subjects(&found), vec![vec!["t-start"]]);
    }
}
