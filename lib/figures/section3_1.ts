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
import type { FigureSpec, PlotlyTrace, TidyRow } from "../plot/index.js";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
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
}

/** The curves of the learning-rate sweep (at config.batchSize) and of the batch-size sweep (at config.batchLearningRate). */
function sweeps(config: Section31Config, results: Section31Results) {
  const lr = results.curves.filter((c) => c.batchSize === config.batchSize && config.learningRates.includes(c.learningRate));
  const batch = results.curves.filter((c) => c.learningRate === config.batchLearningRate && config.batchSizes.includes(c.batchSize));
  const lrColor = (c: Section31Curve) => COLORS[config.learningRates.indexOf(c.learningRate) % COLORS.length];
  const batchColor = (c: Section31Curve) => COLORS[config.batchSizes.indexOf(c.batchSize) % COLORS.length];
  return { lr, batch, lrColor, batchColor };
}

function build(series: Series[], id: string, title: string, layout: Record<string, unknown>): FigureSpec {
  const traces: PlotlyTrace[] = [];
  const data: TidyRow[] = [];
  for (const s of series) {
    const points = s.curve.points.filter((p) => p.step > 0);
    traces.push({
      type: "scatter", mode: "lines", name: s.name, legendgroup: s.name, showlegend: s.showlegend,
      x: points.map((p) => p.epoch), y: points.map(VALUE[s.quantity]),
      line: { color: s.color, dash: s.curve.loss === "L2" ? "dash" : "solid", width: s.color === GREY ? 1.5 : 2 },
      xaxis: s.axes.xaxis, yaxis: s.axes.yaxis,
    });
    for (const p of points) {
      data.push({ panel: s.panel, quantity: s.quantity, loss: s.curve.loss, learningRate: s.curve.learningRate, batchSize: s.curve.batchSize, step: p.step, epoch: p.epoch, value: VALUE[s.quantity](p) });
    }
  }
  return { id, title, traces, data, width: 1100, height: 820, layout: { legend: { font: { size: 10 } }, ...layout } };
}

const GRID = [
  { xaxis: "x", yaxis: "y", xDomain: [0, 0.45], yDomain: [0.58, 1] },
  { xaxis: "x2", yaxis: "y2", xDomain: [0.55, 1], yDomain: [0.58, 1] },
  { xaxis: "x3", yaxis: "y3", xDomain: [0, 0.45], yDomain: [0, 0.42] },
  { xaxis: "x4", yaxis: "y4", xDomain: [0.55, 1], yDomain: [0, 0.42] },
];

function gridLayout(titles: readonly { x: string; y: string }[]): Record<string, unknown> {
  const layout: Record<string, unknown> = {};
  titles.forEach((t, k) => {
    const g = GRID[k];
    layout[g.xaxis.replace("x", "xaxis")] = { type: "log", domain: g.xDomain, anchor: g.yaxis, title: t.x, exponentformat: "power" };
    layout[g.yaxis.replace("y", "yaxis")] = { type: "log", domain: g.yDomain, anchor: g.xaxis, title: t.y, exponentformat: "power" };
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
    ...lr.map((c) => ({ panel: "a", axes: GRID[0], quantity: "error" as const, curve: c, color: lrColor(c), name: label(c, "lr"), showlegend: true })),
    ...lr.map((c) => ({ panel: "b", axes: GRID[1], quantity: empirical, curve: c, color: lrColor(c), name: label(c, "lr"), showlegend: false })),
    ...lr.filter(paperRun).map((c) => ({ panel: "b", axes: GRID[1], quantity: population, curve: c, color: GREY, name: `${c.loss}, Thm 2.5 eq. (2) at w`, showlegend: true })),
    ...batch.map((c) => ({ panel: "c", axes: GRID[2], quantity: "error" as const, curve: c, color: batchColor(c), name: label(c, "batch"), showlegend: true })),
    ...batch.map((c) => ({ panel: "d", axes: GRID[3], quantity: empirical, curve: c, color: batchColor(c), name: label(c, "batch"), showlegend: false })),
    ...batch.filter(paperRun).map((c) => ({ panel: "d", axes: GRID[3], quantity: population, curve: c, color: GREY, name: `${c.loss}, Thm 2.5 eq. (2) at w`, showlegend: false })),
  ];
  const epochs = "epoch (SGD steps × B / N)";
  return build(series, id, title, gridLayout([
    { x: `${epochs}; (a) batch ${config.batchSize}`, y: "‖w − w*‖²" },
    { x: `${epochs}; (b) batch ${config.batchSize}`, y: "κ of the Hessian" },
    { x: `${epochs}; (c) lr ${config.batchLearningRate}`, y: "‖w − w*‖²" },
    { x: `${epochs}; (d) lr ${config.batchLearningRate}`, y: "κ of the Hessian" },
  ]));
}

/** The earlier version's loss panels: the L2 loss (1/2N) Σ (g − g*)² for each learning rate and batch size. */
export function section31LossFigure(config: Section31Config, results: Section31Results, id = "fig1-loss", title = "Earlier version, Figure 2 (a), (c): the L2 loss during SGD, L2 (dashed) and H1 (solid) training"): FigureSpec {
  const { lr, batch, lrColor, batchColor } = sweeps(config, results);
  const series: Series[] = [
    ...lr.map((c) => ({ panel: "a", axes: GRID[0], quantity: "L2 loss" as const, curve: c, color: lrColor(c), name: label(c, "lr"), showlegend: true })),
    ...batch.map((c) => ({ panel: "c", axes: GRID[1], quantity: "L2 loss" as const, curve: c, color: batchColor(c), name: label(c, "batch"), showlegend: true })),
  ];
  const layout = gridLayout([
    { x: `epoch; batch ${config.batchSize}`, y: "(1/2N) Σ (g − g*)²" },
    { x: `epoch; lr ${config.batchLearningRate}`, y: "(1/2N) Σ (g − g*)²" },
  ]);
  for (const axis of ["yaxis", "yaxis2"]) (layout[axis] as { domain: number[] }).domain = [0, 1];
  layout.legend = { orientation: "h", y: -0.25, font: { size: 10 } };
  return { ...build(series, id, title, layout), height: 620 };
}
