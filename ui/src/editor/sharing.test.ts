import { describe, expect, it } from "vitest";
import type {
  Participant_Serialize as Participant,
  Snapshot_Serialize as Snapshot,
  SyncState_Serialize as SyncState,
} from "../bindings";
import { journey, NOT_SHARED } from "../fixtures";
import { initialState, reduce } from "./state";

const ben: Participant = {
  id: "7",
  name: "Ben Okafor",
  color: "#1f77b4",
  selection: ["mql"],
  presenting: 2,
  walk: "journey",
};

function opened(): ReturnType<typeof reduce> {
  const snapshot = {
    revision: 1,
    path: "/maps/m.throughline",
    read_only: null,
    map: journey(),
    analysis: { findings: [], waived: [], summary: {} },
    history: null,
    crm: null,
    can_undo: false,
    can_redo: false,
    conflicts: [],
    sync: NOT_SHARED,
  } as unknown as Snapshot;
  return reduce(initialState, { type: "opened", snapshot });
}

const live = (people: Participant[], problem: string | null = null): SyncState => ({
  connection: { state: "connected", read_only: false, waiting: 0 },
  people,
  links: null,
  problem,
});

describe("a shared map in the editor", () => {
  it("keeps who is there, and stops following someone who left", () => {
    let state = reduce(opened(), { type: "sync", sync: live([ben]) });
    state = reduce(state, { type: "follow", id: "7" });
    expect(state.following).toBe("7");
    expect(state.snapshot?.sync.people.map((p) => p.name)).toEqual(["Ben Okafor"]);
    state = reduce(state, { type: "sync", sync: live([]) });
    expect(state.following).toBeNull();
  });

  it("says what the server sent that was not taken in, once", () => {
    let state = reduce(opened(), { type: "sync", sync: live([], "an update was not taken in") });
    expect(state.problem?.message).toBe("an update was not taken in");
    state = reduce(
      { ...state, problem: null },
      { type: "sync", sync: live([ben], "an update was not taken in") },
    );
    expect(state.problem).toBeNull();
  });
});
