/** Commands that change the map: undo and redo, new stages and arrows, owners, kinds,
 * removing, copying and pasting. */
import * as editing from "../../editing";
import { type Command, mapOf, selectedStage, selectedTransition } from "../command";

const KIND_CYCLE = ["stage", "entry", "revenue", "exit"] as const;
const nextKind = (kind: (typeof KIND_CYCLE)[number]) =>
  KIND_CYCLE[(KIND_CYCLE.indexOf(kind) + 1) % KIND_CYCLE.length];

export const EDIT_COMMANDS = {
  undo: {
    title: "Undo",
    description: "Undo",
    needs: "map",
    run: (ctx) => ctx.state.snapshot?.can_undo && ctx.history("undo"),
  },
  redo: {
    title: "Redo",
    description: "Redo",
    needs: "map",
    run: (ctx) => ctx.state.snapshot?.can_redo && ctx.history("redo"),
  },
  newStage: {
    title: "New stage",
    description: "New stage in the focused lane (connected from the selected stage)",
    needs: "map",
    run: (ctx) => {
      const team = ctx.state.focusedTeam;
      if (!team) return ctx.dispatch({ type: "ask", asking: { kind: "newLane" } });
      const from = selectedStage(ctx.state)?.id ?? null;
      ctx.dispatch({ type: "ask", asking: { kind: "newStage", team, from } });
    },
  },
  rename: {
    title: "Rename stage",
    description: "Rename the selected stage",
    needs: "stage",
    run: (ctx) => ctx.dispatch({ type: "rename", id: selectedStage(ctx.state)?.id ?? null }),
  },
  connect: {
    title: "Connect to…",
    description: "Connect the selected stage to another",
    needs: "stage",
    run: (ctx) => {
      const from = selectedStage(ctx.state)?.id;
      if (from) ctx.dispatch({ type: "ask", asking: { kind: "connect", from } });
    },
  },
  setOwner: {
    title: "Set owner…",
    description: "Set the owner of the selected stage or transition",
    needs: "stageOrTransition",
    run: (ctx) => {
      const map = mapOf(ctx);
      const stage = selectedStage(ctx.state);
      const transition = selectedTransition(ctx.state);
      if (stage) {
        const target = { kind: "stage", id: stage.id } as const;
        ctx.dispatch({ type: "ask", asking: { kind: "owner", target, team: stage.team } });
      } else if (transition) {
        // A handoff's owner is usually on the receiving side.
        const team = map.stages.find((s) => s.id === transition.to)?.team ?? map.teams[0]?.id;
        const target = { kind: "transition", id: transition.id } as const;
        if (team) ctx.dispatch({ type: "ask", asking: { kind: "owner", target, team } });
      }
    },
  },
  cycleKind: {
    title: "Change kind",
    description: "Change the selected stage's kind: stage, entry, revenue, exit",
    needs: "stage",
    run: async (ctx) => {
      const stage = selectedStage(ctx.state);
      if (stage)
        await ctx.edit({ type: "update_stage", stage: { ...stage, kind: nextKind(stage.kind) } });
    },
  },
  remove: {
    title: "Delete",
    description: "Delete the selection",
    needs: "selection",
    run: async (ctx) => {
      await ctx.edit(editing.remove(mapOf(ctx), new Set(ctx.state.selection)));
      ctx.dispatch({ type: "select", ids: [] });
    },
  },
  selectAll: {
    title: "Select all",
    description: "Select every stage",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "select", ids: mapOf(ctx).stages.map((s) => s.id) }),
  },
  copy: {
    title: "Copy",
    description: "Copy the selected stages",
    needs: "selection",
    run: (ctx) => {
      const copied = editing.copy(mapOf(ctx), new Set(ctx.state.selection));
      if (copied) ctx.clipboard.current = copied;
    },
  },
  paste: {
    title: "Paste",
    description: "Paste into the focused lane",
    needs: "lane",
    run: async (ctx) => {
      const team = ctx.state.focusedTeam;
      if (!ctx.clipboard.current || !team) return;
      const pasted = editing.paste(mapOf(ctx), ctx.clipboard.current, team);
      if (pasted && (await ctx.edit(pasted.edit))) {
        ctx.dispatch({ type: "select", ids: pasted.ids });
        ctx.dispatch({ type: "frame", ids: pasted.ids.slice(0, 1), mode: "reveal" });
      }
    },
  },
} satisfies Record<string, Command>;
