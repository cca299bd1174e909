import { describe, expect, it } from "vitest";
import { COMMAND_IDS, COMMANDS } from "./commands";
import { commandFor, KEYMAP, type KeyPress, keysOf } from "./keymap";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("the key table", () => {
  it("maps Ctrl and ⌘ chords to actions", () => {
    expect(commandFor(press("o", { ctrlKey: true }))).toBe("open");
    expect(commandFor(press("z", { metaKey: true }))).toBe("undo");
    expect(commandFor(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(commandFor(press("y", { ctrlKey: true }))).toBe("redo");
    expect(commandFor(press("p", { ctrlKey: true }))).toBe("exportPdf");
    expect(commandFor(press("s", { ctrlKey: true }))).toBe("saveVersion");
    expect(commandFor(press("S", { ctrlKey: true, shiftKey: true }))).toBe("saveAs");
  });

  it("edits the canvas with plain keys", () => {
    expect(commandFor(press("n"))).toBe("newStage");
    expect(commandFor(press("N", { shiftKey: true }))).toBeNull();
    expect(commandFor(press("Enter"))).toBe("rename");
    expect(commandFor(press("F2"))).toBe("rename");
    expect(commandFor(press("c"))).toBe("connect");
    expect(commandFor(press("c", { ctrlKey: true }))).toBe("copy");
    expect(commandFor(press("Delete"))).toBe("remove");
    expect(commandFor(press("ArrowRight"))).toBe("selectRight");
    expect(commandFor(press("ArrowRight", { shiftKey: true }))).toBe("extendRight");
    expect(commandFor(press("ArrowDown", { altKey: true }))).toBe("laneDown");
    expect(commandFor(press("ArrowDown", { altKey: true, shiftKey: true }))).toBe("moveToLaneDown");
    expect(commandFor(press("?", { shiftKey: true }))).toBe("help");
  });

  it("never takes keys from someone typing, apart from file commands and Esc", () => {
    expect(commandFor(press("n"), "typing")).toBeNull();
    expect(commandFor(press("Delete"), "typing")).toBeNull();
    expect(commandFor(press("z", { ctrlKey: true }), "typing")).toBeNull();
    expect(commandFor(press("Escape"), "typing")).toBe("escape");
    expect(commandFor(press("s", { ctrlKey: true }), "typing")).toBe("saveVersion");
  });

  it("leaves other chords alone", () => {
    expect(commandFor(press("p", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandFor(press("q", { ctrlKey: true }))).toBeNull();
  });

  it("gives an open dialog every key but Esc", () => {
    expect(commandFor(press("n"), "prompt")).toBeNull();
    expect(commandFor(press("z", { ctrlKey: true }), "prompt")).toBeNull();
    expect(commandFor(press("Escape"), "prompt")).toBe("escape");
  });

  it("binds only commands of the registry, each described, and offers the palette", () => {
    for (const binding of KEYMAP) {
      expect(COMMAND_IDS).toContain(binding.command);
      expect(COMMANDS[binding.command].description).not.toBe("");
    }
    expect(commandFor(press("k", { ctrlKey: true }), "typing")).toBe("palette");
    expect(keysOf("undo")).toBe("Ctrl+Z");
  });

  it("has no chord bound twice", () => {
    const chords = KEYMAP.flatMap((s) =>
      s.chords.map((c) => `${c.ctrl}-${c.shift}-${c.alt}-${c.key}`),
    );
    expect(new Set(chords).size).toBe(chords.length);
  });
});
