import { type NodeProps, useStore } from "@xyflow/react";
import { memo, useContext } from "react";
import { Events } from "./events";
import type { LaneNode } from "./mapping";

/** How far the lane's name must shift right to stay at the window's left edge while the map
 * is panned left (flow units; 0 while the band's start is in view). */
const stickyShift = (s: { transform: [number, number, number] }) =>
  Math.max(0, Math.round(-s.transform[0] / s.transform[2]));

/** A team's band. Its name sits in the band's top padding and stays in view while panning. */
export const LaneBand = memo(function LaneBand({ data }: NodeProps<LaneNode>) {
  const { onFocusLane, onInspectLane } = useContext(Events);
  const shift = Math.min(useStore(stickyShift), Math.max(0, data.width - 180));
  return (
    <div
      className={`lane${data.focused ? " focused" : ""}`}
      data-team={data.team}
      style={{ width: data.width, height: data.height, borderColor: data.color }}
    >
      <button
        type="button"
        className="lane-label nodrag"
        style={{ color: data.color, transform: `translateX(${shift}px)` }}
        onClick={() => onFocusLane(data.team)}
        onDoubleClick={() => onInspectLane(data.team)}
        title="Click to focus this lane (new stages go here); double-click to edit it"
        aria-label={`Lane ${data.name}${data.focused ? ", focused: new stages go here" : ""}`}
      >
        {data.name}
      </button>
    </div>
  );
});
