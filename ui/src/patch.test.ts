import { describe, expect, it } from "vitest";
import type { MapPatch_Serialize as MapPatch } from "./bindings";
import { journey } from "./fixtures";
import { applyPatch } from "./patch";

const untouched = (map: ReturnType<typeof journey>): MapPatch => ({
  name: map.name,
  description: null,
  waivers: [],
  severities: {},
  teams: null,
  people: null,
  stages: null,
  transitions: null,
  terms: null,
});

describe("applyPatch", () => {
  it("keeps every list and entity the edit did not touch", () => {
    const map = journey();
    const renamed = { ...map.stages[1], name: "Marketing qualified lead" };
    const next = applyPatch(map, {
      ...untouched(map),
      stages: { order: ["lead", "mql", "sal"], changed: [renamed] },
    });
    expect(next.stages.map((s) => s.name)).toEqual(["Lead", "Marketing qualified lead", "SAL"]);
    expect(next.stages[0]).toBe(map.stages[0]);
    expect(next.stages[2]).toBe(map.stages[2]);
    expect(next.transitions).toBe(map.transitions);
    expect(next.teams).toBe(map.teams);
  });

  it("drops removed entities and puts added ones where the order says", () => {
    const map = journey();
    const added = { ...map.stages[0], id: "nurture", name: "Nurture" };
    const next = applyPatch(map, {
      ...untouched(map),
      stages: { order: ["lead", "nurture", "sal"], changed: [added] },
      transitions: { order: ["t1"], changed: [] },
    });
    expect(next.stages.map((s) => s.id)).toEqual(["lead", "nurture", "sal"]);
    expect(next.transitions.map((t) => t.id)).toEqual(["t1"]);
  });

  it("refuses an order naming an entity it cannot find", () => {
    const map = journey();
    expect(() =>
      applyPatch(map, { ...untouched(map), stages: { order: ["ghost"], changed: [] } }),
    ).toThrow("ghost");
  });
});
