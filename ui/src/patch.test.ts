import { describe, expect, it } from "vitest";
import type { Finding } from "./bindings";
import { journey, untouched as untouchedPatch } from "./fixtures";
import { applyFindings, applyPatch } from "./patch";

const untouched = (map: ReturnType<typeof journey>) => untouchedPatch(map.name);

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

describe("applyFindings", () => {
  const finding = (message: string): Finding => ({
    rule: "stage-without-owner",
    severity: "error",
    subjects: ["mql"],
    message,
    fix: "Name an owner.",
  });

  it("keeps the findings the UI had by place and takes new ones whole", () => {
    const before = [finding("a"), finding("b"), finding("c")];
    const added = finding("d");
    const after = applyFindings(before, [2, added, 0]);
    expect(after.map((f) => f.message)).toEqual(["c", "d", "a"]);
    expect(after[0]).toBe(before[2]);
    expect(after[2]).toBe(before[0]);
  });

  it("refuses a place beyond the list it had", () => {
    expect(() => applyFindings([finding("a")], [1])).toThrow("finding 1");
  });
});
