/** Where the keyboard goes when a command moves it: into a sidebar panel, or out of a text
 * field back to the canvas. The DOM is the only place focus lives. */

/** Moves focus into the sidebar's panel once it is drawn: its first control, or the panel. */
export function focusPanel(): void {
  requestAnimationFrame(() => {
    const panel = document.querySelector<HTMLElement>(".sidebar .panel");
    const first = panel?.querySelector<HTMLElement>(
      "button:not([disabled]), input, textarea, select, [tabindex]:not([tabindex='-1'])",
    );
    (first ?? panel)?.focus();
  });
}

/** Leaves a text field for the canvas, after the field has handled the key itself (a field
 * puts its draft back on Esc, so leaving it then saves nothing). */
export function leaveField(field: HTMLElement): void {
  requestAnimationFrame(() => field.blur());
}
