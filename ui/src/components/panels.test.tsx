import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Edit_Deserialize as Edit, Finding, Map_Serialize as JourneyMap } from "../bindings";
import { journey } from "../fixtures";
import { DefinitionsPanel } from "./DefinitionsPanel";
import { Inspector } from "./Inspector";

afterEach(cleanup);

function withTerm(): JourneyMap {
  const map = journey();
  map.terms = [
    {
      id: "mql-term",
      name: "MQL",
      owners: [],
      canonical: { text: "Score of 50 or more", criteria: [] },
      definitions: [
        { team: "mkt", text: "Score of 50 or more", criteria: [] },
        { team: "sdr", text: "Asked for a demo", criteria: [] },
      ],
    },
  ];
  return map;
}

describe("DefinitionsPanel", () => {
  it("shows each team's definition side by side, marks disagreement, adopts a canonical one", () => {
    const edits: Edit[] = [];
    const conflict: Finding = {
      rule: "conflicting-definitions",
      severity: "error",
      subjects: ["mql-term"],
      message: "Marketing and Sales development define MQL differently.",
      fix: "",
    };
    render(<DefinitionsPanel map={withTerm()} findings={[conflict]} edit={(e) => edits.push(e)} />);
    const term = screen.getByText("MQL").closest("article") as HTMLElement;
    expect(within(term).getByText("Teams disagree")).toBeTruthy();
    expect(within(term).getByText(conflict.message)).toBeTruthy();
    expect((within(term).getByLabelText("Sales development") as HTMLTextAreaElement).value).toBe(
      "Asked for a demo",
    );
    // Marketing's is the canonical one already; Sales development's can be adopted.
    expect((within(term).getByText("Canonical") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(term).getByText("Adopt as canonical"));
    fireEvent.change(within(term).getByLabelText("Owner of MQL"), { target: { value: "ana" } });
    expect(edits).toEqual([
      { type: "adopt_definition", term: "mql-term", team: "sdr" },
      { type: "set_owners", target: { kind: "term", id: "mql-term" }, owners: ["ana"] },
    ]);
  });

  it("adds a term on Enter and empties the field; a second Enter adds nothing, a taken name is refused", () => {
    const edits: Edit[] = [];
    render(<DefinitionsPanel map={withTerm()} findings={[]} edit={(e) => edits.push(e)} />);
    const add = screen.getByLabelText("Add a term") as HTMLInputElement;
    fireEvent.change(add, { target: { value: "  Sales accepted lead " } });
    fireEvent.keyDown(add, { key: "Enter" });
    expect(add.value).toBe("");
    fireEvent.keyDown(add, { key: "Enter" });
    expect(edits).toEqual([
      {
        type: "add_term",
        term: { id: expect.any(String), name: "Sales accepted lead", owners: [], definitions: [] },
      },
    ]);
    fireEvent.change(add, { target: { value: "mql" } });
    fireEvent.keyDown(add, { key: "Enter" });
    expect(edits).toHaveLength(1);
    expect(screen.getByRole("alert").textContent).toBe("“MQL” is already a term.");
    expect(add.value).toBe("mql");
  });

  it("shows no disagreement when there is none", () => {
    render(<DefinitionsPanel map={withTerm()} findings={[]} edit={() => undefined} />);
    expect(screen.queryByText("Teams disagree")).toBeNull();
  });
});

describe("Inspector", () => {
  it("edits a stage's name, owners and structured criteria, each as one edit", () => {
    const edits: Edit[] = [];
    render(
      <Inspector
        findings={[]}
        map={journey()}
        target={{ kind: "stage", id: "mql" }}
        edit={(e) => edits.push(e)}
        inspect={() => undefined}
      />,
    );
    const name = screen.getByLabelText("Name") as HTMLInputElement;
    fireEvent.change(name, { target: { value: "Marketing qualified lead" } });
    fireEvent.blur(name);
    fireEvent.change(screen.getByLabelText("Add an owner"), { target: { value: "ana" } });

    fireEvent.click(screen.getAllByText("+ Add criterion")[0]);
    fireEvent.change(screen.getByLabelText("Entry criteria 1 field"), {
      target: { value: "lead_score" },
    });
    fireEvent.change(screen.getByLabelText("Entry criteria 1 operator"), {
      target: { value: ">=" },
    });
    const value = screen.getByLabelText("Entry criteria 1 value");
    fireEvent.change(value, { target: { value: "50" } });
    fireEvent.blur(value);

    expect(edits).toEqual([
      { type: "rename_stage", id: "mql", name: "Marketing qualified lead" },
      { type: "set_owners", target: { kind: "stage", id: "mql" }, owners: ["ana"] },
      {
        type: "set_criteria",
        target: { kind: "stage_entry", id: "mql" },
        criteria: [{ text: "lead_score >= 50", field: "lead_score", op: ">=", value: 50 }],
      },
    ]);
  });

  it("keeps a stage's CRM win probability as a share and its forecast category", () => {
    const edits: Edit[] = [];
    const map = journey();
    const mql = map.stages.find((s) => s.id === "mql");
    if (mql) mql.probability = 0.2;
    render(
      <Inspector
        findings={[]}
        map={map}
        target={{ kind: "stage", id: "mql" }}
        edit={(e) => edits.push(e)}
        inspect={() => undefined}
      />,
    );
    const probability = screen.getByLabelText("Win probability (%)") as HTMLInputElement;
    expect(probability.value).toBe("20");
    fireEvent.change(probability, { target: { value: "135" } });
    fireEvent.blur(probability);
    // Over 100% is not saved.
    expect(edits).toEqual([]);
    fireEvent.change(probability, { target: { value: "35" } });
    fireEvent.blur(probability);
    fireEvent.change(screen.getByLabelText("Forecast category"), { target: { value: "BestCase" } });
    expect(edits).toMatchObject([
      { type: "update_stage", stage: { id: "mql", probability: 0.35 } },
      { type: "update_stage", stage: { id: "mql", forecast_category: "BestCase" } },
    ]);
  });

  it("removes a lane that still has stages only by saying where they go", () => {
    const edits: Edit[] = [];
    render(
      <Inspector
        findings={[]}
        map={journey()}
        target={{ kind: "team", id: "mkt" }}
        edit={(e) => edits.push(e)}
        inspect={() => undefined}
      />,
    );
    fireEvent.change(screen.getByLabelText("Remove lane"), { target: { value: "sdr" } });
    expect(edits).toEqual([
      { type: "remove_team", id: "mkt", members: { action: "move_to", team: "sdr" } },
    ]);
  });

  it("recolours a lane once a colour is picked, not at every step of the picker", () => {
    const edits: Edit[] = [];
    render(
      <Inspector
        findings={[]}
        map={journey()}
        target={{ kind: "team", id: "sdr" }}
        edit={(e) => edits.push(e)}
        inspect={() => undefined}
      />,
    );
    const colour = screen.getByLabelText("Colour") as HTMLInputElement;
    expect(colour.value).toBe("#7c3aed");
    fireEvent.input(colour, { target: { value: "#111111" } });
    fireEvent.input(colour, { target: { value: "#0f766e" } });
    expect(edits).toEqual([]);
    fireEvent.change(colour, { target: { value: "#0f766e" } });
    expect(edits).toEqual([
      {
        type: "update_team",
        team: { id: "sdr", name: "Sales development", color: "#0f766e" },
      },
    ]);
  });
});
