import { getCurrentWindow } from "@tauri-apps/api/window";
import { open, save } from "@tauri-apps/plugin-dialog";
import { useCallback, useEffect, useState } from "react";
import { commands, unwrap } from "./api";
import type { Snapshot_Serialize as Snapshot } from "./bindings";
import { Canvas } from "./Canvas";
import { FindingsPanel } from "./FindingsPanel";
import { type Action, actionFor } from "./shortcuts";

export function App() {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    commands.currentMap().then((current) => {
      setSnapshot(current);
      setLoaded(true);
    });
  }, []);

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

  const run = useCallback(async (call: () => Promise<Snapshot>) => {
    try {
      setSnapshot(await call());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  const openFile = useCallback(async () => {
    const path = await open({
      multiple: false,
      filters: [{ name: "Journey maps", extensions: ["throughline", "json"] }],
    });
    if (typeof path === "string") await run(() => unwrap(commands.openMap(path)));
  }, [run]);

  const exportPdf = useCallback(async () => {
    if (!snapshot) return;
    const path = await save({
      defaultPath: snapshot.path.replace(/\.throughline$/, ".pdf"),
      filters: [{ name: "PDF", extensions: ["pdf"] }],
    });
    if (typeof path !== "string") return;
    try {
      await unwrap(commands.exportReport(path, "a4"));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [snapshot]);

  const perform = useCallback(
    (action: Action) => {
      if (action === "open") openFile();
      else if (action === "exportPdf") exportPdf();
      else if (action === "undo" && snapshot?.can_undo) run(() => unwrap(commands.undo()));
      else if (action === "redo" && snapshot?.can_redo) run(() => unwrap(commands.redo()));
    },
    [openFile, exportPdf, run, snapshot],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionFor(e);
      if (action) {
        e.preventDefault();
        perform(action);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [perform]);

  if (!loaded) return null;
  return (
    <div className="app">
      <header>
        <strong>{snapshot?.map.name ?? "Throughline"}</strong>
        {snapshot && <span className="path">{snapshot.path}</span>}
        <span className="spacer" />
        <button type="button" onClick={openFile}>
          Open…
        </button>
        <button type="button" disabled={!snapshot} onClick={exportPdf} title="Ctrl+P">
          Export PDF…
        </button>
        <button
          type="button"
          disabled={!snapshot?.can_undo}
          onClick={() => run(() => unwrap(commands.undo()))}
        >
          Undo
        </button>
        <button
          type="button"
          disabled={!snapshot?.can_redo}
          onClick={() => run(() => unwrap(commands.redo()))}
        >
          Redo
        </button>
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {snapshot ? (
        <main>
          <div className="canvas">
            <Canvas map={snapshot.map} analysis={snapshot.analysis} selected={selected} />
          </div>
          <FindingsPanel
            findings={snapshot.analysis.findings}
            waived={snapshot.analysis.summary.waived}
            onSelect={(subjects) => setSelected(new Set(subjects))}
          />
        </main>
      ) : (
        <main className="start">
          <h1>Throughline</h1>
          <p>Open a journey map (.throughline, or .json to import) to see where it breaks.</p>
          <button type="button" onClick={openFile}>
            Open a map…
          </button>
        </main>
      )}
    </div>
  );
}
