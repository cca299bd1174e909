import type { Finding } from "./bindings";
import { groupBySeverity, SEVERITY_LABEL } from "./findings";

export function FindingsPanel({
  findings,
  waived,
  onSelect,
}: {
  findings: Finding[];
  waived: number;
  onSelect: (subjects: string[]) => void;
}) {
  const groups = groupBySeverity(findings);
  return (
    <aside className="findings" aria-label="Findings">
      <h2>Findings</h2>
      {groups.length === 0 && <p className="clean">No findings: the journey holds together.</p>}
      {groups.map(({ severity, findings }) => (
        <section key={severity} className={`group ${severity}`}>
          <h3>
            {SEVERITY_LABEL[severity]} <span className="count">{findings.length}</span>
          </h3>
          <ul>
            {findings.map((f) => (
              <li key={`${f.rule}:${f.subjects.join(" ")}`}>
                <button
                  type="button"
                  className="finding"
                  data-rule={f.rule}
                  data-subjects={f.subjects.join(" ")}
                  onClick={() => onSelect(f.subjects)}
                >
                  <span className="message">{f.message}</span>
                  <span className="fix">{f.fix}</span>
                  <span className="rule">{f.rule}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {waived > 0 && <p className="waived">{waived} accepted on purpose (waived).</p>}
    </aside>
  );
}
