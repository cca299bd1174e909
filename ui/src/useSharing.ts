import { listen } from "@tauri-apps/api/event";
import { useCallback, useEffect, useRef } from "react";
import {
  commands,
  type SyncState_Serialize as SyncState,
  type Update_Serialize as Update,
} from "./bindings";
import type { EditorState } from "./editor/state";
import type { Editor } from "./editor/store";
import { useSubscription } from "./useSubscription";

/** The shell's events for a shared map (`REMOTE_UPDATE_EVENT` and `SYNC_EVENT` in
 * src-tauri/src/sharing.rs). */
const REMOTE_UPDATE_EVENT = "remote-update";
const SYNC_EVENT = "sync";

/** A shared map in the window: colleagues' edits come in through the editor's queue, the
 * sharing's state and who is there are kept up to date, what this person selects and
 * presents goes to the others, and a presentation followed is shown as it moves. */
export function useSharing(editor: Editor, state: EditorState): void {
  useSubscription(
    useCallback(
      () => listen<Update>(REMOTE_UPDATE_EVENT, ({ payload }) => void editor.remoteUpdate(payload)),
      [editor],
    ),
  );
  useSubscription(
    useCallback(
      () =>
        listen<SyncState>(SYNC_EVENT, ({ payload }) =>
          editor.dispatch({ type: "sync", sync: payload }),
        ),
      [editor],
    ),
  );

  const shared = state.snapshot?.sync.connection.state;
  const sharing = shared !== undefined && shared !== "not_shared";
  const { selection, presenting } = state;
  // What this person selects and presents, sent once it settles (a drag selects many times).
  useEffect(() => {
    if (!sharing) return;
    const timer = setTimeout(() => {
      void commands.sharePresence(selection, presenting?.index ?? null, presenting?.walk ?? null);
    }, 60);
    return () => clearTimeout(timer);
  }, [sharing, selection, presenting]);

  const leader = state.snapshot?.sync.people.find((p) => p.id === state.following);
  const step = leader ? leader.presenting : undefined;
  const walk = leader?.walk === "findings" ? "findings" : "journey";
  const followed = useRef(false);
  useEffect(() => {
    if (step === undefined) {
      followed.current = false;
      return;
    }
    // Following someone who stops presenting ends the presentation here too.
    if (step === null) {
      if (followed.current) void editor.follow(walk, null);
      followed.current = false;
      return;
    }
    followed.current = true;
    void editor.follow(walk, step);
  }, [editor, step, walk]);
}
