/** The map as React Flow draws it: lane bands, stage cards and arrows, each marked with its
 * findings and the stage history's counts, named for screen readers. Where things are comes
 * from `geometry.ts`; how an arrow runs from `routes.ts`. */
import { type Edge, MarkerType, type Node } from "@xyflow/react";
import {
  CANVAS_STYLE,
  type History_Serialize as History,
  type Map_Serialize as JourneyMap,
  type Severity,
  type Stage_Serialize as Stage,
  type TransitionFlow_Serialize as TransitionFlow,
} from "../bindings";
import { describeMarks, type Marks } from "../findings";
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  COLUMN_PITCH,
  LANE_LABEL,
  LANE_PADDING,
  type Lane,
  laneBands,
  savedPositions,
} from "./geometry";
import {
  backRoute,
  clearLabelSpot,
  forwardRoute,
  LabelObstacles,
  labelAt,
  labelSize,
  type Route,
  routeFor,
} from "./routes";

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
/** What an arrow is drawn with: a handoff between teams, a back edge (rework) routed below
 * its cards, its findings' worst severity. */
export type ArrowData = {
  handoff: boolean;
  /** A path records took in the stage history that the map does not draw. */
  undocumented?: boolean;
  /** Drawn this much thicker by the records that took it (stage history). */
  weight?: number;
  back: boolean;
  severity: Severity | null;
  /** How a forward arrow runs (see canvas/routes.ts); `null` for a back arrow. */
  route: Route | null;
  /** Where a handoff's owner is written: on the border its arrow crosses out of the source's
   * lane, in the empty padding between the lanes' cards. */
  labelY: number | null;
  /** Where the label is written: on the arrow, clear of every card and of the labels before
   * it (`null`: no label). */
  labelAt: { x: number; y: number } | null;
};
export type Arrow = Edge<ArrowData, "journey">;

/** An arrow's head in `color`, sized in canvas units: one sized by the stroke would balloon
 * on thick arrows. */
const arrowhead = (color: string) => ({
  type: MarkerType.ArrowClosed,
  width: 14,
  height: 14,
  markerUnits: "userSpaceOnUse",
  color,
});

/** The arrowhead's colour for each severity (and for none): one marker per colour. */
const ARROW_COLOUR: Record<Severity | "none", string> = {
  ...CANVAS_STYLE.severity,
  none: "#4b5563",
};

function criteriaStatus(stage: Stage): StageData["criteria"] {
  const set = Number(stage.entry.length > 0) + Number(stage.exit.length > 0);
  return set === 2 ? "ok" : set === 1 ? "partial" : "none";
}

/** The routes of the last drawing, reused while no card has moved: routing every arrow again
 * on each edit took 10–30 ms of a 500-stage map's edit, and most edits move nothing. */
export type RouteCache = {
  layout: string;
  routes: Map<string, Route | null>;
  /** Where each label went, by arrow, label and border: labels move only with the cards. */
  labels: Map<string, { x: number; y: number }>;
  /** Where each label was moved to, clear of the labels before it, by arrow, spot and text:
   * a label keeps its place while that place is still free, so an edit that changes one
   * label moves no other (and places it in a lookup, not a search: searching again for every
   * label took 20 ms of a 500-stage map's edit). */
  apart: Map<string, { x: number; y: number }>;
};
export const routeCache = (): RouteCache => ({
  layout: "",
  routes: new Map(),
  labels: new Map(),
  apart: new Map(),
});

/** How many records took a transition, their share of all that left its source, and the
 * median time they took. */
function records(n: number, share: number | null, median: number | null = null): string {
  const parts = [n.toLocaleString("en")];
  if (share !== null) parts.push(`${Math.round(share * 100)}%`);
  if (median !== null) parts.push(duration(median));
  return parts.join(" · ");
}

/** A record kind as one record is called (`Deals` → `deal`), as the history's reader compares
 * them (`kind_key` in crates/throughline-history). */
