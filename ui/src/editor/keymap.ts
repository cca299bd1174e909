/** The key table: which chord runs which editor command, and in which context. The `?`
 * overlay, the buttons' tooltips and the command palette read it; the registry of commands
 * (`commands.ts`) says what each one does. Ctrl stands for ⌘ on macOS too. */
import type { CommandId } from "./commands";

/** Where the keyboard is: on the canvas, in a text field, or in an open dialog (which owns
 * every key but Esc). */
export type KeyContext = "canvas" | "typing" | "prompt";

export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

type Chord = { key: string; ctrl?: boolean; shift?: boolean; alt?: boolean };
/** `keys` is how the overlay writes the chords ("" for a binding listed with another). */
type Binding = { command: CommandId; chords: Chord[]; keys: string; when?: KeyContext[] };

const k = (key: string, mods: Omit<Chord, "key"> = {}): Chord => ({ key, ...mods });
const ANYWHERE: KeyContext[] = ["canvas", "typing"];

export const KEYMAP: Binding[] = [
  {
    command: "newStage",
    chords: [k("n")],
    keys: "N",
  },
  {
    command: "rename",
    chords: [k("enter"), k("f2")],
    keys: "Enter or F2",
  },
  {
    command: "connect",
    chords: [k("c")],
    keys: "C",
  },
  {
    command: "setOwner",
    chords: [k("o")],
    keys: "O",
  },
  {
    command: "cycleKind",
    chords: [k("k")],
    keys: "K",
  },
  {
    command: "remove",
    chords: [k("delete"), k("backspace")],
    keys: "Delete",
  },
  {
    command: "selectLeft",
    chords: [k("arrowleft")],
    keys: "← → ↑ ↓",
  },
  { command: "selectRight", chords: [k("arrowright")], keys: "" },
  { command: "selectUp", chords: [k("arrowup")], keys: "" },
  { command: "selectDown", chords: [k("arrowdown")], keys: "" },
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
  },
  {
    command: "moveToLaneDown",
    chords: [k("arrowdown", { alt: true, shift: true })],
    keys: "",
  },
  {
    command: "moveLaneUp",
    chords: [k("arrowup", { ctrl: true, shift: true })],
    keys: "Ctrl+Shift+↑ / ↓",
  },
  {
    command: "moveLaneDown",
    chords: [k("arrowdown", { ctrl: true, shift: true })],
    keys: "",
  },
  { command: "newLane", chords: [k("l")], keys: "L" },
  {
    command: "editLane",
    chords: [k("t")],
    keys: "T",
  },
  {
    command: "autoLayout",
    chords: [k("a")],
    keys: "A",
  },
  { command: "fitView", chords: [k("f")], keys: "F" },
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
    when: ["canvas", "typing", "prompt"],
  },
];

function matches(chord: Chord, e: KeyPress): boolean {
  return (
    chord.key === e.key.toLowerCase() &&
    !!chord.ctrl === (e.ctrlKey || e.metaKey) &&
    !!chord.alt === e.altKey &&
    // "?" needs Shift on most layouts: let the character decide.
    (chord.key === "?" || !!chord.shift === e.shiftKey)
  );
}

/** The command a key press runs where the keyboard is, if any. */
export function commandFor(e: KeyPress, context: KeyContext = "canvas"): CommandId | null {
  const found = KEYMAP.find((b) => b.chords.some((c) => matches(c, e)));
  if (!found) return null;
  return (found.when ?? ["canvas"]).includes(context) ? found.command : null;
}

/** The keys of a command, as the overlay writes them: for tooltips and the palette. */
export function keysOf(command: CommandId): string | undefined {
  return KEYMAP.find((b) => b.command === command && b.keys)?.keys;
}
