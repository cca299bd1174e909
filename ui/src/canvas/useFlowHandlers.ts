import type { Connection, Edge, EdgeChange, NodeChange } from "@xyflow/react";
import { type Dispatch, type SetStateAction, useMemo, useRef } from "react";
import type { Arrow } from "./arrows";
import type { CanvasEvents } from "./events";
import { dropPlace, type Lane } from "./geometry";
import type { JourneyNode, StageNode } from "./mapping";

type Point = { x: number; y: number };

/** What the handlers act on, as of the last render. */
type Current = {
  events: CanvasEvents;
  selected: Set<string>;
  /** Positions while a drag is under way. */
  dragging: Map<string, Point>;
  lanes: Lane[];
};

/** React Flow's handlers for the canvas, made once, reading what is current through a ref.
 *
 * React Flow keeps the handlers it is given in its store, and each handler that is a new
 * function is a store update of its own, which runs every selector again over all cards and
 * arrows. Made afresh on every render, four of them cost about 4 ms of each edit's round trip
 * on a 500-stage map. */
export function useFlowHandlers(
  current: Current,
  setDragging: Dispatch<SetStateAction<Map<string, Point>>>,
) {
  const now = useRef(current);
  now.current = current;
  return useMemo(
    () => ({
      onNodesChange: (changes: NodeChange<JourneyNode>[]) => {
        const { dragging, selected, events } = now.current;
        let selection: Set<string> | null = null;
        const moved = new Map(dragging);
        for (const c of changes) {
          if (c.type === "select") {
            selection ??= new Set(selected);
            if (c.selected) selection.add(c.id);
            else selection.delete(c.id);
          } else if (c.type === "position" && c.position) {
            moved.set(c.id, c.position);
          }
        }
        if (moved.size !== dragging.size || changes.some((c) => c.type === "position"))
          setDragging(moved);
        if (selection) events.onSelect([...selection]);
      },
      onEdgesChange: (changes: EdgeChange<Arrow>[]) => {
        const { selected, events } = now.current;
        const selection = new Set(selected);
        let changed = false;
        for (const c of changes) {
          if (c.type === "select") {
            changed = true;
            if (c.selected) selection.add(c.id);
            else selection.delete(c.id);
          }
        }
        if (changed) events.onSelect([...selection]);
      },
      onNodeDragStop: (_: unknown, __: unknown, dragged: JourneyNode[]) => {
        const { events, lanes } = now.current;
        events.onMove(
          dragged
            .filter((n): n is StageNode => n.type === "stage")
            .map((n) => ({ id: n.id, ...dropPlace(lanes, n.data.stage.team, n.position) })),
        );
      },
      onConnect: (c: Connection) =>
        c.source !== c.target && now.current.events.onConnect(c.source, c.target),
      onNodeDoubleClick: (_: unknown, n: JourneyNode) =>
        n.type === "stage" && now.current.events.onInspect(n.id),
      onEdgeDoubleClick: (_: unknown, e: Edge) => now.current.events.onInspect(e.id),
      // A path records took that the map lacks: a click draws it, as one undoable edit.
      onEdgeClick: (_: unknown, e: Arrow) =>
        e.data?.undocumented && now.current.events.onConnect(e.source, e.target),
    }),
    [setDragging],
  );
}
