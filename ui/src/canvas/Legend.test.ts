import { describe, expect, it } from "vitest";
import type { History_Serialize as History } from "../bindings";
import { logNames, recordKinds } from "./Legend";

describe("the legend's words for a history", () => {
  const file = (name: string) => ({ name }) as History["log"];
  it("names every file read as one log", () => {
    const one = { log: file("a.csv") } as History;
    expect(logNames(one)).toBe("a.csv");
    const three = { log: file("a.csv"), also: [file("b.csv"), file("c.csv")] } as History;
    expect(logNames(three)).toBe("a.csv, b.csv and c.csv");
  });
  it("counts the records of each kind, only when there are several kinds", () => {
    const kinds = [
      { type: "lead", objects: 1_530, events: 0 },
      { type: "opportunity", objects: 350, events: 0 },
      { type: "invoice", objects: 1, events: 0 },
    ];
    expect(recordKinds(kinds)).toBe(" (1,530 leads, 350 opportunities, 1 invoice)");
    expect(recordKinds(kinds.slice(0, 1))).toBe("");
  });
});
