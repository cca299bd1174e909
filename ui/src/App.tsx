import { ReactFlowProvider } from "@xyflow/react";
import { commands, unwrap } from "./api";
import { Canvas } from "./Canvas";
import { Header } from "./components/Header";
import { Prompt } from "./components/Prompt";
import { ShortcutsOverlay } from "./components/ShortcutsOverlay";
import { Sidebar } from "./components/Sidebar";
import { StartScreen } from "./components/StartScreen";
import { useEditor } from "./useEditor";

export function App() {
  const {
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
  } = useEditor();
  if (!loaded) return null;
  return (
    <div className="app">
      <Header
        open={
          snapshot && {
            name: snapshot.map.name,
            path: snapshot.path,
            canUndo: snapshot.can_undo,
            canRedo: snapshot.can_redo,
          }
        }
        onAction={(action) => enqueue(() => perform(action))}
        onClose={async () => {
          await commands.closeMap();
          setSnapshot(null);
        }}
      />
      {error && (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" className="link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {snapshot && map ? (
        <main>
          <div className="canvas" data-focused-lane={focusedTeam ?? ""}>
            <ReactFlowProvider>
              <Canvas
                map={map}
                analysis={snapshot.analysis}
                selected={selectedSet}
                focusedTeam={focusedTeam}
                renaming={renaming}
                frame={frame}
                events={events}
              />
            </ReactFlowProvider>
            {map.teams.length === 0 && (
              <div className="empty-hint">
                Press <kbd>L</kbd> to add the first lane (a team), then <kbd>N</kbd> for stages.{" "}
                <kbd>?</kbd> lists every shortcut.
              </div>
            )}
          </div>
          <Sidebar
            panel={panel}
            onPanel={setPanel}
            snapshot={snapshot}
            rules={rules}
            edit={edit}
            inspected={inspected}
            onInspect={setInspected}
            onShowFinding={showFinding}
            onRestore={(id) => run(() => unwrap(commands.restoreVersion(id)))}
            onError={setError}
          />
        </main>
      ) : (
        <StartScreen
          onOpenPath={openPath}
          onOpenSample={async (id) => opened(await run(() => unwrap(commands.openSample(id))))}
          onNew={async (name) => opened(await run(() => unwrap(commands.newMap(name))))}
          onBrowse={browse}
          onProblem={setError}
        />
      )}
      {prompt && (
        <Prompt
          key={asking?.kind}
          title={prompt.title}
          placeholder={prompt.placeholder}
          options={prompt.options}
          onSubmit={answer}
          onCancel={() => setAsking(null)}
        />
      )}
      {help && <ShortcutsOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
