/** Where things are on the canvas, in canvas units: a card's size, the lane bands, where each
 * stage is saved and drawn, and which cards a box touches. Plain functions of the map, with
 * no React and no React Flow, so that the editor and the layout can use them too. */
import { CANVAS_STYLE, type Map_Serialize as JourneyMap } from "../bindings";

/** A card's size, the grid and the lane colours come from the core, which the report and
 * the CRM and BPMN imports read too. */
export const CARD_WIDTH = CANVAS_STYLE.card_width;
export const CARD_HEIGHT = CANVAS_STYLE.card_height;
export const LANE_PADDING = CANVAS_STYLE.lane_padding;
export const LANE_LABEL = CANVAS_STYLE.lane_label;
export const COLUMN_PITCH = CANVAS_STYLE.column_pitch;
export const ROW_PITCH = CARD_HEIGHT + CANVAS_STYLE.row_gap;
const EMPTY_LANE_HEIGHT = CARD_HEIGHT + 2 * LANE_PADDING;

/** Where a card's two handles are drawn (React Flow's stylesheet: 8 px squares on the middle of
 * its left and right sides), given with each card so that its arrows are drawn in the same
 * frame as the card; React Flow would otherwise measure them first and draw the arrows frames
 * later (opening a 1,000-stage map took 478 ms with them measured, 236 ms with them given). It
 * still measures them, and would move an arrow if these were off. */
export const CARD_HANDLES = [
  {
    type: "target" as const,
    position: "left" as const,
    x: -2,
    y: CARD_HEIGHT / 2 - 4,
    width: 8,
    height: 8,
  },
  {
    type: "source" as const,
    position: "right" as const,
    x: CARD_WIDTH - 6,
    y: CARD_HEIGHT / 2 - 4,
    width: 8,
    height: 8,
  },
];

/** The colour of the lane at `index` when its team has none of its own. */
export const laneColour = (index: number): string =>
  CANVAS_STYLE.palette[index % CANVAS_STYLE.palette.length];

/** A lane band on the canvas. Stages keep the positions saved in the map; a lane shifts them
 * vertically by `offset` so every stage sits inside its own team's band, whatever its saved
 * y. An empty lane has offset 0. */
export type Lane = { team: string; top: number; height: number; offset: number; color: string };

/** Where each stage is saved: its own position, or a slot in its lane when it has none. */
export function savedPositions(map: JourneyMap): Map<string, { x: number; y: number }> {
  const placed = new Map<string, { x: number; y: number }>();
  const nextInLane = new Map<string, number>();
  for (const stage of map.stages) {
    if (stage.position && stage.position.x !== null && stage.position.y !== null) {
      placed.set(stage.id, { x: stage.position.x, y: stage.position.y });
    } else {
      const column = nextInLane.get(stage.team) ?? 0;
      nextInLane.set(stage.team, column + 1);
      placed.set(stage.id, { x: LANE_LABEL + column * COLUMN_PITCH, y: 0 });
    }
  }
  return placed;
}

/** The lane bands, top to bottom in team order, tall enough for the stages inside. */
export function laneBands(
  map: JourneyMap,
  saved: Map<string, { x: number; y: number }> = savedPositions(map),
): Lane[] {
  const extent = new Map<string, { min: number; max: number }>();
  for (const stage of map.stages) {
    const y = saved.get(stage.id)?.y ?? 0;
    const e = extent.get(stage.team);
    extent.set(
      stage.team,
      e ? { min: Math.min(e.min, y), max: Math.max(e.max, y) } : { min: y, max: y },
    );
  }
  let top = 0;
  return map.teams.map((team, i) => {
    const e = extent.get(team.id);
    const height = e ? e.max - e.min + CARD_HEIGHT + 2 * LANE_PADDING : EMPTY_LANE_HEIGHT;
    const lane = {
      team: team.id,
      top,
      height,
      offset: e ? top + LANE_PADDING - e.min : 0,
      color: team.color ?? laneColour(i),
    };
    top += height;
    return lane;
  });
}

/** Where each stage is drawn: its saved position shifted into its lane's band. */
export function drawnPositions(
  map: JourneyMap,
  saved: Map<string, { x: number; y: number }> = savedPositions(map),
  lanes: Lane[] = laneBands(map, saved),
): Map<string, { x: number; y: number }> {
  const offset = new Map(lanes.map((l) => [l.team, l.offset]));
  const drawn = new Map<string, { x: number; y: number }>();
  for (const s of map.stages) {
    const p = saved.get(s.id) ?? { x: 0, y: 0 };
    drawn.set(s.id, { x: p.x, y: p.y + (offset.get(s.team) ?? 0) });
  }
  return drawn;
}

/** Where a card dropped at `drawn` (canvas coordinates) is saved: in the lane under its
 * middle, `team` set when that is another team's lane, its y undone from that lane's shift. */
export function dropPlace(
  lanes: Lane[],
  team: string,
  drawn: { x: number; y: number },
): { team: string | null; x: number; y: number } {
  const under = laneAt(lanes, drawn.y + CARD_HEIGHT / 2);
  const moved = under && under.team !== team ? under : null;
  const lane = moved ?? lanes.find((l) => l.team === team);
  return {
    team: moved?.team ?? null,
    x: Math.round(drawn.x),
    y: Math.round(drawn.y - (lane?.offset ?? 0)),
  };
}

/** The lane under a canvas y, or the nearest one above or below the bands. */
export function laneAt(lanes: Lane[], y: number): Lane | undefined {
  if (lanes.length === 0) return undefined;
  return lanes.find((l) => y >= l.top && y < l.top + l.height) ?? (y < 0 ? lanes[0] : lanes.at(-1));
}

/** The stage cards a selection box (canvas coordinates, corners in any order) touches. */
export function stagesInBox(
  nodes: { id: string; type?: string; position: { x: number; y: number } }[],
  a: { x: number; y: number },
  b: { x: number; y: number },
): string[] {
  const [left, right] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [top, bottom] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return nodes
    .filter(
      (n) =>
        n.type === "stage" &&
        n.position.x < right &&
        n.position.x + CARD_WIDTH > left &&
        n.position.y < bottom &&
        n.position.y + CARD_HEIGHT > top,
    )
    .map((n) => n.id);
}
