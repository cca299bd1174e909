/** Structured criteria as people type them: "50" is a number, "yes"/"true" a yes, a list for
 * `in` is comma-separated; everything else is text. */
import type {
  Criterion_Serialize as Criterion,
  Op,
  Scalar_Serialize as Scalar,
  Value_Serialize as Value,
} from "./bindings";

export const OPS: Op[] = ["=", "!=", ">", ">=", "<", "<=", "in", "exists"];

function scalar(text: string): Scalar {
  const t = text.trim();
  if (/^(true|yes)$/i.test(t)) return true;
  if (/^(false|no)$/i.test(t)) return false;
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  return t;
}

export function parseValue(op: Op, text: string): Value | undefined {
  if (op === "exists") return undefined;
  if (op === "in")
    return text
      .split(",")
      .map(scalar)
      .filter((v) => v !== "");
  return scalar(text);
}

export function formatValue(value: Value | undefined): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => String(v)).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** One criterion from the editor's four inputs; structured only when a field is named. */
export function criterion(text: string, field: string, op: Op | "", value: string): Criterion {
  const f = field.trim();
  if (!f || !op) return { text: text.trim() };
  const parsed = parseValue(op, value);
  const c: Criterion = { text: text.trim() || describe(f, op, parsed), field: f, op };
  if (parsed !== undefined) c.value = parsed;
  return c;
}

/** Words for a structured criterion, when no text was written. */
export function describe(field: string, op: Op, value: Value | undefined): string {
  return op === "exists" ? `${field} is set` : `${field} ${op} ${formatValue(value)}`;
}
