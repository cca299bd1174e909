import { Panel } from "@xyflow/react";
import { SEVERITIES, SEVERITY_LABEL, SEVERITY_SYMBOL } from "../findings";

/** What the marks on the map mean, and the choice to mark errors only. */
export function Legend({
  errorsOnly,
  onErrorsOnly,
}: {
  errorsOnly: boolean;
  onErrorsOnly: (on: boolean) => void;
}) {
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
    </Panel>
  );
}
