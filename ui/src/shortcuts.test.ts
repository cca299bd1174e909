import { describe, expect, it } from "vitest";
import { actionFor, type KeyPress, SHORTCUTS } from "./shortcuts";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("shortcuts", () => {
  it("maps Ctrl and ⌘ chords to actions", () => {
    expect(actionFor(press("o", { ctrlKey: true }))).toBe("open");
    expect(actionFor(press("z", { metaKey: true }))).toBe("undo");
    expect(actionFor(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(actionFor(press("y", { ctrlKey: true }))).toBe("redo");
    expect(actionFor(press("p", { ctrlKey: true }))).toBe("exportPdf");
    expect(actionFor(press("s", { ctrlKey: true }))).toBe("saveVersion");
    expect(actionFor(press("S", { ctrlKey: true, shiftKey: true }))).toBe("saveAs");
  });

  it("edits the canvas with plain keys", () => {
    expect(actionFor(press("n"))).toBe("newStage");
    expect(actionFor(press("N", { shiftKey: true }))).toBeNull();
    expect(actionFor(press("Enter"))).toBe("rename");
    expect(actionFor(press("F2"))).toBe("rename");
    expect(actionFor(press("c"))).toBe("connect");
    expect(actionFor(press("c", { ctrlKey: true }))).toBe("copy");
    expect(actionFor(press("Delete"))).toBe("remove");
    expect(actionFor(press("ArrowRight"))).toBe("selectRight");
    expect(actionFor(press("ArrowRight", { shiftKey: true }))).toBe("extendRight");
    expect(actionFor(press("ArrowDown", { altKey: true }))).toBe("laneDown");
    expect(actionFor(press("ArrowDown", { altKey: true, shiftKey: true }))).toBe("moveToLaneDown");
    expect(actionFor(press("?", { shiftKey: true }))).toBe("help");
  });

  it("never takes keys from someone typing, apart from file commands and Esc", () => {
    expect(actionFor(press("n"), true)).toBeNull();
    expect(actionFor(press("Delete"), true)).toBeNull();
    expect(actionFor(press("z", { ctrlKey: true }), true)).toBeNull();
    expect(actionFor(press("Escape"), true)).toBe("escape");
    expect(actionFor(press("s", { ctrlKey: true }), true)).toBe("saveVersion");
  });

  it("leaves other chords alone", () => {
    expect(actionFor(press("p", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(actionFor(press("q", { ctrlKey: true }))).toBeNull();
  });

  it("has no chord bound twice", () => {
    const chords = SHORTCUTS.flatMap((s) =>
      s.chords.map((c) => `${c.ctrl}-${c.shift}-${c.alt}-${c.key}`),
    );
    expect(new Set(chords).size).toBe(chords.length);
  });
});
