import { describe, expect, it } from "vitest";
import type { Finding, Map_Serialize as JourneyMap } from "../bindings";
import { journey } from "../fixtures";
import { confirmation, findingOrder, journeyOrder, steps } from "./presentation";

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

/** A map from `arrows` ("a>b"), every stage in one lane at a random place: the walk must
 * not depend on where cards are drawn. */
function drawn(arrows: string[], kinds: Record<string, "entry" | "revenue">, seed = 7): JourneyMap {
  const map = journey();
  const ids = [...new Set(arrows.flatMap((a) => a.split(">")))];
  let r = seed;
  const random = () => {
    r = (r * 1103515245 + 12345) % 2 ** 31;
    return r / 2 ** 31;
  };
  map.stages = ids.map((id) => ({
    ...map.stages[0],
    id,
    name: id,
    kind: kinds[id] ?? "stage",
    position: { x: Math.round(random() * 3000), y: Math.round(random() * 600) },
  }));
  map.transitions = arrows.map((a, i) => {
    const [from, to] = a.split(">");
    return { ...map.transitions[0], id: `t${i}`, from, to, owners: [] };
  });
  return map;
}

describe("presentation", () => {
  it("walks from an entry to revenue, not into an early dead end, wherever cards are drawn", () => {
    // 16 stages: the first branch out of the entry is a 3-stage dead end; the way to revenue
    // has 11 stages, with a rework loop back to its start.
    const dead = ["e>d1", "d1>d2"];
    const way = Array.from({ length: 10 }, (_, i) => `s${i}>s${i + 1}`);
    const map = drawn(["e>s0", ...dead, ...way, "s5>s1", "s3>x1", "x1>x2"], {
      e: "entry",
      s10: "revenue",
    });
    for (const seed of [1, 2, 3, 4, 5]) {
      const shuffled = drawn(
        ["e>s0", ...dead, ...way, "s5>s1", "s3>x1", "x1>x2"],
        {
          e: "entry",
          s10: "revenue",
        },
        seed,
      );
      const { order, main } = journeyOrder(shuffled);
      expect(main).toBe(12);
      expect(order.slice(0, main)).toEqual(["e", ...Array.from({ length: 11 }, (_, i) => `s${i}`)]);
      expect(new Set(order).size).toBe(map.stages.length);
    }
  });

  it("follows the way most records take when a history is kept, else the longest", () => {
    // e → a → rev (busy) and e → b1 → b2 → b3 → rev (longer, quiet).
    const map = drawn(["e>a", "a>rev", "e>b1", "b1>b2", "b2>b3", "b3>rev"], {
      e: "entry",
      rev: "revenue",
    });
    expect(journeyOrder(map).order.slice(0, 5)).toEqual(["e", "b1", "b2", "b3", "rev"]);
    const taken = new Map([
      ["t0", 900],
      ["t1", 700],
      ["t2", 40],
      ["t3", 30],
      ["t4", 30],
      ["t5", 20],
    ]);
    const walk = journeyOrder(map, taken);
    expect(walk.order.slice(0, walk.main)).toEqual(["e", "a", "rev"]);
  });

  it("starts at the entry whose way reaches revenue, and walks a map with no entry from its start", () => {
    const map = drawn(["lost>nowhere", "in>paid"], { lost: "entry", in: "entry", paid: "revenue" });
    expect(journeyOrder(map).order.slice(0, 2)).toEqual(["in", "paid"]);
    const loop = drawn(["a>b", "b>c", "c>a"], {});
    expect(journeyOrder(loop)).toEqual({ order: ["a", "b", "c"], main: 3 });
  });

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

  it("confirms an edit made while presenting in words the room reads", () => {
    const map = journey();
    const target = { kind: "transition" as const, id: "t2" };
    expect(confirmation({ type: "set_owners", target, owners: ["ana"] }, map)).toBe(
      "✓ MQL → SAL: owner Ana Ruiz · Ctrl+Z undoes",
    );
    const onStage = { type: "set_owners" as const, target: { kind: "stage" as const, id: "lead" } };
    expect(confirmation({ ...onStage, owners: [] }, map)).toBe("✓ Lead: no owner · Ctrl+Z undoes");
    map.people.push({ id: "p9", name: "Bo Chen", team: "mkt" });
    const newPerson = {
      type: "batch" as const,
      edits: [
        { type: "add_person" as const, person: { id: "p9", name: "Bo Chen", team: "mkt" } },
        { ...onStage, owners: ["p9"] },
      ],
    };
    expect(confirmation(newPerson, map)).toBe("✓ Lead: owner Bo Chen · Ctrl+Z undoes");
    expect(confirmation({ type: "rename_stage", id: "lead", name: "Inquiry" }, map)).toBe(
      "✓ Renamed to Inquiry · Ctrl+Z undoes",
    );
  });
});
