import { BaseEdge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { ArrowLabel } from "./ArrowLabel";
import type { Arrow } from "./arrows";
import { backRoute, forwardRoute, labelAt, roundedPath } from "./routes";

/** An arrow: forward ones along the route chosen by the router, back ones (rework, loops)
 * under their cards, and a handoff's owner written where its arrow leaves the source's lane. */
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
    : forwardRoute(source, target, data?.route ?? { kind: "bend", x: (sourceX + targetX) / 2 });
  // Placed by the mapping, clear of the cards; on the arrow's own points otherwise.
  const at = data?.labelAt ?? labelAt(points, data?.labelY ?? null);
  return (
    <>
      <BaseEdge
        id={id}
        path={roundedPath(points)}
        markerEnd={markerEnd}
        // Thicker by the records that took it, when a stage history is shown.
        style={data?.weight === undefined ? undefined : { strokeWidth: 1.5 + data.weight }}
        interactionWidth={interactionWidth ?? 16}
      />
      {typeof label === "string" && label && <ArrowLabel x={at.x} y={at.y} text={label} />}
    </>
  );
});
