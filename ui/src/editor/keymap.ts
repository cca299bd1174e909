/** The key table: which chord runs which editor command, and in which context. The `?`
 * overlay, the buttons' tooltips and the command palette read it; the registry of commands
 * (`commands.ts`) says what each one does. Ctrl stands for ⌘ on macOS too. */
import type { CommandId } from "./commands";

/** Where the keyboard is: on the canvas, in a text field, in an open dialog (which owns
 * every key but Esc), or on the canvas in presentation mode (where Space, Enter and the
 * arrows walk the presentation, and only a few named edits work — O for an owner, F2 to rename, undo and redo, each confirmed in the caption: a stray
 * key in front of the room must not delete or move anything). */
export type KeyContext = "canvas" | "typing" | "prompt" | "presenting";

export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

type Chord = { key: string; ctrl?: boolean; shift?: boolean; alt?: boolean };
/** `keys` is how the overlay writes the chords ("" for a binding listed with another). */
type Binding = { command: CommandId; chords: Chord[]; keys: string; when?: KeyContext[] };

const k = (key: string, mods: Omit<Chord, "key"> = {}): Chord => ({ key, ...mods });
const ANYWHERE: KeyContext[] = ["canvas", "typing", "presenting"];
/** Where a binding works unless it says otherwise: on the canvas, presenting or not. */
const ON_CANVAS: KeyContext[] = ["canvas", "presenting"];
const EDITING_ONLY: KeyContext[] = ["canvas"];

