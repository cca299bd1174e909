/** The SVG picture for slides, as a browser draws it (Debian's headless Chromium, with the
 * fonts a machine without Inter has): every card and arrow there, every name written as text
 * and inside its card, no two handoff owners over one another. On the samples and on
 * generated journeys in the shapes people build, with names in other scripts and markup. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { artifact, freshDataDir } from "./app";
import { convertMap, convertSample, inChromium } from "./chromium";
import { generatedJourney, type Shape } from "./maps";

type MapJson = {
  name: string;
  teams: { name: string }[];
  stages: { name: string }[];
  transitions: unknown[];
};

const SAMPLES = [
  "inbound-b2b-saas-hubspot",
  "enterprise-salesforce-asc606",
  "product-led-self-serve",
];

const SHAPES: [string, Shape][] = [
  ["staircase of 30 stages over 6 teams", { stages: 30, teams: 6, loops: 4, exits: 3 }],
  ["60 stages at random", { stages: 60, teams: 4, placement: "random", branches: 3, seed: 5 }],
];

/** Names a person might give, longer and stranger than the samples': they must wrap inside
 * their cards and stay text. */
const NAMES = [
  "Marketing qualified lead accepted by the regional sales development team",
  'R&D <pilot> "beta" review',
  "عميل محتمل مؤهل للمبيعات",
  "Übergabe an Customer-Success-Onboarding-Spezialistinnen",
  "Contractsignatureandcountersignaturebylegalandprocurement",
];

it.each(SAMPLES)("draws the %s sample as text inside its cards", async (sample) => {
  const { text, map } = convertSample<MapJson>(sample, join(freshDataDir(), `${sample}.svg`));
  await checkPicture(sample, text, map);
});

it.each(SHAPES)("draws a %s as text inside its cards", async (name, shape) => {
  const journey = generatedJourney(shape);
  journey.stages.forEach((stage, i) => {
    if (i % 3 === 1) stage.name = NAMES[i % NAMES.length];
  });
  const source = join(freshDataDir(), "journey.json");
  writeFileSync(source, JSON.stringify(journey));
  const slug = name.replaceAll(" ", "-");
  const { text, map } = convertMap<MapJson>(source, join(freshDataDir(), `${slug}.svg`));
  await checkPicture(slug, text, map);
});

async function checkPicture(name: string, svg: string, map: MapJson) {
  const width = Number(/viewBox="0 0 ([\d.]+)/.exec(svg)?.[1]);
  const height = Number(/viewBox="0 0 [\d.]+ ([\d.]+)/.exec(svg)?.[1]);
  expect(width).toBeGreaterThan(0);
  await inChromium(
    { width: Math.ceil(width), height: Math.ceil(height) },
    "<div id='picture'></div>",
    async (page) => {
      // Drawn at one pixel a point, as the file says its size.
      await page.evaluate((svg: string) => {
        const holder = document.getElementById("picture") as HTMLElement;
        holder.innerHTML = svg;
        const drawn = holder.querySelector("svg") as SVGSVGElement;
        drawn.setAttribute("width", String(drawn.viewBox.baseVal.width));
        drawn.setAttribute("height", String(drawn.viewBox.baseVal.height));
      }, svg);
      const drawn = await page.evaluate(() => {
        const box = (e: Element) => (e as SVGGraphicsElement).getBBox();
        const cards = [...document.querySelectorAll("g.card")].map((card) => {
          const frame = box(card.querySelector("rect") as Element);
          const lines = [...card.querySelectorAll("text")];
          return {
            text: lines.map((l) => l.textContent ?? ""),
            outside: lines
              .map(box)
              .filter(
                (b) =>
                  b.x < frame.x - 0.5 ||
                  b.x + b.width > frame.x + frame.width + 0.5 ||
                  b.y < frame.y - 0.5 ||
                  b.y + b.height > frame.y + frame.height + 0.5,
              ).length,
          };
        });
        const owners = [...document.querySelectorAll("g.handoff-owner rect")].map(box);
        const overlapping = owners.filter((a, i) =>
          owners.some(
            (b, j) =>
              j !== i &&
              a.x < b.x + b.width &&
              b.x < a.x + a.width &&
              a.y < b.y + b.height &&
              b.y < a.y + a.height,
          ),
        ).length;
        return {
          cards,
          lanes: document.querySelectorAll("g.lane").length,
          arrows: document.querySelectorAll("g.arrow").length,
          overlapping,
          title: document.querySelector("svg > title")?.textContent,
        };
      });
      expect(drawn.title).toBe(map.name);
      expect(drawn.lanes).toBe(map.teams.length);
      expect(drawn.arrows).toBe(map.transitions.length);
      expect(drawn.cards.length).toBe(map.stages.length);
      expect(drawn.cards.filter((c) => c.outside > 0)).toEqual([]);
      // Each name whole in its card's lines, or its start when it takes more lines than a
      // card has (then the card says it was cut).
      drawn.cards.forEach((card, i) => {
        const written = card.text.join("").replaceAll(" ", "");
        const name = map.stages[i].name.replaceAll(" ", "");
        const shown = written.includes(name) || written.includes("…");
        expect(shown, `${map.stages[i].name} on ${card.text}`).toBe(true);
        expect(written).toContain(name.slice(0, 20));
      });
      expect(drawn.overlapping).toBe(0);
      await page.screenshot({ path: artifact(`picture-${name}.png`), fullPage: true });
    },
  );
}
