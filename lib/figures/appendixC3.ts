/**
 * Figure 8 of the paper (Appendix C.3): the ResNet-18 autoencoder's test error against epochs, L² dashed and H¹
 * solid (band: spread over seeds), next to test images and their L² and H¹ reconstructions. The CSV holds the
 * curves (plot = "test error") and every pixel value of the images (plot = "images"; channels interleaved).
 */
import type { ErrorCurveRow } from "../experiments/curves.js";
import { legendBelow, logAxis, type FigureSpec, type PlotlyTrace, type TidyRow } from "../plot/index.js";
import { lossCurveTraces } from "./errorCurves.js";
import { imageAxes, imageTrace, pixelRows } from "./imageGrid.js";

export interface Figure8Data {
  readonly curves: readonly ErrorCurveRow[];
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly originals: readonly (readonly number[])[];
  readonly l2: readonly (readonly number[])[];
  readonly h1: readonly (readonly number[])[];
}

/** Figure 8 (module comment). */
export function figure8(input: Figure8Data, id: string, title: string): FigureSpec {
  const traces: PlotlyTrace[] = [];
  for (const series of ["L2", "H1"]) if (!input.curves.some((r) => r.series === series)) throw new Error(`figure8 (${id}): no ${series} curve`);
  traces.push(...lossCurveTraces(input.curves, "x", "y", true));
  const layout: Record<string, unknown> = {
    legend: legendBelow(),
    xaxis: { domain: [0, 0.34], title: "epoch" },
    yaxis: { domain: [0, 1], ...logAxis(input.curves.flatMap((r) => [r.min, r.max, r.mean])), title: "test MSE" },
    annotations: [] as unknown[],
  };
  const data: TidyRow[] = input.curves.map((r) => ({ plot: "test error", ...r }));
  const columns = Math.ceil(Math.sqrt(input.originals.length));
  const panels = [["test images", input.originals], ["L² reconstructions", input.l2], ["H¹ reconstructions", input.h1]] as const;
  panels.forEach(([name, images], k) => {
    const [xName, yName] = [`x${k + 2}`, `y${k + 2}`];
    const x0 = 0.4 + k * 0.2;
    traces.push(imageTrace(images, input.height, input.width, input.channels, columns, xName, yName, name));
    Object.assign(layout, imageAxes([x0, x0 + 0.18], [0, 1], xName, yName));
    (layout.annotations as unknown[]).push({ text: name, xref: "paper", yref: "paper", x: x0 + 0.09, y: 1, xanchor: "center", yanchor: "bottom", showarrow: false });
    data.push(...pixelRows(images, input.width * input.channels, { plot: "images", panel: name }));
  });
  return { id, title, traces, layout, data, width: 1150, height: 420 };
}
