import type { Ref } from "react";
import type { Step } from "../editor/presentation";
import { SEVERITY_SYMBOL } from "../findings";

/** Presentation mode's caption: the step in large type, what an edit made here changed, and
 * the keys that walk. Opaque: nothing on the canvas shows through, and the view keeps the
 * step's stage above it (the canvas reads its height through `ref`). */
export function Caption({
  step,
  walk,
  notice,
  onWalk,
  ref,
}: {
  step: Step | undefined;
  walk: "journey" | "findings";
  /** A confirmation of an edit, or why a key did nothing. */
  notice: string | null;
  onWalk: (walk: "journey" | "findings") => void;
  ref: Ref<HTMLElement>;
}) {
  return (
    <section
      ref={ref}
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
      {notice && (
        <p className="caption-notice" role="status">
          {notice}
        </p>
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