export function recordKind(object: string): string {
  const k = object.trim().toLowerCase();
  if (k.endsWith("ies")) return `${k.slice(0, -3)}y`;
  if (k.endsWith("s") && !k.endsWith("ss")) return k.slice(0, -1);
  return k;
}

/** At a handoff where the record changes: how many of the records that reached it never
 * became one of the other kind ("312 of 1,040 never became a deal"), the ones still within
 * the SLA aside; `null` elsewhere. */
export function leakText(took: TransitionFlow | undefined, to: Stage | undefined): string | null {
  if (!took || !("leaked" in took) || took.leaked === null || took.leaked === undefined) {
    return null;
  }
  const waiting = took.waiting ?? 0;
  const lost = (took.leaked ?? 0) - waiting;
  const counted = (took.reached ?? 0) - waiting;
  const kind = to?.system?.object ? recordKind(to.system.object) : "record";
  const one = /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
  return `${lost.toLocaleString("en")} of ${counted.toLocaleString("en")} never became ${one}`;
}

/** A measured time for people, as the report and the command line give it
 * (`throughline_history::duration`), in the canvas's short units: minutes under an hour, hours
 * under two days, then days. */
export function duration(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return hours < 48 ? `${Math.round(hours)} h` : `${(hours / 24).toFixed(1)} d`;
}

/** The map as React Flow nodes and edges: a band per team, a card per stage, an arrow per
 * transition, handoffs between teams drawn apart and labelled with their owner; each card
 * and arrow marked with its findings' worst severity (`marks`) and named for screen readers. */
