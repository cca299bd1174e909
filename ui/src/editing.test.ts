import { describe, expect, it } from "vitest";
import type { Edit_Deserialize as Edit, Map_Serialize as JourneyMap } from "./bindings";
import { COLUMN_PITCH } from "./canvas/geometry";
import * as editing from "./editing";
import { journey } from "./fixtures";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type AddStage = Extract<Edit, { type: "add_stage" }>;
type Batch = Extract<Edit, { type: "batch" }>;

describe("editing", () => {
  it("makes a fresh UUID for every new entity", () => {
    const ids = new Set(Array.from({ length: 100 }, () => editing.newId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it("adds a stage right of the selected one and connects it, as one undo step", () => {
    const map = journey();
    map.stages[0].position = { x: 170, y: 0 };
    const edit = editing.addStage(map, "Nurture", "mkt", "lead") as Batch;
    expect(edit.type).toBe("batch");
    const [add, connect] = edit.edits;
    const stage = (add as AddStage).stage;
    expect(stage).toMatchObject({ name: "Nurture", team: "mkt", kind: "stage" });
    expect(stage.id).toMatch(UUID);
    expect(stage.position).toEqual({ x: 170 + COLUMN_PITCH, y: 0 });
    expect(connect).toMatchObject({
      type: "add_transition",
      transition: { from: "lead", to: stage.id },
    });
  });

  it("never drops a new stage on top of another", () => {
    const map = journey();
    map.stages[0].position = { x: 170, y: 0 };
    map.stages[1].position = { x: 170 + COLUMN_PITCH, y: 0 };
    const add = editing.addStage(map, "Nurture", "mkt", "lead") as Batch;
    const position = (add.edits[0] as AddStage).stage.position;
    expect(position?.x).toBe(170 + COLUMN_PITCH);
    expect(position?.y).toBeGreaterThan(0);
  });

  it("makes the first stage of an empty map an entry", () => {
    const map = { ...journey(), stages: [], transitions: [] } as JourneyMap;
    const add = editing.addStage(map, "Website visit", "mkt", null) as AddStage;
    expect(add.stage.kind).toBe("entry");
  });

  it("deletes stages with their transitions, and lone transitions", () => {
    const map = journey();
    expect(editing.remove(map, new Set(["mql", "t1", "t2"]))).toEqual({
      type: "remove_stage",
      id: "mql",
    });
    expect(editing.remove(map, new Set(["t1"]))).toEqual({ type: "remove_transition", id: "t1" });
    expect(editing.remove(map, new Set())).toBeNull();
  });

  it("pastes copies with new ids, the transitions between them, into the focused lane", () => {
    const map = journey();
    const clip = editing.copy(map, new Set(["lead", "mql"]));
    expect(clip?.transitions.map((t) => t.id)).toEqual(["t1"]);
    const pasted = editing.paste(map, clip as editing.Clipboard, "sdr");
    const [lead, mql] = pasted?.ids ?? [];
    expect([lead, mql].every((id) => UUID.test(id))).toBe(true);
    const edits = (pasted as { edit: Batch }).edit.edits;
    expect(edits.map((e) => e.type)).toEqual(["add_stage", "add_stage", "add_transition"]);
    expect((edits[0] as AddStage).stage).toMatchObject({ id: lead, name: "Lead", team: "sdr" });
    expect(edits[2]).toMatchObject({ transition: { from: lead, to: mql } });
  });

  it("moves stages to another lane without stacking them on one spot", () => {
    const map = journey();
    map.stages[0].position = { x: 170, y: 0 };
    map.stages[1].position = { x: 170, y: 100 };
    const move = editing.moveToLane(map, new Set(["lead", "mql"]), "sdr") as Batch;
    const spots = move.edits.map(
      (e) => (e as Extract<Edit, { type: "move_stage_to_team" }>).position,
    );
    expect(spots[0]).not.toEqual(spots[1]);
    expect(move.edits.every((e) => e.type === "move_stage_to_team")).toBe(true);
  });

  it("adds a new person and makes them the owner in one step", () => {
    const edit = editing.addPersonAsOwner("Sam Lee", "sdr", { kind: "transition", id: "t2" });
    const id = ((edit as Batch).edits[0] as Extract<Edit, { type: "add_person" }>).person.id;
    expect(id).toMatch(UUID);
    expect(edit).toEqual({
      type: "batch",
      edits: [
        { type: "add_person", person: { id, name: "Sam Lee", team: "sdr" } },
        { type: "set_owners", target: { kind: "transition", id: "t2" }, owners: [id] },
      ],
    });
  });
});
