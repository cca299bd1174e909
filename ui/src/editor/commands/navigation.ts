/** Commands that move over the canvas and its lanes: the nearest stage each way, the lanes
 * and the stages in them, new lanes and the automatic layout. */
import { drawnPositions } from "../../canvas/geometry";
import { fitRoom } from "../../canvas/viewport";
import * as editing from "../../editing";
import { type Direction, nearest } from "../../navigation";
import {
  type Command,
  type CommandContext,
  mapOf,
  selectedStage,
  selectedStageIds,
  selectedTransition,
} from "../command";
import type { EditorState } from "../state";

/** Selects the nearest stage that way on screen, adding it to the selection with `extend`.
 * From a selected arrow, → goes to where it leads and ← to where it starts; with nothing
 * selected, the first stage of the focused lane is taken. */
function step(direction: Direction, extend: boolean) {
  return (ctx: CommandContext) => {
    const map = mapOf(ctx);
    if (map.stages.length === 0) return;
    const positions = drawnPositions(map);
    const transition = selectedTransition(ctx.state);
    let next: string | null | undefined;
    if (transition && (direction === "left" || direction === "right")) {
      next = direction === "right" ? transition.to : transition.from;
    } else {
      const from = transition?.to ?? selectedStageIds(ctx.state).at(-1);
      // Directions as seen on screen, where each lane shifts its stages into its band.
      next = from ? nearest(positions, from, direction) : firstInLane(ctx.state, positions);
    }
    if (!next) return;
    const ids = extend ? [...ctx.state.selection.filter((id) => id !== next), next] : [next];
    ctx.dispatch({ type: "select", ids, reveal: true });
  };
}

/** The leftmost stage of the focused lane (of the map when the lane is empty). */
function firstInLane(state: EditorState, positions: Map<string, { x: number; y: number }>) {
  const stages = state.snapshot?.map.stages ?? [];
  const inLane = stages.filter((s) => s.team === state.focusedTeam);
  const pool = inLane.length ? inLane : stages;
  const at = (id: string) => positions.get(id) ?? { x: 0, y: 0 };
  return pool.reduce<string | null>(
    (best, s) =>
      !best || at(s.id).x < at(best).x || (at(s.id).x === at(best).x && at(s.id).y < at(best).y)
        ? s.id
        : best,
    null,
  );
}

/** The focused lane's neighbour, `by` lanes away. */
function laneBeside(state: EditorState, from: string | null | undefined, by: number) {
  const teams = state.snapshot?.map.teams ?? [];
  return teams[teams.findIndex((t) => t.id === from) + by];
}

function moveSelectionToLane(by: number) {
  return async (ctx: CommandContext) => {
    const stage = selectedStage(ctx.state);
    const next = laneBeside(ctx.state, stage?.team ?? ctx.state.focusedTeam, by);
    if (!next) return;
    const ids = new Set(selectedStageIds(ctx.state));
    await ctx.edit(editing.moveToLane(mapOf(ctx), ids, next.id));
    ctx.dispatch({ type: "focusLane", team: next.id });
  };
}

function moveLane(by: number) {
  return async (ctx: CommandContext) => {
    const teams = mapOf(ctx).teams;
    const index = teams.findIndex((t) => t.id === ctx.state.focusedTeam) + by;
    const id = ctx.state.focusedTeam;
    if (id && index >= 0 && index < teams.length) await ctx.edit({ type: "move_team", id, index });
  };
}

export const NAVIGATION_COMMANDS = {
  selectLeft: {
    title: "Select left",
    description: "Select the nearest stage that way",
    needs: "map",
    run: step("left", false),
  },
  selectRight: {
    title: "Select right",
    description: "Select the nearest stage to the right",
    needs: "map",
    run: step("right", false),
  },
  selectUp: {
    title: "Select up",
    description: "Select the nearest stage above",
    needs: "map",
    run: step("up", false),
  },
  selectDown: {
    title: "Select down",
    description: "Select the nearest stage below",
    needs: "map",
    run: step("down", false),
  },
  extendLeft: {
    title: "Extend selection left",
    description: "Add the nearest stage that way to the selection",
    needs: "map",
    run: step("left", true),
  },
  extendRight: {
    title: "Extend selection right",
    description: "Add the nearest stage to the right to the selection",
    needs: "map",
    run: step("right", true),
  },
  extendUp: {
    title: "Extend selection up",
    description: "Add the nearest stage above to the selection",
    needs: "map",
    run: step("up", true),
  },
  extendDown: {
    title: "Extend selection down",
    description: "Add the nearest stage below to the selection",
    needs: "map",
    run: step("down", true),
  },
  laneUp: {
    title: "Focus lane above",
    description: "Focus the lane above / below",
    needs: "lane",
    run: (ctx) => {
      const next = laneBeside(ctx.state, ctx.state.focusedTeam, -1);
      if (next) ctx.dispatch({ type: "focusLane", team: next.id });
    },
  },
  laneDown: {
    title: "Focus lane below",
    description: "Focus the lane below",
    needs: "lane",
    run: (ctx) => {
      const next = laneBeside(ctx.state, ctx.state.focusedTeam, 1);
      if (next) ctx.dispatch({ type: "focusLane", team: next.id });
    },
  },
  moveToLaneUp: {
    title: "Move to lane above",
    description: "Move the selected stages to the lane above / below",
    needs: "selection",
    run: moveSelectionToLane(-1),
  },
  moveToLaneDown: {
    title: "Move to lane below",
    description: "Move the selected stages to the lane below",
    needs: "selection",
    run: moveSelectionToLane(1),
  },
  moveLaneUp: {
    title: "Move lane up",
    description: "Move the focused lane up / down",
    needs: "lane",
    run: moveLane(-1),
  },
  moveLaneDown: {
    title: "Move lane down",
    description: "Move the focused lane down",
    needs: "lane",
    run: moveLane(1),
  },
  newLane: {
    title: "New lane",
    description: "New lane (team)",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "newLane" } }),
  },
  editLane: {
    title: "Edit lane",
    description: "Edit the focused lane: name, colour, remove",
    needs: "lane",
    run: (ctx) => {
      const id = ctx.state.focusedTeam;
      if (id) ctx.dispatch({ type: "inspect", target: { kind: "team", id }, show: true });
    },
  },
  autoLayout: {
    title: "Arrange automatically",
    description: "Arrange the map compactly, by lanes, to fit the window",
    needs: "map",
    run: async (ctx) => {
      await ctx.edit(await ctx.arrangement(fitRoom()));
      ctx.dispatch({ type: "frame", ids: [], mode: "fit" });
    },
  },
} satisfies Record<string, Command>;
