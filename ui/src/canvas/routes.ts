/** Where each arrow runs. Arrows leave a card's right side and enter the next card's left
 * side. A forward arrow turns once, at a vertical run placed in the gap between columns where
 * it crosses no card; where every such run would cross one (a stage skipped in a row of
 * cards), it steps out into the free row between cards, runs along it and steps back in.
 * A general orthogonal router (libavoid) is not available in the browser, and between lanes
 * of cards in columns with free rows between them, these two shapes are all a journey needs. */
import { CARD_HEIGHT, CARD_WIDTH } from "./geometry";

type Point = { x: number; y: number };
type Box = { left: number; top: number; right: number; bottom: number };

/** How a forward arrow runs between its two cards (corners of the cards, in canvas units). */
export type Route = { kind: "bend"; x: number } | { kind: "detour"; y: number };

/** How far an arrow stays off a card it passes. */
const CLEARANCE = 6;
/** How far from the row of cards a detour runs: the middle of the free space between rows. */
const DETOUR_OFFSET = 12;
/** Where a detour steps out after the source and back in before the target. */
const STEP = 2 * CLEARANCE;

const cardBox = (p: Point): Box => ({
  left: p.x - CLEARANCE,
  top: p.y - CLEARANCE,
  right: p.x + CARD_WIDTH + CLEARANCE,
  bottom: p.y + CARD_HEIGHT + CLEARANCE,
});

const crossesHorizontal = (b: Box, y: number, x1: number, x2: number) =>
  y > b.top && y < b.bottom && Math.max(x1, x2) > b.left && Math.min(x1, x2) < b.right;

const crossesVertical = (b: Box, x: number, y1: number, y2: number) =>
  x > b.left && x < b.right && Math.max(y1, y2) > b.top && Math.min(y1, y2) < b.bottom;

/** How many of `boxes` the orthogonal path through `points` runs through. */
function crossings(points: Point[], boxes: Box[]): number {
  let crossed = 0;
  for (const b of boxes) {
    for (let i = 1; i < points.length; i++) {
      const [p, q] = [points[i - 1], points[i]];
      const hit =
        p.y === q.y ? crossesHorizontal(b, p.y, p.x, q.x) : crossesVertical(b, p.x, p.y, q.y);
      if (hit) {
        crossed += 1;
        break;
      }
    }
  }
  return crossed;
}

/** The route of a forward arrow from the card at `from` to the card at `to` past `others`:
 * the single turn that crosses the fewest cards (nearest the middle on a tie), unless a
 * detour along a free row crosses fewer. Called for every arrow on every edit, so the common
 * case — a turn that crosses nothing — looks only at the cards between the arrow's rows. */
export function routeFor(from: Point, to: Point, others: Point[]): Route {
  const start = from.x + CARD_WIDTH;
  const end = to.x;
  const sy = from.y + CARD_HEIGHT / 2;
  const ty = to.y + CARD_HEIGHT / 2;
  const middle = (start + end) / 2;
  if (end - start < 2 * STEP) return { kind: "bend", x: middle };
  // Only cards between the two columns can be in the way; of a single turn, only those
  // between its two rows.
  const boxes = others.map(cardBox).filter((b) => b.right > start && b.left < end);
  const [top, bottom] = [Math.min(sy, ty), Math.max(sy, ty)];
  const band = boxes.filter((b) => b.bottom > top && b.top < bottom);
  const crossedBy = (x: number) => {
    let crossed = 0;
    for (const b of band)
      if (
        crossesHorizontal(b, sy, start, x) ||
        crossesVertical(b, x, sy, ty) ||
        crossesHorizontal(b, ty, x, end)
      )
        crossed += 1;
    return crossed;
  };

  // Candidate turns: the middle, just after the source, just before the target, and the gap
  // after each card in the way.
  const turns = [middle, start + STEP, end - STEP];
  for (const b of band) {
    const gap = b.right + CLEARANCE;
    if (gap > start && gap < end) turns.push(gap);
  }
  let best: Route = { kind: "bend", x: middle };
  let fewest = crossedBy(middle);
  for (const x of fewest === 0 ? [] : turns) {
    const crossed = crossedBy(x);
    const nearer = best.kind === "bend" && Math.abs(x - middle) < Math.abs(best.x - middle);
    if (crossed < fewest || (crossed === fewest && nearer)) {
      fewest = crossed;
      best = { kind: "bend", x };
    }
  }
  if (fewest === 0) return best;

  // Detours: just above or below each card in the way, nearest the arrow's own rows first.
  const source = { x: start, y: sy };
  const target = { x: end, y: ty };
  const rows = new Set<number>();
  for (const b of boxes) {
    rows.add(b.top + CLEARANCE - DETOUR_OFFSET);
    rows.add(b.bottom - CLEARANCE + DETOUR_OFFSET);
  }
  const away = (y: number) => Math.abs(y - sy) + Math.abs(y - ty);
  for (const y of [...rows].sort((a, b) => away(a) - away(b))) {
    const crossed = crossings(forwardRoute(source, target, { kind: "detour", y }), boxes);
    if (crossed < fewest) {
      fewest = crossed;
      best = { kind: "detour", y };
      if (crossed === 0) break;
    }
  }
  return best;
}

