import type { Edge, Node } from "@xyflow/react";
import {
  CANVAS_STYLE,
  type Map_Serialize as JourneyMap,
  type Stage_Serialize as Stage,
} from "./bindings";

/** A card's size and the lane colours come from the core, which the report reads too. */
export const CARD_WIDTH = CANVAS_STYLE.card_width;
export const CARD_HEIGHT = CANVAS_STYLE.card_height;
export const LANE_PADDING = 28;
export const LANE_LABEL = 170;
export const COLUMN_PITCH = 260;
export const ROW_PITCH = CARD_HEIGHT + 24;
const EMPTY_LANE_HEIGHT = CARD_HEIGHT + 2 * LANE_PADDING;

export type StageData = {
  stage: Stage;
  owner: string;
  flagged: boolean;
  /** "ok" when entry and exit criteria are both set, "partial" with one, "none" without. */
  criteria: "ok" | "partial" | "none";
};
export type StageNode = Node<StageData, "stage">;
export type LaneData = {
  team: string;
  name: string;
  color: string;
  width: number;
  height: number;
  focused: boolean;
};
export type LaneNode = Node<LaneData, "lane">;
export type JourneyNode = StageNode | LaneNode;

/** The colour of the lane at `index` when its team has none of its own. */
export const laneColour = (index: number): string =>
  CANVAS_STYLE.palette[index % CANVAS_STYLE.palette.length];

/** A lane band on the canvas. Stages keep the positions saved in the map; a lane shifts them
 * vertically by `offset` so every stage sits inside its own team's band, whatever its saved
 * y. An empty lane has offset 0. */
export type Lane = { team: string; top: number; height: number; offset: number; color: string };

/** Where each stage is saved: its own position, or a slot in its lane when it has none. */
export function savedPositions(map: JourneyMap): Map<string, { x: number; y: number }> {
  const placed = new Map<string, { x: number; y: number }>();
  const nextInLane = new Map<string, number>();
  for (const stage of map.stages) {
    if (stage.position && stage.position.x !== null && stage.position.y !== null) {
      placed.set(stage.id, { x: stage.position.x, y: stage.position.y });
    } else {
      const column = nextInLane.get(stage.team) ?? 0;
      nextInLane.set(stage.team, column + 1);
      placed.set(stage.id, { x: LANE_LABEL + column * COLUMN_PITCH, y: 0 });
    }
  }
  return placed;
}

/** The lane bands, top to bottom in team order, tall enough for the stages inside. */
export function laneBands(
  map: JourneyMap,
  saved: Map<string, { x: number; y: number }> = savedPositions(map),
): Lane[] {
  const extent = new Map<string, { min: number; max: number }>();
  for (const stage of map.stages) {
    const y = saved.get(stage.id)?.y ?? 0;
    const e = extent.get(stage.team);
    extent.set(
      stage.team,
      e ? { min: Math.min(e.min, y), max: Math.max(e.max, y) } : { min: y, max: y },
    );
  }
  let top = 0;
  return map.teams.map((team, i) => {
    const e = extent.get(team.id);
    const height = e ? e.max - e.min + CARD_HEIGHT + 2 * LANE_PADDING : EMPTY_LANE_HEIGHT;
    const lane = {
      team: team.id,
      top,
      height,
      offset: e ? top + LANE_PADDING - e.min : 0,
      color: team.color ?? laneColour(i),
    };
    top += height;
    return lane;
  });
}

/** Where each stage is drawn: its saved position shifted into its lane's band. */
export function drawnPositions(map: JourneyMap): Map<string, { x: number; y: number }> {
  const saved = savedPositions(map);
  const offset = new Map(laneBands(map, saved).map((l) => [l.team, l.offset]));
  const drawn = new Map<string, { x: number; y: number }>();
  for (const s of map.stages) {
    const p = saved.get(s.id) ?? { x: 0, y: 0 };
    drawn.set(s.id, { x: p.x, y: p.y + (offset.get(s.team) ?? 0) });
  }
  return drawn;
}

/** Where a card dropped at `drawn` (canvas coordinates) is saved: in the lane under its
 * middle, `team` set when that is another team's lane, its y undone from that lane's shift. */
export function dropPlace(
  lanes: Lane[],
  team: string,
  drawn: { x: number; y: number },
): { team: string | null; x: number; y: number } {
  const under = laneAt(lanes, drawn.y + CARD_HEIGHT / 2);
  const moved = under && under.team !== team ? under : null;
  const lane = moved ?? lanes.find((l) => l.team === team);
  return {
    team: moved?.team ?? null,
    x: Math.round(drawn.x),
    y: Math.round(drawn.y - (lane?.offset ?? 0)),
  };
}

