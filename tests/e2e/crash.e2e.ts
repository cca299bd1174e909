/** The app killed at random moments while edits stream in, as a power cut or a crash would:
 * every edit the app acknowledged is in the map when it is opened again, and the file opens
 * (SQLite's check passes on every open). */
import { join } from "node:path";
import { expect, it } from "vitest";
import {
  type App,
  appProcesses,
  freshDataDir,
  invoke,
  launch,
  lockFree,
  longJourney,
  waitFor,
  writeFile,
} from "./app";

let app: App | undefined;
const KILLS = 30;

type Outcome = { ok?: { revision: number }; err?: unknown };

it(`keeps every acknowledged edit through ${KILLS} kills of the app`, async () => {
  const folder = freshDataDir();
  const json = join(folder, "killed.json");
  writeFile(json, longJourney(12));
  const map = join(folder, "killed.throughline");
  const lock = join(folder, ".killed.throughline.lock");
  let acknowledged: string | null = null;
  let edits = 0;
  for (let round = 0; round < KILLS; round++) {
    const before = new Set(appProcesses());
    // The lock goes with the killed process (once it has finished dying).
    if (round > 0)
      await waitFor(
        async () => lockFree(lock),
        (free) => free,
        "the lock let go",
      );
    app = await launch([round === 0 ? json : map]);
    // The name the map was left with: the last acknowledged one, or one in flight then.
    const shown = await waitFor(
      () =>
        (app as App).execute(
          () => document.querySelector('[data-stage-id="s0"] .name')?.textContent ?? "",
        ),
      (name) => name !== "",
      "the first stage",
    );
    if (acknowledged) expect([acknowledged, `${acknowledged} (in flight)`]).toContain(shown);
    expect(await app.$('[role="alert"]').isExisting(), "the map opened without a problem").toBe(
      false,
    );
    // A burst of edits, each acknowledged before the next; then one more in flight, and the
    // kill lands somewhere in it.
    const burst = 1 + (round % 5);
    for (let i = 0; i < burst; i++) {
      const name = `Round ${round} edit ${i}`;
      const result = await invoke<Outcome>(app, "apply_edit", {
        edit: { type: "rename_stage", id: "s0", name },
      });
      expect(result.err).toBeUndefined();
      acknowledged = name;
      edits += 1;
    }
    await app.execute((name: string) => {
      // biome-ignore lint/suspicious/noExplicitAny: Tauri's global is untyped
      (window as any).__TAURI_INTERNALS__.invoke("apply_edit", {
        edit: { type: "rename_stage", id: "s0", name },
      });
    }, `${acknowledged} (in flight)`);
    const started = appProcesses().filter((pid) => !before.has(pid));
    expect(started.length, "the app's process").toBeGreaterThan(0);
    for (const pid of started) process.kill(pid, "SIGKILL");
    await app.deleteSession().catch(() => undefined);
    app = undefined;
  }
  console.log(`${KILLS} kills, ${edits} acknowledged edits, none lost`);
});
