import { describe, expect, it } from "vitest";
import type { SyncState_Serialize as SyncState } from "../bindings";
import { BEN as ben, live, NOT_SHARED } from "../fixtures";
import { connectionText, othersSelections } from "./Presence";

describe("who is there and the connection, as the header shows them", () => {
  it("words the connection as the header shows it", () => {
    expect(connectionText(NOT_SHARED)).toBeNull();
    expect(connectionText(live([]))?.text).toBe("Shared · live");
    const offline: SyncState = {
      ...NOT_SHARED,
      connection: { state: "offline", waiting: 3, reason: "the server cannot be reached" },
    };
    expect(connectionText(offline)?.text).toBe("Offline · 3 edits waiting");
    const viewer: SyncState = {
      ...NOT_SHARED,
      connection: { state: "connected", read_only: true, waiting: 0 },
    };
    expect(connectionText(viewer)?.text).toBe("Shared · read-only");
  });

  it("outlines each stage a colleague selected with their name", () => {
    const ana = { ...ben, id: "8", name: "Ana", color: "#d62728", selection: ["mql", "sal"] };
    const outlined = othersSelections([ben, ana]);
    expect(outlined.get("mql")?.map((o) => o.name)).toEqual(["Ben Okafor", "Ana"]);
    expect(outlined.get("sal")?.map((o) => o.color)).toEqual(["#d62728"]);
  });
});
