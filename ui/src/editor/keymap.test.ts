import { describe, expect, it } from "vitest";
import { COMMAND_IDS, COMMANDS } from "./commands";
import { commandFor, heldWhilePresenting, KEYMAP, type KeyPress, keysOf } from "./keymap";

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

  it("keeps keys that delete or move things off while presenting, and walks with Enter", () => {
    const held = [
      press("Delete"),
      press("Backspace"),
      press("k"),
      press("n"),
      press("c"),
      press("a"),
      press("l"),
      press("t"),
      press("d"),
      press("v", { ctrlKey: true }),
      press("ArrowUp", { altKey: true, shiftKey: true }),
      press("ArrowDown", { ctrlKey: true, shiftKey: true }),
    ];
    for (const key of held) {
      expect(commandFor(key, "canvas")).not.toBeNull();
      expect(commandFor(key, "presenting")).toBeNull();
      expect(heldWhilePresenting(key)).toBe(commandFor(key, "canvas"));
    }
    expect(commandFor(press("Enter"), "presenting")).toBe("presentNext");
    expect(commandFor(press("o"), "presenting")).toBe("setOwner");
    expect(commandFor(press("F2"), "presenting")).toBe("rename");
    expect(commandFor(press("z", { ctrlKey: true }), "presenting")).toBe("undo");
    expect(heldWhilePresenting(press("o"))).toBeNull();
  });

  it("lets only the named edits, and nothing that moves a card, work while presenting", () => {
    const edits = new Set(["setOwner", "rename", "undo", "redo"]);
    const harmless = new Set([
      ...edits,
      ...["fitView", "zoomIn", "zoomOut", "zoomReset", "toggleSidebar", "toggleErrorsOnly"],
      ...["toggleHistory", "present", "presentFindings", "presentNext", "presentPrevious"],
      ...["nextOutgoing", "nextIncoming", "extendLeft", "extendRight", "extendUp", "extendDown"],
      ...["selectAll", "copy", "laneUp", "laneDown", "inspect", "findings", "definitions"],
      ...["versions", "inspectorPanel", "newMap", "open", "saveAs", "saveVersion"],
      ...["exportJson", "exportPdf"],
      ...["palette", "help", "escape"],
    ]);
    const live = KEYMAP.filter((b) => (b.when ?? ["canvas", "presenting"]).includes("presenting"));
    for (const binding of live) expect(harmless).toContain(binding.command);
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

  it("has no chord bound twice in one context", () => {
    const chords = KEYMAP.flatMap((s) =>
      (s.when ?? ["canvas", "presenting"]).flatMap((where) =>
        s.chords.map((c) => `${where}-${c.ctrl}-${c.shift}-${c.alt}-${c.key}`),
      ),
    );
    expect(new Set(chords).size).toBe(chords.length);
  });

  it("walks the presentation with Space and the arrows", () => {
    expect(commandFor(press(" "), "presenting")).toBe("presentNext");
    expect(commandFor(press("ArrowRight"), "presenting")).toBe("presentNext");
    expect(commandFor(press("ArrowLeft"), "presenting")).toBe("presentPrevious");
    expect(commandFor(press(" ", { shiftKey: true }), "presenting")).toBe("presentPrevious");
    expect(commandFor(press("ArrowRight"), "canvas")).toBe("selectRight");
    expect(commandFor(press(" "), "canvas")).toBe(null);
    expect(commandFor(press("Escape"), "presenting")).toBe("escape");
    expect(commandFor(press("F5"), "canvas")).toBe("present");
    expect(commandFor(press("F5", { shiftKey: true }), "canvas")).toBe("presentFindings");
  });

  it("zooms with + and - whether or not the layout needs Shift for them", () => {
    expect(commandFor(press("+", { shiftKey: true }))).toBe("zoomIn");
    expect(commandFor(press("=", { ctrlKey: true }))).toBe("zoomIn");
    expect(commandFor(press("-"))).toBe("zoomOut");
    expect(commandFor(press("-", { ctrlKey: true }))).toBe("zoomOut");
    expect(commandFor(press("0"))).toBe("zoomReset");
    expect(commandFor(press("]"))).toBe("nextOutgoing");
    expect(commandFor(press("["))).toBe("nextIncoming");
  });
});
