import { createContext } from "react";

/** What the canvas reports back; the app turns these into edits. */
export type CanvasEvents = {
  onSelect: (ids: string[]) => void;
  onFocusLane: (team: string) => void;
  onInspectLane: (team: string) => void;
  onInspect: (id: string) => void;
  /** Stages dropped at new places; `team` is set when dropped into another lane. */
  onMove: (moves: { id: string; team: string | null; x: number; y: number }[]) => void;
  onConnect: (from: string, to: string) => void;
  onRename: (id: string, name: string | null) => void;
};

/** The canvas's callbacks and the card being renamed, for the cards and lanes it draws. */
export const Events = createContext<CanvasEvents & { renaming: string | null }>(null as never);
