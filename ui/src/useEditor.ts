import { getCurrentWindow } from "@tauri-apps/api/window";
import { open, save } from "@tauri-apps/plugin-dialog";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { commands, unwrap } from "./api";
import type {
  Edit_Deserialize as Edit,
  RuleInfo,
  Snapshot_Serialize as Snapshot,
  Update_Serialize as Update,
} from "./bindings";
import type { CanvasEvents, FrameRequest } from "./Canvas";
import type { Inspected } from "./components/Inspector";
import type { Option } from "./components/Prompt";
import type { Panel } from "./components/Sidebar";
import * as editing from "./editing";
import { drawnPositions, PALETTE } from "./flow";
import { type Direction, nearest } from "./navigation";
import { applyUpdate } from "./patch";
import { type Asking, NEW_PERSON, NO_OWNER, promptFor } from "./prompts";
import { type Action, actionFor } from "./shortcuts";

/** Resolves once React has rendered what the last state change asked for: React's scheduler
 * runs its work in a task queued before this timeout. (Not a frame callback: WebKit may hold
 * those back while the window is busy painting.) */
const afterRender = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const KIND_CYCLE = ["stage", "entry", "revenue", "exit"] as const;
const nextKind = (kind: (typeof KIND_CYCLE)[number]) =>
  KIND_CYCLE[(KIND_CYCLE.indexOf(kind) + 1) % KIND_CYCLE.length];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** The editor's state and everything that changes it: the open map (kept in step with the
 * shell through its patches), the selection, the focused lane, the panels, the dialogs, and
 * the actions behind every key and button. The app's component only lays them out. */
