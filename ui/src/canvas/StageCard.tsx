import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo, useContext } from "react";
import { SEVERITY_SYMBOL } from "../findings";
import { duration } from "./counts";
import { Events } from "./events";
import { CARD_HEIGHT, CARD_WIDTH } from "./geometry";
import type { StageNode } from "./mapping";

const CRITERIA_LABEL = { ok: "Criteria set", partial: "Criteria partly set", none: "No criteria" };

/** A stage: its kind, name (two lines), owner, criteria dot and its findings' worst
 * severity, as a border style and a symbol so that it reads without colour. */
export const StageCard = memo(function StageCard({ data, selected }: NodeProps<StageNode>) {
  const { stage, owner, severity, criteria, history, changes, others } = data;
  const { renaming, onRename } = useContext(Events);
  return (
    <div
      className={`stage-card kind-${stage.kind}${severity ? ` flagged ${severity}` : ""}${selected ? " selected" : ""}`}
      data-stage-id={stage.id}
      data-team={stage.team}
      style={{
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        ...(others?.[0] ? { outline: `3px solid ${others[0].color}`, outlineOffset: 3 } : {}),
      }}
    >
      {others && others.length > 0 && (
        // Who else has this stage selected, in their colour.
        <span
          className="others"
          style={{ background: others[0]?.color }}
          data-others={others.map((o) => o.name).join(", ")}
        >
          {others.map((o) => o.name).join(", ")}
        </span>
      )}
      <Handle type="target" position={Position.Left} />
      <div className="card-top">
        {stage.kind !== "stage" && <span className="kind">{stage.kind}</span>}
        <span className={`criteria-status ${criteria}`} title={CRITERIA_LABEL[criteria]} />
      </div>
      {renaming === stage.id ? (
        <input
          className="rename nodrag"
          aria-label="Stage name"
          // biome-ignore lint/a11y/noAutofocus: renaming starts by typing
          autoFocus
          defaultValue={stage.name}
          onFocus={(e) => e.target.select()}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === "Enter") onRename(stage.id, e.currentTarget.value);
            if (e.key === "Escape") onRename(stage.id, null);
          }}
          onBlur={(e) => onRename(stage.id, e.currentTarget.value)}
        />
      ) : (
        <div className="name">{stage.name}</div>
      )}
      <div className={stage.owners.length === 0 ? "owner missing" : "owner"}>{owner}</div>
      {history && (
        <div
          className="flow"
          title="From the stage history: records that entered, and those still here"
        >
          {history.entered.toLocaleString("en")} in · {history.current.toLocaleString("en")} now
          {history.median !== null && ` · ${duration(history.median)}`}
          {history.overSla !== null && history.overSla > 0 && (
            <span className="over-sla"> · {Math.round(history.overSla * 100)}% over SLA</span>
          )}
        </div>
      )}
      {changes && changes.length > 0 && (
        // What changed since the version compared, beside the card (old → new).
        <ul className="diff-note" aria-label="Changed since the version compared">
          {changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {severity && (
        <span className={`marker ${severity}`} aria-hidden="true">
          {SEVERITY_SYMBOL[severity]}
        </span>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});
