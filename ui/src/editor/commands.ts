/** Every named thing the editor can do, in one registry (as Helix and Zed keep theirs): an id,
 * what it is called and does, what it needs to act on, and its run function over the editor
 * as it is when the command's turn comes. Keys (`keymap.ts`), header buttons, the `?` overlay
 * and the command palette all name commands from here. */
import type {
  Edit_Deserialize as Edit,
  ExportFormat,
  Map_Serialize as JourneyMap,
  Snapshot_Serialize as Snapshot,
  Stage,
  Transition,
} from "../bindings";
import * as editing from "../editing";
import { drawnPositions } from "../flow";
import { type Direction, nearest } from "../navigation";
import { steps, type Walk } from "./presentation";
import { type EditorEvent, type EditorState, inspectable } from "./state";

/** The editor as a command sees it, already in its turn in the queue. */
export type CommandContext = {
  readonly state: EditorState;
  dispatch: (event: EditorEvent) => void;
  clipboard: { current: editing.Clipboard | null };
  edit: (edit: Edit | null) => Promise<Snapshot | null>;
  history: (which: "undo" | "redo") => Promise<Snapshot | null>;
  browse: () => Promise<void>;
  saveTo: (kind: "saveAs" | "exportJson" | ExportFormat) => Promise<void>;
  /** Picks a stage history to lay over the map (`null`: removes the one there). */
  stageHistory: (load: boolean) => Promise<void>;
  /** Picks the CRM's configuration (files or a project folder) to start a map from, or to
   * hold the open map against. */
  crm: (kind: "new" | "attach", from: "files" | "folder") => Promise<void>;
  detachCrm: () => Promise<void>;
  addCrmValues: () => Promise<Snapshot | null>;
};

/** What a command acts on; it is offered (and runs) only when that is there. */
export type Need =
  | "nothing"
  | "map"
  | "stage"
  | "stageOrTransition"
  | "selection"
  | "lane"
  | "undrawnPath"
  | "crm"
  | "unmappedCrmValues";

type Command = {
  title: string;
  description: string;
  needs: Need;
  run: (ctx: CommandContext) => unknown;
};

const KIND_CYCLE = ["stage", "entry", "revenue", "exit"] as const;
const nextKind = (kind: (typeof KIND_CYCLE)[number]) =>
  KIND_CYCLE[(KIND_CYCLE.indexOf(kind) + 1) % KIND_CYCLE.length];

const mapOf = (ctx: CommandContext): JourneyMap => ctx.state.snapshot?.map as JourneyMap;
const primary = (state: EditorState) => state.selection.at(-1) ?? null;

/** The selected stage the command acts on: the last one selected. */
export function selectedStage(state: EditorState): Stage | undefined {
  const id = primary(state);
  return state.snapshot?.map.stages.find((s) => s.id === id);
}

function selectedTransition(state: EditorState): Transition | undefined {
  const id = primary(state);
  return state.snapshot?.map.transitions.find((t) => t.id === id);
}

function selectedStageIds(state: EditorState): string[] {
  const stages = new Set(state.snapshot?.map.stages.map((s) => s.id));
  return state.selection.filter((id) => stages.has(id));
}

/** The path records take between the two selected stages that the map does not draw yet
 * (either way round, the way records took it), as `[from, to]`. */
export function selectedPath(state: EditorState): [string, string] | null {
  const ids = selectedStageIds(state);
  const map = state.snapshot?.map;
  const paths = state.snapshot?.history?.flow.undocumented ?? [];
  if (ids.length !== 2 || !map) return null;
  const drawn = (from: string, to: string) =>
    map.transitions.some((t) => t.from === from && t.to === to);
  const path = paths.find(
    (u) => ids.includes(u.from) && ids.includes(u.to) && u.from !== u.to && !drawn(u.from, u.to),
  );
  return path ? [path.from, path.to] : null;
}

/** Selects the nearest stage that way on screen, adding it to the selection with `extend`.
 * From a selected arrow, → goes to where it leads and ← to where it starts; with nothing
 * selected, the first stage of the focused lane is taken. */
function step(direction: Direction, extend: boolean) {
  return (ctx: CommandContext) => {
    const map = mapOf(ctx);
    if (map.stages.length === 0) return;
    const positions = drawnPositions(map);
    const transition = selectedTransition(ctx.state);
    let next: string | null | undefined;
    if (transition && (direction === "left" || direction === "right")) {
      next = direction === "right" ? transition.to : transition.from;
    } else {
      const from = transition?.to ?? selectedStageIds(ctx.state).at(-1);
      // Directions as seen on screen, where each lane shifts its stages into its band.
      next = from ? nearest(positions, from, direction) : firstInLane(ctx.state, positions);
    }
    if (!next) return;
    const ids = extend ? [...ctx.state.selection.filter((id) => id !== next), next] : [next];
    ctx.dispatch({ type: "select", ids, reveal: true });
  };
}

