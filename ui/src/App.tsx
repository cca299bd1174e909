import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useMemo, useRef } from "react";
import type { ExportProgress, HistoryProgress } from "./bindings";
import { Canvas } from "./Canvas";
import { Banner } from "./components/Banner";
import { Caption } from "./components/Caption";
import { ExportDialog } from "./components/ExportDialog";
import { Header } from "./components/Header";
import { othersSelections, SyncIndicator } from "./components/Presence";
import { Prompt } from "./components/Prompt";
import { ShareDialog } from "./components/ShareDialog";
import { ShortcutsOverlay } from "./components/ShortcutsOverlay";
import { Sidebar } from "./components/Sidebar";
import { StartScreen } from "./components/StartScreen";
import { type Task, Tasks } from "./components/Tasks";
import { visibleFindings } from "./editor/commands";
import { DROP_HINT } from "./editor/drop";
import { steps, takenOf } from "./editor/presentation";
import type { Compared } from "./editor/types";
import { useEditor } from "./useEditor";
import { useFileDrop } from "./useFileDrop";
import { useOpenRequests } from "./useOpenRequests";
import { useSharing } from "./useSharing";

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The work under way, in words and as a share done. */
function tasks(exporting: ExportProgress | null, reading: HistoryProgress | null): Task[] {
  const list: Task[] = [];
  if (exporting) {
    const { step, done, steps } = exporting;
    list.push({ id: "export", text: `Exporting the PDF: ${step}`, done, of: steps });
  }
  if (reading) {
    const { file } = reading;
    const [read, total] = [reading.read ?? 0, reading.total ?? 0];
    const text = total
      ? `Reading ${file}: ${megabytes(read)} of ${megabytes(total)}`
      : `Reading ${file}`;
    list.push({ id: "history", text, done: read, of: total });
  }
  return list;
}

