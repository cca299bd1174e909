/** What answering each of the keyboard's dialogs does, one handler per kind of question
 * (see `prompts.ts` for what each asks). */
import { laneColour } from "../canvas/geometry";
import { fitRoom } from "../canvas/viewport";
import * as editing from "../editing";
import type { CommandContext } from "./command";
import { type Asking, NEW_PERSON, NO_OWNER, type TextAsking } from "./prompts";
import type { Option } from "./types";

/** The editor as an answer sees it: a command's context, and what only dialogs start. */
export type AnsweringContext = CommandContext & {
  newMap: (name: string) => Promise<unknown>;
  saveVersion: (name: string) => Promise<void>;
  /** Runs a command the palette offered, or goes to what it found on the map. */
  goTo: (id: string) => Promise<void>;
};

/** What was typed, and the option picked from the list when the dialog offers one. */
export type Reply = { text: string; option: Option | null };

type Handlers = {
  [K in TextAsking["kind"]]: (
    ask: Extract<Asking, { kind: K }>,
    reply: Reply,
    ctx: AnsweringContext,
  ) => Promise<unknown>;
};

const HANDLERS: Handlers = {
  newMap: (_, { text }, ctx) => ctx.newMap(text),
  saveVersion: (_, { text }, ctx) => ctx.saveVersion(text),
  newLane: async (_, { text }, ctx) => {
    const map = ctx.state.snapshot?.map;
    if (!map) return;
    const next = await ctx.edit(editing.addLane(text, laneColour(map.teams.length)));
    const added = next?.map.teams.at(-1);
    if (added) {
      ctx.dispatch({ type: "focusLane", team: added.id });
      ctx.dispatch({ type: "frame", ids: [`lane:${added.id}`], mode: "reveal" });
    }
  },
  newStage: async (ask, { text }, ctx) => {
    const map = ctx.state.snapshot?.map;
    if (!map) return;
    // A map arranged compactly stays so: the new stage and the moves that keep it compact
    // are one step.
    const adding = editing.addStage(map, text, ask.team, ask.from);
    const next = await ctx.edit(await ctx.keepingArranged(adding, fitRoom()));
    const added = next?.map.stages.find((s) => !map.stages.some((old) => old.id === s.id));
    if (!added || !next) return;
    // The view pans just enough to show the new card: it never jumps out to the whole map.
    ctx.dispatch({ type: "select", ids: [added.id], reveal: true });
    // Into another lane, the arrow is a handoff: name its owner at once.
    const from = map.stages.find((s) => s.id === ask.from);
    const handoff = next.map.transitions.find((t) => t.from === from?.id && t.to === added.id);
    if (from && handoff && from.team !== added.team) {
      ctx.dispatch({
        type: "ask",
        asking: { kind: "owner", target: { kind: "transition", id: handoff.id }, team: added.team },
      });
    }
  },
  connect: async (ask, { option }, ctx) => {
    if (option && ctx.state.snapshot) await ctx.edit(editing.connect(ask.from, option.id));
  },
  owner: async (ask, { option }, ctx) => {
    if (!option || !ctx.state.snapshot) return;
    if (option.id === NO_OWNER) {
      await ctx.edit({ type: "set_owners", target: ask.target, owners: [] });
    } else if (option.id.startsWith(NEW_PERSON)) {
      const name = option.id.slice(NEW_PERSON.length);
      await ctx.edit(editing.addPersonAsOwner(name, ask.team, ask.target));
    } else {
      await ctx.edit({ type: "set_owners", target: ask.target, owners: [option.id] });
    }
  },
  palette: async (_, { option }, ctx) => {
    if (option && ctx.state.snapshot) await ctx.goTo(option.id);
  },
};

/** Carries out the answer to `ask`. */
export function answer(ask: TextAsking, reply: Reply, ctx: AnsweringContext): Promise<unknown> {
  // TypeScript cannot pair a union's member with its handler by itself: the table's type
  // already does, so the call is made through the handler's own type.
  const handler = HANDLERS[ask.kind] as (
    a: TextAsking,
    r: Reply,
    c: AnsweringContext,
  ) => Promise<unknown>;
  return handler(ask, reply, ctx);
}
