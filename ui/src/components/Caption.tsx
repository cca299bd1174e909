import type { Step } from "../editor/presentation";
import { SEVERITY_SYMBOL } from "../findings";

/** Presentation mode's caption: the step in large type, and the keys that walk. */
export function Caption({
  step,
  walk,
  onWalk,
}: {
  step: Step | undefined;
  walk: "journey" | "findings";
  onWalk: (walk: "journey" | "findings") => void;
}) {
  return (
    <section
      className={`caption ${step?.severity ?? ""}`}
      aria-live="polite"
      aria-label="Presentation"
    >
      {step ? (
        <>
          <p className="caption-position">{step.position}</p>
          <h2 className="caption-title">
            {step.severity && (
              <span className="caption-symbol" aria-hidden="true">
                {SEVERITY_SYMBOL[step.severity]}{" "}
              </span>
            )}
            {step.title}
          </h2>
          <p className="caption-detail">{step.detail}</p>
          {step.notes.map((n) => (
            <p key={n} className="caption-note">
              {n}
            </p>
          ))}
        </>
      ) : (
        <h2 className="caption-title">
          {walk === "findings" ? "No findings: the journey holds together." : "No stages yet."}
        </h2>
      )}
      <nav className="caption-keys">
        <span className="caption-hint">
          <kbd>Space</kbd> next · <kbd>←</kbd> back · <kbd>Esc</kbd> leave
        </span>
        <button
          type="button"
          tabIndex={-1}
          className={walk === "journey" ? "active" : ""}
          onClick={() => onWalk("journey")}
        >
          Journey <kbd>F5</kbd>
        </button>
        <button
          type="button"
          tabIndex={-1}
          className={walk === "findings" ? "active" : ""}
          onClick={() => onWalk("findings")}
        >
          Findings <kbd>Shift+F5</kbd>
        </button>
      </nav>
    </section>
  );
}
