/** A small journey for the UI tests: two lanes, three stages, a handoff. */
import type { Map_Serialize as JourneyMap } from "./bindings";

export function journey(): JourneyMap {
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
