import type { CommandId } from "../editor/commands";
import { COMMANDS } from "../editor/commands";
import { keysOf } from "../editor/keymap";

/** The window's header: the map and its file, and the file commands, each button named and
 * titled from the command registry and the key table. Without a map only New, Open and help
 * are offered. */
/** Work under way, shown in the header with a bar. */
export type Task = { id: string; text: string; done: number; of: number };

export function Header({
  open,
  progress,
  onCommand,
  onClose,
}: {
  open: { name: string; path: string; canUndo: boolean; canRedo: boolean } | null;
  /** Work under way (an export, a stage history being read): what, and how far. */
  progress: Task[];
  onCommand: (command: CommandId) => void;
  onClose: () => void;
}) {
  const button = (command: CommandId, label = COMMANDS[command].title, disabled = false) => (
    <button
      type="button"
      disabled={disabled}
      onClick={() => onCommand(command)}
      title={[COMMANDS[command].description, keysOf(command)].filter(Boolean).join(" — ")}
    >
      {label}
    </button>
  );
  return (
    <header>
      {open ? (
        <h1 className="map-name">{open.name}</h1>
      ) : (
        <strong className="map-name">Throughline</strong>
      )}
      {open && <span className="path">{open.path}</span>}
      <span className="spacer" />
      {progress.map((task) => (
        <span key={task.id} className="progress" role="status" data-task={task.id}>
          {task.text}
          {/* No value while the size is unknown: the bar then says "working" without a share. */}
          <progress max={task.of || undefined} value={task.of ? task.done : undefined} />
        </span>
      ))}
      {button("newMap", "New")}
      {button("open")}
      {open && (
        <>
          {button("saveAs")}
          {button("exportJson")}
          {button("exportPdf")}
          {button("undo", undefined, !open.canUndo)}
          {button("redo", undefined, !open.canRedo)}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      )}
      {button("help", "?")}
    </header>
  );
}
