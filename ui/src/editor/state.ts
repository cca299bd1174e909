/** The editor's state and every way it changes, as a pure reducer: Vitest drives it without
 * React or the shell. What talks to the shell lives in `store.ts`. */
import type {
  ExportProgress,
  HistoryProgress,
  Map_Serialize as JourneyMap,
  RuleInfo,
  Snapshot_Serialize as Snapshot,
  SyncState_Serialize as SyncState,
  Update_Serialize as Update,
} from "../bindings";
import type { FrameRequest } from "../canvas/viewport";
import { applyUpdate } from "../patch";
import type { Presenting } from "./presentation";
import type { Asking } from "./prompts";
import type { Compared, Inspected, Panel, Problem } from "./types";

export type { Problem } from "./types";

export type EditorState = {
  /** The shell has answered whether a map is open. */
  loaded: boolean;
  snapshot: Snapshot | null;
  /** An update did not follow the revision shown: a whole snapshot is needed. */
  stale: boolean;
  selection: string[];
  focusedTeam: string | null;
  renaming: string | null;
  panel: Panel;
  inspected: Inspected;
  asking: Asking | null;
  help: boolean;
  problem: Problem | null;
  /** Something done that the user should know of ("Saved …"). */
  notice: string | null;
  frame: FrameRequest;
  rules: Map<string, RuleInfo>;
  exporting: ExportProgress | null;
  /** A stage history being read, and how far. */
  loadingHistory: HistoryProgress | null;
  /** The PDF just exported, offered to open or show in its folder. */
  exported: string | null;
  view: View;
  /** Presentation mode's walk and step, or null when not presenting. */
  presenting: Presenting | null;
  /** What the comparison shown in the versions panel added and changed, marked on the map. */
  comparing: Compared | null;
  /** The participant whose presentation this window follows. */
  following: string | null;
};

/** How the canvas is shown: errors only or every finding, the sidebar open or not, and the
 * stage history's counts on the map or not. */
export type View = { errorsOnly: boolean; sidebar: boolean; history: boolean };

export type EditorEvent =
  /** A map was opened or created: a fresh start. */
  | { type: "opened"; snapshot: Snapshot | null }
  /** The same map again, whole (save as, a restored version, a resync). */
  | { type: "replaced"; snapshot: Snapshot }
  | { type: "updated"; update: Update }
  /** `reveal`: pan just enough to show the last one selected. */
  | { type: "select"; ids: string[]; reveal?: boolean }
  /** A finding was clicked: what it is about becomes the selection, framed. */
  | { type: "show"; subjects: string[] }
  | { type: "focusLane"; team: string | null }
  | { type: "panel"; panel: Panel }
  | { type: "inspect"; target: Inspected; show?: boolean }
  | { type: "ask"; asking: Asking | null }
  | { type: "help"; open: boolean }
  | { type: "rename"; id: string | null }
  | { type: "frame"; ids: string[]; mode: FrameRequest["mode"] }
  | { type: "view"; view: Partial<View> }
  | { type: "present"; presenting: Presenting | null }
  | { type: "comparing"; marked: Compared | null }
  | { type: "problem"; problem: Problem | null }
  | { type: "notice"; notice: string | null }
  | { type: "rules"; rules: RuleInfo[] }
  | { type: "exporting"; progress: ExportProgress | null }
  | { type: "loadingHistory"; progress: HistoryProgress | null }
  | { type: "exported"; path: string | null }
  /** The sharing's connection or who is there changed. */
  | { type: "sync"; sync: SyncState }
  | { type: "follow"; id: string | null };

export const initialState: EditorState = {
  loaded: false,
  snapshot: null,
  stale: false,
  selection: [],
  focusedTeam: null,
  renaming: null,
  panel: "findings",
  inspected: { kind: "map" },
  asking: null,
  help: false,
  problem: null,
  notice: null,
  frame: { ids: [], serial: 0, mode: "open" },
  rules: new Map(),
  exporting: null,
  loadingHistory: null,
  exported: null,
  view: { errorsOnly: false, sidebar: true, history: true },
  presenting: null,
  comparing: null,
  following: null,
};

/** Whether an id is a transition's (stages and transitions are selected alike). */
export function inspectable(map: JourneyMap | undefined, id: string): Inspected {
  return { kind: map?.transitions.some((t) => t.id === id) ? "transition" : "stage", id };
}

/** The selection, lane and inspected entity kept pointing at things that still exist. */
function keepValid(state: EditorState): EditorState {
  const map = state.snapshot?.map;
  if (!map) return state;
  const exists = new Set([...map.stages.map((s) => s.id), ...map.transitions.map((t) => t.id)]);
  const selection = state.selection.every((id) => exists.has(id))
    ? state.selection
    : state.selection.filter((id) => exists.has(id));
  const focusedTeam =
    state.focusedTeam && map.teams.some((t) => t.id === state.focusedTeam)
      ? state.focusedTeam
      : (map.teams[0]?.id ?? null);
  if (selection === state.selection && focusedTeam === state.focusedTeam) return state;
  return { ...state, selection, focusedTeam };
}

const framed = (state: EditorState, ids: string[], mode: FrameRequest["mode"]): FrameRequest => ({
  ids,
  serial: state.frame.serial + 1,
  mode,
});

