/** Where the legend goes so that it covers no card: its corner when that is clear, else the
 * first other place along the canvas's edges that is, else nowhere (it steps aside until
 * there is room, as the overview does). */

export type LegendPlace = "top-right" | "top-left" | "top-center" | "bottom-center";

/** In order of preference: the bottom corners hold the zoom buttons and the overview. */
export const LEGEND_PLACES: LegendPlace[] = [
  "top-right",
  "top-left",
  "top-center",
  "bottom-center",
];

/** React Flow's margin around a panel, px. */
const MARGIN = 15;

type Size = { width: number; height: number };
type Box = { left: number; top: number; right: number; bottom: number };

/** The legend's box at `place` in a pane of `pane`'s size (pane pixels). */
export function legendBox(place: LegendPlace, pane: Size, legend: Size): Box {
  const left =
    place === "top-left"
      ? MARGIN
      : place === "top-right"
        ? pane.width - MARGIN - legend.width
        : (pane.width - legend.width) / 2;
  const top = place === "bottom-center" ? pane.height - MARGIN - legend.height : MARGIN;
  return { left, top, right: left + legend.width, bottom: top + legend.height };
}

/** The first place where a legend of `legend`'s size covers none of `cards` (boxes in pane
 * pixels), or `null` when every place covers one. */
export function legendPlace(pane: Size, legend: Size, cards: Box[]): LegendPlace | null {
  return (
    LEGEND_PLACES.find((place) => {
      const b = legendBox(place, pane, legend);
      return !cards.some(
        (c) => c.left < b.right && c.right > b.left && c.top < b.bottom && c.bottom > b.top,
      );
    }) ?? null
  );
}
