/** The leadership PDF from the app: the export dialog (paper, a version to compare with), the
 * file written off the main thread, then "Open" and "Show in folder". */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import {
  type App,
  dragEvent,
  freshDataDir,
  invoke,
  Key,
  launch,
  openSample,
  press,
  runCommand,
  screenshot,
  stageIds,
  waitFor,
} from "./app";
import { OPENED } from "./driver";

let app: App | undefined;
const opened = () => (existsSync(OPENED) ? readFileSync(OPENED, "utf8") : "");

it("exports from the dialog on the chosen paper, compared with a version, then opens it", async () => {
  const saveTo = freshDataDir();
  app = await openSample("inbound-b2b-saas-hubspot", { saveTo });
  await invoke(app, "save_version", { name: "Workshop 1" });

  // Ctrl+P opens the dialog; Esc closes it and nothing is written.
  await press(app, Key.Control, "p");
  const dialog = app.$('[role="dialog"][aria-label="Export the leadership PDF"]');
  await dialog.waitForDisplayed();
  await press(app, Key.Escape);
  await dialog.waitForExist({ reverse: true });

  await app.$("button=Export PDF…").click();
  await dialog.waitForDisplayed();
  await app.$('select[aria-label="Paper"]').selectByAttribute("value", "letter");
  await app.$('select[aria-label="Say what changed since"]').selectByIndex(1);
  await screenshot(app, "report-01-export-dialog");
  // Enter exports from a list as from the button (a list opens with Alt+↓).
  await app.execute(() =>
    document.querySelector<HTMLSelectElement>('select[aria-label="Paper"]')?.focus(),
  );
  await press(app, Key.Enter);

  // Saved, and said so with a way to open it.
  const banner = app.$(".exported-banner");
  await banner.waitForDisplayed({ timeout: 60_000 });
  const pdf = (await banner.getAttribute("data-path")) ?? "";
  expect(pdf.startsWith(saveTo) && pdf.endsWith(".pdf")).toBe(true);
  expect(await banner.getText()).toContain("Saved");
  await screenshot(app, "report-02-exported");
  const info = execFileSync("pdfinfo", [pdf]).toString();
  expect(info).toContain("(letter)");
  const first = execFileSync("pdftotext", ["-f", "1", "-l", "1", pdf, "-"]).toString();
  expect(first).toContain("SINCE WORKSHOP 1");

  await banner.$("button=Open").click();
  await waitFor(
    async () => opened(),
    (log) => log.split("\n").includes(pdf),
    "the PDF opened with the desktop's viewer",
  );
  await banner.$("button=Show in folder").click();
  // The file manager shows it over D-Bus, or else its folder is opened; never an error.
  await new Promise((r) => setTimeout(r, 1500));
  expect(await app.$('[role="alert"]').isExisting()).toBe(false);
});

it("exports a picture for slides and the map for BPMN modelers from the palette", async () => {
  const saveTo = freshDataDir();
  app = await openSample("enterprise-salesforce-asc606", { saveTo });
  // Each export says where it saved the file.
  const saved = async (command: string, extension: string) => {
    await runCommand(app as App, command);
    const text = await waitFor(
      async () =>
        (await app?.$(".notice-banner").isExisting()) ? app?.$(".notice-banner").getText() : "",
      (t) => (t ?? "").includes(`${extension}`),
      `a notice of the ${extension} saved`,
    );
    expect(text).toContain(`Saved ${saveTo}`);
    // The notice's text has its white space collapsed: the file is found in the folder.
    const [file] = readdirSync(saveTo).filter((f) => f.endsWith(extension));
    expect(file).toMatch(/^Enterprise/);
    return join(saveTo, file);
  };
  const png = await saved("Export picture (PNG)", ".png");
  const header = readFileSync(png);
  expect(header.subarray(1, 4).toString()).toBe("PNG");
  // Twice the drawing's size in points: wide enough for a projector.
  expect(header.readUInt32BE(16)).toBeGreaterThan(2000);
  await screenshot(app, "report-03-picture-exported");
  const svg = readFileSync(await saved("Export picture (SVG)", ".svg"), "utf8");
  expect(svg).toContain("<svg");
  const bpmn = readFileSync(await saved("Export BPMN", ".bpmn"), "utf8");
  expect(bpmn).toContain('<bpmn:lane id="legal" name="Legal">');
});

it("opens a BPMN model dropped on the window as a new map beside it", async () => {
  app = await launch([], freshDataDir(), freshDataDir());
  const folder = freshDataDir();
  const model = join(folder, "acme.bpmn");
  copyFileSync(
    resolve("../../crates/throughline-bpmn/tests/fixtures/camunda-two-pools.bpmn"),
    model,
  );
  await app.$("button.sample").waitForExist();
  await dragEvent(app, "drop", [model]);
  await waitFor(
    () => (app as App).getTitle(),
    (title) => title.includes(join(folder, "acme.throughline")),
    "the model opened as a new map beside it",
  );
  const open = await invoke<{ ok: { map: { stages: { id: string }[] } } }>(app, "current_map", {});
  const stages = open.ok.map.stages.map((s) => s.id);
  expect(stages).toHaveLength(10);
  expect(stages).toContain("Activity_mql");
  // A map opens at a zoom that keeps names legible, which can leave cards outside the window
  // (and undrawn); F shows the whole of it.
  await press(app, "f");
  const drawn = await waitFor(
    () => stageIds(app as App),
    (ids) => ids.length === 10,
    "the model's ten stages drawn",
  );
  expect(drawn.sort()).toEqual([...stages].sort());
  await screenshot(app, "report-04-bpmn-opened");
});
