import { describe, expect, it } from "vitest";
import { LEGIBLE_ZOOM, opening, revealing, zoomed } from "./viewport";

const pane = { width: 900, height: 700 };

describe("the view", () => {
  it("opens a small map whole, and a large one at the legible zoom with its start in view", () => {
    const small = opening({ x: 0, y: 0, width: 600, height: 300 }, null, pane);
    expect(small.zoom).toBeGreaterThanOrEqual(LEGIBLE_ZOOM);
    const wide = { x: 0, y: 0, width: 6000, height: 500 };
    const start = { x: 170, y: 28, width: 200, height: 76 };
    const big = opening(wide, start, pane);
    expect(big.zoom).toBe(LEGIBLE_ZOOM);
    // The start's card is on screen.
    const left = start.x * big.zoom + big.x;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left + start.width * big.zoom).toBeLessThanOrEqual(pane.width);
  });

  it("pans only as far as needed to reveal a box, and not at all when it is in view", () => {
    const view = { x: 0, y: 0, zoom: 1 };
    expect(revealing(view, { x: 100, y: 100, width: 200, height: 76 }, pane)).toBeNull();
    const moved = revealing(view, { x: 1000, y: 100, width: 200, height: 76 }, pane);
    expect(moved).toEqual({ x: 900 - 24 - 1200, y: 0, zoom: 1 });
  });

  it("zooms about the middle of the window", () => {
    const z = zoomed({ x: 0, y: 0, zoom: 1 }, pane, 2);
    expect(z.zoom).toBe(2);
    // The canvas point under the middle stays there.
    expect((450 - z.x) / z.zoom).toBeCloseTo(450);
    expect(zoomed({ x: 0, y: 0, zoom: 0.5 }, pane, 1, 1).zoom).toBe(1);
  });
});
