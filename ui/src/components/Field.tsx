import { useEffect, useRef, useState } from "react";

/** A text field that commits when it loses focus or on Enter, and only when changed; Esc
 * puts back the saved value. It follows the saved value when the map changes (undo). */
export function TextField({
  label,
  value,
  onCommit,
  multiline = false,
  placeholder,
  type = "text",
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  multiline?: boolean;
  placeholder?: string;
  type?: "text" | "number";
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  const props = {
    value: draft,
    placeholder,
    "aria-label": label,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Enter" && !(multiline && e.shiftKey)) {
        e.preventDefault();
        commit();
      } else if (e.key === "Escape") {
        setDraft(value);
      }
    },
  };
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is one of the two below
    <label className="field">
      <span>{label}</span>
      {multiline ? <textarea rows={3} {...props} /> : <input type={type} {...props} />}
    </label>
  );
}

/** A field that adds something on Enter and then empties, ready for the next one. `onAdd`
 * says why a name cannot be added (the text stays, to be corrected), or `null` once added. */
export function AddField({
  label,
  placeholder,
  onAdd,
}: {
  label: string;
  placeholder?: string;
  onAdd: (text: string) => string | null;
}) {
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            if (!draft.trim()) return;
            const refused = onAdd(draft.trim());
            setProblem(refused);
            if (!refused) setDraft("");
          } else if (e.key === "Escape") {
            setDraft("");
            setProblem(null);
          }
        }}
      />
      {problem && (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}

/** A choice from a list, committed at once. */
export function SelectField({
  label,
  value,
  options,
  onCommit,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onCommit: (value: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => onCommit(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A number of hours or records, or nothing; invalid text is refused, not saved. */
export function parseOptionalNumber(text: string): number | null | undefined {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A colour that is saved once it is chosen. Colour pickers send an `input` event for every
 * step of a drag; saving each would make each an edit and an undo step, so the field follows
 * them and saves on `change`, which the picker sends when a colour is picked. */
export function ColourField({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef({ value, onCommit });
  latest.current = { value, onCommit };
  useEffect(() => {
    const field = input.current;
    // React's onChange is the `input` event; the native `change` is only reachable directly.
    const commit = () => {
      if (field && field.value !== latest.current.value) latest.current.onCommit(field.value);
    };
    field?.addEventListener("change", commit);
    return () => field?.removeEventListener("change", commit);
  }, []);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        ref={input}
        type="color"
        aria-label={label}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
    </label>
  );
}