/** The leftmost stage of the focused lane (of the map when the lane is empty). */
function firstInLane(state: EditorState, positions: Map<string, { x: number; y: number }>) {
  const stages = state.snapshot?.map.stages ?? [];
  const inLane = stages.filter((s) => s.team === state.focusedTeam);
  const pool = inLane.length ? inLane : stages;
  const at = (id: string) => positions.get(id) ?? { x: 0, y: 0 };
  return pool.reduce<string | null>(
    (best, s) =>
      !best || at(s.id).x < at(best).x || (at(s.id).x === at(best).x && at(s.id).y < at(best).y)
        ? s.id
        : best,
    null,
  );
}

/** Selects the next arrow out of (or into) the selected stage, cycling through them in the
 * order they are drawn top to bottom; from a selected arrow, the next one out of the same
 * stage (into the same stage). */
function cycleArrows(which: "out" | "in") {
  return (ctx: CommandContext) => {
    const map = mapOf(ctx);
    const transition = selectedTransition(ctx.state);
    const stage = transition
      ? which === "out"
        ? transition.from
        : transition.to
      : selectedStage(ctx.state)?.id;
    if (!stage) return;
    const positions = drawnPositions(map);
    const far = (t: Transition) => positions.get(which === "out" ? t.to : t.from) ?? { x: 0, y: 0 };
    const arrows = map.transitions
      .filter((t) => (which === "out" ? t.from : t.to) === stage)
      .sort((a, b) => far(a).y - far(b).y || far(a).x - far(b).x);
    if (arrows.length === 0) return;
    const at = arrows.findIndex((t) => t.id === transition?.id);
    const next = arrows[(at + 1) % arrows.length];
    ctx.dispatch({ type: "select", ids: [next.id], reveal: true });
  };
}

/** Moves presentation mode `by` steps along its walk, selecting and framing the step. */
function walkBy(by: number) {
  return (ctx: CommandContext) => {
    const presenting = ctx.state.presenting;
    if (!presenting) return;
    showStep(ctx, presenting.walk, presenting.index + by);
  };
}

/** Enters presentation mode on `walk` (from the selected stage, walking the journey). */
function present(walk: Walk) {
  return (ctx: CommandContext) => {
    const chosen = ctx.state.selection.at(-1);
    const all = stepsNow(ctx.state, walk);
    const from = all.findIndex((s) => chosen !== undefined && s.subjects.includes(chosen));
    showStep(ctx, walk, walk === "journey" ? Math.max(0, from) : 0);
  };
}

function stepsNow(state: EditorState, walk: Walk) {
  const snapshot = state.snapshot;
  if (!snapshot) return [];
  return steps(walk, snapshot.map, visibleFindings(snapshot, state.view), state.rules);
}

/** The findings the canvas shows: all, or errors only. */
export function visibleFindings(snapshot: Snapshot | null, view: EditorState["view"]) {
  const findings = snapshot?.analysis.findings ?? [];
  return view.errorsOnly ? findings.filter((f) => f.severity === "error") : findings;
}

function showStep(ctx: CommandContext, walk: Walk, wanted: number) {
  const all = stepsNow(ctx.state, walk);
  const index = Math.max(0, Math.min(wanted, all.length - 1));
  ctx.dispatch({ type: "present", presenting: { walk, index } });
  const step = all[index];
  if (!step) return;
  const map = mapOf(ctx);
  const drawn = new Set([...map.stages.map((s) => s.id), ...map.transitions.map((t) => t.id)]);
  ctx.dispatch({ type: "select", ids: step.subjects.filter((id) => drawn.has(id)) });
  ctx.dispatch({ type: "frame", ids: step.subjects, mode: "present" });
}

const frame = (mode: "fit" | "zoomIn" | "zoomOut" | "zoomReset") => (ctx: CommandContext) =>
  ctx.dispatch({ type: "frame", ids: [], mode });

/** The focused lane's neighbour, `by` lanes away. */
function laneBeside(state: EditorState, from: string | null | undefined, by: number) {
  const teams = state.snapshot?.map.teams ?? [];
  return teams[teams.findIndex((t) => t.id === from) + by];
}

