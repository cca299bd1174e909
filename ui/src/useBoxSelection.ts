import { useReactFlow } from "@xyflow/react";
import { type MouseEvent, type PointerEvent, useRef, useState } from "react";
import { stagesInBox } from "./canvas/geometry";
import type { JourneyNode } from "./canvas/mapping";

type Point = { x: number; y: number };
type Press = { shiftKey: boolean; button: number; target: EventTarget };

/** Whether a press starts a selection box: Shift and the main button, anywhere but on a card,
 * an arrow or the canvas' controls. */
const startsBox = (e: Press) =>
  e.shiftKey &&
  e.button === 0 &&
  e.target instanceof Element &&
  !e.target.closest(
    ".react-flow__node-stage, .react-flow__handle, .react-flow__edge, .react-flow__panel, .react-flow__controls",
  );

/** Shift+drag on the canvas draws a box and adds the cards it touches to the selection.
 *
 * Ours rather than React Flow's selection key: React Flow watches Shift being held, and each
 * press and release redrew its pane (about 40 ms under WebKitGTK, so Shift+arrows and
 * Ctrl+Shift+Z lagged). This reads Shift only when a drag starts. Returns the box in window
 * coordinates while it is drawn, and the handlers for the canvas' outer element. */
export function useBoxSelection(
  nodes: JourneyNode[],
  selected: Set<string>,
  onSelect: (ids: string[]) => void,
) {
  const { screenToFlowPosition } = useReactFlow();
  const [box, setBox] = useState<{ from: Point; to: Point } | null>(null);
  // The click that ends a box must not reach React Flow, which would clear the selection.
  const ending = useRef(false);

  const handlers = {
    onPointerDownCapture: (e: PointerEvent) => {
      if (!startsBox(e)) return;
      e.stopPropagation();
      const from = { x: e.clientX, y: e.clientY };
      setBox({ from, to: from });
      const move = (m: globalThis.PointerEvent) =>
        setBox({ from, to: { x: m.clientX, y: m.clientY } });
      const up = (u: globalThis.PointerEvent) => {
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
        setBox(null);
        const to = { x: u.clientX, y: u.clientY };
        const ids = stagesInBox(nodes, screenToFlowPosition(from), screenToFlowPosition(to));
        onSelect([...new Set([...selected, ...ids])]);
        ending.current = true;
        // The click, if any, comes in the same task as the release.
        setTimeout(() => {
          ending.current = false;
        });
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
    },
    // React Flow pans on mousedown: not while a box is drawn.
    onMouseDownCapture: (e: MouseEvent) => {
      if (startsBox(e)) e.stopPropagation();
    },
    onClickCapture: (e: MouseEvent) => {
      if (ending.current) e.stopPropagation();
    },
  };
  return { box, handlers };
}
