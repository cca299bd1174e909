/** Arrow-key movement between stage cards: the nearest card in the pressed direction, where
 * "in the direction" means within a 45° cone, so ↓ stays in the column rather than jumping
 * to a nearby card on the same row. At the end of a row, → goes on to the start of the next
 * row down and ← back to the end of the row above, as a text cursor does: an arranged lane
 * wraps its stages like lines of text. */
export type Direction = "left" | "right" | "up" | "down";

type Point = { x: number; y: number };

export function nearest(
  positions: Map<string, Point>,
  from: string,
  direction: Direction,
): string | null {
  const origin = positions.get(from);
  if (!origin) return null;
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const [id, p] of positions) {
    if (id === from) continue;
    const dx = p.x - origin.x;
    const dy = p.y - origin.y;
    const [along, across] =
      direction === "left"
        ? [-dx, dy]
        : direction === "right"
          ? [dx, dy]
          : direction === "up"
            ? [-dy, dx]
            : [dy, dx];
    if (along <= 0 || Math.abs(across) > along) continue;
    // Distance along the direction counts less than drifting sideways.
    const score = along + 2 * Math.abs(across);
    if (score < bestScore) {
      bestScore = score;
      best = id;
    }
  }
  if (best || direction === "up" || direction === "down") return best;
  return wrapped(positions, origin, direction === "right" ? 1 : -1);
}

/** Cards closer than this vertically are on one row. */
const SAME_ROW = 30;

/** The first card of the next row down (`way` 1), or the last card of the row above (-1). */
function wrapped(positions: Map<string, Point>, origin: Point, way: 1 | -1): string | null {
  let best: { id: string; p: Point } | null = null;
  for (const [id, p] of positions) {
    const dy = (p.y - origin.y) * way;
    if (dy <= SAME_ROW) continue;
    if (!best) {
      best = { id, p };
      continue;
    }
    const nearerRow = (p.y - best.p.y) * way < -SAME_ROW;
    const sameRow = Math.abs(p.y - best.p.y) <= SAME_ROW;
    if (nearerRow || (sameRow && (p.x - best.p.x) * way < 0)) best = { id, p };
  }
  return best?.id ?? null;
}
