/** The edits behind each editing gesture, as pure functions of the map: the canvas and the
 * keyboard both call these, and the core validates and applies what they return. */
import type {
  Edit_Deserialize as Edit,
  Map_Serialize as JourneyMap,
  Stage_Serialize as Stage,
  Term_Serialize as Term,
  Transition_Serialize as Transition,
} from "./bindings";
import { COLUMN_PITCH, LANE_LABEL, ROW_PITCH, savedPositions } from "./canvas/geometry";

/** A new entity's id: a random UUID, as `docs/format.md` says the app makes its ids
 * (unique across maps, so merged or compared maps never collide). */
export function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Version 4 by hand where randomUUID is missing (it needs a secure context).
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One edit from several: the batch undoes as one step. */
export function batch(edits: Edit[]): Edit | null {
  if (edits.length === 0) return null;
  return edits.length === 1 ? edits[0] : { type: "batch", edits };
}

/** A free spot in `team`'s lane: right of `after` when given, else right of the lane's last
 * stage; moved down a row while another card is there. */
export function freeSpot(
  map: JourneyMap,
  team: string,
  after: string | null,
): { x: number; y: number } {
  const saved = savedPositions(map);
  const inLane = map.stages.filter((s) => s.team === team);
  const anchor = after ? saved.get(after) : undefined;
  let x: number;
  let y: number;
  if (anchor && map.stages.find((s) => s.id === after)?.team === team) {
    x = anchor.x + COLUMN_PITCH;
    y = anchor.y;
  } else if (inLane.length > 0) {
    const last = inLane.map((s) => saved.get(s.id) ?? { x: 0, y: 0 });
    x = Math.max(...last.map((p) => p.x)) + COLUMN_PITCH;
    y = Math.min(...last.map((p) => p.y));
    if (anchor) x = Math.max(anchor.x + COLUMN_PITCH, LANE_LABEL);
  } else {
    x = anchor ? anchor.x + COLUMN_PITCH : LANE_LABEL;
    y = 0;
  }
  return belowCards(
    inLane.map((s) => saved.get(s.id)),
    x,
    y,
  );
}

/** `(x, y)`, moved down a row at a time while one of `cards` is already there. */
function belowCards(
  cards: ({ x: number; y: number } | undefined)[],
  x: number,
  y: number,
): { x: number; y: number } {
  const taken = (py: number) =>
    cards.some(
      (p) => p && Math.abs(p.x - x) < COLUMN_PITCH / 2 && Math.abs(p.y - py) < ROW_PITCH / 2,
    );
  let free = y;
  while (taken(free)) free += ROW_PITCH;
  return { x, y: free };
}

/** A new stage named `name` in `team`'s lane, connected from `from` when given. */
export function addStage(map: JourneyMap, name: string, team: string, from: string | null): Edit {
  const id = newId();
  const stage: Stage = {
    id,
    name,
    team,
    kind: map.stages.length === 0 ? "entry" : "stage",
    owners: [],
    entry: [],
    exit: [],
    position: freeSpot(map, team, from),
  };
  const edits: Edit[] = [{ type: "add_stage", stage }];
  if (from) edits.push(connect(from, id));
  return batch(edits) as Edit;
}

/** A transition from one stage to another. */
export function connect(from: string, to: string): Edit {
  const transition: Transition = {
    id: newId(),
    from,
    to,
    owners: [],
    criteria: [],
  };
  return { type: "add_transition", transition };
}

/** Removes the selected stages (with their transitions) and transitions. */
export function remove(map: JourneyMap, ids: Set<string>): Edit | null {
  const stages = map.stages.filter((s) => ids.has(s.id)).map((s) => s.id);
  const gone = new Set(stages);
  const transitions = map.transitions
    .filter((t) => ids.has(t.id) && !gone.has(t.from) && !gone.has(t.to))
    .map((t) => t.id);
  return batch([
    ...transitions.map((id): Edit => ({ type: "remove_transition", id })),
    ...stages.map((id): Edit => ({ type: "remove_stage", id })),
  ]);
}

/** What Ctrl+C keeps: the selected stages and the transitions between them. */
export type Clipboard = { stages: Stage[]; transitions: Transition[] };

export function copy(map: JourneyMap, ids: Set<string>): Clipboard | null {
  const stages = map.stages.filter((s) => ids.has(s.id));
  if (stages.length === 0) return null;
  const inside = new Set(stages.map((s) => s.id));
  const transitions = map.transitions.filter((t) => inside.has(t.from) && inside.has(t.to));
  return { stages, transitions };
}

