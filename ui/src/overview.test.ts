import { describe, expect, it } from "vitest";
import { toCanvas } from "./canvas/mapping";
import { journey } from "./fixtures";
import { canvasPoint, extent, overviewBox, visibleArea } from "./overview";

describe("overview", () => {
  it("shows the whole journey and the view, whichever reaches further", () => {
    const content = { x: 0, y: 0, width: 1000, height: 400 };
    expect(overviewBox(content, { x: 100, y: 100, width: 200, height: 100 }, 0)).toEqual(content);
    // Panned off to the right and below: the frame of the view stays inside the overview.
    expect(overviewBox(content, { x: 900, y: 300, width: 400, height: 300 }, 10)).toEqual({
      x: -10,
      y: -10,
      width: 1320,
      height: 620,
    });
  });

  it("reads the visible area from React Flow's transform", () => {
    // Zoomed to 50% and panned so that canvas point (200, 100) is at the pane's corner.
    expect(visibleArea([-100, -50, 0.5], { x: 0, y: 0, width: 800, height: 600 })).toEqual({
      x: 200,
      y: 100,
      width: 1600,
      height: 1200,
    });
  });

  it("maps a click in the overview to the canvas point under it", () => {
    // A 2:1 box in a 200x150 overview is scaled to 200x100 and centred: 25 px above and below.
    const box = { x: 0, y: 0, width: 2000, height: 1000 };
    const size = { width: 200, height: 150 };
    expect(canvasPoint(box, size, { x: 100, y: 75 })).toEqual({ x: 1000, y: 500 });
    expect(canvasPoint(box, size, { x: 0, y: 25 })).toEqual({ x: 0, y: 0 });
    expect(canvasPoint(box, size, { x: 200, y: 125 })).toEqual({ x: 2000, y: 1000 });
  });
});

describe("extent", () => {
  it("covers every lane band and card", () => {
    const { nodes } = toCanvas(journey(), new Map());
    const box = extent(nodes);
    const lanes = nodes.filter((n) => n.type === "lane");
    expect(box.x).toBe(0);
    expect(box.y).toBe(0);
    expect(box.height).toBe(lanes.reduce((sum, l) => sum + (l.height ?? 0), 0));
    for (const n of nodes) expect(n.position.x + (n.width ?? 0)).toBeLessThanOrEqual(box.width);
    expect(extent([])).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});
