/** Where the view goes: pure arithmetic over React Flow's viewport (`x`, `y` are where the
 * canvas origin is drawn on screen, `zoom` its scale), tested without a window. */

/** The height of a stage's name in canvas units; the card sets its font from it. */
export const NAME_SIZE = 15;
/** The smallest zoom at which names are drawn at least 12 px tall: a map opens no smaller. */
export const LEGIBLE_ZOOM = 12 / NAME_SIZE;
/** The zoom of presentation mode: names 26 px tall, readable from the back of a room. */
export const PRESENT_ZOOM = 26 / NAME_SIZE;
export const ZOOM_STEP = 1.25;
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 3;

export type View = { x: number; y: number; zoom: number };
export type Size = { width: number; height: number };
export type Box = { x: number; y: number; width: number; height: number };

const MARGIN = 24;

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The view that shows `box` whole, centred, no larger than `maxZoom`. */
export function fitting(box: Box, pane: Size, maxZoom = 1): View {
  const zoom = clampZoom(
    Math.min(
      (pane.width - 2 * MARGIN) / Math.max(box.width, 1),
      (pane.height - 2 * MARGIN) / Math.max(box.height, 1),
      maxZoom,
    ),
  );
  return centred(box, pane, zoom);
}

/** The view with `box` in the middle at `zoom`. */
export function centred(box: Box, pane: Size, zoom: number): View {
  return {
    x: pane.width / 2 - (box.x + box.width / 2) * zoom,
    y: pane.height / 2 - (box.y + box.height / 2) * zoom,
    zoom,
  };
}

/** How a map opens: whole when that keeps names legible, else at the legible zoom with its
 * start (`start`, the first stage of the journey) in view near the top left corner and the
 * overview for the rest. */
export function opening(map: Box, start: Box | null, pane: Size): View {
  const whole = fitting(map, pane, 1);
  if (whole.zoom >= LEGIBLE_ZOOM) return whole;
  const zoom = LEGIBLE_ZOOM;
  const anchor = start ?? map;
  // The map's left edge at the window's, unless that leaves the start out of view.
  const left = Math.max(map.x, anchor.x + anchor.width - (pane.width - 2 * MARGIN) / zoom);
  const fitsTall = map.height * zoom <= pane.height - 2 * MARGIN;
  const top = fitsTall
    ? map.y - (pane.height / zoom - map.height) / 2
    : Math.max(map.y, anchor.y + anchor.height / 2 - pane.height / zoom / 2);
  return { x: MARGIN - left * zoom, y: (fitsTall ? 0 : MARGIN) - top * zoom, zoom };
}

/** The smallest pan that brings `box` into view with a margin, or null when it is in view. */
export function revealing(view: View, box: Box, pane: Size): View | null {
  const left = box.x * view.zoom + view.x;
  const top = box.y * view.zoom + view.y;
  const right = left + box.width * view.zoom;
  const bottom = top + box.height * view.zoom;
  const dx =
    left < MARGIN ? MARGIN - left : right > pane.width - MARGIN ? pane.width - MARGIN - right : 0;
  const dy =
    top < MARGIN ? MARGIN - top : bottom > pane.height - MARGIN ? pane.height - MARGIN - bottom : 0;
  // A box larger than the window shows its top left corner.
  const fx = box.width * view.zoom > pane.width - 2 * MARGIN ? MARGIN - left : dx;
  const fy = box.height * view.zoom > pane.height - 2 * MARGIN ? MARGIN - top : dy;
  if (fx === 0 && fy === 0) return null;
  return { x: view.x + fx, y: view.y + fy, zoom: view.zoom };
}

/** The view zoomed by `factor` (or to `to`) about the middle of the window. */
export function zoomed(view: View, pane: Size, factor: number, to?: number): View {
  const zoom = clampZoom(to ?? view.zoom * factor);
  const cx = pane.width / 2;
  const cy = pane.height / 2;
  return {
    x: cx - ((cx - view.x) / view.zoom) * zoom,
    y: cy - ((cy - view.y) / view.zoom) * zoom,
    zoom,
  };
}

/** The room the fit view fills in the canvas as drawn now (pixels): what Arrange shapes the
 * map for. The window less the fit's margins when the canvas is not drawn. */
export function fitRoom(): Size {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  const [width, height] = pane
    ? [pane.width, pane.height]
    : [window.innerWidth, window.innerHeight];
  return { width: Math.max(width - 2 * MARGIN, 1), height: Math.max(height - 2 * MARGIN, 1) };
}

/** The box around some boxes (a loop: a spread of 100,000 arguments would overflow). */
export function around(boxes: Box[]): Box | null {
  if (boxes.length === 0) return null;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** What the editor asks of the view. Each request has a new serial; edits never move the
 * view by themselves. `open`: the legible opening view; `fit`: everything, or `ids` whole;
 * `reveal`: pan just enough to show `ids`; `present`: `ids` centred at the presentation
 * zoom; `restore`: back to the view before presenting; the zooms step about the middle of
 * the window. */
export type FrameRequest = {
  serial: number;
  mode: "open" | "fit" | "reveal" | "present" | "restore" | "zoomIn" | "zoomOut" | "zoomReset";
  ids: string[];
};
