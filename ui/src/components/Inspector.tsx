import type {
  Edit_Deserialize as Edit,
  Map_Serialize as JourneyMap,
  Owned,
  Stage_Serialize as Stage,
  StageKind,
  Transition_Serialize as Transition,
} from "../bindings";
import { newId } from "../editing";
import { PALETTE } from "../flow";
import { CriteriaEditor } from "./CriteriaEditor";
import { parseOptionalNumber, SelectField, TextField } from "./Field";

/** What the inspector shows: one entity of the map, or the map itself. */
export type Inspected =
  | { kind: "map" }
  | { kind: "stage" | "transition" | "team" | "person" | "term"; id: string };

type Props = {
  map: JourneyMap;
  target: Inspected;
  edit: (edit: Edit) => void;
  inspect: (target: Inspected) => void;
};

const KINDS: { value: StageKind; label: string }[] = [
  { value: "entry", label: "Entry — where leads come in" },
  { value: "stage", label: "Stage" },
  { value: "revenue", label: "Revenue — recognised" },
  { value: "exit", label: "Exit — a legitimate end" },
];

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

function Owners({ map, target, owners, edit }: Props & { target: Owned; owners: string[] }) {
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

function StageForm(props: Props & { stage: Stage }) {
  const { map, stage, edit } = props;
  const update = (patch: Partial<Stage>) =>
    edit({ type: "update_stage", stage: { ...stage, ...patch } });
  const system = stage.system ?? { name: "" };
  const setSystem = (patch: Partial<typeof system>) => {
    const next = { ...system, ...patch };
    update({ system: next.name.trim() ? next : undefined });
  };
  const outgoing = map.transitions.filter((t) => t.from === stage.id);
  return (
    <>
      <h3>Stage</h3>
      <TextField
        label="Name"
        value={stage.name}
        onCommit={(name) =>
          name.trim() && edit({ type: "rename_stage", id: stage.id, name: name.trim() })
        }
      />
      <SelectField
        label="Kind"
        value={stage.kind}
        options={KINDS}
        onCommit={(kind) => update({ kind: kind as StageKind })}
      />
      <SelectField
        label="Lane (team)"
        value={stage.team}
        options={map.teams.map((t) => ({ value: t.id, label: t.name }))}
        onCommit={(team) =>
          edit({ type: "move_stage_to_team", id: stage.id, team, position: stage.position ?? null })
        }
      />
      <Owners {...props} target={{ kind: "stage", id: stage.id }} owners={stage.owners} />
      <SelectField
        label="Stands for the term"
        value={stage.term ?? ""}
        options={[
          { value: "", label: "No term" },
          ...map.terms.map((t) => ({ value: t.id, label: t.name })),
        ]}
        onCommit={(term) => update({ term: term || undefined })}
      />
      <TextField
        label="SLA (hours in this stage)"
        type="number"
        value={stage.sla_hours == null ? "" : String(stage.sla_hours)}
        onCommit={(text) => {
          const n = parseOptionalNumber(text);
          if (n !== undefined) update({ sla_hours: n });
        }}
      />
      <CriteriaEditor
        label="Entry criteria"
        criteria={stage.entry}
        onCommit={(criteria) =>
          edit({ type: "set_criteria", target: { kind: "stage_entry", id: stage.id }, criteria })
        }
      />
      <CriteriaEditor
        label="Exit criteria"
        criteria={stage.exit}
        onCommit={(criteria) =>
          edit({ type: "set_criteria", target: { kind: "stage_exit", id: stage.id }, criteria })
        }
      />
      <fieldset>
        <legend>System of record</legend>
        <TextField
          label="System"
          placeholder="e.g. Salesforce"
          value={system.name}
          onCommit={(name) => setSystem({ name })}
        />
        <TextField
          label="Object"
          placeholder="e.g. Opportunity"
          value={system.object ?? ""}
          onCommit={(object) => setSystem({ object: object || undefined })}
        />
        <TextField
          label="Field"
          placeholder="e.g. StageName"
          value={system.field ?? ""}
          onCommit={(field) => setSystem({ field: field || undefined })}
        />
        <TextField
          label="Value"
          placeholder="e.g. Qualified"
          value={system.value ?? ""}
          onCommit={(value) => setSystem({ value: value || undefined })}
        />
      </fieldset>
      <LinkList
        label="Leads to"
        items={outgoing.map((t) => ({
          id: t.id,
          label: `→ ${map.stages.find((s) => s.id === t.to)?.name ?? t.to}`,
        }))}
        open={(id) => props.inspect({ kind: "transition", id })}
      />
      <button
        type="button"
        className="danger"
        onClick={() => edit({ type: "remove_stage", id: stage.id })}
      >
        Delete stage
      </button>
    </>
  );
}

function TransitionForm(props: Props & { transition: Transition }) {
  const { map, transition: t, edit } = props;
  const update = (patch: Partial<Transition>) =>
    edit({ type: "update_transition", transition: { ...t, ...patch } });
  const stages = map.stages.map((s) => ({ value: s.id, label: s.name }));
  const teamOf = (id: string) => map.stages.find((s) => s.id === id)?.team;
  return (
    <>
      <h3>{teamOf(t.from) === teamOf(t.to) ? "Transition" : "Handoff between teams"}</h3>
      <SelectField
        label="From"
        value={t.from}
        options={stages}
        onCommit={(from) => edit({ type: "reconnect", id: t.id, from, to: t.to })}
      />
      <SelectField
        label="To"
        value={t.to}
        options={stages}
        onCommit={(to) => edit({ type: "reconnect", id: t.id, from: t.from, to })}
      />
      <Owners {...props} target={{ kind: "transition", id: t.id }} owners={t.owners} />
      <TextField
        label="SLA (hours to act)"
        type="number"
        value={t.sla_hours == null ? "" : String(t.sla_hours)}
        onCommit={(text) => {
          const n = parseOptionalNumber(text);
          if (n !== undefined) update({ sla_hours: n });
        }}
      />
      <TextField
        label="Volume (records in a period)"
        type="number"
        value={t.volume == null ? "" : String(t.volume)}
        onCommit={(text) => {
          const n = parseOptionalNumber(text);
          if (n !== undefined) update({ volume: n ?? undefined });
        }}
      />
      <CriteriaEditor
        label="Criteria"
        criteria={t.criteria}
        onCommit={(criteria) =>
          edit({ type: "set_criteria", target: { kind: "transition", id: t.id }, criteria })
        }
      />
      <button
        type="button"
        className="danger"
        onClick={() => edit({ type: "remove_transition", id: t.id })}
      >
        Delete transition
      </button>
    </>
  );
}

function TeamForm({ map, id, edit, inspect }: Props & { id: string }) {
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
      <label className="field">
        <span>Colour</span>
        <input
          type="color"
          aria-label="Colour"
          value={team.color ?? PALETTE[index % PALETTE.length]}
          onChange={(e) => edit({ type: "update_team", team: { ...team, color: e.target.value } })}
        />
      </label>
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

function AddPerson({ team, edit }: { team: string; edit: (e: Edit) => void }) {
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

function PersonForm({ map, id, edit }: Props & { id: string }) {
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

function TermForm(props: Props & { id: string }) {
  const { map, id, edit } = props;
  const term = map.terms.find((t) => t.id === id);
  if (!term) return null;
  return (
    <>
      <h3>Term</h3>
      <TextField
        label="Name"
        value={term.name}
        onCommit={(name) =>
          name.trim() && edit({ type: "update_term", term: { ...term, name: name.trim() } })
        }
      />
      <Owners {...props} target={{ kind: "term", id }} owners={term.owners} />
      <TextField
        label="Canonical definition"
        multiline
        value={term.canonical?.text ?? ""}
        onCommit={(text) =>
          edit({
            type: "set_canonical",
            term: id,
            canonical: text.trim() ? { text, criteria: term.canonical?.criteria ?? [] } : null,
          })
        }
      />
      <p className="muted">Each team’s definition is in the Definitions panel (Alt+2).</p>
      <button type="button" className="danger" onClick={() => edit({ type: "remove_term", id })}>
        Remove term
      </button>
    </>
  );
}

function MapForm({ map, edit, inspect }: Props) {
  return (
    <>
      <h3>Map</h3>
      <TextField
        label="Name"
        value={map.name}
        onCommit={(name) => name.trim() && edit({ type: "rename_map", name: name.trim() })}
      />
      <TextField
        label="Description"
        multiline
        value={map.description ?? ""}
        onCommit={(d) => edit({ type: "set_description", description: d.trim() || null })}
      />
      <LinkList
        label="Lanes"
        items={map.teams.map((t) => ({ id: t.id, label: t.name }))}
        open={(id) => inspect({ kind: "team", id })}
      />
      <LinkList
        label="People"
        items={map.people.map((p) => ({ id: p.id, label: p.name }))}
        open={(id) => inspect({ kind: "person", id })}
      />
      <LinkList
        label="Terms"
        items={map.terms.map((t) => ({ id: t.id, label: t.name }))}
        open={(id) => inspect({ kind: "term", id })}
      />
      <p className="muted">
        Select a stage, a transition or a lane to edit it; press ? for shortcuts.
      </p>
    </>
  );
}

/** Entities to open in the inspector, one link each. */
function LinkList({
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
