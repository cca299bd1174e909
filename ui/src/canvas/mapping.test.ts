import { describe, expect, it } from "vitest";
import type { Finding } from "../bindings";
import { marksOf } from "../findings";
import { journey } from "../fixtures";
import { duration, leakText, recordKind } from "./counts";
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  drawnPositions,
  dropPlace,
  laneAt,
  stagesInBox,
} from "./geometry";
import { canvasCache, type LaneNode, laneTracks, type StageNode, toCanvas } from "./mapping";
import { backRoute, forwardRoute } from "./routes";
import { crowded, labelBoxes, overlappingLabels } from "./testing";

const finding = (rule: string, severity: Finding["severity"], subjects: string[]): Finding =>
  ({ rule, severity, subjects, message: rule, fix: "" }) as Finding;

describe("toCanvas", () => {
  it("draws one band per team, in team order, behind the stages", () => {
    const { nodes } = toCanvas(journey(), new Map());
    const lanes = nodes.filter((n): n is LaneNode => n.type === "lane");
    expect(lanes.map((l) => l.data.name)).toEqual(["Marketing", "Sales development"]);
    expect(lanes[1].data.color).toBe("#7c3aed");
    expect(lanes[0].position.y + lanes[0].data.height).toBeLessThanOrEqual(lanes[1].position.y);
    expect(lanes.every((l) => l.zIndex === -1)).toBe(true);
  });

  it("puts each stage inside its team's band and names its owner", () => {
    const { nodes } = toCanvas(journey(), new Map());
    const lanes = new Map(nodes.filter((n) => n.type === "lane").map((l) => [l.id, l as LaneNode]));
    for (const node of nodes.filter((n): n is StageNode => n.type === "stage")) {
      const lane = lanes.get(`lane:${node.data.stage.team}`);
      expect(lane).toBeDefined();
      expect(node.position.y).toBeGreaterThanOrEqual(lane?.position.y ?? Number.NaN);
      expect(node.position.y).toBeLessThan((lane?.position.y ?? 0) + (lane?.data.height ?? 0));
    }
    const lead = nodes.find((n) => n.id === "lead") as StageNode;
    expect(lead.data.owner).toBe("Ana Ruiz");
    expect((nodes.find((n) => n.id === "mql") as StageNode).data.owner).toBe("No owner");
  });

  it("sets handoffs apart, labelled with their owner, and marks each severity apart", () => {
    const marks = marksOf([
      finding("handoff-without-sla", "warning", ["t2"]),
      finding("missing-criteria", "info", ["mql"]),
      finding("dead-end-stage", "error", ["mql"]),
    ]);
    const map = journey();
    map.stages[2].position = { x: 700, y: 0 };
    const { edges, nodes } = toCanvas(map, marks);
    const within = edges.find((e) => e.id === "t1");
    const handoff = edges.find((e) => e.id === "t2");
    expect(within?.className).toBe("");
    expect(handoff?.className).toBe("handoff warning");
    expect(handoff?.label).toBe("Ana Ruiz");
    expect(handoff?.markerEnd).toMatchObject({ color: "#b45309" });
    expect(within?.markerEnd).toMatchObject({ color: "#4b5563" });
    const stage = (id: string) => nodes.find((n) => n.id === id) as StageNode;
    expect(stage("mql").data.severity).toBe("error");
    expect(stage("lead").data.severity).toBe(null);
    // Screen readers hear names, never ids.
    expect(stage("mql").ariaLabel).toBe("Stage MQL in Marketing, no owner, 1 error, 1 note");
    expect(handoff?.ariaLabel).toBe("Handoff from MQL to SAL, owner Ana Ruiz, 1 warning");
  });

  it("routes back arrows under their cards and forward ones through free gaps", () => {
    const map = journey();
    map.stages[0].position = { x: 200, y: 0 };
    map.stages[1].position = { x: 700, y: 0 };
    map.transitions.push({ ...map.transitions[0], id: "back", from: "mql", to: "lead" });
    const { edges } = toCanvas(map, new Map());
    expect(edges.find((e) => e.id === "back")?.data?.back).toBe(true);
    expect(edges.find((e) => e.id === "t1")?.data?.back).toBe(false);
  });

  it("reuses the arrows' routes while no card moves, and routes again once one does", () => {
    const map = journey();
    map.stages[0].position = { x: 200, y: 0 };
    map.stages[1].position = { x: 700, y: 0 };
    const cache = canvasCache();
    const first = toCanvas(map, new Map(), null, cache).edges.find((e) => e.id === "t1");
    const renamed = {
      ...map,
      stages: map.stages.map((s, i) => (i === 0 ? { ...s, name: "L" } : s)),
    };
    const again = toCanvas(renamed, new Map(), null, cache).edges.find((e) => e.id === "t1");
    expect(again?.data?.route).toBe(first?.data?.route);
    const moved = {
      ...map,
      stages: map.stages.map((s, i) => (i === 1 ? { ...s, position: { x: 950, y: 0 } } : s)),
    };
    const after = toCanvas(moved, new Map(), null, cache).edges.find((e) => e.id === "t1");
    expect(after?.data?.route).not.toEqual(first?.data?.route);
  });

  it("draws again only what an edit touched: every other card and arrow is the same object", () => {
    const map = journey();
    const cache = canvasCache();
    const first = toCanvas(map, new Map(), null, cache);
    const t2 = map.transitions[1];
    // Someone added to the map as well (undoing and redoing an owner typed in does that).
    const edited = {
      ...map,
      people: [...map.people, { ...map.people[0], id: "new", name: "New person" }],
      transitions: map.transitions.map((t) => (t === t2 ? { ...t, owners: [] } : t)),
    };
    const marks = new Map([
      [t2.id, { worst: "error" as const, counts: { error: 1, warning: 0, info: 0 } }],
    ]);
    const second = toCanvas(edited, marks, null, cache);
    for (const node of second.nodes) expect(node).toBe(first.nodes.find((n) => n.id === node.id));
    for (const edge of second.edges) {
      const before = first.edges.find((e) => e.id === edge.id);
      if (edge.id === t2.id) {
        expect(edge).not.toBe(before);
        expect(edge.data?.severity).toBe("error");
      } else expect(edge).toBe(before);
    }
    // A stage renamed is a new card; a card moved re-routes every arrow.
    const renamed = {
      ...edited,
      stages: edited.stages.map((s, i) => (i === 0 ? { ...s, name: "New" } : s)),
    };
    const third = toCanvas(renamed, marks, null, cache);
    expect(third.nodes.find((n) => n.id === renamed.stages[0].id)).not.toBe(
      second.nodes.find((n) => n.id === renamed.stages[0].id),
    );
    expect(third.nodes.find((n) => n.id === renamed.stages[1].id)).toBe(
      second.nodes.find((n) => n.id === renamed.stages[1].id),
    );
    const moved = {
      ...renamed,
      stages: renamed.stages.map((s, i) => (i === 1 ? { ...s, position: { x: 900, y: 0 } } : s)),
    };
    const fourth = toCanvas(moved, marks, null, cache);
    for (const edge of fourth.edges)
      expect(edge).not.toBe(third.edges.find((e) => e.id === edge.id));
  });

  it("lays a stage history over the map: counts on cards and arrows, paths it lacks dashed", () => {
    const map = journey();
    const stat = (id: string, entered: number, current: number) => ({
      id,
      entered,
      current,
      median_hours: null,
      p90_hours: null,
      over_sla: null,
    });
    const history = {
      log: { name: "history.csv", size: 100, sha256: "" },
      flow: {
        format: "throughline-flow/1",
        map: "Inbound",
        log: { events: 9, cases: 4, from: null, to: null, unmatched: [], ambiguous: [] },
        stages: [stat("lead", 4, 1), stat("mql", 2, 0), stat("sal", 3, 3)],
        transitions: [
          { id: "t1", records: 2, share: 2 / 3, median_hours: 1, p90_hours: 1, over_sla: null },
          { id: "t2", records: 2, share: 1, median_hours: 1, p90_hours: 1, over_sla: null },
        ],
        undocumented: [{ from: "lead", to: "sal", records: 1, median_hours: 5, p90_hours: 5 }],
        findings: [],
      },
      found: [],
    };
    const { nodes, edges } = toCanvas(map, new Map(), null, canvasCache(), history);
    expect((nodes.find((n) => n.id === "lead") as StageNode).data.history).toEqual({
      entered: 4,
      current: 1,
      median: null,
      overSla: null,
    });
    expect(edges.find((e) => e.id === "t1")?.label).toBe("2 · 67% · 1 h");
    // A handoff keeps its owner first; arrows are as thick as their share of the busiest.
    expect(edges.find((e) => e.id === "t2")?.label).toMatch(/ · 2 · 100% · 1 h$/);
    expect(edges.find((e) => e.id === "t2")?.data?.weight).toBe(5);
    const ghost = edges.find((e) => e.id === "undocumented:lead:sal");
    expect(ghost?.label).toBe("1 not on the map · click to draw");
    expect(ghost?.className).toBe("undocumented");
    // Once the map draws the path, it is an arrow like the others.
    map.transitions.push({ ...map.transitions[0], id: "t3", from: "lead", to: "sal" });
    const redrawn = toCanvas(map, new Map(), null, canvasCache(), history).edges;
    expect(redrawn.find((e) => e.id === "undocumented:lead:sal")).toBeUndefined();
    // Without a history nothing is added.
    expect(toCanvas(map, new Map()).edges).toHaveLength(map.transitions.length);
  });

  it("keeps arrows' labels clear of each other: a fan of handoffs out of one stage", () => {
    const map = journey();
    const mql = map.stages.find((s) => s.id === "mql");
    if (!mql) throw new Error("the fixture has an MQL");
    mql.position = { x: 0, y: 40 };
    for (const [i, x] of [280, 560, 840].entries()) {
      const id = `sal${i}`;
      map.stages.push({ ...map.stages[2], id, name: `SAL ${i}`, position: { x, y: 200 } });
      map.transitions.push({ ...map.transitions[1], id: `fan${i}`, to: id, owners: [] });
    }
    const { edges } = toCanvas(map, new Map());
    expect(labelBoxes(edges).length).toBeGreaterThan(3);
    expect(overlappingLabels(edges)).toEqual([]);
  });

  it("moves no other label when an edit changes one label, and keeps them apart", () => {
    const map = journey();
    const mql = map.stages.find((s) => s.id === "mql");
    if (!mql) throw new Error("the fixture has an MQL");
    mql.position = { x: 0, y: 40 };
    for (const [i, x] of [280, 560, 840, 1120].entries()) {
      const id = `sal${i}`;
      map.stages.push({ ...map.stages[2], id, name: `SAL ${i}`, position: { x, y: 200 } });
      map.transitions.push({ ...map.transitions[1], id: `fan${i}`, to: id, owners: [] });
    }
    const cache = canvasCache();
    const spots = (edges: ReturnType<typeof toCanvas>["edges"]) =>
      new Map(edges.map((e) => [e.id, e.data?.labelAt]));
    const before = spots(toCanvas(map, new Map(), null, cache).edges);
    // An owner with a short name on the first of the fan: its label shrinks, which from
    // scratch would let the labels pushed aside by it come back; they stay where they are.
    // Patched as the app patches a map: the changed transition and list are new objects.
    map.people = [...map.people, { ...map.people[0], id: "x", name: "X" }];
    map.transitions = map.transitions.map((t) => (t.id === "fan0" ? { ...t, owners: ["x"] } : t));
    const after = toCanvas({ ...map }, new Map(), null, cache).edges;
    expect(after.find((e) => e.id === "fan0")?.label).toBe("X");
    for (const [id, at] of spots(after)) if (id !== "fan0") expect(at).toEqual(before.get(id));
    // And from scratch the same labels still keep clear of each other.
    const fresh = toCanvas({ ...map }, new Map()).edges;
    for (const drawn of [after, fresh]) expect(overlappingLabels(drawn)).toEqual([]);
  });

  it("keeps arrows' labels clear of the other arrows' lines on a crowded map", () => {
    const map = crowded(18, 300);
    const { nodes, edges } = toCanvas(map, new Map());
    const at = new Map(nodes.map((n) => [n.id, n.position]));
    const lines = edges.map((e) => {
      const p = at.get(e.source) ?? { x: 0, y: 0 };
      const q = at.get(e.target) ?? { x: 0, y: 0 };
      const source = { x: p.x + CARD_WIDTH, y: p.y + CARD_HEIGHT / 2 };
      const target = { x: q.x, y: q.y + CARD_HEIGHT / 2 };
      const points = e.data?.back
        ? backRoute(source, target)
        : forwardRoute(
            source,
            target,
            e.data?.route ?? { kind: "bend", x: (source.x + target.x) / 2 },
          );
      return { id: e.id, points };
    });
    const labelled = labelBoxes(edges);
    expect(labelled.length).toBeGreaterThan(20);
    const crossed = labelled.flatMap(({ id, l, r, t, b }) => {
      return lines
        .filter((line) => line.id !== id)
        .filter((line) =>
          line.points.slice(1).some((q, k) => {
            const p = line.points[k];
            return (
              Math.min(p.x, q.x) < r &&
              Math.max(p.x, q.x) > l &&
              Math.min(p.y, q.y) < b &&
              Math.max(p.y, q.y) > t
            );
          }),
        )
        .map((line) => `${id} crossed by ${line.id}`);
    });
    expect(crossed).toEqual([]);
  });

  it("keeps saved columns and the arrangement inside a lane", () => {
    const map = journey();
    map.stages[0].position = { x: 200, y: 500 };
    map.stages[1].position = { x: 640, y: 560 };
    const { nodes } = toCanvas(map, new Map());
    const lead = nodes.find((n) => n.id === "lead")?.position;
    const mql = nodes.find((n) => n.id === "mql")?.position;
    expect(lead?.x).toBe(200);
    expect(mql?.x).toBe(640);
    expect((mql?.y ?? 0) - (lead?.y ?? 0)).toBe(60);
  });

  it("draws a stage in its own lane whatever y was saved", () => {
    const map = journey();
    // Saved far below every lane, as a map written by another tool might be.
    map.stages[2].position = { x: 300, y: -4000 };
    const { nodes, lanes } = toCanvas(map, new Map());
    const sal = nodes.find((n) => n.id === "sal")?.position.y ?? Number.NaN;
    const band = lanes[1];
    expect(sal).toBeGreaterThanOrEqual(band.top);
    expect(sal + CARD_HEIGHT).toBeLessThanOrEqual(band.top + band.height);
    expect(laneAt(lanes, sal + 1)?.team).toBe("sdr");
    expect(drawnPositions(map).get("sal")?.y).toBe(sal);
  });

  it("marks the focused lane, criteria status and transition ids", () => {
    const map = journey();
    map.stages[0].entry = [{ text: "Form filled" }];
    map.stages[1].entry = [{ text: "Score over 50" }];
    map.stages[1].exit = [{ text: "Accepted" }];
    const { nodes, edges } = toCanvas(map, new Map(), "sdr");
    const lanes = nodes.filter((n): n is LaneNode => n.type === "lane");
    expect(lanes.map((l) => l.data.focused)).toEqual([false, true]);
    const status = (id: string) => (nodes.find((n) => n.id === id) as StageNode).data.criteria;
    expect([status("lead"), status("mql"), status("sal")]).toEqual(["partial", "ok", "none"]);
    expect(edges[0].domAttributes).toEqual({ "data-transition-id": "t1" });
  });
});

