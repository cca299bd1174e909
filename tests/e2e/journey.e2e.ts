/** The desktop app as a workshop uses it: the built binary in a real window, driven over
 * WebDriver. Each test starts the app on a data folder of its own and sets up its own map,
 * so any one runs alone (`scripts/e2e -t NAME`). */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type App,
  answer,
  dragCard,
  findings,
  findingsAbout,
  freshDataDir,
  Key,
  laneIds,
  launch,
  longJourney,
  openSample,
  outcome,
  press,
  progress,
  screenshot,
  stageIds,
  stagesByName,
  start,
  text,
  type,
  viewport,
  waitFor,
  writeFile,
} from "./app";

let app: App | undefined;
const SAMPLES = join(import.meta.dirname, "../../assets/samples");

describe("the desktop app", () => {
  it("builds a map from scratch with the keyboard, and owning a handoff clears its finding", async () => {
    /** What the test learns about the map it builds (ids are UUIDs the app makes). */
    const built = { closedWon: "", handoff: "" };
    app = await launch();
    await app.$("button.sample").waitForDisplayed();
    await screenshot(app, "01-start-screen");
    await app.$(".new-map-name").setValue("Workshop map");
    await press(app, Key.Enter);
    await app.$(".empty-hint").waitForDisplayed();
    expect(await app.getTitle()).toMatch(
      /^Workshop map — .*Workshop map\.throughline — Throughline$/,
    );

    // Three lanes; the newest lane takes the focus.
    for (const lane of ["Marketing", "Sales", "Finance"]) {
      await press(app, "l");
      await answer(app, lane);
      await app.$(`.lane-label=${lane}`).waitForExist();
    }
    expect(await app.$$(".lane-label").map((l) => l.getText())).toEqual([
      "Marketing",
      "Sales",
      "Finance",
    ]);
    const lanes = await laneIds(app);
    await press(app, Key.Alt, Key.ArrowUp);
    await press(app, Key.Alt, Key.ArrowUp);
    await waitFor(
      async () => (await app?.$(".canvas").getAttribute("data-focused-lane")) ?? "",
      (lane) => lane === lanes.Marketing,
      "the focused lane",
    );

    // Reorder the focused lane with the keyboard, and undo it.
    await press(app, Key.Ctrl, Key.Shift, Key.ArrowDown);
    await waitFor(
      () => app?.$$(".lane-label").map((l) => l.getText()) as Promise<string[]>,
      (names) => names.join() === "Sales,Marketing,Finance",
      "Marketing moved below Sales",
    );
    await press(app, Key.Ctrl, "z");
    await waitFor(
      () => app?.$$(".lane-label").map((l) => l.getText()) as Promise<string[]>,
      (names) => names.join() === "Marketing,Sales,Finance",
      "the lanes back in order",
    );

    // T edits the focused lane: a new colour reaches its band on the canvas and the overview.
    await press(app, "t");
    const colour = app.$('.inspector input[aria-label="Colour"]');
    await colour.waitForDisplayed();
    // A colour picker is a native dialog; the page sets the value as the picker would.
    await app.execute(() => {
      const input = document.querySelector<HTMLInputElement>(
        '.inspector input[aria-label="Colour"]',
      );
      if (!input) throw new Error("no colour field");
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(
        input,
        "#0f766e",
      );
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await waitFor(
      () =>
        app?.execute((team: string) => {
          const band = document.querySelector<HTMLElement>(`.lane[data-team="${team}"]`);
          const overview = document.querySelector(`.overview-lane[data-team="${team}"]`);
          return `${band?.style.borderColor} ${overview?.getAttribute("fill")}`;
        }, lanes.Marketing) as Promise<string>,
      (drawn) => drawn === "rgb(15, 118, 110) #0f766e22",
      "the Marketing lane recoloured",
    );
    // Alt+1 shows the findings with the keyboard in them; Esc goes back to the canvas.
    await press(app, Key.Alt, "1");
    await waitFor(
      () =>
        app?.execute(
          () => !!document.activeElement?.closest(".sidebar .panel"),
        ) as Promise<boolean>,
      (inPanel) => inPanel,
      "the keyboard in the findings panel",
    );
    await press(app, Key.Escape);
    await waitFor(
      () => app?.execute(() => document.activeElement === document.body) as Promise<boolean>,
      (onCanvas) => onCanvas,
      "the keyboard back on the canvas",
    );

    // Two stages per lane, each connected from the one before (N with a stage selected).
    const made: string[] = [];
    for (const [lane, names] of [
      [null, ["Lead", "MQL"]],
      ["down", ["SQL", "Opportunity"]],
      ["down", ["Closed won", "Revenue recognised"]],
    ] as const) {
      if (lane) await press(app, Key.Alt, Key.ArrowDown);
      for (const [i, name] of names.entries()) {
        await press(app, "n");
        await answer(app, name);
        const previous = made.at(-1);
        made.push(name);
        if (lane && i === 0) {
          // Into another lane, the new arrow is a handoff: its owner is asked at once.
          // Left open here (Esc): owning it is done below, from its finding.
          // The prompt names the handoff it asks about.
          const prompt = app.$(".prompt[aria-label^='Owner of the handoff']");
          await prompt.waitForDisplayed();
          expect(await prompt.getAttribute("aria-label")).toBe(
            `Owner of the handoff ${previous} → ${name}`,
          );
          await press(app, Key.Escape);
          await app.$(".prompt").waitForExist({ reverse: true });
        }
      }
    }
    // The view followed each new card at a readable size; F shows the whole map.
    await screenshot(app, "02a-followed-the-new-cards");
    await press(app, "f");
    await waitFor(
      () => stageIds(app as App),
      (ids) => ids.length === 6,
      "six stage cards",
    );
    expect(await app.$$("[data-transition-id]").length).toBe(5);
    const stages = await stagesByName(app);
    expect(await app.$(`[data-stage-id="${stages.SQL}"]`).getAttribute("data-team")).toBe(
      lanes.Sales,
    );
    built.closedWon = stages["Closed won"];

    // Rename in place: ← selects Closed won, Enter opens its name.
    await press(app, Key.ArrowLeft);
    await press(app, Key.Enter);
    const rename = app.$("input.rename");
    await rename.waitForDisplayed();
    // The name is selected on focus: typing replaces it. (WebDriver's clear would blur it.)
    await type(app, "Closed won deal");
    await press(app, Key.Enter);
    await waitFor(
      () => text(app as App, `[data-stage-id="${built.closedWon}"] .name`),
      (t) => t === "Closed won deal",
      "the renamed card",
    );

    // Two handoffs between lanes, neither owned.
    const handoffs = await findingsAbout(app, "handoff-without-owner");
    expect(handoffs.map((f) => f.message)).toEqual([
      "Nobody owns the handoff from MQL (Marketing) to SQL (Sales).",
      "Nobody owns the handoff from Opportunity (Sales) to Closed won deal (Finance).",
    ]);
    built.handoff = handoffs[0].subjects;
    const HANDOFF = `handoff-without-owner ${built.handoff}`;
    await screenshot(app, "02-built-with-keyboard");

    // Select the handoff through its finding, then name its owner with O.
    await app
      .$(`button.finding[data-rule="handoff-without-owner"][data-subjects="${built.handoff}"]`)
      .click();
    await waitFor(
      async () =>
        (await app?.$(`[data-transition-id="${built.handoff}"]`).getAttribute("class")) ?? "",
      (c) => c.includes("selected"),
      "the handoff is selected",
    );
    await press(app, "o");
    await answer(app, "Priya Shah");
    await waitFor(
      () => findings(app as App),
      (f) => !f.includes(HANDOFF),
      "the finding goes",
    );
    expect(await text(app, `[data-transition-id="${built.handoff}"] .react-flow__edge-text`)).toBe(
      "Priya Shah",
    );
    await screenshot(app, "03-handoff-owned");

    await press(app, Key.Ctrl, "z");
    await waitFor(
      () => findings(app as App),
      (f) => f.includes(HANDOFF),
      "undo brings it back",
    );
    await press(app, Key.Ctrl, Key.Shift, "z");
    await waitFor(
      () => findings(app as App),
      (f) => !f.includes(HANDOFF),
      "redo clears it again",
    );

    // K makes the last stage the revenue stage: the journey now reaches revenue.
    expect(await findings(app)).toContain("no-path-to-revenue ");
    // With nothing selected an arrow selects the first stage; five more walk the journey.
    await press(app, Key.Escape);
    for (let i = 0; i < 6; i++) await press(app, Key.ArrowRight);
    await waitFor(
      () => stageIds(app as App, ".stage-card.selected"),
      (ids) => ids.join() === stages["Revenue recognised"],
      "the last stage selected",
    );
    await press(app, "k");
    await press(app, "k");
    await waitFor(
      () => findings(app as App),
      (f) => !f.includes("no-path-to-revenue "),
      "a revenue stage ends the journey",
    );

    // Copy, paste into the focused lane, delete the copy.
    await press(app, Key.Ctrl, "c");
    await press(app, Key.Alt, Key.ArrowUp);
    await press(app, Key.Ctrl, "v");
    const copy = await waitFor(
      () =>
        app?.$$(".stage-card.selected").map((c) => c.getAttribute("data-team")) as Promise<
          (string | null)[]
        >,
      (teams) => teams.length === 1 && teams[0] === lanes.Sales,
      "the copy, selected, in the Sales lane",
    );
    expect(copy).toHaveLength(1);
    await press(app, Key.Delete);
    await press(app, "f");
    await waitFor(
      () => stageIds(app as App),
      (ids) => ids.length === 6,
      "the copy deleted",
    );

    // Automatic layout keeps every card inside its own lane, in journey order.
    await press(app, "a");
    await waitFor(
      () =>
        app?.execute(
          (id: string) =>
            document
              .querySelector(`[data-stage-id="${id}"]`)
              ?.closest(".react-flow__node")
              ?.getAttribute("style") ?? "",
          stages.Lead,
        ) as Promise<string>,
      (style) => style.includes("translate(170px"),
      "the laid-out map",
    );
    const misplaced = await app.execute(() =>
      [...document.querySelectorAll<HTMLElement>(".stage-card")]
        .filter((card) => {
          const lane = document.querySelector(`.lane[data-team="${card.dataset.team}"]`);
          const a = card.getBoundingClientRect();
          const b = lane?.getBoundingClientRect();
          return !b || a.top < b.top || a.bottom > b.bottom;
        })
        .map((card) => card.dataset.stageId),
    );
    expect(misplaced).toEqual([]);
    await screenshot(app, "04-arranged");

    // The shortcut overlay lists what the keyboard can do.
    await press(app, "?");
    expect(await app.$(".shortcuts").getText()).toContain("New stage in the focused lane");
    await screenshot(app, "05-shortcuts");
    await press(app, Key.Escape);
  });

  it("persists everything: quit, reopen from the recent list, and the map is as it was", async () => {
    const data = freshDataDir();
    app = await launch([], data);
    await app.$(".new-map-name").setValue("Persisted map");
    await press(app, Key.Enter);
    await app.$(".empty-hint").waitForDisplayed();
    await press(app, "l");
    await answer(app, "Marketing");
    for (const stage of ["Lead", "Marketing qualified"]) {
      await press(app, "n");
      await answer(app, stage);
    }
    // The new stage is selected: name its owner, a new person.
    await press(app, "o");
    await answer(app, "Ana Ruiz");
    await waitFor(
      () => text(app as App, ".stage-card.selected .owner"),
      (owner) => owner === "Ana Ruiz",
      "the owner on the card",
    );
    const before = await stagesByName(app);
    await app.deleteSession();

    app = await launch([], data);
    const recent = app.$("button.recent-map");
    await recent.waitForDisplayed();
    expect(await recent.getText()).toContain("Persisted map");
    await recent.click();
    const after = await waitFor(
      () => stagesByName(app as App),
      (s) => Object.keys(s).length === 2,
      "the two stages",
    );
    expect(after).toEqual(before);
    const owner = `[data-stage-id="${after["Marketing qualified"]}"] .owner`;
    expect(await text(app, owner)).toBe("Ana Ruiz");
    expect(await app.$$(".react-flow__edge").length).toBe(1);
    await screenshot(app, "06-reopened");
  });

  it("opens a sample, and a finding selects and frames its stages", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    // Two stages that share one HubSpot lifecycle value.
    const stageFinding = app.$('button.finding[data-rule="duplicate-system-mapping"]');
    const subjects = ((await stageFinding.getAttribute("data-subjects")) ?? "").split(" ").sort();
    expect(subjects).toHaveLength(2);
    await stageFinding.click();
    const selected = await waitFor(
      async () => (await stageIds(app as App, ".stage-card.selected")).sort(),
      (ids) => ids.length > 0,
      "selected cards",
    );
    expect(selected).toEqual(subjects);
    // Let the view's framing animation finish.
    await new Promise((r) => setTimeout(r, 500));
    await screenshot(app, "07-sample-finding-selected");

    // A click in the overview's corner moves the view there.
    const framed = await viewport(app);
    await app.$(".overview").click({ x: -90, y: -65 });
    await waitFor(
      () => viewport(app as App),
      (moved) => moved !== framed,
      "the view moved to the overview's corner",
    );

    // Shift+drag across the whole fitted map selects every card, and does not pan.
    await press(app, Key.Escape);
    await press(app, "f");
    await new Promise((r) => setTimeout(r, 500));
    const all = await stageIds(app);
    const fitted = await viewport(app);
    await app.execute(() => {
      const pane = document.querySelector(".react-flow__pane") as HTMLElement;
      const { left, top, right, bottom } = pane.getBoundingClientRect();
      // As a browser does: each pointer event followed by its mouse event.
      const at = (type: string, target: EventTarget, x: number, y: number) => {
        const init = {
          bubbles: true,
          shiftKey: true,
          button: 0,
          buttons: type.endsWith("up") ? 0 : 1,
          clientX: x,
          clientY: y,
          view: window,
        };
        target.dispatchEvent(new PointerEvent(`pointer${type}`, init));
        target.dispatchEvent(new MouseEvent(`mouse${type}`, init));
      };
      at("down", pane, left + 2, top + 2);
      at("move", window, left + 200, top + 200);
      at("move", window, right - 2, bottom - 2);
      at("up", window, right - 2, bottom - 2);
    });
    await waitFor(
      async () => (await stageIds(app as App, ".stage-card.selected")).sort(),
      (ids) => ids.join() === [...all].sort().join(),
      "every card selected by the box",
    );
    expect(await viewport(app)).toBe(fitted);

    // Explanations and waivers from the same panel.
    const rule = "duplicate-system-mapping";
    const count = (await findings(app)).length;
    await app
      .$(`button.finding[data-rule="${rule}"] + .finding-actions button:nth-child(2)`)
      .click();
    await app.$('input[aria-label="Reason for waiving"]').setValue("Handled by the weekly review");
    await press(app, Key.Enter);
    await waitFor(
      () => findings(app as App),
      (f) => f.length === count - 1,
      "the waived finding leaves",
    );
    expect(await app.$(".waiver").getText()).toContain("Handled by the weekly review");
    await app.$(".waiver button").click();
    await waitFor(
      () => findings(app as App),
      (f) => f.length === count,
      "unwaived, it is back",
    );
  });

  it("saves a version, edits, and compares what changed", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    await press(app, Key.Alt, "3");
    await app.$(".version-name").setValue("Before the workshop");
    await press(app, Key.Enter);
    await app.$('li[data-version="Before the workshop"]').waitForDisplayed();

    // An edit: a stage that leads nowhere, which the analysis flags.
    await app.$(".react-flow__pane").click();
    await press(app, Key.Escape);
    await press(app, "n");
    await answer(app, "Parked leads");
    const parked = (
      await waitFor(
        () => stagesByName(app as App),
        (s) => "Parked leads" in s,
        "the new stage",
      )
    )["Parked leads"];

    // Dragged into the lane below, the stage is handed to that team.
    const card = app.$(`[data-stage-id="${parked}"]`);
    const [from, lane] = await app.execute(
      (id: string) =>
        [`[data-stage-id="${id}"]`, '.lane[data-team="sdr"]'].map(
          (selector) => document.querySelector(selector)?.getBoundingClientRect().y ?? 0,
        ),
      parked,
    );
    await dragCard(app, parked, 30, lane + 30 - from);
    await waitFor(
      async () => (await card.getAttribute("data-team")) ?? "",
      (team) => team === "sdr",
      "the stage in the Sales development lane",
    );
    await screenshot(app, "08-dragged-into-another-lane");

    // Another owner for MQL, found by its initials in the go-to box (Ctrl+K).
    await press(app, Key.Ctrl, "k");
    await app.$(".prompt-input").setValue("mql");
    await press(app, Key.Enter);
    await waitFor(
      () => text(app as App, ".react-flow__node.selected .name"),
      (name) => name === "Marketing qualified lead",
      "MQL selected from the go-to box",
    );
    await press(app, "o");
    await answer(app, "Tom Becker");

    await press(app, Key.Alt, "3");
    await app.$(".compare-button").click();
    const comparison = await app.$(".comparison").getText();
    expect(comparison).toContain("Added Parked leads");
    // Old and new values of each changed field.
    expect(await text(app, '.comparison li.changed[data-id="mql"] li[data-field="owners"]')).toBe(
      "owners: Nina Alvarez → Tom Becker",
    );
    expect(await app.$$(".comparison .appeared").length).toBeGreaterThan(0);
    // While compared, the map marks what was added and changed.
    const marks = () =>
      app?.execute(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            ".react-flow__node.diff-added, .react-flow__node.diff-changed",
          ),
        ]
          .map(
            (n) =>
              `${n.classList.contains("diff-added") ? "+" : "~"}${n.querySelector<HTMLElement>(".stage-card")?.dataset.stageId}`,
          )
          .sort(),
      ) as Promise<string[]>;
    await waitFor(marks, (m) => m.join() === [`+${parked}`, "~mql"].sort().join(), "the marks");
    // The changed card says what changed beside it, and its outline stays visible at the fit
    // zoom: at least 4 screen pixels wide.
    expect(await text(app, '[data-stage-id="mql"] .diff-note')).toBe(
      "owners: Nina Alvarez → Tom Becker",
    );
    await press(app, "f");
    await waitFor(
      () =>
        app?.execute(() => {
          const card = document.querySelector<HTMLElement>('[data-stage-id="mql"]');
          const zoom = Number(
            /scale\(([\d.]+)\)/.exec(
              document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "",
            )?.[1] ?? "1",
          );
          const spread = /0px 0px 0px ([\d.]+)px/.exec(
            card ? getComputedStyle(card).boxShadow : "",
          );
          return Number(spread?.[1] ?? 0) * zoom;
        }) as Promise<number>,
      (px) => px >= 3.9,
      "the changed card's outline at least 4 px wide on screen",
    );
    // An entry selects its stage on the map.
    await app.$('.comparison li.changed[data-id="mql"] button.show').click();
    await waitFor(
      () => text(app as App, ".react-flow__node.selected .name"),
      (name) => name === "Marketing qualified lead",
      "MQL selected from the comparison",
    );
    await screenshot(app, "09-comparison");
  });

  it("finds and runs any command from the palette (Ctrl+K)", async () => {
    app = await openSample("product-led-self-serve");
    await press(app, Key.Ctrl, "k");
    const input = app.$(".prompt-input");
    await input.waitForDisplayed();
    await input.setValue("versions");
    await screenshot(app, "11-command-palette");
    await press(app, Key.Enter);
    await input.waitForExist({ reverse: true });
    await app.$('button.active[data-panel="versions"]').waitForExist();
    // With nothing selected, what needs a stage is not offered.
    await press(app, Key.Ctrl, "k");
    await app.$(".prompt-input").setValue("rename");
    expect(await app.$(".prompt .options li.empty").getText()).toBe("Nothing matches.");
    await press(app, Key.Escape);
  });

  it("opens a map held by another writer read-only, and edits a copy", async () => {
    const folder = freshDataDir();
    const json = join(folder, "shared.json");
    writeFile(json, readFileSync(join(SAMPLES, "product-led-self-serve.json")));
    // Imported once, so there is a .throughline to hold.
    app = await launch([json]);
    await waitFor(
      () => stageIds(app as App),
      (ids) => ids.length > 0,
      "the imported map",
    );
    await app.deleteSession();
    const map = join(folder, "shared.throughline");
    // Another writer holds the map's lock (flock, as the app takes it) and says who it is.
    const lock = join(folder, ".shared.throughline.lock");
    writeFile(lock, "Throughline (process 4242 of ana on ws-17, since 2026-12-01 09:00 UTC)");
    // (It waits for the closed window's process to let go of the map first.)
    const holder = spawn("flock", [lock, "sleep", "120"], { stdio: "ignore" });
    try {
      await waitFor(
        async () => {
          try {
            execFileSync("flock", ["--nonblock", lock, "true"]);
            return false;
          } catch {
            return true;
          }
        },
        (held) => held,
        "the other writer holding the lock",
      );
      app = await launch([map]);
      const banner = app.$(".read-only-banner");
      await banner.waitForDisplayed();
      expect(await banner.getText()).toContain("process 4242 of ana on ws-17");
      await screenshot(app, "12-read-only");
      // An edit is refused, saying why.
      await press(app, Key.Ctrl, "a");
      await press(app, "k");
      const alert = app.$('[role="alert"]');
      await alert.waitForDisplayed();
      expect(await alert.getAttribute("data-kind")).toBe("ReadOnly");
      await app.$(".read-only-banner button").click();
      await banner.waitForExist({ reverse: true });
      const copied = await waitFor(
        () => text(app as App, ".path"),
        (path) => path.includes("(copy)"),
        "the copy open",
      );
      expect(copied.startsWith(folder)).toBe(false);
      await screenshot(app, "13-editing-a-copy");
    } finally {
      holder.kill();
    }
  });

  it("explains a file it cannot open and leaves its bytes alone", async () => {
    const corrupt = join(freshDataDir(), "corrupt.throughline");
    const bytes = Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(300, 7)]);
    writeFile(corrupt, bytes);
    app = await launch([corrupt]);
    const alert = app.$('[role="alert"]');
    await alert.waitForDisplayed();
    expect(await alert.getText()).toContain("corrupt.throughline");
    await screenshot(app, "10-corrupt-file");
    expect(readFileSync(corrupt).equals(bytes)).toBe(true);
  });

  it("exports the leadership PDF from the open map, telling its progress", async () => {
    const saveTo = freshDataDir();
    app = await openSample("inbound-b2b-saas-hubspot", { saveTo });
    // The shell chooses the file (here: the save folder, under the map's name).
    await start(app, "export_report", { paper: "a4" }, "progress");
    const result = await waitFor(
      () => outcome(app as App),
      (o) => o !== null,
      "the export's result",
    );
    expect(result?.err).toBeUndefined();
    const pdf = String(result?.ok);
    expect(pdf.startsWith(saveTo) && pdf.endsWith(".pdf")).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    // The channel's own closing message carries no step.
    const steps = (await progress<{ step: string }>(app)).flatMap((m) =>
      m.message ? [m.message.step] : [],
    );
    expect(steps).toEqual([
      "Analysing the map",
      "Drawing the journey",
      "Typesetting",
      "Writing the PDF",
      "Saving",
      "Done",
    ]);
  });

  it("keeps answering keys and edits while a long PDF export runs", async () => {
    const folder = freshDataDir();
    const json = join(folder, "long.json");
    writeFile(json, longJourney(300));
    app = await launch([json], freshDataDir(), folder);
    await waitFor(
      () => stageIds(app as App),
      (ids) => ids.length > 0,
      "the long map",
    );
    const pdf = join(folder, "long.pdf");
    await start(app, "export_report", { paper: "a4" }, "progress");
    // While it runs: arrows select stage after stage, and an edit (K) lands.
    const answered: number[] = [];
    for (const [i, key] of [Key.ArrowRight, Key.ArrowRight, Key.ArrowRight].entries()) {
      const began = Date.now();
      await press(app, key);
      await waitFor(
        () => stageIds(app as App, ".stage-card.selected"),
        (ids) => ids.length === 1 && ids[0] === `s${i}`,
        `stage s${i} selected`,
      );
      answered.push(Date.now() - began);
    }
    await press(app, "k");
    await waitFor(
      () => app?.$('[data-stage-id="s2"]').getAttribute("class") ?? Promise.resolve(""),
      (c) => (c ?? "").includes("kind-entry"),
      "the kind changed while exporting",
    );
    expect(await outcome(app), "the export was still running").toBeNull();
    expect(Math.max(...answered)).toBeLessThan(1500);
    const result = await waitFor(
      () => outcome(app as App),
      (o) => o !== null,
      "the export's result",
      170,
    );
    expect(result?.err).toBeUndefined();
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    console.log(`keys answered during the export in ${answered.join(", ")} ms`);
  });
});
