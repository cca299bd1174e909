/** Our Mermaid export rendered by Mermaid 10 itself, as GitHub renders it, in Debian's
 * headless Chromium: each sample parses, and every lane, stage and arrow is drawn. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, it } from "vitest";
import { artifact, freshDataDir } from "./app";
import { convertSample, inChromium } from "./chromium";

const SAMPLES = [
  "inbound-b2b-saas-hubspot",
  "enterprise-salesforce-asc606",
  "product-led-self-serve",
];
const mermaid = readFileSync(
  createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js"),
  "utf8",
);

it.each(SAMPLES)("renders the %s sample with Mermaid 10", async (sample) => {
  const { text, map } = convertSample<{
    teams: unknown[];
    stages: unknown[];
    transitions: unknown[];
  }>(sample, join(freshDataDir(), `${sample}.mmd`));
  const size = { width: 1600, height: 900 };
  await inChromium(size, "<div id='drawing'></div>", async (page) => {
    await page.addScriptTag({ content: mermaid });
    const drawn = await page.evaluate(async (text: string) => {
      // biome-ignore lint/suspicious/noExplicitAny: Mermaid's global
      const m = (window as any).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: "strict" });
      const { svg } = await m.render("journey", text);
      const drawing = document.getElementById("drawing") as HTMLElement;
      drawing.innerHTML = svg;
      return {
        lanes: drawing.querySelectorAll("g.cluster").length,
        stages: drawing.querySelectorAll("g.node").length,
        arrows: drawing.querySelectorAll("path.flowchart-link").length,
        labels: [...drawing.querySelectorAll("g.cluster-label")].map((l) => l.textContent ?? ""),
        error: drawing.textContent?.includes("Syntax error") ?? false,
      };
    }, text);
    expect(drawn.error).toBe(false);
    expect(drawn.lanes).toBe(map.teams.length);
    expect(drawn.stages).toBe(map.stages.length);
    expect(drawn.arrows).toBe(map.transitions.length);
    expect(drawn.labels.join(" ")).toContain(
      sample === "product-led-self-serve" ? "Growth" : "Marketing",
    );
    const svg = await page.$("#drawing svg");
    await svg?.screenshot({ path: artifact(`mermaid-${sample}.png`) });
  });
});
