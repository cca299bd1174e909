import { cleanup, render } from "@testing-library/react";
import { ReactFlowProvider, useStoreApi } from "@xyflow/react";
import { type ComponentProps, useEffect } from "react";
import { afterEach, beforeAll, expect, it } from "vitest";
import type { Map_Serialize as JourneyMap } from "./bindings";
import { Canvas } from "./Canvas";
import type { CanvasEvents } from "./canvas/events";
import { journey } from "./fixtures";

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no ResizeObserver; React Flow and the legend only need it to exist here.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const events: CanvasEvents = {
  onSelect: () => {},
  onFocusLane: () => {},
  onInspectLane: () => {},
  onInspect: () => {},
  onMove: () => {},
  onConnect: () => {},
  onRename: () => {},
};

/** The canvas's inputs but the map, made once as the app keeps them between edits. */
const unchanged: Omit<ComponentProps<typeof Canvas>, "map"> = {
  history: null,
  crm: null,
  findings: [],
  errorsOnly: false,
  onErrorsOnly: () => {},
  selected: new Set(),
  compared: null,
  focusedTeam: null,
  renaming: null,
  frame: { serial: 0, mode: "open", ids: [] },
  events,
  caption: { current: null },
  others: new Map(),
};

type Store = ReturnType<typeof useStoreApi>;

/** React Flow's store, and how many times it was updated: each update runs every selector in
 * it again (over every card and arrow on a large map). */
function Probe({ seen }: { seen: { store?: Store; updates: number } }) {
  const store = useStoreApi();
  seen.store = store;
  useEffect(() => store.subscribe(() => seen.updates++), [store, seen]);
  return null;
}

function drawn(map: JourneyMap, seen: { updates: number }, selected = unchanged.selected) {
  return (
    <ReactFlowProvider>
      <Canvas {...unchanged} map={map} selected={selected} />
      <Probe seen={seen} />
    </ReactFlowProvider>
  );
}

it("hands React Flow an edit as one store update: its arrows, not the canvas's handlers again", () => {
  const map = journey();
  const seen = { updates: 0 };
  const { rerender } = render(drawn(map, seen));
  seen.updates = 0;
  // An owner named on one arrow, patched as the app patches a map: a new transition and list.
  const [first, ...rest] = map.transitions;
  const edited = { ...map, transitions: [{ ...first, owners: [map.people[0].id] }, ...rest] };
  rerender(drawn(edited, seen));
  expect(seen.updates).toBe(1);
  // A render that changes nothing on the canvas (a dialog opening) updates nothing.
  rerender(drawn(edited, seen));
  expect(seen.updates).toBe(1);
});

it("selecting a card hands React Flow that card anew and every other card as it was", () => {
  const map = journey();
  const seen: { store?: Store; updates: number } = { updates: 0 };
  const { rerender } = render(drawn(map, seen));
  const nodes = () => seen.store?.getState().nodes ?? [];
  const before = nodes();
  const chosen = map.stages[0].id;
  rerender(drawn(map, seen, new Set([chosen])));
  const after = nodes();
  expect(after.find((n) => n.id === chosen)?.selected).toBe(true);
  const kept = after.filter((n, i) => n === before[i]).map((n) => n.id);
  expect(kept).toEqual(before.map((n) => n.id).filter((id) => id !== chosen));
});
