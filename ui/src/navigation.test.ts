import { describe, expect, it } from "vitest";
import { nearest } from "./navigation";

const grid = new Map([
  ["a", { x: 0, y: 0 }],
  ["b", { x: 260, y: 0 }],
  ["c", { x: 520, y: 10 }],
  ["d", { x: 260, y: 200 }],
  ["e", { x: 40, y: 400 }],
]);

describe("arrow keys", () => {
  it("go to the nearest card that way", () => {
    expect(nearest(grid, "a", "right")).toBe("b");
    expect(nearest(grid, "b", "right")).toBe("c");
    expect(nearest(grid, "b", "down")).toBe("d");
    expect(nearest(grid, "d", "up")).toBe("b");
    expect(nearest(grid, "a", "down")).toBe("e");
  });

  it("wrap like a text cursor at the end of a row: → to the next row's start, ← back", () => {
    expect(nearest(grid, "c", "right")).toBe("d");
    expect(nearest(grid, "e", "left")).toBe("d");
  });

  it("stay put at the edge", () => {
    expect(nearest(grid, "a", "left")).toBeNull();
    expect(nearest(grid, "c", "up")).toBeNull();
    expect(nearest(grid, "zz", "up")).toBeNull();
  });
});
