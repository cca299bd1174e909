/** The editor: its state (see `state.ts`) and the one queue every input goes through. Keys,
 * pointer gestures, inspector fields and panel buttons all become queued work — a named
 * command or an edit — that runs once the previous one has landed and been drawn, so nothing
 * ever acts on a stale map or selection. Plain TypeScript: Vitest drives it with a fake shell. */
import { Channel } from "@tauri-apps/api/core";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import { problemOf, commands as shell, unwrap } from "../api";
import type {
  CrmAttached_Serialize as CrmAttached,
  Edit_Deserialize as Edit,
  ExportAction,
  ExportFormat,
  ExportProgress,
  HistoryProgress,
  Map_Serialize as JourneyMap,
  ReportPaper,
  Snapshot_Serialize as Snapshot,
  Update_Serialize as Update,
} from "../bindings";
import type { Clipboard } from "../editing";
import { answer } from "./answers";
import { COMMANDS, type CommandContext, type CommandId, isAvailable } from "./commands";
import { showStep } from "./commands/view";
import { fileName, refusal } from "./drop";
import { confirmation, type Walk } from "./presentation";
import { type EditorEvent, initialState, leftOutNotice, reduce } from "./state";
import type { Option } from "./types";

/** What the editor needs of the shell: the generated commands (a fake one in tests). */
export type Shell = Pick<
  typeof shell,
  | "currentMap"
  | "applyEdit"
  | "arrangement"
  | "keepingArranged"
  | "undo"
  | "redo"
  | "openMap"
  | "sortDropped"
  | "openSample"
  | "openCopy"
  | "newMap"
  | "closeMap"
  | "saveAs"
  | "exportJson"
  | "exportAs"
  | "exportReport"
  | "openExport"
  | "loadHistory"
  | "clearHistory"
  | "newMapFromCrm"
  | "attachCrm"
  | "detachCrm"
  | "addCrmValues"
  | "saveVersion"
  | "restoreVersion"
  | "ruleDocs"
  | "shareMap"
  | "joinMap"
  | "stopSharing"
  | "mergeCopy"
>;

/** The native dialog that picks a map to open (none in tests). Where to save, the shell
 * asks itself: the webview never names a path to write. */
export type Dialogs = {
  open: (filters: { name: string; extensions: string[] }[]) => Promise<string | null>;
  /** Several files at once (a CRM's configuration comes in several). */
  openMany: (filters: { name: string; extensions: string[] }[]) => Promise<string[]>;
  openFolder: () => Promise<string | null>;
};

const nativeDialogs: Dialogs = {
  open: async (filters) => {
    const path = await openDialog({ multiple: false, filters });
    return typeof path === "string" ? path : null;
  },
  openMany: async (filters) => {
    const paths = await openDialog({ multiple: true, filters });
    return Array.isArray(paths) ? paths : paths ? [paths] : [];
  },
  openFolder: async () => {
    const path = await openDialog({ directory: true, multiple: false });
    return typeof path === "string" ? path : null;
  },
};

/** Resolves once React has rendered what the last state change asked for: React's scheduler
 * runs its work in a task queued before this timeout. (Not a frame callback: WebKit may hold
 * those back while the window is busy painting.) */
const afterRender = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export type Editor = ReturnType<typeof createEditor>;

/** The files a CRM's configuration comes in. */
const CRM_FILES = {
  name: "CRM configuration (HubSpot JSON, Salesforce metadata XML)",
  extensions: ["json", "xml"],
};

/** What attaching a configuration says: what changed in the CRM since the one before. */
export function attachedNotice(attached: CrmAttached): string {
  const leftOut = leftOutNotice(attached.snapshot);
  return leftOut ? `${attachedSummary(attached)} ${leftOut}` : attachedSummary(attached);
}

