import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { App } from "./App";
import { CANVAS_STYLE } from "./bindings";

// The severities' colours, and the undocumented paths', stated once in the core
// (throughline_core::style), for the CSS.
for (const [name, colour] of Object.entries({
  ...CANVAS_STYLE.severity,
  undocumented: CANVAS_STYLE.drawing.undocumented,
})) {
  document.documentElement.style.setProperty(`--${name}`, colour);
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
