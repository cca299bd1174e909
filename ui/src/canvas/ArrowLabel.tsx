import { memo } from "react";

/** An arrow's label as the canvas's CSS sets it (`.react-flow__edge-text`: 11 px, semibold). */
const SIZE = 11;
const WEIGHT = 600;
const LINE = SIZE * 1.2;
/** Room between the text and the edge of its white ground. */
const PAD = { x: 4, y: 2 };

let measure: CanvasRenderingContext2D | null | undefined;

/** How `text` is drawn, from the font's own metrics in a canvas that is never shown
 * (measuring the drawn text instead, with getBBox, lays out the whole canvas first): its width,
 * and how far the font reaches above and below the baseline. */
function metrics(text: string): { width: number; ascent: number; descent: number } {
  if (measure === undefined) {
    measure = document.createElement("canvas").getContext("2d");
    if (measure) {
      const family = getComputedStyle(document.documentElement).fontFamily;
      measure.font = `${WEIGHT} ${SIZE}px ${family}`;
    }
  }
  const m = measure?.measureText(text);
  // Without a canvas (a test's DOM): as the label's placement assumes (`labelSize`).
  return {
    width: m?.width ?? text.length * 6.5,
    ascent: m?.fontBoundingBoxAscent ?? SIZE * 0.93,
    descent: m?.fontBoundingBoxDescent ?? SIZE * 0.24,
  };
}

/** An arrow's label on its ground, centred on (x, y); lines apart on `\n`.
 *
 * Ours rather than React Flow's EdgeText, which measures its text with getBBox in an effect
 * after every change and draws again: a forced layout of the canvas and a second render, 3–6 ms
 * of each edit's round trip on a 500-stage map. */
export const ArrowLabel = memo(function ArrowLabel({
  x,
  y,
  text,
}: {
  x: number;
  y: number;
  text: string;
}) {
  const lines = text.split("\n");
  const measured = lines.map(metrics);
  const width = Math.max(...measured.map((m) => m.width));
  const { ascent, descent } = measured[0];
  // The text's own box, lines LINE apart, centred on the spot; its ground around it.
  const height = (lines.length - 1) * LINE + ascent + descent;
  const top = -height / 2;
  return (
    <g className="react-flow__edge-textwrapper" transform={`translate(${x} ${y})`}>
      <rect
        className="react-flow__edge-textbg"
        x={-width / 2 - PAD.x}
        y={top - PAD.y}
        width={width + 2 * PAD.x}
        height={height + 2 * PAD.y}
        rx={3}
        ry={3}
      />
      <text className="react-flow__edge-text" textAnchor="middle">
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one label, in order
          <tspan key={i} x={0} y={top + ascent + i * LINE}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
});
