/** The canvas as a workshop uses it at a projector (1280×800): legible by default, a
 * presentation mode, the keyboard route to every handoff, findings grouped by rule, and names
 * a screen reader can say. Each test starts the app on its own data folder. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  type App,
  answer,
  Key,
  openSample,
  panCanvas,
  press,
  screenshot,
  text,
  viewport,
  waitFor,
} from "./app";
import { launchJourney, namesOnScreen, settled } from "./view";

let app: App | undefined;
const zoomOf = async (app: App) => (await namesOnScreen(app)).zoom;

/** The ids selected on the canvas: cards and arrows. */
const selection = (app: App) =>
  app.execute(() => [
    ...[...document.querySelectorAll<HTMLElement>(".react-flow__node.selected .stage-card")].map(
      (c) => c.dataset.stageId ?? "",
    ),
    ...[...document.querySelectorAll(".react-flow__edge.selected")].map(
      (e) => e.getAttribute("data-transition-id") ?? "",
    ),
  ]);

describe("the canvas for the room", () => {
  it("opens a map with names legible, zooms by keyboard, and never jumps out after an edit", async () => {
    app = await openSample("enterprise-salesforce-asc606");
    const opened = await namesOnScreen(app);
    // Stage names at least 12 px tall at 1280×800, with several stages in view.
    expect(opened.smallestShown).toBeGreaterThanOrEqual(12);
    expect(opened.shown).toBeGreaterThanOrEqual(4);
    await screenshot(app, "room-01-opened-legible");

    // Keyboard zoom: + and - step, 0 is actual size.
    await press(app, "+");
    await waitFor(
      () => zoomOf(app as App),
      (z) => Math.abs(z - opened.zoom * 1.25) < 0.01,
      "+",
    );
    await press(app, "-");
    await waitFor(
      () => zoomOf(app as App),
      (z) => Math.abs(z - opened.zoom) < 0.01,
      "-",
    );
    await press(app, Key.Ctrl, "=");
    await waitFor(
      () => zoomOf(app as App),
      (z) => z > opened.zoom * 1.2,
      "Ctrl+=",
    );
    await press(app, "0");
    await waitFor(
      () => zoomOf(app as App),
      (z) => z === 1,
      "0: actual size",
    );

    // A new stage: the view pans to it at the same zoom, never out to the whole map.
    await press(app, Key.ArrowRight);
    await waitFor(
      () => selection(app as App),
      (s) => s.length === 1,
      "a stage selected",
    );
    await settled(app);
    const before = await zoomOf(app);
    await press(app, "n");
    await answer(app, "Legal review");
    await waitFor(
      () => text(app as App, ".react-flow__node.selected .stage-card .name"),
      (name) => name === "Legal review",
      "the new card selected",
    );
    await settled(app);
    expect(await zoomOf(app)).toBeCloseTo(before, 5);
    const inView = await app.execute(() => {
      const card = document
        .querySelector(".react-flow__node.selected .stage-card")
        ?.getBoundingClientRect();
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      return !!card && !!pane && card.left >= pane.left && card.right <= pane.right;
    });
    expect(inView).toBe(true);

    // Ctrl+B gives the sidebar's room to the map; lane names stay in view while panning.
    const width = () =>
      app?.execute(
        () => document.querySelector(".react-flow")?.clientWidth ?? 0,
      ) as Promise<number>;
    const narrow = await width();
    await press(app, Key.Ctrl, "b");
    await waitFor(width, (w) => w > narrow + 300, "the canvas takes the sidebar's room");
    await panCanvas(app, -900, 0, 10);
    const labels = await app.execute(() => {
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      return [...document.querySelectorAll(".lane-label")].map((l) => {
        const box = l.getBoundingClientRect();
        return !!pane && box.left >= pane.left - 1 && box.left < pane.left + 60;
      });
    });
    expect(labels.length).toBe(6);
    expect(labels.every(Boolean)).toBe(true);
    await screenshot(app, "room-02-panned-lane-names-stay");
  });

  it("presents the journey and its findings to the room, and edits in place", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    await press(app, "F5");
    await app.$(".caption").waitForDisplayed();
    // The canvas takes the whole window: no header, no sidebar.
    expect(await app.$("header").isDisplayed()).toBe(false);
    expect(await app.$(".sidebar").isExisting()).toBe(false);
    expect(await text(app, ".caption-position")).toMatch(/^Stage 1 of \d+ on the main path$/);
    const first = await text(app, ".caption-title");
    await waitFor(
      async () => (await namesOnScreen(app as App)).smallestShown,
      (px) => px >= 24,
      "names at least 24 px tall",
    );
    await screenshot(app, "room-03-presenting-first-stage");

    // Space walks on; the view follows and the step is selected; ← goes back.
    await press(app, Key.Space);
    await waitFor(
      () => text(app as App, ".caption-position"),
      (p) => p.startsWith("Stage 2 of"),
      "step 2",
    );
    const second = await text(app, ".caption-title");
    expect(second).not.toBe(first);
    expect(await text(app, ".react-flow__node.selected .stage-card .name")).toBe(second);
    const centred = await app.execute(() => {
      const card = document
        .querySelector(".react-flow__node.selected .stage-card")
        ?.getBoundingClientRect();
      return !!card && card.left > 0 && card.right < window.innerWidth;
    });
    expect(centred).toBe(true);
    await press(app, Key.ArrowRight);
    await waitFor(
      () => text(app as App, ".caption-position"),
      (p) => p.startsWith("Stage 3"),
      "→",
    );
    await press(app, Key.ArrowLeft);
    await waitFor(
      () => text(app as App, ".caption-position"),
      (p) => p.startsWith("Stage 2"),
      "←",
    );

    // O names the owner of the stage on screen, and the caption confirms it.
    await press(app, "o");
    await answer(app, "Morgan Blake");
    await waitFor(
      () => text(app as App, ".caption-detail"),
      (d) => d.endsWith("owner Morgan Blake"),
      "the caption shows the new owner",
    );
    expect(await text(app, ".caption-notice")).toBe(
      `✓ ${second}: owner Morgan Blake · Ctrl+Z undoes`,
    );
    await screenshot(app, "room-03b-presenting-owner-confirmed");

    // Shift+F5 walks the findings, each with its fix.
    await press(app, Key.Shift, "F5");
    await waitFor(
      () => text(app as App, ".caption-position"),
      (p) => / finding 1 of \d+$/.test(p),
      "the first finding",
    );
    expect(await text(app, ".caption-detail")).toMatch(/^Fix: /);
    await screenshot(app, "room-04-presenting-a-finding");
    await press(app, Key.Space);
    await waitFor(
      () => text(app as App, ".caption-position"),
      (p) => / finding 2 of \d+$/.test(p),
      "the second finding",
    );

    // Escape leaves; the header and sidebar come back.
    await press(app, Key.Escape);
    await app.$(".caption").waitForExist({ reverse: true });
    expect(await app.$("header").isDisplayed()).toBe(true);
    expect(await app.$(".sidebar").isExisting()).toBe(true);
  });

  it("presents safely: the main path reaches revenue, deleting keys do nothing, the caption hides no stage, Esc gives the view back", async () => {
    // 16 stages over 4 teams drawn anywhere; the entry's first arrow leads into a 3-stage
    // dead end, the way to revenue has 12 stages, with a rework loop and a lost exit.
    const shape = { stages: 16, teams: 4, branches: 1, deadEnd: 3, loops: 1, exits: 1 };
    app = await launchJourney({ ...shape, placement: "random", seed: 3 });
    await press(app, "f");
    await settled(app);
    const before = await viewport(app);
    const cards = (await app.execute(
      () => document.querySelectorAll(".stage-card").length,
    )) as number;

    await press(app, "F5");
    await app.$(".caption").waitForDisplayed();
    expect(await text(app, ".caption-position")).toBe("Stage 1 of 12 on the main path");
    // Fully opaque: nothing on the canvas shows through it.
    const background = await app.execute(
      () => getComputedStyle(document.querySelector(".caption") as Element).backgroundColor,
    );
    expect(background).toBe("rgb(17, 24, 39)");
    const walked: string[] = [];
    for (let step = 1; step <= 12; step++) {
      await waitFor(
        () => text(app as App, ".caption-position"),
        (p) => p === `Stage ${step} of 12 on the main path`,
        `step ${step}`,
      );
      await settled(app);
      // The stage described is drawn whole above the caption, never under it.
      const place = await app.execute(() => {
        const card = document
          .querySelector(".react-flow__node.selected .stage-card")
          ?.getBoundingClientRect();
        const caption = document.querySelector(".caption")?.getBoundingClientRect();
        return card && caption && { top: card.top, bottom: card.bottom, caption: caption.top };
      });
      expect(place).toBeTruthy();
      expect(place?.top).toBeGreaterThanOrEqual(0);
      expect(place?.bottom).toBeLessThanOrEqual(place?.caption ?? 0);
      walked.push(await text(app, ".caption-title"));
      if (step === 4) await screenshot(app, "room-05-presenting-generated-map");
      // Keys that delete or move things are off, and the caption says what is possible.
      if (step === 2) {
        for (const key of [Key.Backspace, Key.Delete, "k", "a"]) await press(app, key);
        await press(app, Key.Alt, Key.Shift, Key.ArrowDown);
        expect(await text(app, ".caption-notice")).toMatch(/is off while presenting\. O names/);
        await screenshot(app, "room-06-presenting-deleting-key-held");
      }
      await press(app, Key.Space);
    }
    expect(walked[0]).toMatch(/^Marketing stage 1/);
    expect(walked[11]).toMatch(/^Customer success stage 12/);

    // Esc leaves the presentation with the view as it was before F5, and every card there.
    await press(app, Key.Escape);
    await app.$(".caption").waitForExist({ reverse: true });
    await settled(app);
    expect(await viewport(app)).toBe(before);
    expect(await app.execute(() => document.querySelectorAll(".stage-card").length)).toBe(cards);
  });

  it("reaches every handoff from the keyboard and names its owner", async () => {
    app = await openSample("product-led-self-serve");
    // The sample's stage history adds counts to the arrows' labels: hidden (H), the label is
    // the owner alone.
    await press(app, "h");
    await app.$(".stage-card .flow").waitForExist({ reverse: true });
    let keys = 0;
    const key = async (...chord: string[]) => {
      keys += 1;
      await press(app as App, ...chord);
    };
    // With nothing selected, → takes the focused lane's first stage.
    await key(Key.ArrowRight);
    await waitFor(
      () => selection(app as App),
      (s) => s.length === 1,
      "a stage",
    );
    const handoffs = await app.execute(() =>
      [...document.querySelectorAll(".react-flow__edge.handoff")].map(
        (e) => e.getAttribute("data-transition-id") ?? "",
      ),
    );
    // ] cycles through the selected stage's arrows out, → follows one, until a handoff.
    let reached = "";
    for (let i = 0; i < 12 && !reached; i++) {
      await key("]");
      const [arrow] = await waitFor(
        () => selection(app as App),
        (s) => s.length === 1 && s[0] !== "",
        "an arrow",
      );
      if (handoffs.includes(arrow)) reached = arrow;
      else await key(Key.ArrowRight);
    }
    expect(reached).not.toBe("");
    const label = await app.$(`[data-transition-id="${reached}"]`).getAttribute("aria-label");
    expect(label).toMatch(/^Handoff from .+ to .+/);
    await key("o");
    await answer(app, "Ben Okafor");
    keys += 2;
    await waitFor(
      () => text(app as App, `[data-transition-id="${reached}"] .react-flow__edge-text`),
      (t) => t === "Ben Okafor",
      "the owner on the arrow",
    );
    // The inspector shows what is found about the selected arrow.
    await key("i");
    await app.$(".about-findings").waitForDisplayed();
    console.log(`keyboard route to a handoff's owner: ${keys} keys`);
    expect(keys).toBeLessThanOrEqual(16);
    await screenshot(app, "room-05-handoff-by-keyboard");

    // [ from the stage it leads to selects it again among that stage's arrows in.
    await key(Key.ArrowRight);
    await key("[");
    await waitFor(
      () => selection(app as App),
      (s) => s.length === 1 && s[0] !== "",
      "an arrow in",
    );
  });

  it("groups findings by rule; a group selects all it concerns; filters by severity and lane", async () => {
    app = await openSample("enterprise-salesforce-asc606");
    const groups = () =>
      app?.execute(() =>
        [...document.querySelectorAll<HTMLElement>("button.finding-group")].map((g) => ({
          rule: g.dataset.rule ?? "",
          count: Number(g.dataset.count),
          text: g.querySelector(".message")?.textContent ?? "",
        })),
      ) as Promise<{ rule: string; count: number; text: string }[]>;
    const all = await groups();
    const total = Number(await text(app, ".findings h2 .count"));
    expect(all.reduce((n, g) => n + g.count, 0)).toBe(total);
    // One row per rule, saying what it concerns.
    expect(new Set(all.map((g) => g.rule)).size).toBe(all.length);
    for (const g of all) expect(g.text).toMatch(/ — \d+ [A-Za-z][\w -]*$/);
    const biggest = all.reduce((a, b) => (b.count > a.count ? b : a));
    await app.$(`button.finding-group[data-rule="${biggest.rule}"]`).click();
    await waitFor(
      async () => (await selection(app as App)).length,
      (n) => n >= biggest.count,
      "the group's subjects selected",
    );
    await screenshot(app, "room-06-grouped-findings");

    await app
      .$('select[aria-label="Show findings of severity"]')
      .selectByAttribute("value", "error");
    const errors = await app.execute(() =>
      [...document.querySelectorAll(".finding-groups > li")].map((g) => g.className),
    );
    expect(errors.every((c) => c.includes("error"))).toBe(true);
    await app.$('select[aria-label="Show findings of severity"]').selectByAttribute("value", "");
    const lane = await app.$('select[aria-label="Show findings of lane"] option:nth-child(2)');
    await app
      .$('select[aria-label="Show findings of lane"]')
      .selectByAttribute("value", (await lane.getAttribute("value")) ?? "");
    const inLane = (await groups()).reduce((n, g) => n + g.count, 0);
    expect(inLane).toBeLessThan(total);

    // E marks errors only on the canvas.
    const marked = () =>
      app?.execute(
        () => document.querySelectorAll(".stage-card.warning, .stage-card.info").length,
      ) as Promise<number>;
    await press(app, "e");
    await waitFor(marked, (n) => n === 0, "only errors marked");
  });

  it("names every card and arrow for a screen reader, and axe finds nothing serious", async () => {
    app = await openSample("inbound-b2b-saas-hubspot");
    const names = await app.execute(() => [
      ...[...document.querySelectorAll(".react-flow__node-stage")].map(
        (n) => n.getAttribute("aria-label") ?? "",
      ),
      ...[...document.querySelectorAll(".react-flow__edge")].map(
        (e) => e.getAttribute("aria-label") ?? "",
      ),
    ]);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      expect(name).toMatch(/^(\w+ stage|Stage|Handoff|Transition|Undocumented path:) /);
      // Names, never ids.
      expect(name).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    }
    const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await app.execute(axe);
    const violations = (await app.executeAsync((done: (v: unknown) => void) => {
      // biome-ignore lint/suspicious/noExplicitAny: axe's global
      (window as any).axe
        .run(document, { resultTypes: ["violations"] })
        .then((r: { violations: { id: string; impact: string; nodes: unknown[] }[] }) =>
          done(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))),
        );
    })) as { id: string; impact: string; nodes: number }[];
    console.log("axe violations:", JSON.stringify(violations));
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });
});
