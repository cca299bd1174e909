/** Our BPMN export opened by bpmn-js's modeler (what bpmn.io and Camunda Modeler are built on)
 * in Debian's headless Chromium: no import warnings, and every lane, stage and flow drawn. */
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
const require = createRequire(import.meta.url);
const asset = (path: string) => readFileSync(require.resolve(`bpmn-js/dist/${path}`), "utf8");

it.each(SAMPLES)("opens the %s sample's BPMN in bpmn-js with no warnings", async (sample) => {
  const { text: xml, map } = convertSample<{
    teams: { name: string }[];
    stages: { name: string }[];
    transitions: unknown[];
  }>(sample, join(freshDataDir(), `${sample}.bpmn`));
  const size = { width: 1600, height: 1000 };
  const canvas = "<div id='canvas' style='width:1600px;height:1000px'></div>";
  await inChromium(size, canvas, async (page) => {
    await page.addStyleTag({ content: asset("assets/diagram-js.css") });
    await page.addStyleTag({ content: asset("assets/bpmn-js.css") });
    // The modeler's tool palette would cover the lanes' names in the screenshot.
    await page.addStyleTag({ content: ".djs-palette { display: none; }" });
    await page.addScriptTag({ content: asset("bpmn-modeler.production.min.js") });
    const opened = await page.evaluate(async (xml: string) => {
      // biome-ignore lint/suspicious/noExplicitAny: bpmn-js's global
      const BpmnJS = (window as any).BpmnJS;
      const modeler = new BpmnJS({ container: "#canvas" });
      const { warnings } = await modeler.importXML(xml);
      modeler.get("canvas").zoom("fit-viewport");
      // biome-ignore lint/suspicious/noExplicitAny: diagram-js elements
      const elements: any[] = modeler.get("elementRegistry").getAll();
      const drawn = (type: string) =>
        elements.filter(
          (e) => e.type === type && document.querySelector(`[data-element-id="${e.id}"]`),
        ).length;
      return {
        warnings: warnings.map((w: { message: string }) => w.message),
        pools: drawn("bpmn:Participant"),
        lanes: drawn("bpmn:Lane"),
        nodes: ["bpmn:Task", "bpmn:StartEvent", "bpmn:EndEvent"].map(drawn).reduce((a, b) => a + b),
        flows: drawn("bpmn:SequenceFlow"),
        texts: [...document.querySelectorAll(".djs-label, .djs-visual text")].map(
          (t) => t.textContent ?? "",
        ),
        // Handoff owners' labels, and those written over a stage.
        ...(() => {
          type Box = { x: number; y: number; width: number; height: number };
          const overlap = (a: Box, b: Box) =>
            a.x < b.x + b.width &&
            b.x < a.x + a.width &&
            a.y < b.y + b.height &&
            b.y < a.y + a.height;
          const stages = elements.filter((e) => /^bpmn:(Task|StartEvent|EndEvent)$/.test(e.type));
          const labels = elements.filter(
            (e) => e.type === "label" && e.labelTarget?.type === "bpmn:SequenceFlow",
          );
          return {
            flowLabels: labels.length,
            labelsOverStages: labels
              .filter((l) => stages.some((s) => overlap(l, s)))
              .map((l) => l.businessObject.name),
          };
        })(),
      };
    }, xml);
    expect(opened.warnings).toEqual([]);
    expect(opened.pools).toBe(1);
    expect(opened.lanes).toBe(map.teams.length);
    expect(opened.nodes).toBe(map.stages.length);
    expect(opened.flows).toBe(map.transitions.length);
    expect(opened.flowLabels).toBeGreaterThan(0);
    expect(opened.labelsOverStages).toEqual([]);
    const text = opened.texts.join(" ").replace(/\s+/g, "");
    for (const { name } of [...map.stages, ...map.teams]) {
      expect(text).toContain(name.replace(/\s+/g, ""));
    }
    await page.screenshot({ path: artifact(`bpmn-${sample}.png`) });
  });
});
