/** The plain types the editor's state is made of, which the panels and dialogs show. They
 * live here, not beside the components, so that the editor imports no component. */

/** A problem to show: its words, and its kind when the shell named one. */
export type Problem = { message: string; kind: string };

/** The sidebar's panels, one at a time behind tabs. */
export type Panel = "findings" | "inspector" | "definitions" | "versions" | "conflicts";

/** What the inspector shows: one entity of the map, or the map itself. */
export type Inspected =
  | { kind: "map" }
  | { kind: "stage" | "transition" | "team" | "person" | "term"; id: string };

/** The stages and arrows a comparison added and changed, marked on the canvas, with what
 * changed on each as old → new ("owners: none → Sofia Rossi"). */
export type Compared = { added: string[]; changed: string[]; notes: Record<string, string[]> };

/** One choice of a prompt's list: an id saying what it is, what is shown, and a hint. */
export type Option = { id: string; label: string; hint?: string };
