import { getCurrentWindow } from "@tauri-apps/api/window";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { CanvasEvents } from "./canvas/events";
import * as editing from "./editing";
import { COMMANDS, paletteChoices } from "./editor/commands";
import { commandFor, heldWhilePresenting, type KeyContext, keysOf } from "./editor/keymap";
import { PRESENTING_HINT } from "./editor/presentation";
import { promptFor } from "./editor/prompts";
import { inspectable } from "./editor/state";
import { createEditor, type Editor } from "./editor/store";
import { leaveField } from "./focus";

/** Where the keyboard is: in a dialog, in a text field, or on the canvas (presenting or not). */
function keyContext(e: KeyboardEvent, asking: boolean, presenting: boolean): KeyContext | null {
  if (asking) return "prompt";
  const target = e.target;
  if (!(target instanceof HTMLElement)) return "canvas";
  if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) {
    return "typing";
  }
  // A focused button or link answers Enter and Space itself.
  if ((e.key === "Enter" || e.key === " ") && ["BUTTON", "A"].includes(target.tagName)) {
    return null;
  }
  return presenting ? "presenting" : "canvas";
}

/** The editor for React: its state as it changes, the window's keys and title, and the
 * canvas's gestures as queued edits. `App` only lays it out. */
export function useEditor(given?: Editor) {
  const [editor] = useState(() => given ?? createEditor());
  const state = useSyncExternalStore(editor.subscribe, editor.getState);

  useEffect(() => {
    editor.load().catch(editor.fail);
  }, [editor]);

  const snapshot = state.snapshot;
  const title = snapshot ? `${snapshot.map.name} — ${snapshot.path} — Throughline` : "Throughline";
  // Only when it changes: the native title is a call to the shell, and edits rarely rename.
  useEffect(() => {
    document.title = title;
    // The native title too (window managers and task bars show it); harmless if refused.
    getCurrentWindow()
      .setTitle(title)
      .catch(() => undefined);
  }, [title]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const now = editor.getState();
      const context = keyContext(e, !!now.asking, !!now.presenting);
      const command = context && commandFor(e, context);
      const held = context === "presenting" && !command && heldWhilePresenting(e);
      if (held) {
        const what = COMMANDS[held].title.replace(/…$/, "");
        editor.dispatch({
          type: "notice",
          notice: `${what} is off while presenting. ${PRESENTING_HINT}`,
        });
        e.preventDefault();
        return;
      }
      if (!command) return;
      e.preventDefault();
      // Esc in a text field leaves it for the canvas (a dialog's field closes the dialog).
      if (context === "typing" && command === "escape" && e.target instanceof HTMLElement) {
        return leaveField(e.target);
      }
      editor.run(command);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editor]);

  // The canvas's gestures: what to show at once, and edits that wait their turn.
  const events: CanvasEvents = useMemo(
    () => ({
      onSelect: (ids) => editor.dispatch({ type: "select", ids }),
      onFocusLane: (team) => editor.dispatch({ type: "focusLane", team }),
      onInspectLane: (id) =>
        editor.dispatch({ type: "inspect", target: { kind: "team", id }, show: true }),
      onInspect: (id) =>
        editor.dispatch({
          type: "inspect",
          target: inspectable(editor.getState().snapshot?.map, id),
          show: true,
        }),
      onMove: (moves) => editor.submit(editing.moves(moves)),
      onConnect: (from, to) => editor.submit(editing.connect(from, to)),
      onRename: (id, name) => {
        editor.dispatch({ type: "rename", id: null });
        editor.submit((map) => editing.rename(map, id, name));
      },
    }),
    [editor],
  );

  const choices = useMemo(
    () => (state.asking?.kind === "palette" ? paletteChoices(state, keysOf) : []),
    [state],
  );
  const asking = state.asking;
  const prompt =
    asking && asking.kind !== "export" && asking.kind !== "share" && asking.kind !== "join"
      ? promptFor(asking, snapshot?.map, choices)
      : null;

  return { state, editor, events, prompt };
}
