/** The CRM's stage history laid over the map in the real window: loaded from the command
 * palette, shown on the cards, the arrows and the legend, its findings in the panel, kept
 * with the map, and removed. */
import { resolve } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type App, Key, openSample, press, screenshot, text, waitFor } from "./app";

let app: App | undefined;
afterEach(async () => {
  await app?.deleteSession();
  app = undefined;
});

const LOG = resolve("../fixtures/flow/inbound-hubspot-history.csv");

/** The native "open a file" dialog answers `path`: the page's call to the dialog plugin is
 * answered in the page (no test can click a native dialog); every other call goes through. */
async function pickNext(app: App, path: string): Promise<void> {
  await app.execute((path: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: Tauri's global is untyped
    const internals = (window as any).__TAURI_INTERNALS__;
    const invoke = internals.invoke;
    internals.invoke = (cmd: string, args: unknown, options: unknown) => {
      if (cmd === "plugin:dialog|open") {
        internals.invoke = invoke;
        return Promise.resolve(path);
      }
      return invoke(cmd, args, options);
    };
  }, path);
}

/** Runs a command from the palette by a few words of its name. */
async function run(app: App, words: string): Promise<void> {
  await press(app, Key.Ctrl, "k");
  const input = app.$(".prompt-input");
  await input.waitForDisplayed();
  await input.setValue(words);
  await press(app, Key.Enter);
  await input.waitForExist({ reverse: true });
}

it("lays a stage history over the map, keeps it with the map, and removes it", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  await pickNext(app, LOG);
  await run(app, "load stage history");
  await app.$(".legend .history").waitForExist({ timeout: 30_000 });
  expect(await text(app, ".legend .history")).toContain("Counts from inbound-hubspot-history.csv");
  expect(await text(app, ".legend .history")).toContain("1,607 stage changes of 400 records");
  // The whole map in view: every card and arrow drawn.
  await press(app, "f");
  await waitFor(
    () => text(app as App, '[data-stage-id="lead"] .flow'),
    (t) => t === "400 in · 79 now",
    "Lead's counts on its card",
  );
  const label = await text(app, '[data-transition-id="t-mql-sal"]');
  expect(label).toContain("216 · 67%");
  const undocumented = await app.$$(".react-flow__edge.undocumented").length;
  expect(undocumented).toBe(2);
  await screenshot(app, "history-01-overlay");
  // Its findings join the map's: one row for the paths the map lacks.
  await app.$('.sidebar [data-panel="findings"]').click();
  await app.$('.finding-groups > li[data-rule="undocumented-path"]').waitForExist();
  expect(await text(app, '.finding-groups > li[data-rule="undocumented-path"]')).toContain(
    "2 undocumented paths",
  );

  // Kept with the map: closed and opened again, the counts are back.
  const path = await app.execute(() => document.title.split(" — ")[1] ?? "");
  await app.$("button=Close").click();
  await app.$(`button.recent-map[data-path="${path}"]`).click();
  await app.$('[data-stage-id="lead"] .flow').waitForExist();

  await run(app, "remove stage history");
  await app.$(".legend .history").waitForExist({ reverse: true });
  expect(await app.$$(".stage-card .flow").length).toBe(0);
});