export function toCanvas(
  map: JourneyMap,
  marks: Marks,
  focusedTeam: string | null = null,
  cache: RouteCache = routeCache(),
  history: History | null = null,
): { nodes: JourneyNode[]; edges: Arrow[]; lanes: Lane[] } {
  const stageFlow = new Map(history?.flow.stages.map((s) => [s.id, s]) ?? []);
  const transitionFlow = new Map(history?.flow.transitions.map((t) => [t.id, t]) ?? []);
  const busiest = Math.max(0, ...(history?.flow.transitions.map((t) => t.records ?? 0) ?? []));
  const saved = savedPositions(map);
  const lanes = laneBands(map, saved);
  const laneOf = new Map(lanes.map((l) => [l.team, l]));
  const people = new Map(map.people.map((p) => [p.id, p.name]));
  const teamName = new Map(map.teams.map((t) => [t.id, t.name]));
  const stageOf = new Map(map.stages.map((s) => [s.id, s]));
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
  const findingsOf = (id: string) => {
    const said = describeMarks(marks.get(id)?.counts);
    return said ? `, ${said}` : "";
  };
  const stages: StageNode[] = map.stages.map((stage) => {
    const p = saved.get(stage.id) ?? { x: 0, y: 0 };
    const owner = stage.owners.length === 0 ? "No owner" : names(stage.owners);
    const kind =
      stage.kind === "stage"
        ? "Stage"
        : `${stage.kind[0].toUpperCase()}${stage.kind.slice(1)} stage`;
    return {
      id: stage.id,
      type: "stage",
      position: { x: p.x, y: p.y + (laneOf.get(stage.team)?.offset ?? 0) },
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      measured: { width: CARD_WIDTH, height: CARD_HEIGHT },
      ariaLabel: `${kind} ${stage.name} in ${teamName.get(stage.team) ?? "no lane"}, ${
        stage.owners.length === 0 ? "no owner" : `owner ${owner}`
      }${findingsOf(stage.id)}`,
      data: {
        stage,
        owner,
        severity: marks.get(stage.id)?.worst ?? null,
        criteria: criteriaStatus(stage),
        history: (() => {
          const f = stageFlow.get(stage.id);
          if (!f) return null;
          const entered = f.entered ?? 0;
          return {
            entered,
            current: f.current ?? 0,
            median: f.median_hours,
            overSla: f.over_sla === null || entered === 0 ? null : (f.over_sla ?? 0) / entered,
          };
        })(),
      },
    };
  });

  // Cards by column, so that routing an arrow looks only at the columns it spans.
  const drawnAt = new Map(stages.map((n) => [n.id, n.position]));
  const layout = stages.map((n) => `${n.id} ${n.position.x} ${n.position.y}`).join("\n");
  if (layout !== cache.layout) {
    cache.layout = layout;
    cache.routes.clear();
    cache.labels.clear();
    cache.apart.clear();
  }
  const columns = new Map<number, { id: string; x: number; y: number }[]>();
  for (const [id, p] of drawnAt) {
    const c = Math.floor(p.x / COLUMN_PITCH);
    const column = columns.get(c);
    if (column) column.push({ id, ...p });
    else columns.set(c, [{ id, ...p }]);
  }
  const between = (a: { x: number }, b: { x: number }, skip: string[]) => {
    const found: { x: number; y: number }[] = [];
    const last = Math.floor(b.x / COLUMN_PITCH);
    for (let c = Math.floor(a.x / COLUMN_PITCH) - 1; c <= last; c++)
      for (const p of columns.get(c) ?? []) if (!skip.includes(p.id)) found.push(p);
    return found;
  };

  /** Where an arrow's label goes: on the arrow (as it will be drawn from card to card), clear
   * of the cards near it. */
  const arrowPoints = (
    a: { x: number; y: number },
    b: { x: number; y: number },
    back: boolean,
    route: Route | null,
  ) => {
    const source = { x: a.x + CARD_WIDTH, y: a.y + CARD_HEIGHT / 2 };
    const target = { x: b.x, y: b.y + CARD_HEIGHT / 2 };
    return back
      ? backRoute(source, target)
      : forwardRoute(source, target, route ?? { kind: "bend", x: (source.x + target.x) / 2 });
  };
  const labelSpot = (
    a: { x: number; y: number },
    b: { x: number; y: number },
    back: boolean,
    route: Route | null,
    labelY: number | null,
    label: string,
  ) => {
    const points = arrowPoints(a, b, back, route);
    const key = `${a.x} ${a.y} ${b.x} ${b.y} ${labelY}\n${label}`;
    const known = cache.labels.get(key);
    if (known) return known;
    const spot = clearLabelSpot(points, labelAt(points, labelY), labelSize(label), nearby(points));
    cache.labels.set(key, spot);
    return spot;
  };
  /** The cards within reach of an arrow through `points`: those in the columns it spans. */
  const nearby = (points: { x: number; y: number }[]) => {
    const xs = points.map((p) => p.x);
    return between({ x: Math.min(...xs) - CARD_WIDTH }, { x: Math.max(...xs) + CARD_WIDTH }, []);
  };

  const edges: Arrow[] = map.transitions.map((t) => {
    const from = stageOf.get(t.from);
    const to = stageOf.get(t.to);
    const handoff = from?.team !== to?.team;
    const severity = marks.get(t.id)?.worst ?? null;
    const a = drawnAt.get(t.from) ?? { x: 0, y: 0 };
    const b = drawnAt.get(t.to) ?? { x: 0, y: 0 };
    // An arrow that does not run to the right (rework, a loop) is routed below its cards.
    const back = b.x < a.x + CARD_WIDTH + 12;
    const key = `${t.from}\n${t.to}`;
    let route = cache.routes.get(key);
    if (route === undefined) {
      route = back ? null : routeFor(a, b, between(a, b, [t.from, t.to]));
      cache.routes.set(key, route);
    }
    const sourceLane = from && laneOf.get(from.team);
    const labelY =
      handoff && sourceLane && !back
        ? b.y > a.y
          ? sourceLane.top + sourceLane.height
          : sourceLane.top
        : null;
    const owner = names(t.owners);
    const took = transitionFlow.get(t.id);
    const counted = took ? records(took.records ?? 0, took.share, took.median_hours) : null;
    const leaked = leakText(took, to);
    const named = handoff ? owner || "No owner" : null;
    // The leak on a line of its own, so that the label stays about as wide as the arrow.
    const said = [named, counted].filter(Boolean).join(" · ");
    const label = [said, leaked].filter(Boolean).join("\n") || undefined;
    return {
      id: t.id,
      source: t.from,
      target: t.to,
      type: "journey",
      label,
      className: [handoff ? "handoff" : "", severity ?? "", back ? "back" : ""]
        .filter(Boolean)
        .join(" "),
      markerEnd: arrowhead(ARROW_COLOUR[severity ?? "none"]),
      ariaLabel: `${handoff ? "Handoff" : "Transition"} from ${from?.name ?? t.from} to ${
        to?.name ?? t.to
      }${handoff ? (owner ? `, owner ${owner}` : ", no owner") : ""}${leaked ? `; ${leaked}` : ""}${findingsOf(t.id)}`,
      // React Flow's types leave data-* attributes out; it passes them to the arrow's <g>.
      domAttributes: { "data-transition-id": t.id } as Arrow["domAttributes"],
      data: {
        handoff,
        back,
        severity,
        route,
        labelY,
        labelAt: label ? labelSpot(a, b, back, route, labelY, label) : null,
        weight: took && busiest > 0 ? ((took.records ?? 0) / busiest) * 5 : undefined,
      },
    };
  });
  // Paths records took that the map lacks (until it draws them): dashed, with their count.
  const drawn = new Set(map.transitions.map((t) => `${t.from}\n${t.to}`));
  for (const u of history?.flow.undocumented ?? []) {
    if (drawn.has(`${u.from}\n${u.to}`)) continue;
    const a = drawnAt.get(u.from);
    const b = drawnAt.get(u.to);
    if (!a || !b) continue;
    const back = b.x < a.x + CARD_WIDTH + 12;
    const route = back ? null : routeFor(a, b, between(a, b, [u.from, u.to]));
    const label = `${records(u.records ?? 0, null)} not on the map · click to draw`;
    const from = stageOf.get(u.from);
    const to = stageOf.get(u.to);
    edges.push({
      id: `undocumented:${u.from}:${u.to}`,
      source: u.from,
      target: u.to,
      type: "journey",
      label,
      className: "undocumented",
      selectable: false,
      focusable: false,
      markerEnd: arrowhead(UNDOCUMENTED_COLOUR),
      ariaLabel: `Undocumented path: ${u.records} records moved from ${from?.name ?? u.from} to ${to?.name ?? u.to}, a way the map does not draw; click it, or select both stages and press D, to draw it`,
      data: {
        handoff: false,
        undocumented: true,
        back,
        severity: null,
        route,
        labelY: null,
        labelAt: labelSpot(a, b, back, route, null, label),
      },
    });
  }
  // Labels clear of each other and of the other arrows' lines too: one over a label placed
  // before it or crossed by an arrow moves to the nearest free spot on its arrow or beside
  // it, or back to where it went last time if that is free.
  const taken = new LabelObstacles();
  const pointsOf = (e: Arrow) => {
    const a = drawnAt.get(e.source) ?? { x: 0, y: 0 };
    const b = drawnAt.get(e.target) ?? { x: 0, y: 0 };
    return arrowPoints(a, b, e.data?.back ?? false, e.data?.route ?? null);
  };
  for (const e of edges) taken.addArrow(e.id, pointsOf(e));
  const apart = new Map<string, { x: number; y: number }>();
  for (const e of edges) {
    const at = e.data?.labelAt;
    if (!e.data || !at || typeof e.label !== "string") continue;
    const size = labelSize(e.label);
    const key = `${e.id}\n${at.x} ${at.y}\n${e.label}`;
    const before = cache.apart.get(key);
    if (before && !taken.covers(before, size, e.id)) {
      e.data.labelAt = before;
    } else if (taken.covers(at, size, e.id)) {
      const points = pointsOf(e);
      e.data.labelAt = clearLabelSpot(points, at, size, nearby(points), taken, e.id);
    }
    const spot = e.data.labelAt ?? at;
    apart.set(key, spot);
    taken.add(spot, size);
  }
  cache.apart = apart;
  return { nodes: [...laneNodes, ...stages], edges, lanes };
}

/** The colour of paths in the stage history that the map does not draw. */
const UNDOCUMENTED_COLOUR = "#7c3aed";

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
