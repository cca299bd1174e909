import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  Handle,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import { createContext, memo, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { Analysis_Serialize as Analysis, Map_Serialize as JourneyMap } from "./bindings";
import { Overview } from "./components/Overview";
import { flaggedIds } from "./findings";
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  dropPlace,
  type JourneyNode,
  keepUnchanged,
  type LaneNode,
  mapToFlow,
  type StageNode,
} from "./flow";
import { useBoxSelection } from "./useBoxSelection";

/** What the canvas reports back; the app turns these into edits. */
export type CanvasEvents = {
  onSelect: (ids: string[]) => void;
  onFocusLane: (team: string) => void;
  onInspectLane: (team: string) => void;
  onInspect: (id: string) => void;
  /** Stages dropped at new places; `team` is set when dropped into another lane. */
  onMove: (moves: { id: string; team: string | null; x: number; y: number }[]) => void;
  onConnect: (from: string, to: string) => void;
  onRename: (id: string, name: string | null) => void;
};

const Events = createContext<CanvasEvents & { renaming: string | null }>(null as never);

const CRITERIA_LABEL = { ok: "Criteria set", partial: "Criteria partly set", none: "No criteria" };

const StageCard = memo(function StageCard({ data, selected }: NodeProps<StageNode>) {
  const { stage, owner, flagged, criteria } = data;
  const { renaming, onRename } = useContext(Events);
  return (
    <div
      className={`stage-card kind-${stage.kind}${flagged ? " flagged" : ""}${selected ? " selected" : ""}`}
      data-stage-id={stage.id}
      data-team={stage.team}
      style={{ width: CARD_WIDTH, height: CARD_HEIGHT }}
    >
      <Handle type="target" position={Position.Left} />
      <div className="card-top">
        {stage.kind !== "stage" && <span className="kind">{stage.kind}</span>}
        <span className={`criteria-status ${criteria}`} title={CRITERIA_LABEL[criteria]} />
      </div>
      {renaming === stage.id ? (
        <input
          className="rename nodrag"
          aria-label="Stage name"
          // biome-ignore lint/a11y/noAutofocus: renaming starts by typing
          autoFocus
          defaultValue={stage.name}
          onFocus={(e) => e.target.select()}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === "Enter") onRename(stage.id, e.currentTarget.value);
            if (e.key === "Escape") onRename(stage.id, null);
          }}
          onBlur={(e) => onRename(stage.id, e.currentTarget.value)}
        />
      ) : (
        <div className="name">{stage.name}</div>
      )}
      <div className={stage.owners.length === 0 ? "owner missing" : "owner"}>{owner}</div>
      {flagged && <span className="marker" title="Has findings" />}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const LaneBand = memo(function LaneBand({ data }: NodeProps<LaneNode>) {
  const { onFocusLane, onInspectLane } = useContext(Events);
  return (
    <div
      className={`lane${data.focused ? " focused" : ""}`}
      data-team={data.team}
      style={{ width: data.width, height: data.height, borderColor: data.color }}
    >
      <button
        type="button"
        className="lane-label nodrag"
        style={{ color: data.color }}
        onClick={() => onFocusLane(data.team)}
        onDoubleClick={() => onInspectLane(data.team)}
        title="Click to focus this lane (new stages go here); double-click to edit it"
      >
        {data.name}
      </button>
    </div>
  );
});

// Declared once, outside any component, as React Flow requires for speed.
const nodeTypes = { stage: StageCard, lane: LaneBand };

/** Asks the canvas to frame some stages (or everything when `ids` is empty), or with
 * `reveal`, only to pan as far as needed to bring one stage into view. */
export type FrameRequest = { ids: string[]; serial: number; reveal?: boolean };

/** The map drawn with React Flow. Memoized: the app re-renders for dialogs and panels, and
 * redrawing a 1,000-stage canvas for those would be wasted. */
