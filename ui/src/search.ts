/** Finding things by what a person types: fuzzy, in any order, and by initials ("mql" finds
 * "Marketing qualified lead"). fuzzysort does the matching and ranks word starts first. */
import fuzzysort from "fuzzysort";

export type Findable = { id: string; label: string; hint?: string };

/** The initials of a label's words, lower case: "Marketing qualified lead" → "mql". */
const initials = (label: string) =>
  label
    .split(/[\s\-_/]+/)
    .filter(Boolean)
    .map((w) => w[0].toLowerCase())
    .join("");

/** The options that match `text`, best first; every option, in order, for no text. Each word
 * typed must match the label or its hint; a query made of the label's initials matches first. */
export function search<T extends Findable>(options: T[], text: string, limit = 50): T[] {
  const query = text.trim();
  if (!query) return options.slice(0, Math.max(limit, options.length));
  const wanted = query.toLowerCase().replace(/\s+/g, "");
  const byInitials = options.filter((o) => initials(o.label).startsWith(wanted));
  const fuzzy = fuzzysort
    .go(query, options, {
      keys: ["label", "hint"],
      limit,
      threshold: 0.3,
      // The label counts for more than the hint (a lane or team name).
      scoreFn: (r) => Math.max(r[0]?.score ?? 0, (r[1]?.score ?? 0) * 0.8),
    })
    .map((r) => r.obj);
  const first = new Set(byInitials);
  return [...byInitials, ...fuzzy.filter((o) => !first.has(o))].slice(0, limit);
}
