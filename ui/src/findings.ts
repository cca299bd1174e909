import type { Finding, Severity } from "./bindings";

export const SEVERITIES: Severity[] = ["error", "warning", "info"];

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: "Errors",
  warning: "Warnings",
  info: "Info",
};

/** Findings by severity, most severe first, each group in the analysis' order. */
export function groupBySeverity(
  findings: Finding[],
): { severity: Severity; findings: Finding[] }[] {
  return SEVERITIES.map((severity) => ({
    severity,
    findings: findings.filter((f) => f.severity === severity),
  })).filter((group) => group.findings.length > 0);
}

/** The ids every finding mentions, so the canvas can mark offending stages and handoffs. */
export function flaggedIds(findings: Finding[]): Set<string> {
  return new Set(findings.flatMap((f) => f.subjects));
}
