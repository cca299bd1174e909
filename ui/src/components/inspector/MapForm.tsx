import { TextField } from "../Field";
import { LinkList, type InspectorProps as Props } from "./shared";

export function MapForm({ map, edit, inspect }: Props) {
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
