import { describe, expect, it } from "vitest";
import type { Finding, Map_Serialize as JourneyMap } from "../bindings";
import { journey } from "../fixtures";
import { findingOrder, journeyOrder, steps } from "./presentation";

const finding = (rule: string, severity: Finding["severity"], subjects: string[]): Finding =>
  ({ rule, severity, subjects, message: `${rule} message`, fix: `${rule} fix` }) as Finding;

function branching(): JourneyMap {
  const map = journey();
  // lead → mql → sal, and lead → nurture (a dead end off the main path), sal → lead (rework).
  map.stages[0].kind = "entry";
  map.stages[2].kind = "revenue";
  map.stages[0].position = { x: 0, y: 0 };
  map.stages[1].position = { x: 300, y: 0 };
  map.stages[2].position = { x: 600, y: 0 };
  map.stages.push({
    ...map.stages[1],
    id: "nurture",
    name: "Nurture",
    kind: "stage",
    position: { x: 300, y: 100 },
  });
  map.transitions.push({ ...map.transitions[0], id: "t3", from: "lead", to: "nurture" });
  map.transitions.push({ ...map.transitions[0], id: "t4", from: "sal", to: "lead" });
  return map;
}

describe("presentation", () => {
  it("walks the main path from the entry to revenue first, then what is off it", () => {
    const { order, main } = journeyOrder(branching());
    expect(order).toEqual(["lead", "mql", "sal", "nurture"]);
    expect(main).toBe(3);
  });

  it("captions each stage with its lane, owner and findings", () => {
    const walk = steps(
      "journey",
      branching(),
      [finding("dead-end-stage", "error", ["nurture"])],
      new Map(),
    );
    expect(walk[0]).toMatchObject({ title: "Lead", position: "Stage 1 of 3 on the main path" });
    expect(walk[0].detail).toBe("Marketing · owner Ana Ruiz");
    expect(walk[3].position).toBe("Off the main path · 1 of 1");
    expect(walk[3].notes).toEqual(["✖ dead-end-stage message"]);
  });

  it("walks findings grouped by rule, most severe first, each with its fix", () => {
    const findings = [
      finding("missing-criteria", "warning", ["lead"]),
      finding("dead-end-stage", "error", ["nurture"]),
      finding("missing-criteria", "warning", ["mql"]),
    ];
    expect(findingOrder(findings).map((f) => f.subjects[0])).toEqual(["nurture", "lead", "mql"]);
    const walk = steps("findings", branching(), findings, new Map());
    expect(walk[0]).toMatchObject({ detail: "Fix: dead-end-stage fix", severity: "error" });
    expect(walk[2].position).toMatch(/finding 3 of 3$/);
  });
});
