import { Background, Controls, ReactFlow, useReactFlow, useStoreApi } from "@xyflow/react";
import { memo, type RefObject, useEffect, useMemo, useRef, useState } from "react";
import type {
  Attached,
  Finding,
  History_Serialize as History,
  Map_Serialize as JourneyMap,
} from "./bindings";
import type { Arrow } from "./canvas/arrows";
import { sameList } from "./canvas/drawn";
import { type CanvasEvents, Events } from "./canvas/events";
import { CARD_HEIGHT, CARD_WIDTH } from "./canvas/geometry";
import { JourneyEdge } from "./canvas/JourneyEdge";
import { LaneBand } from "./canvas/LaneBand";
import { Legend } from "./canvas/Legend";
import { canvasCache, type JourneyNode, laneTracks, toCanvas } from "./canvas/mapping";
import { labelSize } from "./canvas/routes";
import { StageCard } from "./canvas/StageCard";
import { useFlowHandlers } from "./canvas/useFlowHandlers";
import {
  around,
  type Box,
  centred,
  type FrameRequest,
  fitting,
  MAX_ZOOM,
  MIN_ZOOM,
  opening,
  PRESENT_ZOOM,
  revealing,
  type View,
  ZOOM_STEP,
  zoomed,
} from "./canvas/viewport";
import { ZoomScale } from "./canvas/ZoomScale";
import { Overview } from "./components/Overview";
import { journeyOrder } from "./editor/presentation";
import type { Compared } from "./editor/types";
import { marksOf } from "./findings";
import { useBoxSelection } from "./useBoxSelection";

// Declared once, outside any component, as React Flow requires for speed.
const nodeTypes = { stage: StageCard, lane: LaneBand };
const edgeTypes = { journey: JourneyEdge };

/** The class marking each compared stage and arrow. */
function diffClasses(compared: Compared | null): Map<string, string> {
  const classes = new Map<string, string>();
  for (const id of compared?.added ?? []) classes.set(id, "diff-added");
  for (const id of compared?.changed ?? []) classes.set(id, "diff-changed");
  return classes;
}

/** The boxes (canvas units) of stages, arrows (both their cards) and lanes by id. */
/** Where the arrows' labels are drawn, as boxes. */
function labelBoxes(edges: Arrow[]): Box[] {
  const boxes: Box[] = [];
  for (const e of edges) {
    const at = e.data?.labelAt;
    if (!at || typeof e.label !== "string") continue;
    const size = labelSize(e.label);
    boxes.push({ x: at.x - size.width / 2, y: at.y - size.height / 2, ...size });
  }
  return boxes;
}

function boxesOf(ids: string[], map: JourneyMap, nodes: JourneyNode[]): Box[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const wanted = new Set(ids);
  for (const t of map.transitions) {
    if (wanted.has(t.id)) {
      wanted.add(t.from);
      wanted.add(t.to);
    }
  }
  const boxes: Box[] = [];
  for (const id of wanted) {
    const n = byId.get(id);
    if (n?.type === "stage")
      boxes.push({ x: n.position.x, y: n.position.y, width: CARD_WIDTH, height: CARD_HEIGHT });
    else if (n?.type === "lane")
      // A lane's start: its name and first column.
      boxes.push({ x: 0, y: n.position.y, width: 2 * CARD_WIDTH, height: n.data.height });
  }
  return boxes;
}

/** The map drawn with React Flow. Memoized: the app re-renders for dialogs and panels, and
 * redrawing a 1,000-stage canvas for those would be wasted. */
