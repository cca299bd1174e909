/** The arrows of the canvas: one per transition (and per path the stage history took that the
 * map lacks), routed through the gaps between cards, each handoff labelled with its owner,
 * the labels kept clear of the cards, of each other and of the other arrows' lines. */
import { type Edge, MarkerType } from "@xyflow/react";
import {
  CANVAS_STYLE,
  type History_Serialize as History,
  type Map_Serialize as JourneyMap,
  type Severity,
  type Stage_Serialize as Stage,
  type TransitionFlow_Serialize as TransitionFlow,
} from "../bindings";
import type { Marks } from "../findings";
import { leakText, records } from "./counts";
import type { Drawn } from "./drawn";
import { CARD_HEIGHT, CARD_WIDTH, COLUMN_PITCH, type Lane } from "./geometry";
import { type LabelPass, labelsApart } from "./labels";
import {
  backRoute,
  clearLabelSpot,
  forwardRoute,
  type LabelObstacles,
  labelAt,
  labelSize,
  type Route,
  routeFor,
} from "./routes";

type Point = { x: number; y: number };

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
export const arrowhead = (color: string) => ({
  type: MarkerType.ArrowClosed,
  width: 14,
  height: 14,
  markerUnits: "userSpaceOnUse",
  color,
});

/** The arrowhead's colour for each severity (and for none): one marker per colour. */
export const ARROW_COLOUR: Record<Severity | "none", string> = {
  ...CANVAS_STYLE.severity,
  none: "#4b5563",
};

/** The colour of paths in the stage history that the map does not draw. */
export const UNDOCUMENTED_COLOUR = CANVAS_STYLE.drawing.undocumented;

/** What the arrows keep from one drawing to the next (part of the canvas's `CanvasCache`). */
export type ArrowCache = {
  /** Counts the times a card moved: routes and label spots are worked out again then. */
  generation: number;
  routes: Map<string, Route | null>;
  /** Where each label went, by arrow, label and border: labels move only with the cards. */
  labels: Map<string, Point>;
  /** Where each arrow's label went, clear of the others (`labels.ts`): a label keeps its place
   * while that place is still free, so an edit that changes one label moves no other. */
  pass: LabelPass | null;
  /** Every arrow's line, for labels to keep clear of, with the points it was made from: kept
   * while no arrow changes course. */
  lines: { ids: string[]; points: Point[][]; obstacles: LabelObstacles } | null;
  /** Each arrow before its label is moved clear of the others, with its points. */
  arrows: Drawn<{ arrow: Arrow; points: Point[] }>;
  /** Each arrow whose label was moved, as drawn. */
  placed: Drawn<Arrow>;
};

/** What drawing the arrows needs from the rest of the canvas. */
export type ArrowContext = {
  map: JourneyMap;
  marks: Marks;
  cache: ArrowCache;
  history: History | null;
  /** Where each card is drawn (its top left). */
  drawnAt: Map<string, Point>;
  stageOf: Map<string, Stage>;
  laneOf: Map<string, Lane>;
  /** People's names for a list of ids. */
  names: (ids: string[]) => string;
  /** ", 1 error, 2 warnings" for what the findings say about an id, for screen readers. */
  findingsOf: (id: string) => string;
};

/** Every arrow, drawn again only when it or what it is drawn from changed (see `drawn.ts`). */
export function drawArrows(ctx: ArrowContext): Arrow[] {
  const { map, marks, cache, history, drawnAt, stageOf } = ctx;
  const transitionFlow = new Map(history?.flow.transitions.map((t) => [t.id, t]) ?? []);
  const busiest = Math.max(0, ...(history?.flow.transitions.map((t) => t.records ?? 0) ?? []));
  const place = placer(ctx);
  const drawn: { arrow: Arrow; points: Point[] }[] = map.transitions.map((t) => {
    const from = stageOf.get(t.from);
    const to = stageOf.get(t.to);
    const a = drawnAt.get(t.from) ?? ORIGIN;
    const b = drawnAt.get(t.to) ?? ORIGIN;
    const mark = marks.get(t.id);
    const took = transitionFlow.get(t.id);
    // The owners' names, not the list of people: adding someone redraws no arrow.
    const owner = ctx.names(t.owners);
    // Where the cards are is in `generation`: it changes whenever any card moves.
    const inputs = [
      t,
      from,
      to,
      cache.generation,
      owner,
      mark?.worst,
      mark?.counts.error,
      mark?.counts.warning,
      mark?.counts.info,
      took,
      busiest,
    ];
    return cache.arrows.get(t.id, inputs, () =>
      transitionArrow(ctx, place, { from, to, a, b, took, busiest, owner, id: t.id }),
    );
  });
  // Paths records took that the map lacks (until it draws them): dashed, with their count.
  const undocumented = history?.flow.undocumented ?? [];
  const known = new Set(
    undocumented.length ? map.transitions.map((t) => `${t.from}\n${t.to}`) : [],
  );
  for (const u of undocumented) {
    if (known.has(`${u.from}\n${u.to}`)) continue;
    const a = drawnAt.get(u.from);
    const b = drawnAt.get(u.to);
    if (!a || !b) continue;
    const id = `undocumented:${u.from}:${u.to}`;
    const inputs = [u, cache.generation, stageOf.get(u.from), stageOf.get(u.to)];
    drawn.push(
      cache.arrows.get(id, inputs, () => {
        const back = isBack(a, b);
        const route = back ? null : routeFor(a, b, place.between(a, b, [u.from, u.to]));
        const label = `${records(u.records ?? 0, null)} not on the map · click to draw`;
        const points = arrowPoints(a, b, back, route);
        const from = stageOf.get(u.from);
        const to = stageOf.get(u.to);
        return {
          points,
          arrow: {
            id,
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
              labelAt: place.labelSpot(points, null, label),
            },
          },
        };
      }),
    );
  }
  cache.arrows.forgetUnseen();
  const placed = labelsApart(drawn, cache, place.nearby);
  cache.placed.forgetUnseen();
  return placed;
}

