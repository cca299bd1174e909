import { COMMANDS } from "../editor/commands";
import { KEYMAP } from "../editor/keymap";

/** The `?` overlay: every key binding, from the key table, described by the registry. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click anywhere closes it, as Esc does
    <div className="overlay" onMouseDown={onClose}>
      <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {KEYMAP.filter((b) => b.keys).map((b) => (
              <tr key={b.command}>
                <td>
                  <kbd>{b.keys}</kbd>
                </td>
                <td>{COMMANDS[b.command].description}</td>
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
