/** Maps generated in the shapes people build, for tests that measure what a person sees:
 * journeys over several teams, with branches, rework loops and exits, placed as an older
 * version of the app placed them (each team's stages after the previous team's: a staircase)
 * or at random. Seeded: the same arguments give the same map. */

export type Placement = "staircase" | "random";

export type Shape = {
  stages: number;
  teams: number;
  placement?: Placement;
  /** Dead-end branches off the main chain, each `deadEnd` stages long, starting at the entry. */
  branches?: number;
  deadEnd?: number;
  /** Rework loops: an arrow from a stage back to an earlier one. */
  loops?: number;
  /** Exit stages (lost, disqualified) reached from the main chain. */
  exits?: number;
  seed?: number;
};

const TEAM_NAMES = ["Marketing", "Sales", "Finance", "Customer success", "Partners", "Legal"];
const CARD_STEP_X = 260;
const LANE_HEIGHT = 160;

/** A small seeded generator (a linear congruential one: enough for positions and picks). */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A journey as JSON in the interchange format: a main chain from an entry to a revenue stage
 * across the teams, with the branches, loops and exits asked for. Stage names are realistic
 * in length ("Sales stage 4 qualified"), so how tall they are drawn means something. */
export function generatedJourney(shape: Shape) {
  const next = random(shape.seed ?? 1);
  const teams = TEAM_NAMES.slice(0, shape.teams).map((name, i) => ({ id: `team-${i}`, name }));
  const extra = (shape.branches ?? 0) * (shape.deadEnd ?? 2) + (shape.exits ?? 0);
  const chain = shape.stages - extra;
  if (chain < 2)
    throw new Error(`a journey of ${shape.stages} stages has no room for its main chain`);
  type Stage = {
    id: string;
    name: string;
    team: string;
    kind: string;
    position: { x: number; y: number };
  };
  const stages: Stage[] = [];
  const transitions: { id: string; from: string; to: string }[] = [];
  const connect = (from: string, to: string) =>
    transitions.push({ id: `t${transitions.length}`, from, to });
  const teamOfChain = (i: number) => Math.floor((i * teams.length) / chain);
  for (let i = 0; i < chain; i++) {
    const team = teamOfChain(i);
    stages.push({
      id: `s${i}`,
      name: `${teams[team].name} stage ${i + 1} qualified`,
      team: teams[team].id,
      kind: i === 0 ? "entry" : i === chain - 1 ? "revenue" : "stage",
      position: { x: 0, y: 0 },
    });
    if (i > 0) connect(`s${i - 1}`, `s${i}`);
  }
  for (let b = 0; b < (shape.branches ?? 0); b++) {
    let from = "s0";
    for (let j = 0; j < (shape.deadEnd ?? 2); j++) {
      const id = `b${b}-${j}`;
      stages.push({
        id,
        name: `Nurture ${b + 1} step ${j + 1}`,
        team: teams[0].id,
        kind: "stage",
        position: { x: 0, y: 0 },
      });
      connect(from, id);
      from = id;
    }
  }
  for (let l = 0; l < (shape.loops ?? 0); l++) {
    const to = 1 + Math.floor(next() * (chain - 3));
    const from = to + 1 + Math.floor(next() * (chain - to - 2));
    connect(`s${from}`, `s${to}`);
  }
  for (let e = 0; e < (shape.exits ?? 0); e++) {
    const from = 1 + Math.floor(next() * (chain - 2));
    const id = `x${e}`;
    stages.push({
      id,
      name: `Lost at stage ${from + 1}`,
      team: stages[from].team,
      kind: "exit",
      position: { x: 0, y: 0 },
    });
    connect(`s${from}`, id);
  }
  place(stages, teams, shape.placement ?? "staircase", next);
  // Branches first among the entry's arrows: a walk that follows the first arrow goes astray.
  transitions.sort((a, b) => Number(b.to.startsWith("b")) - Number(a.to.startsWith("b")));
  return {
    format: "throughline/1",
    name: `${shape.stages} stages over ${shape.teams} teams`,
    teams,
    stages,
    transitions,
  };
}

/** Positions as an older version placed them — each stage one column after the last one
 * added, whatever its team (a staircase) — or anywhere. */
function place(
  stages: { team: string; position: { x: number; y: number } }[],
  teams: { id: string }[],
  placement: Placement,
  next: () => number,
) {
  const lane = new Map(teams.map((t, i) => [t.id, i]));
  stages.forEach((s, column) => {
    s.position =
      placement === "staircase"
        ? { x: CARD_STEP_X * column, y: LANE_HEIGHT * (lane.get(s.team) ?? 0) + 40 }
        : { x: Math.round(next() * 6000), y: Math.round(next() * 900) };
  });
}
