import { defineConfig } from "vitest/config";

// End-to-end tests of the built desktop app, driven over WebDriver (see scripts/e2e). One app
// window at a time: the files run in order, never in parallel.
export default defineConfig({
  test: {
    include: ["*.e2e.ts"],
    environment: "node",
    globalSetup: ["driver.ts"],
    setupFiles: ["setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    sequence: { concurrent: false },
  },
});