/** The points of a forward arrow from `source` to `target` (where it leaves and enters the
 * cards) along `route`. */
export function forwardRoute(source: Point, target: Point, route: Route): Point[] {
  if (route.kind === "detour") {
    const out = source.x + STEP;
    const into = target.x - STEP;
    return [
      source,
      { x: out, y: source.y },
      { x: out, y: route.y },
      { x: into, y: route.y },
      { x: into, y: target.y },
      target,
    ];
  }
  if (Math.abs(source.y - target.y) < 1) return [source, target];
  return [source, { x: route.x, y: source.y }, { x: route.x, y: target.y }, target];
}

/** The points of a back arrow (rework, a loop): out of the source's right side, down under
 * both cards, back to the left and into the target's left side, so that it never lies on a
 * forward arrow between the same cards. */
export function backRoute(source: Point, target: Point): Point[] {
  const below = Math.max(source.y, target.y) + CARD_HEIGHT / 2 + 14;
  const out = source.x + 16;
  const into = target.x - 16;
  return [
    source,
    { x: out, y: source.y },
    { x: out, y: below },
    { x: into, y: below },
    { x: into, y: target.y },
    target,
  ];
}

/** Where along `points` a label at height `y` sits: on the vertical run that passes `y`
 * (a handoff's owner, on the lane border its arrow crosses), else mid-way along the
 * longest run. */
export function labelAt(points: Point[], y: number | null): Point {
  if (y !== null) {
    for (let i = 1; i < points.length; i++) {
      const [p, q] = [points[i - 1], points[i]];
      if (p.x === q.x && Math.min(p.y, q.y) <= y && y <= Math.max(p.y, q.y)) return { x: p.x, y };
    }
  }
  let longest = 1;
  for (let i = 2; i < points.length; i++)
    if (dist(points[i - 1], points[i]) > dist(points[longest - 1], points[longest])) longest = i;
  const [p, q] = [points[longest - 1], points[longest]];
  return { x: (p.x + q.x) / 2, y: y ?? (p.y + q.y) / 2 };
}

/** A label's size on the canvas: 11 px semibold text, about 6.5 units a character, with
 * its padding; a line per `\n`. */
export function labelSize(text: string): { width: number; height: number } {
  const lines = text.split("\n");
  const longest = Math.max(...lines.map((l) => l.length));
  return { width: longest * 6.5 + 10, height: 4 + 14 * lines.length };
}

/** Where a label of `size` on the arrow `own` through `points` sits: at `preferred` when it
 * covers no card, label or other arrow's line there, else at the nearest point of the arrow
 * where it covers none (looked for every 8 units along each run), else just beside the arrow
 * — above or below it in the free room between rows of cards (an arrow between two
 * neighbouring cards is shorter than its label) — else a little farther out; so that no count
 * or owner hides under a card or another label, or has a line through it. Where no spot is
 * clear of lines, the nearest clear of cards and labels; `preferred` when none is. */
