/** Commands on what is shown: zoom and fit, the sidebar and its panels, the stage history's
 * overlay, the arrows in and out of a stage, presentation mode's walk, help and Escape. */
import type { Snapshot_Serialize as Snapshot, Transition } from "../../bindings";
import { drawnPositions } from "../../canvas/geometry";
import * as editing from "../../editing";
import { focusPanel } from "../../focus";
import {
  type Command,
  type CommandContext,
  mapOf,
  primary,
  selectedPath,
  selectedStage,
  selectedTransition,
} from "../command";
import { steps, takenOf, type Walk } from "../presentation";
import { type EditorState, inspectable } from "../state";

/** Selects the next arrow out of (or into) the selected stage, cycling through them in the
 * order they are drawn top to bottom; from a selected arrow, the next one out of the same
 * stage (into the same stage). */
function cycleArrows(which: "out" | "in") {
  return (ctx: CommandContext) => {
    const map = mapOf(ctx);
    const transition = selectedTransition(ctx.state);
    const stage = transition
      ? which === "out"
        ? transition.from
        : transition.to
      : selectedStage(ctx.state)?.id;
    if (!stage) return;
    const positions = drawnPositions(map);
    const far = (t: Transition) => positions.get(which === "out" ? t.to : t.from) ?? { x: 0, y: 0 };
    const arrows = map.transitions
      .filter((t) => (which === "out" ? t.from : t.to) === stage)
      .sort((a, b) => far(a).y - far(b).y || far(a).x - far(b).x);
    if (arrows.length === 0) return;
    const at = arrows.findIndex((t) => t.id === transition?.id);
    const next = arrows[(at + 1) % arrows.length];
    ctx.dispatch({ type: "select", ids: [next.id], reveal: true });
  };
}

/** Moves presentation mode `by` steps along its walk, selecting and framing the step. */
function walkBy(by: number) {
  return (ctx: CommandContext) => {
    const presenting = ctx.state.presenting;
    if (!presenting) return;
    showStep(ctx, presenting.walk, presenting.index + by);
  };
}

/** Enters presentation mode on `walk` (from the selected stage, walking the journey). */
function present(walk: Walk) {
  return (ctx: CommandContext) => {
    const chosen = ctx.state.selection.at(-1);
    const all = stepsNow(ctx.state, walk);
    const from = all.findIndex((s) => chosen !== undefined && s.subjects.includes(chosen));
    showStep(ctx, walk, walk === "journey" ? Math.max(0, from) : 0);
  };
}

function stepsNow(state: EditorState, walk: Walk) {
  const snapshot = state.snapshot;
  if (!snapshot) return [];
  const findings = visibleFindings(snapshot, state.view);
  return steps(walk, snapshot.map, findings, state.rules, takenOf(snapshot.history));
}

/** The findings the canvas shows: all, or errors only. */
export function visibleFindings(snapshot: Snapshot | null, view: EditorState["view"]) {
  const findings = snapshot?.analysis.findings ?? [];
  return view.errorsOnly ? findings.filter((f) => f.severity === "error") : findings;
}

/** Presents step `wanted` of `walk`: selected, framed, captioned (also to follow a colleague
 * presenting). */
export function showStep(ctx: CommandContext, walk: Walk, wanted: number) {
  const all = stepsNow(ctx.state, walk);
  const index = Math.max(0, Math.min(wanted, all.length - 1));
  ctx.dispatch({ type: "present", presenting: { walk, index } });
  const step = all[index];
  if (!step) return;
  const map = mapOf(ctx);
  const drawn = new Set([...map.stages.map((s) => s.id), ...map.transitions.map((t) => t.id)]);
  ctx.dispatch({ type: "select", ids: step.subjects.filter((id) => drawn.has(id)) });
  ctx.dispatch({ type: "frame", ids: step.subjects, mode: "present" });
}

const frame = (mode: "fit" | "zoomIn" | "zoomOut" | "zoomReset") => (ctx: CommandContext) =>
  ctx.dispatch({ type: "frame", ids: [], mode });

/** Shows a panel with the keyboard in it. */
const showPanel =
  (panel: "findings" | "definitions" | "versions" | "inspector") => (ctx: CommandContext) => {
    ctx.dispatch({ type: "panel", panel });
    focusPanel();
  };