/** The copied stages as new stages in `team`'s lane, below everything there, keeping their
 * arrangement and the transitions between them. Returns the edit and the new stage ids. */
export function paste(
  map: JourneyMap,
  clip: Clipboard,
  team: string,
): { edit: Edit; ids: string[] } | null {
  if (clip.stages.length === 0 || !map.teams.some((t) => t.id === team)) return null;
  const saved = savedPositions(map);
  const known = new Set(map.people.map((p) => p.id));
  const terms = new Set(map.terms.map((t) => t.id));
  const left = Math.min(...clip.stages.map((s) => s.position?.x ?? 0));
  const top = Math.min(...clip.stages.map((s) => s.position?.y ?? 0));
  const laneYs = map.stages.filter((s) => s.team === team).map((s) => saved.get(s.id)?.y ?? 0);
  const below = laneYs.length ? Math.max(...laneYs) + ROW_PITCH : 0;
  const renamed = new Map<string, string>();
  const edits: Edit[] = [];
  for (const s of clip.stages) {
    const id = newId();
    renamed.set(s.id, id);
    edits.push({
      type: "add_stage",
      stage: {
        ...s,
        id,
        team,
        owners: s.owners.filter((o) => known.has(o)),
        term: s.term && terms.has(s.term) ? s.term : undefined,
        position: {
          x: (s.position?.x ?? 0) - left + LANE_LABEL,
          y: (s.position?.y ?? 0) - top + below,
        },
      },
    });
  }
  for (const t of clip.transitions) {
    const from = renamed.get(t.from) as string;
    const to = renamed.get(t.to) as string;
    edits.push({
      type: "add_transition",
      transition: { ...t, id: newId(), from, to, owners: t.owners.filter((o) => known.has(o)) },
    });
  }
  return { edit: batch(edits) as Edit, ids: [...renamed.values()] };
}

/** Moves stages into another team's lane, keeping their columns. */
export function moveToLane(map: JourneyMap, ids: Set<string>, team: string): Edit | null {
  const saved = savedPositions(map);
  const moving = map.stages.filter((s) => ids.has(s.id) && s.team !== team);
  let probe = map;
  const edits: Edit[] = [];
  for (const s of moving) {
    const x = saved.get(s.id)?.x ?? LANE_LABEL;
    const spot = freeSpotAt(probe, team, x);
    edits.push({ type: "move_stage_to_team", id: s.id, team, position: spot });
    // Later stages must not land on the ones moved before them.
    probe = {
      ...probe,
      stages: probe.stages.map((p) => (p.id === s.id ? { ...p, team, position: spot } : p)),
    };
  }
  return batch(edits);
}

function freeSpotAt(map: JourneyMap, team: string, x: number): { x: number; y: number } {
  const saved = savedPositions(map);
  const inLane = map.stages.filter((s) => s.team === team).map((s) => saved.get(s.id));
  return belowCards(inLane, x, inLane.length ? Math.min(...inLane.map((p) => p?.y ?? 0)) : 0);
}

/** A new lane (team) at the bottom, in the next palette colour. */
export function addLane(name: string, color: string): Edit {
  return { type: "add_team", team: { id: newId(), name, color } };
}

/** A new person in `team`, made accountable for `target` in the same step. */
export function addPersonAsOwner(
  name: string,
  team: string,
  target: { kind: "stage" | "transition" | "term"; id: string },
): Edit {
  const id = newId();
  return {
    type: "batch",
    edits: [
      { type: "add_person", person: { id, name, team } },
      { type: "set_owners", target, owners: [id] },
    ],
  };
}

/** The company's agreed definition of a term, in words (emptied: no agreed definition); any
 * structured criteria it had are kept. */
export function setCanonical(term: Term, text: string): Edit {
  return {
    type: "set_canonical",
    term: term.id,
    canonical: text.trim() ? { text, criteria: term.canonical?.criteria ?? [] } : null,
  };
}

/** Stages dropped at new places; `team` is set for a stage dropped into another lane. */
export function moves(dropped: { id: string; team: string | null; x: number; y: number }[]) {
  return batch(
    dropped.map(
      (m): Edit =>
        m.team
          ? { type: "move_stage_to_team", id: m.id, team: m.team, position: { x: m.x, y: m.y } }
          : { type: "move_stage", id: m.id, position: { x: m.x, y: m.y } },
    ),
  );
}

/** A rename typed on the card; none when it is empty or unchanged. */
export function rename(map: JourneyMap, id: string, name: string | null): Edit | null {
  const typed = name?.trim();
  const current = map.stages.find((s) => s.id === id)?.name;
  return typed && typed !== current ? { type: "rename_stage", id, name: typed } : null;
}
