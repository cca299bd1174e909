/** What a key press asks for, keyboard first: the same on Linux, Windows (Ctrl) and macOS (⌘). */
export type Action = "open" | "undo" | "redo" | "exportPdf";

export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

export const SHORTCUTS: { action: Action; keys: string; description: string }[] = [
  { action: "open", keys: "Ctrl+O", description: "Open a map" },
  { action: "undo", keys: "Ctrl+Z", description: "Undo" },
  { action: "redo", keys: "Ctrl+Shift+Z or Ctrl+Y", description: "Redo" },
  { action: "exportPdf", keys: "Ctrl+P", description: "Export the leadership PDF" },
];

export function actionFor(e: KeyPress): Action | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === "o" && !e.shiftKey) return "open";
  if (key === "z") return e.shiftKey ? "redo" : "undo";
  if (key === "y" && !e.shiftKey) return "redo";
  if (key === "p" && !e.shiftKey) return "exportPdf";
  return null;
}
