import type { Finding, Severity } from "./bindings";

export const SEVERITIES: Severity[] = ["error", "warning", "info"];

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: "Errors",
  warning: "Warnings",
  info: "Info",
};

/** One of each, for sentences ("1 warning") and for screen readers. */
export const SEVERITY_NOUN: Record<Severity, [string, string]> = {
  error: ["error", "errors"],
  warning: ["warning", "warnings"],
  info: ["note", "notes"],
};

/** The shape each severity is drawn with, so that it reads without colour too. */
export const SEVERITY_SYMBOL: Record<Severity, string> = {
  error: "✖",
  warning: "▲",
  info: "●",
};

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** "3 warnings", "1 error". */
export function counted(n: number, severity: Severity): string {
  const [one, many] = SEVERITY_NOUN[severity];
  return `${n} ${n === 1 ? one : many}`;
}

/** Findings by severity, most severe first, each group in the analysis' order. */
export function groupBySeverity(
  findings: Finding[],
): { severity: Severity; findings: Finding[] }[] {
  return SEVERITIES.map((severity) => ({
    severity,
    findings: findings.filter((f) => f.severity === severity),
  })).filter((group) => group.findings.length > 0);
}

/** The findings of one rule, with every subject they concern. */
export type RuleGroup = {
  rule: string;
  severity: Severity;
  findings: Finding[];
  subjects: string[];
};

/** Findings by rule: the most severe rules first, then the most frequent, then by name; each
 * group keeps the analysis' order. A rule whose severity was overridden differently for some
 * findings is shown at its worst. */
export function groupByRule(findings: Finding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of findings) {
    let g = groups.get(f.rule);
    if (!g) {
      g = { rule: f.rule, severity: f.severity, findings: [], subjects: [] };
      groups.set(f.rule, g);
    }
    g.findings.push(f);
    if (rank(f.severity) < rank(g.severity)) g.severity = f.severity;
  }
  for (const g of groups.values()) g.subjects = [...new Set(g.findings.flatMap((f) => f.subjects))];
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      b.findings.length - a.findings.length ||
      a.rule.localeCompare(b.rule),
  );
}

/** The ids every finding mentions, so the canvas can mark offending stages and handoffs. */
export function flaggedIds(findings: Finding[]): Set<string> {
  return new Set(findings.flatMap((f) => f.subjects));
}

/** What the canvas marks on each stage and arrow: its worst severity and how many findings
 * of each severity concern it. */
export type Marks = Map<string, { worst: Severity; counts: Record<Severity, number> }>;

export function marksOf(findings: Finding[]): Marks {
  const marks: Marks = new Map();
  for (const f of findings) {
    // Most findings name one subject: a set to drop repeats only where there could be any.
    for (const id of f.subjects.length === 1 ? f.subjects : new Set(f.subjects)) {
      let m = marks.get(id);
      if (!m) {
        m = { worst: f.severity, counts: { error: 0, warning: 0, info: 0 } };
        marks.set(id, m);
      }
      m.counts[f.severity] += 1;
      if (rank(f.severity) < rank(m.worst)) m.worst = f.severity;
    }
  }
  return marks;
}

/** "1 error, 2 warnings", or "" when nothing is found. */
export function describeMarks(counts: Record<Severity, number> | undefined): string {
  if (!counts) return "";
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => counted(counts[s], s))
    .join(", ");
}
