/** Launching the real app and the few helpers every end-to-end test uses. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Key, remote } from "webdriverio";
import { PORT } from "./driver";

export type App = WebdriverIO.Browser;
export { Key };

/** The app's binary (the debug build unless `THROUGHLINE_APP` says otherwise). */
export const binary =
  process.env.THROUGHLINE_APP ??
  resolve(process.env.CARGO_TARGET_DIR ?? "../../target", "debug/throughline-app");
export const ARTIFACTS = resolve(process.env.THROUGHLINE_ARTIFACTS ?? "../../artifacts/e2e");
/** A new, empty folder for the app's data (recent maps, new maps), so that each test starts
 * as a new user would and runs alone. */
export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), "throughline-e2e-"));
}

/** Starts the app (optionally with a file to open) on a data folder (a fresh one unless
 * given: a test that quits and comes back passes its own) and waits for its first screen.
 * With `saveTo`, saves and exports go into that folder instead of asking (no test can answer
 * a native dialog). */
export async function launch(
  open: string[] = [],
  data = freshDataDir(),
  saveTo?: string,
): Promise<App> {
  const args = ["--data-dir", data, ...(saveTo ? ["--save-to", saveTo] : []), ...open];
  const app = await remote({
    hostname: "127.0.0.1",
    port: PORT,
    logLevel: "warn",
    // Generous: a cold debug build on a busy CI machine is slower than this one.
    waitforTimeout: 15_000,
    capabilities: {
      // No browserName: with it tauri-driver fails to match the session.
      "tauri:options": { application: binary, args },
      "wdio:enforceWebDriverClassic": true,
    } as WebdriverIO.Capabilities,
  });
  running.add(app);
  await app.$("header").waitForExist({ timeout: 30_000 });
  return app;
}

/** Every app window a test started, closed after it by `setup.ts`. */
const running = new Set<App>();

/** Closes every app window started since the last call. A window a test closed itself, or
 * whose app it killed, is already gone: that is not an error. */
export async function closeApps(): Promise<void> {
  const apps = [...running];
  running.clear();
  await Promise.all(apps.map((app) => app.deleteSession().catch(() => undefined)));
}

/** A PNG of the screen the window is on, kept as a test artifact. Taken from the X server,
 * so it shows what was painted: WebKit's own WebDriver snapshot can wait forever for a paint
 * when the page is idle and the webview paints without compositing (as it does here). */
export async function screenshot(app: App, name: string): Promise<void> {
  // Two frames: the one under way, and one that starts after it, so the last change is shown.
  await app.executeAsync((done: () => void) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done())),
  );
  execFileSync("scrot", ["--overwrite", artifact(`${name}.png`)]);
}

/** Where a test keeps a file for people to look at (the folder is made on first use). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Presses keys on whatever has focus, as a person would: a chord is pressed together. */
export async function press(app: App, ...chord: string[]): Promise<void> {
  await app.keys(chord);
}

export async function type(app: App, text: string): Promise<void> {
  await app.keys(text);
}

/** Answers the open prompt: types the text and presses Enter. */
export async function answer(app: App, text: string): Promise<void> {
  const input = app.$(".prompt-input");
  await input.waitForDisplayed();
  // The prompt by its title: another may follow at once (a new handoff asks for its owner).
  const title = await app.$(".prompt").getAttribute("aria-label");
  await input.setValue(text);
  await press(app, Key.Enter);
  await waitFor(
    () => app.execute(() => document.querySelector(".prompt")?.getAttribute("aria-label") ?? ""),
    (shown) => shown !== title,
    `the prompt "${title}" answered`,
  );
}

/** The findings in the panel as `rule subjects` strings. */
export async function findings(app: App): Promise<string[]> {
  return app
    .$$("button.finding")
    .map(
      async (f) => `${await f.getAttribute("data-rule")} ${await f.getAttribute("data-subjects")}`,
    );
}

/** The ids of the stage cards drawn now (React Flow draws only those in view), read in one
 * step in the page: cards come and go as the view moves. */
export async function stageIds(app: App, selector = ".stage-card"): Promise<string[]> {
  return app.execute(
    (s: string) =>
      [...document.querySelectorAll<HTMLElement>(s)].map((e) => e.dataset.stageId ?? ""),
    selector,
  );
}

/** Starts one of the app's commands through the window's own IPC without waiting for it,
 * with a channel for its progress as `channel`: `progress()` reads the messages so far and
 * `outcome()` the result once there is one. */
