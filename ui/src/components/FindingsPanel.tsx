import { useState } from "react";
import type {
  Edit_Deserialize as Edit,
  Finding,
  Map_Serialize as JourneyMap,
  RuleInfo,
} from "../bindings";
import { groupBySeverity, SEVERITY_LABEL } from "../findings";

/** Findings grouped by severity: each selects its stages when clicked, explains its rule,
 * and can be waived with a reason; waivers are listed below and can be withdrawn. */
export function FindingsPanel({
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
  const [open, setOpen] = useState<string | null>(null);
  const [waiving, setWaiving] = useState<string | null>(null);
  const [reason, setReason] = useState("");
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
      {groups.map(({ severity, findings }) => (
        <section key={severity} className={`group ${severity}`}>
          <h3>
            {SEVERITY_LABEL[severity]} <span className="count">{findings.length}</span>
          </h3>
          <ul>
            {findings.map((f) => {
              const key = `${f.rule}:${f.subjects.join(" ")}`;
              const info = rules.get(f.rule);
              return (
                <li key={key}>
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
                    <button
                      type="button"
                      className="link"
                      onClick={() => setOpen(open === key ? null : key)}
                    >
                      {info?.title ?? f.rule} — why it matters
                    </button>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setWaiving(key);
                        setReason("");
                      }}
                    >
                      Waive…
                    </button>
                  </div>
                  {open === key && info && (
                    <div className="explanation">
                      <p>
                        <strong>Fires when</strong> {info.fires_when}
                      </p>
                      <p>
                        <strong>Why</strong> {info.why}
                      </p>
                    </div>
                  )}
                  {waiving === key && (
                    <form
                      className="waive"
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (!reason.trim()) return;
                        edit({
                          type: "waive",
                          waiver: {
                            rule: f.rule,
                            subject: f.subjects[0] ?? null,
                            reason: reason.trim(),
                          },
                        });
                        setWaiving(null);
                      }}
                    >
                      <input
                        // biome-ignore lint/a11y/noAutofocus: the form was opened to type this
                        autoFocus
                        aria-label="Reason for waiving"
                        placeholder="Why this is accepted on purpose"
                        value={reason}
                        onChange={(e) => setReason(e.target.value)}
                        onKeyDown={(e) => e.key === "Escape" && setWaiving(null)}
                      />
                      <button type="submit" disabled={!reason.trim()}>
                        Waive
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
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
}
