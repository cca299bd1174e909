import { memo, useCallback, useState } from "react";
import type {
  Edit_Deserialize as Edit,
  Finding,
  Map_Serialize as JourneyMap,
  RuleInfo,
} from "../bindings";
import { groupBySeverity, SEVERITY_LABEL } from "../findings";

/** How many findings a group shows before "Show all": a map with hundreds of findings stays
 * readable, and quick to redraw after every edit. */
const SHOWN = 40;

const keyOf = (f: Finding) => `${f.rule}:${f.subjects.join(" ")}`;

type ItemProps = {
  finding: Finding;
  info: RuleInfo | undefined;
  explained: boolean;
  waiving: boolean;
  onSelect: (subjects: string[]) => void;
  onExplain: (key: string) => void;
  onWaive: (key: string | null) => void;
  edit: (edit: Edit) => void;
};

/** One finding: a button that selects its stages, its rule's explanation, a waiver form. */
const FindingItem = memo(
  function FindingItem({
    finding: f,
    info,
    explained,
    waiving,
    onSelect,
    onExplain,
    onWaive,
    edit,
  }: ItemProps) {
    const [reason, setReason] = useState("");
    const key = keyOf(f);
    return (
      <li>
        <button
          type="button"
          className="finding"
          data-rule={f.rule}
          data-subjects={f.subjects.join(" ")}
          onClick={() => onSelect(f.subjects)}
        >
          <span className="message">{f.message}</span>
          <span className="fix">{f.fix}</span>
        </button>
        <div className="finding-actions">
          <button type="button" className="link" onClick={() => onExplain(key)}>
            {info?.title ?? f.rule} — why it matters
          </button>
          <button type="button" className="link" onClick={() => onWaive(key)}>
            Waive…
          </button>
        </div>
        {explained && info && (
          <div className="explanation">
            <p>
              <strong>Fires when</strong> {info.fires_when}
            </p>
            <p>
              <strong>Why</strong> {info.why}
            </p>
          </div>
        )}
        {waiving && (
          <form
            className="waive"
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) return;
              edit({
                type: "waive",
                waiver: { rule: f.rule, subject: f.subjects[0] ?? null, reason: reason.trim() },
              });
              onWaive(null);
            }}
          >
            <input
              // biome-ignore lint/a11y/noAutofocus: the form was opened to type this
              autoFocus
              aria-label="Reason for waiving"
              placeholder="Why this is accepted on purpose"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => e.key === "Escape" && onWaive(null)}
            />
            <button type="submit" disabled={!reason.trim()}>
              Waive
            </button>
          </form>
        )}
      </li>
    );
  },
  // The analysis sends new objects after every edit; an unchanged finding keeps its DOM.
  (a, b) =>
    keyOf(a.finding) === keyOf(b.finding) &&
    a.finding.message === b.finding.message &&
    a.finding.fix === b.finding.fix &&
    a.info === b.info &&
    a.explained === b.explained &&
    a.waiving === b.waiving &&
    a.onSelect === b.onSelect &&
    a.edit === b.edit,
);

/** Findings grouped by severity: each selects its stages when clicked, explains its rule,
 * and can be waived with a reason; waivers are listed below and can be withdrawn. Memoized:
 * dialogs and selection changes do not redraw hundreds of findings. */
export const FindingsPanel = memo(function FindingsPanel({
  map,
  findings,
  rules,
  onSelect,
  edit,
}: {
  map: JourneyMap;
  findings: Finding[];
  rules: Map<string, RuleInfo>;
  onSelect: (subjects: string[]) => void;
  edit: (edit: Edit) => void;
}) {
  const [explained, setExplained] = useState<string | null>(null);
  const [waiving, setWaiving] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const onExplain = useCallback((key: string) => setExplained((k) => (k === key ? null : key)), []);
  const groups = groupBySeverity(findings);
  const name = (id: string) =>
    map.stages.find((s) => s.id === id)?.name ??
    map.terms.find((t) => t.id === id)?.name ??
    map.teams.find((t) => t.id === id)?.name ??
    id;
  return (
    <section className="findings" aria-label="Findings">
      <h2>
        Findings <span className="count">{findings.length}</span>
      </h2>
      {groups.length === 0 && <p className="clean">No findings: the journey holds together.</p>}
      {groups.map(({ severity, findings }) => {
        const all = expanded.has(severity);
        return (
          <section key={severity} className={`group ${severity}`}>
            <h3>
              {SEVERITY_LABEL[severity]} <span className="count">{findings.length}</span>
            </h3>
            <ul>
              {(all ? findings : findings.slice(0, SHOWN)).map((f) => {
                const key = keyOf(f);
                return (
                  <FindingItem
                    key={key}
                    finding={f}
                    info={rules.get(f.rule)}
                    explained={explained === key}
                    waiving={waiving === key}
                    onSelect={onSelect}
                    onExplain={onExplain}
                    onWaive={setWaiving}
                    edit={edit}
                  />
                );
              })}
            </ul>
            {findings.length > SHOWN && (
              <button
                type="button"
                className="link"
                onClick={() =>
                  setExpanded((e) => {
                    const next = new Set(e);
                    if (all) next.delete(severity);
                    else next.add(severity);
                    return next;
                  })
                }
              >
                {all ? "Show fewer" : `Show all ${findings.length}`}
              </button>
            )}
          </section>
        );
      })}
      {map.waivers.length > 0 && (
        <section className="group waived">
          <h3>
            Accepted on purpose <span className="count">{map.waivers.length}</span>
          </h3>
          <ul>
            {map.waivers.map((w) => (
              <li key={`${w.rule}:${w.subject ?? ""}`} className="waiver" data-rule={w.rule}>
                <span className="message">
                  {rules.get(w.rule)?.title ?? w.rule}
                  {w.subject ? ` — ${name(w.subject)}` : ""}
                </span>
                <span className="fix">{w.reason}</span>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    edit({ type: "unwaive", rule: w.rule, subject: w.subject ?? null })
                  }
                >
                  Unwaive
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
});
