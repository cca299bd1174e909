import { describe, expect, it } from "vitest";
import { actionFor, type KeyPress } from "./shortcuts";

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
  });

  it("leaves plain typing and other chords alone", () => {
    expect(actionFor(press("z"))).toBeNull();
    expect(actionFor(press("p", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(actionFor(press("q", { ctrlKey: true }))).toBeNull();
  });
});