function moveSelectionToLane(by: number) {
  return async (ctx: CommandContext) => {
    const stage = selectedStage(ctx.state);
    const next = laneBeside(ctx.state, stage?.team ?? ctx.state.focusedTeam, by);
    if (!next) return;
    const ids = new Set(selectedStageIds(ctx.state));
    await ctx.edit(editing.moveToLane(mapOf(ctx), ids, next.id));
    ctx.dispatch({ type: "focusLane", team: next.id });
  };
}

function moveLane(by: number) {
  return async (ctx: CommandContext) => {
    const teams = mapOf(ctx).teams;
    const index = teams.findIndex((t) => t.id === ctx.state.focusedTeam) + by;
    const id = ctx.state.focusedTeam;
    if (id && index >= 0 && index < teams.length) await ctx.edit({ type: "move_team", id, index });
  };
}

const showPanel = (panel: "findings" | "definitions" | "versions") => (ctx: CommandContext) =>
  ctx.dispatch({ type: "panel", panel });

export const COMMANDS = {
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
  exportPdf: {
    title: "Export PDF…",
    description: "Export the leadership PDF",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "export" } }),
  },
  undo: {
    title: "Undo",
    description: "Undo",
    needs: "map",
    run: (ctx) => ctx.state.snapshot?.can_undo && ctx.history("undo"),
  },
  redo: {
    title: "Redo",
    description: "Redo",
    needs: "map",
    run: (ctx) => ctx.state.snapshot?.can_redo && ctx.history("redo"),
  },
  newStage: {
    title: "New stage",
    description: "New stage in the focused lane (connected from the selected stage)",
    needs: "map",
    run: (ctx) => {
      const team = ctx.state.focusedTeam;
      if (!team) return ctx.dispatch({ type: "ask", asking: { kind: "newLane" } });
      const from = selectedStage(ctx.state)?.id ?? null;
      ctx.dispatch({ type: "ask", asking: { kind: "newStage", team, from } });
    },
  },
  rename: {
    title: "Rename stage",
    description: "Rename the selected stage",
    needs: "stage",
    run: (ctx) => ctx.dispatch({ type: "rename", id: selectedStage(ctx.state)?.id ?? null }),
  },
  connect: {
    title: "Connect to…",
    description: "Connect the selected stage to another",
    needs: "stage",
    run: (ctx) => {
      const from = selectedStage(ctx.state)?.id;
      if (from) ctx.dispatch({ type: "ask", asking: { kind: "connect", from } });
    },
  },
  setOwner: {
    title: "Set owner…",
    description: "Set the owner of the selected stage or transition",
    needs: "stageOrTransition",
    run: (ctx) => {
      const map = mapOf(ctx);
      const stage = selectedStage(ctx.state);
      const transition = selectedTransition(ctx.state);
      if (stage) {
        const target = { kind: "stage", id: stage.id } as const;
        ctx.dispatch({ type: "ask", asking: { kind: "owner", target, team: stage.team } });
      } else if (transition) {
        // A handoff's owner is usually on the receiving side.
        const team = map.stages.find((s) => s.id === transition.to)?.team ?? map.teams[0]?.id;
        const target = { kind: "transition", id: transition.id } as const;
        if (team) ctx.dispatch({ type: "ask", asking: { kind: "owner", target, team } });
      }
    },
  },
  cycleKind: {
    title: "Change kind",
    description: "Change the selected stage's kind: stage, entry, revenue, exit",
    needs: "stage",
    run: async (ctx) => {
      const stage = selectedStage(ctx.state);
      if (stage)
        await ctx.edit({ type: "update_stage", stage: { ...stage, kind: nextKind(stage.kind) } });
    },
  },
  remove: {
    title: "Delete",
    description: "Delete the selection",
    needs: "selection",
    run: async (ctx) => {
      await ctx.edit(editing.remove(mapOf(ctx), new Set(ctx.state.selection)));
      ctx.dispatch({ type: "select", ids: [] });
    },
  },
  selectAll: {
    title: "Select all",
    description: "Select every stage",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "select", ids: mapOf(ctx).stages.map((s) => s.id) }),
  },
  copy: {
    title: "Copy",
    description: "Copy the selected stages",
    needs: "selection",
    run: (ctx) => {
      const copied = editing.copy(mapOf(ctx), new Set(ctx.state.selection));
      if (copied) ctx.clipboard.current = copied;
    },
  },
  paste: {
    title: "Paste",
    description: "Paste into the focused lane",
    needs: "lane",
    run: async (ctx) => {
      const team = ctx.state.focusedTeam;
      if (!ctx.clipboard.current || !team) return;
      const pasted = editing.paste(mapOf(ctx), ctx.clipboard.current, team);
      if (pasted && (await ctx.edit(pasted.edit))) {
        ctx.dispatch({ type: "select", ids: pasted.ids });
        ctx.dispatch({ type: "frame", ids: pasted.ids.slice(0, 1), mode: "reveal" });
      }
    },
  },
  selectLeft: {
    title: "Select left",
    description: "Select the nearest stage that way",
    needs: "map",
    run: step("left", false),
  },
  selectRight: {
    title: "Select right",
    description: "Select the nearest stage to the right",
    needs: "map",
    run: step("right", false),
  },
  selectUp: {
    title: "Select up",
    description: "Select the nearest stage above",
    needs: "map",
    run: step("up", false),
  },
  selectDown: {
    title: "Select down",
    description: "Select the nearest stage below",
    needs: "map",
    run: step("down", false),
  },
  extendLeft: {
    title: "Extend selection left",
    description: "Add the nearest stage that way to the selection",
    needs: "map",
    run: step("left", true),
  },
  extendRight: {
    title: "Extend selection right",
    description: "Add the nearest stage to the right to the selection",
    needs: "map",
    run: step("right", true),
  },
  extendUp: {
    title: "Extend selection up",
    description: "Add the nearest stage above to the selection",
    needs: "map",
    run: step("up", true),
  },
  extendDown: {
    title: "Extend selection down",
    description: "Add the nearest stage below to the selection",
    needs: "map",
    run: step("down", true),
  },
  laneUp: {
    title: "Focus lane above",
    description: "Focus the lane above / below",
    needs: "lane",
    run: (ctx) => {
      const next = laneBeside(ctx.state, ctx.state.focusedTeam, -1);
      if (next) ctx.dispatch({ type: "focusLane", team: next.id });
    },
  },
  laneDown: {
    title: "Focus lane below",
    description: "Focus the lane below",
    needs: "lane",
    run: (ctx) => {
      const next = laneBeside(ctx.state, ctx.state.focusedTeam, 1);
      if (next) ctx.dispatch({ type: "focusLane", team: next.id });
    },
  },
  moveToLaneUp: {
    title: "Move to lane above",
    description: "Move the selected stages to the lane above / below",
    needs: "selection",
    run: moveSelectionToLane(-1),
  },
  moveToLaneDown: {
    title: "Move to lane below",
    description: "Move the selected stages to the lane below",
    needs: "selection",
    run: moveSelectionToLane(1),
  },
  moveLaneUp: {
    title: "Move lane up",
    description: "Move the focused lane up / down",
    needs: "lane",
    run: moveLane(-1),
  },
  moveLaneDown: {
    title: "Move lane down",
    description: "Move the focused lane down",
    needs: "lane",
    run: moveLane(1),
  },
  newLane: {
    title: "New lane",
    description: "New lane (team)",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "newLane" } }),
  },
  editLane: {
    title: "Edit lane",
    description: "Edit the focused lane: name, colour, remove",
    needs: "lane",
    run: (ctx) => {
      const id = ctx.state.focusedTeam;
      if (id) ctx.dispatch({ type: "inspect", target: { kind: "team", id }, show: true });
    },
  },
  autoLayout: {
    title: "Arrange automatically",
    description: "Arrange the map automatically, by lanes",
    needs: "map",
    run: async (ctx) => {
      try {
        // ELK is large: it loads on first use, not with the window.
        const { autoLayout } = await import("../layout");
        await ctx.edit(await autoLayout(mapOf(ctx)));
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        ctx.dispatch({
          type: "problem",
          problem: { message: `The automatic layout failed: ${reason}`, kind: "Layout" },
        });
      }
      ctx.dispatch({ type: "frame", ids: [], mode: "fit" });
    },
  },
  fitView: {
    title: "Fit the map",
    description: "Fit the whole map in the window",
    needs: "map",
    run: frame("fit"),
  },
  zoomIn: {
    title: "Zoom in",
    description: "Zoom in / out",
    needs: "map",
    run: frame("zoomIn"),
  },
  zoomOut: {
    title: "Zoom out",
    description: "Zoom out",
    needs: "map",
    run: frame("zoomOut"),
  },
  zoomReset: {
    title: "Actual size",
    description: "Zoom to actual size (100%)",
    needs: "map",
    run: frame("zoomReset"),
  },
  toggleSidebar: {
    title: "Show or hide the sidebar",
    description: "Show or hide the sidebar (more room for the map)",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "view", view: { sidebar: !ctx.state.view.sidebar } }),
  },
  toggleHistory: {
    title: "Show or hide the stage history",
    description: "Show or hide the stage history's counts and undrawn paths on the map",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "view", view: { history: !ctx.state.view.history } }),
  },
  drawPath: {
    title: "Draw the path records take",
    description:
      "Draw the path the stage history shows between the two selected stages as a transition",
    needs: "undrawnPath",
    run: (ctx) => {
      const path = selectedPath(ctx.state);
      return path && ctx.edit(editing.connect(...path));
    },
  },
  toggleErrorsOnly: {
    title: "Errors only / every finding",
    description: "Mark only errors on the map, or every finding",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "view", view: { errorsOnly: !ctx.state.view.errorsOnly } }),
  },
  nextOutgoing: {
    title: "Next arrow out",
    description: "Select the selected stage's arrows out / in, one after another",
    needs: "stageOrTransition",
    run: cycleArrows("out"),
  },
  nextIncoming: {
    title: "Next arrow in",
    description: "Select the next arrow into the selected stage",
    needs: "stageOrTransition",
    run: cycleArrows("in"),
  },
  present: {
    title: "Present the journey",
    description: "Present: the whole window, large type, Space walks the journey",
    needs: "map",
    run: present("journey"),
  },
  presentFindings: {
    title: "Present the findings",
    description: "Present the findings one by one, each with its fix",
    needs: "map",
    run: present("findings"),
  },
  presentNext: {
    title: "Next step",
    description: "Next / previous step of the presentation",
    needs: "map",
    run: walkBy(1),
  },
  presentPrevious: {
    title: "Previous step",
    description: "Previous step of the presentation",
    needs: "map",
    run: walkBy(-1),
  },
  inspect: {
    title: "Inspector",
    description: "Inspector for the selection",
    needs: "map",
    run: (ctx) => {
      const id = primary(ctx.state);
      if (!id) return ctx.dispatch({ type: "panel", panel: "inspector" });
      ctx.dispatch({ type: "inspect", target: inspectable(mapOf(ctx), id), show: true });
    },
  },
  findings: {
    title: "Findings",
    description: "Findings panel",
    needs: "map",
    run: showPanel("findings"),
  },
  definitions: {
    title: "Definitions",
    description: "Definitions panel",
    needs: "map",
    run: showPanel("definitions"),
  },
  versions: {
    title: "Versions",
    description: "Versions panel",
    needs: "map",
    run: showPanel("versions"),
  },
  palette: {
    title: "Command palette",
    description: "Find and run any command by name",
    needs: "nothing",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "palette" } }),
  },
  help: {
    title: "Keyboard shortcuts",
    description: "Show these shortcuts",
    needs: "nothing",
    run: (ctx) => ctx.dispatch({ type: "help", open: !ctx.state.help }),
  },
  escape: {
    title: "Escape",
    description: "Clear the selection, close a dialog, leave the presentation",
    needs: "nothing",
    run: (ctx) => {
      if (ctx.state.help) ctx.dispatch({ type: "help", open: false });
      else if (ctx.state.asking) ctx.dispatch({ type: "ask", asking: null });
      else if (ctx.state.presenting) {
        ctx.dispatch({ type: "present", presenting: null });
        ctx.dispatch({ type: "frame", ids: ctx.state.selection, mode: "reveal" });
      } else ctx.dispatch({ type: "select", ids: [] });
    },
  },
} satisfies Record<string, Command>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

/** Whether what a command needs is there. */
export function isAvailable(command: Command, state: EditorState): boolean {
  const map = state.snapshot?.map;
  switch (command.needs) {
    case "nothing":
      return true;
    case "map":
      return !!map;
    case "stage":
      return !!selectedStage(state);
    case "stageOrTransition":
      return !!selectedStage(state) || !!selectedTransition(state);
    case "selection":
      return !!map && state.selection.length > 0;
    case "lane":
      return !!map && !!state.focusedTeam;
    case "undrawnPath":
      return !!selectedPath(state);
    case "crm":
      return !!state.snapshot?.crm;
    case "unmappedCrmValues":
      return !!state.snapshot?.analysis.findings.some((f) => f.rule === "crm-value-unmapped");
  }
}

/** The command palette's choices: every command that can run now, by its title, with its
 * keys as a hint. */
export function paletteChoices(state: EditorState, keysOf: (id: CommandId) => string | undefined) {
  return COMMAND_IDS.filter((id) => id !== "palette" && isAvailable(COMMANDS[id], state)).map(
    (id) => ({ id, label: COMMANDS[id].title, hint: keysOf(id) }),
  );
}
