/**
 * Figure 4 of the paper (Section 3.3, caption line 226): one row per noise (ε1 above ε2). The first column is
 * the test error against epochs, L² dashed and H¹ solid, under the amplified test noise (thick) and under the
 * training noise (thin, pale, in the same dash), with the spread over seeds as a band; the next four columns are test digits:
 * clean, noisy (amplified test noise), and denoised by the L²- and the H¹-trained autoencoder.
 * The CSV holds the curves (plot = "test error") and every pixel of the grids (plot = "digits").
 */
import type { ErrorCurveRow } from "../experiments/curves.js";
import { legendBelow, logAxis, type FigureSpec, type PlotlyTrace, type TidyRow } from "../plot/index.js";
import { lossCurveTraces } from "./errorCurves.js";
import { grayscaleHeatmap, imageAxes, pixelRows, tileImages } from "./imageGrid.js";

/** One row of Figure 4. */
export interface Figure4Row {
  /** e.g. "ε1 ~ N(0, 1)" */
  readonly noise: string;
  /** Curves with series such as "L2", "H1", "L2 (training noise)", "H1 (training noise)". */
  readonly curves: readonly ErrorCurveRow[];
  readonly height: number;
  readonly width: number;
  readonly clean: readonly (readonly number[])[];
  readonly noisy: readonly (readonly number[])[];
  readonly l2: readonly (readonly number[])[];
  readonly h1: readonly (readonly number[])[];
}

const IMAGE_COLUMNS = ["clean", "noisy", "L2", "H1"] as const;
/** Share of the page's width taken by the error panel. */
const CURVE_SHARE = 0.34;
const GAP = 0.02;
/** Vertical gap between the noise rows, room for the epoch axis title and the next row's title. */
const ROW_GAP = 0.16;

/** Figure 4 (module comment). */
export function figure4(rows: readonly Figure4Row[], id: string, title: string): FigureSpec {
  if (rows.length === 0) throw new Error(`figure4 (${id}): no rows to draw`);
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = { legend: legendBelow(), annotations: [] as unknown[] };
  const data: TidyRow[] = [];
  const rowHeight = (1 - ROW_GAP * (rows.length - 1)) / rows.length;
  const imageWidth = (1 - CURVE_SHARE - GAP * IMAGE_COLUMNS.length) / IMAGE_COLUMNS.length;
  let axis = 0;
  const nextAxes = (): [string, string] => {
    axis++;
    const suffix = axis === 1 ? "" : String(axis);
    return [`x${suffix}`, `y${suffix}`];
  };
  rows.forEach((row, r) => {
    const y1 = 1 - r * (rowHeight + ROW_GAP);
    const domainY: [number, number] = [y1 - rowHeight, y1];
    const [cx, cy] = nextAxes();
    traces.push(...lossCurveTraces(row.curves, cx, cy, r === 0));
    layout[`xaxis${cx.slice(1)}`] = { domain: [0, CURVE_SHARE - 0.06], anchor: cy, title: "epoch" };
    layout[`yaxis${cy.slice(1)}`] = { domain: domainY, anchor: cx, ...logAxis(row.curves.flatMap((c) => [c.min, c.max, c.mean])), title: "test MSE" };
    (layout.annotations as unknown[]).push({ text: `<b>${row.noise}</b>`, xref: "paper", yref: "paper", x: 0, y: y1, xanchor: "left", yanchor: "bottom", showarrow: false });
    data.push(...row.curves.map((c) => ({ plot: "test error", noise: row.noise, ...c })));
    const images = { clean: row.clean, noisy: row.noisy, L2: row.l2, H1: row.h1 };
    const columns = Math.ceil(Math.sqrt(row.clean.length));
    IMAGE_COLUMNS.forEach((name, c) => {
      const [ix, iy] = nextAxes();
      const x0 = CURVE_SHARE + GAP + c * (imageWidth + GAP);
      traces.push(grayscaleHeatmap(tileImages(images[name], row.height, row.width, columns), ix, iy, `${row.noise}: ${name}`));
      Object.assign(layout, imageAxes([x0, x0 + imageWidth], domainY, ix, iy));
      if (r === 0) (layout.annotations as unknown[]).push({ text: name === "L2" ? "L² output" : name === "H1" ? "H¹ output" : name, xref: "paper", yref: "paper", x: x0 + imageWidth / 2, y: 1, xanchor: "center", yanchor: "bottom", showarrow: false });
      data.push(...pixelRows(images[name], row.width, { plot: "digits", noise: row.noise, panel: name }));
    });
  });
  return { id, title, traces, layout, data, width: 1150, height: 330 * rows.length + 120 };
}
