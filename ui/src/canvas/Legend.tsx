import { Panel, useStore } from "@xyflow/react";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Attached, History_Serialize as History } from "../bindings";
import { SEVERITIES, SEVERITY_LABEL, SEVERITY_SYMBOL } from "../findings";
import { CARD_HEIGHT, CARD_WIDTH } from "./geometry";
import { legendPlace } from "./legendPlace";

/** What the marks on the map mean, the choice to mark errors only, and which stage history
 * the counts on the map come from. It never covers a card: when one comes under it (a pan, a
 * zoom) it moves to the first clear place along the canvas's top or bottom edge, or steps
 * aside until there is room. */
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
  const place = useClearPlace();
  return (
    <Panel
      ref={place.ref}
      position={place.at ?? "top-right"}
      className={place.at ? "legend" : "legend legend-aside"}
      aria-label="Legend"
    >
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

/** Where the legend covers no card, as the view moves: the cards' boxes on screen against the
 * legend's measured size. */
function useClearPlace() {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    // Stepped aside it is hidden but keeps its box, so its size is known all along.
    const observer = new ResizeObserver(() => {
      const { width, height } = panel.getBoundingClientRect();
      if (width > 0)
        setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(panel);
    return () => observer.disconnect();
  }, []);
  const [x, y, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const nodes = useStore((s) => s.nodes);
  const at = useMemo(() => {
    if (size.width === 0) return "top-right" as const;
    const cards = nodes
      .filter((n) => n.type === "stage")
      .map((n) => ({
        left: x + n.position.x * zoom,
        top: y + n.position.y * zoom,
        right: x + (n.position.x + CARD_WIDTH) * zoom,
        bottom: y + (n.position.y + CARD_HEIGHT) * zoom,
      }));
    return legendPlace({ width, height }, size, cards);
  }, [nodes, x, y, zoom, width, height, size]);
  return { ref, at };
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
