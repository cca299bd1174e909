/** Sharing a map in the real window: Share… publishes it on the team's sync server (started
 * here on a free port), a colleague's client joins from the editor link and edits, the
 * window shows their edits with their findings, who they are and what they select, follows
 * their presentation, and keeps the edits made while the server was down until it is back.
 * The colleague is the independent client written from docs/sharing.md. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import {
  type App,
  appProcesses,
  binary,
  findings,
  freshDataDir,
  invoke,
  Key,
  launch,
  lockFree,
  longJourney,
  openSample,
  press,
  runCommand,
  screenshot,
  stagesByName,
  text,
  type,
  waitFor,
  writeFile,
} from "./app";

const SERVER = resolve("../../server/index.mjs");
const CLIENT = resolve("../../server/tests/client.mjs");

type Server = { port: number; stop: () => void };

/** The sync server on `port` (0: a free one), keeping its maps in `data`. */
function startServer(data: string, port = 0): Promise<Server> {
  const child = spawn("node", [SERVER], {
    env: { ...process.env, THROUGHLINE_SYNC_PORT: String(port), THROUGHLINE_SYNC_DATA: data },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const found = /on ws:\/\/[\d.]+:(\d+)/.exec(line);
      if (found) done({ port: Number(found[1]), stop: () => child.kill("SIGKILL") });
    });
    child.on("exit", (code) => fail(new Error(`the sync server stopped (${code})`)));
  });
}

type Event = Record<string, unknown>;

/** A colleague's client, driven one JSON command per line. */
class Colleague {
  private readonly events: Event[] = [];
  private readonly child: ChildProcess;