const ORIGIN: Point = { x: 0, y: 0 };

/** An arrow that does not run to the right (rework, a loop) is routed below its cards. */
const isBack = (a: Point, b: Point) => b.x < a.x + CARD_WIDTH + 12;

/** The points of an arrow from card `a` to card `b`, as it is drawn. */
function arrowPoints(a: Point, b: Point, back: boolean, route: Route | null): Point[] {
  const source = { x: a.x + CARD_WIDTH, y: a.y + CARD_HEIGHT / 2 };
  const target = { x: b.x, y: b.y + CARD_HEIGHT / 2 };
  return back
    ? backRoute(source, target)
    : forwardRoute(source, target, route ?? { kind: "bend", x: (source.x + target.x) / 2 });
}

/** Finding the cards near an arrow and a spot for its label, with the cards indexed by
 * column on first use: most edits route nothing and place no label anew. */
function placer({ cache, drawnAt }: ArrowContext) {
  let columns: Map<number, { id: string; x: number; y: number }[]> | null = null;
  const between = (a: { x: number }, b: { x: number }, skip: string[]) => {
    if (!columns) {
      columns = new Map();
      for (const [id, p] of drawnAt) {
        const c = Math.floor(p.x / COLUMN_PITCH);
        const column = columns.get(c);
        if (column) column.push({ id, ...p });
        else columns.set(c, [{ id, ...p }]);
      }
    }
    const found: Point[] = [];
    const last = Math.floor(b.x / COLUMN_PITCH);
    for (let c = Math.floor(a.x / COLUMN_PITCH) - 1; c <= last; c++)
      for (const p of columns.get(c) ?? []) if (!skip.includes(p.id)) found.push(p);
    return found;
  };
  /** The cards within reach of an arrow through `points`: those in the columns it spans. */
  const nearby = (points: Point[]) => {
    const xs = points.map((p) => p.x);
    return between({ x: Math.min(...xs) - CARD_WIDTH }, { x: Math.max(...xs) + CARD_WIDTH }, []);
  };
  /** Where an arrow's label goes: on the arrow, clear of the cards near it. */
  const labelSpot = (points: Point[], labelY: number | null, label: string) => {
    const first = points[0];
    const last = points[points.length - 1];
    const key = `${first.x} ${first.y} ${last.x} ${last.y} ${labelY}\n${label}`;
    const known = cache.labels.get(key);
    if (known) return known;
    const spot = clearLabelSpot(points, labelAt(points, labelY), labelSize(label), nearby(points));
    cache.labels.set(key, spot);
    return spot;
  };
  return { between, nearby, labelSpot };
}

/** A transition's arrow, with its points. */
function transitionArrow(
  { laneOf, findingsOf, marks, cache }: ArrowContext,
  place: ReturnType<typeof placer>,
  t: {
    id: string;
    /** Its owners' names. */
    owner: string;
    from: Stage | undefined;
    to: Stage | undefined;
    a: Point;
    b: Point;
    took: TransitionFlow | undefined;
    busiest: number;
  },
): { arrow: Arrow; points: Point[] } {
  const { from, to, a, b, took } = t;
  const source = from?.id ?? "";
  const target = to?.id ?? "";
  const handoff = from?.team !== to?.team;
  const severity = marks.get(t.id)?.worst ?? null;
  const back = isBack(a, b);
  const key = `${source}\n${target}`;
  let route = cache.routes.get(key);
  if (route === undefined) {
    route = back ? null : routeFor(a, b, place.between(a, b, [source, target]));
    cache.routes.set(key, route);
  }
  const sourceLane = from && laneOf.get(from.team);
  const labelY =
    handoff && sourceLane && !back
      ? b.y > a.y
        ? sourceLane.top + sourceLane.height
        : sourceLane.top
      : null;
  const owner = t.owner;
  const counted = took ? records(took.records ?? 0, took.share, took.median_hours) : null;
  const leaked = leakText(took, to);
  const named = handoff ? owner || "No owner" : null;
  // The leak on a line of its own, so that the label stays about as wide as the arrow.
  const said = [named, counted].filter(Boolean).join(" · ");
  const label = [said, leaked].filter(Boolean).join("\n") || undefined;
  const points = arrowPoints(a, b, back, route);
  return {
    points,
    arrow: {
      id: t.id,
      source,
      target,
      type: "journey",
      label,
      className: [handoff ? "handoff" : "", severity ?? "", back ? "back" : ""]
        .filter(Boolean)
        .join(" "),
      markerEnd: arrowhead(ARROW_COLOUR[severity ?? "none"]),
      ariaLabel: `${handoff ? "Handoff" : "Transition"} from ${from?.name ?? source} to ${
        to?.name ?? target
      }${handoff ? (owner ? `, owner ${owner}` : ", no owner") : ""}${leaked ? `; ${leaked}` : ""}${findingsOf(t.id)}`,
      // React Flow's types leave data-* attributes out; it passes them to the arrow's <g>.
      domAttributes: { "data-transition-id": t.id } as Arrow["domAttributes"],
      data: {
        handoff,
        back,
        severity,
        route,
        labelY,
        labelAt: label ? place.labelSpot(points, labelY, label) : null,
        weight: took && t.busiest > 0 ? ((took.records ?? 0) / t.busiest) * 5 : undefined,
      },
    },
  };
}