export const Canvas = memo(function Canvas({
  map,
  analysis,
  selected,
  focusedTeam,
  renaming,
  frame,
  events,
}: {
  map: JourneyMap;
  analysis: Analysis;
  selected: Set<string>;
  focusedTeam: string | null;
  renaming: string | null;
  frame: FrameRequest;
  events: CanvasEvents;
}) {
  const nodeCache = useRef(new Map<string, JourneyNode>());
  const edgeCache = useRef(new Map<string, Edge>());
  const flow = useMemo(() => {
    const drawn = mapToFlow(map, flaggedIds(analysis.findings), focusedTeam);
    return {
      ...drawn,
      nodes: keepUnchanged(nodeCache.current, drawn.nodes),
      edges: keepUnchanged(edgeCache.current, drawn.edges),
    };
  }, [map, analysis, focusedTeam]);
  // Positions while a drag is under way; the map keeps the saved ones.
  const [dragging, setDragging] = useState<Map<string, { x: number; y: number }>>(new Map());
  const nodes = useMemo(
    () =>
      flow.nodes.map((n): JourneyNode => {
        const moved = dragging.get(n.id);
        const isSelected = selected.has(n.id);
        if (!moved && n.selected === isSelected) return n;
        return { ...n, selected: isSelected, position: moved ?? n.position } as JourneyNode;
      }),
    [flow, selected, dragging],
  );
  const edges = useMemo(
    () => flow.edges.map((e) => (selected.has(e.id) ? { ...e, selected: true } : e)),
    [flow, selected],
  );
  // A new map (after the drop was saved) replaces the positions of the drag. Without a drag
  // under way nothing changes: a new empty map would redraw the canvas once more per edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the new flow is the trigger
  useEffect(() => setDragging((d) => (d.size === 0 ? d : new Map())), [flow]);

  const { fitView, flowToScreenPosition, getViewport, setCenter } = useReactFlow();
  // Only a new request frames; edits must not move the view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the request's serial is the trigger
  useEffect(() => {
    const ids = new Set(frame.ids);
    for (const t of map.transitions) {
      if (ids.has(t.id)) {
        ids.add(t.from);
        ids.add(t.to);
      }
    }
    const framed = flow.nodes.filter((n) => n.type === "stage" && ids.has(n.id));
    if (frame.reveal) {
      const node = framed[0];
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      if (!node || !pane) return;
      const topLeft = flowToScreenPosition(node.position);
      const bottomRight = flowToScreenPosition({
        x: node.position.x + CARD_WIDTH,
        y: node.position.y + CARD_HEIGHT,
      });
      const inside =
        topLeft.x >= pane.left &&
        topLeft.y >= pane.top &&
        bottomRight.x <= pane.right &&
        bottomRight.y <= pane.bottom;
      if (!inside) {
        setCenter(node.position.x + CARD_WIDTH / 2, node.position.y + CARD_HEIGHT / 2, {
          zoom: getViewport().zoom,
          duration: 200,
        });
      }
      return;
    }
    // Wait a frame so freshly added cards are measured first.
    requestAnimationFrame(() =>
      fitView(
        framed.length
          ? { nodes: framed, duration: 300, maxZoom: 1.2 }
          : { duration: 300, maxZoom: 1 },
      ),
    );
  }, [frame.serial]);

  const onNodesChange = (changes: NodeChange<JourneyNode>[]) => {
    let selection: Set<string> | null = null;
    const moved = new Map(dragging);
    for (const c of changes) {
      if (c.type === "select") {
        selection ??= new Set(selected);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      } else if (c.type === "position" && c.position) {
        moved.set(c.id, c.position);
      }
    }
    if (moved.size !== dragging.size || changes.some((c) => c.type === "position"))
      setDragging(moved);
    if (selection) events.onSelect([...selection]);
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    const selection = new Set(selected);
    let changed = false;
    for (const c of changes) {
      if (c.type === "select") {
        changed = true;
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
    }
    if (changed) events.onSelect([...selection]);
  };

  // Cards read the callbacks through a context that only changes with `renaming`: the app's
  // callbacks change with every map, and a changed context would redraw every card.
  const latest = useRef(events);
  latest.current = events;
  const context = useMemo(
    () => ({
      renaming,
      onSelect: (ids: string[]) => latest.current.onSelect(ids),
      onFocusLane: (team: string) => latest.current.onFocusLane(team),
      onInspectLane: (team: string) => latest.current.onInspectLane(team),
      onInspect: (id: string) => latest.current.onInspect(id),
      onMove: (moves: Parameters<CanvasEvents["onMove"]>[0]) => latest.current.onMove(moves),
      onConnect: (from: string, to: string) => latest.current.onConnect(from, to),
      onRename: (id: string, name: string | null) => latest.current.onRename(id, name),
    }),
    [renaming],
  );
  const boxSelection = useBoxSelection(flow.nodes, selected, events.onSelect);
  const { box } = boxSelection;
  return (
    <Events.Provider value={context}>
      <ReactFlow
        {...boxSelection.handlers}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={(_, __, dragged) =>
          events.onMove(
            dragged
              .filter((n) => n.type === "stage")
              .map((n) => ({
                id: n.id,
                ...dropPlace(flow.lanes, (n as StageNode).data.stage.team, n.position),
              })),
          )
        }
        onConnect={(c: Connection) => c.source !== c.target && events.onConnect(c.source, c.target)}
        onNodeDoubleClick={(_, n) => n.type === "stage" && events.onInspect(n.id)}
        onEdgeDoubleClick={(_, e) => events.onInspect(e.id)}
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
        minZoom={0.05}
      >
        <Background />
        <Overview nodes={flow.nodes} />
        <Controls showInteractive={false} />
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
