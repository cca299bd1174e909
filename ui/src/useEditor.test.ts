import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  Edit_Deserialize as Edit,
  Snapshot_Serialize as Snapshot,
  Update_Serialize as Update,
} from "./bindings";
import { journey, snapshotOf, untouched, updateWith } from "./fixtures";
import { useEditor } from "./useEditor";

/** The shell, as far as these tests need it: the open map, and edits answered with a patch. */
function shell(answer: (edit: Edit) => Update) {
  const edits: Edit[] = [];
  const snapshot: Snapshot = snapshotOf(journey());
  let revision = 1;
  mockIPC(
    (cmd, args) => {
      if (cmd === "current_map") return snapshot;
      if (cmd === "rule_docs") return [];
      if (cmd === "apply_edit") {
        const edit = (args as { edit: Edit }).edit;
        edits.push(edit);
        revision += 1;
        return { ...answer(edit), revision };
      }
    },
    { shouldMockEvents: true },
  );
  return edits;
}

const update = (patch: Partial<Update["patch"]>): Update =>
  updateWith(0, untouched("Inbound", patch));

beforeEach(() => mockWindows("main"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("useEditor", () => {
  it("a drop on the canvas goes through the same queue as the keys, as one edit", async () => {
    const edits = shell(() => update({ stages: { order: ["lead", "mql", "sal"], changed: [] } }));
    const { result } = renderHook(() => useEditor());
    await waitFor(() => expect(result.current.state.snapshot).not.toBeNull());
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight" }));
      result.current.events.onMove([{ id: "sal", team: "mkt", x: 10, y: 20 }]);
      await new Promise((r) => setTimeout(r, 30));
    });
    expect(result.current.state.selection).toEqual(["lead"]);
    expect(edits).toEqual([
      { type: "move_stage_to_team", id: "sal", team: "mkt", position: { x: 10, y: 20 } },
    ]);
  });

  it("K cycles the selected stage's kind as one edit, and the shell's patch lands", async () => {
    const edits = shell((edit) => {
      if (edit.type !== "update_stage") throw new Error(`unexpected ${edit.type}`);
      return update({
        stages: {
          order: ["lead", "mql", "sal"],
          changed: [{ ...journey().stages[1], kind: edit.stage.kind }],
        },
      });
    });
    const { result } = renderHook(() => useEditor());
    await waitFor(() => expect(result.current.state.snapshot?.map.name).toBe("Inbound"));
    act(() => result.current.events.onSelect(["mql"]));
    await act(() => result.current.editor.run("cycleKind"));
    expect(edits).toMatchObject([{ type: "update_stage", stage: { id: "mql", kind: "entry" } }]);
    const kinds = result.current.state.snapshot?.map.stages.map((s) => s.kind);
    expect(kinds).toEqual(["entry", "entry", "stage"]);
    expect(result.current.state.snapshot?.can_undo).toBe(true);
  });

  it("Delete, pressed on the window, removes the selection in one edit", async () => {
    const edits = shell(() =>
      update({
        stages: { order: ["lead", "mql"], changed: [] },
        transitions: { order: ["t1"], changed: [] },
      }),
    );
    const { result } = renderHook(() => useEditor());
    await waitFor(() => expect(result.current.state.snapshot).not.toBeNull());
    act(() => result.current.events.onSelect(["sal"]));
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "Delete" }));
      // The key waits its turn in the queue: a render, then the edit.
      await new Promise((r) => setTimeout(r, 20));
    });
    await waitFor(() =>
      expect(result.current.state.snapshot?.map.stages.map((s) => s.id)).toEqual(["lead", "mql"]),
    );
    expect(edits).toEqual([{ type: "remove_stage", id: "sal" }]);
  });

  it("Enter on a focused button is the button's, not a rename of the selected stage", async () => {
    shell(() => update({}));
    const { result } = renderHook(() => useEditor());
    await waitFor(() => expect(result.current.state.snapshot).not.toBeNull());
    act(() => result.current.events.onSelect(["mql"]));
    const button = document.createElement("button");
    document.body.append(button);
    await act(async () => {
      button.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(result.current.state.renaming).toBeNull();
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "F2" }));
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(result.current.state.renaming).toBe("mql");
    button.remove();
  });
});
