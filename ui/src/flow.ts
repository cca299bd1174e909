import type { Edge, Node } from "@xyflow/react";
import type { Map_Serialize as JourneyMap, Stage_Serialize as Stage } from "./bindings";

export const CARD_WIDTH = 200;
export const CARD_HEIGHT = 72;
const LANE_PADDING = 28;
const LANE_LABEL = 150;
const DEFAULT_PITCH = 240;

export type StageData = {
  stage: Stage;
  owner: string;
  flagged: boolean;
};
export type StageNode = Node<StageData, "stage">;
export type LaneData = { name: string; color: string; width: number; height: number };
export type LaneNode = Node<LaneData, "lane">;
export type JourneyNode = StageNode | LaneNode;

const PALETTE = ["#2563eb", "#7c3aed", "#db2777", "#ea580c", "#059669", "#0891b2"];

/** Where a stage sits: its saved position, or a place in its lane when it has none. */
function place(map: JourneyMap): Map<string, { x: number; y: number }> {
  const placed = new Map<string, { x: number; y: number }>();
  const nextInLane = new Map<string, number>();
  map.teams.forEach((team, lane) => {
    for (const stage of map.stages.filter((s) => s.team === team.id)) {
      if (stage.position) {
        placed.set(stage.id, { x: stage.position.x ?? 0, y: stage.position.y ?? 0 });
      } else {
        const column = nextInLane.get(team.id) ?? 0;
        nextInLane.set(team.id, column + 1);
        placed.set(stage.id, {
          x: LANE_LABEL + column * DEFAULT_PITCH,
          y: lane * (CARD_HEIGHT + 2 * LANE_PADDING) + LANE_PADDING,
        });
      }
    }
  });
  return placed;
}

/** The map as React Flow nodes and edges: a band per team, a card per stage, an arrow per
 * transition, handoffs between teams drawn apart and labelled with their owner. */
export function mapToFlow(
  map: JourneyMap,
  flagged: Set<string>,
): { nodes: JourneyNode[]; edges: Edge[] } {
  const positions = place(map);
  const people = new Map(map.people.map((p) => [p.id, p.name]));
  const teamOf = new Map(map.stages.map((s) => [s.id, s.team]));
  const xs = [...positions.values()].map((p) => p.x);
  const right = Math.max(LANE_LABEL + CARD_WIDTH, ...xs.map((x) => x + CARD_WIDTH)) + LANE_PADDING;

  const lanes: LaneNode[] = [];
  let top = 0;
  map.teams.forEach((team, i) => {
    const ys = map.stages.filter((s) => s.team === team.id).map((s) => positions.get(s.id)?.y ?? 0);
    const start = ys.length ? Math.min(top, Math.min(...ys) - LANE_PADDING) : top;
    const end = ys.length ? Math.max(...ys) + CARD_HEIGHT + LANE_PADDING : start + CARD_HEIGHT;
    lanes.push({
      id: `lane:${team.id}`,
      type: "lane",
      position: { x: 0, y: start },
      data: {
        name: team.name,
        color: team.color ?? PALETTE[i % PALETTE.length],
        width: right,
        height: end - start,
      },
      draggable: false,
      selectable: false,
      zIndex: -1,
    });
    top = end;
  });

  const stages: StageNode[] = map.stages.map((stage) => ({
    id: stage.id,
    type: "stage",
    position: positions.get(stage.id) ?? { x: 0, y: 0 },
    data: {
      stage,
      owner:
        stage.owners.length === 0
          ? "No owner"
          : stage.owners.map((o) => people.get(o) ?? o).join(", "),
      flagged: flagged.has(stage.id),
    },
  }));

  const edges: Edge[] = map.transitions.map((t) => {
    const handoff = teamOf.get(t.from) !== teamOf.get(t.to);
    const owner = t.owners.map((o) => people.get(o) ?? o).join(", ");
    return {
      id: t.id,
      source: t.from,
      target: t.to,
      type: "smoothstep",
      label: handoff ? owner || "No owner" : undefined,
      className: [handoff ? "handoff" : "", flagged.has(t.id) ? "flagged" : ""].join(" ").trim(),
      data: { handoff },
    };
  });
  return { nodes: [...lanes, ...stages], edges };
}
