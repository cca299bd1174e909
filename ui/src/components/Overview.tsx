import { Panel, useReactFlow, useStore } from "@xyflow/react";
import { memo, type PointerEvent, useMemo } from "react";
import { CARD_HEIGHT, CARD_WIDTH } from "../canvas/geometry";
import type { JourneyNode } from "../canvas/mapping";
import { canvasPoint, extent, overviewBox, visibleArea } from "../overview";

const SIZE = { width: 200, height: 150 };

/** Lanes and cards as the map saved them, drawn once per edit. */
const Drawing = memo(function Drawing({ nodes }: { nodes: JourneyNode[] }) {
  return (
    <g>
      {nodes.map((n) =>
        n.type === "lane" ? (
          <rect
            key={n.id}
            className="overview-lane"
            data-team={n.data.team}
            x={n.position.x}
            y={n.position.y}
            width={n.data.width}
            height={n.data.height}
            fill={`${n.data.color}22`}
          />
        ) : (
          <rect
            key={n.id}
            className={
              n.data.severity ? `overview-stage flagged ${n.data.severity}` : "overview-stage"
            }
            x={n.position.x}
            y={n.position.y}
            width={CARD_WIDTH}
            height={CARD_HEIGHT}
          />
        ),
      )}
    </g>
  );
});

/** The whole journey in the corner, with the part on screen framed; click or drag in it to
 * move the view there, scroll in it to zoom.
 *
 * Ours rather than React Flow's MiniMap, which redraws from the live nodes: while a card is
 * dragged on a 1,000-stage map that cost about 18 ms of every frame. This one draws the saved
 * map, so a drag changes nothing here until the card is dropped; only the frame follows the
 * view. */
export const Overview = memo(function Overview({ nodes }: { nodes: JourneyNode[] }) {
  const transform = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const { setCenter, zoomTo } = useReactFlow();
  const content = useMemo(() => extent(nodes), [nodes]);
  const cards = useMemo(() => extent(nodes.filter((n) => n.type === "stage")), [nodes]);
  const view = visibleArea(transform, { x: 0, y: 0, width: paneWidth, height: paneHeight });
  const box = overviewBox(content, view);
  // With every card on screen there is nowhere to go: the overview steps aside (it stays
  // drawn, hidden, so that it is current when the map outgrows the window).
  const whole =
    view.x <= cards.x &&
    view.y <= cards.y &&
    view.x + view.width >= cards.x + cards.width &&
    view.y + view.height >= cards.y + cards.height;

  const moveTo = (e: PointerEvent<SVGSVGElement>) => {
    const bounds = e.currentTarget.getBoundingClientRect();
    const point = canvasPoint(box, SIZE, {
      x: e.clientX - bounds.left,
      y: e.clientY - bounds.top,
    });
    setCenter(point.x, point.y, { zoom: transform[2] });
  };
  return (
    <Panel position="bottom-right" className={whole ? "overview-aside" : undefined}>
      <svg
        className="overview"
        role="img"
        aria-label="Overview of the whole map"
        width={SIZE.width}
        height={SIZE.height}
        viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) moveTo(e);
        }}
        onWheel={(e) => zoomTo(transform[2] * (e.deltaY < 0 ? 1.2 : 1 / 1.2))}
      >
        <Drawing nodes={nodes} />
        {/* Everything outside the view is dimmed. */}
        <path
          className="overview-mask"
          fillRule="evenodd"
          d={`M${box.x},${box.y}h${box.width}v${box.height}h${-box.width}z
              M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`}
        />
        <rect
          className="overview-view"
          x={view.x}
          y={view.y}
          width={view.width}
          height={view.height}
        />
      </svg>
    </Panel>
  );
});
