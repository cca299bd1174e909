import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  Edit_Deserialize as Edit,
  Finding,
  HistoryProgress,
  Snapshot_Serialize as Snapshot,
  Summary_Serialize as Summary,
  Update_Serialize as Update,
} from "../bindings";
import { journey, snapshotOf, untouched, updateWith } from "../fixtures";
import { paletteChoices } from "./commands";
import { keysOf } from "./keymap";
import { initialState, reduce } from "./state";
import { attachedNotice, createEditor, type Shell } from "./store";

const summary = {} as Summary;
const ok = <T>(data: T) => Promise.resolve({ status: "ok" as const, data });

/** A shell call that notes in `calls` that it was made, with its paths, and answers `answer`. */
const noted =
  (calls: string[], what: string, answer: () => unknown) => (paths: string | string[]) => {
    calls.push(`${what} ${[paths].flat().join(" ")}`);
    return ok(answer());
  };

const finding = (subject: string): Finding => ({
  rule: "stage-without-owner",
  severity: "error",
  subjects: [subject],
  message: `${subject} has no owner`,
  fix: "Name one",
});

function snapshot(revision: number): Snapshot {
  const whole = snapshotOf(journey(), revision);
  return {
    ...whole,
    analysis: { findings: [finding("mql"), finding("sal")], waived: [], summary },
  };
}

/** A shell whose map is renamed by each edit; updates go out as the real shell sends them
 * (findings by place in the previous list), and `deliver` decides what the UI receives. */
function fakeShell(deliver: (update: Update) => Update = (u) => u) {
  let current = snapshot(1);
  const edits: Edit[] = [];
  const shell = {
    currentMap: () => Promise.resolve(structuredClone(current)),
    ruleDocs: () => Promise.resolve([]),
    applyEdit: (edit: Edit) => {
      edits.push(edit);
      if (edit.type !== "rename_map") throw new Error(`unexpected ${edit.type}`);
      const findings = current.analysis.findings;
      current = {
        ...current,
        revision: current.revision + 1,
        map: { ...current.map, name: edit.name, severities: {} },
        // Each rename drops the first finding: the rest are sent by place.
        analysis: { ...current.analysis, findings: findings.slice(1) },
        can_undo: true,
      };
      const update = updateWith(
        current.revision,
        untouched(edit.name),
        findings.slice(1).map((_, i) => i + 1),
      );
      return ok(deliver(update));
    },
    // The real shell reads the files; here one list stands for what it would find.
    sortDropped: (paths: string[]) => Promise.resolve(droppedAs(paths)),
  } as unknown as Shell;
  return { shell, edits, latest: () => current };
}

/** Dropped paths as the shell sorts them, told apart here by name: `crm/` holds
 * configuration. */
