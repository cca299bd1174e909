import { Panel } from "@xyflow/react";
import type { Attached, History_Serialize as History } from "../bindings";
import { SEVERITIES, SEVERITY_LABEL, SEVERITY_SYMBOL } from "../findings";

/** What the marks on the map mean, the choice to mark errors only, and which stage history
 * the counts on the map come from. */
export function Legend({
  errorsOnly,
  onErrorsOnly,
  history,
  crm,
  tracks,
}: {
  errorsOnly: boolean;
  onErrorsOnly: (on: boolean) => void;
  history: History | null;
  /** The CRM configuration the map is held against, if any. */
  crm: Attached | null;
  /** Which kind of record each lane's stages track, when the map says ("Marketing: contacts"). */
  tracks: string[];
}) {
  const log = history?.flow.log;
  return (
    <Panel position="top-right" className="legend" aria-label="Legend">
      {SEVERITIES.map((s) => (
        <span key={s} className={`legend-item ${s}${errorsOnly && s !== "error" ? " off" : ""}`}>
          <span className={`legend-card ${s}`} aria-hidden="true">
            {SEVERITY_SYMBOL[s]}
          </span>
          {SEVERITY_LABEL[s]}
        </span>
      ))}
      <button
        type="button"
        className="legend-toggle"
        aria-pressed={errorsOnly}
        onClick={() => onErrorsOnly(!errorsOnly)}
        title="Mark only errors on the map, or every finding (E)"
      >
        {errorsOnly ? "Show every finding" : "Errors only"}
      </button>
      {history && log && (
        <span className="history">
          Counts from {logNames(history)}: {(log.events ?? 0).toLocaleString("en")} stage changes of{" "}
          {(log.cases ?? 0).toLocaleString("en")} records{recordKinds(log.objects ?? [])},{" "}
          {log.from?.slice(0, 10)} to {log.to?.slice(0, 10)}; dashed violet arrows are paths the map
          does not draw.
        </span>
      )}
      {history && tracks.length > 1 && (
        <span className="tracks">Records: {tracks.join("; ")}.</span>
      )}
      {crm && (
        <span className="crm">
          Held against the CRM: {crm.config.sources.join(", ")}, attached{" "}
          {crm.attached_at.slice(0, 10)}.
        </span>
      )}
    </Panel>
  );
}

/** The files a history was read from: "a.csv", "a.csv and b.csv", "a.csv, b.csv and c.csv". */
export function logNames(history: History): string {
  const names = [history.log.name, ...(history.also ?? []).map((f) => f.name)];
  return names.length === 1
    ? names[0]
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** How many records of each kind, when the log has kinds: " (600 contacts, 216 deals)". */
export function recordKinds(objects: { type: string; objects: number | null }[]): string {
  if (objects.length < 2) return "";
  const each = objects.map((o) => {
    const n = o.objects ?? 0;
    const plural = /[^aeiou]y$/.test(o.type) ? `${o.type.slice(0, -1)}ies` : `${o.type}s`;
    return `${n.toLocaleString("en")} ${n === 1 ? o.type : plural}`;
  });
  return ` (${each.join(", ")})`;
}
