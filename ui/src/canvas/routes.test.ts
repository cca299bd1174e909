import { describe, expect, it } from "vitest";
import { CARD_HEIGHT, CARD_WIDTH, ROW_PITCH } from "./geometry";
import { backRoute, clearLabelSpot, forwardRoute, labelAt, labelSize, routeFor } from "./routes";

/** Where an arrow between the cards at `from` and `to` leaves and enters them. */
const ends = (from: { x: number; y: number }, to: { x: number; y: number }) =>
  [
    { x: from.x + CARD_WIDTH, y: from.y + CARD_HEIGHT / 2 },
    { x: to.x, y: to.y + CARD_HEIGHT / 2 },
  ] as const;

/** Whether any segment of the path runs through the card at `p` (its inside, not its edge). */
function runsThrough(points: { x: number; y: number }[], p: { x: number; y: number }): boolean {
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
    const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    if (x2 > p.x && x1 < p.x + CARD_WIDTH && y2 > p.y && y1 < p.y + CARD_HEIGHT) return true;
  }
  return false;
}

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
    const route = routeFor(from, to, others);
    expect(route.kind).toBe("bend");
    const points = forwardRoute(...ends(from, to), route);
    expect(points).toHaveLength(4);
    for (const card of others) expect(runsThrough(points, card)).toBe(false);
    // The middle of the whole span would have run through the card in the target's row.
    expect(routeFor(from, to, [])).toEqual({ kind: "bend", x: (CARD_WIDTH + 750) / 2 });
  });

  it("takes a stage skipped in a row around the card in between, in the free row beside it", () => {
    const from = { x: 0, y: 100 };
    const skipped = { x: 250, y: 100 };
    const to = { x: 500, y: 100 };
    // Cards in the rows above and below too: the detour runs between rows, never through one.
    const others = [skipped, { x: 250, y: 100 - ROW_PITCH }, { x: 250, y: 100 + ROW_PITCH }];
    const route = routeFor(from, to, others);
    expect(route.kind).toBe("detour");
    const points = forwardRoute(...ends(from, to), route);
    for (const card of others) expect(runsThrough(points, card)).toBe(false);
    // Straight along the row it would have gone through the skipped card.
    expect(runsThrough(forwardRoute(...ends(from, to), { kind: "bend", x: 0 }), skipped)).toBe(
      true,
    );
    // Arrows to the next card in the row stay straight.
    expect(forwardRoute(...ends(from, skipped), routeFor(from, skipped, []))).toHaveLength(2);
  });

  it("runs a back arrow under both cards", () => {
    const points = backRoute({ x: 400, y: 40 }, { x: 100, y: 40 });
    const lowest = Math.max(...points.map((p) => p.y));
    expect(lowest).toBeGreaterThan(40 + CARD_HEIGHT / 2);
    expect(points[0]).toEqual({ x: 400, y: 40 });
    expect(points.at(-1)).toEqual({ x: 100, y: 40 });
  });

  it("writes a handoff's owner on the run that crosses the lane border", () => {
    const points = forwardRoute({ x: 200, y: 38 }, { x: 500, y: 238 }, { kind: "bend", x: 350 });
    expect(labelAt(points, 120)).toEqual({ x: 350, y: 120 });
    // Without a border, mid-way along the longest run.
    expect(labelAt(backRoute({ x: 400, y: 40 }, { x: 100, y: 40 }), null).x).toBe(250);
  });
});

describe("labels on arrows", () => {
  it("stay where they are when no card is under them, and move along the arrow off a card", () => {
    // A vertical run at x 230 between a card at (0, 0) and a card at (260, 200).
    const points = [
      { x: 200, y: 38 },
      { x: 230, y: 38 },
      { x: 230, y: 238 },
      { x: 260, y: 238 },
    ];
    const size = labelSize("Priya Shah");
    expect(
      clearLabelSpot(points, { x: 230, y: 138 }, size, [
        { x: 0, y: 0 },
        { x: 260, y: 200 },
      ]),
    ).toEqual({
      x: 230,
      y: 138,
    });
    // A card under the preferred spot: the label moves along the arrow until it is clear.
    const cards = [
      { x: 0, y: 0 },
      { x: 260, y: 200 },
      { x: 120, y: 60 },
    ];
    const spot = clearLabelSpot(points, { x: 230, y: 138 }, size, cards);
    expect(spot).not.toEqual({ x: 230, y: 138 });
    const overlaps = cards.some(
      (c) =>
        spot.x - size.width / 2 < c.x + CARD_WIDTH + 6 &&
        spot.x + size.width / 2 > c.x - 6 &&
        spot.y - size.height / 2 < c.y + CARD_HEIGHT + 6 &&
        spot.y + size.height / 2 > c.y - 6,
    );
    expect(overlaps).toBe(false);
  });
});
