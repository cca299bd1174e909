import type { Edit_Deserialize as Edit, Map_Serialize as JourneyMap, Owned } from "../../bindings";
import { newId } from "../../editing";
import type { Inspected } from "../../editor/types";
import { TextField } from "../Field";

/** What every form receives. */
export type InspectorProps = {
  map: JourneyMap;
  target: Inspected;
  edit: (edit: Edit) => void;
  inspect: (target: Inspected) => void;
};

/** The accountable owners of a stage, transition or term, with a picker to add one. */
export function Owners({
  map,
  target,
  owners,
  edit,
}: InspectorProps & { target: Owned; owners: string[] }) {
  const name = (id: string) => map.people.find((p) => p.id === id)?.name ?? id;
  return (
    <div className="field owners">
      <span>Accountable owner{owners.length > 1 ? "s" : ""}</span>
      <div className="chips">
        {owners.length === 0 && <span className="missing">No owner</span>}
        {owners.map((o) => (
          <span className="chip" key={o}>
            {name(o)}
            <button
              type="button"
              aria-label={`Remove ${name(o)}`}
              onClick={() =>
                edit({ type: "set_owners", target, owners: owners.filter((x) => x !== o) })
              }
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <select
        aria-label="Add an owner"
        value=""
        onChange={(e) =>
          e.target.value &&
          edit({ type: "set_owners", target, owners: [...owners, e.target.value] })
        }
      >
        <option value="">Add an owner…</option>
        {map.people
          .filter((p) => !owners.includes(p.id))
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({map.teams.find((t) => t.id === p.team)?.name ?? p.team})
            </option>
          ))}
      </select>
    </div>
  );
}

/** A new person in a lane, from their name. */
export function AddPerson({ team, edit }: { team: string; edit: (e: Edit) => void }) {
  return (
    <TextField
      label="Add a person"
      placeholder="Name, then Enter"
      value=""
      onCommit={(name) => {
        if (name.trim())
          edit({
            type: "add_person",
            person: { id: newId(), name: name.trim(), team },
          });
      }}
    />
  );
}

/** Entities to open in the inspector, one link each. */
export function LinkList({
  label,
  items,
  open,
}: {
  label: string;
  items: { id: string; label: string }[];
  open: (id: string) => void;
}) {
  return (
    <div className="field">
      <span>{label}</span>
      {items.length === 0 && <span className="muted">None yet.</span>}
      {items.map((item) => (
        <button key={item.id} type="button" className="link" onClick={() => open(item.id)}>
          {item.label}
        </button>
      ))}
    </div>
  );
}