function droppedAs(paths: string[]) {
  const is = (p: string, ...endings: string[]) => endings.some((e) => p.toLowerCase().endsWith(e));
  const crm = paths.filter((p) => p.includes("/crm/"));
  const maps = paths.filter((p) => !crm.includes(p) && is(p, ".throughline", ".json", ".bpmn"));
  const histories = paths.filter((p) => is(p, ".csv", ".xes", ".jsonocel"));
  const taken = [maps[0], ...histories, ...crm];
  return {
    map: maps[0] ?? null,
    crm,
    history: histories,
    refused: paths.filter((p) => !taken.includes(p)).map((p) => p.split("/").pop() ?? p),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe("the editor's store", () => {
  // Progress channels need Tauri's callback registry; its mock stands in for the webview's.
  beforeEach(() => mockIPC(() => undefined));
  afterEach(() => clearMocks());

  it("confirms an edit made while presenting in the caption, until the walk moves on", async () => {
    const { shell } = fakeShell();
    const editor = createEditor(shell);
    await editor.load();
    await editor.run("present");
    expect(editor.getState().presenting).toMatchObject({ walk: "journey", index: 0 });
    await editor.submit({ type: "rename_map", name: "Inbound, renamed in the room" });
    await settle();
    expect(editor.getState().notice).toBe("✓ Changed · Ctrl+Z undoes");
    await editor.run("presentNext");
    expect(editor.getState().notice).toBeNull();
    expect(editor.getState().presenting?.index).toBe(1);
  });

  it("loads a stage history the user picks, and removes it", async () => {
    const fake = fakeShell();
    const loaded: string[] = [];
    const history = { log: { name: "history.csv" } } as unknown as Snapshot["history"];
    const shell = {
      ...fake.shell,
      loadHistory: (paths: string[]) => {
        loaded.push(...paths);
        return ok({ ...fake.latest(), revision: 2, history });
      },
      clearHistory: () => ok({ ...fake.latest(), revision: 3, history: null }),
    } as unknown as Shell;
    const picked: string[][] = [];
    const editor = createEditor(shell, {
      open: async () => null,
      openMany: async (filters) => {
        picked.push(filters.flatMap((f) => f.extensions));
        return ["/logs/leads.csv", "/logs/deals.jsonocel"];
      },
      openFolder: async () => null,
    });
    await editor.load();
    await editor.run("loadHistory");
    await settle();
    expect(picked).toEqual([["csv", "xes", "jsonocel", "xmlocel", "sqlite", "json", "xml"]]);
    expect(loaded).toEqual(["/logs/leads.csv", "/logs/deals.jsonocel"]);
    expect(editor.getState().snapshot?.history).toBe(history);
    await editor.run("clearHistory");
    expect(editor.getState().snapshot?.history).toBeNull();
  });

  it("reads a stage history with a progress bar while edits go on", async () => {
    const fake = fakeShell();
    const call: { finish?: () => void; channel?: { onmessage: (p: HistoryProgress) => void } } = {};
    const history = { log: { name: "big.csv" } } as unknown as Snapshot["history"];
    const shell = {
      ...fake.shell,
      loadHistory: (_paths: string[], progress: { onmessage: (p: HistoryProgress) => void }) => {
        call.channel = progress;
        return new Promise((resolve) => {
          call.finish = () => resolve({ status: "ok", data: { ...fake.latest(), history } });
        });
      },
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    void editor.drop(["/logs/big.csv"]);
    await settle();
    expect(editor.getState().loadingHistory).toEqual({ file: "big.csv", read: 0, total: 0 });
    call.channel?.onmessage({ file: "big.csv", read: 4_000_000, total: 50_000_000 });
    expect(editor.getState().loadingHistory?.read).toBe(4_000_000);
    // The queue is free: an edit lands while the log is read.
    await editor.submit({ type: "rename_map", name: "Meanwhile" });
    expect(fake.edits).toHaveLength(1);
    expect(editor.getState().snapshot?.map.name).toBe("Meanwhile");
    call.finish?.();
    await settle();
    // A late message changes nothing once the answer is in.
    call.channel?.onmessage({ file: "big.csv", read: 50_000_000, total: 50_000_000 });
    const state = editor.getState();
    expect(state.loadingHistory).toBeNull();
    expect(state.snapshot?.history).toBe(history);
    expect(state.snapshot?.map.name).toBe("Meanwhile");
  });

  it("opens a dropped map, then lays a dropped history over it, and names what it refuses", async () => {
    const fake = fakeShell();
    const calls: string[] = [];
    const shell = {
      ...fake.shell,
      openMap: noted(calls, "open", () => fake.latest()),
      loadHistory: noted(calls, "history", () => fake.latest()),
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    await editor.drop(["/d/notes.txt", "/d/log.XES", "/d/journey.throughline"]);
    expect(calls).toEqual(["open /d/journey.throughline", "history /d/log.XES"]);
    expect(editor.getState().problem?.message).toBe(
      "“notes.txt” is not a map (.throughline, .json, .bpmn), CRM configuration (HubSpot JSON, Salesforce metadata) or a stage history (.csv, .xes).",
    );
  });

  it("holds the open map against dropped CRM configuration, or makes a new map from it", async () => {
    const fake = fakeShell();
    const calls: string[] = [];
    let open = true;
    const attached = { snapshot: fake.latest(), since: null, changes: [] };
    const shell = {
      ...fake.shell,
      currentMap: () => Promise.resolve(open ? fake.latest() : null),
      attachCrm: noted(calls, "attach", () => attached),
      newMapFromCrm: noted(calls, "new", () => fake.latest()),
      loadHistory: noted(calls, "history", () => fake.latest()),
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    await editor.drop(["/crm/pipelines.json", "/crm/lifecycle.json"]);
    expect(calls).toEqual(["attach /crm/pipelines.json /crm/lifecycle.json"]);
    expect(editor.getState().notice).toContain("Held against the CRM");

    // On the start screen the configuration makes the map, and a history goes over it.
    open = false;
    calls.length = 0;
    const start = createEditor(shell);
    await start.load();
    await start.drop(["/d/history.csv", "/crm/project"]);
    expect(calls).toEqual(["new /crm/project", "history /d/history.csv"]);
  });

  it("asks for a map before a dropped history", async () => {
    const fake = fakeShell();
    const loaded: string[] = [];
    const shell = {
      ...fake.shell,
      currentMap: () => Promise.resolve(null),
      loadHistory: (paths: string[]) => {
        loaded.push(...paths);
        return ok(fake.latest());
      },
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    await editor.drop(["/d/history.csv"]);
    expect(loaded).toEqual([]);
    expect(editor.getState().problem?.message).toBe(
      "Open a map first: “history.csv” is laid over the open map.",
    );
  });

  it("applies each next revision and shows the shell's map", async () => {
    const fake = fakeShell();
    const editor = createEditor(fake.shell);
    await editor.load();
    await editor.submit({ type: "rename_map", name: "One" });
    await editor.submit({ type: "rename_map", name: "Two" });
    const state = editor.getState();
    expect(state.snapshot?.revision).toBe(3);
    expect(state.snapshot?.map.name).toBe("Two");
    expect(state.snapshot?.analysis.findings).toEqual([]);
    expect(state.snapshot).toEqual(fake.latest());
  });

  it("converges when an update goes missing and arrives late, out of order", async () => {
    // The update of revision 3 is held back; revision 4 arrives first.
    const held: Update[] = [];
    const fake = fakeShell((update) => {
      if (update.revision !== 3) return update;
      held.push(update);
      return null as unknown as Update;
    });
    const editor = createEditor(fake.shell);
    await editor.load();
    await editor.submit({ type: "rename_map", name: "One" });
    await editor.submit({ type: "rename_map", name: "Two" });
    expect(editor.getState().snapshot?.revision).toBe(2);
    await editor.submit({ type: "rename_map", name: "Three" });
    await settle();
    // The gap was noticed, and the whole map asked for again.
    expect(editor.getState().stale).toBe(false);
    expect(editor.getState().snapshot).toEqual(fake.latest());
    // The late update is older than what is shown: it changes nothing.
    const before = editor.getState();
    editor.dispatch({ type: "updated", update: held[0] });
    expect(editor.getState()).toBe(before);
    expect(editor.getState().snapshot?.map.name).toBe("Three");
  });

  it("ignores an update it has already shown and resyncs on one from the future", () => {
    const start = reduce(initialState, { type: "opened", snapshot: snapshot(5) });
    const update = updateWith(5, untouched("Old"));
    expect(reduce(start, { type: "updated", update })).toBe(start);
    const ahead = reduce(start, { type: "updated", update: { ...update, revision: 7 } });
    expect(ahead.stale).toBe(true);
    expect(ahead.snapshot).toBe(start.snapshot);
    // A finding kept by a place the UI does not have is a gap too.
    const unreadable = reduce(start, {
      type: "updated",
      update: { ...update, revision: 6, findings: [9] },
    });
    expect(unreadable.stale).toBe(true);
  });

  it("runs commands in turn: K cycles the kind as one edit, Delete removes the selection", async () => {
    const edits: Edit[] = [];
    let revision = 1;
    const shell = {
      currentMap: () => Promise.resolve(snapshot(1)),
      ruleDocs: () => Promise.resolve([]),
      applyEdit: (edit: Edit) => {
        edits.push(edit);
        revision += 1;
        return ok(updateWith(revision, untouched(), [0, 1]));
      },
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    editor.dispatch({ type: "select", ids: ["mql"] });
    await editor.run("cycleKind");
    await editor.run("remove");
    // A command whose need is not met does nothing.
    await editor.run("rename");
    expect(edits).toMatchObject([
      { type: "update_stage", stage: { id: "mql", kind: "entry" } },
      { type: "remove_stage", id: "mql" },
    ]);
    expect(editor.getState().selection).toEqual([]);
    expect(editor.getState().renaming).toBeNull();
  });

  it("draws the path records take between two selected stages with D, as one edit", async () => {
    const edits: Edit[] = [];
    const undocumented = [
      { from: "sal", to: "lead", records: 12, median_hours: 3, p90_hours: 9 },
      { from: "lead", to: "mql", records: 40, median_hours: 2, p90_hours: 5 },
    ];
    const history = { flow: { undocumented } } as unknown as Snapshot["history"];
    const shell = {
      currentMap: () => Promise.resolve({ ...snapshot(1), history }),
      ruleDocs: () => Promise.resolve([]),
      applyEdit: (edit: Edit) => {
        edits.push(edit);
        return ok(updateWith(2, untouched(), [0, 1]));
      },
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    const offered = () =>
      paletteChoices(editor.getState(), keysOf).some((c) => c.id === "drawPath");
    // Lead → MQL is drawn already: nothing to offer there.
    editor.dispatch({ type: "select", ids: ["lead", "mql"] });
    expect(offered()).toBe(false);
    // Selected either way round, the path goes the way the records took it.
    editor.dispatch({ type: "select", ids: ["lead", "sal"] });
    expect(offered()).toBe(true);
    await editor.run("drawPath");
    expect(edits).toMatchObject([
      { type: "add_transition", transition: { from: "sal", to: "lead" } },
    ]);
    expect(keysOf("drawPath")).toBe("D");
  });

  it("keeps the shell's error kind, and shows its words", async () => {
    const shell = {
      currentMap: () => Promise.resolve(snapshot(1)),
      ruleDocs: () => Promise.resolve([]),
      applyEdit: () =>
        Promise.resolve({
          status: "error" as const,
          error: { type: "InvalidEdit", data: { message: 'unknown stage "x"', at: "" } },
        }),
    } as unknown as Shell;
    const editor = createEditor(shell);
    await editor.load();
    await editor.submit({ type: "remove_stage", id: "x" });
    expect(editor.getState().problem).toEqual({
      message: 'unknown stage "x"',
      kind: "InvalidEdit",
    });
  });

  it("builds a queued edit from the map as it is when its turn comes", async () => {
    const fake = fakeShell();
    const editor = createEditor(fake.shell);
    await editor.load();
    editor.submit({ type: "rename_map", name: "First" });
    await editor.submit((map) => ({ type: "rename_map", name: `${map.name}, then second` }));
    expect(fake.edits.at(-1)).toEqual({ type: "rename_map", name: "First, then second" });
  });

  it("offers in the palette only what can run now, and runs the choice in its turn", async () => {
    const fake = fakeShell();
    const editor = createEditor(fake.shell);
    await editor.load();
    await editor.run("palette");
    expect(editor.getState().asking).toEqual({ kind: "palette" });
    const nothingSelected = paletteChoices(editor.getState(), keysOf).map((c) => c.id);
    expect(nothingSelected).toContain("newStage");
    expect(nothingSelected).not.toContain("rename");
    editor.dispatch({ type: "select", ids: ["mql"] });
    const choices = paletteChoices(editor.getState(), keysOf);
    const rename = choices.find((c) => c.id === "rename");
    expect(rename).toEqual({ id: "rename", label: "Rename stage", hint: "Enter or F2" });
    await editor.answer("ren", rename ?? null);
    expect(editor.getState().asking).toBeNull();
    expect(editor.getState().renaming).toBe("mql");
  });
});

describe("the CRM's configuration", () => {
  beforeEach(() => mockIPC(() => undefined));
  afterEach(() => clearMocks());

  const attachedSnapshot = (drift: number) =>
    ({
      ...snapshot(2),
      crm: {
        attached_at: "2026-12-01T10:00:00Z",
        config: { sources: ["deal-pipelines.json"], sets: [{ values: [{}, {}, {}] }] },
      },
      analysis: {
        findings: Array.from({ length: drift }, () => ({
          ...finding("x"),
          rule: "crm-value-unmapped",
        })),
        waived: [],
        summary,
      },
    }) as unknown as Snapshot;

  it("starts a map from picked files or a folder, and attaches a newer export saying what changed", async () => {
    const calls: string[] = [];
    const shell = {
      currentMap: () => Promise.resolve(snapshot(1)),
      ruleDocs: () => Promise.resolve([]),
      newMapFromCrm: noted(calls, "new", () => attachedSnapshot(0)),
      attachCrm: noted(calls, "attach", () => ({
        snapshot: attachedSnapshot(1),
        since: "2026-11-01T09:00:00Z",
        changes: ["Added “Legal review” to Sales Pipeline"],
      })),
    } as unknown as Shell;
    const editor = createEditor(shell, {
      open: async () => null,
      openMany: async (filters) => {
        calls.push(`pick ${filters.flatMap((f) => f.extensions).join(",")}`);
        return ["/crm/deal-pipelines.json", "/crm/lifecyclestage.json"];
      },
      openFolder: async () => "/crm/project",
    });
    await editor.load();
    await editor.newMapFromCrm("folder");
    await editor.run("attachCrm");
    expect(calls).toEqual([
      "new /crm/project",
      "pick json,xml",
      "attach /crm/deal-pipelines.json /crm/lifecyclestage.json",
    ]);
    expect(editor.getState().notice).toBe(
      "Changed in the CRM since 2026-11-01: Added “Legal review” to Sales Pipeline.",
    );
    expect(editor.getState().snapshot?.crm?.attached_at).toBe("2026-12-01T10:00:00Z");
  });

  it("says what a first attachment holds, and offers to add the values the map lacks", async () => {
    const attached = {
      snapshot: attachedSnapshot(2),
      since: null,
      changes: [],
    } as unknown as Parameters<typeof attachedNotice>[0];
    expect(attachedNotice(attached)).toBe(
      "Held against the CRM: 3 values from deal-pipelines.json; 2 drift findings.",
    );
    const state = { ...initialState, snapshot: attachedSnapshot(2) };
    const offered = paletteChoices(state, keysOf).map((c) => c.id);
    expect(offered).toContain("addCrmValues");
    expect(offered).toContain("detachCrm");
    const clean = { ...initialState, snapshot: attachedSnapshot(0) };
    expect(paletteChoices(clean, keysOf).map((c) => c.id)).not.toContain("addCrmValues");
  });

  it("says after an import what it left out or repaired, the first few by name", async () => {
    const leftOut = [
      "deal-pipelines.json: pipeline “Sales”: stage “Old” is archived: left out",
      "deal-pipelines.json: pipeline “Sales”: stage “b”: its label is a number, not text",
      "deal-pipelines.json: pipeline “Empty” has no stages",
      "lifecyclestage.json: option “Other” is hidden: left out",
    ];
    const shell = {
      currentMap: () => Promise.resolve(snapshot(1)),
      ruleDocs: () => Promise.resolve([]),
      newMapFromCrm: () => ok({ ...attachedSnapshot(0), left_out: leftOut }),
    } as unknown as Shell;
    const editor = createEditor(shell, {
      open: async () => null,
      openMany: async () => [],
      openFolder: async () => "/crm/project",
    });
    await editor.load();
    expect(editor.getState().notice).toBeNull();
    await editor.newMapFromCrm("folder");
    expect(editor.getState().notice).toBe(
      `Read, with 4 things left out or repaired: ${leftOut.slice(0, 3).join("; ")}; …and 1 more.`,
    );
    // Attaching says it after what the configuration holds.
    const attached = {
      snapshot: { ...attachedSnapshot(0), left_out: leftOut.slice(3) },
      since: null,
      changes: [],
    } as unknown as Parameters<typeof attachedNotice>[0];
    expect(attachedNotice(attached)).toBe(
      `Held against the CRM: 3 values from deal-pipelines.json; no drift. Read, with 1 thing left out or repaired: ${leftOut[3]}.`,
    );
  });
});
