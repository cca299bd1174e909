/** The map as React Flow draws it: lane bands, stage cards and arrows, each marked with its
 * findings and the stage history's counts, named for screen readers. Where things are comes
 * from `geometry.ts`; how an arrow runs from `routes.ts`. */
import { type Node, Position } from "@xyflow/react";
import type {
  History_Serialize as History,
  Map_Serialize as JourneyMap,
  Severity,
  Stage_Serialize as Stage,
} from "../bindings";
import { describeMarks, type Marks } from "../findings";
import { type Arrow, type ArrowCache, drawArrows } from "./arrows";
import { recordKind } from "./counts";
import { Drawn, sameList } from "./drawn";
import {
  CARD_HANDLES,
  CARD_HEIGHT,
  CARD_WIDTH,
  drawnPositions,
  LANE_LABEL,
  LANE_PADDING,
  type Lane,
  laneBands,
  savedPositions,
} from "./geometry";

export type StageData = {
  stage: Stage;
  owner: string;
  /** The worst severity of the findings about this stage, if any. */
  severity: Severity | null;
  /** "ok" when entry and exit criteria are both set, "partial" with one, "none" without. */
  criteria: "ok" | "partial" | "none";
  /** From the stage history, when one is laid over the map: records that entered the stage,
   * and those still in it at the log's end. */
  history: {
    entered: number;
    current: number;
    median: number | null;
    overSla: number | null;
  } | null;
  /** While versions are compared: what changed on this stage, old → new. */
  changes?: string[];
  /** Colleagues who have this stage selected on their canvas. */
  others?: { name: string; color: string }[];
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

/** Every card's handles, as React Flow takes them. */
const HANDLES = CARD_HANDLES.map((h) => ({
  ...h,
  position: h.position === "left" ? Position.Left : Position.Right,
}));

function criteriaStatus(stage: Stage): StageData["criteria"] {
  const set = Number(stage.entry.length > 0) + Number(stage.exit.length > 0);
  return set === 2 ? "ok" : set === 1 ? "partial" : "none";
}

/** What the canvas keeps from one drawing to the next: the routes and label spots of the
 * arrows, reused while no card has moved (routing every arrow again on each edit took 10–30 ms
 * of a 500-stage map's edit, and most edits move nothing), and each card, lane and arrow with
 * what it was drawn from (`drawn.ts`). */
export type CanvasCache = ArrowCache & {
  /** Where each card was drawn last time. */
  positions: Map<string, { x: number; y: number }>;
  lanes: Drawn<LaneNode>;
  stages: Drawn<StageNode>;
  /** The lists last drawn, kept while every item in them is. */
  nodes: JourneyNode[] | null;
  edges: Arrow[] | null;
};
export const canvasCache = (): CanvasCache => ({
  generation: 0,
  positions: new Map(),
  routes: new Map(),
  labels: new Map(),
  pass: null,
  lines: null,
  nodes: null,
  edges: null,
  lanes: new Drawn(),
  stages: new Drawn(),
  arrows: new Drawn(),
  placed: new Drawn(),
});

/** The map as React Flow nodes and edges: a band per team, a card per stage, an arrow per
 * transition, handoffs between teams drawn apart and labelled with their owner; each card
 * and arrow marked with its findings' worst severity (`marks`) and named for screen readers.
 *
 * With the `cache` of the drawing before, a card or arrow nothing of which changed is the
 * same object as before. That holds for maps patched as the app patches them (`patch.ts`): an
 * entity that changed is a new object, and so is a list that changed. */
export function toCanvas(
  map: JourneyMap,
  marks: Marks,
  focusedTeam: string | null = null,
  cache: CanvasCache = canvasCache(),
  history: History | null = null,
): { nodes: JourneyNode[]; edges: Arrow[]; lanes: Lane[] } {
  const stageFlow = new Map(history?.flow.stages.map((s) => [s.id, s]) ?? []);
  const saved = savedPositions(map);
  const lanes = laneBands(map, saved);
  const drawnAt = drawnPositions(map, saved, lanes);
  const laneOf = new Map(lanes.map((l) => [l.team, l]));
  const people = new Map(map.people.map((p) => [p.id, p.name]));
  const teamName = new Map(map.teams.map((t) => [t.id, t.name]));
  const stageOf = new Map(map.stages.map((s) => [s.id, s]));
  let right = LANE_LABEL + CARD_WIDTH;
  for (const p of saved.values()) right = Math.max(right, p.x + CARD_WIDTH);
  right += LANE_PADDING;

  const laneNodes: LaneNode[] = map.teams.map((team, i) => {
    const lane = lanes[i];
    const focused = team.id === focusedTeam;
    const from = [team, lane.top, lane.height, lane.color, right, focused];
    return cache.lanes.get(team.id, from, () => ({
      id: `lane:${team.id}`,
      type: "lane",
      position: { x: 0, y: lane.top },
      data: {
        team: team.id,
        name: team.name,
        color: lane.color,
        width: right,
        height: lane.height,
        focused,
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
    }));
  });
  cache.lanes.forgetUnseen();

  const names = (ids: string[]) => ids.map((o) => people.get(o) ?? o).join(", ");
  const findingsOf = (id: string) => {
    const said = describeMarks(marks.get(id)?.counts);
    return said ? `, ${said}` : "";
  };
  const stages: StageNode[] = map.stages.map((stage) => {
    const { x, y } = drawnAt.get(stage.id) ?? { x: 0, y: 0 };
    const mark = marks.get(stage.id);
    const flow = stageFlow.get(stage.id);
    const team = teamName.get(stage.team);
    // The owners' names, not the list of people: adding someone redraws no card.
    const owner = stage.owners.length === 0 ? "No owner" : names(stage.owners);
    const from = [
      stage,
      x,
      y,
      owner,
      team,
      mark?.worst,
      mark?.counts.error,
      mark?.counts.warning,
      mark?.counts.info,
      flow,
    ];
    return cache.stages.get(stage.id, from, () => {
      const kind =
        stage.kind === "stage"
          ? "Stage"
          : `${stage.kind[0].toUpperCase()}${stage.kind.slice(1)} stage`;
      const entered = flow?.entered ?? 0;
      return {
        id: stage.id,
        type: "stage",
        position: { x, y },
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        measured: { width: CARD_WIDTH, height: CARD_HEIGHT },
        handles: HANDLES,
        ariaLabel: `${kind} ${stage.name} in ${team ?? "no lane"}, ${
          stage.owners.length === 0 ? "no owner" : `owner ${owner}`
        }${findingsOf(stage.id)}`,
        data: {
          stage,
          owner,
          severity: mark?.worst ?? null,
          criteria: criteriaStatus(stage),
          history: flow
            ? {
                entered,
                current: flow.current ?? 0,
                median: flow.median_hours,
                overSla:
                  flow.over_sla === null || entered === 0 ? null : (flow.over_sla ?? 0) / entered,
              }
            : null,
        },
      };
    });
  });
  cache.stages.forgetUnseen();

  // Routes and label spots hold while no card moves.
  if (moved(cache.positions, drawnAt)) {
    cache.positions = drawnAt;
    cache.generation += 1;
    cache.routes.clear();
    cache.labels.clear();
    cache.pass = null;
  }
  const edges = drawArrows({
    map,
    marks,
    cache,
    history,
    drawnAt,
    stageOf,
    laneOf,
    names,
    findingsOf,
  });
  cache.nodes = sameList(cache.nodes, [...laneNodes, ...stages]);
  cache.edges = sameList(cache.edges, edges);
  return { nodes: cache.nodes, edges: cache.edges, lanes };
}

/** Whether any card is drawn elsewhere than before (or was added or removed). */
function moved(
  before: Map<string, { x: number; y: number }>,
  now: Map<string, { x: number; y: number }>,
): boolean {
  if (before.size !== now.size) return true;
  for (const [id, p] of now) {
    const q = before.get(id);
    if (!q || q.x !== p.x || q.y !== p.y) return true;
  }
  return false;
}

/** Which kind of record each lane's stages track, when the map says: "Marketing: contact",
 * "Sales: deal". Lanes whose stages name none are left out. */
export function laneTracks(map: JourneyMap): string[] {
  return map.teams.flatMap((team) => {
    const kinds = [
      ...new Set(
        map.stages
          .filter((s) => s.team === team.id && s.system?.object)
          .map((s) => recordKind(s.system?.object ?? "")),
      ),
    ];
    return kinds.length > 0 ? [`${team.name}: ${kinds.join(", ")}`] : [];
  });
}