/** The lane a selected stage or arrow is in (an arrow's: where it leads). */
function laneOf(map: JourneyMap | undefined, id: string | undefined): string | undefined {
  if (!map || !id) return undefined;
  const stage = map.stages.find((s) => s.id === id);
  if (stage) return stage.team;
  const to = map.transitions.find((t) => t.id === id)?.to;
  return map.stages.find((s) => s.id === to)?.team;
}

/** What an import left out or repaired, said after it ("Left out or repaired: …"); `null`
 * when nothing was. The first few are named, with how many more. */
export function leftOutNotice(snapshot: Snapshot | null): string | null {
  const notes = snapshot?.left_out ?? [];
  if (notes.length === 0) return null;
  const shown = notes.slice(0, 3).join("; ");
  const more = notes.length > 3 ? `; …and ${notes.length - 3} more` : "";
  return `Read, with ${notes.length} thing${notes.length === 1 ? "" : "s"} left out or repaired: ${shown}${more}.`;
}

export function reduce(state: EditorState, event: EditorEvent): EditorState {
  switch (event.type) {
    case "opened":
      return {
        ...state,
        notice: leftOutNotice(event.snapshot) ?? state.notice,
        loaded: true,
        snapshot: event.snapshot,
        stale: false,
        selection: [],
        renaming: null,
        inspected: { kind: "map" },
        focusedTeam: event.snapshot?.map.teams[0]?.id ?? null,
        frame: framed(state, [], "open"),
        problem: null,
        exported: null,
        presenting: null,
        following: null,
      };
    case "replaced":
      return keepValid({ ...state, snapshot: event.snapshot, stale: false, problem: null });
    case "updated": {
      const current = state.snapshot;
      if (!current) return state;
      // Only the next revision applies: an older one is already shown, a later one means
      // one went missing, and the whole map is asked for again.
      if (event.update.revision <= current.revision) return state;
      if (event.update.revision !== current.revision + 1) return { ...state, stale: true };
      try {
        const snapshot = applyUpdate(current, event.update);
        return keepValid({ ...state, snapshot, problem: null });
      } catch {
        return { ...state, stale: true };
      }
    }
    case "select": {
      const map = state.snapshot?.map;
      const last = event.ids.at(-1);
      // The focused lane follows the selection: N then adds beside what is selected.
      const team = laneOf(map, last);
      return {
        ...state,
        selection: event.ids,
        inspected: event.ids.length === 1 ? inspectable(map, event.ids[0]) : state.inspected,
        focusedTeam: team ?? state.focusedTeam,
        frame: event.reveal && last ? framed(state, [last], "reveal") : state.frame,
      };
    }
    case "show": {
      const map = state.snapshot?.map;
      if (!map) return state;
      const drawn = new Set([...map.stages.map((s) => s.id), ...map.transitions.map((t) => t.id)]);
      const selection = event.subjects.filter((id) => drawn.has(id));
      return {
        ...state,
        selection,
        focusedTeam: laneOf(map, selection.at(-1)) ?? state.focusedTeam,
        frame: framed(state, event.subjects, "fit"),
      };
    }
    case "focusLane":
      return { ...state, focusedTeam: event.team };
    case "panel":
      return { ...state, panel: event.panel };
    case "inspect":
      return {
        ...state,
        inspected: event.target,
        panel: event.show ? "inspector" : state.panel,
        selection:
          event.target.kind === "stage" || event.target.kind === "transition"
            ? [event.target.id]
            : state.selection,
        focusedTeam: event.target.kind === "team" ? event.target.id : state.focusedTeam,
      };
    case "ask":
      return { ...state, asking: event.asking };
    case "help":
      return { ...state, help: event.open };
    case "rename":
      return { ...state, renaming: event.id };
    case "frame":
      return { ...state, frame: framed(state, event.ids, event.mode) };
    case "view":
      return { ...state, view: { ...state.view, ...event.view } };
    case "present":
      // A confirmation or a hint in the caption is about the step it was given on.
      return { ...state, presenting: event.presenting, notice: null };
    case "comparing":
      return { ...state, comparing: event.marked };
    case "problem":
      return { ...state, problem: event.problem };
    case "notice":
      return { ...state, notice: event.notice };
    case "rules":
      return { ...state, rules: new Map(event.rules.map((r) => [r.rule, r])) };
    case "exporting":
      return { ...state, exporting: event.progress };
    case "loadingHistory":
      return { ...state, loadingHistory: event.progress };
    case "exported":
      return { ...state, exported: event.path };
    case "sync": {
      if (!state.snapshot) return state;
      // Someone followed who left is no longer followed.
      const here = event.sync.people.some((p) => p.id === state.following);
      // What the server sent that was not taken in is said as a problem, once.
      const said = event.sync.problem && event.sync.problem !== state.snapshot.sync.problem;
      return {
        ...state,
        snapshot: { ...state.snapshot, sync: event.sync },
        following: here ? state.following : null,
        problem: said ? { message: event.sync.problem ?? "", kind: "Sync" } : state.problem,
      };
    }
    case "follow":
      return { ...state, following: event.id };
  }
}
