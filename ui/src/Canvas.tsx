import {
  Background,
  Controls,
  Handle,
  MiniMap,
  type NodeProps,
  Position,
  ReactFlow,
} from "@xyflow/react";
import { memo, useMemo } from "react";
import type { Analysis_Serialize as Analysis, Map_Serialize as JourneyMap } from "./bindings";
import { flaggedIds } from "./findings";
import { CARD_HEIGHT, CARD_WIDTH, type LaneNode, mapToFlow, type StageNode } from "./flow";

const StageCard = memo(function StageCard({ data, selected }: NodeProps<StageNode>) {
  const { stage, owner, flagged } = data;
  return (
    <div
      className={`stage-card kind-${stage.kind}${flagged ? " flagged" : ""}${selected ? " selected" : ""}`}
      data-stage-id={stage.id}
      style={{ width: CARD_WIDTH, height: CARD_HEIGHT }}
    >
      <Handle type="target" position={Position.Left} />
      {stage.kind !== "stage" && <div className="kind">{stage.kind}</div>}
      <div className="name">{stage.name}</div>
      <div className={stage.owners.length === 0 ? "owner missing" : "owner"}>{owner}</div>
      {flagged && <span className="marker" title="Has findings" />}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const LaneBand = memo(function LaneBand({ data }: NodeProps<LaneNode>) {
  return (
    <div
      className="lane"
      style={{ width: data.width, height: data.height, borderColor: data.color }}
    >
      <span style={{ color: data.color }}>{data.name}</span>
    </div>
  );
});

// Declared once, outside any component, as React Flow requires for speed.
const nodeTypes = { stage: StageCard, lane: LaneBand };

export function Canvas({
  map,
  analysis,
  selected,
}: {
  map: JourneyMap;
  analysis: Analysis;
  selected: Set<string>;
}) {
  const { nodes, edges } = useMemo(() => {
    const flow = mapToFlow(map, flaggedIds(analysis.findings));
    return {
      nodes: flow.nodes.map((n) => ({ ...n, selected: selected.has(n.id) })),
      edges: flow.edges.map((e) => ({ ...e, selected: selected.has(e.id) })),
    };
  }, [map, analysis, selected]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      fitView
      onlyRenderVisibleElements
      nodesConnectable={false}
      minZoom={0.1}
    >
      <Background />
      <MiniMap pannable zoomable />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
