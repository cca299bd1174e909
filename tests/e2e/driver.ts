/** Starts tauri-driver (which starts WebKitWebDriver) for the end-to-end run and stops it
 * afterwards. Each launch of the app names its own data folder (see `launch`). */
import { type ChildProcess, spawn } from "node:child_process";

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

export async function setup() {
  driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(PORT)], {
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
