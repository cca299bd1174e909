import type { Stage_Serialize as Stage, StageKind } from "../../bindings";
import { CriteriaEditor } from "../CriteriaEditor";
import { parseOptionalNumber, SelectField, TextField } from "../Field";
import { LinkList, Owners, type InspectorProps as Props } from "./shared";

/** Salesforce's forecast categories, as the CRM stores them and as people read them. */
const FORECAST_CATEGORIES = [
  { value: "", label: "None" },
  { value: "Pipeline", label: "Pipeline" },
  { value: "BestCase", label: "Best case" },
  { value: "Commit", label: "Commit" },
  { value: "Closed", label: "Closed" },
  { value: "Omitted", label: "Omitted" },
];

/** A probability as people write it (a percentage), kept as a share. */
const percent = (share: number | null | undefined) =>
  share == null ? "" : String(Math.round(share * 1000) / 10);

const KINDS: { value: StageKind; label: string }[] = [
  { value: "entry", label: "Entry — where leads come in" },
  { value: "stage", label: "Stage" },
  { value: "revenue", label: "Revenue — recognised" },
  { value: "exit", label: "Exit — a legitimate end" },
];

/** Where in the system of record a stage lives, after the system's own name. */
const SYSTEM_PARTS = [
  { key: "object", label: "Object", placeholder: "e.g. Opportunity" },
  { key: "field", label: "Field", placeholder: "e.g. StageName" },
  { key: "value", label: "Value", placeholder: "e.g. Qualified" },
] as const;

export function StageForm(props: Props & { stage: Stage }) {
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
        {SYSTEM_PARTS.map(({ key, label, placeholder }) => (
          <TextField
            key={key}
            label={label}
            placeholder={placeholder}
            value={system[key] ?? ""}
            onCommit={(text) => setSystem({ [key]: text || undefined })}
          />
        ))}
        <TextField
          label="Win probability (%)"
          type="number"
          placeholder="e.g. 20"
          value={percent(stage.probability)}
          onCommit={(text) => {
            const n = parseOptionalNumber(text);
            // A share the CRM can hold: 0 to 100%; anything else is left unsaved.
            if (n === null) update({ probability: undefined });
            else if (n !== undefined && n >= 0 && n <= 100) update({ probability: n / 100 });
          }}
        />
        <SelectField
          label="Forecast category"
          value={stage.forecast_category ?? ""}
          options={
            stage.forecast_category &&
            !FORECAST_CATEGORIES.some((c) => c.value === stage.forecast_category)
              ? [
                  ...FORECAST_CATEGORIES,
                  { value: stage.forecast_category, label: stage.forecast_category },
                ]
              : FORECAST_CATEGORIES
          }
          onCommit={(category) => update({ forecast_category: category || undefined })}
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
