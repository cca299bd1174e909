import type { Finding } from "../bindings";
import { SEVERITIES, SEVERITY_NOUN, SEVERITY_SYMBOL } from "../findings";
import { MapForm } from "./inspector/MapForm";
import { PersonForm } from "./inspector/PersonForm";
import { StageForm } from "./inspector/StageForm";
import type { InspectorProps as Props } from "./inspector/shared";
import { TeamForm } from "./inspector/TeamForm";
import { TermForm } from "./inspector/TermForm";
import { TransitionForm } from "./inspector/TransitionForm";

/** What the analysis found about the inspected stage, arrow, lane or term, worst first. */
function FindingsAbout({ id, findings }: { id: string; findings: Finding[] }) {
  const about = findings.filter((f) => f.subjects.includes(id));
  if (about.length === 0) return <p className="about-findings clean">No findings about it.</p>;
  return (
    <ul className="about-findings" aria-label="Findings about it">
      {SEVERITIES.flatMap((severity) =>
        about
          .filter((f) => f.severity === severity)
          .map((f) => (
            <li key={`${f.rule}:${f.subjects.join(" ")}`} className={severity} data-rule={f.rule}>
              <span className="symbol" aria-hidden="true">
                {SEVERITY_SYMBOL[severity]}
              </span>{" "}
              <span className="visually-hidden">{SEVERITY_NOUN[severity][0]}: </span>
              <span className="message">{f.message}</span>
              <span className="fix">{f.fix}</span>
            </li>
          )),
      )}
    </ul>
  );
}

/** Every field of the selected entity, each saved as its own edit, and what the analysis
 * found about it. */
export function Inspector(props: Props & { findings: Finding[] }) {
  const { map, target, findings } = props;
  const body = (() => {
    switch (target.kind) {
      case "stage": {
        const stage = map.stages.find((s) => s.id === target.id);
        return stage && <StageForm {...props} stage={stage} />;
      }
      case "transition": {
        const t = map.transitions.find((s) => s.id === target.id);
        return t && <TransitionForm {...props} transition={t} />;
      }
      case "team":
        return <TeamForm {...props} id={target.id} />;
      case "person":
        return <PersonForm {...props} id={target.id} />;
      case "term":
        return <TermForm {...props} id={target.id} />;
      default:
        return <MapForm {...props} />;
    }
  })();
  return (
    <section className="inspector" aria-label="Inspector">
      {target.kind !== "map" && (
        <button type="button" className="link back" onClick={() => props.inspect({ kind: "map" })}>
          ← Map
        </button>
      )}
      {target.kind !== "map" && target.kind !== "person" && body && (
        <FindingsAbout id={target.id} findings={findings} />
      )}
      {body ?? <p className="muted">It is no longer in the map.</p>}
    </section>
  );
}
