import { describe, expect, it } from "vitest";
import { search } from "./search";

const options = [
  { id: "lead", label: "Lead captured", hint: "Marketing" },
  { id: "mql", label: "Marketing qualified lead", hint: "Marketing" },
  { id: "sql", label: "Sales qualified lead", hint: "Sales" },
  { id: "won", label: "Closed won", hint: "Sales" },
  { id: "invoice", label: "Invoice issued", hint: "Finance" },
];
const ids = (text: string) => search(options, text).map((o) => o.id);

describe("search", () => {
  it("finds a stage by its initials first", () => {
    expect(ids("mql")[0]).toBe("mql");
    expect(ids("SQL")[0]).toBe("sql");
  });

  it("finds by part of a word, with typos of order left out, and by the hint", () => {
    expect(ids("invo")).toEqual(["invoice"]);
    expect(ids("won closed")).toContain("won");
    expect(ids("finance")).toEqual(["invoice"]);
  });

  it("lists everything for no text and nothing for no match", () => {
    expect(ids("")).toHaveLength(options.length);
    expect(ids("zzzz")).toEqual([]);
  });
});