export async function start(
  app: App,
  cmd: string,
  args: Record<string, unknown>,
  channel: string,
): Promise<void> {
  await app.execute(
    (cmd: string, args: Record<string, unknown>, channel: string) => {
      // biome-ignore lint/suspicious/noExplicitAny: Tauri's global is untyped
      const w = window as any;
      w.__progress = [];
      w.__outcome = null;
      const id = w.__TAURI_INTERNALS__.transformCallback((m: unknown) => w.__progress.push(m));
      // As @tauri-apps/api's Channel serialises itself.
      w.__TAURI_INTERNALS__.invoke(cmd, { ...args, [channel]: `__CHANNEL__:${id}` }).then(
        (v: unknown) => {
          w.__outcome = { ok: v ?? true };
        },
        (e: unknown) => {
          w.__outcome = { err: e };
        },
      );
    },
    cmd,
    args,
    channel,
  );
}

/** The progress messages a started command has sent so far (each `{ message, index }`). */
export async function progress<T>(app: App): Promise<{ message?: T }[]> {
  // biome-ignore lint/suspicious/noExplicitAny: the page's own record
  return app.execute(() => (window as any).__progress ?? []);
}

/** The started command's result, or null while it runs. */
export async function outcome(app: App): Promise<{ ok?: unknown; err?: unknown } | null> {
  // biome-ignore lint/suspicious/noExplicitAny: the page's own record
  return app.execute(() => (window as any).__outcome ?? null);
}

/** Calls one of the app's commands through the window's own IPC, for what only a native
 * dialog would otherwise reach (save paths). */
