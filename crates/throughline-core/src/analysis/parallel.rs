//! How the rules run on a large map: on two threads, the rules on each entity on one, the
//! graph's rules and the criteria gaps on the other (the two sides take about as long). Each
//! side settles and sorts its own findings; the two sorted lists are then merged. Each rule's
//! findings still come in map order, as on one thread: every rule runs whole on one side, and
//! the sorts are stable.

use super::{
    Analysis, Context, Map, entity_rules, gap_rule, graph_rules, settle_all, settled_order,
};
use crate::threads::both;

/// From this many stages on, the analysis uses a second thread.
const TWO_THREADS_FROM_STAGES: usize = 2_000;

pub(super) fn analyze(map: &Map) -> Analysis {
    analyze_on(map, map.stages.len() >= TWO_THREADS_FROM_STAGES)
}

pub(super) fn analyze_on(map: &Map, two_threads: bool) -> Analysis {
    let cx = Context::new(map);
    let ((mut findings, mut waived), ((graph_findings, graph_waived), mut summary)) = both(
        two_threads,
        || settle_all(map, entity_rules(&cx)),
        || {
            let (mut found, summary) = graph_rules(&cx);
            found.extend(gap_rule(&cx));
            (settle_all(map, found), summary)
        },
    );
    findings.extend(graph_findings);
    // Two sorted runs: this sort merges them.
    findings.sort_by_key(settled_order);
    waived.extend(graph_waived);
    summary.waived = waived.len() as u32;
    Analysis { findings, waived, summary }
}
