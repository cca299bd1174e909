/** The whole journey readable at once at 1280×800 with the sidebar open: maps in the shapes
 * people build (staircases of teams, branches, loops, exits; placed as an older version
 * placed them, or anywhere) arranged with A and fitted with F, and a map built from the
 * keyboard as a workshop builds one, fitted with F. Measured as a person sees it: how tall
 * every stage's name is drawn, whether every card is in the window, and that neither the
 * legend nor the overview covers one. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type App,
  answer,
  freshDataDir,
  Key,
  launch,
  press,
  screenshot,
  stageIds,
  viewport,
  waitFor,
  writeFile,
} from "./app";
import { generatedJourney, type Shape } from "./maps";

let app: App | undefined;

/** Every stage card: how tall its name is drawn (font size × zoom, px) and whether the card
 * is wholly inside the canvas. */
async function everyName(app: App) {
  return app.execute(() => {
    const transform =
      document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "";
    const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? "1");
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const cards = [...document.querySelectorAll<HTMLElement>(".stage-card")];
    const inside = cards.filter((card) => {
      const box = card.getBoundingClientRect();
      return (
        !!pane &&
        box.left >= pane.left - 1 &&
        box.right <= pane.right + 1 &&
        box.top >= pane.top - 1 &&
        box.bottom <= pane.bottom + 1
      );
    });
    // The chrome drawn over the canvas: the legend, and the overview when it shows.
    const chrome = [".legend", ".overview"]
      .map((s) => document.querySelector(s)?.getBoundingClientRect())
      .filter((r): r is DOMRect => !!r && r.width > 0 && r.height > 0);
    const covered = cards.filter((card) => {
      const box = card.getBoundingClientRect();
      return chrome.some(
        (r) => box.left < r.right && box.right > r.left && box.top < r.bottom && box.bottom > r.top,
      );
    });
    const heights = cards.map((card) => {
      const name = card.querySelector(".name");
      return name ? Number.parseFloat(getComputedStyle(name).fontSize) * zoom : 0;
    });
    return {
      cards: cards.length,
      inside: inside.length,
      covered: covered.length,
      smallest: Math.min(...heights),
    };
  });
}

/** Waits until the view stops moving. */
async function settled(app: App): Promise<void> {
  let last = "";
  await waitFor(
    async () => {
      const now = await viewport(app);
      const still = now === last;
      last = now;
      return still;
    },
    (still) => still,
    "the view at rest",
  );
}

const SHAPES: (Shape & { least: number })[] = [
  { stages: 21, teams: 4, placement: "staircase", least: 10 },
  { stages: 21, teams: 4, placement: "random", branches: 1, loops: 1, exits: 1, least: 10 },
  { stages: 16, teams: 3, placement: "staircase", branches: 1, loops: 2, least: 10 },
  { stages: 30, teams: 6, placement: "staircase", loops: 1, exits: 2, least: 8 },
  { stages: 30, teams: 3, placement: "random", branches: 2, least: 8 },
];

describe("the whole journey at once", () => {
  for (const shape of SHAPES) {
    const label = `${shape.stages} stages over ${shape.teams} teams, ${shape.placement}`;
    it(`arranges ${label} so that every name is drawn at least ${shape.least} px tall after F`, async () => {
      const folder = freshDataDir();
      const json = join(folder, "journey.json");
      writeFile(json, JSON.stringify(generatedJourney({ ...shape, seed: shape.stages })));
      app = await launch([json]);
      await waitFor(
        () => stageIds(app as App),
        (ids) => ids.length > 0,
        "the map's cards",
      );
      await press(app, "f");
      await settled(app);
      const before = await everyName(app);
      await press(app, "a");
      await settled(app);
      await press(app, "f");
      await settled(app);
      const after = await everyName(app);
      await screenshot(app, `whole-journey-${shape.stages}-${shape.teams}-${shape.placement}`);
      console.log(
        `${label}: names ${before.smallest.toFixed(1)} px as placed, ${after.smallest.toFixed(1)} px arranged`,
      );
      expect(after.cards).toBe(shape.stages);
      expect(after.inside).toBe(shape.stages);
      expect(after.covered).toBe(0);
      expect(after.smallest).toBeGreaterThanOrEqual(shape.least);
    });
  }

  it("keeps a 21-stage, 4-team map built from the keyboard readable whole after F", async () => {
    app = await launch();
    await app.$(".new-map-name").waitForDisplayed();
    await app.$(".new-map-name").setValue("Workshop");
    await press(app, Key.Enter);
    await app.$(".empty-hint").waitForDisplayed();
    const teams = ["Marketing", "Sales", "Finance", "Customer success"];
    for (const lane of teams) {
      await press(app, "l");
      await answer(app, lane);
    }
    await press(app, Key.Alt, Key.ArrowUp);
    await press(app, Key.Alt, Key.ArrowUp);
    await press(app, Key.Alt, Key.ArrowUp);
    // 6, 5, 5 and 5 stages, each connected from the one before, lane after lane.
    const counts = [6, 5, 5, 5];
    let made = 0;
    for (const [t, count] of counts.entries()) {
      if (t > 0) await press(app, Key.Alt, Key.ArrowDown);
      for (let i = 0; i < count; i++) {
        made += 1;
        await press(app, "n");
        await answer(app, `${teams[t]} step ${i + 1}`);
        if (t > 0 && i === 0) {
          // The handoff's owner is asked at once; left for later here.
          await app.$(".prompt").waitForDisplayed();
          await press(app, Key.Escape);
          await app.$(".prompt").waitForExist({ reverse: true });
        }
        await waitFor(
          async () => (await stageIds(app as App)).length,
          (n) => n >= Math.min(made, 1),
          `stage ${made}`,
        );
      }
    }
    await press(app, "f");
    await settled(app);
    const seen = await everyName(app);
    await screenshot(app, "whole-journey-built-from-the-keyboard");
    console.log(`built from the keyboard: names ${seen.smallest.toFixed(1)} px after F`);
    expect(seen.cards).toBe(21);
    expect(seen.inside).toBe(21);
    expect(seen.covered).toBe(0);
    expect(seen.smallest).toBeGreaterThanOrEqual(10);
  });
});
