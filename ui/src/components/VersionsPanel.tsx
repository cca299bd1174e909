import { useCallback, useEffect, useState } from "react";
import { commands, unwrap } from "../api";
import type { Comparison, EntityDiff, Version, VersionRef } from "../bindings";
import type { Compared } from "../editor/types";

export function compared(c: Comparison): Compared {
  const changed = [...c.stages.changed, ...c.transitions.changed];
  return {
    added: [...c.stages.added, ...c.transitions.added].map((e) => e.id),
    changed: changed.map((e) => e.id),
    notes: Object.fromEntries(
      changed.map((e) => [e.id, e.changes.map((f) => `${f.field}: ${f.before} → ${f.after}`)]),
    ),
  };
}

const CURRENT = "current";

const toRef = (value: string): VersionRef =>
  value === CURRENT ? { kind: "current" } : { kind: "saved", id: Number(value) };

/** Named versions of the map: save one, restore one, and compare any two (or one with the
 * map as it is now): what changed, which findings appeared and which were fixed. */
export function VersionsPanel({
  revision,
  onRestore,
  onSave,
  onError,
  onShow,
  onComparing,
}: {
  /** Changes whenever the map changes, so the list and a comparison with "now" stay fresh. */
  revision: unknown;
  onRestore: (id: number) => void;
  /** Saves a version by this name (the same way as Ctrl+S). */
  onSave: (name: string) => void;
  onError: (message: string) => void;
  /** Selects and frames stages or arrows on the map. */
  onShow: (ids: string[]) => void;
  /** What the shown comparison added and changed, for the canvas to mark; null for none. */
  onComparing: (marked: Compared | null) => void;
}) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [name, setName] = useState("");
  const [older, setOlder] = useState("");
  const [newer, setNewer] = useState(CURRENT);
  const [comparison, setComparison] = useState<Comparison | null>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await unwrap(commands.listVersions());
      setVersions(list);
      setOlder((o) => o || (list[0] ? String(list[0].id) : ""));
    } catch (e) {
      onError(String(e instanceof Error ? e.message : e));
    }
  }, [onError]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the revision is the trigger
  useEffect(() => {
    refresh();
    setComparison(null);
  }, [refresh, revision]);
  // The canvas marks what the comparison shows, while it is shown.
  useEffect(() => {
    onComparing(comparison && compared(comparison));
    return () => onComparing(null);
  }, [comparison, onComparing]);

  // The list refreshes when the saved version reaches the editor (a new revision object).
  const save = () => {
    if (!name.trim()) return;
    onSave(name.trim());
    setName("");
  };
  const compare = async () => {
    if (!older) return;
    try {
      setComparison(await unwrap(commands.compareVersions(toRef(older), toRef(newer))));
    } catch (e) {
      onError(String(e instanceof Error ? e.message : e));
    }
  };
  const options = [
    ...versions.map((v) => ({
      value: String(v.id),
      label: `${v.name} (${v.created_at.replace("T", " ").replace("Z", "")})`,
    })),
    { value: CURRENT, label: "The map now" },
  ];
  return (
    <section className="versions" aria-label="Versions">
      <h2>Versions</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <input
          aria-label="Version name"
          className="version-name"
          placeholder="Name this version, e.g. Before the workshop"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!name.trim()}>
          Save version
        </button>
      </form>
      {versions.length === 0 && (
        <p className="muted">
          No saved versions yet. Every edit is saved as you go; a version is a named point to
          compare with or go back to.
        </p>
      )}
      <ul className="version-list">
        {versions.map((v) => (
          <li key={v.id} data-version={v.name}>
            <span>
              <strong>{v.name}</strong>{" "}
              <span className="muted">{v.created_at.replace("T", " ").replace("Z", " UTC")}</span>
            </span>
            <button type="button" className="link" onClick={() => onRestore(v.id)}>
              Restore
            </button>
          </li>
        ))}
      </ul>
      {versions.length > 0 && (
        <div className="compare">
          <h3>Compare</h3>
          <select
            aria-label="Older version"
            value={older}
            onChange={(e) => setOlder(e.target.value)}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <span> with </span>
          <select
            aria-label="Newer version"
            value={newer}
            onChange={(e) => setNewer(e.target.value)}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <button type="button" className="compare-button" onClick={compare}>
            Compare
          </button>
        </div>
      )}
      {comparison && <ComparisonView comparison={comparison} onShow={onShow} />}
    </section>
  );
}

const KINDS: [keyof Comparison, string][] = [
  ["stages", "Stages"],
  ["transitions", "Transitions"],
  ["teams", "Lanes"],
  ["people", "People"],
  ["terms", "Terms"],
];

function ComparisonView({
  comparison: c,
  onShow,
}: {
  comparison: Comparison;
  onShow: (ids: string[]) => void;
}) {
  const unchanged =
    c.map_fields.length === 0 &&
    KINDS.every(([k]) => {
      const d = c[k] as EntityDiff;
      return d.added.length + d.removed.length + d.changed.length === 0;
    }) &&
    c.appeared.length + c.fixed.length === 0;
  return (
    <section className="comparison" aria-label="Comparison">
      {unchanged && <p>No differences.</p>}
      {c.map_fields.length > 0 && <p>Map: {c.map_fields.join(", ")} changed.</p>}
      {KINDS.map(([k, label]) => {
        const d = c[k] as EntityDiff;
        if (d.added.length + d.removed.length + d.changed.length === 0) return null;
        // Stages and arrows are on the canvas: their entries select them there.
        const onMap = k === "stages" || k === "transitions";
        const entry = (id: string, text: string) =>
          onMap ? (
            <button type="button" className="link show" onClick={() => onShow([id])}>
              {text}
            </button>
          ) : (
            text
          );
        return (
          <div key={k} className="diff">
            <h4>{label}</h4>
            <ul>
              {d.added.map((e) => (
                <li key={`+${e.id}`} className="added" data-id={e.id}>
                  {entry(e.id, `Added ${e.name}`)}
                </li>
              ))}
              {d.removed.map((e) => (
                <li key={`-${e.id}`} className="removed" data-id={e.id}>
                  Removed {e.name}
                </li>
              ))}
              {d.changed.map((e) => (
                <li key={`~${e.id}`} className="changed" data-id={e.id}>
                  {entry(e.id, `Changed ${e.name}`)}
                  <ul className="field-changes">
                    {e.changes.map((f) => (
                      <li key={f.field} data-field={f.field}>
                        <span className="field-name">{f.field}</span>: <del>{f.before}</del> →{" "}
                        <ins>{f.after}</ins>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {c.appeared.length > 0 && (
        <div className="diff">
          <h4>Findings that appeared</h4>
          <ul>
            {c.appeared.map((f) => (
              <li key={`${f.rule}${f.subjects.join()}`} className="appeared" data-rule={f.rule}>
                {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {c.fixed.length > 0 && (
        <div className="diff">
          <h4>Findings fixed</h4>
          <ul>
            {c.fixed.map((f) => (
              <li key={`${f.rule}${f.subjects.join()}`} className="fixed" data-rule={f.rule}>
                {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
