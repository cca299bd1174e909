/** The CRM's stage history laid over the map in the real window: shown on the cards, the
 * arrows and the legend, its findings in the panel, kept with the map, and removed from the
 * command palette. (The file comes through the shell's own command: no test can answer the
 * native file dialog; the command's way from the palette to the shell is a unit test.) */
import { resolve } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type App, invoke, Key, openSample, press, screenshot, text, waitFor } from "./app";

let app: App | undefined;
afterEach(async () => {
  await app?.deleteSession();
  app = undefined;
});

const LOG = resolve("../fixtures/flow/inbound-hubspot-history.csv");

/** Runs a command from the palette by a few words of its name. */
async function run(app: App, words: string): Promise<void> {
  await press(app, Key.Ctrl, "k");
  const input = app.$(".prompt-input");
  await input.waitForDisplayed();
  await input.setValue(words);
  await press(app, Key.Enter);
  await input.waitForExist({ reverse: true });
}

it("shows a stage history kept with the map, and removes it", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  const loaded = await invoke<{ ok?: unknown; err?: unknown }>(app, "load_history", { path: LOG });
  expect(loaded.err).toBeUndefined();
  // Kept with the map: closed and opened again, the history is there.
  const open = await invoke<{ ok: { path: string } }>(app, "current_map", {});
  const path = open.ok.path;
  await app.$("button=Close").click();
  await app.$(`button.recent-map[data-path="${path}"]`).click();
  await app.$(".legend .history").waitForExist();
  expect(await text(app, ".legend .history")).toContain("Counts from inbound-hubspot-history.csv");
  expect(await text(app, ".legend .history")).toContain("1,607 stage changes of 400 records");
  // The whole map in view: every card and arrow drawn.
  await press(app, "f");
  await waitFor(
    () => text(app as App, '[data-stage-id="lead"] .flow'),
    (t) => t === "400 in · 79 now · 19 h",
    "Lead's counts and median stay on its card",
  );
  // MQL stays longer than its 48-hour SLA in 30% of visits.
  expect(await text(app, '[data-stage-id="mql"] .flow')).toContain("30% over SLA");
  const label = await text(app, '[data-transition-id="t-mql-sal"]');
  expect(label).toContain("216 · 67%");
  const undocumented = await app.$$(".react-flow__edge.undocumented").length;
  expect(undocumented).toBe(2);
  await screenshot(app, "history-01-overlay");
  // H hides the counts and the undrawn paths, and shows them again.
  await press(app, "h");
  await waitFor(
    async () => (await app?.$$(".stage-card .flow").length) ?? 0,
    (n) => n === 0,
    "the counts hidden",
  );
  expect(await app.$$(".react-flow__edge.undocumented").length).toBe(0);
  await press(app, "h");
  await app.$('[data-stage-id="lead"] .flow').waitForExist();
  // Its findings join the map's: one row for the paths the map lacks.
  await app.$('.sidebar [data-panel="findings"]').click();
  await app.$('.finding-groups > li[data-rule="undocumented-path"]').waitForExist();
  expect(await text(app, '.finding-groups > li[data-rule="undocumented-path"]')).toContain(
    "2 undocumented paths",
  );

  // A click on a path the map lacks draws it: one arrow fewer dashed, one finding fewer.
  const transitions = async () =>
    (await invoke<{ ok: { map: { transitions: unknown[] } } }>(app as App, "current_map", {})).ok
      .map.transitions.length;
  const before = await transitions();
  await app.execute(() => {
    const ghost = document.querySelector(".react-flow__edge.undocumented path");
    ghost?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  });
  await waitFor(transitions, (n) => n === before + 1, "the path drawn as a transition");
  await waitFor(
    async () => (await app?.$$(".react-flow__edge.undocumented").length) ?? 0,
    (n) => n === 1,
    "one path left undrawn",
  );
  expect(await text(app, '.finding-groups > li[data-rule="undocumented-path"]')).toContain(
    "1 undocumented path",
  );
  await screenshot(app, "history-02-path-drawn");

  await run(app, "remove stage history");
  await app.$(".legend .history").waitForExist({ reverse: true });
  expect(await app.$$(".stage-card .flow").length).toBe(0);
});
