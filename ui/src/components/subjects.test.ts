import { describe, expect, it } from "vitest";
import type { Finding } from "../bindings";
import { journey } from "../fixtures";
import { subjectKinds, subjectsNoun } from "./FindingsPanel";

const about = (rule: string, subjects: string[]) =>
  ({ rule, severity: "warning", subjects, message: "", fix: "" }) as Finding;

describe("a group of findings, counted", () => {
  it("counts what each finding is about by kind: a term's finding is a term's", () => {
    const map = journey();
    map.terms.push({
      id: "mql-term",
      name: "MQL",
      definitions: [],
    } as unknown as (typeof map.terms)[number]);
    const kinds = subjectKinds(map);
    // A term's finding lists the stages that use it after the term.
    expect(subjectsNoun(kinds, [about("definition-conflict", ["mql", "mql-term"])])).toBe("1 term");
    expect(subjectsNoun(kinds, [about("stage-without-owner", ["mql"]), about("x", ["lead"])])).toBe(
      "2 stages",
    );
    expect(
      subjectsNoun(kinds, [
        about("a", ["mql"]),
        about("b", ["mql-term", "sdr"]),
        about("c", ["t2"]),
      ]),
    ).toBe("1 stage, 1 term, 1 handoff");
  });
});
