/** Every keyboard shortcut, in one table: the `?` overlay lists it and `actionFor` reads it.
 * Ctrl stands for ⌘ on macOS too. Plain keys only act on the canvas, never while typing. */
export type Action =
  | "newMap"
  | "open"
  | "saveAs"
  | "saveVersion"
  | "exportJson"
  | "exportPdf"
  | "undo"
  | "redo"
  | "newStage"
  | "rename"
  | "connect"
  | "setOwner"
  | "cycleKind"
  | "remove"
  | "selectAll"
  | "copy"
  | "paste"
  | "selectLeft"
  | "selectRight"
  | "selectUp"
  | "selectDown"
  | "extendLeft"
  | "extendRight"
  | "extendUp"
  | "extendDown"
  | "laneUp"
  | "laneDown"
  | "moveToLaneUp"
  | "moveToLaneDown"
  | "moveLaneUp"
  | "moveLaneDown"
  | "newLane"
  | "editLane"
  | "autoLayout"
  | "fitView"
  | "inspect"
  | "findings"
  | "definitions"
  | "versions"
  | "help"
  | "escape";

export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

type Chord = { key: string; ctrl?: boolean; shift?: boolean; alt?: boolean };
type Shortcut = { action: Action; chords: Chord[]; keys: string; description: string };

const k = (key: string, mods: Omit<Chord, "key"> = {}): Chord => ({ key, ...mods });

