/**
 * Section 3.1's Figure 1 (paper line 177): SGD on the empirical L2 (dashed) and H1 (solid) losses of one ReLU
 * node, on log-log axes against epochs. (a) ‖w − w*‖² for each learning rate, (b) the condition number of the
 * Hessian of the empirical loss during training, (c) ‖w − w*‖² for each batch size, (d) as (b) for (c)'s runs.
 * The paper draws (b) for learning rate 0.01 and (d) for batch size 64 only, saying the other configurations
 * vary little; we draw every run of the sweep, in (a)'s and (c)'s colours, so that statement can be seen, and
 * add in grey κ of Theorem 2.5's eq. (2) population matrices at the current w for the paper's configuration.
 * `section31LossFigure` draws the earlier version's loss panels (its Figure 2 (a), (c): the L2 loss).
 */
import type { Section31Config, Section31Curve, Section31Point, Section31Results } from "../experiments/section3_1.js";
import { LOSS_DASH, PARAMETER_COLORS, SECOND_PARAMETER_COLORS, legendBelow, legendRight, logAxis, panelLetter, panelTitle, type FigureSpec, type PlotlyTrace, type TidyRow } from "../plot/index.js";

/** Grey for Theorem 2.5's population κ, a reference beside the measured curves. */
const GREY = "#7f7f7f";

type Quantity = "error" | "condition number, empirical Hessian" | "condition number, Thm 2.5 eq. (2)" | "L2 loss";
const VALUE: Record<Quantity, (p: Section31Point) => number> = {
  error: (p) => p.error,
  "condition number, empirical Hessian": (p) => p.conditionEmpirical,
  "condition number, Thm 2.5 eq. (2)": (p) => p.conditionPopulation,
  "L2 loss": (p) => p.lossL2,
};

interface Series {
  panel: string;
  axes: { xaxis: string; yaxis: string };
  quantity: Quantity;
  curve: Section31Curve;
  color: string;
  name: string;
  showlegend: boolean;
  /** "legend" (the learning-rate sweep, beside the top row) or "legend2" (the batch sweep, beside the bottom row). */
  legend: "legend" | "legend2";
}

/** The curves of the learning-rate sweep (at config.batchSize) and of the batch-size sweep (at config.batchLearningRate). */
function sweeps(config: Section31Config, results: Section31Results) {
  const lr = results.curves.filter((c) => c.batchSize === config.batchSize && config.learningRates.includes(c.learningRate));
  const batch = results.curves.filter((c) => c.learningRate === config.batchLearningRate && config.batchSizes.includes(c.batchSize));
  // Learning rates and batch sizes get disjoint colours, and neither uses a loss colour (the dash tells the loss).
  const lrColor = (c: Section31Curve) => PARAMETER_COLORS[config.learningRates.indexOf(c.learningRate) % PARAMETER_COLORS.length];
  const batchColor = (c: Section31Curve) => SECOND_PARAMETER_COLORS[config.batchSizes.indexOf(c.batchSize) % SECOND_PARAMETER_COLORS.length];
  return { lr, batch, lrColor, batchColor };
}

function build(series: Series[], id: string, title: string, layout: Record<string, unknown>): FigureSpec {
  const traces: PlotlyTrace[] = [];
  const data: TidyRow[] = [];
  for (const s of series) {
    const points = s.curve.points.filter((p) => p.step > 0);
    traces.push({
      type: "scatter", mode: "lines", name: s.name, legendgroup: s.name, showlegend: s.showlegend, legend: s.legend,
      x: points.map((p) => p.epoch), y: points.map(VALUE[s.quantity]),
      line: { color: s.color, dash: LOSS_DASH[s.curve.loss === "L2" ? "L2" : "H1"], width: s.color === GREY ? 1.5 : 2 },
      xaxis: s.axes.xaxis, yaxis: s.axes.yaxis,
    });
    for (const p of points) {
      data.push({ panel: s.panel, quantity: s.quantity, loss: s.curve.loss, learningRate: s.curve.learningRate, batchSize: s.curve.batchSize, step: p.step, epoch: p.epoch, value: VALUE[s.quantity](p) });
    }
  }
  // Each y axis labelled by decades only where its values span more than one (logAxis).
  const axes: Record<string, unknown> = {};
  for (const yaxis of new Set(series.map((s) => s.axes.yaxis))) {
    const key = yaxis.replace("y", "yaxis");
    const values = series.filter((s) => s.axes.yaxis === yaxis).flatMap((s) => s.curve.points.filter((p) => p.step > 0).map(VALUE[s.quantity]));
    axes[key] = { ...(layout[key] as Record<string, unknown>), ...logAxis(values) };
  }
  return { id, title, traces, data, width: 1100, height: 820, layout: { legend: legendRight({ font: { size: 11 } }), ...layout, ...axes } };
}

const GRID = [
  { xaxis: "x", yaxis: "y", xDomain: [0, 0.45], yDomain: [0.58, 1] },
  { xaxis: "x2", yaxis: "y2", xDomain: [0.55, 1], yDomain: [0.58, 1] },
  { xaxis: "x3", yaxis: "y3", xDomain: [0, 0.45], yDomain: [0, 0.42] },
  { xaxis: "x4", yaxis: "y4", xDomain: [0.55, 1], yDomain: [0, 0.42] },
];

/**
 * Log-log axes of the 2 x 2 grid, x titled under each panel; each panel's title, with its paper letter, is an
 * annotation above it (whole decades on both axes: the values span several, so 2 and 5 labels would crowd).
 */