export const VIEW_COMMANDS = {
  fitView: {
    title: "Fit the map",
    description: "Fit the whole map in the window",
    needs: "map",
    run: frame("fit"),
  },
  zoomIn: {
    title: "Zoom in",
    description: "Zoom in / out",
    needs: "map",
    run: frame("zoomIn"),
  },
  zoomOut: {
    title: "Zoom out",
    description: "Zoom out",
    needs: "map",
    run: frame("zoomOut"),
  },
  zoomReset: {
    title: "Actual size",
    description: "Zoom to actual size (100%)",
    needs: "map",
    run: frame("zoomReset"),
  },
  toggleSidebar: {
    title: "Show or hide the sidebar",
    description: "Show or hide the sidebar (more room for the map)",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "view", view: { sidebar: !ctx.state.view.sidebar } }),
  },
  toggleHistory: {
    title: "Show or hide the stage history",
    description: "Show or hide the stage history's counts and undrawn paths on the map",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "view", view: { history: !ctx.state.view.history } }),
  },
  drawPath: {
    title: "Draw the path records take",
    description:
      "Draw the path the stage history shows between the two selected stages as a transition",
    needs: "undrawnPath",
    run: (ctx) => {
      const path = selectedPath(ctx.state);
      return path && ctx.edit(editing.connect(...path));
    },
  },
  toggleErrorsOnly: {
    title: "Errors only / every finding",
    description: "Mark only errors on the map, or every finding",
    needs: "map",
    run: (ctx) => ctx.dispatch({ type: "view", view: { errorsOnly: !ctx.state.view.errorsOnly } }),
  },
  nextOutgoing: {
    title: "Next arrow out",
    description: "Select the selected stage's arrows out / in, one after another",
    needs: "stageOrTransition",
    run: cycleArrows("out"),
  },
  nextIncoming: {
    title: "Next arrow in",
    description: "Select the next arrow into the selected stage",
    needs: "stageOrTransition",
    run: cycleArrows("in"),
  },
  present: {
    title: "Present the journey",
    description: "Present: the whole window, large type, Space walks the journey",
    needs: "map",
    run: present("journey"),
  },
  presentFindings: {
    title: "Present the findings",
    description: "Present the findings one by one, each with its fix",
    needs: "map",
    run: present("findings"),
  },
  presentNext: {
    title: "Next step",
    description: "Next / previous step of the presentation",
    needs: "map",
    run: walkBy(1),
  },
  presentPrevious: {
    title: "Previous step",
    description: "Previous step of the presentation",
    needs: "map",
    run: walkBy(-1),
  },
  inspect: {
    title: "Inspector",
    description: "Inspector for the selection",
    needs: "map",
    run: (ctx) => {
      const id = primary(ctx.state);
      if (!id) return ctx.dispatch({ type: "panel", panel: "inspector" });
      ctx.dispatch({ type: "inspect", target: inspectable(mapOf(ctx), id), show: true });
    },
  },
  findings: {
    title: "Findings",
    description: "Findings panel",
    needs: "map",
    run: showPanel("findings"),
  },
  definitions: {
    title: "Definitions",
    description: "Definitions panel",
    needs: "map",
    run: showPanel("definitions"),
  },
  versions: {
    title: "Versions",
    description: "Versions panel",
    needs: "map",
    run: showPanel("versions"),
  },
  inspectorPanel: {
    title: "Inspector panel",
    description: "Inspector panel",
    needs: "map",
    run: showPanel("inspector"),
  },
  palette: {
    title: "Command palette",
    description: "Find and run any command by name",
    needs: "nothing",
    run: (ctx) => ctx.dispatch({ type: "ask", asking: { kind: "palette" } }),
  },
  help: {
    title: "Keyboard shortcuts",
    description: "Show these shortcuts",
    needs: "nothing",
    run: (ctx) => ctx.dispatch({ type: "help", open: !ctx.state.help }),
  },
  escape: {
    title: "Escape",
    description: "Clear the selection, close a dialog, leave the presentation",
    needs: "nothing",
    run: (ctx) => {
      if (ctx.state.help) ctx.dispatch({ type: "help", open: false });
      else if (ctx.state.asking) ctx.dispatch({ type: "ask", asking: null });
      else if (ctx.state.presenting) {
        ctx.dispatch({ type: "present", presenting: null });
        ctx.dispatch({ type: "frame", ids: [], mode: "restore" });
      } else ctx.dispatch({ type: "select", ids: [] });
    },
  },
} satisfies Record<string, Command>;
