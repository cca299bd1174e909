import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useCallback, useState } from "react";
import { useSubscription } from "./useSubscription";

/** Whether files are held over the window, and `onDrop` called with the paths dropped. The
 * webview hands over paths only (Tauri's drag-and-drop events); the shell reads the files. */
export function useFileDrop(onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  useSubscription(
    useCallback(
      () =>
        getCurrentWebview().onDragDropEvent(({ payload }) => {
          if (payload.type === "enter" || payload.type === "over") setOver(true);
          else setOver(false);
          if (payload.type === "drop" && payload.paths.length > 0) onDrop(payload.paths);
        }),
      [onDrop],
    ),
  );
  return over;
}