export function useEditor() {
  const [snapshot, setShown] = useState<Snapshot | null>(null);
  // The latest snapshot, for applying the shell's patches in order, before React re-renders.
  const latestSnapshot = useRef<Snapshot | null>(null);
  const setSnapshot = useCallback((next: Snapshot | null) => {
    latestSnapshot.current = next;
    setShown(next);
  }, []);
  const [loaded, setLoaded] = useState(false);
  const [selection, setSelection] = useState<string[]>([]);
  const [focusedTeam, setFocusedTeam] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>("findings");
  const [inspected, setInspected] = useState<Inspected>({ kind: "map" });
  const [asking, setAsking] = useState<Asking | null>(null);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [frame, setFrame] = useState<FrameRequest>({ ids: [], serial: 0 });
  const [rules, setRules] = useState<Map<string, RuleInfo>>(new Map());
  const clipboard = useRef<editing.Clipboard | null>(null);
  const map = snapshot?.map;

  useEffect(() => {
    commands.currentMap().then((current) => {
      setSnapshot(current);
      setLoaded(true);
    });
    commands.ruleDocs().then((docs) => setRules(new Map(docs.map((d) => [d.rule, d]))));
  }, [setSnapshot]);

  useEffect(() => {
    const title = snapshot
      ? `${snapshot.map.name} — ${snapshot.path} — Throughline`
      : "Throughline";
    document.title = title;
    // The native title too (window managers and task bars show it); harmless if refused.
    getCurrentWindow()
      .setTitle(title)
      .catch(() => undefined);
  }, [snapshot]);

  // Keep the focused lane and the selection pointing at things that still exist.
  useEffect(() => {
    if (!map) return;
    if (!focusedTeam || !map.teams.some((t) => t.id === focusedTeam)) {
      setFocusedTeam(map.teams[0]?.id ?? null);
    }
    const exists = new Set([...map.stages.map((s) => s.id), ...map.transitions.map((t) => t.id)]);
    setSelection((s) => (s.every((id) => exists.has(id)) ? s : s.filter((id) => exists.has(id))));
  }, [map, focusedTeam]);

  const run = useCallback(
    async (call: () => Promise<Snapshot>) => {
      try {
        const next = await call();
        setSnapshot(next);
        setError(null);
        return next;
      } catch (e) {
        setError(message(e));
        return null;
      }
    },
    [setSnapshot],
  );

  /** Edits, undo and redo: the shell sends what changed, applied to the latest snapshot. */
  const runUpdate = useCallback(
    async (call: () => Promise<Update>) => {
      try {
        const update = await call();
        const base = latestSnapshot.current;
        if (!base) return null;
        const next = applyUpdate(base, update);
        setSnapshot(next);
        setError(null);
        return next;
      } catch (e) {
        setError(message(e));
        return null;
      }
    },
    [setSnapshot],
  );

  const edit = useCallback(
    (change: Edit | null) =>
      change ? runUpdate(() => unwrap(commands.applyEdit(change))) : Promise.resolve(null),
    [runUpdate],
  );

  const opened = useCallback((next: Snapshot | null) => {
    if (!next) return;
    setSelection([]);
    setInspected({ kind: "map" });
    setFocusedTeam(next.map.teams[0]?.id ?? null);
    setFrame((f) => ({ ids: [], serial: f.serial + 1 }));
  }, []);

  const openPath = useCallback(
    async (path: string) => opened(await run(() => unwrap(commands.openMap(path)))),
    [run, opened],
  );

  const browse = useCallback(async () => {
    const path = await open({
      multiple: false,
      filters: [{ name: "Journey maps", extensions: ["throughline", "json"] }],
    });
    if (typeof path === "string") await openPath(path);
  }, [openPath]);

  const saveTo = useCallback(
    async (kind: "saveAs" | "exportJson" | "exportPdf") => {
      if (!snapshot) return;
      const ext = { saveAs: "throughline", exportJson: "json", exportPdf: "pdf" }[kind];
      const path = await save({
        defaultPath: snapshot.path.replace(/\.throughline$/, `.${ext}`),
        filters: [{ name: ext.toUpperCase(), extensions: [ext] }],
      });
      if (typeof path !== "string") return;
      try {
        if (kind === "saveAs") setSnapshot(await unwrap(commands.saveAs(path)));
        else if (kind === "exportJson") await unwrap(commands.exportJson(path));
        else await unwrap(commands.exportReport(path, "a4"));
        setError(null);
      } catch (e) {
        setError(message(e));
      }
    },
    [snapshot, setSnapshot],
  );

  // Inspecting a stage or transition must name the right kind, whatever its id looks like.
  const inspectable = useCallback(
    (id: string): Inspected => ({
      kind: map?.transitions.some((t) => t.id === id) ? "transition" : "stage",
      id,
    }),
    [map],
  );

  const select = useCallback(
    (ids: string[]) => {
      setSelection(ids);
      if (ids.length === 1) setInspected(inspectable(ids[0]));
    },
    [inspectable],
  );

  const inspectEntity = useCallback(
    (id: string) => {
      setSelection([id]);
      setInspected(inspectable(id));
      setPanel("inspector");
    },
    [inspectable],
  );

  // A finding's stages and transitions become the selection, framed on the canvas.
  const showFinding = useCallback(
    (subjects: string[]) => {
      if (!map) return;
      const drawn = new Set([...map.stages.map((s) => s.id), ...map.transitions.map((t) => t.id)]);
      setSelection(subjects.filter((id) => drawn.has(id)));
      setFrame((f) => ({ ids: subjects, serial: f.serial + 1 }));
    },
    [map],
  );

  const selectedStages = useMemo(
    () => (map ? selection.filter((id) => map.stages.some((s) => s.id === id)) : []),
    [map, selection],
  );
  const primary = selection.at(-1) ?? null;
  const selectedSet = useMemo(() => new Set(selection), [selection]);

  const move = useCallback(
    (direction: Direction, extend: boolean) => {
      if (!map || map.stages.length === 0) return;
      const from = selectedStages.at(-1);
      // Directions as seen on screen, where each lane shifts its stages into its band.
      const next = from ? nearest(drawnPositions(map), from, direction) : map.stages[0].id;
      if (!next) return;
      const ids = extend ? [...selection.filter((id) => id !== next), next] : [next];
      select(ids);
      setFrame((f) => ({ ids: [next], serial: f.serial + 1, reveal: true }));
      const team = map.stages.find((s) => s.id === next)?.team;
      if (team) setFocusedTeam(team);
    },
    [map, selectedStages, selection, select],
  );

  const perform = useCallback(
    async (action: Action) => {
      if (action === "help") return setHelp((h) => !h);
      if (action === "escape") {
        if (help) setHelp(false);
        else if (asking) setAsking(null);
        else setSelection([]);
        return;
      }
      if (action === "open") return browse();
      if (action === "newMap") return setAsking({ kind: "newMap" });
      if (!snapshot || !map) return;
      const teams = map.teams;
      const laneIndex = teams.findIndex((t) => t.id === focusedTeam);
      const stage = map.stages.find((s) => s.id === primary);
      switch (action) {
        case "undo":
          if (snapshot.can_undo) await runUpdate(() => unwrap(commands.undo()));
          return;
        case "redo":
          if (snapshot.can_redo) await runUpdate(() => unwrap(commands.redo()));
          return;
        case "saveAs":
        case "exportJson":
        case "exportPdf":
          return saveTo(action);
        case "saveVersion":
          return setAsking({ kind: "saveVersion" });
        case "newStage":
          if (!focusedTeam) return setAsking({ kind: "newLane" });
          return setAsking({ kind: "newStage", team: focusedTeam, from: stage?.id ?? null });
        case "rename":
          if (stage) setRenaming(stage.id);
          return;
        case "connect":
          if (stage) setAsking({ kind: "connect", from: stage.id });
          return;
        case "setOwner": {
          const transition = map.transitions.find((t) => t.id === primary);
          if (stage)
            setAsking({ kind: "owner", target: { kind: "stage", id: stage.id }, team: stage.team });
          else if (transition) {
            const team = map.stages.find((s) => s.id === transition.to)?.team ?? teams[0]?.id;
            if (team)
              setAsking({ kind: "owner", target: { kind: "transition", id: transition.id }, team });
          }
          return;
        }
        case "cycleKind":
          if (stage)
            await edit({ type: "update_stage", stage: { ...stage, kind: nextKind(stage.kind) } });
          return;
        case "remove":
          await edit(editing.remove(map, new Set(selection)));
          setSelection([]);
          return;
        case "selectAll":
          setSelection(map.stages.map((s) => s.id));
          return;
        case "copy":
          clipboard.current = editing.copy(map, new Set(selection)) ?? clipboard.current;
          return;
        case "paste": {
          if (!clipboard.current || !focusedTeam) return;
          const pasted = editing.paste(map, clipboard.current, focusedTeam);
          if (pasted && (await edit(pasted.edit))) {
            setSelection(pasted.ids);
            setFrame((f) => ({ ids: pasted.ids.slice(0, 1), serial: f.serial + 1, reveal: true }));
          }
          return;
        }
        case "selectLeft":
        case "selectRight":
        case "selectUp":
        case "selectDown":
          return move(action.slice(6).toLowerCase() as Direction, false);
        case "extendLeft":
        case "extendRight":
        case "extendUp":
        case "extendDown":
          return move(action.slice(6).toLowerCase() as Direction, true);
        case "laneUp":
        case "laneDown": {
          const next = teams[laneIndex + (action === "laneUp" ? -1 : 1)];
          if (next) setFocusedTeam(next.id);
          return;
        }
        case "moveToLaneUp":
        case "moveToLaneDown": {
          const from = stage ? teams.findIndex((t) => t.id === stage.team) : laneIndex;
          const next = teams[from + (action === "moveToLaneUp" ? -1 : 1)];
          if (!next) return;
          await edit(editing.moveToLane(map, new Set(selectedStages), next.id));
          setFocusedTeam(next.id);
          return;
        }
        case "moveLaneUp":
        case "moveLaneDown": {
          const index = laneIndex + (action === "moveLaneUp" ? -1 : 1);
          if (focusedTeam && index >= 0 && index < teams.length) {
            await edit({ type: "move_team", id: focusedTeam, index });
          }
          return;
        }
        case "newLane":
          return setAsking({ kind: "newLane" });
        case "editLane":
          if (focusedTeam) {
            setInspected({ kind: "team", id: focusedTeam });
            setPanel("inspector");
          }
          return;
        case "autoLayout":
          try {
            // ELK is large: it loads on first use, not with the window.
            const { autoLayout } = await import("./layout");
            await edit(await autoLayout(map));
          } catch (e) {
            setError(`The automatic layout failed: ${message(e)}`);
          }
          setFrame((f) => ({ ids: [], serial: f.serial + 1 }));
          return;
        case "fitView":
          return setFrame((f) => ({ ids: [], serial: f.serial + 1 }));
        case "inspect":
          if (primary) inspectEntity(primary);
          else setPanel("inspector");
          return;
        case "findings":
        case "definitions":
        case "versions":
          return setPanel(action);
      }
    },
    [
      snapshot,
      map,
      focusedTeam,
      primary,
      selection,
      selectedStages,
      help,
      asking,
      browse,
      saveTo,
      edit,
      move,
      inspectEntity,
      runUpdate,
    ],
  );

  // Keys are handled one after another, each once the previous one's edit has landed and
  // the screen shows it: fast typists (and WebDriver) never act on a stale map or selection.
  const latest = useRef({ perform, asking });
  latest.current = { perform, asking };
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const enqueue = useCallback((work: () => Promise<unknown>) => {
    queue.current = queue.current
      .then(afterRender)
      .then(work)
      .catch((e) => setError(message(e)));
    return queue.current;
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionFor(e, isTyping(e.target));
      // An open dialog owns the keyboard, apart from Esc.
      if (!action || (latest.current.asking && action !== "escape")) return;
      e.preventDefault();
      enqueue(() => latest.current.perform(action));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enqueue]);

  const events: CanvasEvents = useMemo(
    () => ({
      onSelect: select,
      onFocusLane: setFocusedTeam,
      onInspectLane: (team) => {
        setFocusedTeam(team);
        setInspected({ kind: "team", id: team });
        setPanel("inspector");
      },
      onInspect: inspectEntity,
      onMove: (moves) =>
        edit(
          editing.batch(
            moves.map(
              (m): Edit =>
                m.team
                  ? {
                      type: "move_stage_to_team",
                      id: m.id,
                      team: m.team,
                      position: { x: m.x, y: m.y },
                    }
                  : { type: "move_stage", id: m.id, position: { x: m.x, y: m.y } },
            ),
          ),
        ),
      onConnect: (from, to) => map && edit(editing.connect(from, to)),
      onRename: (id, name) => {
        setRenaming(null);
        const current = map?.stages.find((s) => s.id === id)?.name;
        if (name?.trim() && name.trim() !== current)
          edit({ type: "rename_stage", id, name: name.trim() });
      },
    }),
    [select, inspectEntity, edit, map],
  );

  const answer = (text: string, option: Option | null) => {
    const ask = asking;
    setAsking(null);
    if (ask) enqueue(() => respond(ask, text, option));
  };
  const respond = async (ask: Asking, text: string, option: Option | null) => {
    if (ask.kind === "newMap") {
      opened(await run(() => unwrap(commands.newMap(text))));
      return;
    }
    if (ask.kind === "saveVersion") {
      try {
        await unwrap(commands.saveVersion(text));
        setPanel("versions");
        setSnapshot(latestSnapshot.current ? { ...latestSnapshot.current } : null);
      } catch (e) {
        setError(message(e));
      }
      return;
    }
    if (!map) return;
    if (ask.kind === "newLane") {
      const next = await edit(editing.addLane(text, PALETTE[map.teams.length % PALETTE.length]));
      const added = next?.map.teams.at(-1);
      if (added) setFocusedTeam(added.id);
      setFrame((f) => ({ ids: [], serial: f.serial + 1 }));
    } else if (ask.kind === "newStage") {
      const change = editing.addStage(map, text, ask.team, ask.from);
      const next = await edit(change);
      const added = next?.map.stages.find((s) => !map.stages.some((old) => old.id === s.id));
      if (added) {
        setSelection([added.id]);
        setInspected({ kind: "stage", id: added.id });
        // Keep the new card in view: the whole map while it is small, else the card itself.
        const ids = (next?.map.stages.length ?? 0) > 40 ? [added.id] : [];
        setFrame((f) => ({ ids, serial: f.serial + 1 }));
      }
    } else if (ask.kind === "connect" && option) {
      await edit(editing.connect(ask.from, option.id));
    } else if (ask.kind === "owner" && option) {
      if (option.id === NO_OWNER)
        await edit({ type: "set_owners", target: ask.target, owners: [] });
      else if (option.id.startsWith(NEW_PERSON)) {
        await edit(
          editing.addPersonAsOwner(option.id.slice(NEW_PERSON.length), ask.team, ask.target),
        );
      } else await edit({ type: "set_owners", target: ask.target, owners: [option.id] });
    }
  };

  const prompt = asking ? promptFor(asking, map) : null;

  return {
    loaded,
    snapshot,
    setSnapshot,
    map,
    focusedTeam,
    selectedSet,
    renaming,
    frame,
    events,
    error,
    setError,
    panel,
    setPanel,
    rules,
    edit,
    inspected,
    setInspected,
    showFinding,
    run,
    enqueue,
    perform,
    openPath,
    opened,
    browse,
    prompt,
    asking,
    setAsking,
    answer,
    help,
    setHelp,
  };
}
