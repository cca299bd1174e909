/** Debian's headless Chromium for checking what we export with the tools others use on it
 * (Mermaid, bpmn-js): a page of the given size, closed whatever happens. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import puppeteer, { type Page } from "puppeteer-core";

export async function inChromium<T>(
  size: { width: number; height: number },
  body: string,
  work: (page: Page) => Promise<T>,
): Promise<T> {
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport(size);
    await page.setContent(`<!doctype html><html><body style='margin:0'>${body}</body></html>`);
    return await work(page);
  } finally {
    await browser.close();
  }
}

/** The `throughline` command scripts/e2e built. */
const command =
  process.env.THROUGHLINE_CLI ??
  resolve(process.env.CARGO_TARGET_DIR ?? "../../target", "debug/throughline");

/** A sample map converted by the command line to `out` (its extension names the format),
 * with the sample's JSON. */
export function convertSample<M>(sample: string, out: string): { text: string; map: M } {
  return convertMap(resolve(`../../assets/samples/${sample}.json`), out);
}

/** A map file converted by the command line to `out`, with the map's JSON. */
export function convertMap<M>(source: string, out: string): { text: string; map: M } {
  execFileSync(command, ["convert", source, out], { stdio: "inherit" });
  return { text: readFileSync(out, "utf8"), map: JSON.parse(readFileSync(source, "utf8")) as M };
}
