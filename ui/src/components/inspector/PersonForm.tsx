import { SelectField, TextField } from "../Field";
import type { InspectorProps as Props } from "./shared";

export function PersonForm({ map, id, edit }: Props & { id: string }) {
  const person = map.people.find((p) => p.id === id);
  if (!person) return null;
  const owns = [
    ...map.stages.filter((s) => s.owners.includes(id)).map((s) => s.name),
    ...map.transitions.filter((t) => t.owners.includes(id)).map((t) => `${t.from} → ${t.to}`),
    ...map.terms.filter((t) => t.owners.includes(id)).map((t) => `“${t.name}”`),
  ];
  return (
    <>
      <h3>Person</h3>
      <TextField
        label="Name"
        value={person.name}
        onCommit={(name) =>
          name.trim() && edit({ type: "update_person", person: { ...person, name: name.trim() } })
        }
      />
      <TextField
        label="Role"
        value={person.role ?? ""}
        onCommit={(role) =>
          edit({ type: "update_person", person: { ...person, role: role || undefined } })
        }
      />
      <SelectField
        label="Team"
        value={person.team}
        options={map.teams.map((t) => ({ value: t.id, label: t.name }))}
        onCommit={(team) => edit({ type: "update_person", person: { ...person, team } })}
      />
      <p className="muted">
        {owns.length ? `Accountable for ${owns.join(", ")}.` : "Accountable for nothing yet."}
      </p>
      <button type="button" className="danger" onClick={() => edit({ type: "remove_person", id })}>
        Remove person (clears them as owner)
      </button>
    </>
  );
}
