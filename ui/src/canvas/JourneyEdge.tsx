import { BaseEdge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { Arrow } from "../flow";
import { backRoute, forwardRoute, roundedPath } from "./routes";

/** An arrow: forward ones turn once in the gap chosen by the router, back ones (rework,
 * loops) run under their cards, and a handoff's owner is written where its arrow leaves the
 * source's lane. */
export const JourneyEdge = memo(function JourneyEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  data,
  label,
  markerEnd,
  interactionWidth,
}: EdgeProps<Arrow>) {
  const source = { x: sourceX, y: sourceY };
  const target = { x: targetX, y: targetY };
  const points = data?.back
    ? backRoute(source, target)
    : forwardRoute(source, target, data?.bendX ?? (sourceX + targetX) / 2);
  // The label: where a handoff crosses out of its lane, else the middle of the longest leg.
  const bend = points[Math.floor(points.length / 2)];
  const labelX = data?.back ? (points[2].x + points[3].x) / 2 : bend.x;
  const labelY = data?.labelY ?? (data?.back ? points[2].y : (sourceY + targetY) / 2);
  return (
    <BaseEdge
      id={id}
      path={roundedPath(points)}
      markerEnd={markerEnd}
      label={label}
      labelX={labelX}
      labelY={labelY}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
      interactionWidth={interactionWidth ?? 16}
    />
  );
});
