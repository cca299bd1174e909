/** Geometry of the overview map (the minimap): what it shows and where a click in it lands. */
import { CARD_HEIGHT, CARD_WIDTH } from "./canvas/geometry";
import type { JourneyNode } from "./canvas/mapping";

export type Rect = { x: number; y: number; width: number; height: number };

/** The area the lanes and cards cover. */
export function extent(nodes: JourneyNode[]): Rect {
  if (nodes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    const width = n.type === "lane" ? n.data.width : CARD_WIDTH;
    const height = n.type === "lane" ? n.data.height : CARD_HEIGHT;
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + width);
    bottom = Math.max(bottom, n.position.y + height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The area the overview shows: the whole journey and the visible part of the canvas, with a
 * margin, so the frame of the view is always inside it. */
export function overviewBox(content: Rect, view: Rect, margin = 40): Rect {
  const x = Math.min(content.x, view.x) - margin;
  const y = Math.min(content.y, view.y) - margin;
  const right = Math.max(content.x + content.width, view.x + view.width) + margin;
  const bottom = Math.max(content.y + content.height, view.y + view.height) + margin;
  return { x, y, width: right - x, height: bottom - y };
}

/** The visible part of the canvas, in canvas coordinates, from React Flow's transform
 * (`[x, y, zoom]`) and the pane's size in pixels. */
export function visibleArea(transform: [number, number, number], pane: Rect): Rect {
  const [x, y, zoom] = transform;
  return { x: -x / zoom, y: -y / zoom, width: pane.width / zoom, height: pane.height / zoom };
}

/** The canvas point under `offset` (pixels from the overview's top left corner), for an
 * overview of `size` pixels drawing `box` centred and scaled to fit (SVG's default
 * `xMidYMid meet`). */
export function canvasPoint(
  box: Rect,
  size: { width: number; height: number },
  offset: { x: number; y: number },
): { x: number; y: number } {
  const scale = Math.min(size.width / box.width, size.height / box.height);
  const left = (size.width - box.width * scale) / 2;
  const top = (size.height - box.height * scale) / 2;
  return { x: box.x + (offset.x - left) / scale, y: box.y + (offset.y - top) / scale };
}
