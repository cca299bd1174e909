/** What the window says about files dropped on it. The shell sorts them (`sortDropped`): a
 * HubSpot export and a map are both JSON, and only reading the file tells which. */

export const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** What the window says while files are held over it. */
export const DROP_HINT =
  "Drop a map (.throughline, .json, .bpmn) to open it, the CRM's configuration (HubSpot JSON, Salesforce metadata or project) to hold the map against it, or a stage history (.csv, .xes) to lay over it";

/** Why some dropped files were left alone. */
export function refusal(refused: string[]): string {
  const names = refused.map((n) => `“${n}”`).join(", ");
  return `${names} ${refused.length === 1 ? "is" : "are"} not a map (.throughline, .json, .bpmn), CRM configuration (HubSpot JSON, Salesforce metadata) or a stage history (.csv, .xes).`;
}
