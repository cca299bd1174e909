import { laneColour } from "../../canvas/geometry";
import { ColourField, TextField } from "../Field";
import { AddPerson, LinkList, type InspectorProps as Props } from "./shared";

export function TeamForm({ map, id, edit, inspect }: Props & { id: string }) {
  const index = map.teams.findIndex((t) => t.id === id);
  const team = map.teams[index];
  if (!team) return null;
  const others = map.teams.filter((t) => t.id !== id);
  const members =
    map.stages.filter((s) => s.team === id).length + map.people.filter((p) => p.team === id).length;
  return (
    <>
      <h3>Lane (team)</h3>
      <TextField
        label="Name"
        value={team.name}
        onCommit={(name) =>
          name.trim() && edit({ type: "update_team", team: { ...team, name: name.trim() } })
        }
      />
      <ColourField
        label="Colour"
        value={team.color ?? laneColour(index)}
        onCommit={(color) => edit({ type: "update_team", team: { ...team, color } })}
      />
      <div className="row">
        <button
          type="button"
          disabled={index === 0}
          onClick={() => edit({ type: "move_team", id, index: index - 1 })}
        >
          Move up
        </button>
        <button
          type="button"
          disabled={index === map.teams.length - 1}
          onClick={() => edit({ type: "move_team", id, index: index + 1 })}
        >
          Move down
        </button>
      </div>
      <LinkList
        label="People"
        items={map.people
          .filter((p) => p.team === id)
          .map((p) => ({ id: p.id, label: p.role ? `${p.name} — ${p.role}` : p.name }))}
        open={(person) => inspect({ kind: "person", id: person })}
      />
      <AddPerson team={id} edit={edit} />
      {members === 0 ? (
        <button
          type="button"
          className="danger"
          onClick={() => edit({ type: "remove_team", id, members: null })}
        >
          Remove lane
        </button>
      ) : (
        <div className="field">
          <span>Remove lane ({members} stages and people in it)</span>
          <select
            aria-label="Remove lane"
            value=""
            onChange={(e) => {
              const choice = e.target.value;
              if (!choice) return;
              edit({
                type: "remove_team",
                id,
                members:
                  choice === "delete" ? { action: "delete" } : { action: "move_to", team: choice },
              });
            }}
          >
            <option value="">Remove lane…</option>
            {others.map((t) => (
              <option key={t.id} value={t.id}>
                and move its stages and people to {t.name}
              </option>
            ))}
            <option value="delete">and delete its stages and people</option>
          </select>
        </div>
      )}
    </>
  );
}
