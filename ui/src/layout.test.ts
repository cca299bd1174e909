import { describe, expect, it } from "vitest";
import type { Map_Serialize as JourneyMap } from "./bindings";
import { CARD_HEIGHT, laneBands } from "./canvas/geometry";
import { journey } from "./fixtures";
import { autoLayout, columns, place } from "./layout";

describe("automatic layout by lanes", () => {
  it("orders stages left to right along the journey", async () => {
    const column = await columns(journey());
    expect(column.get("lead")).toBe(0);
    expect(column.get("mql")).toBe(1);
    expect(column.get("sal")).toBe(2);
  });

  it("keeps each stage in its team's band and stacks a shared column", () => {
    const map = journey();
    const column = new Map([
      ["lead", 0],
      ["mql", 0],
      ["sal", 1],
    ]);
    const placed = place(map, column);
    expect(placed.get("lead")?.x).toBe(placed.get("mql")?.x);
    expect(placed.get("mql")?.y).toBeGreaterThanOrEqual((placed.get("lead")?.y ?? 0) + CARD_HEIGHT);
    // The bands the canvas draws for these positions hold every stage, lanes in team order.
    const laid = {
      ...map,
      stages: map.stages.map((s) => ({ ...s, position: placed.get(s.id) })),
    } as JourneyMap;
    const [mkt, sdr] = laneBands(laid);
    expect(mkt.offset).toBe(0);
    expect(sdr.offset).toBe(0);
    expect(placed.get("sal")?.y).toBeGreaterThanOrEqual(sdr.top);
    expect(placed.get("mql")?.y ?? 0).toBeLessThan(sdr.top);
  });

  it("moves every stage as one edit, and nothing when already laid out", async () => {
    const map = journey();
    const edit = await autoLayout(map);
    expect(edit?.type).toBe("batch");
    const laid = {
      ...map,
      stages: map.stages.map((s) => {
        const move = (edit as Extract<typeof edit, { type: "batch" }>).edits.find(
          (e) => e.type === "move_stage" && e.id === s.id,
        ) as { position: { x: number; y: number } };
        return { ...s, position: move.position };
      }),
    } as JourneyMap;
    expect(await autoLayout(laid)).toBeNull();
  });
});