export const Canvas = memo(function Canvas({
  map,
  findings,
  errorsOnly,
  onErrorsOnly,
  selected,
  compared,
  focusedTeam,
  renaming,
  frame,
  events,
  history,
  crm,
  caption,
  others,
}: {
  map: JourneyMap;
  /** The CRM's stage history laid over the map, when one is loaded. */
  history: History | null;
  /** The CRM configuration the map is held against, for the legend. */
  crm: Attached | null;
  /** The findings to mark (all, or errors only). */
  findings: Finding[];
  errorsOnly: boolean;
  onErrorsOnly: (on: boolean) => void;
  selected: Set<string>;
  /** Stages and arrows to mark as added or changed while versions are compared. */
  compared: Compared | null;
  focusedTeam: string | null;
  renaming: string | null;
  frame: FrameRequest;
  /** The editor's callbacks, made once (see `context` below). */
  events: CanvasEvents;
  /** Presentation mode's caption, which the stage presented must stay above. */
  caption: RefObject<HTMLElement | null>;
  /** Stages colleagues have selected, with who (outlined in their colour). */
  others: Map<string, { name: string; color: string }[]>;
}) {
  // What the last drawing kept, made once (a ref's initial value is evaluated every render).
  const [drawing] = useState(canvasCache);
  const flow = useMemo(
    () => toCanvas(map, marksOf(findings), focusedTeam, drawing, history),
    [map, findings, focusedTeam, history, drawing],
  );
  // Positions while a drag is under way; the map keeps the saved ones.
  const [dragging, setDragging] = useState<Map<string, { x: number; y: number }>>(new Map());
  const marked = useMemo(() => diffClasses(compared), [compared]);
  // The drawing's own lists while nothing is selected, dragged or compared: React Flow goes
  // over every card or arrow of a new list.
  const nodes = useMemo(
    () =>
      sameList(
        flow.nodes,
        flow.nodes.map((n): JourneyNode => {
          const moved = dragging.get(n.id);
          const isSelected = selected.has(n.id);
          const diff = marked.get(n.id);
          const selectedElsewhere = others.get(n.id);
          if (!moved && !!n.selected === isSelected && !diff && !selectedElsewhere) return n;
          const changes = compared?.notes[n.id];
          const extra = {
            ...(changes ? { changes } : {}),
            ...(selectedElsewhere ? { others: selectedElsewhere } : {}),
          };
          return {
            ...n,
            selected: isSelected,
            position: moved ?? n.position,
            ...(diff ? { className: diff } : {}),
            ...(n.type === "stage" && (changes || selectedElsewhere)
              ? { data: { ...n.data, ...extra } }
              : {}),
          } as JourneyNode;
        }),
      ),
    [flow.nodes, selected, dragging, marked, compared, others],
  );
  const edges = useMemo(
    () =>
      sameList(
        flow.edges,
        flow.edges.map((e) => {
          const diff = marked.get(e.id);
          if (!selected.has(e.id) && !diff) return e;
          return {
            ...e,
            selected: selected.has(e.id),
            className: diff ? `${e.className ?? ""} ${diff}` : e.className,
          };
        }),
      ),
    [flow.edges, selected, marked],
  );
  // A new map (after the drop was saved) replaces the positions of the drag. Without a drag
  // under way nothing is set: even setting the same state renders the canvas once more.
  const held = useRef(dragging);
  held.current = dragging;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the new flow is the trigger
  useEffect(() => {
    if (held.current.size > 0) setDragging(new Map());
  }, [flow]);

  const tracks = useMemo(() => laneTracks(map), [map]);
  const { getViewport, setViewport } = useReactFlow();
  const store = useStoreApi();
  /** The view before presenting began, which leaving the presentation restores. */
  const beforePresenting = useRef<View | null>(null);
  // Only a new request moves the view; edits never do.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the request's serial is the trigger
  useEffect(() => {
    const apply = () => {
      const { width, height } = store.getState();
      const pane = { width, height };
      if (!width || !height) return;
      const view = getViewport();
      const stages = flow.nodes.filter((n) => n.type === "stage");
      const wanted = around(boxesOf(frame.ids, map, flow.nodes));
      const cards = boxesOf(
        stages.map((n) => n.id),
        map,
        flow.nodes,
      );
      const whole = around(cards);
      const next = (() => {
        switch (frame.mode) {
          case "open": {
            if (!whole) return null;
            const first = journeyOrder(map).order[0];
            return opening(whole, around(boxesOf(first ? [first] : [], map, flow.nodes)), pane);
          }
          case "fit": {
            // The whole map with its arrows' labels: one beside the last card stays in view.
            const box = wanted ?? around([...cards, ...labelBoxes(flow.edges)]);
            if (!box) return null;
            // Below the legend, so that it covers no card (the overview hides itself when
            // the whole map is in view).
            const shown = store.getState().domNode?.getBoundingClientRect();
            const legend = shown && store.getState().domNode?.querySelector(".legend");
            const band = legend ? legend.getBoundingClientRect().bottom - (shown?.top ?? 0) : 0;
            const below = { width, height: Math.max(height - band, height / 2) };
            const fitted = fitting(box, below, wanted ? 1.2 : 1);
            return { ...fitted, y: fitted.y + (height - below.height) };
          }
          case "reveal":
            return wanted && revealing(view, wanted, pane);
          case "present": {
            if (!wanted) return null;
            beforePresenting.current ??= view;
            // Centred in the part of the window above the caption, at the presentation's
            // size unless it is too large for it. The caption is measured: a long name or
            // notes make it taller.
            const shown = store.getState().domNode?.getBoundingClientRect();
            const top = caption.current?.getBoundingClientRect().top;
            const free = shown && top !== undefined ? top - shown.top - 8 : height;
            const above = { width, height: Math.max(free, height / 4) };
            return wanted.width * PRESENT_ZOOM > above.width - 48 ||
              wanted.height * PRESENT_ZOOM > above.height - 48
              ? fitting(wanted, above, PRESENT_ZOOM)
              : centred(wanted, above, PRESENT_ZOOM);
          }
          case "restore": {
            const before = beforePresenting.current;
            beforePresenting.current = null;
            return before;
          }
          case "zoomIn":
            return zoomed(view, pane, ZOOM_STEP);
          case "zoomOut":
            return zoomed(view, pane, 1 / ZOOM_STEP);
          case "zoomReset":
            return zoomed(view, pane, 1, 1);
        }
      })();
      if (next) void setViewport(next, { duration: frame.mode === "open" ? 0 : 200 });
    };
    // A map just opened is shown where it opens before its first frame is painted: its cards'
    // sizes are given, not measured, and the pane is measured as it mounts. Waiting a frame
    // painted the map at the corner first and then again (about 50 ms of a 1,000-stage map's
    // opening). Other moves wait a frame, so that a resized pane is measured first.
    if (frame.mode === "open" && store.getState().width > 0) {
      apply();
      return;
    }
    const id = requestAnimationFrame(apply);
    return () => cancelAnimationFrame(id);
  }, [frame.serial]);

  const handlers = useFlowHandlers({ events, selected, dragging, lanes: flow.lanes }, setDragging);

  // Cards read the callbacks through a context. The editor makes its callbacks once, so the
  // context changes only with `renaming`: a changed context would redraw every card.
  const context = useMemo(() => ({ ...events, renaming }), [events, renaming]);
  const boxSelection = useBoxSelection(flow.nodes, selected, events.onSelect);
  const { box } = boxSelection;
  return (
    <Events.Provider value={context}>
      <ReactFlow
        {...boxSelection.handlers}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        {...handlers}
        // No `fitView` prop: with culling on, React Flow would retry it until every card had
        // been drawn once (seconds of churn on a 1,000-stage map); the app asks for a fit.
        onlyRenderVisibleElements
        deleteKeyCode={null}
        // Space pans by default, which swallowed the spaces typed while renaming a card.
        panActivationKeyCode={null}
        // Holding a key React Flow watches redraws its whole pane. Under WebKitGTK each press
        // and release of Ctrl (zoom activation) or Shift (box selection) stalled the window
        // for 40-50 ms, delaying every Ctrl+Z and Shift+arrow, so neither is watched; wheel
        // zoom needs no key, and Ctrl/Shift-click still add to the selection.
        // Shift+drag draws a selection box all the same (useBoxSelection).
        selectionKeyCode={null}
        zoomActivationKeyCode={null}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        disableKeyboardA11y
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
      >
        <Background />
        <ZoomScale />
        <Overview nodes={flow.nodes} />
        <Controls showInteractive={false} />
        <Legend
          errorsOnly={errorsOnly}
          onErrorsOnly={onErrorsOnly}
          history={history}
          crm={crm}
          tracks={tracks}
        />
      </ReactFlow>
      {box && (
        <div
          className="box-selection"
          style={{
            left: Math.min(box.from.x, box.to.x),
            top: Math.min(box.from.y, box.to.y),
            width: Math.abs(box.to.x - box.from.x),
            height: Math.abs(box.to.y - box.from.y),
          }}
        />
      )}
    </Events.Provider>
  );
});
