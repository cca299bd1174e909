/** Arrow-key movement between stage cards: the nearest card in the pressed direction, where
 * "in the direction" means within a 45° cone, so ↓ stays in the column rather than jumping
 * to a nearby card on the same row. */
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
  return best;
}
