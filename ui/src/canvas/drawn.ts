/** What each card, lane and arrow was last drawn from, with the drawing: one is drawn again
 * only when something it is drawn from changed. The map is patched entity by entity
 * (`patch.ts`): a stage or transition an edit did not touch is the same object as before, so
 * an edit draws only what it touched, and React Flow, handed the same objects, redraws only
 * those. Drawing every card and arrow again and then comparing the results field by field took
 * 7–13 ms of each edit on a 500-stage map in the window. */
export class Drawn<T> {
  private last = new Map<string, { from: readonly unknown[]; drawing: T }>();
  private seen = new Set<string>();

  /** The drawing of `id` from `from` (objects by identity, values by value): last time's when
   * `from` is the same, else `draw()`. */
  get(id: string, from: readonly unknown[], draw: () => T): T {
    this.seen.add(id);
    const last = this.last.get(id);
    if (last && sameInputs(last.from, from)) return last.drawing;
    const drawing = draw();
    this.last.set(id, { from, drawing });
    return drawing;
  }

  /** Forgets what was not drawn since the last call: removed entities are not kept. */
  forgetUnseen() {
    for (const id of this.last.keys()) if (!this.seen.has(id)) this.last.delete(id);
    this.seen.clear();
  }
}

/** `now`, or `before` when it holds the same items in the same order: React Flow takes a new
 * array as a change and goes over every card or arrow in it. */
export function sameList<T>(before: T[] | null, now: T[]): T[] {
  return before && before.length === now.length && before.every((x, i) => x === now[i])
    ? before
    : now;
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}