describe("duration", () => {
  it("gives minutes under an hour, hours under two days, then days", () => {
    expect([0.25, 1, 16.4, 47.9, 48, 65].map(duration)).toEqual([
      "15 min",
      "1 h",
      "16 h",
      "48 h",
      "2.0 d",
      "2.7 d",
    ]);
  });
});

describe("dropPlace", () => {
  it("hands a card dropped in another lane to that team, and keeps it in place otherwise", () => {
    const map = journey();
    map.stages[0].position = { x: 170, y: 400 };
    map.stages[1].position = { x: 430, y: 400 };
    const { lanes } = toCanvas(map, new Map());
    const [mkt, sdr] = lanes;
    expect(mkt.top).toBe(0);
    // Within its own lane: saved back in the lane's own coordinates.
    const stay = dropPlace(lanes, "mkt", { x: 300.4, y: mkt.top + 40 });
    // The lane draws y=400 at its top padding (28): a drop 40 below its top is saved at 412.
    expect(stay).toEqual({ team: null, x: 300, y: 412 });
    // Into the next lane: handed over, drawn where it was dropped.
    const moved = dropPlace(lanes, "mkt", { x: 300, y: sdr.top + 20 });
    expect(moved.team).toBe("sdr");
    expect(moved.y + sdr.offset).toBe(sdr.top + 20);
  });
});

