import { SHORTCUTS } from "../shortcuts";

/** The `?` overlay: every shortcut, from the same table the keyboard handler reads. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click anywhere closes it, as Esc does
    <div className="overlay" onMouseDown={onClose}>
      <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.filter((s) => s.description).map((s) => (
              <tr key={s.action}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Drag a card to move it, into another lane to hand it over; drag from its right edge to
          connect. Shift+drag on the canvas selects the cards in a box; Ctrl- or Shift-click adds
          one. Esc closes.
        </p>
      </div>
    </div>
  );
}
