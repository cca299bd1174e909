import type {
  Edit_Deserialize as Edit,
  Finding,
  Map_Serialize as JourneyMap,
  Term_Serialize as Term,
} from "../bindings";
import { newId, setCanonical } from "../editing";
import { AddField, TextField } from "./Field";

const DISAGREEMENT = new Set(["conflicting-definitions", "definition-drift"]);

/** Every term with each team's definition side by side, the canonical one, its owner, and
 * the disagreements the analysis found. */
export function DefinitionsPanel({
  map,
  findings,
  edit,
}: {
  map: JourneyMap;
  findings: Finding[];
  edit: (edit: Edit) => void;
}) {
  const disputed = (term: Term) =>
    findings.filter((f) => DISAGREEMENT.has(f.rule) && f.subjects.includes(term.id));
  return (
    <section className="definitions" aria-label="Definitions">
      <h2>Definitions</h2>
      {map.terms.length === 0 && (
        <p className="muted">
          No terms yet. Add the words your teams use: MQL, SQL, qualified opportunity…
        </p>
      )}
      {map.terms.map((term) => {
        const problems = disputed(term);
        return (
          <article
            key={term.id}
            className={`term${problems.length ? " disputed" : ""}`}
            data-term-id={term.id}
          >
            <header>
              <h3 className="term-name">{term.name}</h3>
              {problems.length > 0 && <span className="badge error">Teams disagree</span>}
              <select
                aria-label={`Owner of ${term.name}`}
                value={term.owners.length === 1 ? term.owners[0] : ""}
                onChange={(e) =>
                  edit({
                    type: "set_owners",
                    target: { kind: "term", id: term.id },
                    owners: e.target.value ? [e.target.value] : [],
                  })
                }
              >
                <option value="">{term.owners.length > 1 ? "Several owners" : "No owner"}</option>
                {map.people.map((p) => (
                  <option key={p.id} value={p.id}>
                    Owner: {p.name}
                  </option>
                ))}
              </select>
            </header>
            {problems.map((f) => (
              <p key={f.rule} className="problem">
                {f.message}
              </p>
            ))}
            <div className="side-by-side">
              {map.teams.map((team) => {
                const def = term.definitions.find((d) => d.team === team.id);
                const canonical =
                  !!def && !!term.canonical && def.text.trim() === term.canonical.text.trim();
                return (
                  <div
                    key={team.id}
                    className={`definition${canonical ? " canonical" : ""}`}
                    data-team={team.id}
                  >
                    <TextField
                      label={team.name}
                      multiline
                      placeholder="How this team defines it"
                      value={def?.text ?? ""}
                      onCommit={(text) =>
                        edit({
                          type: "set_definition",
                          term: term.id,
                          team: team.id,
                          definition: text.trim() ? { text, criteria: def?.criteria ?? [] } : null,
                        })
                      }
                    />
                    {def && (
                      <button
                        type="button"
                        className="link"
                        disabled={canonical}
                        onClick={() =>
                          edit({ type: "adopt_definition", term: term.id, team: team.id })
                        }
                      >
                        {canonical ? "Canonical" : "Adopt as canonical"}
                      </button>
                    )}
                  </div>
                );
              })}
            </div>
            <TextField
              label="Canonical (the company’s agreed definition)"
              multiline
              value={term.canonical?.text ?? ""}
              onCommit={(text) => edit(setCanonical(term, text))}
            />
          </article>
        );
      })}
      <AddField
        label="Add a term"
        placeholder="e.g. Marketing qualified lead, then Enter"
        onAdd={(name) => {
          const taken = map.terms.find((t) => t.name.toLowerCase() === name.toLowerCase());
          if (taken) return `“${taken.name}” is already a term.`;
          edit({ type: "add_term", term: { id: newId(), name, owners: [], definitions: [] } });
          return null;
        }}
      />
    </section>
  );
}