function attachedSummary(attached: CrmAttached): string {
  const since = attached.since?.slice(0, 10);
  if (since && attached.changes.length > 0) {
    return `Changed in the CRM since ${since}: ${attached.changes.join("; ")}.`;
  }
  if (since) return `Nothing changed in the CRM's configuration since ${since}.`;
  const config = attached.snapshot.crm?.config;
  const values = config?.sets.reduce((n, s) => n + s.values.length, 0) ?? 0;
  const drift = attached.snapshot.analysis.findings.filter((f) => f.rule.startsWith("crm-")).length;
  return `Held against the CRM: ${values} values from ${config?.sources.join(", ")}; ${drift === 0 ? "no drift" : `${drift} drift finding${drift === 1 ? "" : "s"}`}.`;
}

export function createEditor(ipc: Shell = shell, dialogs: Dialogs = nativeDialogs) {
  let state = initialState;
  const listeners = new Set<() => void>();
  const clipboard: { current: Clipboard | null } = { current: null };
  let resyncing = false;

  function dispatch(event: EditorEvent) {
    state = reduce(state, event);
    for (const listener of listeners) listener();
    if (state.stale && !resyncing) void resync();
  }

  const fail = (e: unknown) => dispatch({ type: "problem", problem: problemOf(e) });

  /** Runs a call to the shell; a failure is shown and gives `null`. */
  async function attempt<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (e) {
      fail(e);
      return null;
    }
  }

  /** A missed or unreadable update: the whole map again, from the shell. */
  async function resync() {
    resyncing = true;
    try {
      const current = await ipc.currentMap();
      dispatch(
        current ? { type: "replaced", snapshot: current } : { type: "opened", snapshot: null },
      );
    } catch (e) {
      fail(e);
    } finally {
      resyncing = false;
    }
  }

  function updated(update: Update | null): Snapshot | null {
    if (!update) return null;
    dispatch({ type: "updated", update });
    return state.snapshot;
  }

  /** Shows a map the shell opened or created, from a clean start. */
  async function opened(call: () => Promise<Snapshot>) {
    const snapshot = await attempt(call);
    if (snapshot) dispatch({ type: "opened", snapshot });
    return snapshot;
  }

  /** Says in presentation mode's caption what an edit made there changed. */
  const confirmInCaption = (notice: string) => dispatch({ type: "notice", notice });

  let queue: Promise<unknown> = Promise.resolve();
  /** Queues work after everything queued before it has landed and been drawn. */
  function enqueue(work: () => unknown): Promise<unknown> {
    queue = queue.then(afterRender).then(work).catch(fail);
    return queue;
  }

  // What commands and answers use, already in their turn in the queue.
  const now: CommandContext = {
    dispatch,
    clipboard,
    get state() {
      return state;
    },
    /** Applies an edit and shows its update; `null` when refused (and the refusal shown). */
    edit: async (edit: Edit | null) => {
      if (!edit) return null;
      const after = updated(await attempt(() => unwrap(ipc.applyEdit(edit))));
      if (after && state.presenting) confirmInCaption(confirmation(edit, after.map));
      return after;
    },
    history: async (which: "undo" | "redo") => {
      const after = updated(
        await attempt(() => unwrap(which === "undo" ? ipc.undo() : ipc.redo())),
      );
      if (after && state.presenting) confirmInCaption(which === "undo" ? "✓ Undone" : "✓ Redone");
      return after;
    },
    arrangement: async ({ width, height }) =>
      (await attempt(() => unwrap(ipc.arrangement(width, height)))) ?? null,
    keepingArranged: async (edit, { width, height }) =>
      (await attempt(() => unwrap(ipc.keepingArranged(edit, width, height)))) ?? edit,
    browse: async () => {
      const path = await dialogs.open([
        { name: "Journey maps and BPMN models", extensions: ["throughline", "json", "bpmn"] },
      ]);
      if (path) await opened(() => unwrap(ipc.openMap(path)));
    },
    stageHistory: async (load: boolean) => {
      if (!load) {
        const cleared = await attempt(() => unwrap(ipc.clearHistory()));
        if (cleared) dispatch({ type: "replaced", snapshot: cleared });
        return;
      }
      // Several files are one log: leads and opportunities exported apart, say.
      const paths = await dialogs.openMany([
        {
          name: "Stage history (CSV, Salesforce export, XES, OCEL 2.0)",
          extensions: ["csv", "xes", "jsonocel", "xmlocel", "sqlite", "json", "xml"],
        },
      ]);
      // Not awaited: the log is read while the queue goes on with edits.
      if (paths.length > 0) void loadHistory(paths);
    },
    crm: async (kind: "new" | "attach", from: "files" | "folder") => {
      const paths =
        from === "folder"
          ? [await dialogs.openFolder()].filter((p): p is string => p !== null)
          : await dialogs.openMany([CRM_FILES]);
      if (paths.length > 0) await fromCrm(kind, paths);
    },
    detachCrm: async () => {
      const detached = await attempt(() => unwrap(ipc.detachCrm()));
      if (detached) dispatch({ type: "replaced", snapshot: detached });
    },
    mergeCopy: async () => {
      const path = await dialogs.open([
        { name: "Another copy of this map", extensions: ["throughline"] },
      ]);
      if (!path) return;
      const merged = await attempt(() => unwrap(ipc.mergeCopy(path)));
      if (!merged) return;
      dispatch({ type: "replaced", snapshot: merged });
      const n = merged.conflicts.length;
      dispatch({
        type: "notice",
        notice: `Merged ${fileName(path)}: every edit of both kept; ${n === 0 ? "no conflicts" : `${n} conflict${n === 1 ? "" : "s"} resolved, listed under Conflicts`}.`,
      });
      if (n > 0) dispatch({ type: "panel", panel: "conflicts" });
    },
    stopSharing: async () => {
      const stopped = await attempt(() => unwrap(ipc.stopSharing()));
      if (stopped) dispatch({ type: "replaced", snapshot: stopped });
    },
    addCrmValues: async () => {
      const before = new Set(state.snapshot?.map.stages.map((s) => s.id));
      const after = updated(await attempt(() => unwrap(ipc.addCrmValues())));
      // The new stages selected and brought into view, as a new stage is.
      const added = after?.map.stages.filter((s) => !before.has(s.id)).map((s) => s.id) ?? [];
      if (added.length > 0) {
        dispatch({ type: "select", ids: added });
        dispatch({ type: "frame", ids: added, mode: "reveal" });
      }
      return after;
    },
    /** Saves a copy, or exports the map (JSON, a picture, BPMN, Mermaid); the shell asks
     * where. */
    saveTo: async (kind: "saveAs" | "exportJson" | ExportFormat) => {
      if (!state.snapshot) return;
      if (kind === "saveAs") {
        const copy = await attempt(() => unwrap(ipc.saveAs()));
        if (copy) dispatch({ type: "replaced", snapshot: copy });
        return;
      }
      const path = await attempt(() =>
        unwrap(kind === "exportJson" ? ipc.exportJson() : ipc.exportAs(kind)),
      );
      if (path) dispatch({ type: "notice", notice: `Saved ${path}` });
    },
  };

  /** Runs a call to the shell that reports progress on a channel, showing each step with
   * `show` and clearing it once the answer is in. Messages can arrive after the answer:
   * by then they are old news, and would leave a finished task on screen. */
  async function withProgress<P, T>(
    show: (step: P | null) => void,
    call: (channel: Channel<P>) => Promise<T>,
  ): Promise<T | null> {
    const channel = new Channel<P>();
    let running = true;
    channel.onmessage = (step) => {
      if (running) show(step);
    };
    const answer = await attempt(() => call(channel));
    running = false;
    show(null);
    return answer;
  }

  /** The leadership PDF, on `paper`, compared with the saved version `since` if any; the
   * shell asks where. It is made off the main thread and does not hold the queue: edits go
   * on while it is made, and its progress arrives on a channel of its own. */
  function exportPdf(paper: ReportPaper, since: number | null) {
    dispatch({ type: "ask", asking: null });
    if (!state.snapshot) return;
    const show = (progress: ExportProgress | null) => dispatch({ type: "exporting", progress });
    void withProgress(show, (channel) => unwrap(ipc.exportReport(paper, since, channel))).then(
      (path) => {
        if (path) dispatch({ type: "exported", path });
      },
    );
  }

  /** Reads the stage history at `path` and lays it over the map. It does not hold the
   * queue: edits go on while a large log is read, and the progress arrives on a channel. */
  /** A new map from the CRM's configuration, or the open map held against it. */
  async function fromCrm(kind: "new" | "attach", paths: string[]) {
    if (kind === "new") {
      await opened(() => unwrap(ipc.newMapFromCrm(paths)));
      return;
    }
    const attached = await attempt(() => unwrap(ipc.attachCrm(paths)));
    if (!attached) return;
    dispatch({ type: "replaced", snapshot: attached.snapshot });
    dispatch({ type: "notice", notice: attachedNotice(attached) });
  }

  async function loadHistory(paths: string[]) {
    const show = (progress: HistoryProgress | null) =>
      dispatch({ type: "loadingHistory", progress });
    show({ file: paths.map(fileName).join(", "), read: 0, total: 0 });
    const loaded = await withProgress(show, (channel) => unwrap(ipc.loadHistory(paths, channel)));
    if (loaded) dispatch({ type: "replaced", snapshot: loaded });
  }

  async function runNow(id: CommandId) {
    const command = COMMANDS[id];
    if (!isAvailable(command, state)) return;
    await command.run(now);
  }

  /** Answers the open dialog with the handler of its kind. */
  async function respond(text: string, option: Option | null) {
    const ask = state.asking;
    dispatch({ type: "ask", asking: null });
    if (!ask || ask.kind === "export" || ask.kind === "share" || ask.kind === "join") return;
    const answering = {
      ...now,
      newMap: (name: string) => opened(() => unwrap(ipc.newMap(name))),
      saveVersion,
      goTo,
    };
    await answer(ask, { text, option }, answering);
  }

  /** Runs a command the palette offered, or goes to what it found on the map. */
  async function goTo(id: string) {
    const [kind, rest] = [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)];
    if (kind === "stage") dispatch({ type: "select", ids: [rest], reveal: true });
    else if (kind === "lane") {
      dispatch({ type: "focusLane", team: rest });
      dispatch({ type: "frame", ids: [`lane:${rest}`], mode: "reveal" });
    } else if (kind === "person" || kind === "term")
      dispatch({ type: "inspect", target: { kind, id: rest }, show: true });
    else if (id in COMMANDS) await runNow(id as CommandId);
  }

  async function saveVersion(name: string) {
    const saved = await attempt(() => unwrap(ipc.saveVersion(name)));
    if (!saved || !state.snapshot) return;
    dispatch({ type: "panel", panel: "versions" });
    // A new object for the same map: the versions panel lists the new version.
    dispatch({ type: "replaced", snapshot: { ...state.snapshot } });
  }

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Changes what is shown (selection, panels, dialogs) at once: nothing to wait for. */
    dispatch,
    /** Asks the shell whether a map is open and how each rule is explained. */
    async load() {
      const [current, rules] = await Promise.all([ipc.currentMap(), ipc.ruleDocs()]);
      dispatch({ type: "rules", rules });
      dispatch({ type: "opened", snapshot: current });
    },
    /** Runs a named command in its turn. */
    run: (id: CommandId) => enqueue(() => runNow(id)),
    /** Applies an edit in its turn; a function builds it from the map as it is by then. */
    submit: (edit: Edit | null | ((map: JourneyMap) => Edit | null)) =>
      enqueue(() => {
        const map = state.snapshot?.map;
        if (!map) return null;
        return now.edit(typeof edit === "function" ? edit(map) : edit);
      }),
    answer: (text: string, option: Option | null) => enqueue(() => respond(text, option)),
    openPath: (path: string) => enqueue(() => opened(() => unwrap(ipc.openMap(path)))),
    openSample: (id: string) => enqueue(() => opened(() => unwrap(ipc.openSample(id)))),
    newMap: (name: string) => enqueue(() => opened(() => unwrap(ipc.newMap(name)))),
    /** A copy of the open map to edit, when this one is read-only. */
    openCopy: () => enqueue(() => opened(() => unwrap(ipc.openCopy()))),
    browse: () => enqueue(() => now.browse()),
    /** A new map from the CRM's configuration (files or a Salesforce project folder). */
    newMapFromCrm: (from: "files" | "folder") => enqueue(() => now.crm("new", from)),
    close: () =>
      enqueue(async () => {
        await ipc.closeMap();
        dispatch({ type: "opened", snapshot: null });
      }),
    saveVersion: (name: string) => enqueue(() => saveVersion(name)),
    restore: (id: number) =>
      enqueue(async () => {
        const snapshot = await attempt(() => unwrap(ipc.restoreVersion(id)));
        if (snapshot) dispatch({ type: "replaced", snapshot });
      }),
    exportPdf,
    /** Files dropped on the window, told apart by the shell: a map is opened; the CRM's
     * configuration is held against the map open by then, or makes a new one; then a stage
     * history is laid over the map. Anything else is refused by name. */
    drop: async (paths: string[]) => {
      const { map, crm, history, refused } = await ipc.sortDropped(paths);
      const refuse = (message: string) =>
        dispatch({ type: "problem", problem: { message, kind: "CannotOpen" } });
      if (map) await enqueue(() => opened(() => unwrap(ipc.openMap(map))));
      if (crm.length > 0) await enqueue(() => fromCrm(state.snapshot ? "attach" : "new", crm));
      if (history.length > 0 && state.snapshot) await loadHistory(history);
      else if (history.length > 0)
        refuse(
          `Open a map first: “${history.map(fileName).join("”, “")}” is laid over the open map.`,
        );
      // Said last: opening a map clears the problem shown before.
      if (refused.length > 0) refuse(refusal(refused));
    },
    /** Opens the PDF just exported, or shows it in its folder. */
    openExport: async (action: ExportAction) => {
      await attempt(() => unwrap(ipc.openExport(action)));
    },
    /** Shares the open map on a sync server; the links arrive in the snapshot's sync. */
    share: (server: string, name: string) =>
      enqueue(async () => {
        const shared = await attempt(() => unwrap(ipc.shareMap(server, name)));
        if (shared) dispatch({ type: "replaced", snapshot: shared });
        return shared !== null;
      }) as Promise<boolean>,
    /** Joins a shared map from its link, into a new file. */
    join: (link: string, name: string) =>
      enqueue(async () => {
        const joined = await opened(() => unwrap(ipc.joinMap(link, name)));
        if (joined) dispatch({ type: "ask", asking: null });
        return joined !== null;
      }) as Promise<boolean>,
    /** Shows what the colleague followed presents: their walk at their step (`null`: they
     * stopped presenting). */
    follow: (walk: Walk, index: number | null) =>
      enqueue(() => {
        if (index === null) dispatch({ type: "present", presenting: null });
        else showStep(now, walk, index);
      }),
    /** A colleague's edit, in its turn after everything queued before it. */
    remoteUpdate: (update: Update) => enqueue(() => dispatch({ type: "updated", update })),
    /** Shows a problem met outside the queue (a panel's own call to the shell). */
    fail,
    report: (message: string) =>
      dispatch({ type: "problem", problem: { message, kind: "Internal" } }),
  };
}
