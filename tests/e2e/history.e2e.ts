/** The CRM's stage history laid over the map in the real window: shown on the cards, the
 * arrows and the legend, its findings in the panel, kept with the map, and removed from the
 * command palette; the samples open with theirs; a log dropped on the window is read with a
 * progress bar while edits go on. (No test can answer the native file dialog or drag a file
 * from a file manager: the file comes through the shell's own command, or as the drop event
 * Tauri sends the page; the palette's way to the shell is a unit test.) */
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import {
  type App,
  dragEvent,
  invoke,
  Key,
  openSample,
  press,
  runCommand,
  screenshot,
  text,
  type,
  waitFor,
  writeFile,
} from "./app";
import { crossedLabels, overlappingLabels } from "./view";

let app: App | undefined;
const LOG = resolve("../fixtures/flow/inbound-hubspot-history.csv");

it("shows a stage history kept with the map, and removes it", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  await dragEvent(app, "drop", [LOG]);
  await waitFor(
    () => text(app as App, ".legend .history"),
    (t) => t.includes("Counts from inbound-hubspot-history.csv"),
    "the dropped log laid over the sample",
  );
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
  // No count or owner on an arrow is hidden under a card.
  const hidden = await app.execute(() => {
    const cards = [...document.querySelectorAll(".stage-card")].map((c) =>
      c.getBoundingClientRect(),
    );
    return [...document.querySelectorAll(".react-flow__edge-text")]
      .filter((label) => {
        const l = label.getBoundingClientRect();
        return cards.some(
          (c) => l.left < c.right && l.right > c.left && l.top < c.bottom && l.bottom > c.top,
        );
      })
      .map((label) => label.textContent);
  });
  expect(hidden).toEqual([]);
  await screenshot(app, "history-01-overlay");
  expect(await overlappingLabels(app)).toEqual([]);
  expect(await crossedLabels(app)).toEqual([]);
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

  await runCommand(app, "remove stage history");
  await app.$(".legend .history").waitForExist({ reverse: true });
  expect(await app.$$(".stage-card .flow").length).toBe(0);
});

it("lays a contacts and a deals export dropped together over the map: the handoff where the record changes shows its leak", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  const samples = resolve("../../assets/samples");
  await dragEvent(app, "drop", [
    join(samples, "inbound-b2b-saas-hubspot.contacts.csv"),
    join(samples, "inbound-b2b-saas-hubspot.deals.csv"),
  ]);
  await waitFor(
    () => text(app as App, ".legend .history"),
    (t) => t.includes("inbound-b2b-saas-hubspot.deals.csv"),
    "both exports laid over the sample as one log",
  );
  const legend = await text(app, ".legend .history");
  expect(legend).toContain(
    "Counts from inbound-b2b-saas-hubspot.contacts.csv and inbound-b2b-saas-hubspot.deals.csv",
  );
  expect(legend).toContain("816 records (600 contacts, 216 deals)");
  expect(await text(app, ".legend .tracks")).toContain("Account executives: deal");
  // Arranged and fitted, as a room would look at it.
  await press(app, "a");
  await press(app, "f");
  // On the arrow where contacts become deals: the SQLs that never got one.
  await waitFor(
    () => text(app as App, '[data-transition-id="t-sql-qualified"]'),
    (t) => t.includes("147 of 318 never became a deal"),
    "the leak on the handoff's arrow",
  );
  // SQLs whose deal was made have left SQL: only those left behind are there now.
  expect(await text(app, '[data-stage-id="sql"] .flow')).toContain("318 in · 147 now");
  await app.$('.sidebar [data-panel="findings"]').click();
  await app.$('.finding-groups > li[data-rule="handoff-leak"]').waitForExist();
  await app.$('.finding-groups > li[data-rule="handoff-skipped"]').waitForExist();
  await screenshot(app, "history-07-across-records");
  expect(await overlappingLabels(app)).toEqual([]);
  expect(await crossedLabels(app)).toEqual([]);
  // Each lane's name on one line, clear of its cards.
  const lanesOverCards = await app.execute(() => {
    const cards = [...document.querySelectorAll(".stage-card")].map((c) =>
      c.getBoundingClientRect(),
    );
    return [...document.querySelectorAll(".lane-label")]
      .filter((label) => {
        // The name's own text, not the button's padding.
        const text = document.createRange();
        text.selectNodeContents(label);
        const l = text.getBoundingClientRect();
        return cards.some(
          (c) => l.left < c.right && l.right > c.left && l.top < c.bottom && l.bottom > c.top,
        );
      })
      .map((label) => label.textContent);
  });
  expect(lanesOverCards).toEqual([]);
  await screenshot(app, "history-07-across-records");
});

