/** Presentation mode's walks: the journey stage by stage along its main path, or the
 * findings one by one, each step with what to select and what the caption says. Pure. */
import type { Finding, Map_Serialize as JourneyMap, RuleInfo } from "../bindings";
import { drawnPositions } from "../canvas/geometry";
import { groupByRule, SEVERITY_SYMBOL } from "../findings";

export type Walk = "journey" | "findings";
export type Presenting = { walk: Walk; index: number };

export type Step = {
  /** What the step selects and frames. */
  subjects: string[];
  /** The caption, large: a title, a line under it and up to two notes. */
  title: string;
  detail: string;
  notes: string[];
  /** "Stage 3 of 9 on the main path", "Finding 2 of 14". */
  position: string;
  severity?: Finding["severity"];
};

/** The stages in the order a workshop walks them: the main path first — from the first entry
 * stage, always on to the successor with the longest way ahead, preferring ways that reach a
 * revenue stage — then the stages off it, left to right. "Ahead" is to the right on the
 * canvas, which is how the journey reads and keeps rework loops out of the walk. */
export function journeyOrder(map: JourneyMap): { order: string[]; main: number } {
  if (map.stages.length === 0) return { order: [], main: 0 };
  const at = drawnPositions(map);
  const x = (id: string) => at.get(id)?.x ?? 0;
  const y = (id: string) => at.get(id)?.y ?? 0;
  const kind = new Map(map.stages.map((s) => [s.id, s.kind]));
  const next = new Map<string, string[]>();
  const hasIncoming = new Set<string>();
  for (const t of map.transitions) {
    if (x(t.to) <= x(t.from)) continue;
    next.set(t.from, [...(next.get(t.from) ?? []), t.to]);
    hasIncoming.add(t.to);
  }
  // The best way ahead of each stage, right to left so successors are known first.
  const best = new Map<string, { revenue: boolean; length: number; onto: string | null }>();
  const byX = map.stages.map((s) => s.id).sort((a, b) => x(b) - x(a) || y(a) - y(b));
  for (const id of byX) {
    let here = { revenue: kind.get(id) === "revenue", length: 1, onto: null as string | null };
    for (const to of next.get(id) ?? []) {
      const ahead = best.get(to);
      if (!ahead) continue;
      const candidate = {
        revenue: here.revenue || ahead.revenue,
        length: ahead.length + 1,
        onto: to,
      };
      if (
        Number(candidate.revenue) > Number(here.revenue) ||
        (candidate.revenue === here.revenue && candidate.length > here.length)
      )
        here = candidate;
    }
    best.set(id, here);
  }
  const starts = map.stages.filter((s) => s.kind === "entry").map((s) => s.id);
  const roots = starts.length
    ? starts
    : map.stages.filter((s) => !hasIncoming.has(s.id)).map((s) => s.id);
  const start = (roots.length ? roots : [map.stages[0].id]).reduce((a, b) => {
    const [ba, bb] = [best.get(a), best.get(b)];
    if (!ba || !bb) return a;
    return Number(bb.revenue) > Number(ba.revenue) ||
      (bb.revenue === ba.revenue && bb.length > ba.length)
      ? b
      : a;
  });
  const order: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null = start; id && !seen.has(id); id = best.get(id)?.onto ?? null) {
    order.push(id);
    seen.add(id);
  }
  const main = order.length;
  const rest = map.stages
    .map((s) => s.id)
    .filter((id) => !seen.has(id))
    .sort((a, b) => x(a) - x(b) || y(a) - y(b));
  return { order: [...order, ...rest], main };
}

/** The findings in the order the findings panel groups them. */
export function findingOrder(findings: Finding[]): Finding[] {
  return groupByRule(findings).flatMap((g) => g.findings);
}

/** Every step of a walk. */
export function steps(
  walk: Walk,
  map: JourneyMap,
  findings: Finding[],
  rules: Map<string, RuleInfo>,
): Step[] {
  if (walk === "findings") {
    const ordered = findingOrder(findings);
    return ordered.map((f, i) => ({
      subjects: f.subjects,
      title: f.message,
      detail: `Fix: ${f.fix}`,
      notes: [],
      position: `${SEVERITY_SYMBOL[f.severity]} ${rules.get(f.rule)?.title ?? f.rule} · finding ${i + 1} of ${ordered.length}`,
      severity: f.severity,
    }));
  }
  const { order, main } = journeyOrder(map);
  const stages = new Map(map.stages.map((s) => [s.id, s]));
  const teams = new Map(map.teams.map((t) => [t.id, t.name]));
  const people = new Map(map.people.map((p) => [p.id, p.name]));
  return order.map((id, i) => {
    const stage = stages.get(id);
    const owners = stage?.owners.map((o) => people.get(o) ?? o).join(", ");
    const about = findings.filter((f) => f.subjects.includes(id));
    return {
      subjects: [id],
      title: stage?.name ?? id,
      detail: `${teams.get(stage?.team ?? "") ?? ""} · ${owners ? `owner ${owners}` : "no owner"}`,
      notes: about.slice(0, 2).map((f) => `${SEVERITY_SYMBOL[f.severity]} ${f.message}`),
      position:
        i < main
          ? `Stage ${i + 1} of ${main} on the main path`
          : `Off the main path · ${i + 1 - main} of ${order.length - main}`,
    };
  });
}
