import { BaseEdge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
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
    <BaseEdge
      id={id}
      path={roundedPath(points)}
      markerEnd={markerEnd}
      // Thicker by the records that took it, when a stage history is shown.
      style={data?.weight === undefined ? undefined : { strokeWidth: 1.5 + data.weight }}
      label={typeof label === "string" ? lines(label) : label}
      labelX={at.x}
      labelY={at.y}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
      interactionWidth={interactionWidth ?? 16}
    />
  );
});

/** A label of several lines (`\n`): React Flow sizes its background from the text's box and
 * centres the text's first line on the spot, so the lines are moved up by half of the others. */
function lines(label: string) {
  const all = label.split("\n");
  if (all.length === 1) return label;
  return all.map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one label, in order
    <tspan key={i} x={0} dy={i === 0 ? `${-0.6 * (all.length - 1)}em` : "1.2em"}>
      {line}
    </tspan>
  ));
}
