import { mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { StartScreen as Start } from "../bindings";
import { StartScreen } from "./StartScreen";

afterEach(cleanup);

describe("StartScreen", () => {
  it("offers recent maps, samples and a new map, and explains a launch problem", async () => {
    let start: Start = {
      recent: [
        { path: "/maps/q3.throughline", name: "Q3 funnel", exists: true },
        { path: "/gone/old.throughline", name: "Old map", exists: false },
      ],
      samples: [{ id: "plg", name: "Product-led", description: "Self-serve" }],
      problem: "broken.throughline: not a Throughline map",
    };
    const forgotten: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "start_screen") {
        const shown = start;
        start = { ...start, problem: null };
        return shown;
      }
      if (cmd === "forget_recent") {
        forgotten.push(args);
        start = { ...start, recent: start.recent.slice(0, 1) };
      }
    });
    const opened: string[] = [];
    const problems: string[] = [];
    render(
      <StartScreen
        onOpenPath={(p) => opened.push(`path ${p}`)}
        onOpenSample={(id) => opened.push(`sample ${id}`)}
        onNew={(name) => opened.push(`new ${name}`)}
        onBrowse={() => opened.push("browse")}
        onCrm={(from) => opened.push(`crm ${from}`)}
        onJoin={() => opened.push("join")}
        onProblem={(m) => problems.push(m)}
      />,
    );
    const recent = await screen.findByText("Q3 funnel");
    expect(problems).toEqual(["broken.throughline: not a Throughline map"]);
    fireEvent.click(recent);
    fireEvent.click(screen.getByText("Product-led"));
    expect((screen.getByText("Old map").closest("button") as HTMLButtonElement).disabled).toBe(
      true,
    );

    fireEvent.change(screen.getByLabelText("Name of the new map"), { target: { value: "FY27" } });
    fireEvent.click(screen.getByText("Create"));
    fireEvent.click(screen.getByText("HubSpot or Salesforce files…"));
    fireEvent.click(screen.getByText("a Salesforce project folder…"));
    expect(opened).toEqual([
      "path /maps/q3.throughline",
      "sample plg",
      "new FY27",
      "crm files",
      "crm folder",
    ]);

    fireEvent.click(screen.getByLabelText("Forget Old map"));
    await waitFor(() => expect(screen.queryByText("Old map")).toBeNull());
    expect(forgotten).toEqual([{ path: "/gone/old.throughline" }]);
  });
});
