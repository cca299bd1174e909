/** The CRM's own configuration in the real window: a map started from a Salesforce project,
 * and a sample held against its HubSpot export, whose planted drift shows in the findings and
 * is mended with one undoable action. (No test can answer the native file dialog: the files
 * go through the shell's own commands; the palette's way to them is a unit test.) */
import { resolve } from "node:path";
import { expect, it } from "vitest";
import {
  type App,
  dragEvent,
  invoke,
  Key,
  launch,
  openSample,
  press,
  runCommand,
  screenshot,
  text,
  waitFor,
} from "./app";

let app: App | undefined;
const CRM = resolve("../../assets/samples/crm");

async function stageNames(app: App): Promise<string[]> {
  const open = await invoke<{ ok: { map: { stages: { name: string }[] } } }>(
    app,
    "current_map",
    {},
  );
  return open.ok.map.stages.map((s) => s.name);
}

it("starts a map from a Salesforce project, laid out and owing nothing to it", async () => {
  app = await launch();
  const made = await invoke<{ ok?: { path: string }; err?: unknown }>(app, "new_map_from_crm", {
    paths: [`${CRM}/enterprise-salesforce-asc606`],
  });
  expect(made.err).toBeUndefined();
  // The page shows what the shell opened once it is asked again.
  await app.refresh();
  await app.$(".stage-card").waitForExist();
  await press(app, "f");
  expect(await stageNames(app)).toEqual([
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
  ]);
  expect(await text(app, ".legend .crm")).toContain("Held against the CRM");
  // No drift against the configuration it came from; the usual findings say what to fill in.
  await app.$('.sidebar [data-panel="findings"]').click();
  expect(await app.$$('.finding-groups > li[data-rule^="crm-"]').length).toBe(0);
  await app.$('.finding-groups > li[data-rule="stage-without-owner"]').waitForExist();
  await screenshot(app, "crm-01-imported");
});

it("holds a sample against its CRM export and adds the value the map lacks in one step", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  const attached = await invoke<{
    ok?: { changes: string[]; since: string | null };
    err?: unknown;
  }>(app, "attach_crm", { paths: [`${CRM}/inbound-b2b-saas-hubspot/deal-pipelines.json`] });
  expect(attached.err).toBeUndefined();
  expect(attached.ok?.since).toBeNull();
  // Attached again, the same export: nothing changed in the CRM.
  const again = await invoke<{ ok: { changes: string[]; since: string | null } }>(
    app,
    "attach_crm",
    {
      paths: [`${CRM}/inbound-b2b-saas-hubspot/deal-pipelines.json`],
    },
  );
  expect(again.ok.changes).toEqual([]);
  expect(again.ok.since).not.toBeNull();

  // The page shows what the shell holds once it is asked again.
  await app.refresh();
  await app.$('.sidebar [data-panel="findings"]').waitForExist();
  await app.$('.sidebar [data-panel="findings"]').click();
  const group = app.$('.finding-groups > li[data-rule="crm-value-unmapped"]');
  await group.waitForExist();
  expect(await group.getText()).toContain("1 CRM value");
  expect(await text(app, ".legend .crm")).toContain("deal-pipelines.json");
  await screenshot(app, "crm-02-drift");

  // One action adds "Legal review" in the account executives' lane; its finding goes.
  await app.$('[data-action="add-crm-values"]').click();
  await waitFor(
    () => stageNames(app as App),
    (n) => n.includes("Legal review"),
    "the value added",
  );
  await app
    .$('.finding-groups > li[data-rule="crm-value-unmapped"]')
    .waitForExist({ reverse: true });
  // Drawn on the canvas, in the account executives' lane.
  const open = await invoke<{
    ok: { map: { stages: { id: string; name: string; team: string }[] } };
  }>(app, "current_map", {});
  const legal = open.ok.map.stages.find((s) => s.name === "Legal review");
  expect(legal?.team).toBe("ae");
  await app.$(`[data-stage-id="${legal?.id}"]`).waitForExist();
  await screenshot(app, "crm-03-value-added");
  // One undo takes it back, and the drift is there again.
  await press(app, Key.Ctrl, "z");
  await waitFor(
    () => stageNames(app as App),
    (n) => !n.includes("Legal review"),
    "undone",
  );
  await group.waitForExist();
  // Removed from the palette, the drift goes.
  await runCommand(app, "remove crm");
  await app
    .$('.finding-groups > li[data-rule="crm-value-unmapped"]')
    .waitForExist({ reverse: true });
  await app.$(".legend .crm").waitForExist({ reverse: true });
});

it("holds the open map against a HubSpot export dropped on the window", async () => {
  app = await openSample("inbound-b2b-saas-hubspot");
  await dragEvent(app, "drop", [`${CRM}/inbound-b2b-saas-hubspot/deal-pipelines.json`]);
  await waitFor(
    () => text(app as App, ".legend .crm"),
    (legend) => legend.includes("deal-pipelines.json"),
    "the export held against the map",
  );
  expect(await text(app, ".notice-banner")).toContain("Held against the CRM");
  await app.$('.sidebar [data-panel="findings"]').click();
  await app.$('.finding-groups > li[data-rule="crm-value-unmapped"]').waitForExist();
  await screenshot(app, "crm-04-export-dropped");
});

it("starts a map from a Salesforce project dropped on the start screen, its history laid over", async () => {
  app = await launch();
  await app.$("button.sample").waitForExist();
  const history = resolve("../../assets/samples/enterprise-salesforce-asc606.history.csv");
  await dragEvent(app, "drop", [history, `${CRM}/enterprise-salesforce-asc606`]);
  await waitFor(
    () => stageNames(app as App).catch((): string[] => []),
    (names) => names.includes("Negotiation/Review"),
    "the project's stages",
  );
  expect(await text(app, ".legend .crm")).toContain("Held against the CRM");
  await waitFor(
    () => text(app as App, ".legend .history").catch(() => ""),
    (legend) => legend.includes("Counts from enterprise-salesforce-asc606.history.csv"),
    "the history laid over the new map",
  );
  await screenshot(app, "crm-05-project-dropped");
});
