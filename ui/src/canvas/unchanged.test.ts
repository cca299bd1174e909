import { describe, expect, it } from "vitest";
import { keepUnchanged } from "./unchanged";

describe("keepUnchanged", () => {
  it("reuses objects that are the same field by field, and forgets removed ones", () => {
    const stage = { name: "Lead" };
    const cache = new Map();
    const first = keepUnchanged(cache, [
      { id: "a", position: { x: 1, y: 2 }, data: { stage } },
      { id: "b", position: { x: 1, y: 2 }, data: { stage } },
    ]);
    const second = keepUnchanged(cache, [
      { id: "a", position: { x: 1, y: 2 }, data: { stage } },
      { id: "b", position: { x: 1, y: 3 }, data: { stage } },
    ]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    // Deeper than one level counts by identity: a new stage object is a change.
    const third = keepUnchanged(cache, [
      { id: "a", position: { x: 1, y: 2 }, data: { stage: { name: "Lead" } } },
    ]);
    expect(third[0]).not.toBe(first[0]);
    expect([...cache.keys()]).toEqual(["a"]);
  });
});
