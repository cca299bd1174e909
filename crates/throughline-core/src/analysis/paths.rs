//! Whether records can get through: dead-end-stage, trapped-loop, unreachable-stage,
//! no-path-to-revenue and handoff-ping-pong.

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::text::and_list;
use super::{Context, Finding, JourneyGraph};
use crate::model::StageKind;
use crate::rules::Rule;

pub(super) fn check(cx: &Context<'_>, graph: &JourneyGraph, out: &mut Vec<Finding>) {
    let map = cx.map;
    let mut has_way_out = vec![false; map.stages.len()];
    for t in 0..map.transitions.len() {
        if let Some((from, _)) = cx.end_indices(t) {
            has_way_out[from] = true;
        }
    }
    for (i, stage) in map.stages.iter().enumerate() {
        if !stage.kind.is_terminal() && !has_way_out[i] {
            out.push(Finding::at_default(
                Rule::DeadEndStage,
                vec![stage.id.clone()],
                format!(
                    "{} leads nowhere: records that reach it are neither won nor closed.",
                    cx.stage_label(stage)
                ),
                format!(
                    "Add a transition out of {}, or make it an exit stage if ending there is \
                     legitimate.",
                    stage.name
                ),
            ));
        }
    }

    for group in graph.loops() {
        if group.iter().any(|&i| graph.can_finish(i)) {
            continue;
        }
        let names: Vec<&str> = group.iter().map(|&i| &map.stages[i].name[..]).collect();
        out.push(Finding::at_default(
            Rule::TrappedLoop,
            group.iter().map(|&i| map.stages[i].id.clone()).collect(),
            format!(
                "Records can circle forever between {}: no revenue or exit stage can be reached \
                 from them.",
                and_list(&names)
            ),
            "Add a transition from one of these stages toward revenue, or to an exit stage."
                .to_owned(),
        ));
    }

    for (i, stage) in map.stages.iter().enumerate() {
        if !graph.is_reachable(i) {
            out.push(Finding::at_default(
                Rule::UnreachableStage,
                vec![stage.id.clone()],
                format!("No path leads to {} from any entry stage.", cx.stage_label(stage)),
                format!(
                    "Connect {} from the stage records come from, make it an entry stage, or \
                     remove it.",
                    stage.name
                ),
            ));
        }
    }

    no_path_to_revenue(cx, graph, out);
    ping_pong(cx, out);
}

fn no_path_to_revenue(cx: &Context<'_>, graph: &JourneyGraph, out: &mut Vec<Finding>) {
    let has = |kind| cx.map.stages.iter().any(|s| s.kind == kind);
    let (message, fix) = if !has(StageKind::Entry) {
        (
            "The map has no entry stage, so the journey has no beginning.",
            "Mark the stage where records first come in (a first touch) as an entry stage.",
        )
    } else if !has(StageKind::Revenue) {
        (
            "The map has no revenue stage, so the journey never reaches revenue.",
            "Add the stage where revenue is recognised and mark it as a revenue stage.",
        )
    } else if !graph.revenue_reachable(cx) {
        (
            "No path leads from an entry stage to a revenue stage.",
            "Connect the journey end to end, from the first touch to recognised revenue.",
        )
    } else {
        return;
    };
    out.push(Finding::at_default(
        Rule::NoPathToRevenue,
        Vec::new(),
        message.to_owned(),
        fix.to_owned(),
    ));
}

/// A → B and B → A between different teams where at least one of the two has no criteria.
fn ping_pong(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // The transitions between each two stages, in map order, as chains through `next`: a list
    // per pair would be an allocation per transition on a large map.
    const END: usize = usize::MAX;
    let count = cx.map.transitions.len();
    let mut first: FxHashMap<(usize, usize), usize> =
        FxHashMap::with_capacity_and_hasher(count, FxBuildHasher);
    let mut next = vec![END; count];
    for t in (0..count).rev() {
        if let Some(ends) = cx.end_indices(t)
            && let Some(later) = first.insert(ends, t)
        {
            next[t] = later;
        }
    }
    for (i, forth) in cx.map.transitions.iter().enumerate() {
        let Some((a, b)) = cx.end_indices(i).filter(|_| cx.is_handoff(i)) else {
            continue;
        };
        let mut j = first.get(&(b, a)).copied().unwrap_or(END);
        while j != END {
            let back = &cx.map.transitions[j];
            if j > i && (forth.criteria.is_empty() || back.criteria.is_empty()) {
                out.push(bounce(cx, i, j));
            }
            j = next[j];
        }
    }
}

