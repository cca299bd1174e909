import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useEffect, useState } from "react";

/** Whether files are held over the window, and `onDrop` called with the paths dropped. The
 * webview hands over paths only (Tauri's drag-and-drop events); the shell reads the files. */
export function useFileDrop(onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let gone = false;
    void getCurrentWebview()
      .onDragDropEvent(({ payload }) => {
        if (payload.type === "enter" || payload.type === "over") setOver(true);
        else setOver(false);
        if (payload.type === "drop" && payload.paths.length > 0) onDrop(payload.paths);
      })
      .then((stop) => {
        if (gone) stop();
        else unlisten = stop;
      });
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [onDrop]);
  return over;
}
