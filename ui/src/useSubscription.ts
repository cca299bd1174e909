import { useEffect } from "react";

/** Holds a Tauri event subscription while the component is mounted. Tauri hands over the way
 * to unsubscribe asynchronously, when the component may already be gone: then it is used at
 * once. `subscribe` must keep its identity between renders (`useCallback`). */
export function useSubscription(subscribe: () => Promise<() => void>): void {
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let gone = false;
    void subscribe().then((stop) => {
      if (gone) stop();
      else unlisten = stop;
    });
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [subscribe]);
}
