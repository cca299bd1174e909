import { listen } from "@tauri-apps/api/event";
import { useCallback } from "react";
import { useSubscription } from "./useSubscription";

/** The shell's event for a map opened from the file manager while the app runs (a second
 * start of the app hands its file over; `OPEN_MAP_EVENT` in src-tauri/src/lib.rs). */
const OPEN_MAP_EVENT = "open-map";

/** Calls `open` with the path of each map the desktop asks the running app to open. */
export function useOpenRequests(open: (paths: string[]) => void): void {
  useSubscription(
    useCallback(() => listen<string>(OPEN_MAP_EVENT, ({ payload }) => open([payload])), [open]),
  );
}
