/** Input typed fast, as people type: real key events through the X server (`xdotool`), which
 * arrive while the previous edit is still landing, where WebDriver's keys would wait between
 * each. Each test once reproduced a key or a value the app lost. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type App, invoke, openSample, screenshot, waitFor } from "./app";

let app: App | undefined;
/** Keys pressed through the X server (`xdotool key`), to whatever has focus. */
const keys = (...names: string[]) => execFileSync("xdotool", ["key", "--delay", "15", ...names]);
/** Text typed through the X server, a key every 15 ms (a fast typist: 80 words a minute is
 * about 100 ms a key). */
const typed = (text: string) => execFileSync("xdotool", ["type", "--delay", "15", text]);

type Criterion = { text: string; field?: string; op?: string; value?: unknown };
type Stage = { id: string; kind: string; entry: Criterion[] };
type Term = { name: string };
type Snapshot = { map: { stages: Stage[]; terms: Term[] } };

/** The map as the app holds it now. */
async function saved(app: App): Promise<Snapshot["map"]> {
  const reply = await invoke<{ ok: Snapshot }>(app, "current_map", {});
  return reply.ok.map;
}

/** Selects the first card of an ordinary stage, shows it in the inspector, returns its id. */
async function inspectStage(app: App): Promise<string> {
  const id = await app.execute(
    () => document.querySelector<HTMLElement>(".stage-card.kind-stage")?.dataset.stageId ?? "",
  );
  await app.$(`[data-stage-id="${id}"]`).click();
  await app.$(`[data-stage-id="${id}"].selected`).waitForExist();
  return id;
}

/** Focuses an input by its label, the way a click would. */
async function focus(app: App, label: string): Promise<void> {
  await app.$(`[aria-label="${label}"]`).click();
  await waitFor(
    () => app.execute(() => document.activeElement?.getAttribute("aria-label") ?? ""),
    (focused) => focused === label,
    `focus in ${label}`,
  );
}

/** The value of an input by its label. */
const inputValue = (app: App, label: string) =>
  app.execute(
    (l: string) => document.querySelector<HTMLInputElement>(`[aria-label="${l}"]`)?.value ?? "",
    label,
  );

describe("keys typed fast are never lost", () => {
  it("five quick K presses move the kind on five times", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    const id = await inspectStage(app);
    keys("k", "k", "k", "k", "k");
    // stage → entry → revenue → exit → stage → entry
    await app.$(`[data-stage-id="${id}"].kind-entry`).waitForExist();
    await new Promise((r) => setTimeout(r, 500));
    const stage = (await saved(app)).stages.find((s) => s.id === id);
    expect(stage?.kind).toBe("entry");
  });

  it("the first key after Tab into a criterion's next input is kept, and the row is saved whole", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    const id = await inspectStage(app);
    await app.$(`.sidebar [data-panel="inspector"]`).click();
    const before = (await saved(app)).stages.find((s) => s.id === id)?.entry.length ?? 0;
    const row = `Entry criteria ${before + 1}`;
    await app.$('fieldset[aria-label="Entry criteria"] button.link').click();
    await focus(app, `${row} text`);
    typed("Budget confirmed");
    // Tab and the next word in one burst, as fingers do: the keys arrive while the row's
    // text is still being saved.
    keys("Tab", ..."budget");
    await app.$(`[aria-label="${row} operator"]`).selectByAttribute("value", ">=");
    await focus(app, `${row} value`);
    typed("5000");
    // Past the row's remove button and out of the row: the row is saved.
    keys("Tab", "Tab");
    await waitFor(
      async () => (await saved(app as App)).stages.find((s) => s.id === id)?.entry.length ?? 0,
      (n) => n === before + 1,
      "the criterion saved",
    );
    expect(await inputValue(app, `${row} field`)).toBe("budget");
    const entry = (await saved(app)).stages.find((s) => s.id === id)?.entry ?? [];
    expect(entry.at(-1)).toEqual({
      text: "Budget confirmed",
      field: "budget",
      op: ">=",
      value: 5000,
    });
    await screenshot(app, "input-01-criterion");

    // Clearing the field keeps the operator and value, says the row is not saved yet, and
    // the saved criterion stays as it was.
    await focus(app, `${row} field`);
    keys("ctrl+a", "BackSpace", "Tab", "Tab", "Tab");
    await app.$('[role="alert"]').waitForExist();
    expect(await app.$('[role="alert"]').getText()).toContain("Name the field this compares");
    expect(await inputValue(app, `${row} operator`)).toBe(">=");
    expect(await inputValue(app, `${row} value`)).toBe("5000");
    expect((await saved(app)).stages.find((s) => s.id === id)?.entry.at(-1)?.field).toBe("budget");

    // The row fits the sidebar: nothing sticks out or needs a sideways scroll.
    const fit = await app.execute(() => {
      const sidebar = document.querySelector(".sidebar") as HTMLElement;
      const edge = sidebar.getBoundingClientRect().right;
      const rows = [...document.querySelectorAll(".criterion .structured > *")];
      return {
        overflow: sidebar.scrollWidth - sidebar.clientWidth,
        beyond: Math.max(...rows.map((r) => r.getBoundingClientRect().right - edge)),
      };
    });
    expect(fit.overflow).toBeLessThanOrEqual(0);
    expect(fit.beyond).toBeLessThanOrEqual(0);
    await screenshot(app, "input-02-criterion-unsaved");
  });

  it("Add a term empties after Enter: a second Enter adds nothing, a taken name is refused", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    await app.$(`.sidebar [data-panel="definitions"]`).click();
    const before = (await saved(app)).terms.length;
    await focus(app, "Add a term");
    typed("Pipeline");
    keys("Return", "Return");
    await waitFor(
      async () => (await saved(app as App)).terms.length,
      (n) => n === before + 1,
      "the term added",
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await saved(app)).terms.filter((t) => t.name === "Pipeline")).toHaveLength(1);
    expect(await inputValue(app, "Add a term")).toBe("");
    typed("pipeline");
    keys("Return");
    await app.$('[role="alert"]').waitForExist();
    expect(await app.$('[role="alert"]').getText()).toBe("“Pipeline” is already a term.");
    expect((await saved(app)).terms.length).toBe(before + 1);
    await screenshot(app, "input-03-term");
  });
});
