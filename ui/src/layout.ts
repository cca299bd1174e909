/** Automatic layout by lanes. ELK's layered algorithm orders the whole journey left to right
 * (its partitions would make columns, not lanes), then each stage is placed in its own
 * team's band: cards of one lane that share a column are stacked in rows. */
import ELK from "elkjs/lib/elk.bundled.js";
import type { Edit_Deserialize as Edit, Map_Serialize as JourneyMap } from "./bindings";
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  COLUMN_PITCH,
  LANE_LABEL,
  LANE_PADDING,
  ROW_PITCH,
} from "./canvas/geometry";
import { batch } from "./editing";

const elk = new ELK();

/** Each stage's layer (column) from ELK, 0 for the leftmost. */
export async function columns(map: JourneyMap): Promise<Map<string, number>> {
  const graph = await elk.layout({
    id: "journey",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.spacing.nodeNode": "20",
      // Cycles (rework loops) are broken where they cost the fewest reversed arrows.
      "elk.layered.cycleBreaking.strategy": "GREEDY",
    },
    children: map.stages.map((s) => ({ id: s.id, width: CARD_WIDTH, height: CARD_HEIGHT })),
    edges: map.transitions.map((t) => ({ id: t.id, sources: [t.from], targets: [t.to] })),
  });
  const xs = [...new Set((graph.children ?? []).map((c) => Math.round(c.x ?? 0)))].sort(
    (a, b) => a - b,
  );
  const layer = new Map(xs.map((x, i) => [x, i]));
  return new Map((graph.children ?? []).map((c) => [c.id, layer.get(Math.round(c.x ?? 0)) ?? 0]));
}

/** The positions of a laid-out map: x from the column, y from the lane and the row within
 * it. Lanes follow team order; every lane is as tall as its most crowded column. */
export function place(
  map: JourneyMap,
  column: Map<string, number>,
): Map<string, { x: number; y: number }> {
  const placed = new Map<string, { x: number; y: number }>();
  let top = 0;
  for (const team of map.teams) {
    const rows = new Map<number, number>();
    let deepest = 1;
    for (const stage of map.stages.filter((s) => s.team === team.id)) {
      const c = column.get(stage.id) ?? 0;
      const row = rows.get(c) ?? 0;
      rows.set(c, row + 1);
      deepest = Math.max(deepest, row + 1);
      placed.set(stage.id, {
        x: LANE_LABEL + c * COLUMN_PITCH,
        y: top + LANE_PADDING + row * ROW_PITCH,
      });
    }
    top += (deepest - 1) * ROW_PITCH + CARD_HEIGHT + 2 * LANE_PADDING;
  }
  return placed;
}

/** One edit that moves every stage to its laid-out place (one undo step). */
export async function autoLayout(map: JourneyMap): Promise<Edit | null> {
  const positions = place(map, await columns(map));
  return batch(
    map.stages
      .filter((s) => {
        const p = positions.get(s.id);
        return p && (s.position?.x !== p.x || s.position?.y !== p.y);
      })
      .map((s): Edit => ({ type: "move_stage", id: s.id, position: positions.get(s.id) })),
  );
}