export const SHORTCUTS: Shortcut[] = [
  {
    action: "newStage",
    chords: [k("n")],
    keys: "N",
    description: "New stage in the focused lane (connected from the selected stage)",
  },
  {
    action: "rename",
    chords: [k("enter"), k("f2")],
    keys: "Enter or F2",
    description: "Rename the selected stage",
  },
  {
    action: "connect",
    chords: [k("c")],
    keys: "C",
    description: "Connect the selected stage to another",
  },
  {
    action: "setOwner",
    chords: [k("o")],
    keys: "O",
    description: "Set the owner of the selected stage or transition",
  },
  {
    action: "cycleKind",
    chords: [k("k")],
    keys: "K",
    description: "Change the selected stage's kind: stage, entry, revenue, exit",
  },
  {
    action: "remove",
    chords: [k("delete"), k("backspace")],
    keys: "Delete",
    description: "Delete the selection",
  },
  {
    action: "selectLeft",
    chords: [k("arrowleft")],
    keys: "← → ↑ ↓",
    description: "Select the nearest stage that way",
  },
  { action: "selectRight", chords: [k("arrowright")], keys: "", description: "" },
  { action: "selectUp", chords: [k("arrowup")], keys: "", description: "" },
  { action: "selectDown", chords: [k("arrowdown")], keys: "", description: "" },
  {
    action: "extendLeft",
    chords: [k("arrowleft", { shift: true })],
    keys: "Shift+arrows",
    description: "Add the nearest stage that way to the selection",
  },
  { action: "extendRight", chords: [k("arrowright", { shift: true })], keys: "", description: "" },
  { action: "extendUp", chords: [k("arrowup", { shift: true })], keys: "", description: "" },
  { action: "extendDown", chords: [k("arrowdown", { shift: true })], keys: "", description: "" },
  {
    action: "selectAll",
    chords: [k("a", { ctrl: true })],
    keys: "Ctrl+A",
    description: "Select every stage",
  },
  {
    action: "copy",
    chords: [k("c", { ctrl: true })],
    keys: "Ctrl+C",
    description: "Copy the selected stages",
  },
  {
    action: "paste",
    chords: [k("v", { ctrl: true })],
    keys: "Ctrl+V",
    description: "Paste into the focused lane",
  },
  {
    action: "laneUp",
    chords: [k("arrowup", { alt: true })],
    keys: "Alt+↑ / Alt+↓",
    description: "Focus the lane above / below",
  },
  { action: "laneDown", chords: [k("arrowdown", { alt: true })], keys: "", description: "" },
  {
    action: "moveToLaneUp",
    chords: [k("arrowup", { alt: true, shift: true })],
    keys: "Alt+Shift+↑ / ↓",
    description: "Move the selected stages to the lane above / below",
  },
  {
    action: "moveToLaneDown",
    chords: [k("arrowdown", { alt: true, shift: true })],
    keys: "",
    description: "",
  },
  {
    action: "moveLaneUp",
    chords: [k("arrowup", { ctrl: true, shift: true })],
    keys: "Ctrl+Shift+↑ / ↓",
    description: "Move the focused lane up / down",
  },
  {
    action: "moveLaneDown",
    chords: [k("arrowdown", { ctrl: true, shift: true })],
    keys: "",
    description: "",
  },
  { action: "newLane", chords: [k("l")], keys: "L", description: "New lane (team)" },
  {
    action: "editLane",
    chords: [k("t")],
    keys: "T",
    description: "Edit the focused lane: name, colour, remove",
  },
  {
    action: "autoLayout",
    chords: [k("a")],
    keys: "A",
    description: "Arrange the map automatically, by lanes",
  },
  { action: "fitView", chords: [k("f")], keys: "F", description: "Fit the map to the window" },
  { action: "inspect", chords: [k("i")], keys: "I", description: "Inspector for the selection" },
  {
    action: "findings",
    chords: [k("1", { alt: true })],
    keys: "Alt+1",
    description: "Findings panel",
  },
  {
    action: "definitions",
    chords: [k("2", { alt: true })],
    keys: "Alt+2",
    description: "Definitions panel",
  },
  {
    action: "versions",
    chords: [k("3", { alt: true })],
    keys: "Alt+3",
    description: "Versions panel",
  },
  { action: "undo", chords: [k("z", { ctrl: true })], keys: "Ctrl+Z", description: "Undo" },
  {
    action: "redo",
    chords: [k("z", { ctrl: true, shift: true }), k("y", { ctrl: true })],
    keys: "Ctrl+Shift+Z or Ctrl+Y",
    description: "Redo",
  },
  { action: "newMap", chords: [k("n", { ctrl: true })], keys: "Ctrl+N", description: "New map" },
  {
    action: "open",
    chords: [k("o", { ctrl: true })],
    keys: "Ctrl+O",
    description: "Open a map (.throughline, or import .json)",
  },
  {
    action: "saveAs",
    chords: [k("s", { ctrl: true, shift: true })],
    keys: "Ctrl+Shift+S",
    description: "Save as (every edit is already saved)",
  },
  {
    action: "saveVersion",
    chords: [k("s", { ctrl: true })],
    keys: "Ctrl+S",
    description: "Save a named version",
  },
  {
    action: "exportJson",
    chords: [k("e", { ctrl: true })],
    keys: "Ctrl+E",
    description: "Export JSON",
  },
  {
    action: "exportPdf",
    chords: [k("p", { ctrl: true })],
    keys: "Ctrl+P",
    description: "Export the leadership PDF",
  },
  {
    action: "help",
    chords: [k("?", { shift: true }), k("?")],
    keys: "?",
    description: "Show these shortcuts",
  },
  {
    action: "escape",
    chords: [k("escape")],
    keys: "Esc",
    description: "Clear the selection, close a dialog",
  },
];

/** Actions that also work while typing in a field. */
const WHILE_TYPING = new Set<Action>([
  "newMap",
  "open",
  "saveAs",
  "saveVersion",
  "exportJson",
  "exportPdf",
  "escape",
]);

function matches(chord: Chord, e: KeyPress): boolean {
  return (
    chord.key === e.key.toLowerCase() &&
    !!chord.ctrl === (e.ctrlKey || e.metaKey) &&
    !!chord.alt === e.altKey &&
    // "?" needs Shift on most layouts: let the character decide.
    (chord.key === "?" || !!chord.shift === e.shiftKey)
  );
}

/** The action a key press asks for; `typing` is true when focus is in a text field. */
export function actionFor(e: KeyPress, typing = false): Action | null {
  const found = SHORTCUTS.find((s) => s.chords.some((c) => matches(c, e)));
  if (!found) return null;
  return typing && !WHILE_TYPING.has(found.action) ? null : found.action;
}

/** The keys of an action, as the overlay shows them: for buttons' tooltips. */
export function keysOf(action: Action): string | undefined {
  return SHORTCUTS.find((s) => s.action === action)?.keys;
}