/** The transitions of the open map, from the shell. */
async function transitions(app: App): Promise<{ from: string; to: string }[]> {
  const open = await invoke<{ ok: { map: { transitions: { from: string; to: string }[] } } }>(
    app,
    "current_map",
    {},
  );
  return open.ok.map.transitions;
}

it("opens a sample with its history; the keyboard draws a path records take", async () => {
  app = await openSample("product-led-self-serve");
  await app.$(".legend .history").waitForExist();
  expect(await text(app, ".legend .history")).toContain(
    "Counts from product-led-self-serve.history.csv",
  );
  await press(app, "f");
  await app.$('[data-stage-id="onboarded"] .flow').waitForExist();
  expect(await text(app, '[data-stage-id="onboarded"] .flow')).toContain("54% over SLA");
  expect(await app.$$(".react-flow__edge.undocumented").length).toBe(3);
  await screenshot(app, "history-03-sample");

  // The finding names the path; Enter on it selects both stages, D draws it.
  await app.$('.sidebar [data-panel="findings"]').click();
  const group = app.$('.finding-groups > li[data-rule="undocumented-path"]');
  await group.waitForExist();
  expect(await group.getText()).toContain("3 undocumented paths");
  const before = (await transitions(app)).length;
  const finding = app.$('button.finding[data-subjects="pql checkout"]');
  if (!(await finding.isExisting())) await group.$("button").click();
  await finding.waitForExist();
  await app.execute(() =>
    (document.querySelector('button.finding[data-subjects="pql checkout"]') as HTMLElement).focus(),
  );
  await press(app, Key.Enter);
  await press(app, "d");
  await waitFor(
    () => transitions(app as App),
    (ts) => ts.length === before + 1 && ts.some((t) => t.from === "pql" && t.to === "checkout"),
    "PQL → Self-serve checkout drawn",
  );
  await waitFor(
    async () => (await app?.$$(".react-flow__edge.undocumented").length) ?? 0,
    (n) => n === 2,
    "two paths left undrawn",
  );
  // One undoable edit: Ctrl+Z takes it back, and the path is undrawn again.
  await press(app, Key.Ctrl, "z");
  await waitFor(
    () => transitions(app as App),
    (ts) => ts.length === before,
    "the path undone",
  );
  // The finding's own button draws it too.
  await app
    .$(
      '.finding-groups [data-subjects="trial checkout"] ~ .finding-actions [data-action="draw-path"]',
    )
    .click();
  await waitFor(
    () => transitions(app as App),
    (ts) => ts.some((t) => t.from === "trial" && t.to === "checkout"),
    "Team trial → Self-serve checkout drawn",
  );
  await screenshot(app, "history-04-drawn-by-keyboard");
});

it("reads a log dropped on the window with a progress bar, while edits go on", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  // A large log (about 60 MB): the sample's values over a million changes.
  const values = ["lead", "marketingqualifiedlead", "Sales accepted lead", "Nurture"];
  const rows = ["case_id,activity,timestamp"];
  for (let i = 0; i < 1_200_000; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    rows.push(`c${Math.floor(i / 4)},${values[i % 4]},2026-03-${day} 10:00:00`);
  }
  const log = join(tmpdir(), `dropped-${process.pid}.csv`);
  writeFile(log, `${rows.join("\n")}\n`);

  await dragEvent(app, "enter", [log]);
  await app.$(".drop-overlay").waitForDisplayed();
  expect(await text(app, ".drop-overlay")).toContain("a stage history (.csv, .xes) to lay over it");
  await screenshot(app, "history-05-drop-hint");
  await dragEvent(app, "drop", [log]);
  await app.$(".drop-overlay").waitForExist({ reverse: true });
  const bar = app.$('.progress[data-task="history"]');
  await bar.waitForExist();
  await waitFor(
    () => text(app as App, '.progress[data-task="history"]'),
    (t) => /Reading dropped-\d+\.csv: [\d.]+ MB of [\d.]+ MB/.test(t),
    "the bar says how much is read",
  );
  await screenshot(app, "history-06-reading");
  // The window and the shell keep working: a stage is renamed from the keyboard meanwhile.
  await app.$('[data-stage-id="nurture"]').click();
  await press(app, Key.Enter);
  await type(app, "Nurture (renamed)");
  await press(app, Key.Enter);
  await waitFor(
    () => text(app as App, '[data-stage-id="nurture"] .name'),
    (t) => t === "Nurture (renamed)",
    "the rename shown while the log is read",
  );
  expect(await bar.isExisting()).toBe(true);
  await app.$(".progress").waitForExist({ reverse: true, timeout: 120_000 });
  await waitFor(
    () => text(app as App, ".legend .history"),
    (t) => t.includes(`Counts from dropped-${process.pid}.csv`),
    "the dropped log laid over the map",
  );
  expect(await text(app, '[data-stage-id="nurture"] .name')).toBe("Nurture (renamed)");
});
