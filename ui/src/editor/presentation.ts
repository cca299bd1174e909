/** Presentation mode's walks: the journey stage by stage along its main path, or the
 * findings one by one, each step with what to select and what the caption says. Pure. */
import type {
  Edit_Deserialize as Edit,
  Finding,
  History,
  Map_Serialize as JourneyMap,
  RuleInfo,
  Transition_Serialize as Transition,
} from "../bindings";
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

/** How many records took each transition (by id), when a stage history is kept. */
export type Taken = ReadonlyMap<string, number>;

/** The records per transition a kept history counted, or null without one. */
export function takenOf(history: History | null | undefined): Taken | null {
  if (!history) return null;
  return new Map(history.flow.transitions.map((t) => [t.id, t.records ?? 0]));
}

/** The best way on from a stage: whether it ends at a revenue stage, the fewest records any
 * of its arrows carried (with a history), how many stages it has, and the next one. */
type Way = { revenue: boolean; width: number; length: number; onto: string | null };

/** Whether way `a` is a better main path than `b`: reaching revenue first, then the one most
 * records take (its narrowest arrow carries most), then the longer. */
function better(a: Way, b: Way, counted: boolean): boolean {
  if (a.revenue !== b.revenue) return a.revenue;
  if (counted && a.width !== b.width) return a.width > b.width;
  return a.length > b.length;
}

/** The arrows that lead on, and every stage with its successors before it. Rework loops are
 * left out: an arrow back to a stage the search has not finished is one, searching from
 * `roots` first, so what counts as back follows the arrows, never the canvas. */
function forwardGraph(map: JourneyMap, roots: string[]) {
  const out = new Map<string, Transition[]>(map.stages.map((s) => [s.id, []]));
  for (const t of map.transitions) if (out.has(t.to)) out.get(t.from)?.push(t);
  const state = new Map<string, "open" | "done">();
  const ahead = new Map<string, Transition[]>();
  const finished: string[] = [];
  // An explicit stack: a journey of thousands of stages in a row would overflow recursion.
  for (const root of [...roots, ...map.stages.map((s) => s.id)]) {
    if (state.has(root)) continue;
    state.set(root, "open");
    ahead.set(root, []);
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const arrow = out.get(top.id)?.[top.next++];
      if (!arrow) {
        state.set(top.id, "done");
        finished.push(top.id);
        stack.pop();
        continue;
      }
      const seen = state.get(arrow.to);
      if (seen === "open") continue;
      ahead.get(top.id)?.push(arrow);
      if (!seen) {
        state.set(arrow.to, "open");
        ahead.set(arrow.to, []);
        stack.push({ id: arrow.to, next: 0 });
      }
    }
  }
  return { ahead, finished };
}

/** The stages in the order a workshop walks them: the main path first — from an entry stage
 * to a revenue stage, the one most records take when a history is kept (`taken`), else the
 * longest — then the stages off it, left to right as drawn. */
export function journeyOrder(map: JourneyMap, taken: Taken | null = null): JourneyOrder {
  if (map.stages.length === 0) return { order: [], main: 0 };
  const entries = map.stages.filter((s) => s.kind === "entry").map((s) => s.id);
  const entered = new Set(map.transitions.map((t) => t.to));
  const sources = map.stages.filter((s) => !entered.has(s.id)).map((s) => s.id);
  const roots = entries.length ? entries : sources.length ? sources : [map.stages[0].id];
  const { ahead, finished } = forwardGraph(map, roots);
  const kind = new Map(map.stages.map((s) => [s.id, s.kind]));
  const counted = taken !== null;
  // Successors finish first, so each stage's best way is known when its turn comes.
  const best = new Map<string, Way>();
  for (const id of finished) {
    const revenue = kind.get(id) === "revenue";
    let here: Way = { revenue, width: Number.POSITIVE_INFINITY, length: 1, onto: null };
    for (const arrow of ahead.get(id) ?? []) {
      const on = best.get(arrow.to);
      if (!on) continue;
      const way: Way = {
        revenue: on.revenue,
        width: Math.min(taken?.get(arrow.id) ?? 0, on.width),
        length: on.length + 1,
        onto: arrow.to,
      };
      if (better(way, here, counted)) here = way;
    }
    best.set(id, here);
  }
  const start = roots.reduce((a, b) => {
    const [wa, wb] = [best.get(a), best.get(b)];
    return wa && wb && better(wb, wa, counted) ? b : a;
  });
  const order: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null = start; id && !seen.has(id); id = best.get(id)?.onto ?? null) {
    order.push(id);
    seen.add(id);
  }
  const main = order.length;
  const at = drawnPositions(map);
  const x = (id: string) => at.get(id)?.x ?? 0;
  const y = (id: string) => at.get(id)?.y ?? 0;
  const rest = map.stages
    .map((s) => s.id)
    .filter((id) => !seen.has(id))
    .sort((a, b) => x(a) - x(b) || y(a) - y(b));
  return { order: [...order, ...rest], main };
}

/** The walk's stages in order, the first `main` of them on the main path. */
export type JourneyOrder = { order: string[]; main: number };

/** What presentation mode lets a presenter change, said when another key is pressed. */
export const PRESENTING_HINT = "O names an owner, F2 renames, Ctrl+Z undoes; Esc leaves to edit.";

/** The caption's line confirming an edit made while presenting, so the room sees what
 * changed and how to take it back. */
export function confirmation(edit: Edit, map: JourneyMap): string {
  const all = edit.type === "batch" ? edit.edits : [edit];
  const owners = all.filter((e) => e.type === "set_owners").at(-1);
  if (owners?.type === "set_owners") {
    const people = new Map(map.people.map((p) => [p.id, p.name]));
    const names = owners.owners.map((id) => people.get(id) ?? id).join(", ");
    const { kind, id } = owners.target;
    const subject =
      kind === "transition"
        ? handoffName(map, id)
        : (map.stages.find((s) => s.id === id)?.name ?? id);
    return `✓ ${subject}: ${names ? `owner ${names}` : "no owner"} · Ctrl+Z undoes`;
  }
  if (edit.type === "rename_stage") return `✓ Renamed to ${edit.name} · Ctrl+Z undoes`;
  return "✓ Changed · Ctrl+Z undoes";
}

/** "Marketing qualified lead → Sales accepted lead": a transition by the stages it joins. */
export function handoffName(map: JourneyMap, id: string): string {
  const t = map.transitions.find((t) => t.id === id);
  const name = (stage: string | undefined) => map.stages.find((s) => s.id === stage)?.name ?? "?";
  return t ? `${name(t.from)} → ${name(t.to)}` : id;
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
  taken: Taken | null = null,
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
  const { order, main } = journeyOrder(map, taken);
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
