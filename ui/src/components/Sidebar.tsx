import type {
  Edit_Deserialize as Edit,
  RuleInfo,
  Snapshot_Serialize as Snapshot,
} from "../bindings";
import type { Compared, Inspected, Panel } from "../editor/types";
import { ConflictsPanel } from "./ConflictsPanel";
import { DefinitionsPanel } from "./DefinitionsPanel";
import { FindingsPanel } from "./FindingsPanel";
import { Inspector } from "./Inspector";
import { VersionsPanel } from "./VersionsPanel";

/** The panels beside the canvas, one at a time behind tabs. */
export function Sidebar({
  panel,
  onPanel,
  snapshot,
  rules,
  edit,
  inspected,
  onInspect,
  onShowFinding,
  onAddCrmValues,
  onRestore,
  onSaveVersion,
  onError,
  onComparing,
}: {
  panel: Panel;
  onPanel: (panel: Panel) => void;
  snapshot: Snapshot;
  rules: Map<string, RuleInfo>;
  edit: (edit: Edit) => unknown;
  inspected: Inspected;
  onInspect: (target: Inspected) => void;
  /** A finding was clicked: select and frame what it is about. */
  onShowFinding: (subjects: string[]) => void;
  /** Adds the CRM's values no stage maps to, as stages. */
  onAddCrmValues: () => void;
  onRestore: (version: number) => void;
  onSaveVersion: (name: string) => void;
  onError: (message: string) => void;
  onComparing: (marked: Compared | null) => void;
}) {
  const { map, analysis } = snapshot;
  // In the order of their keys: Alt+1 to Alt+4.
  const tabs: [Panel, string][] = [
    ["findings", `Findings (${analysis.findings.length})`],
    ["definitions", "Definitions"],
    ["versions", "Versions"],
    ["inspector", "Inspector"],
  ];
  // Conflicts have a tab while there are some, or while it is open.
  if (snapshot.conflicts.length > 0 || panel === "conflicts") {
    tabs.push(["conflicts", `Conflicts (${snapshot.conflicts.length})`]);
  }
  return (
    <aside className="sidebar">
      <nav className="tabs">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            className={panel === id ? "active" : ""}
            data-panel={id}
            onClick={() => onPanel(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      <div className="panel" tabIndex={-1}>
        {panel === "findings" && (
          <FindingsPanel
            map={map}
            findings={analysis.findings}
            rules={rules}
            edit={edit}
            onSelect={onShowFinding}
            onAddCrmValues={onAddCrmValues}
          />
        )}
        {panel === "inspector" && (
          <Inspector
            map={map}
            findings={analysis.findings}
            target={inspected}
            edit={edit}
            inspect={onInspect}
          />
        )}
        {panel === "definitions" && (
          <DefinitionsPanel map={map} findings={analysis.findings} edit={edit} />
        )}
        {panel === "conflicts" && (
          <ConflictsPanel conflicts={snapshot.conflicts} onShow={onShowFinding} />
        )}
        {panel === "versions" && (
          <VersionsPanel
            revision={snapshot}
            onError={onError}
            onRestore={onRestore}
            onSave={onSaveVersion}
            onShow={onShowFinding}
            onComparing={onComparing}
          />
        )}
      </div>
    </aside>
  );
}
