import { type Action, keysOf } from "../shortcuts";

/** The window's header: the map and its file, and the file actions, each button titled with
 * its shortcut. Without a map only New, Open and help are offered. */
export function Header({
  open,
  onAction,
  onClose,
}: {
  open: { name: string; path: string; canUndo: boolean; canRedo: boolean } | null;
  onAction: (action: Action) => void;
  onClose: () => void;
}) {
  const button = (action: Action, label: string, disabled = false) => (
    <button
      type="button"
      disabled={disabled}
      onClick={() => onAction(action)}
      title={keysOf(action)}
    >
      {label}
    </button>
  );
  return (
    <header>
      <strong className="map-name">{open?.name ?? "Throughline"}</strong>
      {open && <span className="path">{open.path}</span>}
      <span className="spacer" />
      {button("newMap", "New")}
      {button("open", "Open…")}
      {open && (
        <>
          {button("saveAs", "Save as…")}
          {button("exportJson", "Export JSON…")}
          {button("exportPdf", "Export PDF…")}
          {button("undo", "Undo", !open.canUndo)}
          {button("redo", "Redo", !open.canRedo)}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      )}
      {button("help", "?")}
    </header>
  );
}
