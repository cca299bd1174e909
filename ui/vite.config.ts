import react from "@vitejs/plugin-react";
import { loadEnv } from "vite";
import { defineConfig } from "vitest/config";

// Tauri serves the built files; the dev server is only for `tauri dev`.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // scripts/profile-app builds it unminified, for function names in the profile.
    minify: loadEnv(mode, ".", "THROUGHLINE_").THROUGHLINE_UI_MINIFY !== "0",
    // ELK's bundle (loaded on first auto-layout) is over Vite's web-oriented 500 kB warning;
    // the app reads it from disk.
    chunkSizeWarningLimit: 2000,
  },
  test: { environment: "jsdom" },
}));