export function clearLabelSpot(
  points: Point[],
  preferred: Point,
  size: { width: number; height: number },
  cards: Point[],
  taken?: Taken,
  own: string | null = null,
): Point {
  const boxes = cards.map(cardBox);
  const onCard = (p: Point) =>
    boxes.some(
      (b) =>
        p.x - size.width / 2 < b.right &&
        p.x + size.width / 2 > b.left &&
        p.y - size.height / 2 < b.bottom &&
        p.y + size.height / 2 > b.top,
    );
  const clear = (p: Point, lines: boolean) => !onCard(p) && !taken?.covers(p, size, own, lines);
  if (clear(preferred, true)) return preferred;
  const spots: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [p, q] = [points[i - 1], points[i]];
    const steps = Math.max(1, Math.floor(dist(p, q) / 8));
    for (let k = 0; k <= steps; k++)
      spots.push({ x: p.x + ((q.x - p.x) * k) / steps, y: p.y + ((q.y - p.y) * k) / steps });
  }
  spots.sort((a, b) => dist(a, preferred) - dist(b, preferred));
  const around = (offsets: Point[]) =>
    offsets.map((o) => ({ x: preferred.x + o.x, y: preferred.y + o.y }));
  // Clear of cards, labels and lines on the arrow, beside it or farther out; else the nearest
  // clear of cards and labels (a line under a label hides less than a label on another); else
  // where it was asked for.
  let clearOfLabels: Point | undefined;
  for (const p of [...spots, ...around(BESIDE)]) {
    if (onCard(p)) continue;
    if (!taken?.covers(p, size, own, true)) return p;
    if (!clearOfLabels && !taken.covers(p, size, own, false)) clearOfLabels = p;
  }
  const far = around(FAR);
  return (
    far.find((p) => clear(p, true)) ??
    (clear(preferred, false) ? preferred : undefined) ??
    clearOfLabels ??
    far.find((p) => clear(p, false)) ??
    preferred
  );
}

/** Offsets from a label's spot to look at beside its arrow (up and down in the room between
 * rows of cards, a little to either side), and farther out, nearest first. */
const byLength = (a: Point, b: Point) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y);
const BESIDE: Point[] = [];
for (let dy = 6; dy <= 90; dy += 6)
  for (const dx of [0, -20, 20, -40, 40, -60, 60, -80, 80, -100, 100])
    for (const way of [-1, 1]) BESIDE.push({ x: dx, y: way * dy });
BESIDE.sort(byLength);
const FAR: Point[] = [];
for (let dy = 0; dy <= 180; dy += 12)
  for (let dx = -200; dx <= 200; dx += 40)
    for (const way of [-1, 1]) FAR.push({ x: dx, y: way * dy });
FAR.sort(byLength);

/** What a label must keep clear of, as a label is placed: whether a label of `size` at `p` on
 * the arrow `own` would cover a label placed before it or (with `lines`) another arrow's line. */
export type Taken = {
  covers(
    p: Point,
    size: { width: number; height: number },
    own: string | null,
    lines: boolean,
  ): boolean;
};

/** What labels must keep clear of: the labels placed and every arrow's line, bucketed on a
 * grid so that telling whether a spot is taken looks only at what is near it. An arrow's runs
 * are boxes as thin as the line (routes run across and down); each is kept with its arrow's
 * id, since a label sits on its own arrow. Each label is kept with its arrow's place in the
 * order labels are placed in, so that one placed again sees only the labels before it. */
export class LabelObstacles {
  private cells = new Map<number, { box: Box; arrow: string | null; order: number }[]>();
  /** Each label's box, by its arrow's place in the order. */
  private labels = new Map<number, Box>();
  private static readonly CELL = 160;
  /** Half a line's width, and a little room: a label's text never touches a line. */
  private static readonly LINE = 2;

  /** `lines`: the arrows' lines, kept from drawing to drawing while no arrow changes course
   * (`arrowLines`); the labels placed are this object's own. */
  constructor(private readonly lines: LabelObstacles | null = null) {}

  /** The grid cells a box touches, each as one number (a string per cell made each check
   * allocate; a canvas spans far fewer than 2^20 cells either way). */
  private static cellsOf(b: Box): number[] {
    const c = LabelObstacles.CELL;
    const cells: number[] = [];
    for (let x = Math.floor(b.left / c); x <= Math.floor(b.right / c); x++)
      for (let y = Math.floor(b.top / c); y <= Math.floor(b.bottom / c); y++)
        cells.push(x * 1_048_576 + y);
    return cells;
  }

