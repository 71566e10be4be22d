/**
 * The notebook output of one figure: a mime bundle that every front end shows properly from the saved notebook.
 *
 * - Classic Notebook, untrusted (every fresh clone: trust cannot be committed): it shows text/html before any image
 *   type, after removing scripts, styles and inline <svg>. So the HTML carries the static picture as an <img> (the
 *   SVG as a data URI, which the sanitizer keeps) and a caption with links; an inline <svg> would be stripped down
 *   to its text nodes, shown as a run of tick labels ("0100020003000…").
 * - Classic Notebook, trusted, and `jupyter nbconvert --to html`: the HTML's script loads plotly.js from the
 *   installed package, node_modules/plotly.js-dist-min, by a path relative to the notebook (served by the
 *   Notebook server, or read from file:// in an exported page; never a CDN), then replaces the picture with the
 *   interactive plot. If the bundle cannot be loaded the picture stays.
 * - JupyterLab, VS Code, nteract: application/vnd.plotly.v1+json, plotly's own mime type.
 * - Front ends without HTML (nbconvert to Markdown or PDF, terminals): image/png and text/plain.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { repoRoot } from "../paths.js";
import { escapeHtml, scriptSafeJson } from "./html.js";
import type { MimeBundle } from "./notebookDisplay.js";
import type { PlotlyFigure } from "./spec.js";

/** Marks a figure output's outer element, for styling and for the rendering test. */
export const NOTEBOOK_FIGURE_CLASS = "sobolev-figure";

/** The plotly.js bundle as the installed package has it; `make setup` installs it, so a clone has it too. */
export function plotlyPackageBundle(): string {
  return path.join(repoRoot, "node_modules", "plotly.js-dist-min", "plotly.min.js");
}

/** What a figure output shows; paths are relative to the notebook's folder (the kernel's working directory). */
export interface NotebookFigure {
  id: string;
  title: string;
  figure: PlotlyFigure;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
  /** Links under the picture, e.g. `{ SVG: "../figures/fig2.svg", "data (CSV)": "../figures/fig2.csv" }`. */
  links: Record<string, string>;
  /** plotly.min.js relative to the notebook's folder (default: the installed package, relative to cwd). */
  plotlyScript?: string;
}

/** The mime bundle and per-mime metadata of a figure output. */
export function notebookFigureBundle(shown: NotebookFigure): { data: MimeBundle; metadata: Record<string, unknown> } {
  return {
    data: {
      "application/vnd.plotly.v1+json": shown.figure,
      "text/html": notebookFigureHtml(shown),
      "image/png": shown.png.toString("base64"),
      "text/plain": [shown.title, ...Object.values(shown.links)].join("\n"),
    },
    metadata: { "image/png": { width: shown.width, height: shown.height } },
  };
}

/**
 * The text/html of a figure output: the picture, its caption, and a script that swaps in the interactive plot.
 * The element id is derived from the content, so re-running an unchanged figure gives byte-identical output.
 */
export function notebookFigureHtml(shown: NotebookFigure): string {
  const figureJson = scriptSafeJson(shown.figure);
  const elementId = `${NOTEBOOK_FIGURE_CLASS}-${shown.id}-${createHash("sha256").update(figureJson).update(shown.svg).digest("hex").slice(0, 12)}`;
  const plotlyScript = shown.plotlyScript ?? relativeUrl(plotlyPackageBundle());
  const image = `data:image/svg+xml;base64,${Buffer.from(shown.svg, "utf8").toString("base64")}`;
  const links = Object.entries(shown.links)
    .map(([text, href]) => ` · <a href="${escapeHtml(href)}" target="_blank">${escapeHtml(text)}</a>`)
    .join("");
  return `<figure class="${NOTEBOOK_FIGURE_CLASS}" id="${escapeHtml(elementId)}" style="margin: 0">
<img src="${image}" alt="${escapeHtml(shown.title)}" width="${shown.width}" height="${shown.height}" style="max-width: 100%; height: auto">
<figcaption>${escapeHtml(shown.title)}${links}</figcaption>
</figure>
<script type="text/javascript">
(${interactiveSwap.toString()})(${JSON.stringify(elementId)}, ${JSON.stringify(plotlyScript)}, ${figureJson}, ${shown.height});
</script>`;
}

/** `file` relative to the working directory, as a URL path. */
function relativeUrl(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join("/");
}

interface PlotlyGlobal {
  newPlot(element: HTMLElement, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
}
type LoaderWindow = Window & { Plotly?: PlotlyGlobal; sobolevPlotly?: Record<string, Promise<PlotlyGlobal>> };

/**
 * Runs in the page (serialised with `toString`, so it must be self-contained ES2020 without imports). Loads
 * plotly.js once per page with a <script> element and draws the figure in place of its picture.
 *
 * plotly.js 3's bundle sets `window.Plotly` and never calls an AMD `define`, so the Classic Notebook's and
 * nbconvert's RequireJS does not interfere; a page that already has Plotly (e.g. from plotly.py) reuses it.
 */
function interactiveSwap(elementId: string, plotlyScript: string, figure: { data: unknown; layout: unknown }, height: number): void {
  const page = window as LoaderWindow;
  const url = new URL(plotlyScript, document.baseURI).href;
  const load = (): Promise<PlotlyGlobal> =>
    new Promise((resolve, reject) => {
      if (page.Plotly !== undefined) return resolve(page.Plotly);
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => (page.Plotly !== undefined ? resolve(page.Plotly) : reject(new Error(`${url} defined no Plotly`)));
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.appendChild(script);
    });
  page.sobolevPlotly = page.sobolevPlotly ?? {};
  const loading = (page.sobolevPlotly[url] = page.sobolevPlotly[url] ?? load());
  // The element may not be in the document yet when the notebook runs this script; it is by the time plotly loads.
  loading
    .then(async (Plotly) => {
      const outer = document.getElementById(elementId);
      const picture = outer?.querySelector("img");
      if (!outer || !picture) return;
      const plot = document.createElement("div");
      plot.style.width = "100%";
      plot.style.height = `${height}px`;
      outer.insertBefore(plot, picture);
      try {
        await Plotly.newPlot(plot, figure.data, figure.layout, { responsive: true });
        picture.remove();
      } catch (error) {
        plot.remove();
        throw error;
      }
    })
    .catch((error: unknown) => console.warn(`figure ${elementId} stays a static picture:`, error));
}
