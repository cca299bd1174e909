import { useMemo, useState } from "react";
import type { Option } from "../editor/types";

/** A small keyboard-first dialog: type a name, or type to filter a list and press Enter.
 * ↑/↓ move through the options, Esc cancels. */
export function Prompt({
  title,
  placeholder,
  initial = "",
  options,
  onSubmit,
  onCancel,
}: {
  title: string;
  placeholder?: string;
  initial?: string;
  /** With options, Enter picks the highlighted one; `extra` may offer one built from the text. */
  options?: (text: string) => Option[];
  onSubmit: (text: string, option: Option | null) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const [active, setActive] = useState(0);
  const shown = useMemo(() => options?.(text) ?? [], [options, text]);
  const chosen = shown[Math.min(active, shown.length - 1)] ?? null;

  const submit = () => {
    if (options) {
      if (chosen) onSubmit(text, chosen);
    } else if (text.trim()) {
      onSubmit(text.trim(), null);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click beside the dialog closes it, as Esc does
    <div className="overlay" onMouseDown={onCancel}>
      <div
        className="prompt"
        role="dialog"
        aria-label={title}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <label>
          <span>{title}</span>
          <input
            // biome-ignore lint/a11y/noAutofocus: the dialog exists to take this text
            autoFocus
            className="prompt-input"
            value={text}
            placeholder={placeholder}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                submit();
              } else if (e.key === "Escape") {
                e.preventDefault();
                onCancel();
              } else if (e.key === "ArrowDown") {
                e.preventDefault();
                setActive((a) => Math.min(a + 1, shown.length - 1));
              } else if (e.key === "ArrowUp") {
                e.preventDefault();
                setActive((a) => Math.max(a - 1, 0));
              }
              e.stopPropagation();
            }}
          />
        </label>
        {options && (
          <ul className="options">
            {shown.map((o) => (
              <li key={o.id}>
                <button
                  type="button"
                  className={o === chosen ? "active" : ""}
                  data-option={o.id}
                  onClick={() => onSubmit(text, o)}
                >
                  {o.label}
                  {o.hint && <span className="hint">{o.hint}</span>}
                </button>
              </li>
            ))}
            {shown.length === 0 && <li className="empty">Nothing matches.</li>}
          </ul>
        )}
      </div>
    </div>
  );
}