fn bounce(cx: &Context<'_>, forth: usize, back: usize) -> Finding {
    let (a, b) = cx.ends(forth).expect("a handoff has both ends");
    let transitions = &cx.map.transitions;
    let without: Vec<String> = [forth, back]
        .into_iter()
        .filter(|&t| transitions[t].criteria.is_empty())
        .filter_map(|t| cx.ends(t))
        .map(|(x, y)| format!("{} → {}", x.name, y.name))
        .collect();
    Finding::at_default(
        Rule::HandoffPingPong,
        vec![transitions[forth].id.clone(), transitions[back].id.clone()],
        format!(
            "Records can bounce between {} and {} and back without criteria saying when.",
            cx.stage_label(a),
            cx.stage_label(b)
        ),
        format!(
            "Give {} criteria that say when a record may move, so that it only goes back for a \
             stated reason.",
            and_list(&without)
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;
    use crate::analysis::testing::*;
    use crate::model::StageKind;
    use crate::rules::Rule;

    #[test]
    fn dead_end_fires_on_a_stage_with_no_way_out() {
        let mut map = two_team_map();
        map.stages.push(stage("nurture", "Nurture", "mkt", StageKind::Stage, &["ana"]));
        map.transitions.push(transition("t-nurture", "mql", "nurture", &["ana"]));
        let found = fired(&map, Rule::DeadEndStage);
        assert_eq!(subjects(&found), vec![vec!["nurture"]]);
        assert_eq!(
            found[0].message,
            "Nurture (Marketing) leads nowhere: records that reach it are neither won nor closed."
        );
    }

    #[test]
    fn dead_end_ignores_revenue_and_exit_stages() {
        let mut map = two_team_map();
        map.stages.push(stage("lost", "Disqualified", "sdr", StageKind::Exit, &["ben"]));
        map.transitions.push(transition("t-lost", "sal", "lost", &["ben"]));
        assert!(fired(&map, Rule::DeadEndStage).is_empty());
    }

    #[test]
    fn trapped_loop_fires_on_a_cycle_with_no_way_to_revenue_or_exit() {
        let mut map = two_team_map();
        map.stages.push(stage("nurture", "Nurture", "mkt", StageKind::Stage, &["ana"]));
        map.stages.push(stage("recycle", "Recycle", "mkt", StageKind::Stage, &["ana"]));
        map.transitions.push(transition("t1", "mql", "nurture", &["ana"]));
        map.transitions.push(transition("t2", "nurture", "recycle", &["ana"]));
        map.transitions.push(transition("t3", "recycle", "nurture", &["ana"]));
        let found = fired(&map, Rule::TrappedLoop);
        assert_eq!(subjects(&found), vec![vec!["nurture", "recycle"]]);
        assert!(found[0].message.contains("between Nurture and Recycle"));
        // No dead end: each stage of the loop has a way out, just not a useful one.
        assert!(fired(&map, Rule::DeadEndStage).is_empty());
    }

    #[test]
    fn trapped_loop_stays_quiet_when_the_loop_can_reach_an_exit() {
        let mut map = two_team_map();
        map.stages.push(stage("nurture", "Nurture", "mkt", StageKind::Stage, &["ana"]));
        map.stages.push(stage("lost", "Unsubscribed", "mkt", StageKind::Exit, &["ana"]));
        map.transitions.push(transition("t1", "mql", "nurture", &["ana"]));
        map.transitions.push(transition("t2", "nurture", "mql", &["ana"]));
        map.transitions.push(transition("t3", "nurture", "lost", &["ana"]));
        assert!(fired(&map, Rule::TrappedLoop).is_empty());
        // A loop that does lead on, to revenue, is no trap either.
        let mut map = two_team_map();
        map.transitions.push(transition("t-back", "sal", "mql", &["ben"]));
        assert!(fired(&map, Rule::TrappedLoop).is_empty());
    }

    #[test]
    fn unreachable_fires_on_stages_no_entry_leads_to() {
        let mut map = two_team_map();
        map.stages.push(stage("partner", "Partner referral", "sdr", StageKind::Stage, &["ben"]));
        map.transitions.push(transition("t-p", "partner", "sal", &["ben"]));
        let found = fired(&map, Rule::UnreachableStage);
        assert_eq!(subjects(&found), vec![vec!["partner"]]);
        stage_mut(&mut map, "partner").kind = StageKind::Entry;
        assert!(fired(&map, Rule::UnreachableStage).is_empty());
    }

    #[test]
    fn no_path_to_revenue_explains_what_is_missing() {
        let map = two_team_map();
        assert!(fired(&map, Rule::NoPathToRevenue).is_empty());

        let mut no_entry = two_team_map();
        stage_mut(&mut no_entry, "lead").kind = StageKind::Stage;
        let found = fired(&no_entry, Rule::NoPathToRevenue);
        assert_eq!(subjects(&found), vec![Vec::<&str>::new()]);
        assert!(found[0].message.contains("no entry stage"));

        let mut no_revenue = two_team_map();
        stage_mut(&mut no_revenue, "won").kind = StageKind::Exit;
        assert!(fired(&no_revenue, Rule::NoPathToRevenue)[0].message.contains("no revenue stage"));

        let mut cut = two_team_map();
        cut.transitions.retain(|t| t.id != "t-win");
        assert!(fired(&cut, Rule::NoPathToRevenue)[0].message.contains("No path leads"));
    }

    #[test]
    fn ping_pong_fires_once_with_both_transitions_when_one_side_lacks_criteria() {
        let mut map = two_team_map();
        map.transitions.push(transition("t-back", "sal", "mql", &["ben"]));
        map.transitions[1].criteria = vec![text("Score at least 50")];
        let found = fired(&map, Rule::HandoffPingPong);
        assert_eq!(subjects(&found), vec![vec!["t-handoff", "t-back"]]);
        assert!(found[0].fix.contains("Sales accepted lead → Marketing qualified lead"));
    }

    #[test]
    fn ping_pong_stays_quiet_with_criteria_both_ways_or_within_a_team() {
        let mut map = two_team_map();
        map.transitions.push(transition("t-back", "sal", "mql", &["ben"]));
        map.transitions[1].criteria = vec![text("Score at least 50")];
        map.transitions.last_mut().unwrap().criteria = vec![text("No budget this year")];
        assert!(fired(&map, Rule::HandoffPingPong).is_empty());

        let mut within = two_team_map();
        within.transitions.push(transition("t-back", "mql", "lead", &["ana"]));
        assert!(fired(&within, Rule::HandoffPingPong).is_empty());
    }

    #[test]
    fn summary_counts_and_critical_stages() {
        let mut map = two_team_map();
        map.stages.push(stage("web", "Webinar signup", "mkt", StageKind::Entry, &["ana"]));
        map.transitions.push(transition("t-web", "web", "mql", &["ana"]));
        let summary = analyze(&map).summary;
        assert_eq!(summary.stages, 5);
        assert_eq!(summary.transitions, 4);
        assert_eq!(summary.handoffs, 1);
        assert_eq!(summary.owned_stages, 5);
        assert_eq!(summary.owned_handoffs, 0);
        assert_eq!((summary.terms, summary.agreed_terms), (1, 0));
        assert_eq!(summary.min_handoffs_to_revenue, Some(1));
        assert_eq!(summary.critical_stages, vec!["mql", "sal"]);

        // A second route around SAL makes it no longer critical.
        map.transitions.push(transition("t-direct", "mql", "won", &["ana"]));
        let summary = analyze(&map).summary;
        assert_eq!(summary.critical_stages, vec!["mql"]);
        assert_eq!(summary.min_handoffs_to_revenue, Some(1));
    }

    #[test]
    fn summary_has_no_path_numbers_when_revenue_is_out_of_reach() {
        let mut map = two_team_map();
        map.transitions.retain(|t| t.id != "t-win");
        let summary = analyze(&map).summary;
        assert_eq!(summary.min_handoffs_to_revenue, None);
        assert!(summary.critical_stages.is_empty());
    }
}