describe("node sizes", () => {
  it("are given as already measured, so React Flow never re-measures every card", () => {
    const { nodes } = toCanvas(journey(), new Map());
    for (const node of nodes) {
      expect(node.measured).toEqual({ width: node.width, height: node.height });
    }
  });
});

describe("stagesInBox", () => {
  it("selects the cards a box touches, dragged in any direction, and never a lane", () => {
    const { nodes } = toCanvas(journey(), new Map());
    const at = (id: string) => nodes.find((n) => n.id === id)?.position ?? { x: 0, y: 0 };
    const lead = at("lead");
    const mql = at("mql");
    // From just inside Lead's corner to just inside MQL's: both touched.
    const from = { x: lead.x + 5, y: lead.y + 5 };
    const to = { x: mql.x + 5, y: mql.y + 5 };
    expect(stagesInBox(nodes, from, to).sort()).toEqual(["lead", "mql"]);
    expect(stagesInBox(nodes, to, from).sort()).toEqual(["lead", "mql"]);
    // Empty canvas left of every card touches nothing, though it lies on a lane band.
    expect(stagesInBox(nodes, { x: 0, y: lead.y }, { x: lead.x - 1, y: lead.y + 10 })).toEqual([]);
  });
});

describe("records across kinds on the canvas", () => {
  it("says on a handoff where the record changes how many never became the other kind", () => {
    const deal = { ...journey().stages[0], system: { name: "HubSpot", object: "Deals" } };
    const took = {
      id: "t",
      records: 728,
      share: 0.7,
      median_hours: 30,
      p90_hours: 60,
      over_sla: null,
      leaked: 352,
      waiting: 40,
      skipped: 3,
      reached: 1080,
      entered: 731,
    };
    expect(leakText(took, deal)).toBe("312 of 1,040 never became a deal");
    const within = { id: "t", records: 5, share: 1, median_hours: 1, p90_hours: 1, over_sla: null };
    expect(leakText(within, deal)).toBeNull();
  });

  it("says which kind of record each lane tracks, when the map says", () => {
    const map = journey();
    expect(laneTracks(map)).toEqual([]);
    map.stages[0].system = { name: "HubSpot", object: "contacts" };
    const [first] = map.stages;
    const lane = map.teams.find((t) => t.id === first.team)?.name;
    expect(laneTracks(map)).toEqual([`${lane}: contact`]);
    expect(recordKind("Opportunities")).toBe("opportunity");
    expect(recordKind("Address")).toBe("address");
  });
});
