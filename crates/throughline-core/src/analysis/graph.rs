//! The journey as a petgraph graph, built once per analysis run. Node indices never leave
//! the analysis module: stage `i` of the map is node `i`, and three virtual nodes make
//! multi-source and multi-target questions single-source ones.

use petgraph::algo::{dijkstra, dominators, kosaraju_scc};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Reversed};

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

impl JourneyGraph {
    pub(crate) fn build(cx: &Context<'_>) -> Self {
        let stages = cx.map.stages.len();
        let mut graph = DiGraph::with_capacity(stages + 3, cx.map.transitions.len() + stages);
        for _ in 0..stages + 3 {
            graph.add_node(());
        }
        let (start, revenue, finish) =
            (NodeIndex::new(stages), NodeIndex::new(stages + 1), NodeIndex::new(stages + 2));
        for t in 0..cx.map.transitions.len() {
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

    /// The fewest handoffs from an entry to a revenue stage (0-1 weights, Dijkstra).
    pub fn min_handoffs_to_revenue(&self) -> Option<u32> {
        let costs = dijkstra(&self.graph, self.start, Some(self.revenue), |e| *e.weight());
        costs.get(&self.revenue).copied()
    }

    /// Stages on every path from an entry to a revenue stage: the dominators of the virtual
    /// revenue node, seen from the virtual start node.
    ///
    /// # Complexity
    /// Cooper–Harvey–Kennedy: near-linear on journey-shaped graphs.
    pub fn critical_stages(&self, cx: &Context<'_>) -> Vec<usize> {
        let doms = dominators::simple_fast(&self.graph, self.start);
        let Some(chain) = doms.dominators(self.revenue) else {
            return Vec::new();
        };
        let mut critical: Vec<usize> = chain
            .map(NodeIndex::index)
            .filter(|&i| {
                i < self.stages
                    && !matches!(cx.map.stages[i].kind, StageKind::Entry | StageKind::Revenue)
            })
            .collect();
        critical.reverse();
        critical
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