  private put(box: Box, arrow: string | null, order: number) {
    for (const cell of LabelObstacles.cellsOf(box)) {
      const here = this.cells.get(cell);
      if (here) here.push({ box, arrow, order });
      else this.cells.set(cell, [{ box, arrow, order }]);
    }
  }

  /** Whether `b` overlaps a label placed before `before` in the order or (with `lines`) a
   * line of an arrow other than `own`. */
  private hits(b: Box, own: string | null, lines: boolean, before: number): boolean {
    for (const cell of LabelObstacles.cellsOf(b))
      for (const { box: o, arrow, order } of this.cells.get(cell) ?? [])
        if ((arrow === null ? order < before : lines && arrow !== own) && overlap(b, o))
          return true;
    return false;
  }

  /** Whether a label of `size` at `p` on the arrow `own` would cover a label placed before
   * `before` in the order (any, by default) or (with `lines`) another arrow's line. */
  covers(
    p: Point,
    size: { width: number; height: number },
    own: string | null = null,
    lines = true,
    before = Number.POSITIVE_INFINITY,
  ): boolean {
    const b = labelBox(p, size);
    return (
      this.hits(b, own, lines, before) ||
      (lines && (this.lines?.hits(b, own, true, before) ?? false))
    );
  }

  /** What a label at `order` must keep clear of: the labels before it, and the lines. */
  before(order: number): Taken {
    return { covers: (p, size, own, lines) => this.covers(p, size, own, lines, order) };
  }

  /** Puts the label at `order` at `box` (`null`: it has none). */
  place(order: number, box: Box | null) {
    const old = this.labels.get(order) ?? null;
    if (old)
      for (const cell of LabelObstacles.cellsOf(old)) {
        const here = this.cells.get(cell) ?? [];
        const at = here.findIndex((e) => e.arrow === null && e.order === order);
        if (at >= 0) here.splice(at, 1);
      }
    if (box) {
      this.labels.set(order, box);
      this.put(box, null, order);
    } else this.labels.delete(order);
  }

  /** The places in the order after `after` of the labels that overlap `b`. */
  labelsOver(b: Box, after: number): number[] {
    const found: number[] = [];
    for (const cell of LabelObstacles.cellsOf(b))
      for (const { box: o, arrow, order } of this.cells.get(cell) ?? [])
        if (arrow === null && order > after && overlap(b, o)) found.push(order);
    return found;
  }

  /** The line of the arrow `arrow` through `points`. */
  addArrow(arrow: string, points: Point[]) {
    const m = LabelObstacles.LINE;
    for (let i = 1; i < points.length; i++) {
      const [p, q] = [points[i - 1], points[i]];
      this.put(
        {
          left: Math.min(p.x, q.x) - m,
          right: Math.max(p.x, q.x) + m,
          top: Math.min(p.y, q.y) - m,
          bottom: Math.max(p.y, q.y) + m,
        },
        arrow,
        -1,
      );
    }
  }
}

/** The box of a label of `size` centred at `p`. */
export function labelBox(p: Point, size: { width: number; height: number }): Box {
  const [w, h] = [size.width / 2, size.height / 2];
  return { left: p.x - w, right: p.x + w, top: p.y - h, bottom: p.y + h };
}

const overlap = (a: Box, b: Box) =>
  a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

/** An orthogonal path through `points` with rounded corners, as an SVG path. */
export function roundedPath(points: Point[], radius = 8): string {
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, dist(a, b) / 2, dist(b, c) / 2);
    const p = towards(b, a, r);
    const q = towards(b, c, r);
    d += ` L ${p.x} ${p.y} Q ${b.x} ${b.y} ${q.x} ${q.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

const dist = (a: Point, b: Point) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);

function towards(from: Point, to: Point, by: number): Point {
  const d = dist(from, to) || 1;
  return { x: from.x + ((to.x - from.x) / d) * by, y: from.y + ((to.y - from.y) / d) * by };
}
