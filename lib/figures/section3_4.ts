/**
 * Figure 5 of the paper (Section 3.4, line 230): left, the Fréchet distance of the diffusion model's samples to
 * real images against epochs, L² dashed and H¹ solid, with the distance of as many real images (the floor at that
 * sample size) dotted; centre and right, samples of the L²- and the H¹-trained models. The CSV holds the curves
 * (plot = "distance") and every pixel of the samples (plot = "samples").
 */
import type { ErrorCurveRow } from "../experiments/curves.js";
import { REFERENCE_COLOR, REFERENCE_DASH, legendBelow, logAxis, type FigureSpec, type PlotlyTrace, type TidyRow } from "../plot/index.js";
import { lossCurveTraces } from "./errorCurves.js";
import { imageAxes, imageTrace, pixelRows } from "./imageGrid.js";

export interface Figure5Data {
  /** Series "L2" and "H1" of the distance against epochs (members: seeds). */
  readonly curves: readonly ErrorCurveRow[];
  /** The distance of real images to the reference, drawn as a horizontal line. */
  readonly realFloor: number;
  /** The y-axis title, in words (e.g. "Fréchet distance (classifier features)"), not an identifier. */
  readonly metric: string;
  readonly height: number;
  readonly width: number;
  /** 1 (gray) or 3 (RGB), NHWC samples. */
  readonly channels: number;
  readonly l2Samples: readonly (readonly number[])[];
  readonly h1Samples: readonly (readonly number[])[];
}


/** Figure 5 (module comment). */
export function figure5(input: Figure5Data, id: string, title: string): FigureSpec {
  const traces: PlotlyTrace[] = [];
  const epochs = input.curves.map((r) => r.epoch);
  for (const series of ["L2", "H1"]) if (!input.curves.some((r) => r.series === series)) throw new Error(`figure5 (${id}): no ${series} curve`);
  traces.push(...lossCurveTraces(input.curves, "x", "y", true));
  traces.push({ type: "scatter", mode: "lines", name: "real digits", x: [Math.min(...epochs), Math.max(...epochs)], y: [input.realFloor, input.realFloor], line: { color: REFERENCE_COLOR, width: 1.5, dash: REFERENCE_DASH } });
  const columns = Math.ceil(Math.sqrt(input.l2Samples.length));
  const layout: Record<string, unknown> = {
    legend: legendBelow(),
    xaxis: { domain: [0, 0.36], title: "epoch" },
    yaxis: { domain: [0, 1], ...logAxis([...input.curves.flatMap((r) => [r.min, r.max, r.mean]), input.realFloor]), title: input.metric, ticks: "outside" },
    annotations: [] as unknown[],
  };
  const data: TidyRow[] = input.curves.map((r) => ({ plot: "distance", ...r }));
  data.push({ plot: "distance", series: "real digits", mean: input.realFloor });
  ([["L2", input.l2Samples, [0.42, 0.7]], ["H1", input.h1Samples, [0.72, 1]]] as const).forEach(([loss, samples, domain], k) => {
    const [xName, yName] = [`x${k + 2}`, `y${k + 2}`];
    traces.push(imageTrace(samples, input.height, input.width, input.channels, columns, xName, yName, `${loss} samples`));
    Object.assign(layout, imageAxes([domain[0], domain[1]], [0, 1], xName, yName));
    (layout.annotations as unknown[]).push({ text: `${loss === "L2" ? "L²" : "H¹"} samples`, xref: "paper", yref: "paper", x: (domain[0] + domain[1]) / 2, y: 1, xanchor: "center", yanchor: "bottom", showarrow: false });
    data.push(...pixelRows(samples, input.width * input.channels, { plot: "samples", loss }));
  });
  return { id, title, traces, layout, data, width: 1150, height: 430 };
}
