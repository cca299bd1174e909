import { mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Comparison, Version } from "../bindings";
import { VersionsPanel } from "./VersionsPanel";

afterEach(cleanup);

const empty = { added: [], removed: [], changed: [] };

describe("VersionsPanel", () => {
  it("saves a version, lists it, and shows what changed since", async () => {
    const versions: Version[] = [];
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "list_versions") return versions;
      if (cmd === "save_version") {
        const v = {
          id: versions.length + 1,
          name: (args as { name: string }).name,
          created_at: "2026-11-23T09:00:00Z",
        };
        versions.unshift(v);
        return v;
      }
      if (cmd === "compare_versions") {
        const comparison: Comparison = {
          map_fields: [],
          teams: empty,
          people: empty,
          transitions: empty,
          terms: empty,
          stages: { added: [{ id: "parked", name: "Parked leads" }], removed: [], changed: [] },
          appeared: [
            {
              rule: "dead-end-stage",
              severity: "error",
              subjects: ["parked"],
              message: "Parked leads leads nowhere.",
              fix: "",
            },
          ],
          fixed: [],
        };
        return comparison;
      }
    });
    render(
      <VersionsPanel revision={1} onRestore={() => undefined} onError={(m) => expect.fail(m)} />,
    );
    expect(await screen.findByText(/No saved versions yet/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Version name"), {
      target: { value: "Before the workshop" },
    });
    fireEvent.click(screen.getByText("Save version"));
    await screen.findByText("Before the workshop");
    expect(calls).toContainEqual(["save_version", { name: "Before the workshop" }]);

    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await screen.findByText("Added Parked leads");
    expect(screen.getByText("Parked leads leads nowhere.").getAttribute("data-rule")).toBe(
      "dead-end-stage",
    );
    expect(calls).toContainEqual([
      "compare_versions",
      { older: { kind: "saved", id: 1 }, newer: { kind: "current" } },
    ]);
  });

  it("reports a failure instead of showing nothing", async () => {
    mockIPC((cmd) => {
      if (cmd === "list_versions") throw { type: "Storage", data: { message: "disk full" } };
    });
    const errors: string[] = [];
    render(
      <VersionsPanel revision={1} onRestore={() => undefined} onError={(m) => errors.push(m)} />,
    );
    await waitFor(() => expect(errors).toEqual(["disk full"]));
  });
});
