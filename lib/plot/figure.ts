/**
 * `showFigure`: the one way a notebook shows a figure and exports it to figures/.
 *
 * Writes figures/<id>.svg, .png (static images), .csv (the tidy data) and .html (interactive, loading the shared
 * figures/plotly.min.js), then shows one notebook output that every Jupyter front end renders, trusted or not
 * (notebookFigure.ts).
 *
 * Images first, then files: the SVG and PNG are rendered before anything is written, so a missing or broken
 * Chromium (or a figure plotly cannot draw) stops the call with the fix in the message and leaves no half-exported
 * figure behind: a CSV and HTML page without their picture would look exported to `make figures` and to git.
 * Each file is written atomically (temporary file, then rename), so none is ever seen half-written.
 */
import path from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { profileFiguresDir } from "../paths.js";
import { renderFigureImages } from "./browser.js";
import { stableSvg } from "./stableSvg.js";
import { toCsv } from "./csv.js";
import { assertFigureId } from "./figureId.js";
import { interactiveFigureHtml } from "./html.js";
import { filesSummary, relativeToCwd, withOneLineInspect } from "./exportedFiles.js";
import { displayMimeBundle } from "./notebookDisplay.js";
import { notebookFigureBundle } from "./notebookFigure.js";
import { ensurePlotlyBundle } from "./plotlyBundle.js";
import { plotlyFigure } from "./plotlyFigure.js";
import type { FigureFiles, FigureSpec, PlotlyFigure } from "./spec.js";
import { legendRowsBelow, wrapTitle } from "./style.js";

export const DEFAULT_FIGURE_WIDTH = 900;
export const DEFAULT_FIGURE_HEIGHT = 500;
/** Device pixels per CSS pixel of the PNG: sharp on high-density screens and in print. */
export const PNG_SCALE = 2;

/**
 * Exports `spec` to figures/<id>.{svg,png,csv,html} and shows it in the notebook (outside a notebook: prints one
 * line naming the files).
 *
 * @returns the paths written
 */
export async function showFigure(spec: FigureSpec): Promise<FigureFiles> {
  assertFigureSpec(spec);
  const width = spec.width ?? DEFAULT_FIGURE_WIDTH;
  const height = spec.height ?? DEFAULT_FIGURE_HEIGHT;
  const figure = reserveLegendRoom(fitTitle(plotlyFigure(spec.traces, spec.layout, spec.title), width), width);
  let images;
  try {
    const rendered = await renderFigureImages(figure, { width, height, scale: PNG_SCALE });
    images = { ...rendered, svg: stableSvg(rendered.svg, spec.id) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`showFigure(${spec.id}): nothing was written; ${reason}`, { cause: error });
  }

  const directory = profileFiguresDir();
  const files: FigureFiles = {
    svg: path.join(directory, `${spec.id}.svg`),
    png: path.join(directory, `${spec.id}.png`),
    csv: path.join(directory, `${spec.id}.csv`),
    html: path.join(directory, `${spec.id}.html`),
  };
  writeFileAtomic(files.csv, toCsv(spec.data));
  writeFileAtomic(files.svg, images.svg);
  writeFileAtomic(files.png, images.png);
  ensurePlotlyBundle(directory);
  writeFileAtomic(files.html, interactiveFigureHtml(spec.id, spec.title, figure));

  const shown: FigureFiles = {
    svg: relativeToCwd(files.svg),
    png: relativeToCwd(files.png),
    csv: relativeToCwd(files.csv),
    html: relativeToCwd(files.html),
  };
  const written = filesSummary(directory, spec.id, ["svg", "png", "csv", "html"]);
  // Links to the committed files only: figures/<id>.html is generated and git-ignored, so a clone has none.
  const links = { SVG: shown.svg, PNG: shown.png, "data (CSV)": shown.csv };
  const bundle = notebookFigureBundle({ id: spec.id, title: spec.title, figure, ...images, width, height, links });
  const displayed = displayMimeBundle(bundle.data, bundle.metadata);
  if (!displayed) console.log(`showFigure: wrote ${written}`);
  return withOneLineInspect(files, `FigureFiles ${written}`);
}

/**
 * The figure with its title wrapped to `width` (plotly cuts a long title off at both edges) and, when it wraps,
 * a top margin tall enough for its lines unless the layout sets one (with room under them for panel titles, which
 * sit up to 10 px above their panels, clear of a tick label at the panel's top: style.ts, `panelTitle`).
 */
export function fitTitle(figure: PlotlyFigure, width: number): PlotlyFigure {
  const title = figure.layout.title as { text?: string; font?: { size?: number } } | undefined;
  if (typeof title?.text !== "string") return figure;
  const fontSize = title.font?.size ?? 17;
  const text = wrapTitle(title.text, width, fontSize);
  const lines = text.split("<br>").length;
  const layout: Record<string, unknown> = { ...figure.layout, title: { ...title, text } };
  const margin = (layout.margin ?? {}) as Record<string, unknown>;
  if (lines > 1 && margin.t === undefined) layout.margin = { ...margin, t: 60 + Math.ceil(fontSize * 1.3) * lines };
  return { ...figure, layout };
}

/** Room under the plotting area for tick labels and an x-axis title, in pixels. */
const AXIS_TITLE_ROOM = 80;

/**
 * The figure with a bottom margin that holds both the x-axis titles and the legends anchored to the bottom of the
 * container (`legendBelow`): plotly does not grow the margin for such a legend, so without this it would be drawn
 * over the axis titles. A layout that sets `margin.b` is left as it is.
 */
export function reserveLegendRoom(figure: PlotlyFigure, width: number): PlotlyFigure {
  const margin = (figure.layout.margin ?? {}) as Record<string, unknown>;
  if (margin.b !== undefined) return figure;
  const rows = legendRowsBelow(figure.data, figure.layout, width);
  if (rows === 0) return figure;
  return { ...figure, layout: { ...figure.layout, margin: { ...margin, b: AXIS_TITLE_ROOM + 10 + rows * LEGEND_ROW_HEIGHT } } };
}

/** Height of one row of a horizontal legend at the default font, in pixels. */
const LEGEND_ROW_HEIGHT = 24;

function assertFigureSpec(spec: FigureSpec): void {
  if (typeof spec !== "object" || spec === null) throw new Error(`showFigure: expected a FigureSpec object, got ${spec}`);
  assertFigureId(spec.id, "showFigure");
  const fail = (what: string): never => {
    throw new Error(`showFigure(${spec.id}): ${what}`);
  };
  const isRecord = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value);
  if (typeof spec.title !== "string") fail(`title must be a string, got ${typeof spec.title}`);
  if (!Array.isArray(spec.traces)) fail(`traces must be an array of plotly traces, got ${typeof spec.traces}`);
  spec.traces.forEach((trace, index) => {
    if (!isRecord(trace)) fail(`traces[${index}] must be a plotly trace object, got ${JSON.stringify(trace)}`);
  });
  if (!Array.isArray(spec.data)) fail(`data must be an array of tidy rows (one per point), got ${typeof spec.data}`);
  spec.data.forEach((row, index) => {
    if (!isRecord(row)) fail(`data[${index}] must be an object, got ${JSON.stringify(row)}`);
    for (const [column, value] of Object.entries(row)) {
      if (value !== null && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        fail(`data[${index}].${column} must be a string, number, boolean or null, got ${typeof value}`);
      }
    }
  });
  for (const [name, size] of [["width", spec.width], ["height", spec.height]] as const) {
    if (size !== undefined && !(Number.isInteger(size) && size > 0)) fail(`${name} must be a positive integer, got ${size}`);
  }
}
