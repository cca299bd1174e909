/** For the canvas's tests: maps crowded with labels, and the labels that overlap as drawn. */
import type { Map_Serialize as JourneyMap } from "../bindings";
import { journey } from "../fixtures";
import type { Arrow } from "./arrows";
import { labelSize } from "./routes";

/** Three lanes of `cards` cards in a staircase, `pitch` apart, each card sending arrows to the
 * next three: handoffs everywhere, labels crowding each other, lines crossing between every
 * pair of columns. */
export function crowded(cards: number, pitch = 260): JourneyMap {
  const map = journey();
  const [base, arrow] = [map.stages[0], map.transitions[0]];
  const teams = map.teams.map((t) => t.id);
  map.stages = Array.from({ length: cards }, (_, i) => ({
    ...base,
    id: `s${i}`,
    name: `Stage ${i}`,
    team: teams[i % teams.length],
    position: { x: 200 + pitch * i, y: 20 },
  }));
  map.transitions = map.stages.flatMap((_, i) =>
    [i + 1, i + 2, i + 3]
      .filter((j) => j < cards)
      .map((j) => ({ ...arrow, id: `t${i}-${j}`, from: `s${i}`, to: `s${j}`, owners: [] })),
  );
  return map;
}

/** Each labelled arrow's label as a box (left, right, top, bottom), where it is written. */
export function labelBoxes(edges: Arrow[]) {
  return edges
    .filter((e) => e.data?.labelAt && typeof e.label === "string")
    .map((e) => {
      const at = e.data?.labelAt ?? { x: 0, y: 0 };
      const size = labelSize(e.label as string);
      const [w, h] = [size.width / 2, size.height / 2];
      return { id: e.id, l: at.x - w, r: at.x + w, t: at.y - h, b: at.y + h };
    });
}

/** The pairs of arrows whose labels overlap, as "id id". */
export function overlappingLabels(edges: Arrow[]): string[] {
  const boxes = labelBoxes(edges);
  return boxes.flatMap((p, i) =>
    boxes
      .slice(i + 1)
      .filter((q) => p.l < q.r && p.r > q.l && p.t < q.b && p.b > q.t)
      .map((q) => `${p.id} ${q.id}`),
  );
}
