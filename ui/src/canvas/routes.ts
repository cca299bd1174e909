/** Where each arrow runs. Arrows leave a card's right side and enter the next card's left
 * side; a forward arrow turns once, at a vertical run placed in the gap between columns where
 * it crosses the fewest cards (most often none). A general orthogonal router (libavoid) is
 * not available in the browser, and between lanes of cards in columns, the right gap is all
 * the routing a journey needs. */
import { CARD_HEIGHT, CARD_WIDTH } from "../flow";

type Point = { x: number; y: number };
type Box = { left: number; top: number; right: number; bottom: number };

/** How far an arrow stays off a card it passes. */
const CLEARANCE = 6;

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

/** The x of the vertical run of an arrow from `from` to `to` (card corners), chosen among the
 * gaps between the cards in between: the one crossing the fewest `others`, nearest the
 * middle on a tie. */
export function bendFor(from: Point, to: Point, others: Point[]): number {
  const start = from.x + CARD_WIDTH;
  const end = to.x;
  const sy = from.y + CARD_HEIGHT / 2;
  const ty = to.y + CARD_HEIGHT / 2;
  const middle = (start + end) / 2;
  if (end - start < 2 * CLEARANCE) return middle;
  // Only cards in the arrow's box can be in its way.
  const top = Math.min(sy, ty);
  const bottom = Math.max(sy, ty);
  const boxes = others
    .map(cardBox)
    .filter((b) => b.right > start && b.left < end && b.bottom > top && b.top < bottom);
  // Candidate runs: just after the source, just before the target, the middle, and the gap
  // after each card in the way.
  const candidates = new Set([start + 2 * CLEARANCE, end - 2 * CLEARANCE, middle]);
  for (const b of boxes) {
    const gap = b.right + CLEARANCE;
    if (gap > start && gap < end) candidates.add(gap);
  }
  let best = middle;
  let fewest = Number.POSITIVE_INFINITY;
  for (const x of candidates) {
    let crossed = 0;
    for (const b of boxes) {
      if (
        crossesHorizontal(b, sy, start, x) ||
        crossesVertical(b, x, sy, ty) ||
        crossesHorizontal(b, ty, x, end)
      )
        crossed += 1;
    }
    if (
      crossed < fewest ||
      (crossed === fewest && Math.abs(x - middle) < Math.abs(best - middle))
    ) {
      fewest = crossed;
      best = x;
    }
  }
  return best;
}

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

/** The points of a forward arrow turning at `bendX`. */
export function forwardRoute(source: Point, target: Point, bendX: number): Point[] {
  if (Math.abs(source.y - target.y) < 1) return [source, target];
  return [source, { x: bendX, y: source.y }, { x: bendX, y: target.y }, target];
}
