import { describe, expect, it } from "vitest";
import { legendBox, legendPlace } from "./legendPlace";

const pane = { width: 1000, height: 600 };
const legend = { width: 300, height: 40 };
const card = (left: number, top: number) => ({ left, top, right: left + 180, bottom: top + 80 });

describe("legendPlace", () => {
  it("keeps the legend in its corner while no card is under it", () => {
    expect(legendPlace(pane, legend, [card(100, 300)])).toBe("top-right");
  });

  it("moves it to the first clear place when a card comes under it", () => {
    expect(legendPlace(pane, legend, [card(800, 20)])).toBe("top-left");
    expect(legendPlace(pane, legend, [card(800, 20), card(20, 20)])).toBe("top-center");
    expect(legendPlace(pane, legend, [card(800, 20), card(20, 20), card(400, 10)])).toBe(
      "bottom-center",
    );
  });

  it("steps aside when cards fill every place", () => {
    const everywhere = [0, 200, 400, 600, 800].flatMap((x) => [0, 520].map((y) => card(x, y)));
    expect(legendPlace(pane, legend, everywhere)).toBeNull();
  });

  it("puts each place inside the pane, clear of its edges", () => {
    for (const place of ["top-right", "top-left", "top-center", "bottom-center"] as const) {
      const b = legendBox(place, pane, legend);
      expect(b.left).toBeGreaterThanOrEqual(15);
      expect(b.right).toBeLessThanOrEqual(985);
      expect(b.top).toBeGreaterThanOrEqual(15);
      expect(b.bottom).toBeLessThanOrEqual(585);
    }
  });
});
