/** Keeps the previous object for every item that is the same as before, so React Flow redraws
 * only the cards and arrows an edit touched. "The same" is one level deep: nested objects
 * (positions, data) are compared field by field, and anything deeper by identity, which holds
 * because the map itself is patched entity by entity (see patch.ts). `cache` is updated in
 * place for the next call. */
export function keepUnchanged<T extends { id: string }>(cache: Map<string, T>, items: T[]): T[] {
  const seen = new Set<string>();
  const kept = items.map((item) => {
    seen.add(item.id);
    const previous = cache.get(item.id);
    if (previous && sameShallow(previous, item, 2)) return previous;
    cache.set(item.id, item);
    return item;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return kept;
}

function sameShallow(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (depth === 0 || typeof a !== "object" || typeof b !== "object" || !a || !b) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) =>
    sameShallow((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1),
  );
}