export const KEYMAP: Binding[] = [
  {
    command: "newStage",
    chords: [k("n")],
    keys: "N",
    when: EDITING_ONLY,
  },
  {
    command: "rename",
    chords: [k("enter"), k("f2")],
    keys: "Enter or F2",
    when: EDITING_ONLY,
  },
  { command: "rename", chords: [k("f2")], keys: "", when: ["presenting"] },
  {
    command: "connect",
    chords: [k("c")],
    keys: "C",
    when: EDITING_ONLY,
  },
  { command: "drawPath", chords: [k("d")], keys: "D", when: EDITING_ONLY },
  {
    command: "setOwner",
    chords: [k("o")],
    keys: "O",
  },
  {
    command: "cycleKind",
    chords: [k("k")],
    keys: "K",
    when: EDITING_ONLY,
  },
  {
    command: "remove",
    chords: [k("delete"), k("backspace")],
    keys: "Delete",
    when: EDITING_ONLY,
  },
  {
    command: "selectLeft",
    chords: [k("arrowleft")],
    keys: "← → ↑ ↓",
    when: EDITING_ONLY,
  },
  {
    command: "nextOutgoing",
    chords: [k("]")],
    keys: "] / [",
  },
  { command: "nextIncoming", chords: [k("[")], keys: "" },
  { command: "selectRight", chords: [k("arrowright")], keys: "", when: EDITING_ONLY },
  { command: "selectUp", chords: [k("arrowup")], keys: "", when: EDITING_ONLY },
  { command: "selectDown", chords: [k("arrowdown")], keys: "", when: EDITING_ONLY },
  {
    command: "extendLeft",
    chords: [k("arrowleft", { shift: true })],
    keys: "Shift+arrows",
  },
  { command: "extendRight", chords: [k("arrowright", { shift: true })], keys: "" },
  { command: "extendUp", chords: [k("arrowup", { shift: true })], keys: "" },
  { command: "extendDown", chords: [k("arrowdown", { shift: true })], keys: "" },
  {
    command: "selectAll",
    chords: [k("a", { ctrl: true })],
    keys: "Ctrl+A",
  },
  {
    command: "copy",
    chords: [k("c", { ctrl: true })],
    keys: "Ctrl+C",
  },
  {
    command: "paste",
    chords: [k("v", { ctrl: true })],
    keys: "Ctrl+V",
    when: EDITING_ONLY,
  },
  {
    command: "laneUp",
    chords: [k("arrowup", { alt: true })],
    keys: "Alt+↑ / Alt+↓",
  },
  { command: "laneDown", chords: [k("arrowdown", { alt: true })], keys: "" },
  {
    command: "moveToLaneUp",
    chords: [k("arrowup", { alt: true, shift: true })],
    keys: "Alt+Shift+↑ / ↓",
    when: EDITING_ONLY,
  },
  {
    command: "moveToLaneDown",
    chords: [k("arrowdown", { alt: true, shift: true })],
    keys: "",
    when: EDITING_ONLY,
  },
  {
    command: "moveLaneUp",
    chords: [k("arrowup", { ctrl: true, shift: true })],
    keys: "Ctrl+Shift+↑ / ↓",
    when: EDITING_ONLY,
  },
  {
    command: "moveLaneDown",
    chords: [k("arrowdown", { ctrl: true, shift: true })],
    keys: "",
    when: EDITING_ONLY,
  },
  { command: "newLane", chords: [k("l")], keys: "L", when: EDITING_ONLY },
  {
    command: "editLane",
    chords: [k("t")],
    keys: "T",
    when: EDITING_ONLY,
  },
  {
    command: "autoLayout",
    chords: [k("a")],
    keys: "A",
    when: EDITING_ONLY,
  },
  { command: "fitView", chords: [k("f")], keys: "F" },
  {
    command: "zoomIn",
    chords: [k("+"), k("="), k("+", { ctrl: true }), k("=", { ctrl: true })],
    keys: "+ / − (or Ctrl+= / Ctrl+−)",
  },
  { command: "zoomOut", chords: [k("-"), k("-", { ctrl: true })], keys: "" },
  { command: "zoomReset", chords: [k("0"), k("0", { ctrl: true })], keys: "0" },
  { command: "toggleSidebar", chords: [k("b", { ctrl: true })], keys: "Ctrl+B", when: ANYWHERE },
  { command: "toggleErrorsOnly", chords: [k("e")], keys: "E" },
  { command: "toggleHistory", chords: [k("h")], keys: "H" },
  { command: "present", chords: [k("f5")], keys: "F5" },
  { command: "presentFindings", chords: [k("f5", { shift: true })], keys: "Shift+F5" },
  {
    command: "presentNext",
    chords: [k(" "), k("enter"), k("arrowright"), k("pagedown")],
    keys: "Space or → (presenting)",
    when: ["presenting"],
  },
  {
    command: "presentPrevious",
    chords: [k(" ", { shift: true }), k("arrowleft"), k("pageup")],
    keys: "Shift+Space or ← (presenting)",
    when: ["presenting"],
  },
  { command: "inspect", chords: [k("i")], keys: "I" },
  {
    command: "findings",
    chords: [k("1", { alt: true })],
    keys: "Alt+1",
  },
  {
    command: "definitions",
    chords: [k("2", { alt: true })],
    keys: "Alt+2",
  },
  {
    command: "versions",
    chords: [k("3", { alt: true })],
    keys: "Alt+3",
  },
  {
    command: "inspectorPanel",
    chords: [k("4", { alt: true })],
    keys: "Alt+4",
  },
  { command: "undo", chords: [k("z", { ctrl: true })], keys: "Ctrl+Z" },
  {
    command: "redo",
    chords: [k("z", { ctrl: true, shift: true }), k("y", { ctrl: true })],
    keys: "Ctrl+Shift+Z or Ctrl+Y",
  },
  { command: "newMap", chords: [k("n", { ctrl: true })], keys: "Ctrl+N" },
  {
    command: "open",
    chords: [k("o", { ctrl: true })],
    keys: "Ctrl+O",
    when: ANYWHERE,
  },
  {
    command: "saveAs",
    chords: [k("s", { ctrl: true, shift: true })],
    keys: "Ctrl+Shift+S",
    when: ANYWHERE,
  },
  {
    command: "saveVersion",
    chords: [k("s", { ctrl: true })],
    keys: "Ctrl+S",
    when: ANYWHERE,
  },
  {
    command: "exportJson",
    chords: [k("e", { ctrl: true })],
    keys: "Ctrl+E",
    when: ANYWHERE,
  },
  {
    command: "exportPdf",
    chords: [k("p", { ctrl: true })],
    keys: "Ctrl+P",
    when: ANYWHERE,
  },
  {
    command: "palette",
    chords: [k("k", { ctrl: true })],
    keys: "Ctrl+K",
    when: ANYWHERE,
  },
  {
    command: "help",
    chords: [k("?", { shift: true }), k("?")],
    keys: "?",
  },
  {
    command: "escape",
    chords: [k("escape")],
    keys: "Esc",
    when: ["canvas", "typing", "prompt", "presenting"],
  },
];

/** Characters that need Shift on some layouts and not on others: the character decides. */
const SHIFT_FREE = new Set(["?", "+", "=", "-", "[", "]"]);

function matches(chord: Chord, e: KeyPress): boolean {
  return (
    chord.key === e.key.toLowerCase() &&
    !!chord.ctrl === (e.ctrlKey || e.metaKey) &&
    !!chord.alt === e.altKey &&
    (SHIFT_FREE.has(chord.key) || !!chord.shift === e.shiftKey)
  );
}

/** The command a key press runs where the keyboard is, if any. A key may mean one thing on
 * the canvas and another when presenting (→ selects, or walks), so the first binding that
 * works here wins. */
export function commandFor(e: KeyPress, context: KeyContext = "canvas"): CommandId | null {
  const found = KEYMAP.find(
    (b) => (b.when ?? ON_CANVAS).includes(context) && b.chords.some((c) => matches(c, e)),
  );
  return found?.command ?? null;
}

/** The command a key would run on the canvas that presentation mode keeps off, if any: the
 * editor says so rather than ignoring the key. */
export function heldWhilePresenting(e: KeyPress): CommandId | null {
  return commandFor(e, "presenting") ? null : commandFor(e, "canvas");
}

/** The keys of a command, as the overlay writes them: for tooltips and the palette. */
export function keysOf(command: CommandId): string | undefined {
  return KEYMAP.find((b) => b.command === command && b.keys)?.keys;
}
