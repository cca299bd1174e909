//! The journey as a petgraph graph, built once per analysis run. Node indices never leave
//! the analysis module: stage `i` of the map is node `i`, and three virtual nodes make
//! multi-source and multi-target questions single-source ones.

use std::collections::VecDeque;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeRef, Reversed};

use super::{Context, Summary};
use crate::model::StageKind;

/// The journey graph. Edge weights count handoffs (1 for a handoff, 0 otherwise).
pub(crate) struct JourneyGraph {
    graph: DiGraph<(), u32>,
    stages: usize,
    /// Edges to every entry stage.
    start: NodeIndex,
    /// Edges from every revenue stage.
    revenue: NodeIndex,
    /// Stages reachable from an entry.
    reachable: Vec<bool>,
    /// Stages from which a revenue or exit stage can be reached.
    can_finish: Vec<bool>,
}

impl std::fmt::Debug for JourneyGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JourneyGraph").field("stages", &self.stages).finish_non_exhaustive()
    }
}

/// The transitions' indices ordered by the stage they leave (a counting sort: linear).
fn transitions_by_source(cx: &Context<'_>) -> Vec<usize> {
    let sources: Vec<Option<usize>> =
        (0..cx.map.transitions.len()).map(|t| cx.end_indices(t).map(|(a, _)| a)).collect();
    let mut starts = vec![0; cx.map.stages.len() + 1];
    for &a in sources.iter().flatten() {
        starts[a + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0; starts[cx.map.stages.len()]];
    for (t, source) in sources.iter().enumerate() {
        if let Some(a) = *source {
            order[starts[a]] = t;
            starts[a] += 1;
        }
    }
    order
}

impl JourneyGraph {
    pub(crate) fn build(cx: &Context<'_>) -> Self {
        let stages = cx.map.stages.len();
        let mut graph = DiGraph::with_capacity(stages + 3, cx.map.transitions.len() + stages);
        for _ in 0..stages + 3 {
            graph.add_node(());
        }
        let (start, revenue, finish) =
            (NodeIndex::new(stages), NodeIndex::new(stages + 1), NodeIndex::new(stages + 2));
        // Added stage by stage, a stage's edges lie side by side: petgraph walks a node's
        // edges through its edge list, and in the map's order they were scattered across it
        // (a cache miss per edge in every traversal of a large map).
        for t in transitions_by_source(cx) {
            if let Some((a, b)) = cx.end_indices(t) {
                let handoff = u32::from(cx.is_handoff(t));
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), handoff);
            }
        }
        for (i, stage) in cx.map.stages.iter().enumerate() {
            let node = NodeIndex::new(i);
            match stage.kind {
                StageKind::Entry => {
                    graph.add_edge(start, node, 0);
                }
                StageKind::Revenue => {
                    graph.add_edge(node, revenue, 0);
                    graph.add_edge(node, finish, 0);
                }
                StageKind::Exit => {
                    graph.add_edge(node, finish, 0);
                }
                StageKind::Stage => {}
            }
        }
        let mut journey = JourneyGraph {
            graph,
            stages,
            start,
            revenue,
            reachable: Vec::new(),
            can_finish: Vec::new(),
        };
        journey.reachable = journey.visit(&journey.graph, start);
        journey.can_finish = journey.visit(Reversed(&journey.graph), finish);
        journey
    }

    fn visit<G>(&self, graph: G, from: NodeIndex) -> Vec<bool>
    where
        G: petgraph::visit::IntoNeighbors<NodeId = NodeIndex> + petgraph::visit::Visitable,
        G::Map: petgraph::visit::VisitMap<NodeIndex>,
    {
        let mut seen = vec![false; self.stages];
        let mut bfs = Bfs::new(graph, from);
        while let Some(node) = bfs.next(graph) {
            if node.index() < self.stages {
                seen[node.index()] = true;
            }
        }
        seen
    }

    pub fn is_reachable(&self, stage: usize) -> bool {
        self.reachable[stage]
    }

    pub fn can_finish(&self, stage: usize) -> bool {
        self.can_finish[stage]
    }

    /// Whether some revenue stage is reachable from an entry.
    pub fn revenue_reachable(&self, cx: &Context<'_>) -> bool {
        cx.map
            .stages
            .iter()
            .enumerate()
            .any(|(i, s)| s.kind == StageKind::Revenue && self.reachable[i])
    }

    /// Strongly connected groups of two or more stages, each in map order, the groups in
    /// the order of their first stage.
    ///
    /// # Complexity
    /// Linear. Kosaraju's algorithm rather than Tarjan's: petgraph's Tarjan recurses once per
    /// stage on a path and overflowed the stack on a 21,875-stage chain; Kosaraju walks with
    /// explicit stacks.
    pub fn loops(&self) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = kosaraju_scc(&self.graph)
            .into_iter()
            .filter(|scc| scc.len() >= 2)
            .map(|scc| {
                let mut stages: Vec<usize> = scc.into_iter().map(NodeIndex::index).collect();
                stages.sort_unstable();
                stages
            })
            .collect();
        groups.sort_unstable_by_key(|g| g[0]);
        groups
    }

    /// The fewest handoffs from an entry to a revenue stage.
    ///
    /// # Complexity
    /// Linear: every edge weighs 0 or 1, so a breadth-first search that puts the far end of a
    /// free edge at the front of its queue finds the cheapest paths. (petgraph's Dijkstra
    /// keeps a heap and its costs in a hash map: 8 ms of `check` on 20,000 stages.)
    pub fn min_handoffs_to_revenue(&self) -> Option<u32> {
        let mut cost = vec![u32::MAX; self.graph.node_count()];
        let mut queue = VecDeque::from([(self.start, 0)]);
        cost[self.start.index()] = 0;
        while let Some((node, reached_at)) = queue.pop_front() {
            if node == self.revenue {
                return Some(reached_at);
            }
            if reached_at > cost[node.index()] {
                continue; // Reached again more cheaply since it was queued.
            }
            for edge in self.graph.edges(node) {
                let (next, weight) = (edge.target(), *edge.weight());
                if reached_at + weight < cost[next.index()] {
                    cost[next.index()] = reached_at + weight;
                    if weight == 0 {
                        queue.push_front((next, reached_at));
                    } else {
                        queue.push_back((next, reached_at + weight));
                    }
                }
            }
        }
        None
    }

    /// Stages on every path from an entry to a revenue stage (the dominators of the virtual
    /// revenue node, seen from the virtual start node), in journey order.
    ///
    /// # Complexity
    /// Linear. Only one node's dominators are asked for, so they are found along one path
    /// from start to revenue: a stage on it is on every path unless some path from the stages
    /// before it jumps past it. Walking the path once, each node is explored once, and the
    /// farthest point of the path reached so far says whether the next stage can be passed
    /// by. (petgraph's `simple_fast` finds every node's dominators with hash maps: 20 ms of
    /// `check` on 20,000 stages.)
    pub fn critical_stages(&self, cx: &Context<'_>) -> Vec<usize> {
        let Some(path) = self.path(self.start, self.revenue) else {
            return Vec::new();
        };
        let mut place_on_path = vec![usize::MAX; self.graph.node_count()];
        for (i, node) in path.iter().enumerate() {
            place_on_path[node.index()] = i;
        }
        let mut explored = vec![false; self.graph.node_count()];
        let (mut farthest, mut critical, mut stack) = (0, Vec::new(), Vec::new());
        for (i, &node) in path.iter().enumerate() {
            // The edge from the node before always reaches this one; reaching no farther,
            // every way on goes through it.
            if farthest == i && node.index() < self.stages {
                let kind = cx.map.stages[node.index()].kind;
                if !matches!(kind, StageKind::Entry | StageKind::Revenue) {
                    critical.push(node.index());
                }
            }
            // Explore off the path from here, stopping at the path's own nodes.
            stack.push(node);
            while let Some(from) = stack.pop() {
                for next in self.graph.neighbors(from) {
                    match place_on_path[next.index()] {
                        usize::MAX if !explored[next.index()] => {
                            explored[next.index()] = true;
                            stack.push(next);
                        }
                        usize::MAX => {}
                        place => farthest = farthest.max(place),
                    }
                }
            }
        }
        critical
    }

    /// The nodes of a shortest path (in edges) from `from` to `to`, both included.
    fn path(&self, from: NodeIndex, to: NodeIndex) -> Option<Vec<NodeIndex>> {
        let mut came_from = vec![None; self.graph.node_count()];
        let mut queue = VecDeque::from([from]);
        came_from[from.index()] = Some(from);
        while let Some(node) = queue.pop_front() {
            if node == to {
                let mut path = vec![to];
                while let Some(&last) = path.last().filter(|&&n| n != from) {
                    path.push(came_from[last.index()]?);
                }
                path.reverse();
                return Some(path);
            }
            for next in self.graph.neighbors(node) {
                if came_from[next.index()].is_none() {
                    came_from[next.index()] = Some(node);
                    queue.push_back(next);
                }
            }
        }
        None
    }

    pub(crate) fn summary(&self, cx: &Context<'_>) -> Summary {
        let map = cx.map;
        let handoffs: Vec<_> = map
            .transitions
            .iter()
            .enumerate()
            .filter(|(i, _)| cx.is_handoff(*i))
            .map(|(_, t)| t)
            .collect();
        let revenue_reachable = self.revenue_reachable(cx);
        Summary {
            stages: map.stages.len() as u32,
            transitions: map.transitions.len() as u32,
            handoffs: handoffs.len() as u32,
            owned_stages: map.stages.iter().filter(|s| s.owners.len() == 1).count() as u32,
            owned_handoffs: handoffs.iter().filter(|t| t.owners.len() == 1).count() as u32,
            terms: map.terms.len() as u32,
            agreed_terms: map
                .terms
                .iter()
                .filter(|t| t.canonical.is_some() && t.owners.len() == 1)
                .count() as u32,
            min_handoffs_to_revenue: if revenue_reachable {
                self.min_handoffs_to_revenue()
            } else {
                None
            },
            critical_stages: if revenue_reachable {
                self.critical_stages(cx).into_iter().map(|i| map.stages[i].id.clone()).collect()
            } else {
                Vec::new()
            },
            waived: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use petgraph::algo::{dijkstra, dominators};

    use super::*;
    use crate::analysis::testing::{stage, transition};
    use crate::model::{Map, Team};

    /// A small random journey: a few entries, revenues and exits among plain stages in two
    /// teams, joined at random (loops, dead ends and unreachable stages included).
    fn random_map(rng: &mut fastrand::Rng) -> Map {
        let mut map = Map::new("Random");
        for team in ["a", "b"] {
            map.teams.push(Team { id: team.into(), name: team.into(), color: None });
        }
        let stages = rng.usize(2..24);
        for i in 0..stages {
            let kind = match rng.u8(0..10) {
                0 | 1 => StageKind::Entry,
                2 => StageKind::Revenue,
                3 => StageKind::Exit,
                _ => StageKind::Stage,
            };
            let team = if rng.bool() { "a" } else { "b" };
            map.stages.push(stage(&format!("s{i}"), &format!("S{i}"), team, kind, &[]));
        }
        for t in 0..rng.usize(0..stages * 3) {
            let (a, b) = (rng.usize(0..stages), rng.usize(0..stages));
            map.transitions.push(transition(
                &format!("t{t}"),
                &format!("s{a}"),
                &format!("s{b}"),
                &[],
            ));
        }
        map
    }

    /// The two path questions agree with petgraph's general algorithms (every node's
    /// dominators, Dijkstra) on thousands of random journeys.
    #[test]
    fn critical_stages_and_fewest_handoffs_agree_with_petgraph() {
        let mut rng = fastrand::Rng::with_seed(7);
        let (mut with_critical, mut reached) = (0, 0);
        for _ in 0..3_000 {
            let map = random_map(&mut rng);
            let cx = Context::new(&map);
            let journey = JourneyGraph::build(&cx);

            let costs = dijkstra(&journey.graph, journey.start, None, |e| *e.weight());
            let expected_cost = costs.get(&journey.revenue).copied();
            assert_eq!(journey.min_handoffs_to_revenue(), expected_cost, "{map:?}");

            let doms = dominators::simple_fast(&journey.graph, journey.start);
            let mut expected: Vec<usize> = doms
                .dominators(journey.revenue)
                .into_iter()
                .flatten()
                .map(NodeIndex::index)
                .filter(|&i| {
                    i < journey.stages
                        && !matches!(map.stages[i].kind, StageKind::Entry | StageKind::Revenue)
                })
                .collect();
            expected.reverse();
            assert_eq!(journey.critical_stages(&cx), expected, "{map:?}");
            reached += usize::from(expected_cost.is_some());
            with_critical += usize::from(!expected.is_empty());
        }
        // The random journeys cover both answers of both questions.
        assert!(reached > 1_000 && with_critical > 200, "{reached} {with_critical}");
    }
}