export function App() {
  const { state, editor, events, prompt } = useEditor();
  const { snapshot, problem, exporting } = state;
  const selected = useMemo(() => new Set(state.selection), [state.selection]);
  const { view, presenting, rules } = state;
  const shown = useMemo(() => visibleFindings(snapshot, view), [snapshot, view]);
  const walking = presenting?.walk;
  const walk = useMemo(
    () =>
      walking && snapshot
        ? steps(walking, snapshot.map, shown, rules, takenOf(snapshot.history))
        : [],
    [walking, snapshot, shown, rules],
  );
  const onAddCrmValues = useCallback(() => editor.run("addCrmValues"), [editor]);
  const onComparing = useCallback(
    (marked: Compared | null) => editor.dispatch({ type: "comparing", marked }),
    [editor],
  );
  const caption = useRef<HTMLElement>(null);
  const dropping = useFileDrop(editor.drop);
  // A map double-clicked while the app runs opens as a dropped one does.
  useOpenRequests(editor.drop);
  useSharing(editor, state);
  const people = snapshot?.sync.people;
  const others = useMemo(() => othersSelections(people ?? []), [people]);
  if (!state.loaded) return null;
  const map = snapshot?.map;
  return (
    <div className={presenting ? "app presenting" : "app"}>
      <Header
        open={
          snapshot && {
            name: snapshot.map.name,
            path: snapshot.path,
            canUndo: snapshot.can_undo,
            canRedo: snapshot.can_redo,
          }
        }
        onCommand={editor.run}
        onClose={editor.close}
      >
        {snapshot && (
          <SyncIndicator
            sync={snapshot.sync}
            following={state.following}
            onFollow={(id) => editor.dispatch({ type: "follow", id })}
          />
        )}
      </Header>
      <Tasks tasks={tasks(exporting, state.loadingHistory)} />
      {problem && (
        <Banner
          className="error-banner"
          alert
          kind={problem.kind}
          onAction={() => editor.dispatch({ type: "problem", problem: null })}
        >
          {problem.message}
        </Banner>
      )}
      {state.exported && (
        <div className="notice-banner exported-banner" role="status" data-path={state.exported}>
          Saved {state.exported}
          <button type="button" onClick={() => editor.openExport("open")}>
            Open
          </button>
          <button type="button" onClick={() => editor.openExport("show_in_folder")}>
            Show in folder
          </button>
          <button
            type="button"
            className="link"
            onClick={() => editor.dispatch({ type: "exported", path: null })}
          >
            Dismiss
          </button>
        </div>
      )}
      {state.notice && (
        <Banner
          className="notice-banner"
          onAction={() => editor.dispatch({ type: "notice", notice: null })}
        >
          {state.notice}
        </Banner>
      )}
      {snapshot?.read_only && (
        <Banner className="read-only-banner" action="Open a copy" onAction={editor.openCopy}>
          {snapshot.read_only}
        </Banner>
      )}
      {snapshot && map ? (
        <main>
          <div className="canvas" data-focused-lane={state.focusedTeam ?? ""}>
            <ReactFlowProvider>
              <Canvas
                map={map}
                history={view.history ? snapshot.history : null}
                crm={snapshot.crm}
                findings={shown}
                errorsOnly={view.errorsOnly}
                onErrorsOnly={(errorsOnly) =>
                  editor.dispatch({ type: "view", view: { errorsOnly } })
                }
                selected={selected}
                compared={state.comparing}
                focusedTeam={state.focusedTeam}
                renaming={state.renaming}
                frame={state.frame}
                events={events}
                caption={caption}
                others={others}
              />
            </ReactFlowProvider>
            {map.teams.length === 0 && (
              <div className="empty-hint">
                Press <kbd>L</kbd> to add the first lane (a team), then <kbd>N</kbd> for stages.{" "}
                <kbd>?</kbd> lists every shortcut; <kbd>Ctrl+K</kbd> finds any command.
              </div>
            )}
            {presenting && (
              <Caption
                ref={caption}
                step={walk[presenting.index]}
                walk={presenting.walk}
                notice={state.notice}
                onWalk={(w) => editor.run(w === "journey" ? "present" : "presentFindings")}
              />
            )}
          </div>
          {view.sidebar && !presenting && (
            <Sidebar
              panel={state.panel}
              onPanel={(panel) => editor.dispatch({ type: "panel", panel })}
              snapshot={snapshot}
              rules={state.rules}
              edit={editor.submit}
              inspected={state.inspected}
              onInspect={(target) => editor.dispatch({ type: "inspect", target })}
              onShowFinding={(subjects) => editor.dispatch({ type: "show", subjects })}
              onAddCrmValues={onAddCrmValues}
              onRestore={editor.restore}
              onSaveVersion={editor.saveVersion}
              onError={editor.report}
              onComparing={onComparing}
            />
          )}
        </main>
      ) : (
        <StartScreen
          onOpenPath={editor.openPath}
          onOpenSample={editor.openSample}
          onNew={editor.newMap}
          onBrowse={editor.browse}
          onCrm={editor.newMapFromCrm}
          onJoin={() => editor.run("join")}
          onProblem={editor.report}
        />
      )}
      {prompt && (
        <Prompt
          key={state.asking?.kind}
          title={prompt.title}
          placeholder={prompt.placeholder}
          options={prompt.options}
          onSubmit={editor.answer}
          onCancel={() => editor.dispatch({ type: "ask", asking: null })}
        />
      )}
      {(state.asking?.kind === "share" || state.asking?.kind === "join") && (
        <ShareDialog
          mode={state.asking.kind}
          links={snapshot?.sync.links ?? null}
          onShare={editor.share}
          onJoin={editor.join}
          onCancel={() => editor.dispatch({ type: "ask", asking: null })}
        />
      )}
      {state.asking?.kind === "export" && (
        <ExportDialog
          onExport={editor.exportPdf}
          onCancel={() => editor.dispatch({ type: "ask", asking: null })}
          onError={editor.report}
        />
      )}
      {state.help && (
        <ShortcutsOverlay onClose={() => editor.dispatch({ type: "help", open: false })} />
      )}
      {dropping && (
        <div className="drop-overlay" role="status">
          <span>{DROP_HINT}</span>
        </div>
      )}
    </div>
  );
}
