import { MapForm } from "./inspector/MapForm";
import { PersonForm } from "./inspector/PersonForm";
import { StageForm } from "./inspector/StageForm";
import type { Inspected, InspectorProps as Props } from "./inspector/shared";
import { TeamForm } from "./inspector/TeamForm";
import { TermForm } from "./inspector/TermForm";
import { TransitionForm } from "./inspector/TransitionForm";

export type { Inspected };

/** Every field of the selected entity, each saved as its own edit. */
export function Inspector(props: Props) {
  const { map, target } = props;
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
      {body ?? <p className="muted">It is no longer in the map.</p>}
    </section>
  );
}
