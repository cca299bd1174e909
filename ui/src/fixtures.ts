/** A small journey for the UI tests: two lanes, three stages, a handoff. The map itself is
 * kept with the other shared fixtures, where a Rust test checks that the core accepts it. */

import data from "../../tests/fixtures/ui-journey.json";
import type {
  Map_Serialize as JourneyMap,
  MapPatch_Serialize as MapPatch,
  Participant_Serialize as Participant,
  Snapshot_Serialize as Snapshot,
  Summary_Serialize as Summary,
  SyncState_Serialize as SyncState,
  Update_Serialize as Update,
} from "./bindings";

export function journey(): JourneyMap {
  return structuredClone(data) as unknown as JourneyMap;
}

/** A patch that renames nothing and touches no list: tests add what their edit changed. */
export function untouched(name = "Inbound", changed: Partial<MapPatch> = {}): MapPatch {
  return {
    name,
    description: null,
    waivers: [],
    severities: {},
    teams: null,
    people: null,
    stages: null,
    transitions: null,
    terms: null,
    ...changed,
  };
}

/** An update as the shell sends it after an edit: the patch, no findings, undo possible. */
export function updateWith(revision: number, patch: MapPatch, findings: number[] = []): Update {
  return {
    revision,
    path: "/maps/inbound.throughline",
    read_only: null,
    patch,
    findings,
    waived: [],
    summary: {} as Summary,
    can_undo: true,
    can_redo: false,
    conflicts: [],
  };
}

/** A map's sharing when it is not shared. */
export const NOT_SHARED: SyncState = {
  connection: { state: "not_shared" },
  people: [],
  links: null,
  problem: null,
};

/** A whole snapshot of `map` at `revision`, no findings, not shared. */
export function snapshotOf(map: JourneyMap, revision = 1): Snapshot {
  return {
    revision,
    path: "/maps/inbound.throughline",
    read_only: null,
    map,
    analysis: { findings: [], waived: [], summary: {} as Summary },
    history: null,
    crm: null,
    can_undo: false,
    can_redo: false,
    conflicts: [],
    sync: NOT_SHARED,
    left_out: [],
  };
}

/** A colleague on a shared map, presenting the journey's third slide. */
export const BEN: Participant = {
  id: "7",
  name: "Ben Okafor",
  color: "#1f77b4",
  selection: ["mql"],
  presenting: 2,
  walk: "journey",
};

/** A shared map's state, live, with these people on it. */
export const live = (people: Participant[], problem: string | null = null): SyncState => ({
  connection: { state: "connected", read_only: false, waiting: 0 },
  people,
  links: null,
  problem,
});