  constructor(link: string, name: string) {
    const url = new URL(link.replace("throughline://", "http://"));
    const token = url.searchParams.get("token") ?? "";
    const map = url.pathname.slice(1);
    this.child = spawn("node", [CLIENT, `ws://${url.host}`, map, token, name], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on("line", (line) =>
      this.events.push(JSON.parse(line) as Event),
    );
  }

  send(command: Event): void {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  async next(what: string, wanted: (e: Event) => boolean): Promise<Event> {
    return waitFor(
      async () => this.events.find(wanted),
      (e) => e !== undefined,
      what,
    ) as Promise<Event>;
  }

  async stages(): Promise<Record<string, string>> {
    this.events.length = 0;
    this.send({ do: "dump" });
    const dump = await this.next("the colleague's map", (e) => e.event === "dump");
    return dump.stages as Record<string, string>;
  }

  stop(): void {
    this.child.kill();
  }
}

const sharingState = (app: App) => text(app, ".sync-state");

/** Waits until the header says the map is live on the server. */
const live = (app: App, what: string) =>
  waitFor(
    () => sharingState(app),
    (s) => s === "Shared · live",
    what,
  );

/** Share… from the window, as Ana, on the server at `port`: the editor's and viewer's links. */
async function share(app: App, port: number): Promise<{ editor: string; viewer: string }> {
  await runCommand(app, "Share");
  await app.$('input[aria-label="Your name"]').setValue("Ana");
  await app.$('input[aria-label="Sync server"]').setValue(`127.0.0.1:${port}`);
  await press(app, Key.Enter);
  const editorLink = app.$('input[aria-label="Editors link"]');
  await editorLink.waitForDisplayed();
  const links = {
    editor: await editorLink.getValue(),
    viewer: await app.$('input[aria-label="Viewers link"]').getValue(),
  };
  return links;
}

/** A stage's name in the open map, as the shell has it (drawn or not). */
async function stageName(app: App, id: string): Promise<string | undefined> {
  type Shown = { ok?: { map: { stages: { id: string; name: string }[] } } | null };
  const shown = await invoke<Shown>(app, "current_map", {});
  return shown.ok?.map.stages.find((s) => s.id === id)?.name;
}

describe("sharing a map", () => {
  it("is edited by two people at once, shows who is there, follows the presenter and keeps edits made offline", async () => {
    const data = mkdtempSync(join(tmpdir(), "throughline-sync-"));
    let server = await startServer(data);
    const app = await openSample("inbound-b2b-saas-hubspot");
    const colleagues: Colleague[] = [];
    try {
      // Share…: a name and the server, then the links.
      const { editor, viewer } = await share(app, server.port);
      expect(editor).toMatch(/^throughline:\/\/127\.0\.0\.1:\d+\/inbound-[\w-]+\?token=editor\./);
      expect(viewer).toContain("token=viewer.");
      await screenshot(app, "sharing-links");
      await press(app, Key.Escape);
      await live(app, "the map shared");

      // A colleague joins from the editor link and edits: a stage added, another renamed.
      const ben = new Colleague(editor, "Ben");
      colleagues.push(ben);
      await ben.next("Ben's client in sync", (e) => e.event === "synced");
      expect((await ben.stages()).mql).toBe("Marketing qualified lead");
      ben.send({ do: "addStage", id: "s-demo", name: "Product demo", team: "ae" });
      ben.send({ do: "rename", id: "sal", name: "Accepted by sales" });
      await waitFor(
        () => stagesByName(app),
        (byName) => byName["Product demo"] === "s-demo" && byName["Accepted by sales"] === "sal",
        "Ben's stage and rename on the canvas",
      );
      // With their findings: the new stage has no owner.
      await waitFor(
        () => findings(app),
        (list) => list.some((f) => f.startsWith("stage-without-owner") && f.includes("s-demo")),
        "the new stage's finding",
      );

      // Who is there, and what they select, outlined in their colour with their name.
      ben.send({ do: "presence", selection: ["mql"], presenting: null });
      await app.$('.person[data-person="Ben"]').waitForDisplayed();
      await waitFor(
        () => text(app, '.stage-card[data-stage-id="mql"] .others'),
        (name) => name === "Ben",
        "Ben's selection on the canvas",
      );
      await screenshot(app, "sharing-colleague");

      // Ana's edit reaches Ben.
      await app.$('.stage-card[data-stage-id="nurture"]').click();
      await press(app, "F2");
      await app.$("input.rename").waitForDisplayed();
      // Typed as a person types: the name field opens with the old name selected.
      await type(app, "Nurture track");
      await press(app, Key.Enter);
      await waitFor(
        () => ben.stages(),
        (s) => s.nurture === "Nurture track",
        "Ana's rename at Ben's",
      );

      // Follow: Ben presents, the window follows his slides.
      ben.send({ do: "presence", selection: [], presenting: 2 });
      const follow = app.$(".person .follow");
      await follow.waitForDisplayed();
      expect(await follow.getText()).toBe("Follow Ben");
      await follow.click();
      await app.$(".app.presenting").waitForExist();
      await waitFor(
        () => text(app, ".caption-position"),
        (p) => p.startsWith("Stage 3 of"),
        "the third slide, as Ben shows it",
      );
      ben.send({ do: "presence", selection: [], presenting: 4 });
      await waitFor(
        () => text(app, ".caption-position"),
        (p) => p.startsWith("Stage 5 of"),
        "Ben's next slides",
      );
      await screenshot(app, "sharing-follow");
      ben.send({ do: "presence", selection: [], presenting: null });
      await app.$(".app.presenting").waitForExist({ reverse: true });

      // A viewer's client reads and cannot write.
      const vic = new Colleague(viewer, "Vic");
      colleagues.push(vic);
      await vic.next("the viewer in sync", (e) => e.event === "synced");
      expect((await vic.stages()).nurture).toBe("Nurture track");
      vic.send({ do: "rename", id: "lead", name: "Written by a viewer" });
      await new Promise((r) => setTimeout(r, 500));
      expect(await stageName(app, "lead")).toBe("Lead");

      // The server goes down: edits are kept and counted, and sent when it is back.
      const port = server.port;
      server.stop();
      await waitFor(
        () => sharingState(app),
        (s) => s.startsWith("Offline"),
        "the window offline",
      );
      // The lead stage in view again (the presentation framed others).
      await press(app, "f");
      const lead = app.$('.stage-card[data-stage-id="lead"]');
      await lead.waitForDisplayed();
      await lead.click();
      await press(app, "F2");
      await app.$("input.rename").waitForDisplayed();
      await type(app, "Lead, while away");
      await press(app, Key.Enter);
      await waitFor(
        () => sharingState(app),
        (s) => s === "Offline · 1 edit waiting",
        "the edit counted as waiting",
      );
      await screenshot(app, "sharing-offline");
      server = await startServer(data, port);
      await live(app, "the window back online");
      await waitFor(
        () => ben.stages(),
        (s) => s.lead === "Lead, while away",
        "the offline edit at Ben's",
      );
    } finally {
      for (const c of colleagues) c.stop();
      server.stop();
    }
  });

  it("sends the edits an app acknowledged before it was killed when it is started again", async () => {
    const data = mkdtempSync(join(tmpdir(), "throughline-sync-"));
    let server = await startServer(data);
    const folder = freshDataDir();
    const json = join(folder, "killed.json");
    writeFile(json, longJourney(8));
    const map = join(folder, "killed.throughline");
    const before = new Set(appProcesses());
    let app = await launch([json]);
    const colleagues: Colleague[] = [];
    try {
      const { editor } = await share(app, server.port);
      await press(app, Key.Escape);
      const ben = new Colleague(editor, "Ben");
      colleagues.push(ben);
      await ben.next("Ben's client in sync", (e) => e.event === "synced");
      // The server goes, edits are made and acknowledged, and the app is killed.
      const port = server.port;
      server.stop();
      await waitFor(
        () => sharingState(app),
        (s) => s.startsWith("Offline"),
        "the window offline",
      );
      for (let i = 0; i < 5; i++) {
        const done = await invoke<{ err?: unknown }>(app, "apply_edit", {
          edit: { type: "rename_stage", id: `s${i}`, name: `Made offline ${i}` },
        });
        expect(done.err).toBeUndefined();
      }
      for (const pid of appProcesses().filter((p) => !before.has(p))) process.kill(pid, "SIGKILL");
      await app.deleteSession().catch(() => undefined);
      await waitFor(
        async () => lockFree(join(folder, ".killed.throughline.lock")),
        (free) => free,
        "the killed app's lock let go",
      );
      // The server is back, and so is the app, on its file: it joins again by itself.
      server = await startServer(data, port);
      app = await launch([map]);
      await live(app, "the app back on the map");
      await waitFor(
        () => ben.stages(),
        (s) => [0, 1, 2, 3, 4].every((i) => s[`s${i}`] === `Made offline ${i}`),
        "every acknowledged edit at Ben's",
      );
    } finally {
      for (const c of colleagues) c.stop();
      server.stop();
    }
  });

  it("works in two windows side by side: one shares, the other joins from its link", async () => {
    const data = mkdtempSync(join(tmpdir(), "throughline-sync-"));
    const server = await startServer(data);
    let ben: ChildProcess | undefined;
    try {
      const ana = await openSample("inbound-b2b-saas-hubspot");
      const { editor } = await share(ana, server.port);
      await press(ana, Key.Escape);
      await live(ana, "the map shared");
      // A second app, as a colleague starts it from the link (WebDriver drives one window:
      // this one gets real keys through the X server).
      const home = freshDataDir();
      writeFile(join(home, "name.txt"), "Ben");
      ben = spawn(binary, ["--data-dir", home, editor], { stdio: "ignore" });
      await ana.$('.person[data-person="Ben"]').waitForDisplayed({ timeout: 30_000 });
      // Side by side: each window on half of the screen.
      const windowOf = (pid: number) =>
        execFileSync("xdotool", ["search", "--sync", "--onlyvisible", "--pid", String(pid)], {
          encoding: "utf8",
        })
          .trim()
          .split("\n")
          .at(-1) ?? "";
      const benWindow = windowOf(ben.pid ?? 0);
      const anaWindow = windowOf(appProcesses().find((p) => p !== ben?.pid) ?? 0);
      execFileSync("xdotool", [
        "windowsize",
        anaWindow,
        "640",
        "800",
        "windowmove",
        anaWindow,
        "0",
        "0",
      ]);
      execFileSync("xdotool", [
        "windowsize",
        benWindow,
        "640",
        "800",
        "windowmove",
        benWindow,
        "640",
        "0",
      ]);
      // Ana's rename reaches Ben's window (the stage found by name: the narrower window shows
      // only part of the map).
      await runCommand(ana, "Nurture");
      await press(ana, "F2");
      await ana.$("input.rename").waitForDisplayed();
      await type(ana, "Nurture track");
      await press(ana, Key.Enter);
      // Ben, with real keys in his window: the first stage selected, renamed. There is no
      // window manager to give his window the keyboard, so it is given it (and clicked) each
      // try; a try whose keys went nowhere is made again.
      const keys = (...names: string[]) =>
        execFileSync("xdotool", ["key", "--delay", "40", ...names]);
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      let renamed = false;
      for (let attempt = 1; attempt <= 3 && !renamed; attempt++) {
        execFileSync("xdotool", ["windowfocus", "--sync", benWindow]);
        execFileSync("xdotool", ["mousemove", "--window", benWindow, "320", "700", "click", "1"]);
        await pause(300);
        keys("Escape", "Escape", "f", "Right");
        await pause(300);
        keys("F2");
        await pause(300);
        execFileSync("xdotool", ["type", "--delay", "40", "Renamed by Ben"]);
        keys("Return");
        renamed = await waitFor(
          async () => Object.keys(await stagesByName(ana)),
          (names) => names.includes("Renamed by Ben"),
          "Ben's rename in Ana's window",
          10,
        ).then(
          () => true,
          (e) => {
            if (attempt === 3) throw e;
            return false;
          },
        );
      }
      await screenshot(ana, "sharing-two-windows");
    } finally {
      ben?.kill("SIGTERM");
      server.stop();
    }
  });
});
