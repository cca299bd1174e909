import { describe, expect, it } from "vitest";
import { BEN as ben, journey, live, snapshotOf } from "../fixtures";
import { initialState, reduce } from "./state";

const opened = () => reduce(initialState, { type: "opened", snapshot: snapshotOf(journey()) });

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
