import type { Transition_Serialize as Transition } from "../../bindings";
import { CriteriaEditor } from "../CriteriaEditor";
import { parseOptionalNumber, SelectField, TextField } from "../Field";
import { Owners, type InspectorProps as Props } from "./shared";

export function TransitionForm(props: Props & { transition: Transition }) {
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
