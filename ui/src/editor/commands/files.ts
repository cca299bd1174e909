/** Commands on files: new and open maps, the stage history and the CRM's configuration laid
 * over a map, saving and every export. */
import type { Command } from "../command";

export const FILE_COMMANDS = {
  newMap: {
    title: "New map",
    description: "New map",
    needs: "nothing",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "newMap" } }),
  },
  open: {
    title: "Open…",
    description: "Open a map (.throughline, or import .json)",
    needs: "nothing",
    run: (ctx) => ctx.browse(),
  },
  loadHistory: {
    title: "Load stage history…",
    description:
      "Lay the CRM's stage history over the map: a CSV, a Salesforce history export or XES",
    needs: "map",
    run: (ctx) => ctx.stageHistory(true),
  },
  newMapFromCrm: {
    title: "New map from CRM…",
    description:
      "Start a map from the CRM's configuration: HubSpot pipeline or lifecycle JSON, Salesforce metadata files",
    needs: "nothing",
    run: (ctx) => ctx.crm("new", "files"),
  },
  newMapFromCrmFolder: {
    title: "New map from a Salesforce project…",
    description: "Start a map from a Salesforce project folder (sf project retrieve)",
    needs: "nothing",
    run: (ctx) => ctx.crm("new", "folder"),
  },
  attachCrm: {
    title: "Attach CRM configuration…",
    description:
      "Hold the map against the CRM's configuration (files); a newer export says what changed",
    needs: "map",
    run: (ctx) => ctx.crm("attach", "files"),
  },
  attachCrmFolder: {
    title: "Attach a Salesforce project…",
    description: "Hold the map against a Salesforce project folder",
    needs: "map",
    run: (ctx) => ctx.crm("attach", "folder"),
  },
  addCrmValues: {
    title: "Add the CRM's values the map lacks",
    description: "Add a stage for every value of the CRM's configuration no stage maps to",
    needs: "unmappedCrmValues",
    run: (ctx) => ctx.addCrmValues(),
  },
  detachCrm: {
    title: "Remove CRM configuration",
    description: "Stop holding the map against the CRM's configuration",
    needs: "crm",
    run: (ctx) => ctx.detachCrm(),
  },
  clearHistory: {
    title: "Remove stage history",
    description: "Take the stage history off the map",
    needs: "map",
    run: (ctx) => ctx.stageHistory(false),
  },
  saveAs: {
    title: "Save as…",
    description: "Save as (every edit is already saved)",
    needs: "map",
    run: (ctx) => ctx.saveTo("saveAs"),
  },
  saveVersion: {
    title: "Save a version",
    description: "Save a named version",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "saveVersion" } }),
  },
  exportJson: {
    title: "Export JSON…",
    description: "Export JSON",
    needs: "map",
    run: (ctx) => ctx.saveTo("exportJson"),
  },
  exportPng: {
    title: "Export picture (PNG)…",
    description: "Export a picture of the map for slides, as the report draws it",
    needs: "map",
    run: (ctx) => ctx.saveTo("png"),
  },
  exportSvg: {
    title: "Export picture (SVG)…",
    description: "Export a picture of the map that scales, as the report draws it",
    needs: "map",
    run: (ctx) => ctx.saveTo("svg"),
  },
  exportBpmn: {
    title: "Export BPMN…",
    description: "Export the map as BPMN 2.0 for process modelers",
    needs: "map",
    run: (ctx) => ctx.saveTo("bpmn"),
  },
  exportMermaid: {
    title: "Export Mermaid…",
    description: "Export the map as a Mermaid flowchart for READMEs and wikis",
    needs: "map",
    run: (ctx) => ctx.saveTo("mermaid"),
  },
  share: {
    title: "Share…",
    description:
      "Share the map on your team's sync server: a link to edit it together, and one to read it",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "share" } }),
  },
  join: {
    title: "Join a shared map…",
    description: "Open a map shared on a sync server, from the link you were given",
    needs: "nothing",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "join" } }),
  },
  stopSharing: {
    title: "Stop sharing from here",
    description: "Leave the shared map: this file keeps what it has and stops syncing",
    needs: "shared",
    run: (ctx) => ctx.stopSharing(),
  },
  mergeCopy: {
    title: "Merge another copy…",
    description:
      "Join a copy of this map edited apart (a .throughline file): every edit of both is kept, conflicts are listed",
    needs: "map",
    run: (ctx) => ctx.mergeCopy(),
  },
  exportPdf: {
    title: "Export PDF…",
    description: "Export the leadership PDF",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "export" } }),
  },
} satisfies Record<string, Command>;