/** The lane under a canvas y, or the nearest one above or below the bands. */
export function laneAt(lanes: Lane[], y: number): Lane | undefined {
  if (lanes.length === 0) return undefined;
  return lanes.find((l) => y >= l.top && y < l.top + l.height) ?? (y < 0 ? lanes[0] : lanes.at(-1));
}

function criteriaStatus(stage: Stage): StageData["criteria"] {
  const set = Number(stage.entry.length > 0) + Number(stage.exit.length > 0);
  return set === 2 ? "ok" : set === 1 ? "partial" : "none";
}

/** The map as React Flow nodes and edges: a band per team, a card per stage, an arrow per
 * transition, handoffs between teams drawn apart and labelled with their owner. */
export function mapToFlow(
  map: JourneyMap,
  flagged: Set<string>,
  focusedTeam: string | null = null,
): { nodes: JourneyNode[]; edges: Edge[]; lanes: Lane[] } {
  const saved = savedPositions(map);
  const lanes = laneBands(map, saved);
  const laneOf = new Map(lanes.map((l) => [l.team, l]));
  const people = new Map(map.people.map((p) => [p.id, p.name]));
  const teamOf = new Map(map.stages.map((s) => [s.id, s.team]));
  let right = LANE_LABEL + CARD_WIDTH;
  for (const p of saved.values()) right = Math.max(right, p.x + CARD_WIDTH);
  right += LANE_PADDING;

  const laneNodes: LaneNode[] = map.teams.map((team, i) => {
    const lane = lanes[i];
    return {
      id: `lane:${team.id}`,
      type: "lane",
      position: { x: 0, y: lane.top },
      data: {
        team: team.id,
        name: team.name,
        color: lane.color,
        width: right,
        height: lane.height,
        focused: team.id === focusedTeam,
      },
      // Sizes given up front, and as already measured: React Flow would otherwise measure
      // every node again whenever the nodes change (each frame of a drag).
      width: right,
      height: lane.height,
      measured: { width: right, height: lane.height },
      draggable: false,
      selectable: false,
      focusable: false,
      zIndex: -1,
    };
  });

  const names = (ids: string[]) => ids.map((o) => people.get(o) ?? o).join(", ");
  const stages: StageNode[] = map.stages.map((stage) => {
    const p = saved.get(stage.id) ?? { x: 0, y: 0 };
    return {
      id: stage.id,
      type: "stage",
      position: { x: p.x, y: p.y + (laneOf.get(stage.team)?.offset ?? 0) },
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      measured: { width: CARD_WIDTH, height: CARD_HEIGHT },
      data: {
        stage,
        owner: stage.owners.length === 0 ? "No owner" : names(stage.owners),
        flagged: flagged.has(stage.id),
        criteria: criteriaStatus(stage),
      },
    };
  });

  const edges: Edge[] = map.transitions.map((t) => {
    const handoff = teamOf.get(t.from) !== teamOf.get(t.to);
    return {
      id: t.id,
      source: t.from,
      target: t.to,
      type: "smoothstep",
      label: handoff ? names(t.owners) || "No owner" : undefined,
      className: [handoff ? "handoff" : "", flagged.has(t.id) ? "flagged" : ""].join(" ").trim(),
      domAttributes: { "data-transition-id": t.id },
      data: { handoff },
    } as Edge;
  });
  return { nodes: [...laneNodes, ...stages], edges, lanes };
}

/** Keeps the previous object for every item that is the same as before, so React Flow redraws
 * only the cards and arrows an edit touched. "The same" is one level deep: nested objects
 * (positions, data) are compared field by field, and anything deeper by identity, which holds
 * because the map itself is patched entity by entity (see patch.ts). `cache` is updated in
 * place for the next call. */
export function keepUnchanged<T extends { id: string }>(cache: Map<string, T>, items: T[]): T[] {
  const seen = new Set<string>();
  const kept = items.map((item) => {
    seen.add(item.id);
    const previous = cache.get(item.id);
    if (previous && sameShallow(previous, item, 2)) return previous;
    cache.set(item.id, item);
    return item;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return kept;
}

function sameShallow(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (depth === 0 || typeof a !== "object" || typeof b !== "object" || !a || !b) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) =>
    sameShallow((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1),
  );
}

/** The stage cards a selection box (canvas coordinates, corners in any order) touches. */
export function stagesInBox(
  nodes: JourneyNode[],
  a: { x: number; y: number },
  b: { x: number; y: number },
): string[] {
  const [left, right] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [top, bottom] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return nodes
    .filter(
      (n) =>
        n.type === "stage" &&
        n.position.x < right &&
        n.position.x + CARD_WIDTH > left &&
        n.position.y < bottom &&
        n.position.y + CARD_HEIGHT > top,
    )
    .map((n) => n.id);
}
