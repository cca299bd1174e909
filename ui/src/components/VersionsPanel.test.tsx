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
      // A new list each time, as the shell sends: the panel shows a version once its list
      // is refreshed (and Compare has a version to compare with).
      if (cmd === "list_versions") return [...versions];
      if (cmd === "compare_versions") {
        const comparison: Comparison = {
          map_fields: [],
          teams: empty,
          people: empty,
          transitions: empty,
          terms: empty,
          stages: {
            added: [{ id: "parked", name: "Parked leads" }],
            removed: [],
            changed: [
              {
                id: "mql",
                name: "MQL",
                fields: ["owners"],
                changes: [{ field: "owners", before: "Nina Alvarez", after: "Omar Haddad" }],
              },
            ],
          },
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
    // The editor saves the version (as for Ctrl+S); the panel lists it once the map's
    // revision reaches it.
    const saved: string[] = [];
    const shown: string[][] = [];
    const marked: unknown[] = [];
    // Callbacks made once, as the app's are: new ones on every render would refresh the list
    // (and drop the comparison) whenever anything re-renders.
    const onSave = (name: string) => saved.push(name);
    const onError = (m: string) => expect.fail(m);
    const onShow = (ids: string[]) => shown.push(ids);
    const onComparing = (m: unknown) => marked.push(m);
    const panel = (revision: number) => (
      <VersionsPanel
        revision={revision}
        onRestore={() => undefined}
        onSave={onSave}
        onError={onError}
        onShow={onShow}
        onComparing={onComparing}
      />
    );
    const { rerender } = render(panel(1));
    expect(await screen.findByText(/No saved versions yet/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Version name"), {
      target: { value: "Before the workshop" },
    });
    fireEvent.click(screen.getByText("Save version"));
    expect(saved).toEqual(["Before the workshop"]);
    expect(screen.getByLabelText<HTMLInputElement>("Version name").value).toBe("");
    versions.unshift({ id: 1, name: saved[0], created_at: "2026-11-23T09:00:00Z" });
    rerender(panel(2));
    await screen.findByText("Before the workshop");

    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await screen.findByText("Added Parked leads");
    // Old and new values; an entry selects its stage; the canvas marks what changed.
    expect(screen.getByText("Nina Alvarez").tagName).toBe("DEL");
    expect(screen.getByText("Omar Haddad").tagName).toBe("INS");
    fireEvent.click(screen.getByText("Changed MQL"));
    expect(shown).toEqual([["mql"]]);
    // The canvas is told in an effect, which a busy machine may run after the text is shown.
    await waitFor(() =>
      expect(marked.at(-1)).toEqual({
        added: ["parked"],
        changed: ["mql"],
        notes: { mql: ["owners: Nina Alvarez → Omar Haddad"] },
      }),
    );
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
      <VersionsPanel
        revision={1}
        onRestore={() => undefined}
        onSave={() => undefined}
        onError={(m) => errors.push(m)}
        onShow={() => undefined}
        onComparing={() => undefined}
      />,
    );
    await waitFor(() => expect(errors).toEqual(["disk full"]));
  });
});
