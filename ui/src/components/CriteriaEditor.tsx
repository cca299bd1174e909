import { useEffect, useRef, useState } from "react";
import type { Criterion_Serialize as Criterion, Op } from "../bindings";
import { criterion, formatValue, OPS } from "../criteria";

type Row = { text: string; field: string; op: Op | ""; value: string };

const EMPTY: Row = { text: "", field: "", op: "", value: "" };

const toRow = (c: Criterion): Row => ({
  text: c.text,
  field: c.field ?? "",
  op: c.op ?? "",
  value: formatValue(c.value),
});

const isBlank = (r: Row) => !r.text.trim() && !r.field.trim() && !r.op && !r.value.trim();

/** What a half-written row still needs before it can be saved; `null` when it is complete.
 * Saving it as it stands would drop the part that is there, so it waits, and says so. */
export function missing(row: Row): string | null {
  const field = row.field.trim();
  if (!field && row.op) return "Name the field this compares";
  if (field && !row.op) return `Choose how to compare ${field}`;
  if (!field && !row.op && row.value.trim()) return "Name a field and an operator for this value";
  if (row.op && row.op !== "exists" && !row.value.trim())
    return `Give the value ${field} is compared with`;
  return null;
}

const same = (a: Criterion[], b: Criterion[]) => JSON.stringify(a) === JSON.stringify(b);

/** A list of criteria: each free text, optionally `field operator value`. A row is a draft
 * until focus leaves it or it is removed; the list is then saved as a whole, once every row
 * is complete. */
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
  // The list as last saved from here. When the map comes back with it, the drafts stay as
  // they are (they may already hold keys typed since); anything else is a change from
  // elsewhere (undo, another field) and replaces them.
  const saved = useRef(criteria);
  useEffect(() => {
    if (!same(criteria, saved.current)) setRows(criteria.map(toRow));
    saved.current = criteria;
  }, [criteria]);

  const save = (next: Row[]) => {
    if (next.some((r) => !isBlank(r) && missing(r))) return;
    const list = next
      .filter((r) => !isBlank(r))
      .map((r) => criterion(r.text, r.field, r.op, r.value));
    if (same(list, saved.current)) return;
    saved.current = list;
    onCommit(list);
  };
  const set = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <fieldset className="criteria" aria-label={label}>
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted">None yet.</p>}
      {rows.map((row, i) => {
        const problem = isBlank(row) ? null : missing(row);
        const name = `${label} ${i + 1}`;
        return (
          <fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; their order is the list's
            key={i}
            className="criterion"
            aria-invalid={problem ? true : undefined}
            onBlur={(e) => {
              // Moving between a row's own inputs is still writing it.
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) save(rows);
            }}
          >
            <input
              aria-label={`${name} text`}
              placeholder="In words, e.g. Budget confirmed"
              value={row.text}
              onChange={(e) => set(i, { text: e.target.value })}
            />
            <div className="structured">
              <input
                aria-label={`${name} field`}
                placeholder="field"
                value={row.field}
                onChange={(e) => set(i, { field: e.target.value })}
              />
              <select
                aria-label={`${name} operator`}
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
                aria-label={`${name} value`}
                placeholder={row.op === "in" ? "a, b, c" : "value"}
                disabled={row.op === "exists"}
                value={row.value}
                onChange={(e) => set(i, { value: e.target.value })}
              />
              <button
                type="button"
                title="Remove this criterion"
                aria-label={`Remove ${name.toLowerCase()}`}
                onClick={() => {
                  const next = rows.filter((_, j) => j !== i);
                  setRows(next);
                  save(next);
                }}
              >
                ×
              </button>
            </div>
            {problem && (
              <p className="criterion-problem" role="alert">
                Not saved yet: {problem}.
              </p>
            )}
          </fieldset>
        );
      })}
      <button type="button" className="link" onClick={() => setRows([...rows, EMPTY])}>
        + Add criterion
      </button>
    </fieldset>
  );
}
