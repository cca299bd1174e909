/** How the stage history's counts are written on the canvas: records and their share on an
 * arrow, the leak where the record changes, times in short units. */
import type {
  Stage_Serialize as Stage,
  TransitionFlow_Serialize as TransitionFlow,
} from "../bindings";

/** How many records took a transition, their share of all that left its source, and the
 * median time they took. */
export function records(n: number, share: number | null, median: number | null = null): string {
  const parts = [n.toLocaleString("en")];
  if (share !== null) parts.push(`${Math.round(share * 100)}%`);
  if (median !== null) parts.push(duration(median));
  return parts.join(" · ");
}

/** A record kind as one record is called (`Deals` → `deal`), as the history's reader compares
 * them (`kind_key` in crates/throughline-history). */
export function recordKind(object: string): string {
  const k = object.trim().toLowerCase();
  if (k.endsWith("ies")) return `${k.slice(0, -3)}y`;
  if (k.endsWith("s") && !k.endsWith("ss")) return k.slice(0, -1);
  return k;
}

/** At a handoff where the record changes: how many of the records that reached it never
 * became one of the other kind ("312 of 1,040 never became a deal"), the ones still within
 * the SLA aside; `null` elsewhere. */
export function leakText(took: TransitionFlow | undefined, to: Stage | undefined): string | null {
  if (!took || !("leaked" in took) || took.leaked === null || took.leaked === undefined) {
    return null;
  }
  const waiting = took.waiting ?? 0;
  const lost = (took.leaked ?? 0) - waiting;
  const counted = (took.reached ?? 0) - waiting;
  const kind = to?.system?.object ? recordKind(to.system.object) : "record";
  const one = /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
  return `${lost.toLocaleString("en")} of ${counted.toLocaleString("en")} never became ${one}`;
}

/** A measured time for people, as the report and the command line give it
 * (`throughline_history::duration`), in the canvas's short units: minutes under an hour, hours
 * under two days, then days. */
export function duration(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return hours < 48 ? `${Math.round(hours)} h` : `${(hours / 24).toFixed(1)} d`;
}