function gridLayout(titles: readonly { x: string; y: string; panel: string }[], letters = titles.map((_, k) => panelLetter(k))): Record<string, unknown> {
  const layout: Record<string, unknown> = { annotations: [] as unknown[] };
  titles.forEach((t, k) => {
    const g = GRID[k];
    layout[g.xaxis.replace("x", "xaxis")] = { type: "log", domain: g.xDomain, anchor: g.yaxis, title: t.x, exponentformat: "power", dtick: 1 };
    layout[g.yaxis.replace("y", "yaxis")] = { type: "log", domain: g.yDomain, anchor: g.xaxis, title: t.y, exponentformat: "power" };
    (layout.annotations as unknown[]).push(panelTitle(t.panel, (g.xDomain[0] + g.xDomain[1]) / 2, g.yDomain[1], letters[k]));
  });
  return layout;
}

const label = (c: Section31Curve, by: "lr" | "batch") => `${c.loss}, ${by === "lr" ? `lr ${c.learningRate}` : `batch ${c.batchSize}`}`;

/** Figure 1 (a)-(d) (module comment). */
export function section31Figure(config: Section31Config, results: Section31Results, id = "fig1", title = "Figure 1: SGD on the empirical L2 (dashed) and H1 (solid) losses, one ReLU node"): FigureSpec {
  const { lr, batch, lrColor, batchColor } = sweeps(config, results);
  const empirical: Quantity = "condition number, empirical Hessian";
  const population: Quantity = "condition number, Thm 2.5 eq. (2)";
  const paperRun = (c: Section31Curve) => c.learningRate === config.batchLearningRate && c.batchSize === config.batchSize;
  const series: Series[] = [
    ...lr.map((c) => ({ panel: "a", axes: GRID[0], quantity: "error" as const, curve: c, color: lrColor(c), name: label(c, "lr"), showlegend: true, legend: "legend" as const })),
    ...lr.map((c) => ({ panel: "b", axes: GRID[1], quantity: empirical, curve: c, color: lrColor(c), name: label(c, "lr"), showlegend: false, legend: "legend" as const })),
    ...lr.filter(paperRun).map((c) => ({ panel: "b", axes: GRID[1], quantity: population, curve: c, color: GREY, name: `${c.loss}, Thm 2.5 eq. (2) at w`, showlegend: true, legend: "legend" as const })),
    ...batch.map((c) => ({ panel: "c", axes: GRID[2], quantity: "error" as const, curve: c, color: batchColor(c), name: label(c, "batch"), showlegend: true, legend: "legend2" as const })),
    ...batch.map((c) => ({ panel: "d", axes: GRID[3], quantity: empirical, curve: c, color: batchColor(c), name: label(c, "batch"), showlegend: false, legend: "legend2" as const })),
    ...batch.filter(paperRun).map((c) => ({ panel: "d", axes: GRID[3], quantity: population, curve: c, color: GREY, name: `${c.loss}, Thm 2.5 eq. (2) at w `, showlegend: true, legend: "legend2" as const })),
  ];
  const epochs = "epoch (SGD steps × B / N)";
  const layout = gridLayout([
    { x: epochs, y: "‖w − w*‖²", panel: `errors by learning rate (batch ${config.batchSize})` },
    { x: epochs, y: "κ of the Hessian", panel: `condition number by learning rate (batch ${config.batchSize})` },
    { x: epochs, y: "‖w − w*‖²", panel: `errors by batch size (lr ${config.batchLearningRate})` },
    { x: epochs, y: "κ of the Hessian", panel: `condition number by batch size (lr ${config.batchLearningRate})` },
  ]);
  // One legend per sweep, beside its row: the two sweeps' colours mean different things.
  layout.legend = legendRight({ font: { size: 11 }, y: GRID[0].yDomain[1], title: { text: "learning rate sweep" } });
  layout.legend2 = legendRight({ font: { size: 11 }, y: GRID[2].yDomain[1], title: { text: "batch size sweep" } });
  return build(series, id, title, layout);
}

/** The earlier version's loss panels: the L2 loss (1/2N) Σ (g − g*)² for each learning rate and batch size. */
export function section31LossFigure(config: Section31Config, results: Section31Results, id = "fig1-loss", title = "Earlier version, Figure 2 (a), (c): the L2 loss during SGD, L2 (dashed) and H1 (solid) training"): FigureSpec {
  const { lr, batch, lrColor, batchColor } = sweeps(config, results);
  const series: Series[] = [
    ...lr.map((c) => ({ panel: "a", axes: GRID[0], quantity: "L2 loss" as const, curve: c, color: lrColor(c), name: label(c, "lr"), showlegend: true, legend: "legend" as const })),
    ...batch.map((c) => ({ panel: "c", axes: GRID[1], quantity: "L2 loss" as const, curve: c, color: batchColor(c), name: label(c, "batch"), showlegend: true, legend: "legend2" as const })),
  ];
  const layout = gridLayout([
    { x: "epoch", y: "(1/2N) Σ (g − g*)²", panel: `loss by learning rate (batch ${config.batchSize})` },
    { x: "epoch", y: "(1/2N) Σ (g − g*)²", panel: `loss by batch size (lr ${config.batchLearningRate})` },
  ], ["(a)", "(c)"]);
  for (const axis of ["yaxis", "yaxis2"]) (layout[axis] as { domain: number[] }).domain = [0, 0.9];
  for (const annotation of layout.annotations as Array<{ y: number }>) annotation.y = 0.9;
  // One legend per sweep, stacked right of the panels, each titled by its panel: the colours of the two sweeps mean
  // different things, and two horizontal legends below ran into each other.
  layout.legend = legendRight({ font: { size: 11 }, y: 0.9, title: { text: "(a) learning rate" } });
  layout.legend2 = legendRight({ font: { size: 11 }, y: 0.36, title: { text: "(c) batch size" } });
  return { ...build(series, id, title, layout), height: 680 };
}
