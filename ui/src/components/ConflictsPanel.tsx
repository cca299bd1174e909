import type { Conflict } from "../bindings";

const WHAT: Record<Conflict["kind"], string> = {
  hidden_transition: "Connection hidden",
  kept_lane: "Lane kept",
  dropped_owner: "Owner left out",
  unbound_term: "Term unbound",
  hidden_definition: "Definition hidden",
  hidden_waiver: "Waiver hidden",
  unreadable_value: "Value left out",
  unreadable_entity: "Left out",
  same_field: "Changed in both",
};

/** What edits made apart left to resolve, and how it was: who did what, in their words.
 * Nothing was deleted; undoing either edit brings everything back. */
export function ConflictsPanel({
  conflicts,
  onShow,
}: {
  conflicts: Conflict[];
  onShow: (subjects: string[]) => void;
}) {
  if (conflicts.length === 0) {
    return (
      <p className="muted panel-empty">
        No conflicts. When copies edited apart meet — merged, or live — what had to be resolved is
        listed here.
      </p>
    );
  }
  return (
    <ul className="conflicts" aria-label="Conflicts">
      {conflicts.map((c) => (
        <li key={`${c.kind}:${c.subject}:${c.message}`} className={`conflict ${c.kind}`}>
          <button type="button" className="link" onClick={() => onShow([c.subject])}>
            <strong>{WHAT[c.kind]}</strong>
          </button>
          <p>{c.message}</p>
        </li>
      ))}
    </ul>
  );
}
