import { setCanonical } from "../../editing";
import { TextField } from "../Field";
import { Owners, type InspectorProps as Props } from "./shared";

export function TermForm(props: Props & { id: string }) {
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
        onCommit={(text) => edit(setCanonical(term, text))}
      />
      <p className="muted">Each team’s definition is in the Definitions panel (Alt+2).</p>
      <button type="button" className="danger" onClick={() => edit({ type: "remove_term", id })}>
        Remove term
      </button>
    </>
  );
}
