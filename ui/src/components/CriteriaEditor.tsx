import { useEffect, useState } from "react";
import type { Criterion_Serialize as Criterion, Op } from "../bindings";
import { criterion, formatValue, OPS } from "../criteria";

type Row = { text: string; field: string; op: Op | ""; value: string };

const toRow = (c: Criterion): Row => ({
  text: c.text,
  field: c.field ?? "",
  op: c.op ?? "",
  value: formatValue(c.value),
});

/** A list of criteria: each free text, optionally `field operator value`. Saved as a whole
 * when a row loses focus, a row is added or removed. */
export function CriteriaEditor({
  label,
  criteria,
  onCommit,
}: {
  label: string;
  criteria: Criterion[];
  onCommit: (criteria: Criterion[]) => void;
}) {
  const [rows, setRows] = useState<Row[]>(criteria.map(toRow));
  useEffect(() => setRows(criteria.map(toRow)), [criteria]);
  const save = (next: Row[]) => {
    const list = next
      .filter((r) => r.text.trim() || r.field.trim())
      .map((r) => criterion(r.text, r.field, r.op, r.value));
    if (JSON.stringify(list) !== JSON.stringify(criteria)) onCommit(list);
  };
  const set = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <fieldset className="criteria" aria-label={label}>
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted">None yet.</p>}
      {rows.map((row, i) => (
        // Rows have no identity of their own; their order is the list's.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <fieldset className="criterion" key={i} onBlur={() => save(rows)}>
          <input
            aria-label={`${label} ${i + 1} text`}
            placeholder="In words, e.g. Budget confirmed"
            value={row.text}
            onChange={(e) => set(i, { text: e.target.value })}
          />
          <div className="structured">
            <input
              aria-label={`${label} ${i + 1} field`}
              placeholder="field"
              value={row.field}
              onChange={(e) => set(i, { field: e.target.value })}
            />
            <select
              aria-label={`${label} ${i + 1} operator`}
              value={row.op}
              onChange={(e) => set(i, { op: e.target.value as Op | "" })}
            >
              <option value="">—</option>
              {OPS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
            <input
              aria-label={`${label} ${i + 1} value`}
              placeholder={row.op === "in" ? "a, b, c" : "value"}
              disabled={row.op === "exists"}
              value={row.value}
              onChange={(e) => set(i, { value: e.target.value })}
            />
            <button
              type="button"
              title="Remove this criterion"
              onClick={() => {
                const next = rows.filter((_, j) => j !== i);
                setRows(next);
                save(next);
              }}
            >
              ×
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="link"
        onClick={() => setRows([...rows, { text: "", field: "", op: "", value: "" }])}
      >
        + Add criterion
      </button>
    </fieldset>
  );
}
