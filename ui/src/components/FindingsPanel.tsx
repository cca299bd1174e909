import { memo, useCallback, useMemo, useState } from "react";
import type {
  Edit_Deserialize as Edit,
  Finding,
  Map_Serialize as JourneyMap,
  RuleInfo,
  Severity,
} from "../bindings";
import { connect } from "../editing";
import { groupByRule, SEVERITIES, SEVERITY_LABEL, SEVERITY_SYMBOL } from "../findings";

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
    // A path records take that the map lacks is drawn from here in one step.
    const [from, to] = f.subjects;
    const drawable = f.rule === "undocumented-path" && from && to;
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
        </button>
        <div className="finding-actions">
          {drawable && (
            <button
              type="button"
              className="link"
              data-action="draw-path"
              onClick={() => edit(connect(from, to))}
            >
              Draw this path
            </button>
          )}
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

/** What each id on the map is, gathered in one pass: looking every finding's subjects up in
 * the map's lists made grouping hundreds of findings quadratic, a few milliseconds of every
 * edit on a 500-stage map. Ids are unique per kind only (a stage and a term may share one). */
export type SubjectKinds = {
  terms: Set<string>;
  stages: Set<string>;
  /** Each transition: a handoff when it crosses lanes. */
  transitions: Map<string, "transition" | "handoff">;
  teams: Set<string>;
};

export function subjectKinds(map: JourneyMap): SubjectKinds {
  const teamOf = new Map(map.stages.map((s) => [s.id, s.team]));
  return {
    terms: new Set(map.terms.map((t) => t.id)),
    stages: new Set(teamOf.keys()),
    transitions: new Map(
      map.transitions.map((t) => [
        t.id,
        teamOf.get(t.from) === teamOf.get(t.to) ? "transition" : "handoff",
      ]),
    ),
    teams: new Set(map.teams.map((t) => t.id)),
  };
}

/** What a finding is about: a term when it names one (a term's finding lists the stages that
 * use it too), else the kind of its first subject. */
function kindOf(kinds: SubjectKinds, f: Finding): string {
  // A finding about two stages at once is about the way between them.
  if (f.rule === "undocumented-path") return "undocumented path";
  if (f.rule === "crm-value-unmapped") return "CRM value";
  if (f.subjects.some((id) => kinds.terms.has(id))) return "term";
  const first = f.subjects[0] ?? "";
  if (kinds.stages.has(first)) return "stage";
  return kinds.transitions.get(first) ?? (kinds.teams.has(first) ? "team" : "finding");
}

/** What a rule's findings are about, counted by kind: "19 stages", "3 handoffs", "2 stages,
 * 1 term". */
export function subjectsNoun(kinds: SubjectKinds, findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const kind = kindOf(kinds, f);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts]
    .map(([kind, n]) => `${n} ${n === 1 ? kind : kind.endsWith("s") ? kind : `${kind}s`}`)
    .join(", ");
}

/** Whether a finding concerns a lane: one of its stages, arrows touching it, or the team. */
function inLane(map: JourneyMap, team: string) {
  const stages = new Set(map.stages.filter((s) => s.team === team).map((s) => s.id));
  const arrows = new Set(
    map.transitions.filter((t) => stages.has(t.from) || stages.has(t.to)).map((t) => t.id),
  );
  return (f: Finding) => f.subjects.some((id) => id === team || stages.has(id) || arrows.has(id));
}

/** Findings grouped by rule, most severe first: each group says how many it concerns and
 * its fix, selects all its subjects when clicked, and opens into its findings (each selects
 * its own, explains its rule and can be waived). Filters by severity and lane. Waivers are
 * listed below and can be withdrawn. Memoized: dialogs and selection changes do not redraw
 * hundreds of findings. */
