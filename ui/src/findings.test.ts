import { describe, expect, it } from "vitest";
import type { Finding } from "./bindings";
import { flaggedIds, groupBySeverity } from "./findings";

const finding = (rule: string, severity: Finding["severity"], subjects: string[]): Finding =>
  ({ rule, severity, subjects, message: rule, fix: "" }) as Finding;

describe("findings", () => {
  it("groups by severity, most severe first, and drops empty groups", () => {
    const groups = groupBySeverity([
      finding("handoff-without-sla", "warning", ["t1"]),
      finding("dead-end-stage", "error", ["s1"]),
      finding("handoff-without-owner", "error", ["t2"]),
    ]);
    expect(groups.map((g) => [g.severity, g.findings.length])).toEqual([
      ["error", 2],
      ["warning", 1],
    ]);
    expect(groups[0].findings.map((f) => f.rule)).toEqual([
      "dead-end-stage",
      "handoff-without-owner",
    ]);
  });

  it("collects every subject to mark on the canvas", () => {
    const ids = flaggedIds([finding("handoff-ping-pong", "warning", ["t1", "t2"])]);
    expect([...ids].sort()).toEqual(["t1", "t2"]);
  });
});
