/** Starts tauri-driver (which starts WebKitWebDriver) for the end-to-end run and stops it
 * afterwards. The app's data folder is a fresh temporary one, given to the driver's
 * environment, which the app inherits. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

export async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const data = mkdtempSync(join(tmpdir(), "throughline-e2e-"));
  provide("dataDir", data);
  driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(PORT)], {
    env: { ...process.env, THROUGHLINE_DATA_DIR: data },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // tauri-driver does not wait for WebKitWebDriver: poll until it answers.
  for (let i = 0; i < 100; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("tauri-driver did not start on port 4444");
}

export async function teardown() {
  driver?.kill();
}

declare module "vitest" {
  export interface ProvidedContext {
    dataDir: string;
  }
}
