/** What every command is made of: the editor as a command sees it, what a command needs to
 * act on, and the selection it acts on. The commands themselves are in `commands/`, gathered
 * into one registry by `commands.ts`. */
import type {
  Edit_Deserialize as Edit,
  ExportFormat,
  Map_Serialize as JourneyMap,
  Snapshot_Serialize as Snapshot,
  Stage,
  Transition,
} from "../bindings";
import type * as editing from "../editing";
import type { EditorEvent, EditorState } from "./state";

/** The editor as a command sees it, already in its turn in the queue. */
export type CommandContext = {
  readonly state: EditorState;
  dispatch: (event: EditorEvent) => void;
  clipboard: { current: editing.Clipboard | null };
  edit: (edit: Edit | null) => Promise<Snapshot | null>;
  history: (which: "undo" | "redo") => Promise<Snapshot | null>;
  /** The edit arranging the map compactly for a window this size (canvas units), or null
   * when it is arranged so already (or the shell refused). */
  arrangement: (size: { width: number; height: number }) => Promise<Edit | null>;
  /** `edit` with the moves that keep an arranged map arranged after it (for a window this
   * size), or `edit` alone when the map is not arranged so. */
  keepingArranged: (edit: Edit, size: { width: number; height: number }) => Promise<Edit>;
  browse: () => Promise<void>;
  saveTo: (kind: "saveAs" | "exportJson" | ExportFormat) => Promise<void>;
  /** Picks a stage history to lay over the map (`null`: removes the one there). */
  stageHistory: (load: boolean) => Promise<void>;
  /** Picks the CRM's configuration (files or a project folder) to start a map from, or to
   * hold the open map against. */
  crm: (kind: "new" | "attach", from: "files" | "folder") => Promise<void>;
  detachCrm: () => Promise<void>;
  addCrmValues: () => Promise<Snapshot | null>;
  /** Picks another copy of the map (a .throughline file) and merges it in. */
  mergeCopy: () => Promise<void>;
  /** Stops sharing the map from here. */
  stopSharing: () => Promise<void>;
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
  | "unmappedCrmValues"
  /** The map is shared from here (or joined). */
  | "shared";

export type Command = {
  title: string;
  description: string;
  needs: Need;
  run: (ctx: CommandContext) => unknown;
};

export const mapOf = (ctx: CommandContext): JourneyMap => ctx.state.snapshot?.map as JourneyMap;
export const primary = (state: EditorState) => state.selection.at(-1) ?? null;

/** The selected stage the command acts on: the last one selected. */
export function selectedStage(state: EditorState): Stage | undefined {
  const id = primary(state);
  return state.snapshot?.map.stages.find((s) => s.id === id);
}

export function selectedTransition(state: EditorState): Transition | undefined {
  const id = primary(state);
  return state.snapshot?.map.transitions.find((t) => t.id === id);
}

export function selectedStageIds(state: EditorState): string[] {
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
    case "shared":
      return !!state.snapshot && state.snapshot.sync.connection.state !== "not_shared";
  }
}
