import type { ReactNode } from "react";
import type { CommandId } from "../editor/commands";
import { COMMANDS } from "../editor/commands";
import { keysOf } from "../editor/keymap";

/** The window's header: the map and its file, and the file commands, each button named and
 * titled from the command registry and the key table. Without a map only New, Open and help
 * are offered. */
export function Header({
  open,
  onCommand,
  onClose,
  children,
}: {
  open: { name: string; path: string; canUndo: boolean; canRedo: boolean } | null;
  onCommand: (command: CommandId) => void;
  onClose: () => void;
  /** The sharing's state and who is there, beside the map's name. */
  children?: ReactNode;
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
      {children}
      <span className="spacer" />
      {button("newMap", "New")}
      {button("open")}
      {open && (
        <>
          {button("share", "Share…")}
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
