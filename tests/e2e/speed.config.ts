import { defineConfig } from "vitest/config";

// The speed measurements of the real app (scripts/bench-app), apart from the tests.
export default defineConfig({
  test: {
    include: ["*.measure.ts"],
    environment: "node",
    globalSetup: ["driver.ts"],
    setupFiles: ["setup.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
