import { describe, expect, it } from "vitest";
import { CARD_HEIGHT, CARD_WIDTH } from "../flow";
import { backRoute, bendFor, forwardRoute } from "./routes";

describe("arrow routes", () => {
  it("turns a forward arrow in a gap that crosses no card", () => {
    const from = { x: 0, y: 0 };
    const to = { x: 750, y: 200 };
    // A card further along the source's row, and one early in the target's row: only the
    // gap between them lets the arrow pass both.
    const others = [
      { x: 500, y: 0 },
      { x: 250, y: 200 },
    ];
    const x = bendFor(from, to, others);
    const route = forwardRoute(
      { x: from.x + CARD_WIDTH, y: CARD_HEIGHT / 2 },
      { x: to.x, y: 200 + CARD_HEIGHT / 2 },
      x,
    );
    expect(route).toHaveLength(4);
    expect(x).toBeGreaterThan(250 + CARD_WIDTH);
    expect(x).toBeLessThan(500);
    // The middle of the whole span would have run through the card in the target's row.
    expect(bendFor(from, to, [])).toBe((CARD_WIDTH + 750) / 2);
  });

  it("runs a back arrow under both cards", () => {
    const points = backRoute({ x: 400, y: 40 }, { x: 100, y: 40 });
    const lowest = Math.max(...points.map((p) => p.y));
    expect(lowest).toBeGreaterThan(40 + CARD_HEIGHT / 2);
    expect(points[0]).toEqual({ x: 400, y: 40 });
    expect(points.at(-1)).toEqual({ x: 100, y: 40 });
  });
});
