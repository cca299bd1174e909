import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { Criterion_Serialize as Criterion } from "../bindings";
import { CriteriaEditor } from "./CriteriaEditor";

afterEach(cleanup);

/** The editor inside a parent that saves what it commits and hands it back, as the map
 * does after an edit lands. */
function Saved({ commits, initial = [] }: { commits: Criterion[][]; initial?: Criterion[] }) {
  const [criteria, setCriteria] = useState(initial);
  return (
    <>
      <CriteriaEditor
        label="Entry criteria"
        criteria={criteria}
        onCommit={(list) => {
          commits.push(list);
          setCriteria(list);
        }}
      />
      <button type="button">elsewhere</button>
    </>
  );
}

const input = (name: string) =>
  screen.getByLabelText(`Entry criteria 1 ${name}`) as HTMLInputElement;
const leave = () =>
  fireEvent.blur(input("value"), { relatedTarget: screen.getByText("elsewhere") });

describe("CriteriaEditor", () => {
  it("keeps what is typed while moving between a row's inputs, and saves once on leaving", () => {
    const commits: Criterion[][] = [];
    render(<Saved commits={commits} />);
    fireEvent.click(screen.getByText("+ Add criterion"));
    fireEvent.change(input("text"), { target: { value: "Budget confirmed" } });
    // Tab into the field: still editing the list, nothing is saved (and so nothing comes back
    // to overwrite the next key).
    fireEvent.blur(input("text"), { relatedTarget: input("field") });
    fireEvent.change(input("field"), { target: { value: "budget" } });
    expect(commits).toEqual([]);
    fireEvent.change(screen.getByLabelText("Entry criteria 1 operator"), {
      target: { value: ">=" },
    });
    fireEvent.change(input("value"), { target: { value: "5000" } });
    leave();
    expect(commits).toEqual([
      [{ text: "Budget confirmed", field: "budget", op: ">=", value: 5000 }],
    ]);
    expect(input("field").value).toBe("budget");
  });

  it("does not let the saved list coming back overwrite keys typed since", () => {
    const commits: Criterion[][] = [];
    const editor = (criteria: Criterion[]) => (
      <CriteriaEditor
        label="Entry criteria"
        criteria={criteria}
        onCommit={(l) => commits.push(l)}
      />
    );
    const { rerender } = render(editor([{ text: "Demo booked" }]));
    fireEvent.change(input("text"), { target: { value: "Demo held" } });
    fireEvent.blur(input("text"));
    fireEvent.change(input("text"), { target: { value: "Demo held and" } });
    // The edit lands after the next keys were typed.
    rerender(editor(commits[0]));
    expect(input("text").value).toBe("Demo held and");
  });

  it("follows a change made elsewhere, such as undo", () => {
    const editor = (criteria: Criterion[]) => (
      <CriteriaEditor label="Entry criteria" criteria={criteria} onCommit={() => undefined} />
    );
    const { rerender } = render(editor([{ text: "Demo booked" }]));
    rerender(editor([{ text: "Contract signed" }]));
    expect(input("text").value).toBe("Contract signed");
  });

  it("never drops the operator and value of a row whose field was cleared: it says so", () => {
    const commits: Criterion[][] = [];
    render(
      <Saved
        commits={commits}
        initial={[{ text: "Score 50+", field: "score", op: ">=", value: 50 }]}
      />,
    );
    fireEvent.change(input("field"), { target: { value: "" } });
    leave();
    expect(commits).toEqual([]);
    expect(screen.getByRole("alert").textContent).toBe(
      "Not saved yet: Name the field this compares.",
    );
    expect((screen.getByLabelText("Entry criteria 1 operator") as HTMLSelectElement).value).toBe(
      ">=",
    );
    expect(input("value").value).toBe("50");
    fireEvent.change(input("field"), { target: { value: "lead_score" } });
    leave();
    expect(commits).toEqual([[{ text: "Score 50+", field: "lead_score", op: ">=", value: 50 }]]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("saves at once when a row is removed, and drops rows left empty", () => {
    const commits: Criterion[][] = [];
    render(<Saved commits={commits} initial={[{ text: "A" }, { text: "B" }]} />);
    fireEvent.click(screen.getByText("+ Add criterion"));
    fireEvent.click(screen.getByLabelText("Remove entry criteria 1"));
    expect(commits).toEqual([[{ text: "B" }]]);
  });
});
