/** What a person sees of the canvas, measured in the real window: how tall stage names are
 * drawn, which cards are in view or under the chrome; and waiting for the view to rest. */
import { join } from "node:path";
import { type App, freshDataDir, launch, stageIds, viewport, waitFor, writeFile } from "./app";
import { generatedJourney, type Shape } from "./maps";

/** Every stage card as drawn: the zoom; how tall names are (font size × zoom, px) on every
 * card and on the cards in view; how many cards are wholly inside the canvas; how many lie
 * under the chrome drawn over it (the legend, and the overview when it shows). */
export async function namesOnScreen(app: App) {
  return app.execute(() => {
    const transform =
      document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "";
    const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? "1");
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const cards = [...document.querySelectorAll<HTMLElement>(".stage-card")].map((card) => {
      const name = card.querySelector(".name");
      return {
        box: card.getBoundingClientRect(),
        // A card being renamed shows a field, not its name.
        height: name ? Number.parseFloat(getComputedStyle(name).fontSize) * zoom : null,
      };
    });
    const inView = cards.filter(
      ({ box, height }) =>
        height !== null &&
        !!pane &&
        box.right > pane.left &&
        box.left < pane.right &&
        box.bottom > pane.top,
    );
    const inside = cards.filter(
      ({ box }) =>
        !!pane &&
        box.left >= pane.left - 1 &&
        box.right <= pane.right + 1 &&
        box.top >= pane.top - 1 &&
        box.bottom <= pane.bottom + 1,
    );
    // Shown, that is: a legend stepped aside is hidden but keeps its box.
    const shownBox = (selector: string) => {
      const e = document.querySelector(selector);
      if (!e || getComputedStyle(e).visibility === "hidden") return null;
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? r : null;
    };
    const legend = shownBox(".legend");
    const overview = shownBox(".overview");
    const under = (r: DOMRect | null, box: DOMRect) =>
      !!r && box.left < r.right && box.right > r.left && box.top < r.bottom && box.bottom > r.top;
    const covered = cards.filter(({ box }) => under(legend, box) || under(overview, box));
    return {
      zoom,
      cards: cards.length,
      inside: inside.length,
      covered: covered.length,
      /** Of those, the cards under the legend and under the overview. */
      underLegend: cards.filter(({ box }) => under(legend, box)).length,
      underOverview: cards.filter(({ box }) => under(overview, box)).length,
      /** The smallest name of every card, in view or not. */
      smallest: Math.min(...cards.map((c) => c.height ?? 0)),
      /** The cards at least partly in view, and the smallest name among them. */
      shown: inView.length,
      smallestShown: Math.min(...inView.map((c) => c.height ?? 0)),
    };
  });
}

/** Waits until the view stops moving (a pan animates through a slight zoom out and in). */
export async function settled(app: App): Promise<void> {
  let last = "";
  await waitFor(
    async () => {
      const now = await viewport(app);
      const still = now === last;
      last = now;
      return still;
    },
    (still) => still,
    "the view at rest",
  );
}

/** The app started on a generated journey, once its cards are drawn. */
export async function launchJourney(shape: Shape & { seed: number }): Promise<App> {
  const json = join(freshDataDir(), "journey.json");
  writeFile(json, JSON.stringify(generatedJourney(shape)));
  const app = await launch([json]);
  await waitFor(
    () => stageIds(app),
    (ids) => ids.length > 0,
    "the map's cards",
  );
  return app;
}

/** Arrows' labels drawn over one another, as "text / text". */
export async function overlappingLabels(app: App): Promise<string[]> {
  return app.execute(() => {
    const labels = [...document.querySelectorAll(".react-flow__edge-textwrapper")].map((l) => ({
      text: l.textContent ?? "",
      box: l.getBoundingClientRect(),
    }));
    return labels.flatMap((p, i) =>
      labels
        .slice(i + 1)
        .filter(
          (q) =>
            p.box.left < q.box.right &&
            p.box.right > q.box.left &&
            p.box.top < q.box.bottom &&
            p.box.bottom > q.box.top,
        )
        .map((q) => `${p.text} / ${q.text}`),
    );
  });
}

/** Arrows' labels that another arrow's line runs through, as "label × arrow id": each line
 * followed along its drawn path every 2 screen px, inside the label's box by more than a
 * pixel. */
export async function crossedLabels(app: App): Promise<string[]> {
  return app.execute(() => {
    const labels = [...document.querySelectorAll(".react-flow__edge-textwrapper")].map((l) => ({
      text: l.textContent ?? "",
      edge: l.closest(".react-flow__edge"),
      box: l.getBoundingClientRect(),
    }));
    // Canvas to screen through the viewport's own transform: WebKit's getScreenCTM leaves out
    // the CSS scale of an element above the SVG.
    const viewport = document.querySelector<HTMLElement>(".react-flow__viewport");
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const [tx, ty, zoom] = (
      /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(
        viewport?.style.transform ?? "",
      ) ?? []
    )
      .slice(1)
      .map(Number);
    const lines = [
      ...document.querySelectorAll<SVGPathElement>(".react-flow__edge path.react-flow__edge-path"),
    ].map((path) => {
      const length = path.getTotalLength();
      const points: { x: number; y: number }[] = [];
      for (let s = 0; s <= length; s += 2 / zoom) {
        const p = path.getPointAtLength(s);
        points.push({
          x: (pane?.left ?? 0) + tx + zoom * p.x,
          y: (pane?.top ?? 0) + ty + zoom * p.y,
        });
      }
      const edge = path.closest(".react-flow__edge");
      return { edge, id: edge?.getAttribute("data-transition-id") ?? edge?.id ?? "", points };
    });
    return labels.flatMap((label) =>
      lines
        .filter((line) => line.edge !== label.edge)
        .filter((line) =>
          line.points.some(
            (p) =>
              p.x > label.box.left + 1 &&
              p.x < label.box.right - 1 &&
              p.y > label.box.top + 1 &&
              p.y < label.box.bottom - 1,
          ),
        )
        .map((line) => `${label.text} × ${line.id}`),
    );
  });
}

/** How far the cards' handles are drawn from where the app says they are, at the most, in
 * canvas units (the pixel grid shifts them by a unit or two at fractional zoom). The app gives
 * React Flow their places up front (`CARD_HANDLES` in ui/src/canvas/geometry.ts, on a
 * 200 × 76 card: 8-unit squares at (-2, 34) and (194, 34)) so that arrows are drawn with their
 * cards; were the stylesheet to draw them elsewhere, arrows would be drawn a frame late and
 * jump. */
export async function handlesOffBy(app: App): Promise<number> {
  return app.execute(() => {
    const viewport = document.querySelector<HTMLElement>(".react-flow__viewport");
    const zoom = viewport ? new DOMMatrix(getComputedStyle(viewport).transform).a : 1;
    let most = 0;
    for (const card of document.querySelectorAll(".react-flow__node-stage")) {
      const c = card.getBoundingClientRect();
      for (const h of card.querySelectorAll(".react-flow__handle")) {
        const r = h.getBoundingClientRect();
        const x = h.classList.contains("source") ? 194 : -2;
        const off = [r.left - c.left - x * zoom, r.top - c.top - 34 * zoom, r.width - 8 * zoom];
        for (const o of off) most = Math.max(most, Math.abs(o) / zoom);
      }
    }
    return most;
  });
}
