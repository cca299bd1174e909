/** Starts tauri-driver (which starts WebKitWebDriver) for the end-to-end run and stops it
 * afterwards. Each launch of the app names its own data folder (see `launch`). */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const PORT = 4444;
let driver: ChildProcess | undefined;

async function ready(): Promise<boolean> {
  try {
    const status = await fetch(`http://127.0.0.1:${PORT}/status`);
    return status.ok;
  } catch {
    return false;
  }
}

/** Where the app's "Open" and "Show in folder" land: the desktop's opener (`xdg-open`) is
 * replaced for the run by one that writes what it was asked to open to this file, one line
 * each, so a test sees it without a PDF viewer on the screen. */
export const OPENED = resolve(
  process.env.THROUGHLINE_ARTIFACTS ?? "../../artifacts/e2e",
  "opened.log",
);

function fakeOpener(): string {
  const bin = mkdtempSync(join(tmpdir(), "throughline-opener-"));
  const script = join(bin, "xdg-open");
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> "${OPENED}"\n`);
  chmodSync(script, 0o755);
  return bin;
}

export async function setup() {
  // A driver already answering is another run's: this run's windows would go to it.
  if (await ready()) {
    throw new Error(
      `another end-to-end run holds port ${PORT} (a WebDriver answers there): wait for it to end, or stop it`,
    );
  }
  const env = { ...process.env, PATH: `${fakeOpener()}:${process.env.PATH}` };
  driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  // tauri-driver does not wait for WebKitWebDriver: poll until it answers.
  for (let i = 0; i < 100; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not start on port ${PORT}`);
}

export async function teardown() {
  driver?.kill();
}
