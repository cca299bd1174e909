/** The arrows' labels kept clear of each other and of the other arrows' lines: in the arrows'
 * order, a label over a label placed before it, or crossed by an arrow, moves to the nearest
 * free spot on its arrow or beside it; a label that was moved keeps its place while that
 * place is free, so that an edit that changes one label moves no other. */
import type { Arrow, ArrowCache } from "./arrows";
import { clearLabelSpot, LabelObstacles, labelBox, labelSize } from "./routes";

type Point = { x: number; y: number };

/** One arrow's label after a pass: where its arrow wanted it (`at`), with which text, where it
 * went, and whether it is clear there of the lines and the labels before it (a label that
 * found no clear spot is looked at again on every pass). */
type Placed = { at: Point; label: string; spot: Point; clear: boolean };

/** What a pass leaves for the next one. */
export type LabelPass = {
  /** The arrows in order, and the lines their labels were kept clear of. */
  ids: string[];
  lines: LabelObstacles;
  /** Each arrow's label, in the same order (`null`: none). */
  placed: (Placed | null)[];
  /** The labels' boxes, by their arrows' places in the order. */
  taken: LabelObstacles;
};

/** The arrows with their labels placed. With the same arrows in the same order and the same
 * lines as the last pass, that pass goes on: only a label that changed, or one that a label
 * before it moved onto, is placed again (placing all 500 of a large map's took 2 ms of each
 * edit, nearly all to find each in its place again). Otherwise every label is placed again,
 * in order, each keeping its last place while that is free. Either way the result is the
 * same. */
export function labelsApart(
  drawn: { arrow: Arrow; points: Point[] }[],
  cache: ArrowCache,
  nearby: (points: Point[]) => Point[],
): Arrow[] {
  const ids = drawn.map((d) => d.arrow.id);
  const lines = arrowLines(drawn, ids, cache);
  const last = cache.pass;
  const goesOn = !!last && last.lines === lines && sameIds(last.ids, ids);
  const taken = goesOn ? last.taken : new LabelObstacles(lines);
  const lastOf = goesOn ? null : new Map(last?.ids.map((id, i) => [id, last.placed[i]]));
  // The labels after one that moved that it may now cover, to look at again.
  const again = new Uint8Array(drawn.length);
  const placed: (Placed | null)[] = [];
  const arrows = drawn.map(({ arrow, points }, i) => {
    const at = arrow.data?.labelAt;
    const label = typeof arrow.label === "string" ? arrow.label : null;
    const before = (goesOn ? last.placed[i] : lastOf?.get(arrow.id)) ?? null;
    const same =
      !!before && !!at && before.at.x === at.x && before.at.y === at.y && before.label === label;
    let now: Placed | null = null;
    if (at && label !== null) {
      if (goesOn && same && before.clear && !again[i]) now = before;
      else {
        const size = labelSize(label);
        const free = taken.before(i);
        const clear = (p: Point) => !free.covers(p, size, arrow.id, true);
        const kept = same && clear(before.spot) ? before.spot : clear(at) ? at : null;
        // The search may end where it began, at `at`, when no spot is clear.
        const spot = kept ?? clearLabelSpot(points, at, size, nearby(points), free, arrow.id);
        now = { at, label, spot, clear: kept !== null || clear(spot) };
      }
    }
    placed.push(now);
    const moved =
      !goesOn ||
      now?.spot.x !== before?.spot.x ||
      now?.spot.y !== before?.spot.y ||
      now?.label !== before?.label;
    if (moved) {
      const box = now && labelBox(now.spot, labelSize(now.label));
      taken.place(i, box);
      // The labels after it that it now covers. (One it no longer covers keeps its place
      // all the same, and one that found no clear spot is placed again anyway.)
      if (goesOn && box) for (const j of taken.labelsOver(box, i)) again[j] = 1;
    }
    if (!arrow.data || !now || (now.spot.x === at?.x && now.spot.y === at?.y)) return arrow;
    const spot = now.spot;
    return cache.placed.get(arrow.id, [arrow, spot.x, spot.y], () => ({
      ...arrow,
      data: { ...(arrow.data as NonNullable<Arrow["data"]>), labelAt: spot },
    }));
  });
  cache.pass = { ids, lines, placed, taken };
  return arrows;
}

/** The arrows' lines as obstacles: last drawing's while every arrow runs through the same
 * points (an arrow drawn again for a new label usually does), else made anew. */
function arrowLines(drawn: { arrow: Arrow; points: Point[] }[], ids: string[], cache: ArrowCache) {
  const points = drawn.map((d) => d.points);
  const last = cache.lines;
  if (
    last &&
    last.points.length === points.length &&
    last.points.every((p, i) => last.ids[i] === ids[i] && samePoints(p, points[i]))
  )
    return last.obstacles;
  const obstacles = new LabelObstacles();
  for (const { arrow, points } of drawn) obstacles.addArrow(arrow.id, points);
  cache.lines = { ids, points, obstacles };
  return obstacles;
}

function samePoints(a: Point[], b: Point[]): boolean {
  return a === b || (a.length === b.length && a.every((p, i) => p.x === b[i].x && p.y === b[i].y));
}

const sameIds = (a: string[], b: string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);