export const FindingsPanel = memo(function FindingsPanel({
  map,
  findings,
  rules,
  onSelect,
  edit,
  onAddCrmValues,
}: {
  map: JourneyMap;
  findings: Finding[];
  rules: Map<string, RuleInfo>;
  onSelect: (subjects: string[]) => void;
  edit: (edit: Edit) => void;
  /** Adds the CRM's values no stage maps to, as stages (one edit). */
  onAddCrmValues?: () => void;
}) {
  const [explained, setExplained] = useState<string | null>(null);
  const [waiving, setWaiving] = useState<string | null>(null);
  /** Groups opened or closed by hand; the others follow their size. */
  const [opened, setOpened] = useState<Map<string, boolean>>(new Map());
  const [showAll, setShowAll] = useState<Set<string>>(new Set());
  const [severity, setSeverity] = useState<Severity | "">("");
  const [lane, setLane] = useState("");
  const onExplain = useCallback((key: string) => setExplained((k) => (k === key ? null : key)), []);
  const laneFilter = lane ? inLane(map, lane) : null;
  const shown = findings.filter(
    (f) => (!severity || f.severity === severity) && (!laneFilter || laneFilter(f)),
  );
  const groups = groupByRule(shown);
  const kinds = useMemo(() => subjectKinds(map), [map]);
  const name = (id: string) =>
    map.stages.find((s) => s.id === id)?.name ??
    map.terms.find((t) => t.id === id)?.name ??
    map.teams.find((t) => t.id === id)?.name ??
    id;
  const toggle = <T,>(set: Set<T>, item: T) => {
    const next = new Set(set);
    if (!next.delete(item)) next.add(item);
    return next;
  };
  return (
    <section className="findings" aria-label="Findings">
      <h2>
        Findings <span className="count">{findings.length}</span>
      </h2>
      <div className="finding-filters">
        <select
          aria-label="Show findings of severity"
          value={severity}
          onChange={(e) => setSeverity(e.target.value as Severity | "")}
        >
          <option value="">Every severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABEL[s]} only
            </option>
          ))}
        </select>
        <select
          aria-label="Show findings of lane"
          value={lane}
          onChange={(e) => setLane(e.target.value)}
        >
          <option value="">Every lane</option>
          {map.teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {findings.length === 0 && <p className="clean">No findings: the journey holds together.</p>}
      {findings.length > 0 && groups.length === 0 && (
        <p className="clean">No findings of this severity in this lane.</p>
      )}
      <ul className="finding-groups">
        {groups.map((group) => {
          const info = rules.get(group.rule);
          const open = opened.get(group.rule) ?? group.findings.length <= 3;
          const all = showAll.has(group.rule);
          const title = info?.title ?? group.rule;
          return (
            <li key={group.rule} className={`group ${group.severity}`} data-rule={group.rule}>
              <div className="group-head">
                <button
                  type="button"
                  className="finding-group"
                  data-rule={group.rule}
                  data-count={group.findings.length}
                  onClick={() => onSelect(group.subjects)}
                  title="Select everything this rule found on the map"
                >
                  <span className="symbol" aria-hidden="true">
                    {SEVERITY_SYMBOL[group.severity]}
                  </span>
                  <span className="message">
                    {title} — {subjectsNoun(kinds, group.findings)}
                  </span>
                  <span className="fix">{info?.fix ?? group.findings[0].fix}</span>
                </button>
                <button
                  type="button"
                  className="link expand"
                  aria-expanded={open}
                  aria-label={`${open ? "Hide" : "Show"} the ${group.findings.length} findings: ${title}`}
                  onClick={() => setOpened((o) => new Map(o).set(group.rule, !open))}
                >
                  {open ? "Hide" : "Show"}
                </button>
              </div>
              {group.rule === "crm-value-unmapped" && onAddCrmValues && (
                <button
                  type="button"
                  className="group-action"
                  data-action="add-crm-values"
                  onClick={onAddCrmValues}
                >
                  Add {group.findings.length === 1 ? "it" : `all ${group.findings.length}`} to the
                  map as stages
                </button>
              )}
              {open && (
                <ul>
                  {(all ? group.findings : group.findings.slice(0, SHOWN)).map((f) => {
                    const key = keyOf(f);
                    return (
                      <FindingItem
                        key={key}
                        finding={f}
                        info={info}
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
              )}
              {open && group.findings.length > SHOWN && (
                <button
                  type="button"
                  className="link"
                  onClick={() => setShowAll((s) => toggle(s, group.rule))}
                >
                  {all ? "Show fewer" : `Show all ${group.findings.length}`}
                </button>
              )}
            </li>
          );
        })}
      </ul>
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
