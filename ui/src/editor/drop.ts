/** Files dropped on the window: a map to open, a stage history to lay over the map, or both
 * (the map first). Anything else is named in a problem, never guessed at. */

const MAP_EXTENSIONS = ["throughline", "json", "bpmn"];
const HISTORY_EXTENSIONS = ["csv", "xes"];

export type Dropped = { map: string | null; history: string | null; refused: string[] };

const extension = (path: string) => path.split(".").pop()?.toLowerCase() ?? "";
export const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** Sorts dropped paths into the first map, the first stage history and the rest. */
export function sortDropped(paths: string[]): Dropped {
  const map = paths.find((p) => MAP_EXTENSIONS.includes(extension(p))) ?? null;
  const history = paths.find((p) => HISTORY_EXTENSIONS.includes(extension(p))) ?? null;
  const refused = paths.filter((p) => p !== map && p !== history).map(fileName);
  return { map, history, refused };
}

/** What the window says while files are held over it. */
export const DROP_HINT =
  "Drop a stage history (.csv, .xes) to lay it over the map, or a map (.throughline, .json, .bpmn) to open it";

/** Why some dropped files were left alone. */
export function refusal(refused: string[]): string {
  const names = refused.map((n) => `“${n}”`).join(", ");
  return `${names} ${refused.length === 1 ? "is" : "are"} neither a map (.throughline, .json, .bpmn) nor a stage history (.csv, .xes).`;
}
