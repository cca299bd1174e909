import { describe, expect, it } from "vitest";
import { journey } from "../fixtures";
import { NEW_PERSON, NO_OWNER, promptFor } from "./prompts";

describe("prompts", () => {
  const map = journey();
  const ids = (options: { id: string }[]) => options.map((o) => o.id);

  it("names the lane and the stage a new stage follows", () => {
    expect(promptFor({ kind: "newStage", team: "sdr", from: "mql" }, map).title).toBe(
      "New stage in Sales development, after MQL",
    );
    expect(promptFor({ kind: "newStage", team: "mkt", from: null }, map).title).toBe(
      "New stage in Marketing",
    );
  });

  it("offers every other stage to connect to, found by what is typed", () => {
    const { options } = promptFor({ kind: "connect", from: "lead" }, map);
    expect(ids(options?.("") ?? [])).toEqual(["mql", "sal"]);
    expect(ids(options?.("sa") ?? [])).toEqual(["sal"]);
  });

  it("offers people as owners, a new person for a new name, and no owner", () => {
    const { options } = promptFor(
      { kind: "owner", target: { kind: "stage", id: "mql" }, team: "sdr" },
      map,
    );
    expect(ids(options?.("ana") ?? [])).toEqual(["ana", `${NEW_PERSON}ana`, NO_OWNER]);
    // The exact name of someone on the map picks them; it does not add them twice.
    expect(ids(options?.(" Ana Ruiz ") ?? [])).toEqual(["ana", NO_OWNER]);
    const added = options?.("Priya Shah").find((o) => o.id.startsWith(NEW_PERSON));
    expect(added).toMatchObject({
      label: "Add “Priya Shah”",
      hint: "new person in Sales development",
    });
  });

  it("names the handoff or stage it asks an owner for, and offers the teams concerned first", () => {
    map.people.push({ id: "zed", name: "Zed Zhou", team: "fin" } as (typeof map.people)[number]);
    map.people.push({ id: "sam", name: "Sam Ode", team: "sdr" } as (typeof map.people)[number]);
    const handoff = promptFor(
      { kind: "owner", target: { kind: "transition", id: "t2" }, team: "sdr" },
      map,
    );
    expect(handoff.title).toBe("Owner of the handoff MQL → SAL");
    expect(ids(handoff.options?.("") ?? []).slice(0, 2)).toEqual(["ana", "sam"]);
    const stage = promptFor(
      { kind: "owner", target: { kind: "stage", id: "lead" }, team: "mkt" },
      map,
    );
    expect(stage.title).toBe("Owner of Lead");
  });
});