export async function invoke<T>(app: App, cmd: string, args: Record<string, unknown>): Promise<T> {
  return app.executeAsync(
    (cmd: string, args: Record<string, unknown>, done: (v: unknown) => void) => {
      // biome-ignore lint/suspicious/noExplicitAny: Tauri's global is untyped
      (window as any).__TAURI_INTERNALS__.invoke(cmd, args).then(
        (v: unknown) => done({ ok: v }),
        (e: unknown) => done({ err: e }),
      );
    },
    cmd,
    args,
  ) as Promise<T>;
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  seconds = 15,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < seconds * 10; i++) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)}`);
}

export function writeFile(path: string, bytes: Uint8Array | string): void {
  writeFileSync(path, bytes);
}

/** An element's text content. (WebDriver's visible text comes back empty for text inside
 * React Flow's scaled viewport in WebKitWebDriver.) */
export async function text(app: App, selector: string): Promise<string> {
  return app.execute((s: string) => document.querySelector(s)?.textContent ?? "", selector);
}

/** Lane ids by the lane's name, top to bottom. */
export async function laneIds(app: App): Promise<Record<string, string>> {
  return app.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>(".lane")].map((l) => [
        l.querySelector(".lane-label")?.textContent ?? "",
        l.dataset.team ?? "",
      ]),
    ),
  );
}

/** The ids of the drawn stage cards by their names. */
export async function stagesByName(app: App): Promise<Record<string, string>> {
  return app.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>(".stage-card")].map((c) => [
        c.querySelector(".name")?.textContent ?? "",
        c.dataset.stageId ?? "",
      ]),
    ),
  );
}

/** The findings of one rule, with their messages and subjects. */
export async function findingsAbout(
  app: App,
  rule: string,
): Promise<{ message: string; subjects: string }[]> {
  return app.execute(
    (rule: string) =>
      [...document.querySelectorAll<HTMLElement>(`button.finding[data-rule="${rule}"]`)].map(
        (f) => ({
          message: f.querySelector(".message")?.textContent ?? "",
          subjects: f.dataset.subjects ?? "",
        }),
      ),
    rule,
  );
}

/** React Flow's view transform (pan and zoom), as its viewport element carries it. */
export function viewport(app: App): Promise<string> {
  return app.execute(
    () => document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "",
  );
}

/** Drags a stage card by `dx`, `dy` screen pixels over `frames` animation frames with mouse
 * events dispatched in the page (WebKitWebDriver's pointer actions do not reach React Flow's
 * drag handling), and returns the time each frame took. */
export function dragCard(app: App, stageId: string, dx: number, dy: number, frames = 30) {
  return drag(app, `[data-stage-id="${stageId}"]`, dx, dy, frames);
}

/** Pans the canvas by dragging an empty spot of it; returns the time of each frame. */
export function panCanvas(app: App, dx: number, dy: number, frames = 30) {
  return drag(app, null, dx, dy, frames);
}

/** Drags from the middle of `selector`'s element, or with `null` from a spot of the canvas
 * where nothing is drawn (searched from the top left corner). */
async function drag(
  app: App,
  selector: string | null,
  dx: number,
  dy: number,
  frames: number,
): Promise<number[]> {
  return app.executeAsync(
    (
      selector: string | null,
      dx: number,
      dy: number,
      frames: number,
      done: (times: number[]) => void,
    ) => {
      let target: Element | null = null;
      let x = 0;
      let y = 0;
      if (selector) {
        target = document.querySelector(selector) as HTMLElement;
        const box = target.getBoundingClientRect();
        x = box.x + box.width / 2;
        y = box.y + box.height / 2;
      } else {
        const pane = (
          document.querySelector(".react-flow__pane") as HTMLElement
        ).getBoundingClientRect();
        for (let step = 5; step < Math.min(pane.width, pane.height) && !target; step += 5) {
          const hit = document.elementFromPoint(pane.x + step, pane.y + step);
          if (hit?.classList.contains("react-flow__pane")) {
            [target, x, y] = [hit, pane.x + step, pane.y + step];
          }
        }
        if (!target) throw new Error("no empty spot on the canvas to drag");
      }
      const fire = (on: EventTarget, type: string, cx: number, cy: number) =>
        on.dispatchEvent(
          new MouseEvent(type, {
            bubbles: true,
            cancelable: true,
            view: window,
            clientX: cx,
            clientY: cy,
            button: 0,
            buttons: type === "mouseup" ? 0 : 1,
          }),
        );
      fire(target, "mousedown", x, y);
      const times: number[] = [];
      let last = performance.now();
      let step = 0;
      const tick = () => {
        const now = performance.now();
        times.push(now - last);
        last = now;
        step += 1;
        fire(window, "mousemove", x + (dx * step) / frames, y + (dy * step) / frames);
        if (step < frames) requestAnimationFrame(tick);
        else {
          fire(window, "mouseup", x + dx, y + dy);
          done(times.slice(1));
        }
      };
      requestAnimationFrame(tick);
    },
    selector,
    dx,
    dy,
    frames,
  );
}

/** A long journey for slow work: `n` stages in a chain across four lanes, as JSON. */
export function longJourney(n: number): string {
  const teams = ["Marketing", "Sales", "Finance", "Customer success"].map((name, i) => ({
    id: `team-${i}`,
    name,
  }));
  const stages = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    name: `Stage ${i + 1}`,
    team: teams[Math.floor((i * teams.length) / n)].id,
    kind: i === 0 ? "entry" : i === n - 1 ? "revenue" : "stage",
    position: { x: 260 * i, y: 0 },
  }));
  const transitions = stages.slice(1).map((s, i) => ({ id: `t${i}`, from: `s${i}`, to: s.id }));
  return JSON.stringify({
    format: "throughline/1",
    name: `${n} stages`,
    teams,
    stages,
    transitions,
  });
}

/** Opens one of the samples from the start screen and waits for its cards. */
export async function openSample(id: string, options: { saveTo?: string } = {}): Promise<App> {
  const opened = await launch([], freshDataDir(), options.saveTo);
  await opened.$(`button.sample[data-sample="${id}"]`).click();
  await waitFor(
    () => stageIds(opened),
    (ids) => ids.length > 0,
    "the sample's cards",
  );
  // The opening view is set a frame after the cards are drawn.
  await opened.executeAsync((done: () => void) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done())),
  );
  return opened;
}

/** Sends the page the event Tauri sends when files are held over (`enter`) or dropped on the
 * window: no test can drag a file from a file manager. */
export async function dragEvent(app: App, kind: "enter" | "drop" | "leave", paths: string[]) {
  const payload = kind === "leave" ? null : { paths, position: { x: 640, y: 400 } };
  const sent = await invoke<{ err?: unknown }>(app, "plugin:event|emit", {
    event: `tauri://drag-${kind}`,
    payload,
  });
  if (sent.err) throw new Error(`the ${kind} event was refused: ${JSON.stringify(sent.err)}`);
}

/** Runs a command from the palette (Ctrl+K) by a few words of its name. */
export async function runCommand(app: App, words: string): Promise<void> {
  await press(app, Key.Ctrl, "k");
  const input = app.$(".prompt-input");
  await input.waitForDisplayed();
  await input.setValue(words);
  await press(app, Key.Enter);
  await input.waitForExist({ reverse: true });
}

/** The process ids of running app binaries. */
export function appProcesses(): number[] {
  try {
    return execFileSync("pgrep", ["-f", "throughline-app"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Whether nobody holds the lock file (flock, as the app takes it). */
export function lockFree(lock: string): boolean {
  try {
    execFileSync("flock", ["--nonblock", lock, "true"]);
    return true;
  } catch {
    return false;
  }
}
