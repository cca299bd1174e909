import { useStore } from "@xyflow/react";
import { useEffect } from "react";

/** Keeps the canvas's zoom in the CSS variable `--zoom` on React Flow's element, for marks
 * that must stay a few screen pixels wide at any zoom (a compared card's outline and note).
 * A variable rather than a prop: a zoom redraws no card. */
export function ZoomScale() {
  const zoom = useStore((s) => s.transform[2]);
  const element = useStore((s) => s.domNode);
  useEffect(() => element?.style.setProperty("--zoom", String(zoom)), [element, zoom]);
  return null;
}
