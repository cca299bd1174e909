import { describe, expect, it } from "vitest";
import type { Map_Serialize as JourneyMap } from "./bindings";
import { type LaneNode, mapToFlow, type StageNode } from "./flow";

function journey(): JourneyMap {
  return {
    format: "throughline/1",
    name: "Inbound",
    teams: [
      { id: "mkt", name: "Marketing" },
      { id: "sdr", name: "Sales development", color: "#7c3aed" },
    ],
    people: [{ id: "ana", name: "Ana Ruiz", team: "mkt" }],
    stages: [
      {
        id: "lead",
        name: "Lead",
        team: "mkt",
        kind: "entry",
        owners: ["ana"],
        entry: [],
        exit: [],
      },
      { id: "mql", name: "MQL", team: "mkt", kind: "stage", owners: [], entry: [], exit: [] },
      { id: "sal", name: "SAL", team: "sdr", kind: "stage", owners: [], entry: [], exit: [] },
    ],
    transitions: [
      { id: "t1", from: "lead", to: "mql", owners: [], criteria: [] },
      { id: "t2", from: "mql", to: "sal", owners: ["ana"], criteria: [] },
    ],
    terms: [],
    waivers: [],
  } as unknown as JourneyMap;
}

describe("mapToFlow", () => {
  it("draws one band per team, in team order, behind the stages", () => {
    const { nodes } = mapToFlow(journey(), new Set());
    const lanes = nodes.filter((n): n is LaneNode => n.type === "lane");
    expect(lanes.map((l) => l.data.name)).toEqual(["Marketing", "Sales development"]);
    expect(lanes[1].data.color).toBe("#7c3aed");
    expect(lanes[0].position.y + lanes[0].data.height).toBeLessThanOrEqual(lanes[1].position.y);
    expect(lanes.every((l) => l.zIndex === -1)).toBe(true);
  });

  it("puts each stage inside its team's band and names its owner", () => {
    const { nodes } = mapToFlow(journey(), new Set());
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

  it("sets handoffs apart, labelled with their owner, and marks flagged ones", () => {
    const { edges, nodes } = mapToFlow(journey(), new Set(["t2", "mql"]));
    const within = edges.find((e) => e.id === "t1");
    const handoff = edges.find((e) => e.id === "t2");
    expect(within?.className).toBe("");
    expect(handoff?.className).toBe("handoff flagged");
    expect(handoff?.label).toBe("Ana Ruiz");
    expect((nodes.find((n) => n.id === "mql") as StageNode).data.flagged).toBe(true);
    expect((nodes.find((n) => n.id === "lead") as StageNode).data.flagged).toBe(false);
  });

  it("keeps saved positions", () => {
    const map = journey();
    map.stages[1].position = { x: 640, y: 12 };
    const { nodes } = mapToFlow(map, new Set());
    expect(nodes.find((n) => n.id === "mql")?.position).toEqual({ x: 640, y: 12 });
  });
});
